/*
 * Internals of the postgresql dialect shared by its files (dialect.h's
 * lw_dialect_postgresql is what the shim sees):
 *
 *   postgresql.c   the dialect: its rules (the tables below) and hooks
 *   types.c        type names, kinds, casts, declared types, arithmetic, column DDL
 *   expressions.c  operators, prefix operators, words that start expressions
 *   functions.c    function calls: special syntax, renames, refusals, result types
 *   queries.c      DISTINCT ON, generate_series in FROM, RETURNING conversions
 *   statements.c   CREATE, DROP, ALTER, TRUNCATE, SET/RESET/SHOW, DELETE USING, savepoints
 *   errors.c       SQLite's errors in PostgreSQL's words (map_error)
 *   output.c       values as psql prints them (format_value)
 *   session.c      on_open, on_close, the failed-transaction state (before_statement)
 *
 * PostgreSQL 15 is the reference: every table here says what it does, and the
 * shared layer (dialect/walker.h) does the rest.
 */
#ifndef LW_SHIM_PG_POSTGRESQL_H
#define LW_SHIM_PG_POSTGRESQL_H

#include "dialect/arith.h"
#include "dialect/ddl.h"
#include "dialect/postgresql/identifiers.h"
#include "dialect/postgresql/runtime.h"
#include "dialect/postgresql/runtime_core.h"
#include "likewise.h"

/* The state of one connection of the dialect. */
typedef struct pg_state {
    sqlite3 *db;
    int aborted;          /* an error happened in the open transaction (25P02) */
    const char *last_sql; /* the statement running, for foreign-key messages */
    lw_pg_funcs *funcs;   /* the dialect functions' state (one reference held) */
    lw_schema schema;     /* the schema's declared column types, which the
                             rewriter types every column reference with */
    lw_pg_names *names;   /* the schema's names, for identifier case (identifiers.h) */
} pg_state;

/* Binding powers, PostgreSQL 15's precedence from loosest to tightest. */
enum {
    BP_OR = 10,
    BP_AND = 20,
    BP_NOT = 30,
    BP_IS = 40,
    BP_CMP = 50,
    BP_LIKE = 60, /* BETWEEN IN LIKE ILIKE SIMILAR */
    BP_OTHER = 70,
    BP_ADD = 80,
    BP_MUL = 90,
    BP_EXP = 100,
    BP_AT = 105, /* AT TIME ZONE */
    BP_UNARY = 110,
};

/* Types (types.c); every table ends with an entry whose first field is NULL. */
extern const lw_type_name pg_type_names[];
extern const lw_kind_def pg_kinds[LW_K_COUNT];
extern const lw_declared_type pg_declared[];
extern const lw_number_rules pg_numbers;
extern const lw_arith_rule pg_arith[];
extern const lw_conversion pg_conversions[];
extern const lw_column_rule pg_columns[];

/* Expressions (expressions.c). */
extern const lw_operator pg_operators[];
extern const lw_prefix_operator pg_prefix_operators[];
extern const lw_keyword_expr pg_keywords[];
/* COLLATE "C" / POSIX at the current token, written as COLLATE BINARY (the word
 * COLLATE was written). Returns 1 when it wrote it, 0 for another collation. */
int pg_write_collation(lw_walker *w);
/* x AT TIME ZONE zone from the operands' texts and kinds; returns the result's kind. */
lw_kind pg_write_at_zone(lw_walker *w, const char *lt, lw_kind kind, const char *zt,
                         lw_kind zone_kind);

/* Function calls (functions.c). */
extern const lw_function pg_functions[];
void pg_ordered_aggregate(lw_walker *w, const lw_call *call);

/* Query forms (queries.c): the clause walk's hooks. */
void pg_distinct_on(lw_walker *w, size_t start);
void pg_from_function(lw_walker *w);
int pg_returning_item(lw_walker *w, int col);

/* Statements (statements.c): the writers of the statement table. */
int pg_create(lw_walker *w);
int pg_drop(lw_walker *w);
int pg_alter(lw_walker *w);
int pg_truncate(lw_walker *w);
int pg_set(lw_walker *w);
int pg_reset(lw_walker *w);
int pg_show(lw_walker *w);
int pg_delete(lw_walker *w);
int pg_savepoint(lw_walker *w);
int pg_insert_update(lw_walker *w);

/* The mark a translation starts with when some of its result columns are booleans,
 * timestamptz or intervals, which psql shows its own way (output.c): PG_BOOL_MARK and
 * hex masks of the columns: pg:b=<bool>,z=<timestamptz>,i=<interval> in a comment. */
#define PG_BOOL_MARK "/*pg:b="

/* The lw_dialect hooks (errors.c, output.c, session.c). */
void pg_map_error(void *state, int code, const char *msg, lw_dialect_error *err);
int pg_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *out);
int pg_open(sqlite3 *db, void **state, lw_dialect_error *err);
void pg_close(void *state);
int pg_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                        lw_dialect_error *err);

#endif
