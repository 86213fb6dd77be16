/*
 * Connections: opening by URL (the URL's scheme chooses the backend, backend.h),
 * transactions and savepoints, the retry helper, persistent-connection checks and
 * open-time warnings. Everything here means the same on every backend; what differs
 * (how a transaction begins, what "usable" asks the engine) is the backend's.
 *
 * Transactions. lw_begin outside a transaction asks the backend to begin one in the
 * connection's mode (or the call's); inside one it opens SAVEPOINT lw_sp_N, which
 * lw_commit releases and lw_rollback rolls back. The depth is the backend's
 * transaction state plus the savepoints opened here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shim_int.h"
#include "info/info.h"

unsigned int lw_version_hex(void)
{
    /* From the build's version string, not this header's macros, so that a program
     * built against another release's header can tell the library's version. */
    unsigned major = 0, minor = 0, patch = 0;
    sscanf(lw_version(), "%u.%u.%u", &major, &minor, &patch);
    return (major << 16) | (minor << 8) | patch;
}

const char *lw_version_string(void)
{
    return lw_version(); /* the build's version, the one likewise_version() reports */
}

double lw_now(void)
{
    return lw_busy_now();
}

/* ---- Opening ----------------------------------------------------------------------- */

static int open_error(lw_error **err, int code, const char *sqlstate, int mysql_errno,
                      const char *msg)
{
    if (err) {
        *err = sqlite3_malloc64(sizeof **err);
        if (*err) {
            memset(*err, 0, sizeof **err);
            lw_error_set(*err, code, sqlstate, mysql_errno, "%s", msg ? msg : lw_strerror(code));
        }
    }
    return code;
}

int lw_conn_add_warning(lw_conn *conn, char *w)
{
    char **ws =
        w ? sqlite3_realloc64(conn->warnings, (size_t)(conn->n_warnings + 1) * sizeof *ws) : NULL;
    if (!ws) {
        sqlite3_free(w);
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    }
    ws[conn->n_warnings++] = w;
    conn->warnings = ws;
    return 0;
}

int lw_open(const char *url, lw_conn **out, lw_error **err)
{
    if (err)
        *err = NULL;
    if (!out)
        return open_error(err, LW_EINVAL, "22023", 1210, "lw_open: out is NULL");
    *out = NULL;
    lw_url u;
    char *msg = NULL;
    int rc = lw_url_parse(url, &u, &msg);
    if (rc) {
        open_error(err, rc, rc == LW_ENOMEM ? "53200" : "08001", rc == LW_ENOMEM ? 1037 : 2005,
                   msg);
        sqlite3_free(msg);
        lw_url_free(&u);
        return rc;
    }
    lw_conn *conn = sqlite3_malloc64(sizeof *conn);
    if (!conn) {
        lw_url_free(&u);
        return open_error(err, LW_ENOMEM, "53200", 1037, NULL);
    }
    memset(conn, 0, sizeof *conn);
    conn->backend = u.backend;
    conn->dialect = u.dialect;
    /* The lock-wait policy: its timeout is the URL's for every backend (SQLite's busy
     * handler, a server's lock timeout, lw_transaction's default deadline), its jitter
     * spreads lw_transaction's pauses. */
    lw_busy_init(&conn->busy, u.timeout_ms);
    conn->txn_mode = u.txn_mode ? u.txn_mode : LW_TXN_IMMEDIATE; /* the backend may refine it */
    conn->read_only = u.read_only;
    conn->max_age = u.max_age;
    conn->opened_at = lw_now();
    rc = conn->backend->open(conn, &u);
    if (rc == 0 && u.init)
        rc = lw_exec(conn, u.init, NULL, 0);
    lw_url_free(&u);
    if (rc) {
        if (err)
            *err = lw_error_copy(&conn->err);
        lw_close(conn);
        return rc;
    }
    lw_error_reset(&conn->err);
    *out = conn;
    return 0;
}

int lw_close(lw_conn *conn)
{
    if (!conn)
        return 0;
    lw_cache_clear(conn);
    conn->backend->close(conn);
    for (int i = 0; i < conn->n_warnings; i++)
        sqlite3_free(conn->warnings[i]);
    sqlite3_free(conn->warnings);
    lw_error_reset(&conn->err);
    sqlite3_free(conn);
    return 0;
}

const lw_error *lw_last_error(const lw_conn *conn)
{
    return conn ? &conn->err : NULL;
}

const char *lw_conn_dialect(const lw_conn *conn)
{
    return conn ? conn->dialect->name : NULL;
}

const char *lw_conn_backend(const lw_conn *conn)
{
    return conn ? conn->backend->name : NULL;
}

double lw_conn_age(const lw_conn *conn)
{
    return conn ? lw_now() - conn->opened_at : 0.0;
}

int lw_conn_usable(lw_conn *conn)
{
    if (!conn)
        return 0;
    if (conn->max_age >= 0 && lw_conn_age(conn) >= conn->max_age)
        return 0;
    if (conn->backend->in_transaction(conn))
        return 0;
    return conn->backend->ping(conn);
}

int lw_cancel(lw_conn *conn)
{
    return conn ? conn->backend->cancel(conn) : LW_EINVAL;
}

/* The dialect keeps the warnings (of the last statement, once one ran). */
static int dialect_warnings(const lw_conn *conn)
{
    return conn->statements_run && conn->dialect->warning_count && conn->dialect->warning_at &&
           lw_conn_dialect_state(conn);
}

int lw_warning_count(const lw_conn *conn)
{
    if (!conn)
        return 0;
    return dialect_warnings(conn) ? conn->dialect->warning_count(lw_conn_dialect_state(conn))
                                  : conn->n_warnings;
}

/* Warning i of the dialect's list, or NULL. */
static const lw_warning_item *dialect_warning(const lw_conn *conn, int i)
{
    if (i < 0 || i >= conn->dialect->warning_count(lw_conn_dialect_state(conn)))
        return NULL;
    return conn->dialect->warning_at(lw_conn_dialect_state(conn), i);
}

const char *lw_warning(const lw_conn *conn, int i)
{
    if (!conn)
        return NULL;
    if (dialect_warnings(conn)) {
        const lw_warning_item *w = dialect_warning(conn, i);
        return w ? w->message : NULL;
    }
    return i >= 0 && i < conn->n_warnings ? conn->warnings[i] : NULL;
}

int lw_warning_code(const lw_conn *conn, int i)
{
    if (!conn || !dialect_warnings(conn))
        return 0;
    const lw_warning_item *w = dialect_warning(conn, i);
    return w ? w->code : 0;
}

const char *lw_warning_level(const lw_conn *conn, int i)
{
    if (!conn)
        return NULL;
    if (!dialect_warnings(conn))
        return i >= 0 && i < conn->n_warnings ? "Warning" : NULL;
    const lw_warning_item *w = dialect_warning(conn, i);
    if (!w)
        return NULL;
    return w->level == LW_LEVEL_NOTE ? "Note" : w->level == LW_LEVEL_ERROR ? "Error" : "Warning";
}

int64_t lw_changes(lw_conn *conn)
{
    return conn ? conn->backend->changes(conn) : 0;
}

int64_t lw_last_insert_id(lw_conn *conn)
{
    return conn ? conn->backend->last_insert_id(conn) : 0;
}

/* ---- Transactions ------------------------------------------------------------------ */

int lw_set_txn_mode(lw_conn *conn, lw_txn_mode mode)
{
    if (!conn)
        return LW_EINVAL;
    if (mode < LW_TXN_DEFERRED || mode > LW_TXN_EXCLUSIVE)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210,
                            "lw_set_txn_mode: invalid mode %d: expected LW_TXN_DEFERRED (1), "
                            "LW_TXN_IMMEDIATE (2) or LW_TXN_EXCLUSIVE (3)",
                            (int)mode);
    conn->txn_mode = mode;
    return 0;
}

int lw_txn_depth(const lw_conn *conn)
{
    return conn && conn->backend->in_transaction(conn) ? 1 + conn->sp_depth : 0;
}

int lw_begin(lw_conn *conn, lw_txn_mode mode)
{
    if (!conn)
        return LW_EINVAL;
    if (mode < LW_TXN_DEFAULT || mode > LW_TXN_EXCLUSIVE)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210,
                            "lw_begin: invalid mode %d: expected LW_TXN_DEFAULT (0), "
                            "LW_TXN_DEFERRED (1), LW_TXN_IMMEDIATE (2) or LW_TXN_EXCLUSIVE (3)",
                            (int)mode);
    lw_error_reset(&conn->err);
    if (!conn->backend->in_transaction(conn)) {
        conn->sp_depth = 0;
        return conn->backend->begin(conn, mode ? (int)mode : conn->txn_mode);
    }
    char sql[48];
    snprintf(sql, sizeof sql, "SAVEPOINT lw_sp_%d", conn->sp_depth + 1);
    int rc = conn->backend->run(conn, sql);
    if (rc == 0)
        conn->sp_depth++;
    return rc;
}

int lw_commit(lw_conn *conn)
{
    if (!conn)
        return LW_EINVAL;
    lw_error_reset(&conn->err);
    if (!conn->backend->in_transaction(conn)) {
        conn->sp_depth = 0;
        return lw_error_set(&conn->err, LW_ESTATE, "25P01", 1399,
                            "there is no transaction in progress");
    }
    if (conn->sp_depth > 0) {
        char sql[48];
        snprintf(sql, sizeof sql, "RELEASE SAVEPOINT lw_sp_%d", conn->sp_depth);
        int rc = conn->backend->run(conn, sql);
        if (rc == 0)
            conn->sp_depth--;
        return rc;
    }
    conn->schema_in_txn = 0;
    return conn->backend->end(conn, 1);
}

int lw_rollback(lw_conn *conn)
{
    if (!conn)
        return LW_EINVAL;
    lw_error_reset(&conn->err);
    /* Texts compiled against a schema the rollback undoes are compiled again. */
    if (conn->schema_in_txn)
        conn->schema_gen++;
    if (!conn->backend->in_transaction(conn)) {
        /* Nothing to undo (the engine may already have rolled back after an error);
         * the backend tidies up after such a rollback. */
        conn->sp_depth = 0;
        return conn->backend->end(conn, 0);
    }
    if (conn->sp_depth > 0) {
        char sql[80];
        snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT lw_sp_%d", conn->sp_depth);
        int rc = conn->backend->run(conn, sql);
        if (rc == 0) {
            snprintf(sql, sizeof sql, "RELEASE SAVEPOINT lw_sp_%d", conn->sp_depth);
            rc = conn->backend->run(conn, sql);
        }
        if (rc)
            return rc;
        conn->sp_depth--;
        return 0;
    }
    conn->schema_in_txn = 0;
    return conn->backend->end(conn, 0);
}

static int retryable(int rc)
{
    return rc == LW_ERETRY || rc == LW_ELOCKTIMEOUT;
}

int lw_transaction(lw_conn *conn, lw_txn_mode mode, int timeout_ms, lw_txn_fn fn, void *arg)
{
    if (!conn)
        return LW_EINVAL;
    if (!fn)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210, "lw_transaction: fn is NULL");
    if (timeout_ms < 0)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210,
                            "lw_transaction: invalid timeout_ms %d: expected 0 (the connection's "
                            "timeout) or more",
                            timeout_ms);
    /* Inside a transaction the helper is a savepoint and cannot retry on its own: the
     * outer transaction's snapshot is what conflicted. */
    int nested = conn->backend->in_transaction(conn);
    double deadline = lw_now() + (timeout_ms ? timeout_ms : conn->busy.timeout_ms) / 1000.0;
    for (int attempt = 0;; attempt++) {
        int rc = lw_begin(conn, mode);
        if (rc == 0) {
            rc = fn(conn, arg);
            if (rc == 0)
                rc = lw_commit(conn);
            if (rc) {
                lw_error *saved = lw_error_copy(&conn->err);
                lw_rollback(conn);
                if (saved) {
                    lw_error_reset(&conn->err);
                    conn->err = *saved;
                    sqlite3_free(saved);
                }
            }
        }
        if (rc == 0 || nested || !retryable(rc) || lw_now() >= deadline)
            return rc;
        /* Back off a little more on each attempt, with jitter, capped at 10 ms. */
        double pause = attempt < 10 ? 1.0 + attempt : 10.0;
        lw_busy_sleep(&conn->busy, pause, pause);
    }
}
