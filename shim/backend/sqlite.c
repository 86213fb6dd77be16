/*
 * The embedded backend: SQLite with the likewise extension registered on every
 * connection, the dialect translators, the busy policy, FOR UPDATE as the database
 * write lock, read-only transactions and open-time warnings (backend.h has the
 * interface; templates are in sqlite_template.c, the collation versions of the
 * indexes a statement builds in sqlite_index_versions.c).
 *
 * Busy policy (ext/busy/busy.h, the one the SQL function lw_busy_timeout() installs
 * too; the connection's conn->busy): poll to a monotonic deadline (the URL's timeout)
 * and record whether the wait ended there. That record is what tells the two kinds of
 * SQLITE_BUSY apart:
 *   - we waited to the deadline: lock timeout, SQLSTATE 55P03 / MySQL 1205;
 *   - SQLite refused at once without calling the handler (a read transaction cannot
 *     upgrade to a writer while another writes, or its snapshot is too old:
 *     SQLITE_BUSY_SNAPSHOT): retry the transaction, SQLSTATE 40001 / MySQL 1213.
 * Transactions on file databases begin IMMEDIATE by default, so they take the write
 * lock (waiting for it) up front and never meet the second kind.
 */
#include "backend/sqlite.h"

#include <stdio.h>
#include <string.h>

#include "busy/busy_sql.h"
#include "likewise_ext.h"

static lw_sqlite *state(const lw_conn *conn)
{
    return conn->backend_state;
}

/* The vendor code of the connection's last error where the dialect's numbers are
 * MySQL's (lw_error_vendor_code); a dialect with numbers of its own set it already. */
static int vendor_code(lw_conn *conn, int code)
{
    if (conn->dialect->vendor_code_is_mysql_errno && !conn->err.vendor_code)
        conn->err.vendor_code = conn->err.mysql_errno;
    return code;
}

/* lw_error_from_dialect and the vendor code. */
static int dialect_fail(lw_conn *conn, int code, lw_dialect_error *de)
{
    return vendor_code(conn, lw_error_from_dialect(&conn->err, code, de));
}

int lw_sqlite_fail(lw_conn *conn, int rc)
{
    lw_sqlite *s = state(conn);
    int ext = sqlite3_extended_errcode(s->db);
    if ((ext & 0xff) != (rc & 0xff))
        ext = rc;
    lw_busy_cause cause = conn->busy.nowait      ? LW_BUSY_NOWAIT
                          : conn->busy.timed_out ? LW_BUSY_WAITED
                                                 : LW_BUSY_REFUSED;
    const char *msg = (ext & 0xff) == (sqlite3_errcode(s->db) & 0xff) ? sqlite3_errmsg(s->db)
                                                                      : sqlite3_errstr(ext);
    int code = lw_error_from_sqlite(&conn->err, ext, msg, cause);
    if (conn->dialect->map_error) {
        lw_dialect_error de = {{0}, conn->err.mysql_errno, NULL, 0};
        memcpy(de.sqlstate, conn->err.sqlstate, 6);
        conn->dialect->map_error(s->dialect_state, ext, conn->err.sqlite_message, &de);
        if (de.message) {
            sqlite3_free(conn->err.message);
            conn->err.message = de.message;
            memcpy(conn->err.sqlstate, de.sqlstate, 6);
            conn->err.mysql_errno = de.mysql_errno;
            conn->err.vendor_code = de.vendor_code;
        }
    }
    return vendor_code(conn, code);
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

void lw_sqlite_control_clear(lw_sqlite *s)
{
    for (int i = 0; i < LW_CONTROL_STMTS; i++) {
        sqlite3_finalize(s->control[i]);
        s->control[i] = NULL;
    }
}

int lw_sqlite_run(lw_conn *conn, const char *sql)
{
    lw_sqlite *s = state(conn);
    sqlite3_stmt *stmt = NULL, **cached = NULL;
    for (int i = 0; i < LW_CONTROL_STMTS && !cached; i++)
        if (strcmp(sql, control_sql[i]) == 0)
            cached = &s->control[i];
    conn->busy.timed_out = 0;
    int rc = SQLITE_OK;
    if (cached && *cached)
        stmt = *cached;
    else if ((rc = sqlite3_prepare_v3(s->db, sql, -1, cached ? SQLITE_PREPARE_PERSISTENT : 0, &stmt,
                                      NULL)) != SQLITE_OK)
        return lw_sqlite_fail(conn, rc);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    int code = rc == SQLITE_DONE ? 0 : lw_sqlite_fail(conn, rc);
    if (cached) {
        sqlite3_reset(stmt);
        *cached = stmt;
    } else {
        sqlite3_finalize(stmt);
    }
    return code;
}

/* ---- Opening ----------------------------------------------------------------------- */

static int apply_pragma(lw_conn *conn, const char *name, const char *value)
{
    char *sql = sqlite3_mprintf("PRAGMA main.%s = %s", name, value);
    if (!sql)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    int rc = lw_sqlite_run(conn, sql);
    sqlite3_free(sql);
    return rc;
}

/* Collects lw_collation_check()'s rows as warnings when that function exists. */
static int collect_warnings(lw_conn *conn)
{
    sqlite3 *db = state(conn)->db;
    sqlite3_stmt *stmt = NULL;
    int exists = 0;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_module_list WHERE name = 'lw_collation_check'",
                           -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        exists = 1;
    sqlite3_finalize(stmt);
    if (!exists)
        return 0;
    int rc = sqlite3_prepare_v2(db, "SELECT index_name, reason FROM lw_collation_check()", -1,
                                &stmt, NULL);
    if (rc != SQLITE_OK)
        return lw_sqlite_fail(conn, rc);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        char *w = sqlite3_mprintf("index %s: %s", (const char *)sqlite3_column_text(stmt, 0),
                                  (const char *)sqlite3_column_text(stmt, 1));
        if (lw_conn_add_warning(conn, w)) {
            sqlite3_finalize(stmt);
            return LW_ENOMEM;
        }
    }
    int code = rc == SQLITE_DONE ? 0 : lw_sqlite_fail(conn, rc);
    sqlite3_finalize(stmt);
    return code;
}

static int configure(lw_conn *conn, const lw_url *u)
{
    lw_sqlite *s = state(conn);
    int rc = 0;
    char *err = NULL;
    if (sqlite3_likewise_init(s->db, &err, NULL) != SQLITE_OK) {
        rc = lw_error_set(&conn->err, LW_ESQL, "XX000", 1105, "%s",
                          err ? err : "likewise: cannot register the extension");
        sqlite3_free(err);
        return rc;
    }
    sqlite3_extended_result_codes(s->db, 1);
    /* The connection's policy is installed as its busy handler and becomes the one
     * lw_busy_timeout() reads and sets. */
    if (lw_busy_attach(s->db, &conn->busy, &err) != SQLITE_OK) {
        rc = lw_error_set(&conn->err, LW_ESQL, "XX000", 1105, "%s",
                          err ? err : "likewise: cannot install the busy handler");
        sqlite3_free(err);
        return rc;
    }
    if (s->is_file && !u->read_only)
        rc = apply_pragma(conn, "journal_mode", u->journal_mode ? u->journal_mode : "WAL");
    else if (u->journal_mode)
        rc = apply_pragma(conn, "journal_mode", u->journal_mode);
    if (rc == 0 && (s->is_file || u->synchronous))
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
        lw_dialect_error de = {{0}, 0, NULL, 0};
        rc = conn->dialect->on_open(s->db, &s->dialect_state, &de);
        if (rc)
            return dialect_fail(conn, rc, &de);
    }
    if (rc == 0 && s->is_file)
        rc = collect_warnings(conn);
    return rc;
}

static int sqlite_open(lw_conn *conn, const lw_url *u)
{
    lw_sqlite *s = sqlite3_malloc64(sizeof *s);
    if (!s)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    memset(s, 0, sizeof *s);
    conn->backend_state = s;
    s->is_file = u->path != NULL;
    s->is_shared = u->shared != NULL;
    /* Databases other connections can reach (files, shared memdb) take the write lock
     * up front; a private in-memory database has nobody to wait for. */
    conn->txn_mode = u->txn_mode                    ? u->txn_mode
                     : (s->is_file || s->is_shared) ? LW_TXN_IMMEDIATE
                                                    : LW_TXN_DEFERRED;
    int flags = (u->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
    char *filename = NULL;
    if (u->shared) {
        flags |= SQLITE_OPEN_URI;
        filename = sqlite3_mprintf("file:/%s?vfs=memdb", u->shared);
    } else {
        filename = sqlite3_mprintf("%s", u->path ? u->path : ":memory:");
    }
    if (!filename)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    int src = sqlite3_open_v2(filename, &s->db, flags, NULL);
    sqlite3_free(filename);
    if (src != SQLITE_OK)
        return s->db ? lw_sqlite_fail(conn, src)
                     : lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    return configure(conn, u);
}

static void sqlite_close(lw_conn *conn)
{
    lw_sqlite *s = state(conn);
    if (!s)
        return;
    lw_sqlite_control_clear(s);
    if (conn->dialect->on_close && s->dialect_state)
        conn->dialect->on_close(s->dialect_state);
    /* close_v2: lw_rows the caller forgot keep their statements valid until closed. */
    sqlite3_close_v2(s->db);
    sqlite3_free(s);
    conn->backend_state = NULL;
}

struct sqlite3 *lw_conn_sqlite(lw_conn *conn)
{
    return conn && conn->backend == &lw_backend_sqlite ? state(conn)->db : NULL;
}

static int sqlite_in_transaction(const lw_conn *conn)
{
    return !sqlite3_get_autocommit(state(conn)->db);
}

static int sqlite_ping(lw_conn *conn)
{
    return lw_sqlite_run(conn, "SELECT 1") == 0;
}

static int sqlite_cancel(lw_conn *conn)
{
    sqlite3_interrupt(state(conn)->db);
    return 0;
}

static int64_t sqlite_changes(lw_conn *conn)
{
    return sqlite3_changes64(state(conn)->db);
}

void *lw_conn_dialect_state(const lw_conn *conn)
{
    if (conn->backend != &lw_backend_sqlite || !conn->backend_state)
        return NULL;
    return ((const lw_sqlite *)conn->backend_state)->dialect_state;
}

static int64_t sqlite_last_insert_id(lw_conn *conn)
{
    if (conn->dialect->last_insert_id)
        return conn->dialect->last_insert_id(state(conn)->dialect_state);
    return sqlite3_last_insert_rowid(state(conn)->db);
}

/* ---- Transactions ------------------------------------------------------------------ */

static int sqlite_begin(lw_conn *conn, int mode)
{
    return lw_sqlite_run(conn, mode == LW_TXN_IMMEDIATE   ? "BEGIN IMMEDIATE"
                               : mode == LW_TXN_EXCLUSIVE ? "BEGIN EXCLUSIVE"
                                                          : "BEGIN DEFERRED");
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
    int rc = sqlite3_prepare_v2(state(conn)->db, "PRAGMA query_only", -1, &stmt, NULL);
    int step = rc == SQLITE_OK ? sqlite3_step(stmt) : rc;
    if (step == SQLITE_ROW)
        *value = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return step == SQLITE_ROW ? 0 : lw_sqlite_fail(conn, step);
}

/* Makes the open transaction read-only (on) or read-write again (PRAGMA query_only).
 * Returns 0 or an LW_E* code. */
static int txn_access(lw_conn *conn, int read_only)
{
    lw_sqlite *s = state(conn);
    if (read_only == s->txn_read_only)
        return 0;
    if (read_only) {
        int rc = query_only(conn, &s->query_only_before);
        if (rc == 0)
            rc = lw_sqlite_run(conn, "PRAGMA query_only = 1");
        s->txn_read_only = rc == 0;
        return rc;
    }
    s->txn_read_only = 0;
    return s->query_only_before ? 0 : lw_sqlite_run(conn, "PRAGMA query_only = 0");
}

/* Restores PRAGMA query_only once the read-only transaction is over (committed,
 * rolled back, or rolled back by SQLite itself). Cheap when there is nothing to do. */
static int txn_ended(lw_conn *conn)
{
    if (!state(conn)->txn_read_only || !sqlite3_get_autocommit(state(conn)->db))
        return 0;
    return txn_access(conn, 0);
}

/* Runs COMMIT or ROLLBACK, then txn_ended: the first failure wins. A rollback outside
 * a transaction (SQLite rolled back on its own) only restores query_only. */
static int sqlite_end(lw_conn *conn, int commit)
{
    if (!commit && sqlite3_get_autocommit(state(conn)->db))
        return txn_ended(conn);
    int rc = lw_sqlite_run(conn, commit ? "COMMIT" : "ROLLBACK");
    int ended = txn_ended(conn);
    return rc ? rc : ended;
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
 * NOWAIT turns every wait into an immediate 55P03, WAIT n (Oracle's) waits n seconds
 * instead of the connection's timeout, and SKIP LOCKED does not wait either (its
 * caller turns the refusal into no rows). *opened says whether it opened a
 * transaction that the statement must end.
 */
static int lock_for_select(lw_conn *conn, lw_lock_wait wait, int wait_seconds, int *opened)
{
    lw_sqlite *s = state(conn);
    *opened = 0;
    int rc = 0;
    conn->busy.nowait = wait == LW_WAIT_NOWAIT || wait == LW_WAIT_SKIP_LOCKED;
    /* WAIT n: this lock waits n seconds instead of the connection's timeout. */
    int timeout = conn->busy.timeout_ms;
    if (wait == LW_WAIT_SECONDS)
        conn->busy.timeout_ms = wait_seconds > 2000000 ? 2000000000 : wait_seconds * 1000;
    if (sqlite3_get_autocommit(s->db)) {
        rc = lw_sqlite_run(conn, "BEGIN IMMEDIATE");
        *opened = rc == 0;
    } else {
        int txn = sqlite3_txn_state(s->db, "main");
        if (txn == SQLITE_TXN_NONE && conn->sp_depth == 0) {
            rc = lw_sqlite_run(conn, "COMMIT");
            if (rc == 0)
                rc = lw_sqlite_run(conn, "BEGIN IMMEDIATE");
            /* SKIP LOCKED not locked: the statement succeeds with no rows, so the
             * caller's transaction, empty until now, must stay open as it was. */
            if (rc && wait == LW_WAIT_SKIP_LOCKED && sqlite3_get_autocommit(s->db))
                sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
        } else if (txn != SQLITE_TXN_WRITE) {
            sqlite3_stmt *stmt = NULL;
            rc = sqlite3_prepare_v2(s->db, "PRAGMA main.user_version", -1, &stmt, NULL);
            int step = rc == SQLITE_OK ? sqlite3_step(stmt) : rc;
            if (step == SQLITE_ROW) {
                char sql[64];
                snprintf(sql, sizeof sql, "PRAGMA main.user_version = %d",
                         sqlite3_column_int(stmt, 0));
                sqlite3_finalize(stmt);
                rc = lw_sqlite_run(conn, sql);
            } else {
                rc = lw_sqlite_fail(conn, step);
                sqlite3_finalize(stmt);
            }
        }
    }
    conn->busy.nowait = 0;
    conn->busy.timeout_ms = timeout;
    return rc;
}

/* ---- Compiling: the dialect's translation ----------------------------------------- */

static int sqlite_compile(lw_conn *conn, const char *text, const lw_token *toks, size_t n,
                          int anonymous_before, lw_compiled *c)
{
    lw_token *kept = NULL;
    size_t n_kept = 0;
    if (lw_describe(text, toks, n, conn->dialect->set_transaction, &c->desc, &kept, &n_kept))
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    if (c->desc.kind == LW_KIND_EMPTY)
        return 0;
    if (n) {
        c->desc.source = text + toks[0].offset;
        c->desc.source_len = toks[n - 1].offset + toks[n - 1].length - toks[0].offset;
    }
    lw_sqlbuf out = {0};
    lw_dialect_error derr = {{0}, 0, NULL, 0};
    c->params.anonymous_seen = anonymous_before;
    /* The locking clauses are the core's business here (lock_for_select): the dialect
     * translates the statement without them. */
    lw_translation t = {text,  kept ? kept : toks, kept ? n_kept : n,          &out, &c->params,
                        &derr, &c->desc,           state(conn)->dialect_state, NULL};
    int rc;
    if (c->desc.kind == LW_KIND_PLAIN)
        rc = conn->dialect->translate(conn->dialect, &t);
    else
        rc = lw_translate_identity(conn->dialect, &t);
    sqlite3_free(kept);
    c->dialect_data = t.stmt_data;
    if (rc) {
        lw_sqlbuf_free(&out);
        return dialect_fail(conn, rc, &derr);
    }
    lw_dialect_error_clear(&derr);
    c->sql = lw_sqlbuf_finish(&out);
    if (!c->sql)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    /* Read once here rather than by before_statement on every run. */
    if (conn->dialect->statement_facts)
        c->desc.facts = conn->dialect->statement_facts(&c->desc, c->sql);
    return 0;
}

/* ---- Transaction control and the dialect's say ------------------------------------ */

static int run_control(lw_conn *conn, const lw_stmt_desc *d)
{
    lw_sqlite *s = state(conn);
    int rc;
    switch (d->kind) {
    case LW_KIND_BEGIN:
        if (!sqlite3_get_autocommit(s->db))
            return lw_error_set(&conn->err, LW_ESTATE, "25001", 1399,
                                "there is already a transaction in progress");
        /* A read-only transaction never needs the write lock: it begins DEFERRED
         * unless BEGIN names a mode. */
        rc = lw_begin(conn, d->access == LW_ACCESS_READ_ONLY && !d->begin_mode ? LW_TXN_DEFERRED
                                                                               : d->begin_mode);
        s->txn_queried = 0;
        if (rc == 0 && d->access == LW_ACCESS_READ_ONLY)
            rc = txn_access(conn, 1);
        return rc;
    case LW_KIND_SET_TXN:
        if (sqlite3_get_autocommit(s->db))
            return lw_error_set(&conn->err, LW_ESTATE, "25P01", 1399,
                                "SET TRANSACTION can only be used in transaction blocks");
        if (d->access == LW_ACCESS_READ_WRITE && s->txn_read_only && s->txn_queried)
            return lw_error_set(&conn->err, LW_ESTATE, "25001", 1568,
                                "transaction read-write mode must be set before any query");
        return d->access ? txn_access(conn, d->access == LW_ACCESS_READ_ONLY) : 0;
    case LW_KIND_COMMIT:
    case LW_KIND_ROLLBACK:
        if (sqlite3_get_autocommit(s->db))
            return lw_error_set(&conn->err, LW_ESTATE, "25P01", 1399,
                                "there is no transaction in progress");
        conn->sp_depth = 0;
        return sqlite_end(conn, d->kind == LW_KIND_COMMIT);
    default:
        return 0;
    }
}

/*
 * Before a statement runs: a read-only transaction SQLite ended on its own gets its
 * query_only back; the dialect's before_statement hook has its say (dialect.h); and
 * transaction control runs through run_control. Returns 1 when c was handled here
 * (skipped, rolled back instead of committed, or run as control: *rc its outcome), 0
 * to run it as compiled, or a negative code with the connection's error set.
 */
static int sqlite_intercept(lw_conn *conn, const lw_compiled *c, int *rc)
{
    lw_sqlite *s = state(conn);
    if (s->txn_read_only && txn_ended(conn))
        return conn->err.code;
    int verdict = LW_RUN_GO;
    if (conn->dialect->before_statement) {
        lw_dialect_error de = {{0}, 0, NULL, 0};
        verdict =
            conn->dialect->before_statement(s->dialect_state, &c->desc, c->sql ? c->sql : "", &de);
        if (verdict < 0)
            return dialect_fail(conn, verdict, &de);
        if (de.message) /* a message of a hook that let the statement run: dropped */
            lw_dialect_error_clear(&de);
    }
    /* The common case, a statement the hook lets run as it is: nothing to decide. */
    if (verdict != LW_RUN_GO) {
        int immediate = verdict & LW_RUN_IMMEDIATE;
        verdict &= ~LW_RUN_IMMEDIATE;
        if (verdict == LW_RUN_SKIP) {
            *rc = 0;
            return 1;
        }
        if (verdict == LW_RUN_RESTART && !sqlite3_get_autocommit(s->db)) {
            conn->sp_depth = 0;
            int ended = sqlite_end(conn, 1);
            if (ended)
                return ended;
        }
        if ((verdict == LW_RUN_BEGIN_FIRST || verdict == LW_RUN_RESTART) &&
            sqlite3_get_autocommit(s->db)) {
            /* A locking statement takes its lock itself (lock_for_select, with its own
             * NOWAIT or WAIT): the transaction begun for it starts deferred. */
            int begun = lw_begin(conn, immediate                      ? LW_TXN_IMMEDIATE
                                       : c->desc.lock != LW_LOCK_NONE ? LW_TXN_DEFERRED
                                                                      : 0);
            s->txn_queried = 0;
            if (begun)
                return begun;
        }
        if (verdict == LW_RUN_COMMIT_FIRST && !sqlite3_get_autocommit(s->db)) {
            conn->sp_depth = 0;
            int ended = sqlite_end(conn, 1);
            if (ended)
                return ended;
        }
        if (verdict == LW_RUN_AS_ROLLBACK) {
            lw_stmt_desc rollback = {.kind = LW_KIND_ROLLBACK};
            *rc = run_control(conn, &rollback);
            return 1;
        }
    }
    if (c->desc.kind != LW_KIND_PLAIN) {
        *rc = run_control(conn, &c->desc);
        return 1;
    }
    s->txn_queried = 1;
    return 0;
}

/* ---- Statements -------------------------------------------------------------------- */

struct lw_bstmt {
    lw_conn *conn;
    sqlite3_stmt *stmt;
    const lw_compiled *compiled;
    int owns_txn;         /* a locking SELECT outside a transaction: end it when done */
    int building;         /* the savepoint of lw_index_build_begin is open */
    lw_index_build build; /* a copy: the cache entry may go while the rows are open */
    int finished;         /* stepped to the end or failed: nothing left to finish */
    lw_sqlbuf display;    /* lw_column_display's buffer */
};

static int sqlite_prepare(lw_conn *conn, lw_compiled *c, int persistent, lw_bstmt **out)
{
    lw_sqlite *s = state(conn);
    *out = NULL;
    lw_bstmt *b = sqlite3_malloc64(sizeof *b);
    if (!b)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    memset(b, 0, sizeof *b);
    b->conn = conn;
    b->compiled = c;
    conn->busy.timed_out = 0;
    int rc = sqlite3_prepare_v3(s->db, c->sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                                &b->stmt, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_free(b);
        return lw_sqlite_fail(conn, rc);
    }
    if (!b->stmt) { /* only a comment survived translation */
        sqlite3_free(b);
        return lw_error_set(&conn->err, LW_EINVAL, "42601", 1065, "empty statement");
    }
    *out = b;
    return 0;
}

static int sqlite_bind(lw_bstmt *b, const lw_compiled *c, const lw_value *values, int n, int copy)
{
    void (*lifetime)(void *) = copy ? SQLITE_TRANSIENT : SQLITE_STATIC;
    sqlite3_stmt *stmt = b->stmt;
    lw_conn *conn = b->conn;
    if (c->dialect_data && conn->dialect->check_values) {
        /* The dialect's rules for the values, where the statement stores them; it may
         * hand back converted values (its own, valid until its next call). */
        lw_dialect_error de = {{0}, 0, NULL, 0};
        int rc = conn->dialect->check_values(state(conn)->dialect_state, c->dialect_data,
                                             &c->params, &values, n, &de);
        if (rc)
            return lw_error_from_dialect(&conn->err, rc, &de);
        if (de.message)
            lw_dialect_error_clear(&de);
    }
    for (int k = 0; k < c->params.n; k++) {
        const lw_value *v = lw_param_value(c, k, values, n);
        int rc;
        switch (v->type) {
        case LW_TYPE_NULL:
            rc = sqlite3_bind_null(stmt, k + 1);
            break;
        case LW_TYPE_INT:
            rc = sqlite3_bind_int64(stmt, k + 1, v->v.i);
            break;
        case LW_TYPE_REAL:
            rc = sqlite3_bind_double(stmt, k + 1, v->v.d);
            break;
        case LW_TYPE_TEXT: {
            sqlite3_uint64 len = !v->v.s.p      ? 0
                                 : v->v.s.n < 0 ? strlen(v->v.s.p)
                                                : (sqlite3_uint64)v->v.s.n;
            /* Oracle's empty string is NULL, bound parameters included. */
            rc = v->v.s.p && (len || !b->conn->dialect->empty_text_is_null)
                     ? sqlite3_bind_text64(stmt, k + 1, v->v.s.p, len, lifetime, SQLITE_UTF8)
                     : sqlite3_bind_null(stmt, k + 1);
            break;
        }
        case LW_TYPE_BLOB:
            rc = sqlite3_bind_blob64(stmt, k + 1, v->v.s.p ? v->v.s.p : "",
                                     v->v.s.n < 0 ? 0 : (sqlite3_uint64)v->v.s.n, lifetime);
            break;
        default:
            return lw_error_set(&b->conn->err, LW_EINVAL, "22023", 1210,
                                "value for parameter %d has an invalid type %d", k + 1,
                                (int)v->type);
        }
        if (rc != SQLITE_OK)
            return lw_sqlite_fail(b->conn, rc);
    }
    return 0;
}

/* Takes the lock of a locking SELECT and opens the savepoint of a statement that
 * builds indexes, before the first step. */
static int sqlite_start(lw_bstmt *b)
{
    const lw_stmt_desc *d = &b->compiled->desc;
    int rc = 0;
    b->finished = 0;
    if (d->lock != LW_LOCK_NONE &&
        (rc = lock_for_select(b->conn, d->wait, d->wait_seconds, &b->owns_txn)) != 0) {
        /* SKIP LOCKED while another connection holds the write lock: that writer may
         * have any row, so every row counts as locked by it and none is returned, at
         * once, as PostgreSQL never waits for a locked row there. A stale snapshot
         * (40001) stays an error: skipping would hide a conflict. */
        if (d->wait != LW_WAIT_SKIP_LOCKED || rc != LW_ELOCKTIMEOUT)
            return rc;
        lw_error_reset(&b->conn->err);
        b->finished = 1;
        return 0;
    }
    if (d->build.what != LW_BUILDS_NOTHING) {
        if (lw_index_build_copy(&d->build, &b->build) != 0)
            return lw_error_set(&b->conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
        rc = lw_index_build_begin(b->conn, &b->build, &b->building);
    }
    return rc;
}

/* Ends the transaction a locking SELECT opened for itself. */
static int finish_txn(lw_bstmt *b, int failed)
{
    if (!b->owns_txn)
        return 0;
    b->owns_txn = 0;
    return lw_sqlite_run(b->conn, failed ? "ROLLBACK" : "COMMIT");
}

/* Ends the savepoint of a statement that builds indexes: records their versions when
 * it succeeded (see sqlite_index_versions.c). */
static int finish_build(lw_bstmt *b, int succeeded)
{
    if (!b->building)
        return 0;
    b->building = 0;
    if (succeeded)
        sqlite3_reset(b->stmt);
    int rc = lw_index_build_end(b->conn, &b->build, succeeded);
    lw_index_build_free(&b->build);
    return rc;
}

static int sqlite_step(lw_bstmt *b)
{
    if (b->finished)
        return LW_DONE;
    b->conn->busy.timed_out = 0;
    int rc = sqlite3_step(b->stmt);
    if (rc == SQLITE_ROW)
        return LW_ROW;
    b->finished = 1;
    if (rc == SQLITE_DONE) {
        lw_error_reset(&b->conn->err);
        int code = finish_build(b, 1);
        int txn = finish_txn(b, code != 0);
        return code ? code : txn ? txn : LW_DONE;
    }
    int code = lw_sqlite_fail(b->conn, rc);
    sqlite3_reset(b->stmt);
    finish_build(b, 0);
    finish_txn(b, 1);
    return code;
}

static int sqlite_reset(lw_bstmt *b)
{
    sqlite3_reset(b->stmt);
    sqlite3_clear_bindings(b->stmt);
    finish_build(b, 0);
    lw_index_build_free(&b->build);
    b->finished = 0;
    return finish_txn(b, 0);
}

static void sqlite_finalize(lw_bstmt *b)
{
    if (!b)
        return;
    sqlite3_finalize(b->stmt);
    lw_index_build_free(&b->build);
    lw_sqlbuf_free(&b->display);
    sqlite3_free(b);
}

/* ---- Columns ------------------------------------------------------------------------ */

static int sqlite_column_count(const lw_bstmt *b)
{
    return sqlite3_column_count(b->stmt);
}

static const char *sqlite_column_name(const lw_bstmt *b, int col)
{
    return sqlite3_column_name(b->stmt, col);
}

static const char *sqlite_column_decltype(const lw_bstmt *b, int col)
{
    return sqlite3_column_decltype(b->stmt, col);
}

static lw_type sqlite_column_type(lw_bstmt *b, int col)
{
    switch (sqlite3_column_type(b->stmt, col)) {
    case SQLITE_INTEGER:
        return LW_TYPE_INT;
    case SQLITE_FLOAT:
        return LW_TYPE_REAL;
    case SQLITE_TEXT:
        return LW_TYPE_TEXT;
    case SQLITE_BLOB:
        return LW_TYPE_BLOB;
    default:
        return LW_TYPE_NULL;
    }
}

static int64_t sqlite_column_int64(lw_bstmt *b, int col)
{
    return sqlite3_column_int64(b->stmt, col);
}

static double sqlite_column_double(lw_bstmt *b, int col)
{
    return sqlite3_column_double(b->stmt, col);
}

static const char *sqlite_column_text(lw_bstmt *b, int col)
{
    return (const char *)sqlite3_column_text(b->stmt, col);
}

static const void *sqlite_column_blob(lw_bstmt *b, int col)
{
    return sqlite3_column_blob(b->stmt, col);
}

static int sqlite_column_bytes(lw_bstmt *b, int col)
{
    return sqlite3_column_bytes(b->stmt, col);
}

static const char *sqlite_column_display(lw_bstmt *b, int col)
{
    if (sqlite3_column_type(b->stmt, col) == SQLITE_NULL)
        return NULL;
    const lw_dialect *d = b->conn->dialect;
    if (d->format_value) {
        lw_sqlbuf_reset(&b->display);
        if (d->format_value(state(b->conn)->dialect_state, b->stmt, col, &b->display) &&
            !b->display.oom)
            return b->display.s ? b->display.s : "";
    }
    return (const char *)sqlite3_column_text(b->stmt, col);
}

const lw_backend lw_backend_sqlite = {
    .name = "sqlite",
    .open = sqlite_open,
    .close = sqlite_close,
    .in_transaction = sqlite_in_transaction,
    .begin = sqlite_begin,
    .end = sqlite_end,
    .run = lw_sqlite_run,
    .ping = sqlite_ping,
    .cancel = sqlite_cancel,
    .changes = sqlite_changes,
    .last_insert_id = sqlite_last_insert_id,
    .compile = sqlite_compile,
    .intercept = sqlite_intercept,
    .prepare = sqlite_prepare,
    .bind = sqlite_bind,
    .start = sqlite_start,
    .step = sqlite_step,
    .reset = sqlite_reset,
    .finalize = sqlite_finalize,
    .column_count = sqlite_column_count,
    .column_name = sqlite_column_name,
    .column_decltype = sqlite_column_decltype,
    .column_type = sqlite_column_type,
    .column_int64 = sqlite_column_int64,
    .column_double = sqlite_column_double,
    .column_text = sqlite_column_text,
    .column_blob = sqlite_column_blob,
    .column_bytes = sqlite_column_bytes,
    .column_display = sqlite_column_display,
};
