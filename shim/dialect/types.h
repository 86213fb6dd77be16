/*
 * Types as the shared rewriter sees them (types.c): the kinds an expression can have,
 * a type as a statement writes it, the dialect's type names, and the exact numerics
 * every dialect shares.
 *
 * Kinds. An expression's kind is the server's type as far as the rewriter can tell:
 * from constants, casts, the declared types of columns, and known functions; the
 * operator and function tables decide on kinds, and arithmetic is written for its
 * operands' kinds (arith.h). LW_K_UNKNOWN is honest: the rewriter cannot tell (a
 * parameter, a subquery column) and the translation checks at run time. A dialect
 * that needs a kind the list lacks adds it here; the walker never switches on kinds.
 *
 * Exact numerics. A NUMERIC or DECIMAL value travels through SQLite as decimal text
 * with TEXT affinity and the DECIMAL collation (ext/decimal): its declared type is
 * NUMERIC_TEXT, so comparisons, sorting, grouping, min() and max() see a number and
 * no digit is lost. lw_exact_numeric_result() gives an expression that carrier.
 */
#ifndef LW_SHIM_TYPES_H
#define LW_SHIM_TYPES_H

#include <stddef.h>

typedef enum lw_kind {
    LW_K_UNKNOWN = 0,
    LW_K_INT2,
    LW_K_INT4,
    LW_K_INT8,
    LW_K_UINT8, /* MySQL's unsigned integers: arithmetic in 64 unsigned bits */
    LW_K_SERIAL2,
    LW_K_SERIAL4,
    LW_K_SERIAL8,
    LW_K_NUMERIC,
    LW_K_FLOAT,
    LW_K_TEXT,
    LW_K_VARCHAR,
    LW_K_BPCHAR,
    LW_K_BOOL,
    LW_K_BYTEA,
    LW_K_JSON,
    LW_K_JSONB,
    LW_K_UUID,
    LW_K_DATE,
    LW_K_TIMESTAMP,
    LW_K_TIMESTAMPTZ,
    LW_K_REGNAMESPACE, /* a schema's oid (PostgreSQL's regnamespace) */
    /* A time: PostgreSQL's time of day, MySQL's TIME (a duration of up to 838:59:59);
     * each dialect's tables say what it does. */
    LW_K_TIME,
    LW_K_TIMETZ,
    LW_K_INTERVAL,
    /* Oracle's INTERVAL YEAR TO MONTH, a type apart from its INTERVAL DAY TO SECOND
     * (LW_K_INTERVAL there): the two never compare or mix (ORA-00932). */
    LW_K_INTERVAL_YM,
    LW_K_NULL,            /* the constant NULL */
    LW_K_UNKNOWN_LITERAL, /* a quoted string, typed by where it goes */
    LW_K_COUNT
} lw_kind;

/* The fields of an interval qualifier (INTERVAL '1-2' YEAR TO MONTH, INTERVAL DAY TO
 * SECOND(3)): a set of these bits, from the first field to the last (PostgreSQL's
 * INTERVAL_MASK values, so its dialect can hand them on as they are). */
#define LW_FIELD_MONTH 0x0002
#define LW_FIELD_YEAR 0x0004
#define LW_FIELD_DAY 0x0008
#define LW_FIELD_HOUR 0x0400
#define LW_FIELD_MINUTE 0x0800
#define LW_FIELD_SECOND 0x1000

/* A type as a statement writes it: CAST(x AS numeric(10, 2)). */
typedef struct lw_sql_type {
    lw_kind kind;
    long long mod1, mod2; /* the modifiers, -1 when absent; an interval's precision is
                             mod1 and its qualifier's fields mod2 (LW_FIELD_*) */
    char name[48];        /* the dialect's name, for messages */
} lw_sql_type;

/* Flags of a type name (lw_type_name). */
#define LW_TYPE_REFUSE 0x01        /* the name is refused: `refusal` says what */
#define LW_TYPE_NO_MODIFIER 0x02   /* a modifier is refused: `refusal` says what */
#define LW_TYPE_DROP_MODIFIER 0x04 /* a modifier is read and dropped: float(24) */
#define LW_TYPE_FIELDS 0x08        /* an interval qualifier may follow: interval day to second */

/*
 * One type name of a dialect. The spelling is one or more lower-case words
 * ("double precision", "timestamp with time zone"); the longest spelling that
 * matches wins, so "timestamp with" can refuse what "timestamp with time zone" does
 * not cover.
 */
typedef struct lw_type_name {
    const char *spelling;
    lw_kind kind;
    unsigned flags;        /* LW_TYPE_* */
    long long default_mod; /* the first modifier when none is written (char is char(1)); 0: none */
    const char *refusal;   /* LW_TYPE_REFUSE, LW_TYPE_NO_MODIFIER: what is refused */
} lw_type_name;

/* What a dialect's kinds mean (lw_dialect_rules.kinds, indexed by kind): */
typedef struct lw_kind_def {
    const char *name;       /* the server's name of the kind, for its messages ("integer") */
    const char *cast;       /* the cast function's type argument (pg_cast(x, 'int4')), or NULL:
                               a cast to the kind is refused */
    const char *cast_sized; /* with a length modifier: pg_cast(x, 'varchar', 10); NULL: as cast */
    const char *int_check;  /* integer kinds: the function that range-checks a result in the
                               kind (pg_int4), written around integer arithmetic */
    int literal_cast;       /* a quoted string meeting this kind in arithmetic is cast to it */
    const char *equal_function; /* = and <> of a value of this kind are [NOT] fn(L, R) (jsonb
                                   compares as jsonb: [1.0] = [1]), or NULL: SQLite's = */
    /* The collation a value of this kind carries, written around every expression of
     * the kind that is no column (a column declares it), so that comparisons, ORDER BY,
     * DISTINCT, min() and max() order the values as the server does (PostgreSQL's
     * intervals: '1 mon' = '30 days'); NULL: none. */
    const char *collation;
    const char *negate;  /* unary minus: fn(x); NULL: the kind has none */
    int compare_literal; /* a quoted string compared with a value of this kind is cast to
                            it (a timestamptz is compared as an instant) */
    int rank;            /* kinds with a rank convert to a higher one when they meet in
                            a comparison, arithmetic or CASE (date < timestamp <
                            timestamptz); 0: none */
    /* A quoted string or an operand of unknown kind (a parameter) meeting a value of
     * this kind in + or - is read as this kind, except that in + it is read as
     * add_operand when that is set (timestamp + '1 day' adds an interval, timestamp -
     * '2024-01-01' subtracts a timestamp); LW_K_UNKNOWN: only quoted strings, as this
     * kind. */
    lw_kind add_operand;
} lw_kind_def;

/* A conversion of the dialect between two kinds that is more than its cast function
 * reading the text (timestamptz to date: the date in the session's time zone). */
typedef struct lw_conversion {
    lw_kind from, to;
    const char *function; /* fn(x) */
} lw_conversion;

/* The kinds of numeric constants (lw_dialect_rules.numbers). */
typedef struct lw_number_rules {
    lw_kind small;    /* an integer that fits 32 bits */
    lw_kind big;      /* one that fits 64 bits */
    lw_kind huge;     /* a longer one */
    lw_kind fraction; /* one with a fraction or an exponent */
} lw_number_rules;

/* A SQLite declared type (a column the dialect created) and the kind behind it. The
 * entry's words are compared with the declared type's first words, without regard to
 * case; the entry with the most words wins ("INT UNSIGNED" over "INT"). */
typedef struct lw_declared_type {
    const char *word;
    lw_kind kind;
} lw_declared_type;

/* Integer kinds (LW_K_UINT8 included). */
int lw_is_int_kind(lw_kind k);
int lw_is_text_kind(lw_kind k);
/* The common type of CASE branches or coalesce/greatest/least arguments, as
 * PostgreSQL unifies the numeric kinds (NULL and quoted strings take the other's). */
lw_kind lw_common_kind(lw_kind a, lw_kind b);

#endif
