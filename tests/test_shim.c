/*
 * The shim through its public API: parameters in every style, errors with SQLSTATE
 * and MySQL numbers, transactions and savepoints, the busy policy (wait or refuse),
 * FOR UPDATE and NOWAIT, templates, persistent-connection checks, dialect refusals,
 * shared in-memory databases and threads with their own connections.
 */
#include "lw_shim_test.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "likewise.h"

static char tmpdir[256];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/lw_test_shim_%d", (int)getpid());
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", tmpdir, tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* "sqlite:///<tmpdir>/<name>?<options>" (tmpdir is absolute, hence 4 slashes). */
static const char *file_url(const char *name, const char *options)
{
    static char url[512];
    snprintf(url, sizeof url, "sqlite:///%s/%s%s%s", tmpdir, name, options ? "?" : "",
             options ? options : "");
    return url;
}

/* The first value of sql (with values) as text in buf: "NULL", or "ERROR <state>". */
static const char *scalar(lw_conn *conn, const char *sql, const lw_value *values, int n)
{
    static char buf[1024];
    lw_rows *rows = NULL;
    int rc = lw_query(conn, sql, values, n, &rows);
    if (rc == 0)
        rc = lw_rows_next(rows);
    if (rc < 0)
        snprintf(buf, sizeof buf, "ERROR %s", lw_error_sqlstate(lw_last_error(conn)));
    else if (rc == LW_DONE)
        snprintf(buf, sizeof buf, "(no rows)");
    else
        snprintf(buf, sizeof buf, "%s",
                 lw_column_is_null(rows, 0) ? "NULL" : lw_column_text(rows, 0));
    lw_rows_close(rows);
    return buf;
}

/* 1. Every parameter style binds; strings, comments and identifiers hide lookalikes. */
static void test_params_styles(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:");
    assert_string_equal(scalar(c, "SELECT ? || '?' || ?", LW_ARGS(LW_TEXT("a"), LW_TEXT("b"))),
                        "a?b");
    assert_string_equal(scalar(c, "SELECT ?2 || ?1", LW_ARGS(LW_TEXT("a"), LW_TEXT("b"))), "ba");
    assert_string_equal(scalar(c, "SELECT $2 || $1 || $2", LW_ARGS(LW_TEXT("a"), LW_TEXT("b"))),
                        "bab");
    assert_string_equal(scalar(c, "SELECT :2 || :1 /* :3 */", LW_ARGS(LW_INT(1), LW_INT(2))), "21");
    assert_string_equal(scalar(c, "SELECT :x || @y || $x",
                               LW_ARGS(LW_NAMED("x", LW_TEXT("1")), LW_NAMED("y", LW_TEXT("2")))),
                        "121");
    assert_string_equal(
        scalar(c, "SELECT %s || '%s' || %s -- %s", LW_ARGS(LW_TEXT("a"), LW_TEXT("b"))), "a%sb");
    assert_string_equal(scalar(c, "SELECT %(a)s * 10 + %(b)s %% 7",
                               LW_ARGS(LW_NAMED("b", LW_INT(9)), LW_NAMED("a", LW_INT(4)))),
                        "42");
    assert_string_equal(scalar(c, "SELECT typeof(?) || typeof(?) || typeof(?) || typeof(?)",
                               LW_ARGS(LW_NULL(), LW_REAL(1.5), LW_BLOB("x", 1), LW_INT(3))),
                        "nullrealblobinteger");
    assert_string_equal(scalar(c, "SELECT \"?\" FROM (SELECT 7 AS \"?\")", LW_NOARGS), "7");
    assert_string_equal(scalar(c, "SELECT length($$ ? $1 $$)", LW_NOARGS), "6");
    lw_close(c);
}

/* 2. Count, name and style mismatches are errors before anything runs. */
static void test_params_mismatch(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:");
    exec_ok(c, "CREATE TABLE t(a)");
    static const struct {
        const char *sql;
        int n;
        int named;
        const char *fragment;
    } cases[] = {
        {"INSERT INTO t VALUES (1); INSERT INTO t VALUES (?)", 0, 0, "needs 1 parameter"},
        {"INSERT INTO t VALUES (1); INSERT INTO t VALUES (?)", 2, 0, "needs 1 parameter"},
        {"INSERT INTO t VALUES ($2)", 1, 0, "needs 2 parameter"},
        {"INSERT INTO t VALUES (1)", 1, 0, "no parameters but 1"},
        {"INSERT INTO t VALUES (1); INSERT INTO t VALUES (?), (:a)", 1, 0, "mixes parameter"},
        {"INSERT INTO t VALUES (1); INSERT INTO t VALUES (:b)", 1, 1, "'a' matches no parameter"},
        {"INSERT INTO t VALUES (1); INSERT INTO t VALUES (:a, :b)", 1, 1, "no value for"},
        {"INSERT INTO t VALUES (1); INSERT INTO t VALUES (?)", 1, 1, "named 'a'"},
        {"INSERT INTO t VALUES (1); INSERT INTO t VALUES (:a)", 1, 0, "has no name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lw_value v[2] = {LW_INT(1), LW_INT(2)};
        if (cases[i].named)
            v[0] = LW_NAMED("a", LW_INT(1));
        int rc = lw_exec(c, cases[i].sql, v, cases[i].n);
        const lw_error *e = lw_last_error(c);
        if (rc != LW_EPARAM || !strstr(lw_error_message(e), cases[i].fragment))
            fprintf(stderr, "  case %zu: %s\n  got: %s\n", i, cases[i].sql, lw_error_message(e));
        assert_int_equal(rc, LW_EPARAM);
        assert_string_equal(lw_error_sqlstate(e), "08P01");
        assert_non_null(strstr(lw_error_message(e), cases[i].fragment));
    }
    /* Nothing ran: the first statements of those texts inserted nothing. */
    assert_string_equal(scalar(c, "SELECT count(*) FROM t", LW_NOARGS), "0");
    lw_close(c);
}

/* 3. SQLite failures map to SQLSTATE and MySQL errno. */
static void test_error_mapping(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:");
    exec_ok(c, "CREATE TABLE p(id INTEGER PRIMARY KEY);"
               "CREATE TABLE t(id INTEGER PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL,"
               " k INT CHECK (k > 0), p INT REFERENCES p(id));"
               "INSERT INTO p VALUES (1); INSERT INTO t VALUES (1, 'a', 'x', 1, 1)");
    static const struct {
        const char *sql, *sqlstate;
        int mysql, code;
    } cases[] = {
        {"INSERT INTO t VALUES (2, 'a', 'x', 1, 1)", "23505", 1062, LW_ECONSTRAINT},
        {"INSERT INTO t VALUES (1, 'b', 'x', 1, 1)", "23505", 1062, LW_ECONSTRAINT},
        {"INSERT INTO t VALUES (2, 'b', 'x', 1, 9)", "23503", 1452, LW_ECONSTRAINT},
        {"INSERT INTO t VALUES (2, 'b', NULL, 1, 1)", "23502", 1048, LW_ECONSTRAINT},
        {"INSERT INTO t VALUES (2, 'b', 'x', 0, 1)", "23514", 3819, LW_ECONSTRAINT},
        {"SELEC 1", "42601", 1064, LW_ESYNTAX},
        {"SELECT 'abc", "42601", 1064, LW_ESYNTAX},
        {"SELECT * FROM nope", "42P01", 1146, LW_ESQL},
        {"SELECT nope FROM t", "42703", 1054, LW_ESQL},
        {"COMMIT", "25P01", 1399, LW_ESTATE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = lw_exec(c, cases[i].sql, NULL, 0);
        const lw_error *e = lw_last_error(c);
        if (strcmp(lw_error_sqlstate(e), cases[i].sqlstate) != 0)
            fprintf(stderr, "  SQL: %s\n  got %s: %s\n", cases[i].sql, lw_error_sqlstate(e),
                    lw_error_message(e));
        assert_int_equal(rc, cases[i].code);
        assert_string_equal(lw_error_sqlstate(e), cases[i].sqlstate);
        assert_int_equal(lw_error_mysql_errno(e), cases[i].mysql);
    }
    /* The error object keeps SQLite's own code and message. */
    lw_exec(c, "INSERT INTO t VALUES (2, 'a', 'x', 1, 1)", NULL, 0);
    const lw_error *e = lw_last_error(c);
    assert_int_equal(lw_error_sqlite_code(e), SQLITE_CONSTRAINT_UNIQUE);
    assert_string_equal(lw_error_sqlite_message(e), "UNIQUE constraint failed: t.u");
    lw_error *copy = lw_error_copy(e);
    exec_ok(c, "SELECT 1");
    assert_int_equal(lw_error_code(lw_last_error(c)), 0);
    assert_string_equal(lw_error_sqlstate(copy), "23505");
    lw_error_free(copy);
    lw_close(c);
    /* Read-only connections: 25006 / 1792. */
    c = open_ok(file_url("ro.db", NULL));
    exec_ok(c, "CREATE TABLE t(a)");
    lw_close(c);
    c = open_ok(file_url("ro.db", "mode=ro"));
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (1)", NULL, 0), LW_EREADONLY);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "25006");
    assert_int_equal(lw_error_mysql_errno(lw_last_error(c)), 1792);
    lw_close(c);
    /* Open failures come back as an error object naming the problem. */
    lw_conn *none = NULL;
    lw_error *err = NULL;
    assert_int_equal(lw_open("sqlite::memory:?timeout=soon", &none, &err), LW_EURL);
    assert_null(none);
    assert_non_null(strstr(lw_error_message(err), "timeout"));
    lw_error_free(err);
    assert_int_equal(lw_open("sqlite:////nonexistent/dir/x.db", &none, &err), LW_ECANTOPEN);
    lw_error_free(err);
}

/* 4. Defaults: extension registered, WAL + NORMAL on files, foreign keys on. */
static void test_defaults(void **state)
{
    (void)state;
    lw_conn *c = open_ok(file_url("defaults.db", NULL));
    assert_string_equal(scalar(c, "PRAGMA journal_mode", LW_NOARGS), "wal");
    assert_string_equal(scalar(c, "PRAGMA synchronous", LW_NOARGS), "1");
    assert_string_equal(scalar(c, "PRAGMA foreign_keys", LW_NOARGS), "1");
    assert_string_equal(scalar(c, "SELECT likewise_version()", LW_NOARGS), LW_VERSION);
    lw_close(c);
    c = open_ok(file_url("defaults.db", "journal_mode=delete&synchronous=full&foreign_keys=off&"
                                        "init=CREATE%20TABLE%20IF%20NOT%20EXISTS%20i(x)"));
    assert_string_equal(scalar(c, "PRAGMA journal_mode", LW_NOARGS), "delete");
    assert_string_equal(scalar(c, "PRAGMA synchronous", LW_NOARGS), "2");
    assert_string_equal(scalar(c, "PRAGMA foreign_keys", LW_NOARGS), "0");
    assert_string_equal(scalar(c, "SELECT count(*) FROM i", LW_NOARGS), "0");
    assert_int_equal(lw_warning_count(c), 0);
    assert_null(lw_warning(c, 0));
    lw_close(c);
}

/* 5. Transactions, nested savepoints, SQL BEGIN/COMMIT. */
static void test_transactions(void **state)
{
    (void)state;
    lw_conn *c = open_ok(file_url("txn.db", NULL));
    exec_ok(c, "CREATE TABLE t(a)");
    assert_int_equal(lw_txn_depth(c), 0);
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    exec_ok(c, "INSERT INTO t VALUES (1)");
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    assert_int_equal(lw_txn_depth(c), 2);
    exec_ok(c, "INSERT INTO t VALUES (2)");
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    exec_ok(c, "INSERT INTO t VALUES (3)");
    assert_int_equal(lw_rollback(c), 0); /* drops 3 */
    assert_int_equal(lw_commit(c), 0);   /* keeps 2 */
    assert_int_equal(lw_txn_depth(c), 1);
    assert_int_equal(lw_commit(c), 0);
    assert_int_equal(lw_txn_depth(c), 0);
    assert_string_equal(scalar(c, "SELECT group_concat(a) FROM t", LW_NOARGS), "1,2");
    assert_int_equal(lw_commit(c), LW_ESTATE);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "25P01");
    /* BEGIN in SQL takes the connection's mode (IMMEDIATE on files: a write lock). */
    exec_ok(c, "BEGIN");
    assert_int_equal(sqlite3_txn_state(lw_conn_sqlite(c), "main"), SQLITE_TXN_WRITE);
    assert_int_equal(lw_exec(c, "BEGIN", NULL, 0), LW_ESTATE);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "25001");
    exec_ok(c, "ROLLBACK");
    exec_ok(c, "START TRANSACTION ISOLATION LEVEL SERIALIZABLE; INSERT INTO t VALUES (4); COMMIT");
    /* READ ONLY: writes fail with 25006 until the transaction ends, however it ends. */
    exec_ok(c, "BEGIN READ ONLY");
    assert_int_equal(sqlite3_txn_state(lw_conn_sqlite(c), "main"), SQLITE_TXN_NONE);
    exec_ok(c, "SELECT count(*) FROM t");
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (5)", NULL, 0), LW_EREADONLY);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "25006");
    exec_ok(c, "COMMIT");
    exec_ok(c, "INSERT INTO t VALUES (5)");
    exec_ok(c, "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY");
    assert_int_equal(lw_exec(c, "DELETE FROM t WHERE a = 5", NULL, 0), LW_EREADONLY);
    assert_int_equal(lw_rollback(c), 0);
    exec_ok(c, "DELETE FROM t WHERE a = 5");
    exec_ok(c, "BEGIN READ WRITE; DELETE FROM t WHERE a = 4; ROLLBACK");
    /* Per-call and per-connection modes. */
    assert_int_equal(lw_begin(c, LW_TXN_DEFERRED), 0);
    assert_int_equal(sqlite3_txn_state(lw_conn_sqlite(c), "main"), SQLITE_TXN_NONE);
    assert_int_equal(lw_rollback(c), 0);
    assert_int_equal(lw_set_txn_mode(c, LW_TXN_DEFERRED), 0);
    exec_ok(c, "BEGIN");
    assert_int_equal(sqlite3_txn_state(lw_conn_sqlite(c), "main"), SQLITE_TXN_NONE);
    exec_ok(c, "COMMIT");
    assert_int_equal(lw_set_txn_mode(c, 9), LW_EINVAL);
    assert_int_equal(lw_rollback(c), 0); /* nothing to roll back is fine */
    lw_close(c);
}

/* 5b. BEGIN, COMMIT and ROLLBACK stay prepared: a failure of the reused statement is
 * reported like any other, and the next use of it starts clean. */
static void test_control_statements(void **state)
{
    (void)state;
    lw_conn *c = open_ok(file_url("control.db", NULL));
    exec_ok(c, "CREATE TABLE p(id INTEGER PRIMARY KEY);"
               "CREATE TABLE k(p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)");
    for (int round = 0; round < 2; round++) {
        /* The deferred foreign key fails at COMMIT: 23503, still in the transaction. */
        assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
        exec_ok(c, "INSERT INTO k VALUES (7)");
        assert_int_equal(lw_commit(c), LW_ECONSTRAINT);
        assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "23503");
        assert_int_equal(lw_txn_depth(c), 1);
        assert_int_equal(lw_rollback(c), 0);
        assert_int_equal(lw_txn_depth(c), 0);
        /* The same statements then commit normally. */
        assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
        exec_ok(c, "INSERT INTO p VALUES (7); INSERT INTO k VALUES (7); DELETE FROM k");
        assert_int_equal(lw_commit(c), 0);
        exec_ok(c, "DELETE FROM p");
    }
    /* A BEGIN that timed out is reused for the next BEGIN, which succeeds. */
    lw_conn *other = open_ok(file_url("control.db", "timeout=50"));
    assert_int_equal(lw_begin(c, LW_TXN_IMMEDIATE), 0);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(lw_begin(other, LW_TXN_IMMEDIATE), LW_ELOCKTIMEOUT);
        assert_string_equal(lw_error_sqlstate(lw_last_error(other)), "55P03");
    }
    assert_int_equal(lw_commit(c), 0);
    assert_int_equal(lw_begin(other, LW_TXN_IMMEDIATE), 0);
    assert_int_equal(lw_rollback(other), 0);
    lw_close(other);
    lw_close(c);
    /* Cloning a template replaces the database under the prepared statements. */
    lw_conn *m = open_ok("sqlite::memory:");
    lw_template *tpl = NULL;
    lw_error *err = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/control.db", tmpdir);
    assert_int_equal(lw_template_open(path, &tpl, &err), 0);
    assert_int_equal(lw_begin(m, LW_TXN_DEFAULT), 0);
    assert_int_equal(lw_commit(m), 0);
    assert_int_equal(lw_clone_template(m, tpl), 0);
    assert_int_equal(lw_begin(m, LW_TXN_DEFAULT), 0);
    exec_ok(m, "INSERT INTO p VALUES (1)");
    assert_int_equal(lw_commit(m), 0);
    assert_string_equal(scalar(m, "SELECT count(*) FROM p", LW_NOARGS), "1");
    lw_template_close(tpl);
    lw_close(m);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 6. Lock waits: timeout after waiting (55P03) vs refused at once (40001). */
static void test_busy_wait_or_refuse(void **state)
{
    (void)state;
    lw_conn *a = open_ok(file_url("busy.db", NULL));
    lw_conn *b = open_ok(file_url("busy.db", "timeout=150"));
    exec_ok(a, "CREATE TABLE t(a); INSERT INTO t VALUES (1)");
    assert_int_equal(lw_begin(a, LW_TXN_DEFAULT), 0);
    double t0 = now_ms();
    assert_int_equal(lw_begin(b, LW_TXN_DEFAULT), LW_ELOCKTIMEOUT);
    double waited = now_ms() - t0;
    assert_true(waited >= 140 && waited < 1000);
    assert_string_equal(lw_error_sqlstate(lw_last_error(b)), "55P03");
    assert_int_equal(lw_error_mysql_errno(lw_last_error(b)), 1205);
    /* A deferred transaction that has read cannot upgrade while a writes: refused at
     * once, retry. */
    assert_int_equal(lw_begin(b, LW_TXN_DEFERRED), 0);
    assert_string_equal(scalar(b, "SELECT a FROM t", LW_NOARGS), "1");
    t0 = now_ms();
    assert_int_equal(lw_exec(b, "UPDATE t SET a = 2", NULL, 0), LW_ERETRY);
    assert_true(now_ms() - t0 < 100);
    assert_string_equal(lw_error_sqlstate(lw_last_error(b)), "40001");
    assert_int_equal(lw_error_mysql_errno(lw_last_error(b)), 1213);
    assert_int_equal(lw_rollback(b), 0);
    exec_ok(a, "UPDATE t SET a = 3");
    assert_int_equal(lw_commit(a), 0);
    /* A stale snapshot: b read before a committed a change. */
    assert_int_equal(lw_begin(b, LW_TXN_DEFERRED), 0);
    assert_string_equal(scalar(b, "SELECT a FROM t", LW_NOARGS), "3");
    exec_ok(a, "UPDATE t SET a = 4");
    assert_int_equal(lw_exec(b, "UPDATE t SET a = 5", NULL, 0), LW_ERETRY);
    assert_int_equal(lw_error_sqlite_code(lw_last_error(b)), SQLITE_BUSY_SNAPSHOT);
    assert_int_equal(lw_rollback(b), 0);
    lw_close(a);
    lw_close(b);
}

/* 6b. lw_busy_timeout() in SQL reads and sets the connection's own policy: the URL's
 * timeout before, the new deadline after, and a wait to it is still a lock timeout
 * (55P03), not a refusal (40001). */
static void test_busy_timeout_from_sql(void **state)
{
    (void)state;
    lw_conn *a = open_ok(file_url("busy_sql.db", NULL));
    lw_conn *b = open_ok(file_url("busy_sql.db", "timeout=4000"));
    exec_ok(a, "CREATE TABLE t(a)");
    assert_string_equal(scalar(b, "SELECT lw_busy_timeout()", LW_NOARGS), "4000");
    assert_string_equal(scalar(b, "SELECT lw_busy_timeout(120)", LW_NOARGS), "4000");
    assert_string_equal(scalar(b, "SELECT lw_busy_timeout()", LW_NOARGS), "120");
    assert_int_equal(lw_begin(a, LW_TXN_DEFAULT), 0);
    double t0 = now_ms();
    assert_int_equal(lw_exec(b, "INSERT INTO t VALUES (1)", NULL, 0), LW_ELOCKTIMEOUT);
    double waited = now_ms() - t0;
    assert_true(waited >= 115 && waited < 2000);
    assert_string_equal(lw_error_sqlstate(lw_last_error(b)), "55P03");
    assert_int_equal(lw_rollback(a), 0);
    lw_close(a);
    lw_close(b);
}

/* 7. FOR UPDATE / FOR SHARE hold the write lock until the transaction ends; NOWAIT
 * fails at once; SKIP LOCKED returns no rows at once. */
static void test_for_update(void **state)
{
    (void)state;
    lw_conn *a = open_ok(file_url("lock.db", NULL));
    lw_conn *b = open_ok(file_url("lock.db", "timeout=100"));
    exec_ok(a, "CREATE TABLE t(id INTEGER PRIMARY KEY, v); INSERT INTO t VALUES (1, 'x')");
    /* In a deferred transaction that has not read yet: becomes IMMEDIATE. */
    assert_int_equal(lw_begin(a, LW_TXN_DEFERRED), 0);
    assert_string_equal(scalar(a, "SELECT v FROM t WHERE id = 1 FOR UPDATE OF t", LW_NOARGS), "x");
    assert_int_equal(sqlite3_txn_state(lw_conn_sqlite(a), "main"), SQLITE_TXN_WRITE);
    double t0 = now_ms();
    assert_string_equal(scalar(b, "SELECT v FROM t FOR UPDATE NOWAIT", LW_NOARGS), "ERROR 55P03");
    assert_true(now_ms() - t0 < 50);
    assert_non_null(strstr(lw_error_message(lw_last_error(b)), "NOWAIT"));
    assert_string_equal(scalar(b, "SELECT v FROM t FOR SHARE", LW_NOARGS), "ERROR 55P03");
    assert_int_equal(lw_exec(b, "UPDATE t SET v = 'b'", NULL, 0), LW_ELOCKTIMEOUT);
    /* SKIP LOCKED never waits: the other writer may hold any row, so there is none. */
    t0 = now_ms();
    assert_string_equal(scalar(b, "SELECT v FROM t FOR UPDATE SKIP LOCKED", LW_NOARGS),
                        "(no rows)");
    assert_true(now_ms() - t0 < 50);
    assert_int_equal(lw_error_code(lw_last_error(b)), 0);
    assert_int_equal(sqlite3_get_autocommit(lw_conn_sqlite(b)), 1);
    /* In b's own empty transaction: no rows, and the transaction stays open. */
    assert_int_equal(lw_begin(b, LW_TXN_DEFERRED), 0);
    assert_string_equal(scalar(b, "SELECT v FROM t FOR UPDATE SKIP LOCKED", LW_NOARGS),
                        "(no rows)");
    assert_int_equal(lw_txn_depth(b), 1);
    assert_int_equal(sqlite3_get_autocommit(lw_conn_sqlite(b)), 0);
    assert_int_equal(lw_rollback(b), 0);
    /* Plain reads are not blocked (WAL). */
    assert_string_equal(scalar(b, "SELECT v FROM t", LW_NOARGS), "x");
    assert_int_equal(lw_commit(a), 0);
    assert_string_equal(scalar(b, "SELECT v FROM t FOR NO KEY UPDATE SKIP LOCKED", LW_NOARGS), "x");
    /* Outside a transaction the lock lasts for the statement (autocommit). */
    assert_int_equal(sqlite3_get_autocommit(lw_conn_sqlite(b)), 1);
    /* In a transaction that has read: upgraded in place. */
    assert_int_equal(lw_begin(a, LW_TXN_DEFERRED), 0);
    assert_string_equal(scalar(a, "SELECT count(*) FROM t", LW_NOARGS), "1");
    assert_string_equal(scalar(a, "SELECT v FROM t FOR KEY SHARE", LW_NOARGS), "x");
    assert_int_equal(sqlite3_txn_state(lw_conn_sqlite(a), "main"), SQLITE_TXN_WRITE);
    assert_int_equal(lw_exec(b, "INSERT INTO t VALUES (2, 'y')", NULL, 0), LW_ELOCKTIMEOUT);
    assert_int_equal(lw_rollback(a), 0);
    /* The clause is removed by tokens: inside strings and subqueries it stays. */
    assert_string_equal(scalar(a, "SELECT 'FOR UPDATE' FROM t FOR UPDATE", LW_NOARGS),
                        "FOR UPDATE");
    assert_string_equal(
        scalar(a, "SELECT (SELECT v FROM t) AS \"for\" FOR UPDATE NOWAIT", LW_NOARGS), "x");
    exec_ok(a, "CREATE TABLE log(x); CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW "
               "BEGIN INSERT INTO log VALUES (new.id); END");
    lw_close(a);
    lw_close(b);
}

typedef struct retry_ctx {
    lw_conn *other;
    int attempts;
} retry_ctx;

static int bump(lw_conn *conn, void *arg)
{
    retry_ctx *ctx = arg;
    ctx->attempts++;
    lw_rows *rows = NULL;
    int rc = lw_query(conn, "SELECT n FROM c", NULL, 0, &rows);
    if (rc)
        return rc;
    rc = lw_rows_next(rows);
    int64_t n = rc == LW_ROW ? lw_column_int64(rows, 0) : 0;
    lw_rows_close(rows);
    if (ctx->attempts == 1) /* another writer commits between our read and write */
        lw_exec(ctx->other, "UPDATE c SET n = n + 100", NULL, 0);
    return lw_exec(conn, "UPDATE c SET n = ?", LW_ARGS(LW_INT(n + 1)));
}

static int fail_callback(lw_conn *conn, void *arg)
{
    (void)arg;
    lw_exec(conn, "INSERT INTO c VALUES (999)", NULL, 0);
    return LW_ECALLBACK;
}

/* 8. The transaction helper re-runs the callback on 40001. */
static void test_transaction_retry(void **state)
{
    (void)state;
    lw_conn *a = open_ok(file_url("retry.db", NULL));
    lw_conn *b = open_ok(file_url("retry.db", NULL));
    exec_ok(a, "CREATE TABLE c(n); INSERT INTO c VALUES (0)");
    retry_ctx ctx = {b, 0};
    assert_int_equal(lw_transaction(a, LW_TXN_DEFERRED, 2000, bump, &ctx), 0);
    assert_int_equal(ctx.attempts, 2);
    assert_string_equal(scalar(a, "SELECT n FROM c", LW_NOARGS), "101");
    /* A failing callback rolls back and its error comes back. */
    assert_int_equal(lw_transaction(a, LW_TXN_DEFAULT, 0, fail_callback, NULL), LW_ECALLBACK);
    assert_string_equal(scalar(a, "SELECT count(*) FROM c", LW_NOARGS), "1");
    assert_int_equal(lw_txn_depth(a), 0);
    lw_close(a);
    lw_close(b);
}

/* 9. Templates clone schema and data into a private in-memory database. */
static void test_templates(void **state)
{
    (void)state;
    lw_conn *src = open_ok(file_url("tpl.db", NULL));
    exec_ok(src, "CREATE TABLE t(a TEXT); WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 "
                 "FROM s WHERE v < 1000) INSERT INTO t SELECT 'row' || v FROM s");
    lw_template *tpl = NULL;
    char path[400];
    snprintf(path, sizeof path, "%s/tpl.db", tmpdir);
    /* Read while the source is open in WAL mode with its data still in the WAL. */
    assert_int_equal(lw_template_open(path, &tpl, NULL), 0);
    assert_true(lw_template_size(tpl) > 4096);
    lw_conn *c = open_ok("sqlite::memory:");
    assert_int_equal(lw_clone_template(c, tpl), 0);
    assert_string_equal(scalar(c, "SELECT count(*) FROM t", LW_NOARGS), "1000");
    exec_ok(c, "DELETE FROM t");
    assert_int_equal(lw_clone_template(c, tpl), 0); /* a fresh copy again */
    assert_string_equal(scalar(c, "SELECT count(*) FROM t", LW_NOARGS), "1000");
    exec_ok(c, "INSERT INTO t VALUES ('more')");
    assert_string_equal(scalar(src, "SELECT count(*) FROM t", LW_NOARGS), "1000");
    lw_rows *open_rows = NULL;
    assert_int_equal(lw_query(c, "SELECT a FROM t", LW_NOARGS, &open_rows), 0);
    assert_int_equal(lw_clone_template(c, tpl), LW_ESTATE);
    lw_rows_close(open_rows);
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    assert_int_equal(lw_clone_template(c, tpl), LW_ESTATE);
    lw_rollback(c);
    lw_close(c);
    c = open_ok(file_url("other.db", NULL));
    assert_int_equal(lw_clone_template(c, tpl), LW_ESTATE);
    lw_close(c);
    lw_template_close(tpl);
    char url[600];
    snprintf(url, sizeof url, "sqlite::memory:?template=%s", path);
    c = open_ok(url);
    assert_string_equal(scalar(c, "SELECT count(*) FROM t", LW_NOARGS), "1000");
    lw_close(c);
    lw_conn *none = NULL;
    lw_error *err = NULL;
    assert_int_equal(lw_open("sqlite::memory:?template=/nonexistent.db", &none, &err),
                     LW_ECANTOPEN);
    assert_non_null(strstr(lw_error_message(err), "/nonexistent.db"));
    lw_error_free(err);
    lw_close(src);
}

/* 10. Persistent connections: max_age and the health check. */
static void test_max_age(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:?max_age=0.05");
    assert_true(lw_conn_usable(c));
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    assert_false(lw_conn_usable(c)); /* a transaction left open */
    lw_rollback(c);
    usleep(60000);
    assert_true(lw_conn_age(c) >= 0.05);
    assert_false(lw_conn_usable(c));
    lw_close(c);
    c = open_ok("sqlite::memory:?max_age=0");
    assert_false(lw_conn_usable(c));
    lw_close(c);
    c = open_ok("sqlite::memory:");
    assert_true(lw_conn_usable(c));
    lw_close(c);
}

/* 11. Shared in-memory databases use the memdb VFS; private ones are private. */
static void test_shared_memory(void **state)
{
    (void)state;
    lw_conn *a = open_ok("sqlite::memory:?shared=lw_test_shared");
    lw_conn *b = open_ok("sqlite::memory:?shared=lw_test_shared");
    lw_conn *p = open_ok("sqlite::memory:");
    exec_ok(a, "CREATE TABLE s(x); INSERT INTO s VALUES (42)");
    assert_string_equal(scalar(b, "SELECT x FROM s", LW_NOARGS), "42");
    assert_string_equal(scalar(p, "SELECT x FROM s", LW_NOARGS), "ERROR 42P01");
    lw_close(a);
    lw_close(b);
    lw_close(p);
}

/* 12. Dialects: lexical rules and refusals with 0A000. */
static void test_dialects(void **state)
{
    (void)state;
    lw_conn *my = open_ok("sqlite::memory:?dialect=mysql");
    assert_string_equal(lw_conn_dialect(my), "mysql");
    assert_string_equal(scalar(my, "SELECT \"it\\'s\" # comment", LW_NOARGS), "it's");
    /* || is OR and / divides exactly, as MySQL reads them. */
    assert_string_equal(scalar(my, "SELECT 'a\\tb' = concat('a', char(9), 'b') || 0", LW_NOARGS),
                        "1");
    assert_string_equal(scalar(my, "SELECT 'a\\%'", LW_NOARGS), "a\\%");
    assert_string_equal(scalar(my, "SELECT 1 / 2", LW_NOARGS), "0.5000");
    assert_int_equal(lw_exec(my, "HANDLER t OPEN", NULL, 0), LW_ENOTSUP);
    assert_int_equal(lw_error_mysql_errno(lw_last_error(my)), 1235);
    lw_close(my);
    lw_conn *ora = open_ok("sqlite::memory:?dialect=oracle");
    assert_string_equal(scalar(ora, "SELECT 7 FROM DUAL", LW_NOARGS), "7");
    /* Oracle's '' is NULL (tests/test_ora_dialect.c has the dialect's own tests). */
    assert_string_equal(scalar(ora, "SELECT ''", LW_NOARGS), "NULL");
    assert_string_equal(scalar(ora, "SELECT BEGIN_x FROM DUAL", LW_NOARGS), "ERROR 42000");
    lw_close(ora);
    lw_conn *pg = open_ok("sqlite::memory:?dialect=postgresql");
    assert_string_equal(scalar(pg, "SELECT /* a /* nested */ b */ $1", LW_ARGS(LW_INT(5))), "5");
    assert_string_equal(scalar(pg, "SELECT E'a\\tb\\x41\\u00e9\\''", LW_NOARGS), "a\tbAé'");
    assert_string_equal(scalar(pg, "SELECT U&'\\0041\\+01F600' || $q$it's$q$", LW_NOARGS),
                        "A\xF0\x9F\x98\x80it's");
    /* PostgreSQL 15: ERROR 42601 invalid Unicode escape value. */
    assert_string_equal(scalar(pg, "SELECT E'\\u0000'", LW_NOARGS), "ERROR 42601");
    lw_close(pg);
}

/* 13. Rows: names, declared types, typed getters; statement cache reuse. */
static void test_rows(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:");
    exec_ok(c, "CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB)");
    for (int k = 0; k < 3; k++)
        assert_int_equal(
            lw_exec(c, "INSERT INTO t VALUES (?, ?, ?, ?)",
                    LW_ARGS(LW_INT(k), LW_REAL(k + 0.5), LW_TEXTN("abc", k), LW_BLOB("\0\1", 2))),
            0);
    assert_int_equal(lw_changes(c), 1);
    assert_int_equal(lw_last_insert_id(c), 3);
    lw_rows *rows = NULL;
    assert_int_equal(
        lw_query(c, "SELECT i, r, s, b, i + 1 AS n, NULL FROM t ORDER BY i", LW_NOARGS, &rows), 0);
    assert_int_equal(lw_column_count(rows), 6);
    assert_string_equal(lw_column_name(rows, 4), "n");
    assert_string_equal(lw_column_decltype(rows, 0), "INTEGER");
    assert_null(lw_column_decltype(rows, 4));
    assert_null(lw_column_name(rows, 6));
    /* The same text again while rows are open gets its own statement. */
    lw_rows *again = NULL;
    assert_int_equal(
        lw_query(c, "SELECT i, r, s, b, i + 1 AS n, NULL FROM t ORDER BY i", LW_NOARGS, &again), 0);
    assert_int_equal(lw_rows_next(again), LW_ROW);
    int seen = 0;
    while (lw_rows_next(rows) == LW_ROW) {
        assert_int_equal(lw_column_int64(rows, 0), seen);
        assert_true(lw_column_double(rows, 1) == seen + 0.5);
        assert_int_equal(lw_column_bytes(rows, 2), seen);
        assert_int_equal(lw_column_type(rows, 3), LW_TYPE_BLOB);
        assert_memory_equal(lw_column_blob(rows, 3), "\0\1", 2);
        assert_true(lw_column_is_null(rows, 5));
        assert_null(lw_column_display(rows, 5));
        seen++;
    }
    assert_int_equal(seen, 3);
    assert_int_equal(lw_rows_next(rows), LW_DONE);
    assert_int_equal(lw_rows_close(rows), 0);
    assert_int_equal(lw_rows_close(again), 0);
    assert_int_equal(lw_query(c, "SELECT 1; SELECT 2", LW_NOARGS, &rows), LW_EINVAL);
    assert_null(rows);
    /* More distinct texts than the cache holds. */
    for (int k = 0; k < 200; k++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT %d", k);
        exec_ok(c, sql);
    }
    exec_ok(c, "-- only a comment\n;;");
    lw_close(c);
}

/* 15. Open-time warnings from lw_collation_check(), only on file databases: an index
 * whose recorded collation version differs from this build's is reported when the
 * database is opened. */
static void test_warnings(void **state)
{
    (void)state;
    char url[512];
    snprintf(url, sizeof url, "%s", file_url("warn.db", NULL));
    lw_conn *c = open_ok(url);
    assert_int_equal(lw_warning_count(c), 0);
    exec_ok(c, "CREATE TABLE item(name TEXT COLLATE utf8mb4_unicode_ci)");
    exec_ok(c, "CREATE INDEX item_name_idx ON item(name)");
    exec_ok(c, "SELECT lw_collation_record()");
    exec_ok(c, "UPDATE lw_collation_versions SET version = 'an older build' "
               "WHERE index_name = 'item_name_idx'");
    lw_close(c);

    c = open_ok(url);
    assert_int_equal(lw_warning_count(c), 1);
    assert_non_null(strstr(lw_warning(c, 0), "item_name_idx"));
    assert_non_null(strstr(lw_warning(c, 0), "an older build"));
    assert_null(lw_warning(c, 1));
    exec_ok(c, "SELECT lw_collation_reindex('item_name_idx')");
    lw_close(c);

    c = open_ok(url);
    assert_int_equal(lw_warning_count(c), 0);
    lw_close(c);
    c = open_ok("sqlite::memory:");
    assert_int_equal(lw_warning_count(c), 0);
    lw_close(c);
}

/* Opens url, checks it has n open-time warnings, closes it. */
static void assert_warnings(const char *url, int n)
{
    lw_conn *c = open_ok(url);
    if (lw_warning_count(c) != n && lw_warning_count(c) > 0)
        fprintf(stderr, "  warning: %s\n", lw_warning(c, 0));
    assert_int_equal(lw_warning_count(c), n);
    lw_close(c);
}

/* Makes the recorded versions of every index look like another build's. */
static void tamper_versions(const char *url)
{
    lw_conn *c = open_ok(url);
    exec_ok(c, "UPDATE lw_collation_versions SET version = 'an older build'");
    lw_close(c);
}

/* 16. The shim records collation versions itself: after a CREATE INDEX, CREATE TABLE
 * or REINDEX succeeds, the versions of exactly the indexes it built, so the guard
 * needs no manual lw_collation_record() and REINDEX clears its warnings. */
static void test_guard_records(void **state)
{
    (void)state;
    char url[512];
    snprintf(url, sizeof url, "%s", file_url("guard.db", NULL));
    lw_conn *c = open_ok(url);
    exec_ok(c, "CREATE TABLE item(name TEXT COLLATE utf8mb4_unicode_ci, code TEXT)");
    exec_ok(c, "CREATE INDEX item_name_idx ON item(name)");
    assert_string_equal(scalar(c,
                               "SELECT count(*) FROM lw_collation_versions "
                               "WHERE index_name = 'item_name_idx'",
                               NULL, 0),
                        "1");
    lw_close(c);
    assert_warnings(url, 0);

    tamper_versions(url);
    assert_warnings(url, 1);
    c = open_ok(url);
    exec_ok(c, "REINDEX");
    lw_close(c);
    assert_warnings(url, 0);

    /* REINDEX of a table, of an index (through lw_query, as lwsql runs it) and of a
     * collation: each records what it rebuilt. */
    static const char *const reindex[] = {"REINDEX item", "REINDEX \"item_name_idx\"",
                                          "REINDEX main.item", "REINDEX utf8mb4_unicode_ci"};
    for (size_t i = 0; i < sizeof reindex / sizeof reindex[0]; i++) {
        tamper_versions(url);
        c = open_ok(url);
        assert_string_equal(scalar(c, reindex[i], NULL, 0), "(no rows)");
        lw_close(c);
        assert_warnings(url, 0);
    }

    /* A table's constraint indexes are recorded with the table; an index that
     * existed before a CREATE INDEX IF NOT EXISTS is not: the statement built
     * nothing, so the guard keeps reporting it. */
    c = open_ok(url);
    exec_ok(c, "CREATE TABLE tag(label TEXT COLLATE utf8mb4_0900_ai_ci UNIQUE)");
    assert_string_equal(scalar(c,
                               "SELECT collation FROM lw_collation_versions "
                               "WHERE index_name LIKE 'sqlite_autoindex_tag%'",
                               NULL, 0),
                        "utf8mb4_0900_ai_ci");
    lw_close(c);
    assert_warnings(url, 0);
    tamper_versions(url);
    c = open_ok(url);
    exec_ok(c, "CREATE INDEX IF NOT EXISTS item_name_idx ON item(name)");
    lw_close(c);
    assert_warnings(url, 2);

    /* A failed statement records nothing and leaves no savepoint behind. */
    c = open_ok(url);
    exec_ok(c, "REINDEX");
    assert_int_not_equal(lw_exec(c, "CREATE INDEX nowhere_idx ON no_such_table(x)", NULL, 0), 0);
    assert_string_equal(scalar(c,
                               "SELECT count(*) FROM lw_collation_versions "
                               "WHERE index_name = 'nowhere_idx'",
                               NULL, 0),
                        "0");
    exec_ok(c, "BEGIN");
    exec_ok(c, "COMMIT");
    lw_close(c);
    assert_warnings(url, 0);
}

typedef struct thread_arg {
    int id;
    int errors;
} thread_arg;

static int thread_increment(lw_conn *conn, void *arg)
{
    (void)arg;
    return lw_exec(conn, "UPDATE counter SET n = n + 1", NULL, 0);
}

static char threads_url[512];

static void *thread_main(void *p)
{
    thread_arg *arg = p;
    lw_conn *c = NULL;
    if (lw_open(threads_url, &c, NULL) != 0) {
        arg->errors++;
        return NULL;
    }
    for (int k = 0; k < 50; k++)
        if (lw_transaction(c, LW_TXN_DEFAULT, 10000, thread_increment, NULL) != 0)
            arg->errors++;
    lw_close(c);
    return NULL;
}

/* 14. Threads, each with its own connection, on one file. */
static void test_threads(void **state)
{
    (void)state;
    lw_conn *c = open_ok(file_url("threads.db", NULL));
    exec_ok(c, "CREATE TABLE counter(n); INSERT INTO counter VALUES (0)");
    enum { N = 4 };
    pthread_t threads[N];
    thread_arg args[N];
    /* file_url's buffer is shared: build the URL before starting the threads. */
    snprintf(threads_url, sizeof threads_url, "%s", file_url("threads.db", NULL));
    for (int i = 0; i < N; i++) {
        args[i] = (thread_arg){i, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, thread_main, &args[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(args[i].errors, 0);
    }
    assert_string_equal(scalar(c, "SELECT n FROM counter", LW_NOARGS), "200");
    lw_close(c);
}

/* 19. A NULL connection, rows or template is an error or a neutral value from every
 * call, never a crash (libuv's handles are never NULL; ours come from calls that may
 * fail, and a caller that skipped the check must get an error, not a crash). */
static void test_null_handles(void **state)
{
    (void)state;
    assert_int_equal(lw_open("sqlite::memory:", NULL, NULL), LW_EINVAL);
    assert_int_equal(lw_close(NULL), 0);
    assert_null(lw_last_error(NULL));
    assert_null(lw_conn_dialect(NULL));
    assert_null(lw_conn_backend(NULL));
    assert_null(lw_conn_sqlite(NULL));
    assert_int_equal(lw_cancel(NULL), LW_EINVAL);
    assert_false(lw_conn_usable(NULL));
    assert_true(lw_conn_age(NULL) == 0.0);
    assert_int_equal(lw_warning_count(NULL), 0);
    assert_null(lw_warning(NULL, 0));
    assert_int_equal(lw_changes(NULL), 0);
    assert_int_equal(lw_last_insert_id(NULL), 0);
    assert_int_equal(lw_set_txn_mode(NULL, LW_TXN_DEFERRED), LW_EINVAL);
    assert_int_equal(lw_begin(NULL, LW_TXN_DEFAULT), LW_EINVAL);
    assert_int_equal(lw_commit(NULL), LW_EINVAL);
    assert_int_equal(lw_rollback(NULL), LW_EINVAL);
    assert_int_equal(lw_txn_depth(NULL), 0);
    assert_int_equal(lw_transaction(NULL, LW_TXN_DEFAULT, 0, NULL, NULL), LW_EINVAL);
    assert_int_equal(lw_exec(NULL, "SELECT 1", NULL, 0), LW_EINVAL);
    lw_rows *rows = (lw_rows *)&rows;
    assert_int_equal(lw_query(NULL, "SELECT 1", NULL, 0, &rows), LW_EINVAL);
    assert_null(rows);
    assert_int_equal(lw_rows_next(NULL), LW_EINVAL);
    assert_int_equal(lw_rows_close(NULL), 0);
    assert_int_equal(lw_column_count(NULL), 0);
    assert_null(lw_column_name(NULL, 0));
    assert_null(lw_column_text(NULL, 0));
    assert_int_equal(lw_column_type(NULL, 0), LW_TYPE_NULL);
    assert_int_equal(lw_clone_template(NULL, NULL), LW_EINVAL);
    assert_int_equal(lw_template_size(NULL), 0);
    lw_template_close(NULL);
    assert_int_equal(lw_error_code(NULL), LW_EINVAL);
    assert_string_equal(lw_error_sqlstate(NULL), "00000");
    assert_null(lw_error_copy(NULL));
    lw_error_free(NULL);
}

/* The last error names the call and the bad argument. */
static void assert_invalid(lw_conn *c, int rc, const char *fragment)
{
    assert_int_equal(rc, LW_EINVAL);
    assert_int_equal(lw_error_code(lw_last_error(c)), LW_EINVAL);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "22023");
    if (!strstr(lw_error_message(lw_last_error(c)), fragment))
        fail_msg("message '%s' lacks '%s'", lw_error_message(lw_last_error(c)), fragment);
}

static int txn_noop(lw_conn *c, void *arg)
{
    (void)c;
    (void)arg;
    return 0;
}

/* 20. A bad argument with a good connection is LW_EINVAL, and the connection's last
 * error says which call and which argument, with the value (before, several calls
 * returned LW_EINVAL and left the previous call's error, or none, in place). */
static void test_invalid_arguments(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:");
    lw_rows *rows = NULL;
    assert_invalid(c, lw_exec(c, NULL, NULL, 0), "lw_exec: sql is NULL");
    assert_invalid(c, lw_query(c, NULL, NULL, 0, &rows), "lw_query: sql is NULL");
    assert_invalid(c, lw_query(c, "SELECT 1", NULL, 0, NULL), "lw_query: out is NULL");
    assert_invalid(c, lw_exec(c, "SELECT ?", NULL, 1), "lw_exec: values is NULL but n_values is 1");
    assert_invalid(c, lw_query(c, "SELECT 1", NULL, -2, &rows), "lw_query: n_values is -2");
    assert_invalid(c, lw_begin(c, (lw_txn_mode)7), "lw_begin: invalid mode 7");
    assert_invalid(c, lw_set_txn_mode(c, LW_TXN_DEFAULT), "lw_set_txn_mode: invalid mode 0");
    assert_invalid(c, lw_transaction(c, LW_TXN_DEFAULT, 0, NULL, NULL),
                   "lw_transaction: fn is NULL");
    assert_invalid(c, lw_transaction(c, LW_TXN_DEFAULT, -5, txn_noop, NULL),
                   "lw_transaction: invalid timeout_ms -5");
    assert_invalid(c, lw_clone_template(c, NULL), "lw_clone_template: tpl is NULL");
    assert_int_equal(lw_txn_depth(c), 0);
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_styles),
        cmocka_unit_test(test_params_mismatch),
        cmocka_unit_test(test_error_mapping),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_control_statements),
        cmocka_unit_test(test_busy_wait_or_refuse),
        cmocka_unit_test(test_busy_timeout_from_sql),
        cmocka_unit_test(test_for_update),
        cmocka_unit_test(test_transaction_retry),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_max_age),
        cmocka_unit_test(test_shared_memory),
        cmocka_unit_test(test_dialects),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_guard_records),
        cmocka_unit_test(test_null_handles),
        cmocka_unit_test(test_invalid_arguments),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
