/*
 * The backend interface: what the shim's core asks of the engine a connection talks
 * to. One small table of functions, as Go's database/sql/driver and libpq's PGconn
 * have it, implemented three times:
 *
 *   sqlite.c      the embedded engine: SQLite with the likewise extension, the dialect
 *                 translators (shim/dialect/), the busy policy, FOR UPDATE as the
 *                 database write lock, read-only transactions, templates
 *   postgresql.c  a PostgreSQL server through libpq (postgresql://)
 *   mariadb.c     a MariaDB or MySQL server through libmariadb (mysql://, mariadb://)
 *
 * The core (shim/core/) keeps everything that means the same on every engine: the
 * URL, the lexer and the statement description, parameter styles and the check of
 * the caller's values, the statement cache, savepoints and transaction depth,
 * lw_transaction's retries, max_age, and the error object. It never asks which
 * backend it has.
 *
 * The statement path through the table:
 *
 *   compile   one statement's tokens (lexed once by the core) -> c->desc, the text the
 *             engine runs (c->sql) and the parameter map. SQLite: the dialect
 *             translation; a server: its own SQL as written, every parameter style
 *             rewritten to the server's ($n or ?)
 *   intercept a statement the backend runs its own way instead of prepare/step
 *             (SQLite: transaction control and the dialect's before_statement hook;
 *             a server: a bare BEGIN, which takes the connection's txn mode)
 *   prepare   the engine's statement for c; persistent ones are kept in the cache
 *   bind      the caller's values, in c->params order (copy: keep them past the call)
 *   start     what must happen before the first step (SQLite: FOR UPDATE's lock)
 *   step      LW_ROW, LW_DONE, or a negative LW_E* code with conn->err set; after
 *             LW_DONE or an error the statement has finished (locks released)
 *   reset     ready to run again; finishes what the caller left unfinished
 *   finalize  frees it
 *
 * Errors: every function that returns int returns 0 (or LW_ROW / LW_DONE) or a
 * negative LW_E* code after setting the connection's error (conn->err): SQLSTATE,
 * MySQL errno, the engine's message and code, classified by backend/errors.c so that
 * lw_error_code means the same on every engine.
 *
 * Ownership: conn->backend_state is the backend's (open creates it, close frees it,
 * also after a failed open); an lw_bstmt belongs to the core's cache entry or lw_rows
 * that prepared it and is freed with finalize.
 */
#ifndef LW_SHIM_BACKEND_H
#define LW_SHIM_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "core/lexer.h"
#include "likewise.h"

typedef struct lw_url lw_url;
typedef struct lw_compiled lw_compiled;
/* A backend's prepared statement (each backend defines the struct). */
typedef struct lw_bstmt lw_bstmt;

typedef struct lw_backend {
    const char *name; /* "sqlite", "postgresql", "mariadb" */

    /* ---- Connections ---- */
    /* Connects as u says and sets conn->backend_state. Returns 0 or an LW_E* code
     * (conn->err set); the core calls close after a failure too. */
    int (*open)(lw_conn *conn, const lw_url *u);
    void (*close)(lw_conn *conn);
    /* 1 while a transaction is open. */
    int (*in_transaction)(const lw_conn *conn);
    /* Begins a transaction in mode (LW_TXN_DEFERRED, _IMMEDIATE or _EXCLUSIVE; see
     * docs/servers.md for what each means on each engine). Called outside one only. */
    int (*begin)(lw_conn *conn, int mode);
    /* Commits (commit = 1) or rolls back the open transaction. A rollback is also
     * asked for outside a transaction, after the engine rolled back on its own: then
     * it only tidies up (nothing is sent to the engine). */
    int (*end)(lw_conn *conn, int commit);
    /* Runs fixed SQL without parameters, rows discarded (SAVEPOINT, RELEASE ...). */
    int (*run)(lw_conn *conn, const char *sql);
    /* 1 when the connection answers a trivial query, 0 when it is gone. */
    int (*ping)(lw_conn *conn);
    /* Asks the statement running on conn to stop (57014); any thread may call it. */
    int (*cancel)(lw_conn *conn);
    /* Rows changed by the last INSERT, UPDATE or DELETE; the last generated id. */
    int64_t (*changes)(lw_conn *conn);
    int64_t (*last_insert_id)(lw_conn *conn);

    /* ---- Statements ---- */
    /* Describes toks[0..n) of text (a whole cached text; toks point into it) into
     * c->desc and writes c->sql and c->params; anonymous_before placeholders came
     * before it in the same text. A statement of kind LW_KIND_EMPTY gets no sql. */
    int (*compile)(lw_conn *conn, const char *text, const lw_token *toks, size_t n,
                   int anonymous_before, lw_compiled *c);
    /* Returns 1 when the backend ran c itself (*rc its outcome), 0 to run it through
     * prepare and step, or a negative code (conn->err set). May be NULL. */
    int (*intercept)(lw_conn *conn, const lw_compiled *c, int *rc);
    /* A statement for c. persistent: it will be cached and run many times. */
    int (*prepare)(lw_conn *conn, lw_compiled *c, int persistent, lw_bstmt **out);
    /* Binds values (checked by the core against c->params) for the next run; copy:
     * the values' memory must be kept until the statement is reset. */
    int (*bind)(lw_bstmt *s, const lw_compiled *c, const lw_value *values, int n, int copy);
    /* Called once before the first step of a run. May be NULL. */
    int (*start)(lw_bstmt *s);
    int (*step)(lw_bstmt *s);
    /* Makes s ready to run again (bindings cleared); returns the outcome of what it
     * had to finish (a locking SELECT's own transaction), 0 when nothing was left. */
    int (*reset)(lw_bstmt *s);
    void (*finalize)(lw_bstmt *s);

    /* ---- The current row (after step returned LW_ROW) ---- */
    int (*column_count)(const lw_bstmt *s);
    const char *(*column_name)(const lw_bstmt *s, int col);
    const char *(*column_decltype)(const lw_bstmt *s, int col);
    lw_type (*column_type)(lw_bstmt *s, int col);
    int64_t (*column_int64)(lw_bstmt *s, int col);
    double (*column_double)(lw_bstmt *s, int col);
    const char *(*column_text)(lw_bstmt *s, int col);
    const void *(*column_blob)(lw_bstmt *s, int col);
    int (*column_bytes)(lw_bstmt *s, int col);
    /* As the engine's own client prints the value (psql, mariadb, the dialect's
     * format_value); NULL for SQL NULL. */
    const char *(*column_display)(lw_bstmt *s, int col);
} lw_backend;

extern const lw_backend lw_backend_sqlite;
extern const lw_backend lw_backend_postgresql;
extern const lw_backend lw_backend_mariadb;

#endif
