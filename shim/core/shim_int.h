/*
 * Internals of liblikewise_shim shared by its source files; not installed.
 *
 *   url.c      the connection URL parser (lw_url)
 *   error.c    error codes, the error object, SQLite -> SQLSTATE/MySQL mapping
 *   stmt.c     the statement path: lex, split, describe, cache, values, rows
 *   conn.c     connections, transactions and savepoints, the retry helper, max_age
 *   describe.c the statement description: kind, locking, BEGIN characteristics, builds
 *   backend/   the engines behind the core (backend/backend.h): SQLite (with the
 *              dialects, busy policy, templates, index versions), PostgreSQL, MariaDB
 */
#ifndef LW_SHIM_INT_H
#define LW_SHIM_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "backend/backend.h"
#include "busy/busy.h"
#include "core/describe.h"
#include "core/lexer.h"
#include "dialect/dialect.h"
#include "likewise.h"

/* ---- URL --------------------------------------------------------------------------- */

/* Statements cached per connection before the least recently used is dropped. */
#ifndef LW_STMT_CACHE_SIZE
#define LW_STMT_CACHE_SIZE 128
#endif

struct lw_url {
    const lw_backend *backend; /* chosen by the scheme */
    const lw_dialect *dialect; /* dialect=, or the one a server's scheme implies */
    int timeout_ms;            /* how long a statement waits for a lock */
    int txn_mode;              /* LW_TXN_*, LW_TXN_DEFAULT when not given */
    int read_only;             /* mode=ro */
    char *init;                /* SQL run after connecting */
    double max_age;            /* seconds; < 0: unlimited */
    char *template_path;       /* sqlite: clone this database file into memory;
                                  postgresql: CREATE DATABASE ... TEMPLATE this one */
    /* Embedded only. */
    char *path;         /* file path, or NULL for sqlite::memory: */
    char *shared;       /* shared=NAME: memdb VFS database "/NAME" */
    char *journal_mode; /* NULL: WAL for files */
    char *synchronous;  /* NULL: NORMAL for files */
    int foreign_keys;   /* 1 default */
    /* postgresql://: the URL without likewise's options, handed to libpq as it is. */
    char *server_uri;
    /* mysql:// and mariadb://: the parts, percent-decoded; NULL (0) when not given. */
    char *user, *password, *host, *socket, *database;
    int port;
};

/* Parses url into *u (free with lw_url_free, also after a failure). Returns 0, or
 * LW_EURL / LW_ENOMEM with *msg (sqlite3_free) naming the offending option or value. */
int lw_url_parse(const char *url, lw_url *u, char **msg);
void lw_url_free(lw_url *u);

/* ---- Errors ------------------------------------------------------------------------ */

struct lw_error_s {
    int code;        /* LW_E*, 0 when there is no error */
    int sqlite_code; /* extended result code or 0 */
    char sqlstate[6];
    int mysql_errno;
    int vendor_code;      /* lw_error_vendor_code() */
    char *sqlite_message; /* sqlite3_malloc'ed */
    char *message;        /* the dialect's message, sqlite3_malloc'ed */
};

/* How a SQLITE_BUSY came about, which decides between 55P03 and 40001. */
typedef enum lw_busy_cause {
    LW_BUSY_REFUSED = 0, /* SQLite refused at once (snapshot too old, deadlock avoided) */
    LW_BUSY_WAITED,      /* our busy handler waited to the deadline */
    LW_BUSY_NOWAIT       /* a NOWAIT lock request found the lock taken */
} lw_busy_cause;

void lw_error_reset(lw_error *e);
/* Sets e from a SQLite failure: extended code rc, SQLite's message, the busy cause.
 * Returns the LW_E* code. */
int lw_error_from_sqlite(lw_error *e, int rc, const char *sqlite_message, lw_busy_cause cause);
/* Sets e to a likewise error with the given SQLSTATE, MySQL errno and message
 * (printf formats of sqlite3_mprintf). Returns code. */
int lw_error_set(lw_error *e, int code, const char *sqlstate, int mysql_errno, const char *fmt,
                 ...);
/* Moves a dialect's error into e. */
int lw_error_from_dialect(lw_error *e, int code, lw_dialect_error *de);
/* Sets e from a server's error (backend/errors.c): PostgreSQL's SQLSTATE (NULL when
 * libpq failed without an answer from the server) or MariaDB's error number and
 * SQLSTATE, and the message. opening: the error ends an attempt to connect
 * (LW_ECANTOPEN). Returns the LW_E* code. */
int lw_error_postgresql(lw_error *e, const char *sqlstate, const char *message, int opening);
int lw_error_mysql(lw_error *e, unsigned mysql_errno, const char *sqlstate, const char *message,
                   int opening);
/* Moves the error in from to to (freeing to's own first) and leaves from empty: how a
 * server statement keeps its connection's error for its first step, and hands it back
 * there (backend/errors.c). */
void lw_error_move(lw_error *to, lw_error *from);

/* ---- Statements -------------------------------------------------------------------- */

/* One statement of a cached text, compiled by the connection's backend. */
struct lw_compiled {
    char *sql; /* what the engine runs: the SQLite statement, or the server's SQL with
                  its own placeholders (owned) */
    lw_param_map params;
    /* Servers whose placeholders are anonymous (MariaDB's ?): placeholder k takes
     * params.refs[slots[k]]. NULL: placeholder k takes params.refs[k]. (owned) */
    int *slots;
    int n_slots;
    lw_stmt_desc desc;  /* what the statement is (describe.h), read once */
    lw_bstmt *prepared; /* the backend's cached statement, NULL until first run */
    int in_use;         /* the prepared statement is lent to an lw_rows */
    void *dialect_data; /* the translation's stmt_data (dialect.h), owned */
};

/* A cached text: every statement it holds, keyed by the original text. */
typedef struct lw_cache_entry {
    struct lw_cache_entry *next; /* hash chain */
    char *text;
    size_t text_len;
    uint64_t hash;
    uint64_t last_used;
    unsigned epoch;  /* the dialect's translation epoch it was translated under */
    int family;      /* the text's parameter family */
    int n_positions; /* values the text needs (positional families) */
    int n_stmts;
    lw_compiled *stmts;
    /* The connection's schema_gen when the text was compiled: a translation may have
     * read the schema (a column's type, a table's columns), so a text compiled before
     * the schema changed is compiled again (lookup in stmt.c). */
    uint64_t schema_gen;
    unsigned schema_effect; /* LW_SCHEMA_* of the text's statements */
} lw_cache_entry;

#define LW_SCHEMA_CHANGES 0x01    /* a statement starts with CREATE, ALTER or DROP */
#define LW_SCHEMA_ROLLS_BACK 0x02 /* ROLLBACK [TO]: undoes the schema changes since */
#define LW_SCHEMA_ENDS_TXN 0x04   /* COMMIT or ROLLBACK */

#define LW_CACHE_BUCKETS 256

struct lw_conn_s {
    const lw_backend *backend;
    void *backend_state; /* the backend's connection (backend/<name>.c) */
    const lw_dialect *dialect;
    lw_error err;
    /* The lock-wait policy (ext/busy/busy.h): timeout_ms is the URL's timeout (how long
     * a statement waits for a lock, lw_transaction's default deadline; SQL's
     * lw_busy_timeout() changes it on an embedded connection), the jitter spreads
     * lw_transaction's pauses; nowait and timed_out describe the current call on the
     * embedded backend, whose busy handler it is. */
    lw_busy busy;
    int txn_mode; /* default begin mode */
    int read_only;
    double max_age;
    double opened_at; /* monotonic seconds */
    int sp_depth;     /* savepoints opened by lw_begin inside a transaction */
    /* Statement cache. */
    lw_cache_entry *buckets[LW_CACHE_BUCKETS];
    int n_cached;
    uint64_t use_clock;
    /* Counts schema changes run through the connection's texts (and ROLLBACKs of a
     * transaction that made some); schema_in_txn: the open transaction made some. */
    uint64_t schema_gen;
    int schema_in_txn;
    /* Warnings found at open. */
    char **warnings;
    int n_warnings;
    int statements_run; /* a statement ran: the dialect's warnings are the current ones */
};

struct lw_rows_s {
    lw_conn *conn;
    lw_compiled *compiled; /* when the statement is the cached one */
    lw_bstmt *stmt;
    int owns_stmt; /* finalize on close (not the cached one) */
    int done;
};

/* The value the statement's k-th parameter takes (c->params.refs[k]: by position or
 * by name), from values already checked against the text (check_values in stmt.c), so
 * never NULL. Used by every backend's bind. */
const lw_value *lw_param_value(const lw_compiled *c, int k, const lw_value *values, int n);

/* The dialect's per-connection state (its on_open's): the embedded backend's; NULL on
 * a server, where the server itself is the dialect (backend/sqlite.c). */
void *lw_conn_dialect_state(const lw_conn *conn);

/* Monotonic clock in seconds. */
double lw_now(void);

/* Adds a warning found while opening (takes w, sqlite3_malloc'ed). Returns 0 or
 * LW_ENOMEM with the connection's error set. */
int lw_conn_add_warning(lw_conn *conn, char *w);
/* True while an lw_rows uses a cached statement. */
int lw_cache_busy(const lw_conn *conn);
/* Drops every cached statement (close and template clone). */
void lw_cache_clear(lw_conn *conn);

/* Compiles one statement with the identity translation, parameters rewritten to a
 * server's placeholders: "$k" (LW_PASS_DOLLAR) or "?" (c->slots filled); with
 * LW_PASS_AT_VARIABLES @name is a user variable, kept as written (and with
 * LW_PASS_JSONB_QMARK a ? after an operand PostgreSQL's operator, with
 * LW_PASS_ARRAY_SLICES a[1:2] PostgreSQL's array slice). The statement's text
 * is kept as written otherwise, comments and literals included; %% becomes %. Used by
 * the server backends' compile. Returns 0 or an LW_E* code with the connection's
 * error set. */
#define LW_PASS_DOLLAR 0x01
#define LW_PASS_AT_VARIABLES 0x02
#define LW_PASS_JSONB_QMARK 0x04  /* ? after an operand is PostgreSQL's jsonb ? */
#define LW_PASS_ARRAY_SLICES 0x08 /* :N or :name after an operand in [] is a slice */
int lw_compile_for_server(lw_conn *conn, const char *text, const lw_token *toks, size_t n,
                          int anonymous_before, unsigned flags, lw_compiled *c);

#endif
