/*
 * What a dialect tells the shared rewriter: one const lw_dialect_rules per dialect,
 * made of tables, and hooks only where a table cannot say it. The shared walker
 * (walker.h), expression parser (expr.h), scopes (scope.h), arithmetic (arith.h), DDL
 * type mapping (ddl.h) and error wording (errors.h) read these tables and never test
 * which dialect they serve. The model is sqlglot's dialects (a shared tokenizer,
 * parser and generator; each dialect a small set of overridden tables), except that
 * what SQLite cannot honour is refused with 0A000, never approximated.
 *
 *   operators    precedence, how SQLite writes each (infix, a function, typed
 *                arithmetic, refused) or a hook for syntax of its own
 *   keywords     words that start an expression (ARRAY[...], INTERVAL '...')
 *   functions    name -> how the call is written: renamed, special syntax, refused,
 *                and the type of its result
 *   types        type names -> kinds; per kind its message name, cast and checks;
 *                SQLite declared types -> kinds; column DDL per kind (ddl.h)
 *   arithmetic   which operand kinds each arithmetic operator takes and how (arith.h)
 *   clauses      words inside a statement with a writer of their own (LIMIT, FETCH)
 *   statements   first words with a writer of their own (CREATE, SET, SHOW) or refused
 *   errors       SQLite's messages -> the server's SQLSTATE, errno and wording (a
 *                table of its own, errors.h, which the dialect's map_error hook reads)
 *   texts        the wording of the errors the shared layer itself raises
 *
 * Every table is a plain const array ended by an entry whose first field (its
 * spelling or name) is NULL; an entry's spelling is lower case (words) or the
 * operator's symbols. Lookups are linear: the tables are small and a statement is
 * translated once per connection (the translation is cached).
 */
#ifndef LW_SHIM_RULES_H
#define LW_SHIM_RULES_H

#include <stddef.h>

#include "dialect/dialect.h"
#include "dialect/literals.h"
#include "dialect/types.h"

typedef struct lw_walker lw_walker;
typedef struct lw_expr lw_expr;
typedef struct lw_call lw_call;
typedef struct lw_arith_rule lw_arith_rule;
typedef struct lw_column_rule lw_column_rule;
typedef struct lw_error_text lw_error_text;

/* ---- Operators ------------------------------------------------------------------- */

typedef enum lw_op_writing {
    LW_OP_INFIX = 1,  /* L op R as written */
    LW_OP_COMPARISON, /* L op R; op ANY/SOME/ALL (...) becomes [NOT] IN (...) */
    LW_OP_FUNCTION,   /* fn(L, R extra): the function is `text` */
    LW_OP_ARITHMETIC, /* typed arithmetic: the dialect's arithmetic rules (arith.h) */
    LW_OP_REFUSE,     /* refused with 0A000: `text` names what */
    LW_OP_HOOK,       /* `write` writes it */
} lw_op_writing;

#define LW_OPF_BOOL 0x01          /* the result is a boolean */
#define LW_OPF_SWAP 0x02          /* LW_OP_FUNCTION: fn(R, L) */
#define LW_OPF_NEGATE 0x04        /* LW_OP_FUNCTION: (NOT fn(...)) */
#define LW_OPF_POSTFIX 0x08       /* LW_OP_INFIX: no right operand (ISNULL) */
#define LW_OPF_TEXT_OPERANDS 0x10 /* numeric constants on either side keep their digits (||) */

/* Binds whatever the surrounding operator: postfix forms like :: and COLLATE. */
#define LW_BP_ALWAYS 1000

typedef struct lw_operator {
    const char *spelling; /* symbols ("||", "@>", "[", "?") or words ("not like") */
    int bp;               /* binding power: higher binds tighter; operands to the right
                             are read at bp + 1 (left associative) */
    lw_op_writing writing;
    const char *text;  /* LW_OP_FUNCTION: the SQLite function; LW_OP_REFUSE: what */
    const char *extra; /* LW_OP_FUNCTION: more arguments after the operands (", 'i'") */
    unsigned flags;    /* LW_OPF_* */
    lw_kind result;    /* LW_OP_INFIX: the result's kind */
    /* LW_OP_HOOK: the operator token is current and left was written from left->start;
     * the hook writes the rest and sets left's kind. */
    void (*write)(lw_walker *w, lw_expr *left, const struct lw_operator *op);
} lw_operator;

/* Prefix operators: how -x, +x, ~x, *, NOT are read. */
typedef enum lw_prefix_writing {
    LW_PREFIX_MINUS = 1, /* typed negation; a minus before a number is part of the constant */
    LW_PREFIX_KEEP,      /* written as is; the operand's kind passes through (+x, ~x) */
    LW_PREFIX_ALONE,     /* written as is, no operand (* in count(*)) */
} lw_prefix_writing;

typedef struct lw_prefix_operator {
    const char *spelling;
    lw_prefix_writing writing;
} lw_prefix_operator;

/* A word that starts an expression of its own (ARRAY[...], INTERVAL '1 day'). */
typedef struct lw_keyword_expr {
    const char *word;
    /* Writes the expression at the current word into *e. Returns 1 when it did, 0 when
     * the word is no such expression here (it is then a call or a column). NULL with
     * refused set: the word is refused with 0A000. */
    int (*parse)(lw_walker *w, lw_expr *e);
    int refused;
} lw_keyword_expr;

/* ---- Functions --------------------------------------------------------------------- */

#define LW_FN_REFUSE 0x001      /* refused: "the function name()" */
#define LW_FN_BOOL 0x002        /* the result is a boolean */
#define LW_FN_PASS_BOOL 0x004   /* boolean when every argument is (coalesce) */
#define LW_FN_JSON_ARGS 0x008   /* booleans go in as JSON true/false */
#define LW_FN_JSON_VALUES 0x010 /* exact numerics go in as JSON numbers, json values as JSON */
#define LW_FN_TEXT_ARGS 0x020   /* booleans as 't'/'f'; numeric constants keep digits */
#define LW_FN_ORDERED 0x040     /* ORDER BY inside the call: the ordered_aggregate hook */
#define LW_FN_COMMON_KIND 0x080 /* the result's kind is the arguments' common kind */
#define LW_FN_FIRST_KIND 0x100  /* the result's kind is the first argument's */
#define LW_FN_CHECKED_INT 0x200 /* an integer result is range-checked in its kind (abs) */
#define LW_FN_LITERALS_AS_RESULT                                                                   \
    0x400 /* quoted-string arguments are cast to the result's kind when it reads them              \
             (lw_kind_def.compare_literal): greatest(ts, '2024-01-01') */

/* The arguments whose kinds a call records (lw_call.kinds). */
#define LW_CALL_KINDS 8

/* A function call as the shared layer writes it (calls.c). */
struct lw_call {
    const char *name; /* lower case */
    size_t start;     /* output offset where the call begins */
    int n_args;
    lw_kind first;                /* the first argument's kind */
    int first_decimals;           /* its static scale (expr.h), -1: unknown */
    lw_kind common;               /* the arguments' common kind */
    int any_exact;                /* an argument is an exact numeric */
    int json_wrapped;             /* an argument was written json(...) (LW_FN_JSON_VALUES) */
    lw_kind kinds[LW_CALL_KINDS]; /* the kinds of the first arguments (booleans LW_K_BOOL) */
    size_t literal_from[LW_CALL_KINDS], literal_to[LW_CALL_KINDS]; /* quoted-string arguments */
    int n_literals;
    /* What a parse or type hook may say about the result besides its kind: its static
     * scale (-1: unknown), its collation and that collation's coercibility (expr.h). */
    int decimals;
    const char *collation;
    int coercibility;
    const char *spelled; /* the name as written (MariaDB's messages quote it so) */
};

typedef struct lw_function {
    const char *name;     /* lower case */
    const char *write_as; /* the SQLite function written instead, or NULL */
    unsigned flags;       /* LW_FN_* */
    lw_kind result;       /* the result's kind when it is fixed */
    /* Special call syntax (extract(f FROM x)): writes the call from its first
     * argument on (the name and '(' were consumed) and returns its kind. */
    lw_kind (*parse)(lw_walker *w, lw_call *call);
    /* The result's kind from the arguments; may set *rename to write another
     * function (numeric abs() is decimal_abs()) and call's decimals and collation. */
    lw_kind (*type)(lw_walker *w, lw_call *call, const char **rename);
    /* Written instead when the call is a window function (OVER) and an argument was
     * written json(...): SQLite's window functions lose the JSON subtype, so this
     * form reads its text argument as JSON text. NULL: the call keeps its name. */
    const char *window_json_as;
} lw_function;

/* ---- Clauses and statements ---------------------------------------------------------- */

/* A word (or words) with a writer of its own wherever it appears in a statement. */
typedef struct lw_clause {
    const char *spelling;
    void (*write)(lw_walker *w); /* the clause's first word is current */
} lw_clause;

/* A statement's first word with a writer of its own, or refused (write NULL). */
typedef struct lw_statement {
    const char *word;
    int (*write)(lw_walker *w); /* returns 0 or the walker's failure */
} lw_statement;

/* A relation of the server's catalog the dialect answers (information_schema.columns,
 * pg_indexes): written as a FROM item, it becomes the quoted name of the SQLite table
 * (an eponymous virtual table the dialect registers) that computes it. */
typedef struct lw_catalog_relation {
    const char *spelling; /* "information_schema.columns", "pg_indexes": lower case */
    const char *name;     /* the SQLite table it is written as */
} lw_catalog_relation;

/* ---- Dialects with lexical rules only (token_pass.c) ------------------------------------ */

/* Words refused wherever they stand (one or two words: "lock tables"), with the reason:
 * a printf format that may quote the first word (%.*s). */
typedef struct lw_refusal {
    const char *spelling;
    const char *message;
} lw_refusal;

/* ---- Errors ---------------------------------------------------------------------------- */

/* The wording of an error the shared layer raises. */
typedef struct lw_error_wording {
    const char *sqlstate;
    int mysql_errno;
    const char *format; /* printf formats of sqlite3_mprintf */
} lw_error_wording;

typedef struct lw_dialect_texts {
    const char *not_supported;     /* 0A000 for a refusal; %s names the construct */
    lw_error_wording too_deep;     /* nesting past LW_WALK_MAX_DEPTH */
    lw_error_wording no_operator;  /* an operator the operand kinds do not have:
                                      %s%s%s %s = left kind, " ", operator, right kind */
    lw_error_wording not_unique;   /* an operator the operand kinds have twice
                                      (LW_ARITH_NOT_UNIQUE): %s %s %s as no_operator */
    lw_error_wording syntax_near;  /* %.*s: the token */
    lw_error_wording column_names; /* a derived table's column alias list names more
                                      columns than its query has: %.*s the alias, %d
                                      the columns available, %d the names */
} lw_dialect_texts;

/* ---- The rules ------------------------------------------------------------------------- */

/* How unquoted identifiers fold. */
typedef enum lw_fold { LW_FOLD_NONE = 0, LW_FOLD_LOWER, LW_FOLD_UPPER } lw_fold;

/* Adjacent string constants. */
typedef enum lw_adjacent_strings {
    LW_ADJACENT_NEVER = 0, /* 'a' 'b' is an error */
    LW_ADJACENT_NEWLINE,   /* joined when a newline separates them (standard SQL) */
} lw_adjacent_strings;

/* A column a value is stored into (INSERT's VALUES and SELECT, UPDATE's SET): names as
 * the schema spells them, the SQLite declared type, the 1-based row of an INSERT's
 * VALUES (0: not known, INSERT ... SELECT and UPDATE) and the value's position in it. */
typedef struct lw_assign_target {
    const char *table;
    const char *column;
    const char *declared;
    int row;
    int index; /* the value's position in its VALUES row (0-based) */
} lw_assign_target;

typedef struct lw_dialect_rules {
    lw_fold fold;
    const lw_dialect_texts *texts;

    /* Lexical. */
    const lw_escape_rules *escapes; /* of escape strings (E'' in PostgreSQL) */
    lw_adjacent_strings adjacent_strings;
    const lw_number_rules *numbers;

    /* Expressions. */
    const lw_operator *operators;
    int other_operator_bp; /* an operator symbol the table lacks binds this tight and is
                              refused ("the operator ~~~") */
    const lw_prefix_operator *prefix_operators;
    int not_bp;   /* NOT's operand */
    int unary_bp; /* the operand of a prefix operator */
    const lw_keyword_expr *keywords;
    const char *const *clause_words; /* words that end an expression (NULL-terminated) */
    /* A primary expression the dialect reads before the shared parser looks at it:
     * forms no table can name (Oracle's '' as NULL, 1.5f, seq.NEXTVAL, PRIOR x, a scalar
     * subquery that must return one row). Returns 1 when it wrote the primary into *e
     * (e->start is set), 0 to let the shared parser read it. NULL: none. */
    int (*primary)(lw_walker *w, lw_expr *e);
    const char *const *expression_words; /* words the clause walk hands to the expression
                                            parser even without '(' after them */
    const lw_function *functions;
    /* A call with ORDER BY among its arguments (LW_FN_ORDERED): written from its
     * first argument on (name and '(' consumed); call->start is where it begins. */
    void (*ordered_aggregate)(lw_walker *w, const lw_call *call);

    /* Types. */
    const lw_type_name *type_names;
    const lw_kind_def *kinds; /* indexed by lw_kind, LW_K_COUNT entries */
    const lw_declared_type *declared;
    const char *cast_function; /* pg_cast(x, 'int4'): the explicit cast */
    /* The cast of an exact numeric to an integer kind (pg_cast_numeric(x, 'int4'):
     * PostgreSQL rounds a numeric half away from zero), or NULL: cast_function. */
    const char *exact_int_cast_function;
    const lw_arith_rule *arith;
    const lw_conversion *conversions; /* kind-to-kind conversions other than the cast
                                         function (lw_convert) */
    const lw_column_rule *columns;    /* column DDL per kind (ddl.h) */
    const char *assign_function;      /* pg_assign(x, 'int4'): a value stored in a column */
    /* The function that makes an exact numeric of a value: fn(x) for a constant or a
     * NUMERIC cast, fn(x, p, s) for NUMERIC(p, s) (lw_wrap_cast, lw_cast_literal, the
     * constants of a select list or VALUES query). NULL: decimal() of ext/decimal,
     * PostgreSQL's numeric. Oracle's writes its own canonical form (.5, 1.1). */
    const char *exact_cast_function;
    /* A value of kind `kind` written from output offset `start`, stored into column
     * col_tok (0: the column at position `index`) of the table at token position
     * table_tok, by INSERT VALUES, INSERT ... SELECT or UPDATE SET: the dialect wraps it
     * in what its server does on assignment (Oracle: NUMBER(p,s) rounding and
     * ORA-01438, VARCHAR2 lengths and ORA-12899, CHAR padding, text to DATE). NULL:
     * the shared rule (an exact numeric or a double stored into an integer column is
     * cast to the column's kind). */
    void (*assignment)(lw_walker *w, size_t start, lw_kind kind, size_t table_tok, size_t col_tok,
                       int index);
    const char *ddl_exec_function; /* pg_exec(sql): a table and its triggers in one call */

    /* Statements. */
    const lw_statement *statements;
    const lw_clause *clauses;
    const char *const *from_ends;           /* words that end a FROM list (NULL-terminated) */
    const char *const *join_condition_ends; /* words that end an ON condition */
    int nulls_sort_high; /* ORDER BY puts NULLs last ascending (written out for SQLite) */
    /* INSERT INTO t VALUES (...) without a column list may give fewer values than t has
     * columns: they go to its first columns, the others take their defaults
     * (PostgreSQL; the column list is written out for SQLite). */
    int insert_leading_columns;
    const lw_catalog_relation *catalog; /* the catalog relations FROM can name */
    /* SELECT DISTINCT ON (...): the words SELECT DISTINCT ON were read; the SELECT
     * was written from start. NULL: DISTINCT ON is left to SQLite (an error). */
    void (*distinct_on)(lw_walker *w, size_t start);
    /* A FROM item that is a function call (generate_series(...) AS t(x)). NULL:
     * written as it is. */
    void (*from_function)(lw_walker *w);
    /* A RETURNING item (the walker is on it): writes it and returns how many columns
     * it wrote (RETURNING * may write several), or 0 to write it as it is. */
    int (*returning_item)(lw_walker *w, int col);
    /* After the statement was written: a last look at the whole translation (the
     * identifier-case check). Returns 0 or a negative LW_E* code with the error set. */
    int (*finish)(lw_walker *w);

    /* Hooks of dialects whose values follow rules of their own (MySQL's). Each may be
     * NULL: the shared behaviour described with it stays. */
    /* (primary, above, is also MySQL's: variables, introducers, hexadecimal and bit
     * constants, prefix operators of its own.) */
    /* The dialect's static name of a collation SQLite reports for a column (its
     * collation table's entry), or NULL when the dialect gives it no meaning. NULL:
     * expressions carry no collation. */
    const char *(*intern_collation)(const char *sqlite_name);
    /* After a column reference of a table written from e->start (its kind and
     * collation set): what the dialect reads from the column's SQLite declared type
     * (MySQL: the static scale of a DECIMAL column). */
    void (*column)(lw_walker *w, lw_expr *e, const char *declared);
    /* After a comparison (= <> < <= > >=) was written: its left operand from
     * left->start to left_end, the operator, the right one from right->start. May
     * rewrite either (the server's conversions: a string compared with a number is a
     * number) or add COLLATE after the right operand (the collation the server compares
     * with, when SQLite would infer another). */
    void (*comparison)(lw_walker *w, lw_expr *left, size_t left_end, lw_expr *right);
    /* After an ORDER BY or GROUP BY item was written from e->start (its COLLATE). */
    void (*order_item)(lw_walker *w, lw_expr *e);
    /* CASE (expr.c). After the value of a WHEN of CASE x WHEN v was written from
     * value->start, x being base: may add COLLATE after it (the collation the server
     * compares x and v with). After a THEN or ELSE branch was read: merges its
     * collation into the CASE's own (e), as the server derives the result's collation
     * from its branches. NULL: SQLite's rules. */
    void (*case_when)(lw_walker *w, const lw_expr *base, lw_expr *value);
    void (*case_result)(lw_walker *w, lw_expr *e, const lw_expr *branch);
    /* After an item of the statement's own select list (not a subquery's) was written
     * from e->start, before its alias: the server's presentation of the value (an exact
     * numeric rounded to its static scale). */
    void (*result_item)(lw_walker *w, lw_expr *e);
    /* A value written from e->start stored into target: wraps it in the dialect's
     * conversion to the column's type. NULL: an exact numeric or a double going into an
     * integer column is cast (lw_assignment_cast's rule). */
    void (*assign)(lw_walker *w, const lw_expr *e, const lw_assign_target *target);
    /* Row `row` (from 1) of INSERT ... VALUES, its '(' written: the dialect may write
     * values of its own in front of the row's (MySQL's implicit defaults). NULL: none. */
    void (*insert_row)(lw_walker *w, int row);
    /* A scalar subquery (one column) in an expression, written from output offset
     * start: the dialect may wrap it (MySQL's check that it returns one row). */
    void (*scalar_subquery)(lw_walker *w, size_t start);
    /* The server's printed form of the expression made of tokens [from, to) (token
     * positions), for messages that quote it (MySQL's "BIGINT value is out of range in
     * '...'"); a new string (sqlite3_free) or NULL. */
    char *(*expression_text)(lw_walker *w, size_t from, size_t to);

    /* The token pass (token_pass.c), for dialects whose statements are not walked yet:
     * words refused wherever they stand, and a hook that looks at token *i and those
     * after it: returns 1 when it wrote them (*i moved to the last), 0 to go on, or a
     * negative LW_E* code with t->err filled. */
    const lw_refusal *refused_words;
    int (*token_hook)(lw_translation *t, size_t *i);
} lw_dialect_rules;

#endif
