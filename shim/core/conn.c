/*
 * Connections: opening by URL, the busy policy, transactions, FOR UPDATE locking,
 * persistent-connection checks, templates and open-time warnings.
 *
 * Busy policy (ext/busy/busy.h, the one the SQL function lw_busy_timeout() installs
 * too): poll to a monotonic deadline (the URL's timeout) and record whether the wait
 * ended there. That record is what tells the two kinds of SQLITE_BUSY apart:
 *   - we waited to the deadline: lock timeout, SQLSTATE 55P03 / MySQL 1205;
 *   - SQLite refused at once without calling the handler (a read transaction cannot
 *     upgrade to a writer while another writes, or its snapshot is too old:
 *     SQLITE_BUSY_SNAPSHOT): retry the transaction, SQLSTATE 40001 / MySQL 1213.
 * Transactions on file databases begin IMMEDIATE by default, so they take the write
 * lock (waiting for it) up front and never meet the second kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "busy/busy_sql.h"
#include "info/info.h"
#include "likewise_ext.h"
#include "core/shim_int.h"

unsigned int lw_version_hex(void)
{
    return LW_VERSION_HEX;
}

const char *lw_version_string(void)
{
    return lw_version(); /* the build's version, the one likewise_version() reports */
}

double lw_now(void)
{
    return lw_busy_now();
}

int lw_conn_fail(lw_conn *conn, int rc)
{
    int ext = sqlite3_extended_errcode(conn->db);
    if ((ext & 0xff) != (rc & 0xff))
        ext = rc;
    lw_busy_cause cause = conn->busy.nowait      ? LW_BUSY_NOWAIT
                          : conn->busy.timed_out ? LW_BUSY_WAITED
                                                 : LW_BUSY_REFUSED;
    const char *msg = (ext & 0xff) == (sqlite3_errcode(conn->db) & 0xff) ? sqlite3_errmsg(conn->db)
                                                                         : sqlite3_errstr(ext);
    int code = lw_error_from_sqlite(&conn->err, ext, msg, cause);
    if (conn->dialect->map_error) {
        lw_dialect_error de = {{0}, conn->err.mysql_errno, NULL};
        memcpy(de.sqlstate, conn->err.sqlstate, 6);
        conn->dialect->map_error(conn->dialect_state, ext, conn->err.sqlite_message, &de);
        if (de.message) {
            sqlite3_free(conn->err.message);
            conn->err.message = de.message;
            memcpy(conn->err.sqlstate, de.sqlstate, 6);
            conn->err.mysql_errno = de.mysql_errno;
        }
    }
    return code;
}

/*
 * The transaction-control statements stay prepared for the connection's life. Besides
 * the parse they save, preparing BEGIN happens between one transaction's COMMIT and
 * the next one's lock, and COMMIT's while the lock is held: under contention a longer
 * gap between two transactions of one writer lets a polling waiter take the lock in
 * it more often, so more transactions have to wait.
 */
static const char *const control_sql[LW_CONTROL_STMTS] = {"BEGIN DEFERRED", "BEGIN IMMEDIATE",
                                                          "BEGIN EXCLUSIVE", "COMMIT", "ROLLBACK"};

static void control_clear(lw_conn *conn)
{
    for (int i = 0; i < LW_CONTROL_STMTS; i++) {
        sqlite3_finalize(conn->control[i]);
        conn->control[i] = NULL;
    }
}

int lw_conn_run(lw_conn *conn, const char *sql)
{
    sqlite3_stmt *stmt = NULL, **cached = NULL;
    for (int i = 0; i < LW_CONTROL_STMTS && !cached; i++)
        if (strcmp(sql, control_sql[i]) == 0)
            cached = &conn->control[i];
    conn->busy.timed_out = 0;
    int rc = SQLITE_OK;
    if (cached && *cached)
        stmt = *cached;
    else if ((rc = sqlite3_prepare_v3(conn->db, sql, -1, cached ? SQLITE_PREPARE_PERSISTENT : 0,
                                      &stmt, NULL)) != SQLITE_OK)
        return lw_conn_fail(conn, rc);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    int code = rc == SQLITE_DONE ? 0 : lw_conn_fail(conn, rc);
    if (cached) {
        sqlite3_reset(stmt);
        *cached = stmt;
    } else {
        sqlite3_finalize(stmt);
    }
    return code;
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

static int apply_pragma(lw_conn *conn, const char *name, const char *value)
{
    char *sql = sqlite3_mprintf("PRAGMA main.%s = %s", name, value);
    if (!sql)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    int rc = lw_conn_run(conn, sql);
    sqlite3_free(sql);
    return rc;
}

/* Collects lw_collation_check()'s rows as warnings when that function exists. */
static int collect_warnings(lw_conn *conn)
{
    sqlite3_stmt *stmt = NULL;
    int exists = 0;
    if (sqlite3_prepare_v2(conn->db,
                           "SELECT 1 FROM pragma_module_list WHERE name = 'lw_collation_check'", -1,
                           &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        exists = 1;
    sqlite3_finalize(stmt);
    if (!exists)
        return 0;
    int rc = sqlite3_prepare_v2(conn->db, "SELECT index_name, reason FROM lw_collation_check()", -1,
                                &stmt, NULL);
    if (rc != SQLITE_OK)
        return lw_conn_fail(conn, rc);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        char *w = sqlite3_mprintf("index %s: %s", (const char *)sqlite3_column_text(stmt, 0),
                                  (const char *)sqlite3_column_text(stmt, 1));
        char **ws =
            w ? sqlite3_realloc64(conn->warnings, (size_t)(conn->n_warnings + 1) * sizeof *ws)
              : NULL;
        if (!ws) {
            sqlite3_free(w);
            sqlite3_finalize(stmt);
            return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
        }
        ws[conn->n_warnings++] = w;
        conn->warnings = ws;
    }
    int code = rc == SQLITE_DONE ? 0 : lw_conn_fail(conn, rc);
    sqlite3_finalize(stmt);
    return code;
}

static int configure(lw_conn *conn, const lw_url *u)
{
    int rc = 0;
    char *err = NULL;
    if (sqlite3_likewise_init(conn->db, &err, NULL) != SQLITE_OK) {
        rc = lw_error_set(&conn->err, LW_ESQL, "XX000", 1105, "%s",
                          err ? err : "likewise: cannot register the extension");
        sqlite3_free(err);
        return rc;
    }
    sqlite3_extended_result_codes(conn->db, 1);
    /* The connection's policy is installed as its busy handler and becomes the one
     * lw_busy_timeout() reads and sets. */
    if (lw_busy_attach(conn->db, &conn->busy, &err) != SQLITE_OK) {
        rc = lw_error_set(&conn->err, LW_ESQL, "XX000", 1105, "%s",
                          err ? err : "likewise: cannot install the busy handler");
        sqlite3_free(err);
        return rc;
    }
    if (conn->is_file && !u->read_only)
        rc = apply_pragma(conn, "journal_mode", u->journal_mode ? u->journal_mode : "WAL");
    else if (u->journal_mode)
        rc = apply_pragma(conn, "journal_mode", u->journal_mode);
    if (rc == 0 && (conn->is_file || u->synchronous))
        rc = apply_pragma(conn, "synchronous", u->synchronous ? u->synchronous : "NORMAL");
    if (rc == 0)
        rc = apply_pragma(conn, "foreign_keys", u->foreign_keys ? "ON" : "OFF");
    if (rc == 0 && u->template_path) {
        lw_template *tpl = NULL;
        lw_error *terr = NULL;
        rc = lw_template_open(u->template_path, &tpl, &terr);
        if (rc) {
            lw_error_reset(&conn->err);
            if (terr)
                conn->err = *terr;
            sqlite3_free(terr);
            return rc;
        }
        rc = lw_clone_template(conn, tpl);
        lw_template_close(tpl);
    }
    if (rc == 0 && conn->dialect->on_open) {
        lw_dialect_error de = {{0}, 0, NULL};
        rc = conn->dialect->on_open(conn->db, &conn->dialect_state, &de);
        if (rc)
            return lw_error_from_dialect(&conn->err, rc, &de);
    }
    if (rc == 0 && conn->is_file)
        rc = collect_warnings(conn);
    if (rc == 0 && u->init)
        rc = lw_exec(conn, u->init, NULL, 0);
    return rc;
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
    conn->dialect = u.dialect;
    lw_busy_init(&conn->busy, u.timeout_ms);
    conn->is_file = u.path != NULL;
    conn->is_shared = u.shared != NULL;
    conn->read_only = u.read_only;
    conn->max_age = u.max_age;
    conn->opened_at = lw_now();
    /* Databases other connections can reach (files, shared memdb) take the write lock
     * up front; a private in-memory database has nobody to wait for. */
    conn->txn_mode = u.txn_mode                    ? u.txn_mode
                     : (conn->is_file || u.shared) ? LW_TXN_IMMEDIATE
                                                   : LW_TXN_DEFERRED;
    int flags = (u.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
    char *filename = NULL;
    if (u.shared) {
        flags |= SQLITE_OPEN_URI;
        filename = sqlite3_mprintf("file:/%s?vfs=memdb", u.shared);
    } else {
        filename = sqlite3_mprintf("%s", u.path ? u.path : ":memory:");
    }
    if (!filename) {
        rc = lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    } else {
        int src = sqlite3_open_v2(filename, &conn->db, flags, NULL);
        if (src != SQLITE_OK)
            rc = conn->db ? lw_conn_fail(conn, src)
                          : lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
        sqlite3_free(filename);
    }
    if (rc == 0)
        rc = configure(conn, &u);
    lw_url_free(&u);
    if (rc) {
        if (err)
            *err = lw_error_copy(&conn->err);
        lw_close(conn);
        return rc;
    }
    *out = conn;
    return 0;
}

int lw_close(lw_conn *conn)
{
    if (!conn)
        return 0;
    lw_cache_clear(conn);
    control_clear(conn);
    if (conn->dialect->on_close && conn->dialect_state)
        conn->dialect->on_close(conn->dialect_state);
    /* close_v2: lw_rows the caller forgot keep their statements valid until closed. */
    int rc = sqlite3_close_v2(conn->db) == SQLITE_OK ? 0 : LW_ESTATE;
    for (int i = 0; i < conn->n_warnings; i++)
        sqlite3_free(conn->warnings[i]);
    sqlite3_free(conn->warnings);
    lw_error_reset(&conn->err);
    sqlite3_free(conn);
    return rc;
}

const lw_error *lw_last_error(const lw_conn *conn)
{
    return conn ? &conn->err : NULL;
}

const char *lw_conn_dialect(const lw_conn *conn)
{
    return conn->dialect->name;
}

struct sqlite3 *lw_conn_sqlite(lw_conn *conn)
{
    return conn->db;
}

double lw_conn_age(const lw_conn *conn)
{
    return lw_now() - conn->opened_at;
}

int lw_conn_usable(lw_conn *conn)
{
    if (!conn)
        return 0;
    if (conn->max_age >= 0 && lw_conn_age(conn) >= conn->max_age)
        return 0;
    if (!sqlite3_get_autocommit(conn->db))
        return 0;
    return lw_conn_run(conn, "SELECT 1") == 0;
}

/* The dialect keeps the warnings (of the last statement, once one ran). */
static int dialect_warnings(const lw_conn *conn)
{
    return conn->statements_run && conn->dialect->warning_count && conn->dialect->warning_at;
}

int lw_warning_count(const lw_conn *conn)
{
    if (!conn)
        return 0;
    return dialect_warnings(conn) ? conn->dialect->warning_count(conn->dialect_state)
                                  : conn->n_warnings;
}

/* Warning i of the dialect's list, or NULL. */
static const lw_warning_item *dialect_warning(const lw_conn *conn, int i)
{
    if (i < 0 || i >= conn->dialect->warning_count(conn->dialect_state))
        return NULL;
    return conn->dialect->warning_at(conn->dialect_state, i);
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
    return sqlite3_changes64(conn->db);
}

int64_t lw_last_insert_id(lw_conn *conn)
{
    if (conn->dialect->last_insert_id)
        return conn->dialect->last_insert_id(conn->dialect_state);
    return sqlite3_last_insert_rowid(conn->db);
}

/* ---- Transactions ------------------------------------------------------------------ */

int lw_set_txn_mode(lw_conn *conn, lw_txn_mode mode)
{
    if (!conn || mode < LW_TXN_DEFERRED || mode > LW_TXN_EXCLUSIVE)
        return LW_EINVAL;
    conn->txn_mode = mode;
    return 0;
}

int lw_txn_depth(const lw_conn *conn)
{
    return sqlite3_get_autocommit(conn->db) ? 0 : 1 + conn->sp_depth;
}

static const char *begin_sql(int mode)
{
    return mode == LW_TXN_IMMEDIATE   ? "BEGIN IMMEDIATE"
           : mode == LW_TXN_EXCLUSIVE ? "BEGIN EXCLUSIVE"
                                      : "BEGIN DEFERRED";
}

int lw_begin(lw_conn *conn, lw_txn_mode mode)
{
    if (!conn || mode < LW_TXN_DEFAULT || mode > LW_TXN_EXCLUSIVE)
        return LW_EINVAL;
    lw_error_reset(&conn->err);
    if (sqlite3_get_autocommit(conn->db)) {
        conn->sp_depth = 0;
        return lw_conn_run(conn, begin_sql(mode ? (int)mode : conn->txn_mode));
    }
    char sql[48];
    snprintf(sql, sizeof sql, "SAVEPOINT lw_sp_%d", conn->sp_depth + 1);
    int rc = lw_conn_run(conn, sql);
    if (rc == 0)
        conn->sp_depth++;
    return rc;
}

int lw_commit(lw_conn *conn)
{
    if (!conn)
        return LW_EINVAL;
    lw_error_reset(&conn->err);
    if (sqlite3_get_autocommit(conn->db)) {
        conn->sp_depth = 0;
        return lw_error_set(&conn->err, LW_ESTATE, "25P01", 1399,
                            "there is no transaction in progress");
    }
    if (conn->sp_depth > 0) {
        char sql[48];
        snprintf(sql, sizeof sql, "RELEASE lw_sp_%d", conn->sp_depth);
        int rc = lw_conn_run(conn, sql);
        if (rc == 0)
            conn->sp_depth--;
        return rc;
    }
    return lw_conn_end_txn(conn, "COMMIT");
}

int lw_rollback(lw_conn *conn)
{
    if (!conn)
        return LW_EINVAL;
    lw_error_reset(&conn->err);
    if (sqlite3_get_autocommit(conn->db)) {
        /* Nothing to undo (SQLite may already have rolled back after an error). */
        conn->sp_depth = 0;
        return lw_conn_txn_ended(conn);
    }
    if (conn->sp_depth > 0) {
        char sql[80];
        snprintf(sql, sizeof sql, "ROLLBACK TO lw_sp_%d; RELEASE lw_sp_%d", conn->sp_depth,
                 conn->sp_depth);
        int rc = sqlite3_exec(conn->db, sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return lw_conn_fail(conn, rc);
        conn->sp_depth--;
        return 0;
    }
    return lw_conn_end_txn(conn, "ROLLBACK");
}

/*
 * Read-only transactions. SQLite has no per-transaction access mode, but its
 * connection flag PRAGMA query_only refuses every write (SQLITE_READONLY, 25006) and
 * lets reads, savepoints, COMMIT and ROLLBACK through. BEGIN READ ONLY (and SET
 * TRANSACTION READ ONLY) turns it on for the transaction's life; whatever ends the
 * transaction turns it back to what it was: COMMIT and ROLLBACK at once, a rollback
 * SQLite made on its own before the next statement runs.
 */
static int query_only(lw_conn *conn, int *value)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(conn->db, "PRAGMA query_only", -1, &stmt, NULL);
    int step = rc == SQLITE_OK ? sqlite3_step(stmt) : rc;
    if (step == SQLITE_ROW)
        *value = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return step == SQLITE_ROW ? 0 : lw_conn_fail(conn, step);
}

int lw_conn_txn_access(lw_conn *conn, int read_only)
{
    if (read_only == conn->txn_read_only)
        return 0;
    if (read_only) {
        int rc = query_only(conn, &conn->query_only_before);
        if (rc == 0)
            rc = lw_conn_run(conn, "PRAGMA query_only = 1");
        conn->txn_read_only = rc == 0;
        return rc;
    }
    conn->txn_read_only = 0;
    return conn->query_only_before ? 0 : lw_conn_run(conn, "PRAGMA query_only = 0");
}

int lw_conn_txn_ended(lw_conn *conn)
{
    if (!conn->txn_read_only || !sqlite3_get_autocommit(conn->db))
        return 0;
    return lw_conn_txn_access(conn, 0);
}

int lw_conn_end_txn(lw_conn *conn, const char *sql)
{
    int rc = lw_conn_run(conn, sql);
    int ended = lw_conn_txn_ended(conn);
    return rc ? rc : ended;
}

static int retryable(int rc)
{
    return rc == LW_ERETRY || rc == LW_ELOCKTIMEOUT;
}

int lw_transaction(lw_conn *conn, lw_txn_mode mode, int timeout_ms, lw_txn_fn fn, void *arg)
{
    if (!conn || !fn || timeout_ms < 0)
        return LW_EINVAL;
    /* Inside a transaction the helper is a savepoint and cannot retry on its own: the
     * outer transaction's snapshot is what conflicted. */
    int nested = !sqlite3_get_autocommit(conn->db);
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

/*
 * The write lock for SELECT ... FOR UPDATE/SHARE. SQLite locks the whole database, so
 * "these rows stay locked until the transaction ends" becomes "this transaction holds
 * the write lock until it ends":
 *   - outside a transaction the statement runs in its own IMMEDIATE transaction,
 *     committed when its rows are done (PostgreSQL's autocommit semantics);
 *   - in a transaction that has not touched the database yet, the empty transaction
 *     is replaced by an IMMEDIATE one (waiting for the lock like BEGIN IMMEDIATE);
 *   - in a transaction that has read, the read transaction is upgraded by rewriting
 *     the schema's user_version with its own value (a write that changes nothing).
 *     SQLite cannot wait during an upgrade: if another connection writes, this
 *     fails at once with 40001 (retry the transaction), as a deferred transaction's
 *     first write would.
 * NOWAIT turns every wait into an immediate 55P03.
 */
int lw_conn_lock_for_select(lw_conn *conn, lw_lock_wait wait, int *opened)
{
    *opened = 0;
    int rc = 0;
    conn->busy.nowait = wait == LW_WAIT_NOWAIT;
    if (sqlite3_get_autocommit(conn->db)) {
        rc = lw_conn_run(conn, "BEGIN IMMEDIATE");
        *opened = rc == 0;
    } else {
        int state = sqlite3_txn_state(conn->db, "main");
        if (state == SQLITE_TXN_NONE && conn->sp_depth == 0) {
            rc = lw_conn_run(conn, "COMMIT");
            if (rc == 0)
                rc = lw_conn_run(conn, "BEGIN IMMEDIATE");
        } else if (state != SQLITE_TXN_WRITE) {
            sqlite3_stmt *stmt = NULL;
            rc = sqlite3_prepare_v2(conn->db, "PRAGMA main.user_version", -1, &stmt, NULL);
            int step = rc == SQLITE_OK ? sqlite3_step(stmt) : rc;
            if (step == SQLITE_ROW) {
                char sql[64];
                snprintf(sql, sizeof sql, "PRAGMA main.user_version = %d",
                         sqlite3_column_int(stmt, 0));
                sqlite3_finalize(stmt);
                rc = lw_conn_run(conn, sql);
            } else {
                rc = lw_conn_fail(conn, step);
                sqlite3_finalize(stmt);
            }
        }
    }
    conn->busy.nowait = 0;
    return rc;
}

/* ---- Templates --------------------------------------------------------------------- */

struct lw_template_s {
    unsigned char *image; /* the database file's bytes (sqlite3_malloc) */
    sqlite3_int64 size;
};

int lw_template_open(const char *path, lw_template **out, lw_error **err)
{
    if (err)
        *err = NULL;
    if (!out || !path)
        return open_error(err, LW_EINVAL, "22023", 1210, "lw_template_open: NULL argument");
    *out = NULL;
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    sqlite3_int64 size = 0;
    unsigned char *image = NULL;
    if (rc == SQLITE_OK) {
        /* A read transaction makes the copy one consistent snapshot (WAL included). */
        rc = sqlite3_exec(db, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            image = sqlite3_serialize(db, "main", &size, 0);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    }
    if (!image || size < 100) {
        char *msg =
            sqlite3_mprintf("cannot load template database '%s': %s", path,
                            rc != SQLITE_OK ? sqlite3_errmsg(db) : "empty or not a database");
        int code = rc == SQLITE_OK || rc == SQLITE_NOTADB ? LW_ECORRUPT : LW_ECANTOPEN;
        open_error(err, code, "58P01", 1049, msg);
        sqlite3_free(msg);
        sqlite3_free(image);
        sqlite3_close(db);
        return code;
    }
    sqlite3_close(db);
    /* A WAL database's header says so (bytes 18 and 19 are 2); the clone lives in the
     * memdb VFS, which has no WAL, so it becomes a rollback-journal database. */
    if (image[18] == 2)
        image[18] = 1;
    if (image[19] == 2)
        image[19] = 1;
    lw_template *tpl = sqlite3_malloc64(sizeof *tpl);
    if (!tpl) {
        sqlite3_free(image);
        return open_error(err, LW_ENOMEM, "53200", 1037, NULL);
    }
    tpl->image = image;
    tpl->size = size;
    *out = tpl;
    return 0;
}

void lw_template_close(lw_template *tpl)
{
    if (!tpl)
        return;
    sqlite3_free(tpl->image);
    sqlite3_free(tpl);
}

int64_t lw_template_size(const lw_template *tpl)
{
    return tpl ? tpl->size : 0;
}

int lw_clone_template(lw_conn *conn, const lw_template *tpl)
{
    if (!conn || !tpl)
        return LW_EINVAL;
    lw_error_reset(&conn->err);
    if (conn->is_file || conn->is_shared)
        return lw_error_set(&conn->err, LW_ESTATE, "55000", 1105,
                            "templates clone into a private in-memory database "
                            "(sqlite::memory:)");
    if (!sqlite3_get_autocommit(conn->db))
        return lw_error_set(&conn->err, LW_ESTATE, "25001", 1399,
                            "cannot clone a template inside a transaction");
    int busy = lw_cache_busy(conn);
    for (sqlite3_stmt *st = sqlite3_next_stmt(conn->db, NULL); st && !busy;
         st = sqlite3_next_stmt(conn->db, st))
        busy = sqlite3_stmt_busy(st);
    if (busy)
        return lw_error_set(&conn->err, LW_ESTATE, "55006", 1105,
                            "cannot clone a template while query results are open "
                            "(lw_rows_close them first)");
    unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)tpl->size);
    if (!copy)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    memcpy(copy, tpl->image, (size_t)tpl->size);
    /* Cached statements belong to the old database; deserialize needs none running. */
    lw_cache_clear(conn);
    control_clear(conn);
    int rc = sqlite3_deserialize(conn->db, "main", copy, tpl->size, tpl->size,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    if (rc != SQLITE_OK)
        return lw_conn_fail(conn, rc);
    return 0;
}
