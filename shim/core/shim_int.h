/*
 * Internals of liblikewise_shim shared by its source files; not installed.
 *
 *   url.c      the connection URL parser (lw_url)
 *   error.c    error codes, the error object, SQLite -> SQLSTATE/MySQL mapping
 *   stmt.c     the statement path: lex, split, core passes, dialect, cache, bind, step
 *   conn.c     connections, busy policy, transactions, templates, warnings
 *   describe.c the statement description: kind, locking, BEGIN characteristics, builds
 *   index_versions.c  records the collation versions of the indexes a statement builds
 */
#ifndef LW_SHIM_INT_H
#define LW_SHIM_INT_H

#include <sqlite3.h>
#include <stdint.h>

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

typedef struct lw_url {
    char *path;   /* file path, or NULL for sqlite::memory: */
    char *shared; /* shared=NAME: memdb VFS database "/NAME" */
    const lw_dialect *dialect;
    int timeout_ms;      /* busy timeout */
    int txn_mode;        /* LW_TXN_*, LW_TXN_DEFAULT when not given */
    char *journal_mode;  /* NULL: WAL for files */
    char *synchronous;   /* NULL: NORMAL for files */
    int foreign_keys;    /* 1 default */
    int read_only;       /* mode=ro */
    char *init;          /* SQL run after connecting */
    double max_age;      /* seconds; < 0: unlimited */
    char *template_path; /* clone this database into memory */
} lw_url;

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

/* ---- Statements -------------------------------------------------------------------- */

/* One translated statement of a cached text. */
typedef struct lw_compiled {
    char *sql; /* the SQLite statement (owned) */
    lw_param_map params;
    lw_stmt_desc desc;      /* what the statement is (describe.h), read once */
    sqlite3_stmt *prepared; /* cached, NULL until first run */
    int in_use;             /* the prepared statement is lent to an lw_rows */
    void *dialect_data;     /* the translation's stmt_data (dialect.h), owned */
} lw_compiled;

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
} lw_cache_entry;

#define LW_CACHE_BUCKETS 256
/* BEGIN (three modes), COMMIT and ROLLBACK, kept prepared by lw_conn_run. */
#define LW_CONTROL_STMTS 5

struct lw_conn_s {
    sqlite3 *db;
    const lw_dialect *dialect;
    void *dialect_state;
    lw_error err;
    int txn_mode;  /* default begin mode */
    int is_file;   /* a file database (not :memory:) */
    int is_shared; /* a shared in-memory database (memdb VFS) */
    int read_only;
    double max_age;
    double opened_at; /* monotonic seconds */
    int sp_depth;     /* savepoints opened by lw_begin inside a transaction */
    /* Read-only transactions (conn.c): PRAGMA query_only is on for the open
     * transaction; query_only_before is the value to restore when it ends. */
    int txn_read_only;
    int query_only_before;
    int txn_queried; /* a statement ran since BEGIN (SET TRANSACTION READ WRITE) */
    /* The busy policy (ext/busy/busy.h), installed as the connection's busy handler
     * and shared with SQL's lw_busy_timeout(): timeout_ms is the URL's timeout; nowait
     * and timed_out describe the current call. */
    lw_busy busy;
    /* Statement cache. */
    sqlite3_stmt *control[LW_CONTROL_STMTS];
    lw_cache_entry *buckets[LW_CACHE_BUCKETS];
    int n_cached;
    uint64_t use_clock;
    /* Warnings found at open. */
    char **warnings;
    int n_warnings;
    int statements_run; /* a statement ran: the dialect's warnings are the current ones */
    lw_sqlbuf display;  /* lw_column_display's buffer */
};

struct lw_rows_s {
    lw_conn *conn;
    lw_compiled *compiled; /* when the statement came from the cache */
    sqlite3_stmt *stmt;
    int owns_stmt; /* finalize on close (not the cached one) */
    int owns_txn;  /* a locking SELECT outside a transaction: commit at the end */
    int done;
    lw_index_build build; /* a copy: the cache entry may go while the rows are open */
    int building;         /* the savepoint of lw_index_build_begin is open */
    lw_sqlbuf display;
};

/* ---- Collation versions of the indexes a statement builds (index_versions.c) -------- */

/* Before the statement runs: opens the savepoint that holds the statement and the
 * recording (*active) when it may build an index. Returns 0 or an LW_E* code. */
int lw_index_build_begin(lw_conn *conn, const lw_index_build *b, int *active);
/* After it ran (the statement reset): records the versions of the indexes it built
 * and releases the savepoint when it succeeded, else rolls the savepoint back.
 * Returns 0 or the LW_E* code of a failed recording. */
int lw_index_build_end(lw_conn *conn, const lw_index_build *b, int succeeded);

/* Monotonic clock in seconds. */
double lw_now(void);

/* Sets the connection's error from SQLite's state after rc. Returns the LW_E* code. */
int lw_conn_fail(lw_conn *conn, int rc);
/* Runs fixed SQL (no parameters, no translation) on the connection, with the busy
 * policy and error mapping. */
int lw_conn_run(lw_conn *conn, const char *sql);
/* Takes the write lock for a locking SELECT (see conn.c). *opened says whether it
 * opened a transaction that the caller must commit when the statement ends. */
int lw_conn_lock_for_select(lw_conn *conn, lw_lock_wait wait, int *opened);
/* Makes the open transaction read-only (on) or read-write again (PRAGMA query_only).
 * Returns 0 or an LW_E* code. */
int lw_conn_txn_access(lw_conn *conn, int read_only);
/* Restores PRAGMA query_only once the read-only transaction is over (committed,
 * rolled back, or rolled back by SQLite itself). Cheap when there is nothing to do. */
int lw_conn_txn_ended(lw_conn *conn);
/* Runs COMMIT or ROLLBACK (sql), then lw_conn_txn_ended: the first failure wins. */
int lw_conn_end_txn(lw_conn *conn, const char *sql);
/* True while an lw_rows uses a cached statement. */
int lw_cache_busy(const lw_conn *conn);
/* Drops every cached statement (close and template clone). */
void lw_cache_clear(lw_conn *conn);

#endif
