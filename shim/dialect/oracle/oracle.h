/*
 * Internals of the oracle dialect shared by its files (oracle.c has the map):
 *
 *   oracle.c       the rules the shared layer reads and the lw_dialect
 *   types.c        Oracle's type names (ora_parse_type), kinds, SQLite declared types,
 *                  arithmetic rules, CAST, and what an assignment to a column does
 *   expressions.c  operators (comparison with Oracle's conversions, ||, + and - with
 *                  dates), the primary hook (numbers, '', CAST, literals, pseudo-columns),
 *                  keyword expressions
 *   functions.c    the function table (Oracle's names -> the ora_* runtime)
 *   statements.c   CREATE TABLE and the other statements with writers of their own,
 *                  the refusals
 *   interval.c     INTERVAL literals
 *   connect_by.c, outer_join.c, row_limit.c, insert_select.c   the passes before the
 *                  walk (pass.h has what the first three share)
 *   errors.c       SQLite's messages and the runtime's in Oracle's words (map_error)
 *   output.c       values as SQL*Plus prints them (format_value)
 *   session.c      open/close, the connection's state, transactions (before_statement)
 *   runtime*.c     the SQL functions (runtime.h)
 *
 * The mark. Every translation starts with a comment the runtime hooks read back from
 * the prepared statement: ORA_MARK, the statement's class (ORA_CLASS_*) and one letter
 * per top-level result column telling how to print it (ORA_COL_*), then "*" "/".
 */
#ifndef LW_SHIM_ORA_ORACLE_H
#define LW_SHIM_ORA_ORACLE_H

#include "dialect/arith.h"
#include "dialect/clauses.h"
#include "dialect/expr.h"
#include "dialect/oracle/runtime.h"
#include "dialect/scope.h"
#include "dialect/walker.h"
#include "likewise.h"

#define ORA_MARK "/*lwo:"

/* Statement classes: what a statement does to Oracle's transaction. */
#define ORA_CLASS_QUERY 'Q'       /* a query: no transaction of its own */
#define ORA_CLASS_DML 'M'         /* a change (or a locking query): begins the transaction */
#define ORA_CLASS_DDL 'D'         /* commits before and after itself */
#define ORA_CLASS_CONTROL 'C'     /* savepoints: begin the transaction */
#define ORA_CLASS_SESSION 'S'     /* ALTER SESSION: outside transactions */
#define ORA_CLASS_LOCK_WAIT 'W'   /* SELECT ... FOR UPDATE WAIT n (as DML) */
#define ORA_CLASS_LOCK_NOWAIT 'N' /* SELECT ... FOR UPDATE NOWAIT (as DML) */

/* How a result column prints (output.c). */
#define ORA_COL_OTHER '-'
#define ORA_COL_DATE 'D'
#define ORA_COL_TIMESTAMP 'T'
#define ORA_COL_TSTZ 'Z'
#define ORA_COL_BOOL 'B'

/* Binding powers (SQLRF "Operator Precedence" and "Condition Precedence"). */
enum {
    ORA_BP_OR = 10,
    ORA_BP_AND = 20,
    ORA_BP_NOT = 30,
    ORA_BP_CMP = 40, /* comparison, IS, LIKE, BETWEEN, IN */
    ORA_BP_ADD = 50, /* + - || */
    ORA_BP_MUL = 60, /* * / */
    ORA_BP_UNARY = 70,
};

/* The connection's state. */
typedef struct ora_state {
    sqlite3 *db;
    lw_schema schema;
    ora_session *session;
    const char *last_sql;         /* the statement about to run, for messages (cached text) */
    int constraint_seq;           /* the n of the next SYS_Cn */
    struct lw_ident_names *names; /* the schema's names (dialect/identifiers.h) */
    struct lw_bind_scratch *bind_scratch; /* ora_check_values's converted values (bind.c) */
} ora_state;

/* A type as an Oracle statement writes it. */
typedef struct ora_type {
    lw_kind kind;
    long long p, s;   /* precision, scale (NUMBER), length (character, RAW), fraction
                         digits (TIMESTAMP); -1 when not given */
    int chars;        /* length in characters (CHAR semantics, NVARCHAR2, NCHAR) */
    int tz;           /* TIMESTAMP: 0, 'Z' WITH TIME ZONE, 'L' WITH LOCAL TIME ZONE */
    int national;     /* NVARCHAR2, NCHAR, NCLOB */
    const char *name; /* Oracle's name, for declared types and messages */
} ora_type;

/* ---- Tables (types.c, expressions.c, functions.c, statements.c) --------------------- */

extern const lw_kind_def ora_kinds[LW_K_COUNT];
extern const lw_declared_type ora_declared[];
extern const lw_number_rules ora_numbers;
extern const lw_arith_rule ora_arith[];
extern const lw_type_name ora_type_names[];
extern const lw_operator ora_operators[];
extern const lw_prefix_operator ora_prefix_operators[];
extern const lw_keyword_expr ora_keywords[];
extern const lw_function ora_functions[];
extern const lw_statement ora_statements[];
extern const lw_clause ora_clauses[];

/* ---- Types (types.c) -------------------------------------------------------------- */

/* Reads an Oracle type at the current token into *ty. Returns 0 or the walker's
 * failure (ORA-00902 for a name that is no type, ORA-00910 for VARCHAR2(4001)). */
int ora_parse_type(lw_walker *w, ora_type *ty);
/* Writes the SQLite declared type of a column of type ty (with its collation). */
void ora_write_declared(lw_walker *w, const ora_type *ty);
/* Is ty a NUMBER whose values are integers of at most 18 digits (NUMBER(p) with
 * p <= 18), stored as SQLite INTEGERs? */
int ora_integer_number(const ora_type *ty);
/* Reads a SQLite declared type this dialect wrote back into *ty. Returns 0 or -1. */
int ora_type_of_declared(const char *decl, ora_type *ty);
/* Wraps the value written from start (of kind `from`) in what storing it into a
 * column of type ty does; col_name is "SCHEMA"."TABLE"."COLUMN" for messages, NULL for a
 * CLOB column (no length to check). */
void ora_wrap_store(lw_walker *w, size_t start, lw_kind from, const ora_type *ty,
                    const char *col_name);
/* The assignment hook of the rules (rules.h). */
void ora_assignment(lw_walker *w, size_t start, lw_kind kind, size_t table_tok, size_t col_tok,
                    int index);
/* CAST(x AS type), the name and '(' current. */
void ora_cast(lw_walker *w, lw_expr *e);
/* Converts the value written from start (of kind `from`) to text the way Oracle does
 * where text is expected: dates through the session's NLS format. */
void ora_to_text(lw_walker *w, size_t start, lw_kind from);

/* ---- Expressions (expressions.c) --------------------------------------------------- */

/* Is k one of Oracle's interval types (LW_K_INTERVAL: DAY TO SECOND, LW_K_INTERVAL_YM)? */
static inline int ora_is_interval(lw_kind k)
{
    return k == LW_K_INTERVAL || k == LW_K_INTERVAL_YM;
}

int ora_primary(lw_walker *w, lw_expr *e);
/* Writes the canonical NUMBER constant of the number token k ahead (negated when neg)
 * as an exact numeric, and consumes it. */
void ora_number_constant(lw_walker *w, int neg);

/* ---- Statements (statements.c) ----------------------------------------------------- */

int ora_create(lw_walker *w);
int ora_insert(lw_walker *w);
int ora_create_sequence(lw_walker *w);
int ora_drop_sequence(lw_walker *w);
int ora_merge(lw_walker *w);

/* ---- Queries (queries.c) ------------------------------------------------------------ */

int ora_rownum(lw_walker *w, lw_expr *e);
void ora_where(lw_walker *w);
void ora_row_limit(lw_walker *w);
void ora_returning(lw_walker *w);
int ora_sequence_ref(lw_walker *w, lw_expr *e);
int ora_drop(lw_walker *w);
int ora_alter(lw_walker *w);
int ora_refuse_plsql(lw_walker *w);
int ora_select(lw_walker *w);
void ora_limit_refused(lw_walker *w);
void ora_minus(lw_walker *w);

/* ---- Outer joins (outer_join.c) --------------------------------------------------- */

/* Rewrites the query blocks of the statement toks[0..n) of sql that use (+) into ANSI
 * joins: returns 1 with *text the new statement (sqlite3_free), 0 when there are none,
 * or a negative LW_E* code with err set (ORA-01719, 0A000). */
int ora_outer_joins(const char *sql, const lw_token *toks, size_t n, char **text,
                    lw_dialect_error *err);

/* ---- INTERVAL literals (interval.c) ------------------------------------------------- */

/* INTERVAL 'literal' qualifier at the current token: checked and written as the
 * dialect's interval value, e->type LW_K_INTERVAL_YM or LW_K_INTERVAL. Returns 1
 * (errors go to the walker). */
int ora_interval_literal(lw_walker *w, lw_expr *e);

/* ---- Hierarchical queries (connect_by.c) ------------------------------------------ */

/* Rewrites the query blocks of the statement toks[0..n) of sql that use CONNECT BY into
 * recursive subquery factoring: returns 1 with *text the new statement (sqlite3_free), 0
 * when there are none, or a negative LW_E* code with err set (0A000 for the forms it
 * does not rewrite). */
int ora_connect_by(const char *sql, const lw_token *toks, size_t n, char **text,
                   lw_dialect_error *err);

/* ---- FETCH ... PERCENT and WITH TIES (row_limit.c) ---------------------------------- */

/* Rewrites each FETCH with PERCENT or WITH TIES into FETCH FIRST (a row count) ROWS
 * ONLY: returns 1 with *text the new statement (sqlite3_free), 0 when there are none, or
 * a negative LW_E* code with err set (0A000 for the forms it does not rewrite). */
int ora_row_limit_rewrite(const char *sql, const lw_token *toks, size_t n, char **text,
                          lw_dialect_error *err);

/* ---- INSERT ... SELECT * (insert_select.c) ----------------------------------------- */

/* Rewrites INSERT INTO t [(cols)] SELECT with a * in its select list so that the query's
 * columns have names (db: the connection, for t's columns): returns 1 with *text the new
 * statement (sqlite3_free), 0 when the statement is not one, or a negative LW_E* code. */
int ora_insert_select_star(sqlite3 *db, const char *sql, const lw_token *toks, size_t n,
                           char **text, lw_dialect_error *err);

/* ---- Bound values (bind.c) ----------------------------------------------------------- */

/* When the value written from start is one bare parameter that occurs once in the
 * statement and ty is NUMBER or VARCHAR2(n), records that its value is checked when it
 * is bound (col_name for messages) and returns 1: the caller writes no wrapper. 0 when
 * the value needs its wrapper (out of memory marks the output). */
int ora_bind_rule(lw_walker *w, size_t start, const ora_type *ty, const char *col_name);
/* The check_values and free_stmt_data hooks of the lw_dialect. */
int ora_check_values(void *state, const void *stmt_data, const lw_param_map *map,
                     const struct lw_value **values, int n, lw_dialect_error *err);
void ora_stmt_data_free(void *stmt_data);
/* Frees the connection's scratch values of ora_check_values. */
void ora_bind_scratch_free(ora_state *st);

/* ---- Hooks of the lw_dialect (errors.c, output.c, session.c) ------------------------- */

void ora_map_error(void *state, int sqlite_code, const char *sqlite_message, lw_dialect_error *err);
int ora_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *out);
int ora_open(sqlite3 *db, void **state, lw_dialect_error *err);
void ora_close(void *state);
int ora_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                         lw_dialect_error *err);
/* Sets err to Oracle's error code with its text (printf formats) and the SQLSTATE of
 * the code (errors.c). Returns LW_ESQL. */
int ora_set_error(lw_dialect_error *err, int code, const char *fmt, ...);
/* The SQLSTATE Oracle's table gives an ORA number. */
const char *ora_sqlstate(int code);
/* Fails the walker with Oracle's error code and text. Returns w->rc. */
int ora_walk_error(lw_walker *w, int code, const char *fmt, ...);

#endif
