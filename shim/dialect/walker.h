/*
 * The shared rewriter's walker: one statement's meaningful tokens, a cursor over
 * them, and the SQLite text being written (walker.c). Every dialect that rewrites
 * statements (postgresql today; mysql and oracle to come) drives the same walker with
 * its own tables (rules.h); the walker's parts:
 *
 *   walker.c   the cursor, output, emit, refusals, identifier folding, the driver
 *   expr.c     the precedence-climbing expression parser (expr.h)
 *   operators.c, calls.c, arith.c   operator forms, function calls, typed arithmetic
 *   types.c    type names, casts, numeric constants, exact numerics
 *   scope.c    FROM items and the types of the columns they bring (scope.h)
 *   clauses.c  the statement walk: SELECT lists, FROM, WHERE, ORDER BY...
 *   values.c   values going into tables: VALUES rows, DEFAULT, assignment casts
 *   ddl.c      column types for CREATE TABLE (ddl.h)
 *
 * Output. An expression's output starts at a known offset (lw_here), so an operator
 * that SQLite spells as a function wraps its already written operands in place
 * (lw_insert_at, lw_take_from); no SQL text is ever searched.
 *
 * Errors. The first failure wins: w->rc and the error message are sticky, so what is
 * reported is the first thing that went wrong, not a consequence of it. Every writer
 * checks w->rc and stops; lw_refuse and lw_walk_error set both.
 *
 * Limits: nesting to LW_WALK_MAX_DEPTH (54001 past it); LW_WALK_MAX_SCOPE FROM items
 * and LW_WALK_MAX_CTE_COLUMNS CTE columns are typed (past them columns are untyped).
 */
#ifndef LW_SHIM_WALKER_H
#define LW_SHIM_WALKER_H

#include <sqlite3.h>
#include <stdint.h>

#include "dialect/rules.h"

/* Nesting depth of parentheses and subqueries the walker follows. */
#ifndef LW_WALK_MAX_DEPTH
#define LW_WALK_MAX_DEPTH 200
#endif
/* FROM items (over every nesting level) whose columns are typed. */
#ifndef LW_WALK_MAX_SCOPE
#define LW_WALK_MAX_SCOPE 64
#endif
/* Result columns of the CTEs and derived tables written so far, with their types. */
#ifndef LW_WALK_MAX_CTE_COLUMNS
#define LW_WALK_MAX_CTE_COLUMNS 128
#endif

/* Result columns whose kinds the walker records for the dialect's output. */
#ifndef LW_WALK_RESULT_KINDS
#define LW_WALK_RESULT_KINDS 64
#endif

/* The connection's schema as the walker reads it: declared column types. */
typedef struct lw_schema {
    sqlite3 *db;
    sqlite3_stmt *table_info; /* prepared once, owned */
} lw_schema;

/* The declared type of table.col (col NULL: the column at position index), into a new
 * string (sqlite3_free), or NULL. */
char *lw_schema_declared_type(lw_schema *s, const char *table, const char *col, int index);
/* The collation table.col is defined with (its COLLATE clause; "BINARY" when it has
 * none), valid until the next call of SQLite's API, or NULL when there is no such
 * column. */
const char *lw_schema_column_collation(lw_schema *s, const char *table, const char *col);
void lw_schema_close(lw_schema *s);

/* A FROM item of a query being written (token positions): the name the query calls
 * it by, and the table or view behind it (0 for a subquery, a CTE or a function). */
typedef struct lw_scope_item {
    size_t alias_tok;
    size_t table_tok;
    size_t cte_tok;   /* a CTE's name: its columns were typed when its body was written */
    size_t names_tok; /* the "(" of a list naming those columns (WITH t(a, b), AS t(a, b)) */
    int level;        /* the subquery nesting it belongs to */
} lw_scope_item;

typedef struct lw_cte_column {
    size_t cte_tok;  /* the CTE's name */
    size_t name_tok; /* the column's name (its alias, or the column it selects); 0: none */
    int index;       /* its position in the select list */
    lw_kind kind;
    int of_values; /* a VALUES list's column: the server names it column<index + 1> */
} lw_cte_column;

struct lw_walker {
    lw_translation *t;
    const lw_dialect_rules *rules;
    lw_schema *schema; /* NULL outside a connection (tests, fuzzers) */
    const char *sql;   /* the statement's text as read: unquoted words folded */
    const lw_token *tk;
    size_t *at; /* indexes of the meaningful tokens */
    size_t n;   /* their count */
    size_t p;   /* the current one */
    int rc;     /* first failure (negative LW_E*), sticky */
    int depth;
    int consumed; /* the statement was replaced whole: no tokens left to copy */
    /* The statement being written. */
    int bare_columns;       /* write a.b as b (RETURNING) */
    int in_values;          /* inside INSERT's VALUES rows: literals keep their digits */
    size_t insert_table;    /* token of INSERT's table (0: none) */
    size_t write_table;     /* token of the table INSERT or UPDATE writes (0: none) */
    size_t insert_cols[64]; /* tokens of its column list */
    int n_insert_cols;      /* -1: no column list */
    uint64_t bool_cols;     /* boolean result columns of the top-level statement */
    int bool_known;
    /* The kinds of the top-level statement's first LW_WALK_RESULT_KINDS result columns
     * (its first select list or RETURNING list), for a dialect that prints values by
     * type (Oracle's DATE in NLS_DATE_FORMAT, PostgreSQL's timestamptz in the session's
     * time zone); n_result_kinds columns were seen. */
    lw_kind result_kinds[LW_WALK_RESULT_KINDS];
    int n_result_kinds;
    /* A set-returning function in a select list (PostgreSQL's generate_series(...)):
     * the select list is being written, and the table-valued call a function wrote
     * for it (lw_srf.value in its place), which the walker writes as the query's FROM
     * (sqlite3_free). */
    int select_list;
    char *srf_from;
    /* The FROM items column references can see (scope.c). */
    lw_scope_item scope[LW_WALK_MAX_SCOPE];
    int n_scope;
    int scope_full;  /* an item did not fit: column types are no longer known */
    int scope_level; /* subquery nesting of the query being written */
    lw_cte_column cte_cols[LW_WALK_MAX_CTE_COLUMNS];
    int n_cte_cols;
    /* The first select list written at level `result_level` (a subquery's own): its
     * item count and the first item's type, for a scalar subquery's type; its columns'
     * types are recorded when the subquery is the body of the CTE named at result_cte. */
    int result_level, result_items;
    lw_kind result_type;
    int subquery_items; /* the select list item count of the last subquery written */
    size_t result_cte;
    int dry_depth;         /* nesting of lw_derived_columns() dry runs this one is in */
    char *folded_text;     /* owned: the folded copy behind sql, or NULL */
    lw_token *folded_toks; /* owned: its tokens, or NULL */
};

/* ---- The driver --------------------------------------------------------------------- */

/*
 * Translates the statement t with the dialect's rules: folds unquoted words as the
 * dialect does, dispatches on the first word (rules->statements, else the clause
 * walk), writes what the walk left, and lets rules->finish look at the result.
 * schema may be NULL. Returns 0 or a negative LW_E* code with t->err filled.
 */
int lw_walk_translate(lw_translation *t, const lw_dialect_rules *rules, lw_schema *schema);
/* Sets w up over the statement t without writing anything (for a dialect that reads a
 * statement's parts itself, as the ALTER TABLE forms run inside a SQL function do);
 * lw_walker_free releases what it holds. Returns 0 or LW_ENOMEM. */
int lw_walker_init(lw_walker *w, lw_translation *t, const lw_dialect_rules *rules,
                   lw_schema *schema);
void lw_walker_free(lw_walker *w);
/* Writes the statement from its first token: the dialect's statement table, else the
 * clause walk. Returns 0 or the walker's failure. */
int lw_walk_statement(lw_walker *w);
/* True when the statement has a quoted identifier with an upper-case ASCII letter. */
int lw_has_quoted_upper(const lw_translation *t);

/* ---- The cursor ---------------------------------------------------------------------- */

/* Meaningful token k ahead of the current one, or NULL past the end. */
static inline const lw_token *lw_tok(const lw_walker *w, size_t k)
{
    return w->p + k < w->n ? &w->tk[w->at[w->p + k]] : NULL;
}

static inline int lw_at_end(const lw_walker *w)
{
    return w->p >= w->n;
}

static inline int lw_word_at(const lw_walker *w, size_t k, const char *word)
{
    const lw_token *t = lw_tok(w, k);
    return t && lw_token_is_word(w->sql, t, word);
}

static inline int lw_word(const lw_walker *w, const char *want)
{
    return lw_word_at(w, 0, want);
}

static inline int lw_type_at(const lw_walker *w, size_t k, int type)
{
    const lw_token *t = lw_tok(w, k);
    return t && t->type == type;
}

/* True when token k ahead is the operator op. */
int lw_op_at(const lw_walker *w, size_t k, const char *op);
/* Token t (of w->tk) as the statement spelled it, before folding: for messages. */
const char *lw_spelled(const lw_walker *w, const lw_token *t);
/* Token k ahead as a new string (sqlite3_free). */
char *lw_tok_text(lw_walker *w, size_t k);
/* The name at token position tok as the schema spells it: quotes removed. NULL past
 * the end of the statement, or out of memory (then out->oom is set). */
char *lw_ident_text(lw_walker *w, size_t tok);
/* The offset (from the current token) of the parenthesis closing the one at k. */
size_t lw_closing_paren(const lw_walker *w, size_t k);
/* How many words of spelling (lower-case words separated by one space: "not like")
 * stand at token k and after it: all of them, or 0. */
size_t lw_words_at(const lw_walker *w, size_t k, const char *spelling);
/* SELECT, WITH or VALUES at k: a query starts there. */
int lw_starts_query(const lw_walker *w, size_t k);
/* A word that ends an expression: a clause keyword the walker owns (rules). */
int lw_is_clause_word(const lw_walker *w, size_t k);
/* Does the column definition starting at the current token contain the word? */
int lw_column_has_word(const lw_walker *w, const char *want);
/* Reads an integer constant at the current token (and moves past it). Returns 0, or
 * -1 when it is not one. */
int lw_read_int(lw_walker *w, long long *v);

static inline void lw_skip(lw_walker *w)
{
    if (!lw_at_end(w))
        w->p++;
}

/* ---- Output ----------------------------------------------------------------------------- */

static inline size_t lw_here(const lw_walker *w)
{
    return w->t->out->len;
}

void lw_out(lw_walker *w, const char *s);
void lw_outf(lw_walker *w, const char *fmt, ...);
/* Inserts s at output offset pos (an expression's start). */
void lw_insert_at(lw_walker *w, size_t pos, const char *s);
/* Inserts fn( at output offset pos: the call that wraps what was written from there
 * (the caller writes its closing parenthesis). */
void lw_insert_call(lw_walker *w, size_t pos, const char *fn);
/* After an item of a comma-separated list: writes the comma and returns 1, or returns 0
 * at anything else (the list's end). */
int lw_next_item(lw_walker *w);
/* Removes the output from pos to the end and returns it (sqlite3_free), for operands
 * that change places. NULL when out of memory. */
char *lw_take_from(lw_walker *w, size_t pos);
/* Replaces the output from `from` to `to` by s. */
void lw_replace_range(lw_walker *w, size_t from, size_t to, const char *s);
/* Copies the current token (parameters mapped) and a space, and advances. Bare words
 * other than SQLite's keywords are written folded. */
void lw_emit(lw_walker *w);
/* Copies the current token, a name being defined (a table, a column), folded even
 * when it is a keyword, and advances. */
void lw_emit_name(lw_walker *w);
/* Writes meaningful token k (a position, not an offset from the current one) as
 * w->sql holds it, folded when it is a bare word, with no space after it. */
void lw_write_folded(lw_walker *w, size_t k);
/* lw_emit when the current token is the word. */
int lw_accept_word(lw_walker *w, const char *want);
/* Writes a value as a SQLite string literal (and a space). */
void lw_put_literal(lw_walker *w, const char *s, size_t n);
/* Decodes the string token k ahead into val (the caller frees val). Returns 0, or the
 * failure (the error set). */
int lw_string_value(lw_walker *w, size_t k, lw_sqlbuf *val);
/* A string constant at the current token, with the constants that continue it
 * (rules->adjacent_strings), written as one SQLite literal. */
void lw_parse_string(lw_walker *w);

/* ---- Failures ------------------------------------------------------------------------------ */

/* Records the failure rc (the first one stays) and returns w->rc. */
int lw_fail(lw_walker *w, int rc);
/* Fails with the given error unless the walker failed already (the first error
 * stays). Returns w->rc. */
int lw_walk_error(lw_walker *w, int rc, const char *sqlstate, int mysql_errno, const char *fmt,
                  ...);
/* Refuses what the statement asks for: 0A000 in the dialect's wording
 * (rules->texts->not_supported), the construct named by fmt. Returns w->rc. */
int lw_refuse(lw_walker *w, const char *fmt, ...);
/* Enters one more level of nesting; fails with the dialect's too_deep error past
 * LW_WALK_MAX_DEPTH. Returns 0 when the caller may go on (and must lw_leave). */
int lw_enter(lw_walker *w);
static inline void lw_leave(lw_walker *w)
{
    w->depth--;
}

#endif
