/*
 * likewise.h: the client library of likewise (liblikewise_shim).
 *
 * A connection opened by URL behaves like a PostgreSQL, MySQL/MariaDB or SQLite
 * connection where applications expect it: parameters in every common style, the
 * likewise extension registered, SQLSTATE and MySQL error numbers, transactions that
 * wait for a lock instead of failing with "database is locked", FOR UPDATE, test
 * templates cloned in about a millisecond.
 *
 *   lw_conn *conn;
 *   lw_error *err;
 *   if (lw_open("sqlite:///app.db?dialect=postgresql", &conn, &err) != 0) {
 *       fprintf(stderr, "%s: %s\n", lw_error_sqlstate(err), lw_error_message(err));
 *       lw_error_free(err);
 *       return 1;
 *   }
 *   lw_exec(conn, "INSERT INTO t(a, b) VALUES ($1, $2)", LW_ARGS(LW_INT(1), LW_TEXT("x")));
 *   lw_rows *rows;
 *   if (lw_query(conn, "SELECT a, b FROM t WHERE a = %s", LW_ARGS(LW_INT(1)), &rows) == 0) {
 *       while (lw_rows_next(rows) == LW_ROW)
 *           printf("%lld %s\n", (long long)lw_column_int64(rows, 0), lw_column_text(rows, 1));
 *       lw_rows_close(rows);
 *   }
 *   lw_close(conn);
 *
 * Conventions (as libuv's): every function returning int returns 0 (or a positive
 * result such as LW_ROW) on success and one of the negative LW_E* codes on failure;
 * the connection's last error (lw_last_error) then has the details. Every call that
 * allocates names the function that frees it. A NULL handle is LW_EINVAL from a call
 * that returns a code, and 0, NULL or nothing from the others. A connection belongs to
 * one thread at a time; the library has no hidden global state, so threads with their
 * own connections never interfere (SQLite must be built threadsafe, as Debian's is).
 *
 * The same calls work on a real server: a postgresql:// URL talks to PostgreSQL
 * through libpq, mysql:// or mariadb:// to MariaDB through libmariadb, with the
 * server's own SQL, parameters sent as server-side parameters and the server's
 * SQLSTATE, error number and message in the error object.
 *
 * The full tour, the URL options and the error table: docs/shim.md; on a server:
 * docs/servers.md.
 */
#ifndef LIKEWISE_H
#define LIKEWISE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(LW_SHIM_SHARED)
#define LW_EXTERN __declspec(dllexport)
#elif defined(__GNUC__)
#define LW_EXTERN __attribute__((visibility("default")))
#else
#define LW_EXTERN
#endif

/* Version of this header; lw_version_hex() is the library's, which may be newer. */
#define LW_VERSION_MAJOR 0
#define LW_VERSION_MINOR 1
#define LW_VERSION_PATCH 0
#define LW_VERSION_HEX ((LW_VERSION_MAJOR << 16) | (LW_VERSION_MINOR << 8) | LW_VERSION_PATCH)

/* The library's version as LW_VERSION_HEX computes it, and as "MAJOR.MINOR.PATCH". */
LW_EXTERN unsigned int lw_version_hex(void);
LW_EXTERN const char *lw_version_string(void);

/*
 * Error codes: XX(name, value, message). Every failing call returns one of these; the
 * error object (lw_error_*) adds SQLite's extended code, the SQLSTATE, the MySQL
 * error number and the dialect's own message.
 */
#define LW_ERRNO_MAP(XX)                                                                           \
    XX(NOMEM, -1, "out of memory")                                                                 \
    XX(INVAL, -2, "invalid argument")                                                              \
    XX(URL, -3, "invalid connection URL or option")                                                \
    XX(PARAM, -4, "parameters do not match the statement")                                         \
    XX(SYNTAX, -5, "SQL syntax error")                                                             \
    XX(SQL, -6, "SQL error")                                                                       \
    XX(CONSTRAINT, -7, "constraint violation")                                                     \
    XX(LOCKTIMEOUT, -8, "lock not available")                                                      \
    XX(RETRY, -9, "transaction conflict: retry the transaction")                                   \
    XX(READONLY, -10, "read-only connection or database")                                          \
    XX(NOTSUP, -11, "feature not supported")                                                       \
    XX(STATE, -12, "not allowed in the current state")                                             \
    XX(RANGE, -13, "index out of range")                                                           \
    XX(IO, -14, "input/output error")                                                              \
    XX(CANTOPEN, -15, "cannot open the database")                                                  \
    XX(CORRUPT, -16, "database disk image is malformed")                                           \
    XX(DEADLINE, -17, "deadline passed")                                                           \
    XX(CALLBACK, -18, "the callback reported a failure")                                           \
    XX(CANCELED, -19, "statement canceled (statement timeout or cancel request)")                  \
    XX(CONNECTION, -20, "connection to the server failed or was lost")

typedef enum lw_errno {
#define LW_ERRNO_ENUM_(name, value, message) LW_E##name = value,
    LW_ERRNO_MAP(LW_ERRNO_ENUM_)
#undef LW_ERRNO_ENUM_
} lw_errno;

/* "LW_ENOMEM" style name and the message of an error code; unknown codes get
 * "unknown error". Both are static strings. */
LW_EXTERN const char *lw_err_name(int code);
LW_EXTERN const char *lw_strerror(int code);

/* Positive results of lw_rows_next(). */
#define LW_ROW 1
#define LW_DONE 0

typedef struct lw_conn_s lw_conn;
typedef struct lw_rows_s lw_rows;
typedef struct lw_error_s lw_error;

/* ---- Errors ---------------------------------------------------------------------- */

/* The error's LW_E* code. */
LW_EXTERN int lw_error_code(const lw_error *err);
/* SQLite's extended result code (0 when the error did not come from SQLite). */
LW_EXTERN int lw_error_sqlite_code(const lw_error *err);
/* SQLite's message (or likewise's own when SQLite was not involved). */
LW_EXTERN const char *lw_error_sqlite_message(const lw_error *err);
/* Five-character SQLSTATE, e.g. "23505". */
LW_EXTERN const char *lw_error_sqlstate(const lw_error *err);
/* MySQL/MariaDB error number, e.g. 1062. */
LW_EXTERN int lw_error_mysql_errno(const lw_error *err);
/* The error number of the connection's dialect or server, 0 when it has none: the ORA
 * number with dialect=oracle (1 for ORA-00001), the MySQL errno with dialect=mysql or
 * mariadb and on a MariaDB server (then equal to lw_error_mysql_errno); 0 with the
 * sqlite and postgresql dialects and on a PostgreSQL server, whose errors are
 * identified by their SQLSTATE. */
LW_EXTERN int lw_error_vendor_code(const lw_error *err);
/* The message the connection's dialect would print (PostgreSQL's wording with
 * dialect=postgresql, MySQL's with mysql/mariadb, SQLite's otherwise). */
LW_EXTERN const char *lw_error_message(const lw_error *err);
/* A copy of err the caller owns (free with lw_error_free), NULL when err is NULL or
 * out of memory. */
LW_EXTERN lw_error *lw_error_copy(const lw_error *err);
LW_EXTERN void lw_error_free(lw_error *err);

/* The connection's last error, owned by the connection and valid until its next call
 * (or lw_close). Its code is 0 after a call that succeeded. */
LW_EXTERN const lw_error *lw_last_error(const lw_conn *conn);

/* ---- Connections ----------------------------------------------------------------- */

/*
 * Opens a connection: sqlite::memory:, sqlite:///relative.db, sqlite:////abs.db,
 * postgresql://[user[:password]@][host][:port][/dbname] (libpq's URI with its
 * parameters), mysql:// or mariadb://[user[:password]@][host][:port][/database]
 * (?socket=PATH), and options (?dialect=&timeout=&txn=&journal_mode=&synchronous=
 * &foreign_keys=&mode=ro&init=&max_age=&template=; docs/servers.md says which apply to
 * which engine). On success *out is the connection (close with lw_close). On failure
 * *out is NULL and, when err is not NULL, *err describes the failure (free with
 * lw_error_free); an unknown option or value is named in it.
 */
LW_EXTERN int lw_open(const char *url, lw_conn **out, lw_error **err);
/* Closes the connection, rolling back an open transaction. Close every lw_rows of the
 * connection first (as with sqlite3_close). NULL is a no-op. */
LW_EXTERN int lw_close(lw_conn *conn);

/* The dialect's name ("sqlite", "postgresql", "mysql", "mariadb", "oracle"). */
LW_EXTERN const char *lw_conn_dialect(const lw_conn *conn);
/* The engine the connection talks to: "sqlite" (embedded), "postgresql" or "mariadb"
 * (a server, also for mysql:// URLs). */
LW_EXTERN const char *lw_conn_backend(const lw_conn *conn);
/* The underlying SQLite handle of an embedded connection (NULL for a server), for what
 * the library does not wrap. Statements run on it directly bypass translation, the
 * busy policy and error mapping. */
LW_EXTERN struct sqlite3 *lw_conn_sqlite(lw_conn *conn);

/*
 * Asks the statement running on conn to stop: it fails with LW_ECANCELED (SQLSTATE
 * 57014). Meant to be called from another thread while conn's thread waits in
 * lw_exec or lw_rows_next; a call when nothing runs has no effect on later
 * statements (embedded: sqlite3_interrupt; PostgreSQL: a cancel request; MariaDB:
 * KILL QUERY from a second connection). Returns 0 or an LW_E* code.
 */
LW_EXTERN int lw_cancel(lw_conn *conn);

/*
 * Persistent connections (Django's CONN_MAX_AGE): true when the connection is still
 * good to reuse: younger than max_age (when set), not inside a transaction left open,
 * and answering a trivial query (a server connection that was lost fails it). A
 * connection that fails the check should be closed and reopened with the same URL.
 */
LW_EXTERN int lw_conn_usable(lw_conn *conn);
/* Seconds since the connection was opened (monotonic clock). */
LW_EXTERN double lw_conn_age(const lw_conn *conn);

/*
 * Warnings. With dialect=mysql or mariadb, once a statement ran: the warnings of the
 * last statement, MariaDB's diagnostics area as SHOW WARNINGS lists it and with
 * MariaDB's rules for when it is cleared (a statement that uses a table, or raises a
 * condition, clears it; SHOW WARNINGS and statements reading @@warning_count keep it).
 * Otherwise, and before any statement ran: those found when the connection opened
 * (indexes built under another collation version, from lw_collation_check()).
 *
 * lw_warning_count gives the number; for warning i (0-based), lw_warning its text,
 * lw_warning_level "Note", "Warning" or "Error" (open-time ones are "Warning") and
 * lw_warning_code MySQL's error number (0 for open-time ones). Texts are owned by the
 * connection and valid until its next statement; NULL (0) for an i out of range.
 */
LW_EXTERN int lw_warning_count(const lw_conn *conn);
LW_EXTERN const char *lw_warning(const lw_conn *conn, int i);
LW_EXTERN const char *lw_warning_level(const lw_conn *conn, int i);
LW_EXTERN int lw_warning_code(const lw_conn *conn, int i);

/* ---- Parameters ------------------------------------------------------------------ */

typedef enum lw_type {
    LW_TYPE_NULL = 0,
    LW_TYPE_INT = 1,
    LW_TYPE_REAL = 2,
    LW_TYPE_TEXT = 3,
    LW_TYPE_BLOB = 4
} lw_type;

/*
 * One parameter value. Positional styles (?, ?NNN, $1, :1, %s) take values in order;
 * named styles (:name, @name, $name, %(name)s) take values whose name is set, without
 * the sigil. The text and blob memory is the caller's and only read during the call.
 */
typedef struct lw_value {
    lw_type type;
    const char *name; /* NULL for positional values */
    union {
        int64_t i;
        double d;
        struct {
            const void *p;
            int64_t n; /* bytes; -1: text up to its NUL */
        } s;
    } v;
} lw_value;

#define LW_NULL() ((lw_value){.type = LW_TYPE_NULL})
#define LW_INT(x) ((lw_value){.type = LW_TYPE_INT, .v.i = (x)})
#define LW_REAL(x) ((lw_value){.type = LW_TYPE_REAL, .v.d = (x)})
#define LW_TEXT(x) ((lw_value){.type = LW_TYPE_TEXT, .v.s = {(x), -1}})
#define LW_TEXTN(x, n) ((lw_value){.type = LW_TYPE_TEXT, .v.s = {(x), (n)}})
#define LW_BLOB(x, n) ((lw_value){.type = LW_TYPE_BLOB, .v.s = {(x), (n)}})
/* A named value: LW_NAMED("id", LW_INT(3)). */
#define LW_NAMED(nm, val) ((lw_value){.type = (val).type, .name = (nm), .v = (val).v})
/* Expands to "array, count" for the value arguments of lw_exec and lw_query. */
#define LW_ARGS(...)                                                                               \
    (const lw_value[]){__VA_ARGS__},                                                               \
        (int)(sizeof((const lw_value[]){__VA_ARGS__}) / sizeof(lw_value))
#define LW_NOARGS NULL, 0

/* ---- Statements ------------------------------------------------------------------ */

/*
 * Runs sql (one or more statements separated by ';') with values bound by the
 * statement's parameter style; rows are discarded. A parameter count or name
 * mismatch is an error before anything runs. Translated SQL is cached per connection.
 */
LW_EXTERN int lw_exec(lw_conn *conn, const char *sql, const lw_value *values, int n_values);

/*
 * Runs sql (one statement) and hands its rows over: *out (close with lw_rows_close)
 * is positioned before the first row. Errors while stepping are returned by
 * lw_rows_next.
 */
LW_EXTERN int lw_query(lw_conn *conn, const char *sql, const lw_value *values, int n_values,
                       lw_rows **out);
/* Steps to the next row: LW_ROW, LW_DONE or a negative error code. */
LW_EXTERN int lw_rows_next(lw_rows *rows);
LW_EXTERN int lw_rows_close(lw_rows *rows);

/* The result's columns, known before the first row. Names and declared types are
 * owned by rows and stay valid until lw_rows_close; a col out of range gives NULL. */
LW_EXTERN int lw_column_count(const lw_rows *rows);
LW_EXTERN const char *lw_column_name(const lw_rows *rows, int col);
/* The declared type of the column's table column ("INTEGER", "text"...), NULL for an
 * expression; on a server the result column's type ("numeric", "DECIMAL"), for
 * expressions too (docs/servers.md). */
LW_EXTERN const char *lw_column_decltype(const lw_rows *rows, int col);
/* The current row's value type (LW_TYPE_*). */
LW_EXTERN lw_type lw_column_type(lw_rows *rows, int col);
LW_EXTERN int lw_column_is_null(lw_rows *rows, int col);
LW_EXTERN int64_t lw_column_int64(lw_rows *rows, int col);
LW_EXTERN double lw_column_double(lw_rows *rows, int col);
/* Text and blob pointers stay valid until the next lw_rows_next or lw_rows_close. */
LW_EXTERN const char *lw_column_text(lw_rows *rows, int col);
LW_EXTERN const void *lw_column_blob(lw_rows *rows, int col);
LW_EXTERN int lw_column_bytes(lw_rows *rows, int col);
/* The current row's value as the dialect's client prints it (psql for postgresql:
 * t/f booleans and so on), NULL for SQL NULL; valid like lw_column_text. */
LW_EXTERN const char *lw_column_display(lw_rows *rows, int col);

/* Rows changed by the last INSERT, UPDATE or DELETE, and the last inserted id: SQLite's
 * last rowid; with dialect=mysql or mariadb, and on MariaDB, LAST_INSERT_ID() (the first
 * AUTO_INCREMENT value the last INSERT that generated one generated); PostgreSQL has
 * none: 0 with LW_ENOTSUP, use RETURNING. */
LW_EXTERN int64_t lw_changes(lw_conn *conn);
LW_EXTERN int64_t lw_last_insert_id(lw_conn *conn);

/* ---- Transactions ---------------------------------------------------------------- */

typedef enum lw_txn_mode {
    LW_TXN_DEFAULT = 0, /* the connection's mode (URL option txn) */
    LW_TXN_DEFERRED = 1,
    LW_TXN_IMMEDIATE = 2,
    LW_TXN_EXCLUSIVE = 3
} lw_txn_mode;

/* Sets the connection's default begin mode (the URL option txn sets it first). */
LW_EXTERN int lw_set_txn_mode(lw_conn *conn, lw_txn_mode mode);

/*
 * Begins a transaction, or inside one a savepoint (nested to any depth): lw_commit
 * releases the innermost level, lw_rollback rolls it back. BEGIN waits up to the
 * connection's timeout for the write lock (IMMEDIATE and EXCLUSIVE modes).
 */
LW_EXTERN int lw_begin(lw_conn *conn, lw_txn_mode mode);
LW_EXTERN int lw_commit(lw_conn *conn);
LW_EXTERN int lw_rollback(lw_conn *conn);
/* Nesting depth: 0 outside a transaction, 1 in one, 2 and more in savepoints. */
LW_EXTERN int lw_txn_depth(const lw_conn *conn);

/*
 * Runs fn in a transaction (mode as lw_begin) and commits when it returns 0; rolls
 * back when it fails. A retryable failure (LW_ERETRY: SQLSTATE 40001 or 40P01, MySQL
 * 1213; or LW_ELOCKTIMEOUT, a lock wait that timed out) re-runs fn, after a short
 * randomised pause, until timeout_ms
 * (from the first attempt; 0: the connection's timeout) has passed. Returns 0, fn's
 * non-retryable error, or the last retryable error when the deadline passed.
 * fn returns 0 or a negative LW_E* code (LW_ECALLBACK for its own failures).
 */
typedef int (*lw_txn_fn)(lw_conn *conn, void *arg);
LW_EXTERN int lw_transaction(lw_conn *conn, lw_txn_mode mode, int timeout_ms, lw_txn_fn fn,
                             void *arg);

/* ---- Templates ------------------------------------------------------------------- */

typedef struct lw_template_s lw_template;

/*
 * Loads the database file at path (schema and data, a consistent snapshot even in WAL
 * mode) into memory once: *out (free with lw_template_close) can then be cloned any
 * number of times. A template is read-only after loading, so threads may share it.
 */
LW_EXTERN int lw_template_open(const char *path, lw_template **out, lw_error **err);
LW_EXTERN void lw_template_close(lw_template *tpl);
/* Size of the template's database image in bytes. */
LW_EXTERN int64_t lw_template_size(const lw_template *tpl);

/*
 * Replaces the connection's main database, which must be in memory (sqlite::memory:),
 * with a private copy of the template through sqlite3_deserialize: about a
 * millisecond for a few megabytes. The URL option template=PATH does
 * lw_template_open + lw_clone_template + lw_template_close while opening.
 */
LW_EXTERN int lw_clone_template(lw_conn *conn, const lw_template *tpl);

#ifdef __cplusplus
}
#endif

#endif
