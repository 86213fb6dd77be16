/*
 * The shared expression parser (expr.c): precedence climbing over the dialect's
 * operator table (rules.h), with the primaries every SQL dialect has (constants,
 * parameters, column references, parenthesized lists and subqueries, NOT, EXISTS,
 * CASE, CAST, TRUE/FALSE/NULL, function calls) and the dialect's own keyword
 * expressions. It writes SQLite SQL as it reads and returns what it knows of the
 * expression: where its output starts and its kind.
 *
 * How an operator is written is its table entry's business: infix as written, a
 * comparison (ANY/ALL become IN), a function of both operands (a ~ b is
 * regexp(b, a)), typed arithmetic (arith.h), refused, or a hook. Operators the table
 * lacks are refused at the dialect's other_operator_bp.
 */
#ifndef LW_SHIM_EXPR_H
#define LW_SHIM_EXPR_H

#include "dialect/walker.h"

/*
 * How strongly an expression holds its collation, the SQL standard's derivations with
 * MySQL's numbers (its COERCIBILITY() function returns them): where two operands'
 * collations differ, the lower number wins.
 */
enum {
    LW_COERCE_EXPLICIT = 0,  /* x COLLATE name */
    LW_COERCE_NONE = 1,      /* two different collations were mixed */
    LW_COERCE_IMPLICIT = 2,  /* a column, or what is computed from one */
    LW_COERCE_SYSCONST = 3,  /* a system constant: USER(), VERSION() */
    LW_COERCE_COERCIBLE = 4, /* a string constant */
    LW_COERCE_NUMERIC = 5,   /* a number or a temporal value */
    LW_COERCE_IGNORABLE = 6, /* NULL */
};

struct lw_expr {
    size_t start; /* output offset where the expression begins */
    int is_bool;
    lw_kind type;        /* its kind (LW_K_UNKNOWN: parameters, subqueries...) */
    int numeric_literal; /* a numeric constant written as is: 1.10, -2.5, 1e3 */
    /* A value of a dialect without an interval kind that only date arithmetic takes
     * (MySQL's INTERVAL expr unit): outside of it, refused. */
    int is_interval;
    size_t tok;   /* the token position where the expression starts */
    int decimals; /* an exact numeric's static scale (MySQL's decimals), -1: unknown */
    /* The collation its string value compares with (static storage or the dialect's
     * tables), NULL when none is known; its coercibility (LW_COERCE_*); and whether
     * SQLite applies that collation by itself (a column defined with it, or an explicit
     * COLLATE written after the expression), so that nothing needs writing. */
    const char *collation;
    int coercibility;
    int collation_seen;
    /* A row value, (a, b) or a subquery of several columns: its item count; else 0. */
    int row_items;
};

/* A new expression record for the expression starting at the current token. */
lw_expr lw_expr_here(const lw_walker *w);

/* An expression whose operators bind at least min_bp. An interval value (is_interval)
 * is refused: SQLite has none. */
lw_expr lw_parse_expr(lw_walker *w, int min_bp);
/* The same, where an interval value is taken (date arithmetic, a parenthesis). */
lw_expr lw_parse_operand(lw_walker *w, int min_bp);
/* A comma-separated list of expressions up to the closing parenthesis (consumed). */
void lw_expr_list(lw_walker *w);
/* The comma-separated expressions of an ARRAY[...] list up to its ']' (consumed, not
 * written): the '[' is behind. */
void lw_bracket_list(lw_walker *w);
/* A parenthesized query at the current token, walked to its parenthesis; returns its
 * type when it selects one column (a scalar subquery), else LW_K_UNKNOWN. */
lw_kind lw_subquery(lw_walker *w);
/* A column reference (a, t.a, s.t.a, t.*) at the current token, written as is;
 * returns the column's kind where the query's FROM items show it. */
lw_kind lw_column_reference(lw_walker *w);
/* lw_column_reference for an expression: e gets the column's kind and, when the
 * column is a table's, the collation its definition gives it (seen by SQLite, of
 * implicit coercibility). */
void lw_column_expression(lw_walker *w, lw_expr *e);
/* ORDER BY items (after the words ORDER BY were written); with the dialect's
 * nulls_sort_high, NULL placement is written out. Stops before the first token that
 * cannot continue the list. */
void lw_order_items(lw_walker *w);
/* GROUP BY or PARTITION BY (the two words current) and its comma-separated
 * expressions. */
void lw_by_list(lw_walker *w);
/* A window specification after OVER. */
void lw_window_spec(lw_walker *w);

/* ---- Types (types.c) -------------------------------------------------------------------- */

/* The server's name of a kind, for its messages ("integer"). */
const char *lw_kind_name(const lw_walker *w, lw_kind k);
/* Is the number token k written with a fraction or an exponent? */
int lw_number_has_fraction(const lw_walker *w, size_t k);
/* The kind the dialect gives the number token k (negative: a minus sign folded into
 * it): rules->numbers by its size, a fraction or an exponent. */
lw_kind lw_number_kind(const lw_walker *w, size_t k, int negative);
/* Reads a type name at the current token (rules->type_names) with its modifiers.
 * Returns 0 or the walker's failure (an unknown or refused type). */
int lw_parse_type(lw_walker *w, lw_sql_type *ty);
/* An interval qualifier at the current token (DAY TO SECOND(3), YEAR, ...), if any:
 * its fields into ty->mod2 (LW_FIELD_*), a seconds precision into ty->mod1. */
void lw_interval_fields(lw_walker *w, lw_sql_type *ty);
/* The kind behind a SQLite declared type the dialect wrote (rules->declared). */
lw_kind lw_kind_of_declared(const lw_walker *w, const char *decl);
/* The function that makes an exact numeric (rules->exact_cast_function, or decimal). */
const char *lw_exact_cast_function(const lw_walker *w);
/* The cast of the expression of kind `from` written from start to ty, wrapped in
 * place: exact numerics through decimal(), an exact numeric to an integer kind through
 * rules->exact_int_cast_function, the other kinds through rules->cast_function. */
void lw_wrap_cast(lw_walker *w, size_t start, lw_kind from, const lw_sql_type *ty);
/* The function that casts a value of kind `from` to kind `to` (rules->cast_function, or
 * rules->exact_int_cast_function for an exact numeric to an integer). */
const char *lw_cast_function(const lw_walker *w, lw_kind from, lw_kind to);
/* CAST(x AS ty) and x::ty of the expression `operand` written from start: a numeric
 * constant keeps its digits where the cast reads them (1.10::numeric is 1.10, and
 * 9223372036854775807.4::int8 rounds its digits, not a double's), then lw_wrap_cast. */
void lw_cast_expression(lw_walker *w, size_t start, const lw_expr *operand, const lw_sql_type *ty);
/* A quoted string's text cast to the kind it meets in arithmetic (a new string,
 * sqlite3_free; NULL when out of memory). */
char *lw_cast_literal(const lw_walker *w, const char *text, lw_kind to);
/* Gives the expression of kind k written from start the collation its kind carries
 * (lw_kind_def.collation), if any. */
void lw_kind_carrier(lw_walker *w, size_t start, lw_kind k);
/* The same for a value a function or an operator computed: an exact numeric gets the
 * exact numeric carrier (lw_exact_numeric_result), another kind its kind's collation. */
void lw_computed_carrier(lw_walker *w, size_t start, lw_kind k);
/* Converts the expression of kind `from` written from start to kind `to`: the
 * dialect's conversion (rules->conversions), else its cast function; then the
 * carrier of `to`. */
void lw_convert(lw_walker *w, size_t start, lw_kind from, lw_kind to);
/* An operand of kind k written from start that becomes text (||, concat()): the
 * dialect's conversion to text when it has one (a timestamptz's text in the session's
 * zone), else unchanged. */
void lw_text_operand(lw_walker *w, size_t start, lw_kind k);
/* The rank of a kind (lw_kind_def.rank), 0 for none. */
int lw_kind_rank(const lw_walker *w, lw_kind k);

/* A numeric constant's text (as written, spaces between a sign and the digits
 * dropped) in quotes, so that the decimal functions keep its scale: '2.0' where the
 * REAL 2.0 would lose it. Text already quoted (INSERT's VALUES writes constants so) is
 * kept. NULL when out of memory. */
char *lw_quoted_digits(const char *text);
/* lw_quoted_digits() for the constant written from `from` to `to`. */
void lw_quote_numeric_literal(lw_walker *w, size_t from, size_t to);
/* Gives the value written from `start` the exact numeric carrier (types.h): TEXT
 * affinity and the DECIMAL collation, so it compares, sorts and groups as a number. */
void lw_exact_numeric_result(lw_walker *w, size_t start);
/* Whether text (blanks aside) is one such carrier, (CAST(x AS NUMERIC_TEXT) COLLATE
 * DECIMAL): then x is text[*from, *to). A consumer that reads the value as an exact
 * numeric anyway (a chain of arithmetic) can take x and save the parser's stack. */
int lw_exact_numeric_inside(const char *text, size_t *from, size_t *to);
/* Does the parenthesis at text[a] close at text[b - 1] (strings and quoted names
 * skipped), so that text[a, b) is one parenthesized whole? */
int lw_parenthesis_spans(const char *text, size_t a, size_t b);

/* Numeric constants among the operands recorded as ranges of the output, quoted when
 * the expression they feed turns out to be an exact numeric (CASE, coalesce...). */
#ifndef LW_WALK_MAX_LITERALS
#define LW_WALK_MAX_LITERALS 32
#endif
typedef struct lw_literal_ranges {
    size_t from[LW_WALK_MAX_LITERALS], to[LW_WALK_MAX_LITERALS];
    int n;
} lw_literal_ranges;
void lw_note_literal(lw_literal_ranges *l, const lw_expr *e, size_t end);
/* Quotes the recorded constants, the last first so the earlier offsets hold. */
void lw_quote_literals(lw_walker *w, const lw_literal_ranges *l);

/* ---- Operators (operators.c) --------------------------------------------------------- */

/* The operator at the current token in the dialect's table (the longest spelling that
 * matches), or NULL. */
const lw_operator *lw_find_operator(const lw_walker *w);
/* Writes the operator at the current token as the entry says; left was written from
 * left->start. */
void lw_write_operator(lw_walker *w, lw_expr *left, const lw_operator *op);
/* The operator hooks every dialect may put in its table: IS [NOT] ..., [NOT] LIKE
 * (ESCAPE '\' unless given), [NOT] ILIKE (ilike()), [NOT] IN (...), [NOT] BETWEEN. */
void lw_write_is(lw_walker *w, lw_expr *left, const lw_operator *op);
void lw_write_like(lw_walker *w, lw_expr *left, const lw_operator *op);
void lw_write_ilike(lw_walker *w, lw_expr *left, const lw_operator *op);
void lw_write_in(lw_walker *w, lw_expr *left, const lw_operator *op);
void lw_write_between(lw_walker *w, lw_expr *left, const lw_operator *op);

/* X [NOT] <op> P [ESCAPE E] read for a hook that writes it as a function call: the
 * texts written for X (from left->start, taken out of the output), P and E (NULL when
 * there is none), P's expression, and whether NOT was there. Free with lw_like_free. */
typedef struct lw_like_parts {
    int negated;
    char *left, *pattern, *escape;
    lw_expr pattern_expr;
} lw_like_parts;
void lw_read_like(lw_walker *w, lw_expr *left, const lw_operator *op, lw_like_parts *parts);
void lw_like_parts_free(lw_like_parts *parts);

/* ---- Function calls (calls.c) ---------------------------------------------------------- */

/* A function call: the name token is current. Returns whether it yields a boolean;
 * its kind goes to *type (when not NULL). */
int lw_function_call(lw_walker *w, lw_kind *type);
/* A function call as an expression: e gets its kind, whether it is a boolean, and what
 * the function's hooks said of its scale and collation. */
void lw_function_expression(lw_walker *w, lw_expr *e);
/* Renames the call written from start (name_len bytes of its name) to fn. */
void lw_rename_call(lw_walker *w, size_t start, size_t name_len, const char *fn);

#endif
