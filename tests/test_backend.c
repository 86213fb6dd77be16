/*
 * The server backends through the shim's public API, each test run on PostgreSQL 15
 * and on MariaDB 10.11 (scripts/oracle start): parameters in every style sent as
 * server-side parameters, values and the typed getters (against the embedded
 * backend's conversions), errors with the server's SQLSTATE and number and the same
 * LW_E* codes as embedded, transactions and savepoints, lw_transaction's retries on
 * 40001 / 40P01 / 1213, lock timeouts and NOWAIT as 55P03, the statement cache across
 * schema changes, templates (PostgreSQL), and the bad cases: a wrong password, a
 * server that is down, a connection killed in the middle of a query, a statement
 * timeout and lw_cancel, each with its SQLSTATE, lw_conn_usable false where the
 * connection is gone, and every wait bounded.
 *
 * Each server gets its own database lwtest_<pid>, created by the group setup and
 * dropped by its teardown. When a server cannot be reached the tests that need it
 * are skipped and the program says so loudly (scripts/run-tests then reports the
 * skipped count). The wrong-password and server-stopped cases of PostgreSQL need a
 * server of their own (the shared one trusts every local connection): the test
 * starts one in a temporary folder with tests/private-pg.
 */
#include "lw_shim_test.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "likewise.h"

typedef struct server {
    const char *name; /* "postgresql" or "mariadb" */
    int up;
    char db[64];
    char admin[512]; /* a URL to create and drop the test database with */
    char url[512];   /* the test database; always has a '?' */
} server;

static server pg = {.name = "postgresql"}, my = {.name = "mariadb"};
static char sock[256];

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The test database's URL with extra options appended ("&timeout=500"). */
/* Per thread: the racers of test_transaction_retry build their URLs at the same time
 * (one shared buffer gave one of them a torn URL, "invalid connection option ?host"). */
static const char *url_with(const server *s, const char *extra)
{
    static _Thread_local char url[1024];
    snprintf(url, sizeof url, "%s%s", s->url, extra ? extra : "");
    return url;
}

static int try_exec(const char *url, const char *sql)
{
    lw_conn *conn = NULL;
    lw_error *err = NULL;
    int rc = lw_open(url, &conn, &err);
    if (rc) {
        fprintf(stderr, "  %s: %s\n", url, lw_error_message(err));
        lw_error_free(err);
        return rc;
    }
    rc = lw_exec(conn, sql, NULL, 0);
    if (rc)
        fprintf(stderr, "  %s: %s\n", sql, lw_error_message(lw_last_error(conn)));
    lw_close(conn);
    return rc;
}

static int setup_servers(void **state)
{
    (void)state;
    const char *dir = getenv("LW_ORACLE_DIR");
    snprintf(sock, sizeof sock, "%s/sock", dir ? dir : "/tmp/likewise-oracle");
    int pid = (int)getpid();
    snprintf(pg.db, sizeof pg.db, "lwtest_%d", pid);
    snprintf(pg.admin, sizeof pg.admin, "postgresql:///postgres?host=%s&user=postgres", sock);
    snprintf(pg.url, sizeof pg.url, "postgresql:///%s?host=%s&user=postgres", pg.db, sock);
    snprintf(my.db, sizeof my.db, "lwtest_%d", pid);
    snprintf(my.admin, sizeof my.admin, "mariadb://root@/?socket=%s/my.sock", sock);
    snprintf(my.url, sizeof my.url, "mariadb://root@/%s?socket=%s/my.sock", my.db, sock);
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s; CREATE DATABASE %s", pg.db, pg.db);
    pg.up = try_exec(pg.admin, sql) == 0;
    snprintf(sql, sizeof sql,
             "DROP DATABASE IF EXISTS %s; CREATE DATABASE %s CHARACTER SET utf8mb4 "
             "COLLATE utf8mb4_general_ci",
             my.db, my.db);
    my.up = try_exec(my.admin, sql) == 0;
    for (int i = 0; i < 2; i++) {
        const server *s = i ? &my : &pg;
        if (!s->up)
            fprintf(stderr,
                    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                    "!! %s NOT AVAILABLE (scripts/oracle start): its backend tests are\n"
                    "!! SKIPPED, nothing is checked against the real server.\n"
                    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
                    s->name);
    }
    return 0;
}

static int teardown_servers(void **state)
{
    (void)state;
    char sql[128];
    if (pg.up) {
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg.db);
        try_exec(pg.admin, sql);
    }
    if (my.up) {
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", my.db);
        try_exec(my.admin, sql);
    }
    return 0;
}

/* The server of the test (its prestate), or a skip when it is not running. */
static server *need(void **state)
{
    server *s = *state;
    if (!s->up)
        skip();
    return s;
}

static int is_pg(const server *s)
{
    return s == &pg;
}

/* The first value of sql as text: "NULL", "(no rows)" or "ERROR <sqlstate>". */
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
                 lw_column_is_null(rows, 0) ? "NULL" : lw_column_display(rows, 0));
    lw_rows_close(rows);
    return buf;
}

/* ---- Parameters ----------------------------------------------------------------- */

/* 1. Every parameter style reaches the server as a real parameter: values that would
 * break spliced SQL arrive intact. */
static void test_parameter_styles(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    exec_ok(c, "DROP TABLE IF EXISTS p");
    exec_ok(c, "CREATE TABLE p (id INT PRIMARY KEY, t VARCHAR(100))");
    static const char *const inserts[] = {
        "INSERT INTO p VALUES (?, ?)",          "INSERT INTO p VALUES (?1, ?2)",
        "INSERT INTO p VALUES ($1, $2)",        "INSERT INTO p VALUES (:1, :2)",
        "INSERT INTO p VALUES (%s, %s)",        "INSERT INTO p VALUES (:id, :t)",
        "INSERT INTO p VALUES (@id, @t)",       "INSERT INTO p VALUES ($id, $t)",
        "INSERT INTO p VALUES (%(id)s, %(t)s)",
    };
    const char *hostile = "x'); DROP TABLE p; -- \\' \" ?";
    for (int i = 0; i < (int)(sizeof inserts / sizeof inserts[0]); i++) {
        int named = i >= 5;
        if (!is_pg(s) && strstr(inserts[i], "@id")) {
            /* MariaDB's @name is a user variable, kept as written: no parameter. */
            assert_int_equal(
                lw_exec(c, "SET @id = ?, @t = ?", LW_ARGS(LW_INT(i + 1), LW_TEXT(hostile))), 0);
            exec_ok(c, inserts[i]);
            continue;
        }
        lw_value v[2] = {LW_INT(i + 1), LW_TEXT(hostile)};
        if (named) {
            v[0].name = "id";
            v[1].name = "t";
        }
        int rc = lw_exec(c, inserts[i], v, 2);
        if (rc)
            fprintf(stderr, "  %s: %s\n", inserts[i], lw_error_message(lw_last_error(c)));
        assert_int_equal(rc, 0);
    }
    assert_string_equal(scalar(c, "SELECT count(*) FROM p WHERE t = ?", LW_ARGS(LW_TEXT(hostile))),
                        "9");
    /* A name used twice is one value; '?' in a string is not a parameter; %% is %. */
    assert_string_equal(scalar(c, "SELECT count(*) FROM p WHERE id > :n AND id < :n + 3",
                               LW_ARGS(LW_NAMED("n", LW_INT(2)))),
                        "2");
    assert_string_equal(scalar(c, "SELECT concat('?', lower(%s), 7 %% 4)", LW_ARGS(LW_TEXT("A"))),
                        "?a3");
    assert_string_equal(scalar(c, "SELECT $2 - $1", LW_ARGS(LW_INT(10), LW_INT(3))), "-7");
    if (is_pg(s)) {
        /* Inside brackets, :N or :name right after an operand is an array slice's colon
         * and bound, as the server reads it; after '[' it is a parameter. */
        assert_string_equal(scalar(c, "SELECT (ARRAY[1,2,3])[2:3]", NULL, 0), "{2,3}");
        assert_string_equal(scalar(c, "SELECT (ARRAY[1,2,3])[1:2] || ?::int", LW_ARGS(LW_INT(9))),
                            "{1,2,9}");
        assert_string_equal(scalar(c,
                                   "SELECT a[lo:hi] FROM (SELECT ARRAY[4,5,6] AS a, 2 AS lo, 3 "
                                   "AS hi) t WHERE lo = :lo",
                                   LW_ARGS(LW_NAMED("lo", LW_INT(2)))),
                            "{5,6}");
        assert_string_equal(
            scalar(c, "SELECT (ARRAY[4,5,6])[:n]", LW_ARGS(LW_NAMED("n", LW_INT(2)))), "5");
        /* A ? after a keyword of SQL's special syntax is a parameter, not jsonb's ?. */
        assert_string_equal(
            scalar(c, "SELECT substring('abcdef' FROM ? FOR ?)", LW_ARGS(LW_INT(2), LW_INT(3))),
            "bcd");
        assert_string_equal(
            scalar(c, "SELECT overlay('abc' PLACING ? FROM 2)", LW_ARGS(LW_TEXT("X"))), "aXc");
        assert_string_equal(scalar(c,
                                   "SELECT trim(LEADING ? FROM 'xxa') || trim(BOTH ? FROM 'yby')",
                                   LW_ARGS(LW_TEXT("x"), LW_TEXT("y"))),
                            "ab");
        assert_string_equal(
            scalar(c, "SELECT 2 BETWEEN SYMMETRIC ? AND ?", LW_ARGS(LW_INT(3), LW_INT(1))), "t");
        assert_string_equal(scalar(c, "SELECT 1 WHERE false EXCEPT SELECT ? INTERSECT SELECT ?",
                                   LW_ARGS(LW_INT(1), LW_INT(1))),
                            "(no rows)");
    }
    /* A count mismatch is the shim's error, before anything reaches the server. */
    assert_int_equal(lw_exec(c, "INSERT INTO p VALUES (?, ?)", LW_ARGS(LW_INT(1))), LW_EPARAM);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "08P01");
    exec_ok(c, "DROP TABLE p");
    lw_close(c);
}

/* 2. Values round-trip, and the typed getters convert as on the embedded backend. */
static void test_values(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    exec_ok(c, "DROP TABLE IF EXISTS v");
    exec_ok(c, is_pg(s) ? "CREATE TABLE v (i BIGINT, r DOUBLE PRECISION, t TEXT, b BYTEA)"
                        : "CREATE TABLE v (i BIGINT, r DOUBLE, t TEXT, b BLOB)");
    const unsigned char bytes[] = {0, 1, 'x', 0xff, 0};
    const char text[] = "héllo\nwörld";
    assert_int_equal(
        lw_exec(c, "INSERT INTO v VALUES (?, ?, ?, ?)",
                LW_ARGS(LW_INT(INT64_MIN), LW_REAL(0.1), LW_TEXTN(text, 5), LW_BLOB(bytes, 5))),
        0);
    assert_int_equal(
        lw_exec(c, "INSERT INTO v VALUES (?, ?, ?, ?)",
                LW_ARGS(LW_INT(INT64_MAX), LW_REAL(-1e300), LW_TEXT(text), LW_BLOB(bytes, 0))),
        0);
    assert_int_equal(lw_exec(c, "INSERT INTO v VALUES (?, ?, ?, ?)",
                             LW_ARGS(LW_NULL(), LW_NULL(), LW_TEXT(NULL), LW_NULL())),
                     0);
    lw_rows *r = NULL;
    assert_int_equal(lw_query(c, "SELECT i, r, t, b FROM v ORDER BY i", NULL, 0, &r), 0);
    assert_int_equal(lw_column_count(r), 4);
    assert_int_equal(lw_rows_next(r), LW_ROW); /* NULLs sort first on MariaDB, last on PG */
    if (!is_pg(s)) {
        for (int i = 0; i < 4; i++) {
            assert_int_equal(lw_column_type(r, i), LW_TYPE_NULL);
            assert_null(lw_column_text(r, i));
            assert_null(lw_column_display(r, i));
        }
        assert_int_equal(lw_rows_next(r), LW_ROW);
    }
    assert_int_equal(lw_column_type(r, 0), LW_TYPE_INT);
    assert_true(lw_column_int64(r, 0) == INT64_MIN);
    assert_int_equal(lw_column_type(r, 1), LW_TYPE_REAL);
    assert_true(lw_column_double(r, 1) == 0.1);
    assert_string_equal(lw_column_text(r, 1), "0.1");
    assert_int_equal(lw_column_type(r, 2), LW_TYPE_TEXT);
    assert_string_equal(lw_column_text(r, 2), "héll"); /* 5 bytes: h, é (2), l, l */
    assert_int_equal(lw_column_type(r, 3), LW_TYPE_BLOB);
    assert_int_equal(lw_column_bytes(r, 3), 5);
    assert_memory_equal(lw_column_blob(r, 3), bytes, 5);
    assert_string_equal(lw_column_display(r, 3), is_pg(s) ? "\\x000178ff00" : "");
    assert_int_equal(lw_rows_next(r), LW_ROW);
    assert_true(lw_column_int64(r, 0) == INT64_MAX);
    assert_true(lw_column_double(r, 1) == -1e300);
    assert_string_equal(lw_column_text(r, 1), "-1.0e+300");
    assert_string_equal(lw_column_text(r, 2), text);
    assert_int_equal(lw_column_bytes(r, 3), 0);
    if (is_pg(s)) {
        assert_int_equal(lw_rows_next(r), LW_ROW);
        assert_int_equal(lw_column_type(r, 2), LW_TYPE_NULL);
    }
    assert_int_equal(lw_rows_next(r), LW_DONE);
    lw_rows_close(r);
    /* A value longer than any buffer guessed from its column (MariaDB fetches it
     * again into one of its size), in two rows of one prepared statement. */
    assert_int_equal(lw_query(c, "SELECT repeat('ab', ?) UNION ALL SELECT repeat('c', 70000)",
                              LW_ARGS(LW_INT(3000)), &r),
                     0);
    assert_int_equal(lw_rows_next(r), LW_ROW);
    assert_int_equal(lw_column_bytes(r, 0), 6000);
    assert_int_equal(strlen(lw_column_text(r, 0)), 6000);
    assert_int_equal(lw_rows_next(r), LW_ROW);
    assert_int_equal(strlen(lw_column_text(r, 0)), 70000);
    assert_int_equal(lw_column_text(r, 0)[69999], 'c');
    lw_rows_close(r);
    if (is_pg(s)) {
        /* PostgreSQL text cannot hold NUL: refused, never cut short. */
        assert_int_equal(lw_exec(c, "INSERT INTO v(t) VALUES (?)", LW_ARGS(LW_TEXTN("a\0b", 3))),
                         LW_ESQL);
        assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "22021");
    }
    exec_ok(c, "DROP TABLE v");
    lw_close(c);
}

/* 3. The same query on PostgreSQL and on the embedded postgresql dialect: the typed
 * getters agree value for value (booleans, numerics, doubles, dates, json, NULL). */
static void test_getters_match_embedded(void **state)
{
    server *s = need(state); /* PostgreSQL only: the embedded mariadb dialect is lexical */
    static const char *const exprs[] = {
        "true",         "false",      "12.50::numeric(6,2)", "0.1::float8 + 0.2",
        "42",           "-7::bigint", "'2024-01-31'::date",  "'{\"b\": 1, \"a\": [1, 2]}'::jsonb",
        "'x y'::text",  "NULL::int",  "3::smallint",         "'1e3'::text",
        "1.5::numeric", "' 12abc'",
    };
    lw_conn *server_conn = open_ok(s->url);
    lw_conn *embedded = open_ok("sqlite::memory:?dialect=postgresql");
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT %s AS v", exprs[i]);
        lw_rows *a = NULL, *b = NULL;
        assert_int_equal(lw_query(server_conn, sql, NULL, 0, &a), 0);
        assert_int_equal(lw_query(embedded, sql, NULL, 0, &b), 0);
        assert_int_equal(lw_rows_next(a), LW_ROW);
        assert_int_equal(lw_rows_next(b), LW_ROW);
        if (lw_column_type(a, 0) != lw_column_type(b, 0) ||
            lw_column_int64(a, 0) != lw_column_int64(b, 0) ||
            lw_column_double(a, 0) != lw_column_double(b, 0) ||
            !lw_column_text(a, 0) != !lw_column_text(b, 0) ||
            (lw_column_text(a, 0) && strcmp(lw_column_text(a, 0), lw_column_text(b, 0))) ||
            !lw_column_display(a, 0) != !lw_column_display(b, 0) ||
            (lw_column_display(a, 0) && strcmp(lw_column_display(a, 0), lw_column_display(b, 0))))
            fail_msg("%s: server type %d int %lld double %g text %s display %s; embedded type "
                     "%d int %lld double %g text %s display %s",
                     exprs[i], lw_column_type(a, 0), (long long)lw_column_int64(a, 0),
                     lw_column_double(a, 0), lw_column_text(a, 0), lw_column_display(a, 0),
                     lw_column_type(b, 0), (long long)lw_column_int64(b, 0), lw_column_double(b, 0),
                     lw_column_text(b, 0), lw_column_display(b, 0));
        lw_rows_close(a);
        lw_rows_close(b);
    }
    lw_close(embedded);
    lw_close(server_conn);
}

/* 4. Display as the server's client prints it (psql; mariadb, the text protocol),
 * through the prepared path (with a parameter) and the one-off path alike. */
static void test_display(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    const char *sql = is_pg(s) ? "SELECT true, 2.50::numeric(5,2), 1e-10::float8, "
                                 "'2024-01-31 12:00:00.1234'::timestamp(6), "
                                 "'[1, {\"b\": 2, \"a\": 1}]'::jsonb, interval '1 day 2 hours', "
                                 "ARRAY[1,2], '\\x4142'::bytea, %s"
                               : "SELECT true, CAST(2.5 AS DECIMAL(5,2)), 1e-10, "
                                 "CAST('2024-01-31 12:00:00.1234' AS DATETIME(6)), "
                                 "JSON_OBJECT('b', 2, 'a', 1), CAST('-12:34:56.5' AS TIME(3)), "
                                 "b'1000001', x'4142', %s";
    const char *expected = is_pg(s) ? "t|2.50|1e-10|2024-01-31 12:00:00.1234|[1, {\"a\": 1, "
                                      "\"b\": 2}]|1 day 02:00:00|{1,2}|\\x4142|7"
                                    : "1|2.50|0.0000000001|2024-01-31 12:00:00.123400|{\"b\": 2, "
                                      "\"a\": 1}|-12:34:56.500|A|AB|7";
    for (int with_param = 0; with_param < 2; with_param++) {
        char text[512];
        snprintf(text, sizeof text, sql, with_param ? "?" : "7");
        lw_rows *r = NULL;
        int rc =
            with_param ? lw_query(c, text, LW_ARGS(LW_INT(7)), &r) : lw_query(c, text, NULL, 0, &r);
        assert_int_equal(rc, 0);
        assert_int_equal(lw_rows_next(r), LW_ROW);
        char line[512] = "";
        for (int i = 0; i < lw_column_count(r); i++) {
            strcat(line, i ? "|" : "");
            strcat(line, lw_column_display(r, i) ? lw_column_display(r, i) : "NULL");
        }
        assert_string_equal(line, expected);
        lw_rows_close(r);
    }
    lw_close(c);
}

/* ---- Errors --------------------------------------------------------------------- */

/* 5. The server's SQLSTATE, number and message; the LW_E* codes of the embedded
 * backend; errors found before running (class 42) from lw_query, the others from
 * lw_rows_next as SQLite's step errors are. */
static void test_errors(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    exec_ok(c, "DROP TABLE IF EXISTS child");
    exec_ok(c, "DROP TABLE IF EXISTS parent");
    exec_ok(c, "CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL UNIQUE, "
               "n INT CHECK (n >= 0))");
    exec_ok(c, "CREATE TABLE child (id INT PRIMARY KEY, pid INT REFERENCES parent(id))");
    exec_ok(c, "INSERT INTO parent VALUES (1, 'a', 0)");
    static const struct {
        const char *sql;
        int code;
        const char *pg_state;
        int pg_errno;
        const char *my_state;
        int my_errno;
    } cases[] = {
        {"INSERT INTO parent VALUES (2, 'a', 0)", LW_ECONSTRAINT, "23505", 1062, "23000", 1062},
        {"INSERT INTO parent VALUES (1, 'b', 0)", LW_ECONSTRAINT, "23505", 1062, "23000", 1062},
        {"INSERT INTO parent VALUES (3, NULL, 0)", LW_ECONSTRAINT, "23502", 1048, "23000", 1048},
        {"INSERT INTO parent VALUES (4, 'd', -1)", LW_ECONSTRAINT, "23514", 3819, "23000", 4025},
        {"INSERT INTO child VALUES (1, 99)", LW_ECONSTRAINT, "23503", 1452, "23000", 1452},
        {"SELEC 1", LW_ESYNTAX, "42601", 1064, "42000", 1064},
        {"SELECT * FROM nosuch", LW_ESQL, "42P01", 1146, "42S02", 1146},
        {"SELECT nosuch FROM parent", LW_ESQL, "42703", 1054, "42S22", 1054},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = lw_exec(c, cases[i].sql, NULL, 0);
        const lw_error *e = lw_last_error(c);
        if (rc != cases[i].code)
            fprintf(stderr, "  %s: %s %s\n", cases[i].sql, lw_err_name(rc), lw_error_message(e));
        assert_int_equal(rc, cases[i].code);
        assert_int_equal(lw_error_code(e), cases[i].code);
        assert_string_equal(lw_error_sqlstate(e), is_pg(s) ? cases[i].pg_state : cases[i].my_state);
        assert_int_equal(lw_error_mysql_errno(e), is_pg(s) ? cases[i].pg_errno : cases[i].my_errno);
        assert_int_equal(lw_error_sqlite_code(e), 0);
        assert_true(strlen(lw_error_message(e)) > 5);
        assert_string_equal(lw_error_message(e), lw_error_sqlite_message(e));
    }
    assert_string_equal(lw_error_message(lw_last_error(c)),
                        is_pg(s) ? "column \"nosuch\" does not exist"
                                 : "Unknown column 'nosuch' in 'SELECT'");
    /* Prepare-time errors from lw_query, run-time errors from lw_rows_next. */
    lw_rows *r = NULL;
    assert_int_equal(lw_query(c, "SELECT * FROM nosuch WHERE id = ?", LW_ARGS(LW_INT(1)), &r),
                     LW_ESQL);
    assert_null(r);
    assert_int_equal(
        lw_query(c, "INSERT INTO parent VALUES (?, 'a', 0) RETURNING id", LW_ARGS(LW_INT(5)), &r),
        0);
    assert_int_equal(lw_rows_next(r), LW_ECONSTRAINT);
    assert_int_equal(lw_rows_next(r), LW_DONE);
    lw_rows_close(r);
    /* The error object is the same whatever the backend: a copy outlives the call. */
    lw_error *copy = lw_error_copy(lw_last_error(c));
    assert_int_equal(lw_exec(c, "SELECT 1", NULL, 0), 0);
    assert_int_equal(lw_error_code(copy), LW_ECONSTRAINT);
    lw_error_free(copy);
    exec_ok(c, "DROP TABLE child");
    exec_ok(c, "DROP TABLE parent");
    lw_close(c);
}

/* ---- Transactions ---------------------------------------------------------------- */

/* 6. lw_begin, savepoints, commit and rollback; SQL-text BEGIN and COMMIT; a bare
 * BEGIN takes the connection's mode (SERIALIZABLE by default, READ COMMITTED with
 * txn=deferred on PostgreSQL). */
static void test_transactions(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    exec_ok(c, "DROP TABLE IF EXISTS tx");
    exec_ok(c, "CREATE TABLE tx (id INT PRIMARY KEY)");
    assert_int_equal(lw_txn_depth(c), 0);
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    exec_ok(c, "INSERT INTO tx VALUES (1)");
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    assert_int_equal(lw_txn_depth(c), 2);
    exec_ok(c, "INSERT INTO tx VALUES (2)");
    assert_int_equal(lw_rollback(c), 0);
    assert_int_equal(lw_txn_depth(c), 1);
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    exec_ok(c, "INSERT INTO tx VALUES (3)");
    assert_int_equal(lw_commit(c), 0);
    assert_int_equal(lw_commit(c), 0);
    assert_int_equal(lw_txn_depth(c), 0);
    assert_string_equal(scalar(c, "SELECT count(*) FROM tx WHERE id IN (1, 3)", NULL, 0), "2");
    assert_string_equal(scalar(c, "SELECT count(*) FROM tx", NULL, 0), "2");
    assert_int_equal(lw_commit(c), LW_ESTATE);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "25P01");
    /* SQL text. */
    exec_ok(c, "BEGIN");
    assert_int_equal(lw_txn_depth(c), 1);
    if (is_pg(s))
        assert_string_equal(scalar(c, "SHOW transaction_isolation", NULL, 0), "serializable");
    exec_ok(c, "INSERT INTO tx VALUES (4)");
    exec_ok(c, "ROLLBACK");
    assert_int_equal(lw_txn_depth(c), 0);
    assert_string_equal(scalar(c, "SELECT count(*) FROM tx", NULL, 0), "2");
    exec_ok(c, is_pg(s) ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "START TRANSACTION READ ONLY");
    if (is_pg(s))
        assert_string_equal(scalar(c, "SHOW transaction_isolation", NULL, 0), "read committed");
    exec_ok(c, "COMMIT");
    lw_close(c);
    if (is_pg(s)) {
        c = open_ok(url_with(s, "&txn=deferred"));
        exec_ok(c, "BEGIN");
        assert_string_equal(scalar(c, "SHOW transaction_isolation", NULL, 0), "read committed");
        exec_ok(c, "COMMIT");
        /* A transaction PostgreSQL aborted: lw_commit says so instead of succeeding. */
        assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
        assert_int_equal(lw_exec(c, "INSERT INTO tx VALUES (1)", NULL, 0), LW_ECONSTRAINT);
        assert_int_equal(lw_exec(c, "SELECT 1", NULL, 0), LW_ESTATE);
        assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "25P02");
        assert_int_equal(lw_commit(c), LW_ESTATE);
        assert_int_equal(lw_txn_depth(c), 0);
        lw_close(c);
    }
    c = open_ok(s->url);
    exec_ok(c, "DROP TABLE tx");
    lw_close(c);
}

typedef struct racer {
    const server *srv;
    pthread_barrier_t *barrier;
    int attempts;
    int rc;
    char error[256];
    int who;      /* cross: 0 locks row 1 then 2, 1 the other way round */
    char seen[8]; /* cross: the SQLSTATE of a refused attempt */
    const char *options;
    lw_txn_fn fn;
} racer;

/* Two writers taking the same two rows in opposite orders: the first attempt waits at
 * the barrier between its two updates, so the server finds a deadlock (40P01 on
 * PostgreSQL, 1213 on MariaDB) and refuses one of them. */
static int cross(lw_conn *c, void *arg)
{
    racer *r = arg;
    int rc = lw_exec(c, "UPDATE counter SET n = n + 1 WHERE id = ?", LW_ARGS(LW_INT(1 + r->who)));
    if (rc == 0 && r->attempts++ == 0)
        pthread_barrier_wait(r->barrier);
    if (rc == 0)
        rc = lw_exec(c, "UPDATE counter SET n = n + 1 WHERE id = ?", LW_ARGS(LW_INT(2 - r->who)));
    if (rc == LW_ERETRY)
        snprintf(r->seen, sizeof r->seen, "%s", lw_error_sqlstate(lw_last_error(c)));
    return rc;
}

/* Read-modify-write; the first attempt waits at the barrier after its read, so both
 * racers read the same value and one of them must be refused and retried. */
static int bump(lw_conn *c, void *arg)
{
    racer *r = arg;
    const char *read = scalar(c, "SELECT n FROM counter WHERE id = 1", NULL, 0);
    if (strncmp(read, "ERROR", 5) == 0)
        return lw_error_code(lw_last_error(c));
    long n = atol(read);
    if (r->attempts++ == 0)
        pthread_barrier_wait(r->barrier);
    return lw_exec(c, "UPDATE counter SET n = ? WHERE id = 1", LW_ARGS(LW_INT(n + 1)));
}

static void *race(void *arg)
{
    racer *r = arg;
    lw_conn *c = NULL;
    lw_error *err = NULL;
    if (lw_open(url_with(r->srv, r->options ? r->options : "&timeout=10000"), &c, &err) != 0) {
        snprintf(r->error, sizeof r->error, "%s", lw_error_message(err));
        lw_error_free(err);
        r->rc = -1;
        pthread_barrier_wait(r->barrier);
        return NULL;
    }
    r->rc = lw_transaction(c, LW_TXN_DEFAULT, 20000, r->fn ? r->fn : bump, r);
    if (r->rc)
        snprintf(r->error, sizeof r->error, "%s %s", lw_error_sqlstate(lw_last_error(c)),
                 lw_error_message(lw_last_error(c)));
    lw_close(c);
    return NULL;
}

/* 7. Two read-modify-write transactions at once: the server refuses one (40001 on
 * PostgreSQL, 1213 deadlock on MariaDB), lw_transaction retries it, nothing is lost;
 * and a deadlock between two writers (40P01, 1213) is retried the same way. */
static void test_transaction_retry(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    exec_ok(c, "DROP TABLE IF EXISTS counter");
    exec_ok(c, "CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)");
    exec_ok(c, "INSERT INTO counter VALUES (1, 0)");
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, 2);
    racer a = {.srv = s, .barrier = &barrier}, b = {.srv = s, .barrier = &barrier};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, race, &a);
    pthread_create(&tb, NULL, race, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    pthread_barrier_destroy(&barrier);
    if (a.rc || b.rc)
        fail_msg("racers: %d %s / %d %s", a.rc, a.error, b.rc, b.error);
    assert_string_equal(scalar(c, "SELECT n FROM counter", NULL, 0), "2");
    assert_true(a.attempts + b.attempts >= 3); /* one of them ran twice */
    /* A deadlock, in the server's default isolation (txn=deferred): refused with 40P01
     * (PostgreSQL) or 1213 (MariaDB, SQLSTATE 40001) and retried; both rows get both
     * updates. */
    exec_ok(c, "INSERT INTO counter VALUES (2, 0); UPDATE counter SET n = 0");
    pthread_barrier_init(&barrier, NULL, 2);
    racer x = {.srv = s,
               .barrier = &barrier,
               .who = 0,
               .fn = cross,
               .options = "&timeout=10000&txn=deferred"};
    racer y = x;
    y.who = 1;
    pthread_create(&ta, NULL, race, &x);
    pthread_create(&tb, NULL, race, &y);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    pthread_barrier_destroy(&barrier);
    if (x.rc || y.rc)
        fail_msg("crossing racers: %d %s / %d %s", x.rc, x.error, y.rc, y.error);
    assert_string_equal(scalar(c, "SELECT sum(n) FROM counter", NULL, 0), "4");
    assert_string_equal(x.seen[0] ? x.seen : y.seen, is_pg(s) ? "40P01" : "40001");
    exec_ok(c, "DROP TABLE counter");
    lw_close(c);
}

/* 8. A lock wait that reaches the URL's timeout, and FOR UPDATE NOWAIT, are 55P03 as
 * on the embedded backend (PostgreSQL lock_timeout; MariaDB 1205). */
static void test_lock_timeout_and_nowait(void **state)
{
    server *s = need(state);
    lw_conn *holder = open_ok(s->url);
    exec_ok(holder, "DROP TABLE IF EXISTS lk");
    exec_ok(holder, "CREATE TABLE lk (id INT PRIMARY KEY, n INT)");
    exec_ok(holder, "INSERT INTO lk VALUES (1, 0)");
    lw_conn *waiter = open_ok(url_with(s, "&timeout=1000"));
    assert_int_equal(lw_begin(holder, LW_TXN_DEFAULT), 0);
    assert_string_equal(scalar(holder, "SELECT n FROM lk WHERE id = 1 FOR UPDATE", NULL, 0), "0");
    double t0 = now();
    assert_int_equal(lw_exec(waiter, "UPDATE lk SET n = 1 WHERE id = 1", NULL, 0), LW_ELOCKTIMEOUT);
    double waited = now() - t0;
    assert_string_equal(lw_error_sqlstate(lw_last_error(waiter)), "55P03");
    assert_int_equal(lw_error_mysql_errno(lw_last_error(waiter)), 1205);
    assert_true(waited >= 0.9 && waited < 5.0);
    t0 = now();
    assert_string_equal(scalar(waiter, "SELECT n FROM lk WHERE id = 1 FOR UPDATE NOWAIT", NULL, 0),
                        "ERROR 55P03");
    assert_int_equal(lw_error_code(lw_last_error(waiter)), LW_ELOCKTIMEOUT);
    assert_true(now() - t0 < 0.5);
    assert_int_equal(lw_commit(holder), 0);
    assert_string_equal(scalar(waiter, "SELECT n FROM lk WHERE id = 1 FOR UPDATE NOWAIT", NULL, 0),
                        "0");
    lw_close(waiter);
    exec_ok(holder, "DROP TABLE lk");
    lw_close(holder);
}

/* ---- Connections ------------------------------------------------------------------ */

/* 9. Rows stay readable while the connection runs other statements, also the same
 * cached text twice; lw_changes, lw_last_insert_id; usable and max_age. */
static void test_rows_and_connection(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    exec_ok(c, "DROP TABLE IF EXISTS rw");
    exec_ok(c, is_pg(s) ? "CREATE TABLE rw (id SERIAL PRIMARY KEY, n INT)"
                        : "CREATE TABLE rw (id INT AUTO_INCREMENT PRIMARY KEY, n INT)");
    assert_int_equal(lw_exec(c, "INSERT INTO rw(n) VALUES (?), (?), (?)",
                             LW_ARGS(LW_INT(1), LW_INT(2), LW_INT(3))),
                     0);
    assert_int_equal(lw_changes(c), 3);
    if (is_pg(s)) {
        assert_int_equal(lw_last_insert_id(c), 0);
        assert_int_equal(lw_error_code(lw_last_error(c)), LW_ENOTSUP);
    } else {
        assert_int_equal(lw_last_insert_id(c), 1); /* MariaDB: the first id of the insert */
    }
    const char *q = "SELECT id, n FROM rw WHERE n >= ? ORDER BY id";
    lw_rows *outer = NULL, *inner = NULL;
    assert_int_equal(lw_query(c, q, LW_ARGS(LW_INT(1)), &outer), 0);
    int seen = 0;
    while (lw_rows_next(outer) == LW_ROW) {
        seen++;
        assert_int_equal(lw_exec(c, "UPDATE rw SET n = n + 10 WHERE id = ?",
                                 LW_ARGS(LW_INT(lw_column_int64(outer, 0)))),
                         0);
        assert_int_equal(lw_changes(c), 1);
        assert_int_equal(lw_query(c, q, LW_ARGS(LW_INT(11)), &inner), 0);
        int n_inner = 0;
        while (lw_rows_next(inner) == LW_ROW)
            n_inner++;
        lw_rows_close(inner);
        assert_int_equal(n_inner, seen);
    }
    lw_rows_close(outer);
    assert_int_equal(seen, 3);
    assert_int_equal(lw_exec(c, "UPDATE rw SET n = n", NULL, 0), 0);
    assert_int_equal(lw_changes(c), 3); /* rows matched, as SQLite counts them */
    assert_true(lw_conn_usable(c));
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    assert_false(lw_conn_usable(c)); /* a transaction left open */
    assert_int_equal(lw_rollback(c), 0);
    assert_string_equal(lw_conn_backend(c), s->name);
    assert_null(lw_conn_sqlite(c));
    exec_ok(c, "DROP TABLE rw");
    lw_close(c);
    c = open_ok(url_with(s, "&max_age=0"));
    assert_false(lw_conn_usable(c));
    lw_close(c);
}

/* 10. A cached statement survives schema changes: its result columns follow. */
static void test_cache_and_schema_changes(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    lw_conn *other = open_ok(s->url);
    exec_ok(c, "DROP TABLE IF EXISTS sc");
    exec_ok(c, "CREATE TABLE sc (id INT PRIMARY KEY)");
    exec_ok(c, "INSERT INTO sc VALUES (1)");
    const char *q = "SELECT * FROM sc WHERE id = ?";
    for (int round = 0; round < 3; round++) {
        lw_rows *r = NULL;
        assert_int_equal(lw_query(c, q, LW_ARGS(LW_INT(1)), &r), 0);
        assert_int_equal(lw_rows_next(r), LW_ROW);
        assert_int_equal(lw_column_count(r), round + 1);
        lw_rows_close(r);
        /* The first change through this connection, the second through another. */
        static const char *const alter[] = {"ALTER TABLE sc ADD COLUMN a INT",
                                            "ALTER TABLE sc ADD COLUMN b INT",
                                            "ALTER TABLE sc ADD COLUMN c INT"};
        exec_ok(round == 0 ? c : other, alter[round]);
    }
    /* A change rolled back (PostgreSQL has transactional DDL). */
    if (is_pg(s)) {
        exec_ok(c, "BEGIN; ALTER TABLE sc ADD COLUMN d INT");
        assert_string_equal(scalar(c, "SELECT count(*) FROM sc WHERE id = ?", LW_ARGS(LW_INT(1))),
                            "1");
        exec_ok(c, "ROLLBACK");
        lw_rows *r = NULL;
        assert_int_equal(lw_query(c, q, LW_ARGS(LW_INT(1)), &r), 0);
        assert_int_equal(lw_rows_next(r), LW_ROW);
        assert_int_equal(lw_column_count(r), 4);
        lw_rows_close(r);
        /* COPY would wait for data that never comes: refused, the connection fine. */
        assert_int_equal(lw_exec(c, "COPY sc FROM STDIN", NULL, 0), LW_ENOTSUP);
        assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "0A000");
        assert_true(lw_conn_usable(c));
    }
    exec_ok(c, "DROP TABLE sc");
    lw_close(other);
    lw_close(c);
}

/* 10b. CALL of a procedure, with a parameter (a prepared statement) and without: its
 * rows come back (MariaDB: the first result set; a procedure's results end with a
 * status result, which is read and dropped), and the connection stays usable, also
 * when the same CALL runs again from the cache. */
static void test_procedure_call(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    exec_ok(c, "DROP PROCEDURE IF EXISTS lw_two");
    exec_ok(c, is_pg(s) ? "CREATE PROCEDURE lw_two(INOUT a int, INOUT b int) LANGUAGE sql "
                          "AS $$ SELECT a, a + 1 $$"
                        : "CREATE PROCEDURE lw_two(IN x INT) SELECT x AS a, x + 1 AS b");
    const char *call = is_pg(s) ? "CALL lw_two(?, NULL)" : "CALL lw_two(?)";
    for (int round = 0; round < 3; round++) {
        lw_rows *r = NULL;
        int rc = lw_query(c, call, LW_ARGS(LW_INT(5 + round)), &r);
        if (rc)
            fprintf(stderr, "  %s: %s\n", call, lw_error_message(lw_last_error(c)));
        assert_int_equal(rc, 0);
        assert_int_equal(lw_rows_next(r), LW_ROW);
        assert_int_equal(lw_column_count(r), 2);
        assert_string_equal(lw_column_name(r, 0), "a");
        assert_int_equal(lw_column_int64(r, 0), 5 + round);
        assert_int_equal(lw_column_int64(r, 1), 6 + round);
        assert_int_equal(lw_rows_next(r), LW_DONE);
        lw_rows_close(r);
        assert_string_equal(scalar(c, "SELECT 40 + ?", LW_ARGS(LW_INT(2))), "42");
        assert_int_equal(lw_exec(c, call, LW_ARGS(LW_INT(1))), 0);
        assert_string_equal(
            scalar(c, is_pg(s) ? "CALL lw_two(7, NULL)" : "CALL lw_two(7)", NULL, 0), "7");
        assert_string_equal(scalar(c, "SELECT 42", NULL, 0), "42");
    }
    assert_true(lw_conn_usable(c));
    exec_ok(c, "DROP PROCEDURE lw_two");
    /* A compound body with ';' inside is one statement of the text (MariaDB: BEGIN ...
     * END with IF ... END IF, and a procedure of two result sets; PostgreSQL: BEGIN
     * ATOMIC), the statement after it another. */
    if (is_pg(s)) {
        exec_ok(c, "DROP FUNCTION IF EXISTS lw_inc; CREATE FUNCTION lw_inc(x int) RETURNS int "
                   "LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN x + 1 END; END; "
                   "SELECT lw_inc(1)");
        assert_string_equal(scalar(c, "SELECT lw_inc(?)", LW_ARGS(LW_INT(41))), "42");
        exec_ok(c, "DROP FUNCTION lw_inc");
    } else {
        exec_ok(c, "DROP PROCEDURE IF EXISTS lw_many; CREATE PROCEDURE lw_many(IN x INT) BEGIN "
                   "IF x > 0 THEN SELECT x AS a; END IF; SELECT x + 1 AS b; END; CALL lw_many(1)");
        for (int round = 0; round < 2; round++) {
            assert_string_equal(scalar(c, "CALL lw_many(?)", LW_ARGS(LW_INT(41))), "41");
            assert_string_equal(scalar(c, "CALL lw_many(?)", LW_ARGS(LW_INT(-1))), "0");
        }
        exec_ok(c, "DROP PROCEDURE lw_many");
    }
    assert_true(lw_conn_usable(c));
    lw_close(c);
}

/* 11. URL options on a server: mode=ro, init, timeout's rounding; options that cannot
 * apply are refused before connecting. */
static void test_url_options(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    exec_ok(c, "DROP TABLE IF EXISTS ro");
    exec_ok(c, "CREATE TABLE ro (id INT)");
    lw_close(c);
    c = open_ok(url_with(s, "&mode=ro"));
    assert_int_equal(lw_exec(c, "INSERT INTO ro VALUES (1)", NULL, 0), LW_EREADONLY);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "25006");
    assert_string_equal(scalar(c, "SELECT count(*) FROM ro", NULL, 0), "0");
    lw_close(c);
    c = open_ok(url_with(s, is_pg(s) ? "&init=SET%20search_path%20TO%20pg_catalog,public"
                                     : "&init=SET%20@x%20%3D%2041%3B%20SET%20@x%20%3D%20@x%2B1"));
    assert_string_equal(scalar(c, is_pg(s) ? "SHOW search_path" : "SELECT @x", NULL, 0),
                        is_pg(s) ? "pg_catalog, public" : "42");
    lw_close(c);
    c = open_ok(url_with(s, "&timeout=1500"));
    assert_string_equal(
        scalar(c, is_pg(s) ? "SHOW lock_timeout" : "SELECT @@innodb_lock_wait_timeout", NULL, 0),
        is_pg(s) ? "1500ms" : "2");
    exec_ok(c, "DROP TABLE ro");
    lw_close(c);
    lw_conn *none = NULL;
    lw_error *err = NULL;
    assert_int_equal(lw_open(url_with(s, "&journal_mode=wal"), &none, &err), LW_EURL);
    assert_null(none);
    assert_string_equal(lw_error_sqlstate(err), "08001");
    assert_non_null(strstr(lw_error_message(err), "journal_mode does not apply"));
    lw_error_free(err);
    assert_int_equal(lw_open(url_with(s, "&init=SELEC%201"), &none, &err), LW_ESYNTAX);
    lw_error_free(err);
    if (is_pg(s)) {
        assert_int_equal(lw_open(url_with(s, "&colour=red"), &none, &err), LW_EURL);
        assert_non_null(strstr(lw_error_message(err), "colour"));
        lw_error_free(err);
    }
}

/* 12. template= on PostgreSQL: a fresh database cloned from the template, private to
 * the connection and dropped when it closes. */
static void test_template(void **state)
{
    server *s = need(state); /* PostgreSQL only: MariaDB's is refused at the URL */
    char tpl[80], sql[256];
    snprintf(tpl, sizeof tpl, "%s_tpl", s->db);
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s; CREATE DATABASE %s", tpl, tpl);
    assert_int_equal(try_exec(s->admin, sql), 0);
    char url[1024];
    snprintf(url, sizeof url, "postgresql:///%s?host=%s&user=postgres", tpl, sock);
    assert_int_equal(try_exec(url, "CREATE TABLE item (id INT); INSERT INTO item VALUES (1), (2)"),
                     0);
    snprintf(url, sizeof url, "%s&template=%s", s->admin, tpl);
    lw_conn *a = open_ok(url), *b = open_ok(url);
    char clone[128];
    snprintf(clone, sizeof clone, "%s", scalar(a, "SELECT current_database()", NULL, 0));
    assert_non_null(strstr(clone, tpl));
    assert_string_not_equal(clone, scalar(b, "SELECT current_database()", NULL, 0));
    exec_ok(a, "INSERT INTO item VALUES (3)");
    assert_string_equal(scalar(a, "SELECT count(*) FROM item", NULL, 0), "3");
    assert_string_equal(scalar(b, "SELECT count(*) FROM item", NULL, 0), "2");
    lw_close(a);
    lw_close(b);
    lw_conn *admin = open_ok(s->admin);
    assert_string_equal(scalar(admin, "SELECT count(*) FROM pg_database WHERE datname = ?",
                               LW_ARGS(LW_TEXT(clone))),
                        "0");
    snprintf(sql, sizeof sql, "DROP DATABASE %s", tpl);
    exec_ok(admin, sql);
    lw_close(admin);
}

/* ---- Bad cases ---------------------------------------------------------------- */

/* 13. A server that is down (nothing listens on the socket): 08006 at once. */
static void test_server_down(void **state)
{
    server *s = *state; /* needs no running server */
    char dir[64], url[256];
    snprintf(dir, sizeof dir, "/tmp/lwtest_down_%d", (int)getpid());
    if (is_pg(s))
        snprintf(url, sizeof url, "postgresql:///x?host=%s&user=postgres", dir);
    else
        snprintf(url, sizeof url, "mariadb://root@/x?socket=%s/my.sock", dir);
    lw_conn *c = NULL;
    lw_error *err = NULL;
    double t0 = now();
    assert_int_equal(lw_open(url, &c, &err), LW_ECANTOPEN);
    assert_true(now() - t0 < 2.0);
    assert_null(c);
    assert_string_equal(lw_error_sqlstate(err), "08006");
    assert_int_equal(lw_error_mysql_errno(err), 2002);
    assert_non_null(strstr(lw_error_message(err), dir));
    lw_error_free(err);
}

/* 14. A wrong password: 28P01 / 1045 (28000), LW_ECANTOPEN. PostgreSQL's is asked of
 * a private server that checks passwords (tests/private-pg). */
static void test_wrong_password(void **state)
{
    server *s = need(state);
    lw_conn *c = NULL;
    lw_error *err = NULL;
    char url[512];
    if (is_pg(s)) {
        char dir[64], cmd[256];
        snprintf(dir, sizeof dir, "/tmp/lwtest_pw_%d", (int)getpid());
        /* A password with every character a URL must encode: written %-encoded in
         * the URL's user information, which libpq decodes. */
        snprintf(cmd, sizeof cmd, "tests/private-pg start %s 's@c/r:t?&%%x' >/dev/null", dir);
        if (system(cmd) != 0)
            fail_msg("tests/private-pg could not start a server in %s", dir);
        snprintf(url, sizeof url, "postgresql:///postgres?host=%s&user=postgres&password=wrong",
                 dir);
        int rc = lw_open(url, &c, &err);
        snprintf(url, sizeof url,
                 "postgresql://postgres:s%%40c%%2Fr%%3At%%3F%%26%%25x@/postgres?host=%s", dir);
        lw_conn *ok = NULL;
        lw_error *ok_err = NULL;
        int ok_rc = lw_open(url, &ok, &ok_err);
        lw_error_free(ok_err);
        lw_close(ok);
        snprintf(cmd, sizeof cmd, "tests/private-pg stop %s", dir);
        assert_int_equal(system(cmd), 0);
        assert_int_equal(ok_rc, 0);
        assert_int_equal(rc, LW_ECANTOPEN);
        assert_string_equal(lw_error_sqlstate(err), "28P01");
        assert_int_equal(lw_error_mysql_errno(err), 1045);
        assert_non_null(strstr(lw_error_message(err), "password authentication failed"));
    } else {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "CREATE OR REPLACE USER lwtest_%d@localhost IDENTIFIED BY 's@c/r:t?&%%x'",
                 (int)getpid());
        assert_int_equal(try_exec(s->admin, sql), 0);
        /* The right password, %-encoded, and the socket's path %-encoded too. */
        char encoded_sock[300] = "";
        for (const char *p = sock; *p; p++)
            snprintf(encoded_sock + strlen(encoded_sock),
                     sizeof encoded_sock - strlen(encoded_sock), *p == '/' ? "%%2F" : "%c", *p);
        snprintf(
            url, sizeof url,
            "mariadb://lwtest_%d:s%%40c%%2Fr%%3At%%3F%%26%%25x@localhost/?socket=%s%%2Fmy.sock",
            (int)getpid(), encoded_sock);
        lw_conn *ok = NULL;
        lw_error *ok_err = NULL;
        int ok_rc = lw_open(url, &ok, &ok_err);
        if (ok_rc)
            fprintf(stderr, "  %s: %s\n", url, lw_error_message(ok_err));
        lw_error_free(ok_err);
        lw_close(ok);
        snprintf(url, sizeof url, "mariadb://lwtest_%d:wrong@localhost/?socket=%s/my.sock",
                 (int)getpid(), sock);
        int rc = lw_open(url, &c, &err);
        snprintf(sql, sizeof sql, "DROP USER lwtest_%d@localhost", (int)getpid());
        assert_int_equal(try_exec(s->admin, sql), 0);
        assert_int_equal(ok_rc, 0);
        assert_int_equal(rc, LW_ECANTOPEN);
        assert_string_equal(lw_error_sqlstate(err), "28000");
        assert_int_equal(lw_error_mysql_errno(err), 1045);
        assert_non_null(strstr(lw_error_message(err), "Access denied"));
    }
    assert_null(c);
    lw_error_free(err);
}

typedef struct runner {
    lw_conn *conn;
    const char *sql;
    int rc;
    double seconds;
} runner;

static void *run_statement(void *arg)
{
    runner *r = arg;
    double t0 = now();
    r->rc = lw_exec(r->conn, r->sql, NULL, 0);
    r->seconds = now() - t0;
    return NULL;
}

/* The server's id of the connection's session (PostgreSQL backend pid, MariaDB
 * connection id). */
static long session_id(const server *s, lw_conn *c)
{
    return atol(
        scalar(c, is_pg(s) ? "SELECT pg_backend_pid()" : "SELECT connection_id()", NULL, 0));
}

static const char *long_query(const server *s)
{
    return is_pg(s) ? "SELECT pg_sleep(20)" : "SELECT SLEEP(20)";
}

/* 15. The connection's session killed in the middle of a query (pg_terminate_backend,
 * KILL): the query fails at once with a connection error (57P01 / 08006, 1927 /
 * 2013), the connection is unusable, and the next call fails without hanging. */
static void test_killed_mid_query(void **state)
{
    server *s = need(state);
    lw_conn *victim = open_ok(s->url), *killer = open_ok(s->url);
    long id = session_id(s, victim);
    runner r = {victim, long_query(s), 0, 0};
    pthread_t t;
    pthread_create(&t, NULL, run_statement, &r);
    sleep_ms(300);
    char sql[96];
    snprintf(sql, sizeof sql, is_pg(s) ? "SELECT pg_terminate_backend(%ld)" : "KILL %ld", id);
    exec_ok(killer, sql);
    pthread_join(t, NULL);
    const lw_error *e = lw_last_error(victim);
    if (r.rc != LW_ECONNECTION)
        fprintf(stderr, "  killed: %s %s %s\n", lw_err_name(r.rc), lw_error_sqlstate(e),
                lw_error_message(e));
    assert_int_equal(r.rc, LW_ECONNECTION);
    assert_true(r.seconds < 5.0);
    assert_true(strcmp(lw_error_sqlstate(e), "57P01") == 0 ||
                strncmp(lw_error_sqlstate(e), "08", 2) == 0);
    if (!is_pg(s))
        assert_true(lw_error_mysql_errno(e) == 1927 || lw_error_mysql_errno(e) == 2013);
    double t0 = now();
    assert_false(lw_conn_usable(victim));
    assert_int_equal(lw_exec(victim, "SELECT 1", NULL, 0), LW_ECONNECTION);
    assert_true(now() - t0 < 2.0);
    lw_close(victim);
    lw_close(killer);
}

/* 16. A statement timeout set by the session (statement_timeout, max_statement_time):
 * 57014 and LW_ECANCELED in about the time asked; the connection stays usable
 * outside a transaction (it is), and is not inside one (PostgreSQL aborted it). */
static void test_statement_timeout(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(url_with(s, is_pg(s) ? "&init=SET%20statement_timeout%20%3D%20200"
                                              : "&init=SET%20max_statement_time%20%3D%200.2"));
    double t0 = now();
    const char *heavy = is_pg(s) ? "SELECT pg_sleep(5)"
                                 : "SELECT count(*) FROM information_schema.columns a, "
                                   "information_schema.columns b, information_schema.columns c";
    assert_int_equal(lw_exec(c, heavy, NULL, 0), LW_ECANCELED);
    assert_true(now() - t0 < 2.0);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "57014");
    assert_int_equal(lw_error_mysql_errno(lw_last_error(c)), is_pg(s) ? 1317 : 1969);
    assert_true(lw_conn_usable(c));
    assert_int_equal(lw_begin(c, LW_TXN_DEFAULT), 0);
    assert_int_equal(lw_exec(c, heavy, NULL, 0), LW_ECANCELED);
    assert_false(lw_conn_usable(c));
    assert_int_equal(lw_rollback(c), 0);
    assert_true(lw_conn_usable(c));
    lw_close(c);
}

/* 17. lw_cancel from another thread stops the running statement: 57014. */
static void test_cancel(void **state)
{
    server *s = need(state);
    lw_conn *c = open_ok(s->url);
    runner r = {c, long_query(s), 0, 0};
    pthread_t t;
    pthread_create(&t, NULL, run_statement, &r);
    sleep_ms(300);
    assert_int_equal(lw_cancel(c), 0);
    pthread_join(t, NULL);
    if (is_pg(s)) {
        assert_int_equal(r.rc, LW_ECANCELED);
        assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "57014");
    } else {
        /* KILL QUERY ends SLEEP() early with a result, not an error (MariaDB). */
        assert_true(r.rc == 0 || r.rc == LW_ECANCELED);
    }
    assert_true(r.seconds < 5.0);
    assert_true(lw_conn_usable(c));
    if (!is_pg(s)) {
        runner heavy = {c,
                        "SELECT count(*) FROM information_schema.columns a, "
                        "information_schema.columns b, information_schema.columns c",
                        0, 0};
        pthread_create(&t, NULL, run_statement, &heavy);
        sleep_ms(300);
        assert_int_equal(lw_cancel(c), 0);
        pthread_join(t, NULL);
        assert_int_equal(heavy.rc, LW_ECANCELED);
        assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "57014");
        assert_int_equal(lw_error_mysql_errno(lw_last_error(c)), 1317);
        assert_true(heavy.seconds < 5.0);
    }
    lw_close(c);
}

/* 18. PostgreSQL's backend process killed with SIGKILL, and the server stopped under
 * an open connection: 08006 at once, unusable, no hang (a private server, since a
 * killed backend makes PostgreSQL restart every session of its cluster). */
static void test_private_server_faults(void **state)
{
    server *s = need(state); /* PostgreSQL only: MariaDB's kill is test_killed_mid_query */
    char dir[64], cmd[256], url[256];
    snprintf(dir, sizeof dir, "/tmp/lwtest_kill_%d", (int)getpid());
    snprintf(cmd, sizeof cmd, "tests/private-pg start %s secret >/dev/null", dir);
    if (system(cmd) != 0)
        fail_msg("tests/private-pg could not start a server in %s", dir);
    snprintf(url, sizeof url, "postgresql:///postgres?host=%s&user=postgres&password=secret", dir);
    lw_conn *c = open_ok(url);
    long pid = session_id(s, c);
    runner r = {c, "SELECT pg_sleep(20)", 0, 0};
    pthread_t t;
    pthread_create(&t, NULL, run_statement, &r);
    sleep_ms(300);
    assert_int_equal(kill((pid_t)pid, SIGKILL), 0);
    pthread_join(t, NULL);
    assert_int_equal(r.rc, LW_ECONNECTION);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "08006");
    assert_true(r.seconds < 5.0);
    assert_false(lw_conn_usable(c));
    lw_close(c);
    /* The server stopped while a connection is open and idle. */
    sleep_ms(1500); /* crash recovery after the SIGKILL */
    lw_conn *idle = NULL;
    lw_error *err = NULL;
    for (int i = 0; i < 50 && lw_open(url, &idle, &err) != 0; i++) {
        lw_error_free(err);
        err = NULL;
        sleep_ms(200);
    }
    assert_non_null(idle);
    snprintf(cmd, sizeof cmd, "tests/private-pg stop %s", dir);
    assert_int_equal(system(cmd), 0);
    double t0 = now();
    int rc = lw_exec(idle, "SELECT 1", NULL, 0);
    assert_true(rc == LW_ECONNECTION);
    assert_true(strcmp(lw_error_sqlstate(lw_last_error(idle)), "57P01") == 0 ||
                strcmp(lw_error_sqlstate(lw_last_error(idle)), "08006") == 0);
    assert_false(lw_conn_usable(idle));
    assert_true(now() - t0 < 2.0);
    lw_close(idle);
    assert_int_equal(lw_open(url, &idle, &err), LW_ECANTOPEN);
    assert_string_equal(lw_error_sqlstate(err), "08006");
    lw_error_free(err);
}

#define BOTH(fn) cmocka_unit_test_prestate(fn, &pg), cmocka_unit_test_prestate(fn, &my)

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_parameter_styles),
        BOTH(test_values),
        cmocka_unit_test_prestate(test_getters_match_embedded, &pg),
        BOTH(test_display),
        BOTH(test_errors),
        BOTH(test_transactions),
        BOTH(test_transaction_retry),
        BOTH(test_lock_timeout_and_nowait),
        BOTH(test_rows_and_connection),
        BOTH(test_cache_and_schema_changes),
        BOTH(test_procedure_call),
        BOTH(test_url_options),
        cmocka_unit_test_prestate(test_template, &pg),
        BOTH(test_server_down),
        BOTH(test_wrong_password),
        BOTH(test_killed_mid_query),
        BOTH(test_statement_timeout),
        BOTH(test_cancel),
        cmocka_unit_test_prestate(test_private_server_faults, &pg),
    };
    return cmocka_run_group_tests(tests, setup_servers, teardown_servers);
}
