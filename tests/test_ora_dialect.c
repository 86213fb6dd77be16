/*
 * The oracle dialect: what sql_tests/oracle cannot see. The vendor code of lw_error
 * (the ORA number; MySQL's errno with the mysql dialects; none elsewhere), parameters
 * bound as the empty string, result column names and declared types, the session
 * settings per connection, the translated text of the constructs the rewriter writes,
 * and the plain-C cores of NUMBER and of the datetime format models.
 */
#include "lw_shim_test.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dialect/dialect.h"
#include "dialect/oracle/oracle.h"
#include "dialect/oracle/runtime.h"
#include "likewise.h"

#define ORA_URL "sqlite::memory:?dialect=oracle"

/* The first value as the dialect displays it, "NULL", "(no rows)" or "ERROR <code>". */
static const char *display(lw_conn *conn, const char *sql, const lw_value *values, int n)
{
    static char buf[1024];
    lw_rows *rows = NULL;
    int rc = lw_query(conn, sql, values, n, &rows);
    if (rc == 0)
        rc = lw_rows_next(rows);
    if (rc < 0)
        snprintf(buf, sizeof buf, "ERROR %d", lw_error_vendor_code(lw_last_error(conn)));
    else if (rc == LW_DONE)
        snprintf(buf, sizeof buf, "(no rows)");
    else {
        const char *v = lw_column_display(rows, 0);
        snprintf(buf, sizeof buf, "%s", v ? v : "NULL");
    }
    lw_rows_close(rows);
    return buf;
}

/* 1. The vendor code: the ORA number beside the SQLSTATE and the message. */
static void test_vendor_code(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE t (id NUMBER CONSTRAINT t_pk PRIMARY KEY, s VARCHAR2(3))");
    exec_ok(c, "INSERT INTO t VALUES (1, 'a')");
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (1, 'b')", NULL, 0), LW_ECONSTRAINT);
    const lw_error *e = lw_last_error(c);
    assert_int_equal(lw_error_vendor_code(e), 1);
    assert_string_equal(lw_error_sqlstate(e), "23000");
    assert_string_equal(lw_error_message(e),
                        "ORA-00001: unique constraint (LIKEWISE.T_PK) violated");
    /* a copy keeps it */
    lw_error *copy = lw_error_copy(e);
    assert_int_equal(lw_error_vendor_code(copy), 1);
    lw_error_free(copy);
    assert_string_equal(display(c, "SELECT 1/0 FROM DUAL", LW_NOARGS), "ERROR 1476");
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "22012");
    assert_string_equal(display(c, "SELECT nope FROM DUAL", LW_NOARGS), "ERROR 904");
    assert_string_equal(display(c, "SELECT * FROM nowhere", LW_NOARGS), "ERROR 942");
    /* too many arguments: the ones read before are freed (LeakSanitizer, make sanitize) */
    assert_string_equal(display(c,
                                "SELECT REGEXP_INSTR('a', 'b', 3, 2, 1, 'i', 3, 2, 1, 'i') FROM "
                                "DUAL",
                                LW_NOARGS),
                        "ERROR 939");
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (2, 'abcd')", NULL, 0), LW_ESQL);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 12899);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "72000");
    /* the dialect's refusals carry no ORA number */
    assert_int_equal(lw_exec(c, "BEGIN NULL; END;", NULL, 0), LW_ENOTSUP);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 0);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "0A000");
    /* success clears it */
    exec_ok(c, "SELECT 1 FROM DUAL");
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 0);
    lw_close(c);

    /* MySQL's numbers are its vendor codes; SQLite and PostgreSQL have none. */
    lw_conn *my = open_ok("sqlite::memory:?dialect=mysql");
    assert_int_not_equal(lw_exec(my, "SELECT * FROM nowhere", NULL, 0), 0);
    assert_int_equal(lw_error_vendor_code(lw_last_error(my)), 1146);
    assert_int_equal(lw_error_vendor_code(lw_last_error(my)),
                     lw_error_mysql_errno(lw_last_error(my)));
    lw_close(my);
    lw_conn *lite = open_ok("sqlite::memory:");
    assert_int_not_equal(lw_exec(lite, "SELECT * FROM nowhere", NULL, 0), 0);
    assert_int_equal(lw_error_vendor_code(lw_last_error(lite)), 0);
    assert_int_not_equal(lw_error_mysql_errno(lw_last_error(lite)), 0);
    lw_close(lite);
    lw_conn *pg = open_ok("sqlite::memory:?dialect=postgresql");
    assert_int_not_equal(lw_exec(pg, "SELECT 1/0", NULL, 0), 0);
    assert_int_equal(lw_error_vendor_code(lw_last_error(pg)), 0);
    lw_close(pg);
    assert_int_equal(lw_error_vendor_code(NULL), 0);
}

/* 2. A parameter bound as the empty string is NULL, as every '' is. */
static void test_empty_parameter(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE t (s VARCHAR2(5))");
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (:1)", LW_ARGS(LW_TEXT(""))), 0);
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (:v)", LW_ARGS(LW_NAMED("v", LW_TEXT("")))),
                     0);
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (:1)", LW_ARGS(LW_TEXTN("abc", 0))), 0);
    assert_string_equal(display(c, "SELECT COUNT(*) FROM t WHERE s IS NULL", LW_NOARGS), "3");
    assert_string_equal(display(c, "SELECT NVL(:1, 'null') FROM DUAL", LW_ARGS(LW_TEXT(""))),
                        "null");
    assert_string_equal(display(c, "SELECT LENGTH(:1) FROM DUAL", LW_ARGS(LW_TEXT("ab"))), "2");
    exec_ok(c, "CREATE TABLE n (s VARCHAR2(5) NOT NULL)");
    assert_int_equal(lw_exec(c, "INSERT INTO n VALUES (:1)", LW_ARGS(LW_TEXT(""))), LW_ECONSTRAINT);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 1400);
    lw_close(c);
}

/* 3. Result columns are named as Oracle names them; declared types say the type. */
static void test_columns(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE emp (Emp_Id NUMBER(6), name VARCHAR2(20), hired DATE)");
    exec_ok(c, "INSERT INTO emp VALUES (7, 'King', DATE '2003-06-17')");
    lw_rows *rows = NULL;
    assert_int_equal(lw_query(c, "SELECT emp_id, name n, 1 x, hired FROM emp", LW_NOARGS, &rows),
                     0);
    assert_int_equal(lw_rows_next(rows), LW_ROW);
    assert_string_equal(lw_column_name(rows, 0), "EMP_ID");
    assert_string_equal(lw_column_name(rows, 1), "N");
    assert_string_equal(lw_column_name(rows, 2), "X");
    assert_string_equal(lw_column_decltype(rows, 0), "NUMERIC_INT(6,0)");
    assert_string_equal(lw_column_decltype(rows, 1), "VARCHAR2(20)");
    assert_string_equal(lw_column_decltype(rows, 3), "DATE");
    assert_string_equal(lw_column_display(rows, 3), "17-JUN-03");
    assert_int_equal(lw_column_int64(rows, 0), 7);
    lw_rows_close(rows);
    /* The shim's own tables (MERGE's _lw_ora_matched has columns rid and n) are no
     * names: N and RID are the query's own. */
    assert_string_equal(display(c, "SELECT n FROM (SELECT name n FROM emp)", LW_NOARGS), "King");
    assert_string_equal(display(c, "SELECT rid FROM (SELECT 1 rid FROM emp)", LW_NOARGS), "1");
    lw_close(c);
}

/* 4. ALTER SESSION lasts for the connection; a new connection starts from the defaults. */
static void test_session(void **state)
{
    (void)state;
    lw_conn *a = open_ok(ORA_URL), *b = open_ok(ORA_URL);
    exec_ok(a, "ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD'");
    assert_string_equal(display(a, "SELECT DATE '2024-02-29' FROM DUAL", LW_NOARGS), "2024-02-29");
    assert_string_equal(display(b, "SELECT DATE '2024-02-29' FROM DUAL", LW_NOARGS), "29-FEB-24");
    exec_ok(a, "ALTER SESSION SET TIME_ZONE = '-5:30'");
    assert_string_equal(display(a, "SELECT SESSIONTIMEZONE FROM DUAL", LW_NOARGS), "-05:30");
    assert_string_equal(display(b, "SELECT SESSIONTIMEZONE FROM DUAL", LW_NOARGS), "+00:00");
    assert_int_equal(lw_exec(a, "ALTER SESSION SET TIME_ZONE = 'nowhere'", NULL, 0), LW_ESQL);
    assert_int_equal(lw_error_vendor_code(lw_last_error(a)), 1857);
    assert_int_equal(lw_exec(a, "ALTER SESSION SET NLS_LANGUAGE = 'GERMAN'", NULL, 0), LW_ENOTSUP);
    lw_close(a);
    lw_close(b);
}

/* The translation of one statement, or "ERROR <message>". */
static const char *translate(const char *sql)
{
    static char buf[2048];
    const lw_dialect *d = &lw_dialect_oracle;
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    assert_int_equal(lw_lex(sql, strlen(sql), d->lex_flags, &toks, &lerr), 0);
    lw_sqlbuf out = {0};
    lw_param_map params = {0};
    lw_dialect_error err = {{0}, 0, NULL, 0};
    lw_translation t = {sql, toks.items, toks.len, &out, &params, &err, NULL, NULL, NULL};
    int rc = d->translate(d, &t);
    snprintf(buf, sizeof buf, "%s%s", rc ? "ERROR " : "", rc ? err.message : out.s);
    lw_sqlbuf_free(&out);
    sqlite3_free(params.refs);
    lw_dialect_error_clear(&err);
    lw_tokens_free(&toks);
    return buf;
}

/* 5. What the rewriter writes for the constructs of its own. */
static void test_translation(void **state)
{
    (void)state;
    /* '' is NULL; numbers are canonical NUMBER constants; || is ora_concat */
    assert_string_equal(translate("SELECT '' FROM DUAL"), "/*lwo:Q-*/ SELECT NULL FROM DUAL ");
    assert_non_null(strstr(translate("SELECT 0.50 x FROM DUAL"),
                           "(CAST('.5' AS NUMERIC_TEXT) COLLATE DECIMAL) AS X"));
    assert_non_null(strstr(translate("SELECT a || b FROM t"), "ora_concat(A , B )"));
    /* the mark: class and result columns */
    assert_non_null(strstr(translate("SELECT SYSDATE, 1 FROM DUAL"), "/*lwo:QD-*/"));
    assert_non_null(strstr(translate("UPDATE t SET a = 1"), "/*lwo:M*/"));
    assert_non_null(strstr(translate("CREATE TABLE t (a NUMBER(5,2))"),
                           "\"A\" NUMERIC_TEXT(5,2) COLLATE DECIMAL"));
    /* ORDER BY positions stay positions */
    assert_non_null(strstr(translate("SELECT a FROM t ORDER BY 1"), "ORDER BY 1 "));
    /* Oracle's parser errors */
    assert_string_equal(translate("SELECT (1 FROM DUAL"),
                        "ERROR ORA-00907: missing right parenthesis");
    assert_string_equal(translate("SELECT 1 \"\" FROM DUAL"),
                        "ERROR ORA-01741: illegal zero-length identifier");
    assert_string_equal(translate("SELECT FROM DUAL"), "ERROR ORA-00936: missing expression");
    assert_string_equal(translate("SELECT 1 FROM DUAL LIMIT 1"),
                        "ERROR ORA-00933: SQL command not properly ended");
    /* CREATE TABLE without a name (the fuzzer read past the statement's last token) */
    assert_string_equal(translate("CREATE TABLE"), "ERROR ORA-00903: invalid table name");
    assert_string_equal(translate("CREATE TABLE (a NUMBER)"),
                        "ERROR ORA-00903: invalid table name");
    /* FETCH without FIRST or NEXT (the fuzzer found the walk handing it back forever) */
    assert_string_equal(translate("SELECT a FROM t FETCH FIRSTX 1 ROWS"),
                        "ERROR ORA-00933: SQL command not properly ended");
    assert_string_equal(translate("SELECT a FROM t OFFSET 1 ROWS FETCH"),
                        "ERROR ORA-00933: SQL command not properly ended");
    assert_string_equal(translate("CREATE TABLE t (v VARCHAR2(4001))"),
                        "ERROR ORA-00910: specified length too long for its datatype");
    assert_non_null(strstr(translate("DECLARE x NUMBER; BEGIN NULL; END"),
                           "PL/SQL block is not supported by the oracle dialect"));
    /* the schema LIKEWISE is the one there is */
    assert_non_null(strstr(translate("SELECT a FROM likewise.t"), "FROM T "));
}

/* 6. NUMBER's canonical text and Oracle's SQLSTATEs. */
static void test_number_core(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"0.50", ".5"},
        {"-0.5", "-.5"},
        {"1.10", "1.1"},
        {"1e3", "1000"},
        {"100", "100"},
        {"-0", "0"},
        {"000.0100", ".01"},
        {"0.1234567890123456789012345678901234567890123",
         ".123456789012345678901234567890123456789"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lw_decimal d;
        lw_decimal_init(&d);
        assert_int_equal(ora_number_parse(cases[i][0], strlen(cases[i][0]), &d), 0);
        size_t n;
        int overflow;
        char *t = ora_number_text(&d, &n, &overflow);
        assert_string_equal(t, cases[i][1]);
        sqlite3_free(t);
        lw_decimal_clear(&d);
    }
    lw_decimal big;
    lw_decimal_init(&big);
    assert_int_equal(ora_number_parse("1e126", 5, &big), 0);
    size_t n;
    int overflow;
    assert_null(ora_number_text(&big, &n, &overflow));
    assert_int_equal(overflow, 1);
    lw_decimal_clear(&big);
    assert_string_equal(ora_sqlstate(1), "23000");
    assert_string_equal(ora_sqlstate(1438), "22003");
    assert_string_equal(ora_sqlstate(1400), "72000");
    assert_string_equal(ora_sqlstate(1722), "42000");
    assert_string_equal(ora_sqlstate(1843), "22008");
    assert_string_equal(ora_sqlstate(30006), "99999");
    assert_string_equal(ora_sqlstate(54), "61000");
}

/* 7. The datetime format models both ways. */
static void test_datetime_core(void **state)
{
    (void)state;
    ora_dt dt;
    const char *msg = NULL;
    const char *fmt = "DD-MON-YYYY HH24:MI:SS";
    assert_int_equal(ora_dt_scan("15-oct-2009 17:30:45", 20, fmt, strlen(fmt), &dt, &msg), 0);
    lw_sqlbuf out = {0};
    const char *f2 = "fmDay, Month DDTH YYYY \"at\" HH:MI A.M.";
    assert_int_equal(ora_dt_format(&dt, f2, strlen(f2), 9, &out, &msg), 0);
    assert_string_equal(out.s, "Thursday, October 15TH 2009 at 5:30 P.M.");
    lw_sqlbuf_free(&out);
    assert_int_equal(ora_dt_scan("2001-02-29", 10, "YYYY-MM-DD", 10, &dt, &msg), 1839);
    assert_int_equal(ora_dt_scan("2001-13-01", 10, "YYYY-MM-DD", 10, &dt, &msg), 1843);
    assert_int_equal(ora_dt_scan("2001-01-01 x", 12, "YYYY-MM-DD", 10, &dt, &msg), 1830);
    assert_int_equal(ora_dt_scan("2001", 4, "YYYY-MM-DD", 10, &dt, &msg), 1840);
    assert_int_equal(ora_dt_scan("99", 2, "Q", 1, &dt, &msg), 1830);
    assert_int_equal(ora_days_from_civil(1970, 1, 1), 0);
    int y, m, d;
    ora_civil_from_days(ora_days_from_civil(2000, 2, 29), &y, &m, &d);
    assert_int_equal(y * 10000 + m * 100 + d, 20000229);
}

/* A file database both connections of a test open (removed at the end). */
static char db_path[64];

static void make_path(void)
{
    snprintf(db_path, sizeof db_path, "/tmp/lw_ora_test_%d.db", (int)getpid());
    unlink(db_path);
}

static void drop_path(void)
{
    char p[80];
    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path);
    unlink(p);
}

/* 8. Transactions as Oracle runs them, between two sessions: no BEGIN, a change begins
 * the transaction and holds the lock until COMMIT; FOR UPDATE NOWAIT and WAIT n;
 * DDL commits; lw_begin/lw_rollback still work. */
static void test_transactions(void **state)
{
    (void)state;
    make_path();
    char url[160];
    snprintf(url, sizeof url, "sqlite:///%s?dialect=oracle&timeout=200", db_path);
    lw_conn *a = open_ok(url), *b = open_ok(url);
    exec_ok(a, "CREATE TABLE acct (id NUMBER(10) PRIMARY KEY, amount NUMBER)");
    exec_ok(a, "INSERT INTO acct VALUES (1, 100)");
    /* the other session does not see the uncommitted row */
    assert_string_equal(display(b, "SELECT COUNT(*) FROM acct", LW_NOARGS), "0");
    assert_string_equal(display(b, "SELECT id FROM acct FOR UPDATE NOWAIT", LW_NOARGS), "ERROR 54");
    assert_string_equal(lw_error_sqlstate(lw_last_error(b)), "61000");
    assert_string_equal(lw_error_message(lw_last_error(b)),
                        "ORA-00054: resource busy and acquire with NOWAIT specified or timeout "
                        "expired");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_string_equal(display(b, "SELECT id FROM acct FOR UPDATE WAIT 1", LW_NOARGS),
                        "ERROR 30006");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    assert_true(waited >= 0.9 && waited < 5);
    assert_string_equal(lw_error_sqlstate(lw_last_error(b)), "99999");
    /* a writer waits the connection's timeout, then ORA-00054 */
    assert_int_not_equal(lw_exec(b, "INSERT INTO acct VALUES (2, 5)", NULL, 0), 0);
    assert_int_equal(lw_error_vendor_code(lw_last_error(b)), 54);
    exec_ok(a, "COMMIT");
    assert_string_equal(display(b, "SELECT COUNT(*) FROM acct", LW_NOARGS), "1");
    /* FOR UPDATE keeps the lock until the transaction ends */
    assert_string_equal(display(b, "SELECT amount FROM acct WHERE id = 1 FOR UPDATE", LW_NOARGS),
                        "100");
    assert_int_not_equal(lw_exec(a, "UPDATE acct SET amount = 1", NULL, 0), 0);
    assert_int_equal(lw_error_vendor_code(lw_last_error(a)), 54);
    exec_ok(b, "ROLLBACK");
    /* DDL commits the open transaction */
    exec_ok(a, "INSERT INTO acct VALUES (3, 30)");
    exec_ok(a, "CREATE TABLE marker (n NUMBER)");
    exec_ok(a, "ROLLBACK");
    assert_string_equal(display(b, "SELECT COUNT(*) FROM acct", LW_NOARGS), "2");
    /* the C API's transactions */
    assert_int_equal(lw_begin(a, LW_TXN_DEFAULT), 0);
    exec_ok(a, "INSERT INTO acct VALUES (4, 40)");
    assert_int_equal(lw_rollback(a), 0);
    assert_string_equal(display(a, "SELECT COUNT(*) FROM acct", LW_NOARGS), "2");
    lw_close(a);
    lw_close(b);

    /* SERIALIZABLE: a change committed since the transaction began is ORA-08177 */
    snprintf(url, sizeof url, "sqlite:///%s?dialect=oracle&timeout=200&txn=deferred", db_path);
    a = open_ok(url);
    b = open_ok(url);
    exec_ok(a, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
    assert_string_equal(display(a, "SELECT COUNT(*) FROM acct", LW_NOARGS), "2");
    exec_ok(b, "UPDATE acct SET amount = amount + 1 WHERE id = 1");
    exec_ok(b, "COMMIT");
    assert_int_not_equal(lw_exec(a, "UPDATE acct SET amount = 0 WHERE id = 1", NULL, 0), 0);
    assert_int_equal(lw_error_vendor_code(lw_last_error(a)), 8177);
    assert_string_equal(lw_error_sqlstate(lw_last_error(a)), "72000");
    exec_ok(a, "ROLLBACK");
    lw_close(a);
    lw_close(b);
    drop_path();
}

/* 9. RETURNING ... INTO: the values come back as the statement's row. */
static void test_returning(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE t (id NUMBER GENERATED ALWAYS AS IDENTITY, v VARCHAR2(5))");
    exec_ok(c, "INSERT INTO t (v) VALUES ('a')");
    lw_rows *rows = NULL;
    assert_int_equal(lw_query(c, "INSERT INTO t (v) VALUES (:v) RETURNING id, v INTO :id, :out",
                              LW_ARGS(LW_NAMED("v", LW_TEXT("b"))), &rows),
                     0);
    assert_int_equal(lw_rows_next(rows), LW_ROW);
    assert_string_equal(lw_column_text(rows, 0), "2");
    assert_string_equal(lw_column_text(rows, 1), "b");
    lw_rows_close(rows);
    assert_string_equal(
        display(c, "UPDATE t SET v = 'c' WHERE id = 1 RETURNING v INTO :x", LW_NOARGS), "c");
    lw_close(c);
}

/* The first column of every row, in order, joined by commas. */
static const char *rows_of(lw_conn *conn, const char *sql)
{
    static char buf[1024];
    size_t n = 0;
    lw_rows *rows = NULL;
    buf[0] = 0;
    assert_int_equal(lw_query(conn, sql, NULL, 0, &rows), 0);
    while (lw_rows_next(rows) == LW_ROW) {
        const char *v = lw_column_display(rows, 0);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "," : "", v ? v : "NULL");
        assert_true(n < sizeof buf);
    }
    lw_rows_close(rows);
    return buf;
}

/* 10. Hierarchical queries beyond sql_tests/oracle/08: the DUAL row generator, ORDER
 * SIBLINGS BY with DESC and NULLs, SELECT *, a bind parameter, INSERT ... SELECT, a
 * correlated block, and the refusals (a join, a view, parameters in two clauses). */
static void test_connect_by(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    assert_string_equal(display(c, "SELECT COUNT(*) FROM DUAL CONNECT BY LEVEL <= 5", LW_NOARGS),
                        "5");
    exec_ok(c, "CREATE TABLE e (id NUMBER, mgr NUMBER, name VARCHAR2(20))");
    exec_ok(c, "INSERT ALL INTO e VALUES (1, NULL, 'a') INTO e VALUES (2, 1, 'c') "
               "INTO e VALUES (3, 1, 'b') INTO e VALUES (4, 2, 'd') INTO e VALUES (5, 1, NULL) "
               "SELECT * FROM DUAL");
    /* depth first; DESC puts NULLs first, ASC last (SQLRF "ORDER BY", NULLS FIRST | LAST) */
    assert_string_equal(rows_of(c, "SELECT NVL(name, '-') FROM e START WITH mgr IS NULL CONNECT "
                                   "BY PRIOR id = mgr ORDER SIBLINGS BY name DESC"),
                        "a,-,c,d,b");
    assert_string_equal(rows_of(c, "SELECT NVL(name, '-') FROM e START WITH mgr IS NULL CONNECT "
                                   "BY PRIOR id = mgr ORDER SIBLINGS BY name"),
                        "a,b,c,d,-");
    /* SELECT * is the table's columns, not the rewrite's */
    lw_rows *rows = NULL;
    assert_int_equal(
        lw_query(c, "SELECT * FROM e START WITH id = 2 CONNECT BY PRIOR id = mgr", NULL, 0, &rows),
        0);
    assert_int_equal(lw_column_count(rows), 3);
    lw_rows_close(rows);
    /* one clause with a parameter */
    assert_string_equal(display(c,
                                "SELECT COUNT(*) FROM e START WITH id = :a CONNECT BY PRIOR id = "
                                "mgr",
                                LW_ARGS(LW_NAMED("a", LW_INT(2)))),
                        "2");
    /* INSERT ... SELECT keeps each value's column type; a correlated block */
    exec_ok(c, "CREATE TABLE f (id NUMBER, lvl NUMBER)");
    exec_ok(c, "INSERT INTO f SELECT id, LEVEL FROM e START WITH id = 2 CONNECT BY PRIOR id = mgr");
    assert_string_equal(display(c, "SELECT SUM(lvl) FROM f", LW_NOARGS), "3");
    assert_string_equal(display(c,
                                "SELECT SUM((SELECT COUNT(*) FROM e x START WITH x.id = e.id "
                                "CONNECT BY PRIOR x.id = x.mgr)) FROM e",
                                LW_NOARGS),
                        "10");
    /* refused: a join, parameters in two clauses, a view (its rows have no rowid) */
    assert_int_equal(lw_exec(c,
                             "SELECT a.id FROM e a, e b START WITH a.id = 1 CONNECT BY PRIOR "
                             "a.id = a.mgr",
                             NULL, 0),
                     LW_ENOTSUP);
    assert_non_null(strstr(lw_error_message(lw_last_error(c)), "CONNECT BY over a join"));
    assert_int_equal(lw_exec(c, "SELECT :x FROM e START WITH id = :y CONNECT BY PRIOR id = mgr",
                             LW_ARGS(LW_NAMED("x", LW_INT(1)), LW_NAMED("y", LW_INT(1)))),
                     LW_ENOTSUP);
    /* a positional parameter the rewrite would write twice (START WITH is also the roots'
     * sibling order) */
    assert_int_equal(lw_exec(c,
                             "SELECT id FROM e START WITH mgr = ? CONNECT BY PRIOR id = mgr "
                             "ORDER SIBLINGS BY name",
                             LW_ARGS(LW_INT(1))),
                     LW_ENOTSUP);
    /* a % after a word is an operator, also where the rewrite puts a blank before it (the
     * fuzzer found it read as a parameter there, pointing into freed text) */
    assert_int_not_equal(lw_exec(c, "SELECT id FROM e START WITH id = 1 CONNECT BY id%a", NULL, 0),
                         0);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "0A000");
    exec_ok(c, "CREATE VIEW v AS SELECT * FROM e");
    assert_int_not_equal(
        lw_exec(c, "SELECT id FROM v START WITH id = 1 CONNECT BY PRIOR id = mgr", NULL, 0), 0);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "0A000");
    /* a loop: ORA-01436 */
    exec_ok(c, "UPDATE e SET mgr = 4 WHERE id = 1");
    assert_string_equal(
        display(c, "SELECT id FROM e START WITH id = 1 CONNECT BY PRIOR id = mgr", LW_NOARGS),
        "ERROR 1436");
    lw_close(c);
}

/* 11. INSERT ... SELECT * stores each value through its column's type, as the same
 * INSERT with the columns named does (NUMBER(5,1) rounds 1.25 to 1.3); a query with
 * another number of columns is ORA-00913 or ORA-00947. */
static void test_insert_select_star(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE e (id NUMBER(5,1), mgr NUMBER, name VARCHAR2(20))");
    exec_ok(c, "CREATE TABLE f (id NUMBER, mgr NUMBER, name VARCHAR2(20))");
    exec_ok(c, "INSERT INTO f VALUES (1.25, 2, 'x')");
    exec_ok(c, "INSERT INTO e SELECT * FROM f");
    exec_ok(c, "INSERT INTO likewise.e SELECT f.* FROM f");
    exec_ok(c, "INSERT INTO e (id, mgr) SELECT * FROM (SELECT id, mgr FROM f)");
    assert_string_equal(rows_of(c, "SELECT id || '/' || mgr || '/' || name FROM e ORDER BY 1"),
                        "1.3/2/,1.3/2/x,1.3/2/x");
    assert_int_equal(lw_exec(c, "INSERT INTO e (id) SELECT * FROM f", NULL, 0), LW_ESQL);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 913);
    assert_int_equal(lw_exec(c, "INSERT INTO e SELECT * FROM (SELECT id FROM f)", NULL, 0),
                     LW_ESQL);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 947);
    lw_close(c);
}

/* 12. FETCH ... WITH TIES and PERCENT beyond sql_tests/oracle/07: an alias, a position
 * and NULLs in the sort key, GROUP BY, no ORDER BY (no ties), PERCENT rounded up, after
 * OFFSET, of a compound query and NULL; the refusals. */
static void test_row_limit(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE e (id NUMBER, sal NUMBER, name VARCHAR2(20))");
    exec_ok(c, "INSERT ALL INTO e VALUES (1, 10, 'a') INTO e VALUES (2, 20, 'b') INTO e VALUES "
               "(3, 20, 'c') INTO e VALUES (4, 30, 'd') INTO e VALUES (5, NULL, 'e') SELECT * "
               "FROM DUAL");
    assert_string_equal(rows_of(c, "SELECT id, sal s FROM e ORDER BY s, id FETCH FIRST 2 ROWS "
                                   "WITH TIES"),
                        "1,2");
    assert_string_equal(rows_of(c, "SELECT id, sal s FROM e ORDER BY s FETCH FIRST 2 ROWS WITH "
                                   "TIES"),
                        "1,2,3");
    /* DESC puts NULLs first */
    assert_string_equal(rows_of(c, "SELECT id, sal FROM e ORDER BY 2 DESC FETCH NEXT 1 ROW WITH "
                                   "TIES"),
                        "5");
    assert_string_equal(rows_of(c, "SELECT sal FROM e ORDER BY sal DESC NULLS LAST FETCH FIRST 2 "
                                   "ROWS WITH TIES"),
                        "30,20,20");
    assert_string_equal(rows_of(c, "SELECT sal FROM e GROUP BY sal ORDER BY COUNT(*) DESC FETCH "
                                   "FIRST 1 ROWS WITH TIES"),
                        "20");
    assert_string_equal(rows_of(c, "SELECT id FROM e FETCH FIRST 2 ROWS WITH TIES"), "1,2");
    /* PERCENT: 30 percent of 5 rows is 1.5, rounded up */
    assert_string_equal(rows_of(c, "SELECT id FROM e ORDER BY id FETCH FIRST 30 PERCENT ROWS "
                                   "ONLY"),
                        "1,2");
    assert_string_equal(rows_of(c, "SELECT id FROM e ORDER BY id OFFSET 1 ROWS FETCH NEXT 40 "
                                   "PERCENT ROWS ONLY"),
                        "2,3");
    assert_string_equal(rows_of(c, "SELECT id FROM e UNION SELECT id FROM e ORDER BY 1 FETCH "
                                   "FIRST 40 PERCENT ROWS ONLY"),
                        "1,2");
    assert_string_equal(rows_of(c, "SELECT id FROM e ORDER BY id FETCH FIRST NULL PERCENT ROWS "
                                   "ONLY"),
                        "");
    /* refused */
    assert_int_equal(
        lw_exec(c, "SELECT id FROM e ORDER BY id FETCH FIRST 10 PERCENT ROWS WITH TIES", NULL, 0),
        LW_ENOTSUP);
    assert_int_equal(lw_exec(c,
                             "SELECT id FROM e ORDER BY id OFFSET 1 ROWS FETCH NEXT 1 ROWS "
                             "WITH TIES",
                             NULL, 0),
                     LW_ENOTSUP);
    assert_int_equal(lw_exec(c,
                             "SELECT id FROM e WHERE sal > :1 ORDER BY id FETCH FIRST 10 "
                             "PERCENT ROWS ONLY",
                             LW_ARGS(LW_INT(1))),
                     LW_ENOTSUP);
    lw_close(c);
}

/* 13. INTERVAL beyond sql_tests/oracle/05 and 20: signs, fractions, TIMESTAMP - DATE, a
 * day the month lacks (ORA-01839), the literal's checks, a number plus an interval
 * (ORA-30081), a division's nanoseconds, and what stays refused (a number divided by an
 * interval, a fraction of a month). */
static void test_interval(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    /* shown alone: one sign for all fields, a fraction rounded to its precision, zero
     * fields, a parenthesized literal; in expressions; the errors */
    static const struct {
        const char *sql, *shown;
    } cases[] = {
        {"SELECT (INTERVAL '-0 0:0:1.55' DAY TO SECOND(1)) FROM DUAL", "-00 00:00:01.6"},
        {"SELECT INTERVAL '0 0:0:0' DAY TO SECOND(0) FROM DUAL", "+00 00:00:00"},
        {"SELECT INTERVAL '-0-11' YEAR(1) TO MONTH FROM DUAL", "-0-11"},
        {"SELECT NVL(INTERVAL '1-6' YEAR TO MONTH, NULL) FROM DUAL", "+01-06"},
        {"SELECT INTERVAL '1' DAY FROM DUAL", "+01 00:00:00.000000"},
        {"SELECT TO_CHAR(DATE '2000-01-01' + (INTERVAL '1' DAY + INTERVAL '1' DAY), 'YYYY-MM-DD') "
         "FROM DUAL",
         "2000-01-03"},
        {"SELECT 1 + INTERVAL '1' DAY FROM DUAL", "ERROR 30081"},
        {"SELECT INTERVAL '1' DAY - SYSDATE FROM DUAL", "ERROR 30081"},
        {"SELECT EXTRACT(MONTH FROM INTERVAL '-1-6' YEAR TO MONTH) FROM DUAL", "-6"},
        {"SELECT TO_CHAR(TIMESTAMP '2000-01-01 10:00:00.25' + INTERVAL '0.5' SECOND, "
         "'HH24:MI:SS.FF3') FROM DUAL",
         "10:00:00.750"},
        {"SELECT EXTRACT(SECOND FROM (TIMESTAMP '2000-01-01 00:00:00' - TIMESTAMP '2000-01-01 "
         "00:00:01.5')) FROM DUAL",
         "-1.5"},
        {"SELECT EXTRACT(DAY FROM (TIMESTAMP '2000-01-03 00:00:00' - DATE '2000-01-01')) FROM DUAL",
         "2"},
        {"SELECT DATE '2000-03-15' - INTERVAL '1-1' YEAR TO MONTH FROM DUAL", "15-FEB-99"},
        {"SELECT DATE '2000-01-31' + INTERVAL '1' MONTH FROM DUAL", "ERROR 1839"},
        {"SELECT INTERVAL '1:70' HOUR TO MINUTE FROM DUAL", "ERROR 1867"},
        {"SELECT EXTRACT(HOUR FROM INTERVAL '1' YEAR) FROM DUAL", "ERROR 30076"},
        {"SELECT INTERVAL '1' SECOND / 3 FROM DUAL", "+000000000 00:00:00.333333333"},
        {"SELECT INTERVAL '1' DAY / 0 FROM DUAL", "ERROR 1476"},
        {"SELECT NUMTODSINTERVAL(-0.0000000005, 'SECOND') FROM DUAL",
         "-000000000 00:00:00.000000001"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(display(c, cases[i].sql, LW_NOARGS), cases[i].shown);
    const char *refused[] = {
        "SELECT 2 / INTERVAL '1' DAY FROM DUAL",
        "SELECT INTERVAL '1' MONTH / 2 FROM DUAL",
        "SELECT NUMTOYMINTERVAL(1.5, 'MONTH') FROM DUAL",
    };
    /* the first when translated, the others when run: SQLSTATE 0A000 either way */
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_int_not_equal(lw_exec(c, refused[i], NULL, 0), 0);
        assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "0A000");
    }
    lw_close(c);
}

/* 13b. INTERVAL columns through the C API: a value bound as text in the SQL format is
 * converted and checked as the column's type (ORA-01873, ORA-00932, ORA-01867), a bound
 * parameter compares as an interval, the stored value reads back in Oracle's form, and
 * the declared type names the column's precisions. */
static void test_interval_columns(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE t (id NUMBER(3), d INTERVAL DAY(3) TO SECOND(3), y INTERVAL YEAR(1) "
               "TO MONTH)");
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (:1, :2, :3)",
                             LW_ARGS(LW_INT(1), LW_TEXT("4 5:12:10.2226"), LW_TEXT("-2-3"))),
                     0);
    assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (?, ?, ?)",
                             LW_ARGS(LW_INT(2), LW_TEXT("+100 00:00:00"), LW_TEXT(" 9 - 11 "))),
                     0);
    assert_string_equal(rows_of(c, "SELECT d FROM t ORDER BY d DESC"),
                        "+100 00:00:00.000,+004 05:12:10.223");
    assert_string_equal(rows_of(c, "SELECT y FROM t ORDER BY y"), "-2-03,+9-11");
    /* the bound text is read as the column's type when compared */
    assert_string_equal(display(c, "SELECT id FROM t WHERE d < ?", LW_ARGS(LW_TEXT("5 00:00:00"))),
                        "1");
    assert_string_equal(display(c, "SELECT id FROM t WHERE y = :1", LW_ARGS(LW_TEXT("9-11"))), "2");
    /* the raw value is the printed one */
    lw_rows *rows = NULL;
    assert_int_equal(lw_query(c, "SELECT d, y FROM t WHERE id = 1", NULL, 0, &rows), 0);
    assert_int_equal(lw_rows_next(rows), LW_ROW);
    assert_string_equal(lw_column_text(rows, 0), "+004 05:12:10.223");
    assert_string_equal(lw_column_text(rows, 1), "-2-03");
    lw_rows_close(rows);
    assert_string_equal(display(c, "INSERT INTO t (d) VALUES (?)", LW_ARGS(LW_TEXT("1000 0:0:0"))),
                        "ERROR 1873");
    assert_string_equal(display(c, "INSERT INTO t (y) VALUES (?)", LW_ARGS(LW_TEXT("1 0:0:0"))),
                        "ERROR 932");
    assert_string_equal(display(c, "INSERT INTO t (y) VALUES (?)", LW_ARGS(LW_INT(3))),
                        "ERROR 932");
    assert_string_equal(display(c, "INSERT INTO t (d) VALUES (?)", LW_ARGS(LW_TEXT("soon"))),
                        "ERROR 1867");
    assert_string_equal(
        display(c, "SELECT d + ? FROM t WHERE id = 2", LW_ARGS(LW_TEXT("0 01:00:00"))),
        "+000000100 01:00:00.000000000");
    /* AVG of YEAR TO MONTH values: a whole number of months, else refused (0A000) */
    assert_string_equal(display(c, "SELECT AVG(y) FROM t", LW_NOARGS), "+000000003-10");
    exec_ok(c, "INSERT INTO t (id, y) VALUES (9, '0-2')");
    assert_int_not_equal(lw_exec(c, "SELECT AVG(y) FROM t", NULL, 0), 0);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "0A000");
    exec_ok(c, "DELETE FROM t WHERE id = 9");
    /* INSERT ... SELECT and CAST go through the column's type */
    exec_ok(c, "INSERT INTO t (id, d) SELECT 3, INTERVAL '0.0005' SECOND FROM DUAL");
    assert_string_equal(display(c, "SELECT d FROM t WHERE id = 3", LW_NOARGS), "+000 00:00:00.001");
    assert_string_equal(
        display(c, "SELECT CAST('1-2' AS INTERVAL YEAR TO MONTH) FROM DUAL", LW_NOARGS), "+01-02");
    lw_close(c);
}

/* 13c. The plain-C core of intervals: the SQL and ISO forms, rounding, the printed form
 * and the collation's order. */
static void test_interval_core(void **state)
{
    (void)state;
    ora_iv iv;
    assert_int_equal(ora_iv_parse("-1-2", 4, 'Y', &iv), 0);
    assert_true(iv.year_month && iv.months == -14);
    assert_int_equal(ora_iv_parse("1-2", 3, 'D', &iv), -1);
    assert_int_equal(ora_iv_parse("1-12", 4, 'Y', &iv), -1);
    assert_int_equal(ora_iv_parse(" 4  5 : 12:10.2225 ", 19, 'D', &iv), 0);
    assert_true(!iv.year_month && iv.secs == 4 * 86400 + 5 * 3600 + 12 * 60 + 10 &&
                iv.nanos == 222500000);
    assert_int_equal(ora_iv_parse("4 24:00:00", 10, 'D', &iv), -1);
    assert_int_equal(ora_iv_parse("4", 1, 'D', &iv), -1);
    assert_int_equal(ora_iv_parse("-P1DT1.5S", 9, 'D', &iv), 0);
    assert_true(iv.secs == -86401 && iv.nanos == -500000000);
    assert_int_equal(ora_iv_parse("P1Y13M", 6, 'Y', &iv), 0);
    assert_true(iv.months == 25);
    assert_int_equal(ora_iv_parse("P1Y", 3, 0, &iv), -1);
    /* TO_YMINTERVAL ignores days and time; a T needs a time value after it */
    assert_int_equal(ora_iv_parse("P1Y2M3DT4H", 10, 'Y', &iv), 0);
    assert_true(iv.year_month && iv.months == 14);
    assert_int_equal(ora_iv_parse("P1DT", 4, 'D', &iv), -1);
    assert_int_equal(ora_iv_parse("P1Y", 3, 'D', &iv), -1);
    assert_int_equal(ora_iv_parse("PT", 2, 'D', &iv), -1);
    assert_int_equal(ora_iv_parse("P1D2", 4, 'D', &iv), -1);
    assert_int_equal(ora_iv_parse("0 00:00:00.9999999996", 21, 'D', &iv), 0);
    assert_true(iv.secs == 1 && iv.nanos == 0);
    ora_iv_parse("-0 00:00:01.55", 14, 'D', &iv);
    ora_iv_round(&iv, 1);
    char *t = ora_iv_text(&iv, 2, 1);
    assert_string_equal(t, "-00 00:00:01.6");
    sqlite3_free(t);
    ora_iv_parse("123 0:0:0.000000001", 19, 'D', &iv);
    t = ora_iv_text(&iv, 2, -1);
    assert_string_equal(t, "+123 00:00:00.000000001");
    sqlite3_free(t);
    assert_int_equal(ora_iv_lead_digits(&iv), 3);
    /* the collation: by length, not by text; another form bytewise */
    assert_true(ora_iv_collate(NULL, 6, "-01-02", 6, "+00-11") < 0);
    assert_true(ora_iv_collate(NULL, 19, "+10 00:00:00.000000", 19, "+09 23:59:59.999999") > 0);
    assert_int_equal(ora_iv_collate(NULL, 6, "+01-00", 7, "+001-00"), 0);
    assert_true(ora_iv_collate(NULL, 1, "a", 1, "b") < 0);
}

/* 14. ROWNUM over an ordered subquery numbers the rows in the subquery's order even
 * when the table's rows are stored in another (SQLRF "ROWNUM Pseudocolumn": top-N and
 * the pagination idiom); before, SQLite flattened the subquery and numbered them in
 * storage order. */
static void test_rownum_order(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE emp (name VARCHAR2(20), hired DATE)");
    exec_ok(c, "INSERT ALL INTO emp VALUES ('King', DATE '2003-06-17') INTO emp VALUES "
               "('Kochhar', DATE '2005-09-21') INTO emp VALUES ('De Haan', DATE '2001-01-13') "
               "SELECT * FROM DUAL");
    assert_string_equal(rows_of(c, "SELECT * FROM (SELECT name FROM emp ORDER BY hired) WHERE "
                                   "ROWNUM <= 2"),
                        "De Haan,King");
    assert_string_equal(rows_of(c, "SELECT name FROM (SELECT a.*, ROWNUM rn FROM (SELECT name "
                                   "FROM emp ORDER BY hired) a WHERE ROWNUM <= 3) WHERE rn >= 2"),
                        "King,Kochhar");
    assert_string_equal(rows_of(c, "SELECT ROWNUM || name FROM (SELECT name FROM emp ORDER BY "
                                   "hired DESC)"),
                        "1Kochhar,2King,3De Haan");
    lw_close(c);
}

/* The SQLite text of the last INSERT the connection ran (trace callback). */
static char traced[1024];
static int trace_insert(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    (void)x;
    const char *sql = type == SQLITE_TRACE_STMT ? sqlite3_sql(p) : NULL;
    if (sql && strstr(sql, "INSERT INTO"))
        snprintf(traced, sizeof traced, "%s", sql);
    return 0;
}

/* 15. Parameters stored into NUMBER and VARCHAR2 columns are checked in C when they
 * are bound (bind.c), with the results and errors of the column's assignment; no
 * function call per row and no CHECK on the table. */
static void test_bound_values(void **state)
{
    (void)state;
    lw_conn *c = open_ok(ORA_URL);
    sqlite3_trace_v2(lw_conn_sqlite(c), SQLITE_TRACE_STMT, trace_insert, NULL);
    exec_ok(c, "CREATE TABLE b (n NUMBER(5,2), i NUMBER(4), v VARCHAR2(5), vc VARCHAR2(3 CHAR), "
               "f NUMBER)");
    assert_string_equal(display(c,
                                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'B' AND "
                                "sql LIKE '%CHECK%'",
                                LW_NOARGS),
                        "0");
    assert_int_equal(lw_exec(c, "INSERT INTO b (n, i, v) VALUES (:1, :2, :3)",
                             LW_ARGS(LW_TEXT("12.345"), LW_INT(9999), LW_TEXT("abcde"))),
                     0);
    assert_non_null(strstr(traced, "VALUES ( ?1 , ?2 , ?3 )"));
    assert_string_equal(display(c, "SELECT n || '|' || i || '|' || v FROM b", LW_NOARGS),
                        "12.35|9999|abcde");
    /* NUMBER: ORA-01438 past the precision (an integer or a rounded text), ORA-01722
     * for text that is no number; a double is rounded as a NUMBER */
    assert_int_equal(
        lw_exec(c, "INSERT INTO b (i, n) VALUES (:1, :2)", LW_ARGS(LW_INT(-9999), LW_INT(999))), 0);
    assert_int_equal(lw_exec(c, "INSERT INTO b (n) VALUES (:1)", LW_ARGS(LW_INT(-1000))), LW_ESQL);
    assert_int_equal(lw_exec(c, "INSERT INTO b (i) VALUES (:1)", LW_ARGS(LW_INT(-10000))), LW_ESQL);
    assert_int_equal(lw_exec(c, "INSERT INTO b (i) VALUES (:1)", LW_ARGS(LW_INT(10000))), LW_ESQL);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 1438);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "22003");
    assert_int_equal(lw_exec(c, "INSERT INTO b (n) VALUES (:1)", LW_ARGS(LW_TEXT("999.995"))),
                     LW_ESQL);
    assert_string_equal(lw_error_message(lw_last_error(c)),
                        "ORA-01438: value larger than specified precision allowed for this column");
    assert_int_equal(lw_exec(c, "INSERT INTO b (n) VALUES (:1)", LW_ARGS(LW_TEXT("x1"))), LW_ESQL);
    assert_string_equal(lw_error_message(lw_last_error(c)), "ORA-01722: invalid number");
    exec_ok(c, "DELETE FROM b");
    assert_int_equal(lw_exec(c, "INSERT INTO b (i, f) VALUES (:1, :2)",
                             LW_ARGS(LW_REAL(12.5), LW_TEXT(" 0.50 "))),
                     0);
    assert_string_equal(display(c, "SELECT i || '|' || f FROM b", LW_NOARGS), "13|.5");
    /* VARCHAR2: bytes or characters, ORA-12899 with the column's name */
    assert_int_equal(lw_exec(c, "INSERT INTO b (v) VALUES (:1)", LW_ARGS(LW_TEXT("abcdef"))),
                     LW_ESQL);
    assert_string_equal(lw_error_message(lw_last_error(c)),
                        "ORA-12899: value too large for column \"LIKEWISE\".\"B\".\"V\" (actual: "
                        "6, maximum: 5)");
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "72000");
    assert_int_equal(
        lw_exec(c, "INSERT INTO b (v) VALUES (:1)", LW_ARGS(LW_TEXT("\xc3\xa9\xc3\xa9\xc3\xa9"))),
        LW_ESQL);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 12899);
    assert_int_equal(
        lw_exec(c, "INSERT INTO b (vc) VALUES (:1)", LW_ARGS(LW_TEXT("\xc3\xa9\xc3\xa9\xc3\xa9"))),
        0);
    assert_int_equal(lw_exec(c, "UPDATE b SET vc = :1", LW_ARGS(LW_TEXT("abcd"))), LW_ESQL);
    assert_string_equal(lw_error_message(lw_last_error(c)),
                        "ORA-12899: value too large for column \"LIKEWISE\".\"B\".\"VC\" (actual: "
                        "4, maximum: 3)");
    /* a value stored in no row is never converted: no error */
    assert_int_equal(lw_exec(c, "UPDATE b SET vc = :1 WHERE 1 = 0", LW_ARGS(LW_TEXT("abcd"))), 0);
    assert_int_equal(
        lw_exec(c, "INSERT INTO b (i) SELECT :1 FROM DUAL WHERE 1 = 0", LW_ARGS(LW_INT(123456))),
        0);
    /* other types become text as Oracle converts them, then are measured */
    exec_ok(c, "DELETE FROM b");
    assert_int_equal(lw_exec(c, "INSERT INTO b (vc, v) VALUES (:1, :2)",
                             LW_ARGS(LW_REAL(0.5), LW_BLOB("\x7d\x0a", 2))),
                     0);
    assert_string_equal(display(c, "SELECT vc || '|' || v FROM b", LW_NOARGS), ".5|7D0A");
    assert_int_equal(lw_exec(c, "INSERT INTO b (v) VALUES (:1)", LW_ARGS(LW_INT(123456))), LW_ESQL);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 12899);
    /* the empty string and NULL are NULL; named parameters too */
    exec_ok(c, "DELETE FROM b");
    assert_int_equal(lw_exec(c, "INSERT INTO b (n, v) VALUES (:a, :b)",
                             LW_ARGS(LW_NAMED("b", LW_TEXT("")), LW_NAMED("a", LW_TEXT("")))),
                     0);
    assert_string_equal(
        display(c, "SELECT COUNT(*) FROM b WHERE n IS NULL AND v IS NULL", LW_NOARGS), "1");
    /* a parameter at two places keeps its value at each: the wrappers convert it */
    exec_ok(c, "DELETE FROM b");
    assert_int_equal(lw_exec(c, "INSERT INTO b (f, v) VALUES (:1, :1)", LW_ARGS(LW_TEXT("1.50"))),
                     0);
    assert_null(strstr(traced, "VALUES ( ?1 , ?1 )"));
    assert_string_equal(display(c, "SELECT f || '|' || v FROM b", LW_NOARGS), "1.5|1.50");
    /* a value that is more than a parameter goes through the wrapper, as before */
    assert_int_equal(lw_exec(c, "INSERT INTO b (v) VALUES ('ab' || :1)", LW_ARGS(LW_TEXT("cdef"))),
                     LW_ESQL);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 12899);
    /* the failed statements left the transaction going */
    exec_ok(c, "COMMIT");
    assert_string_equal(display(c, "SELECT COUNT(*) FROM b", LW_NOARGS), "1");
    lw_close(c);
}

/* 16. Sequence numbers are never given back (runtime_seq.c): not by a ROLLBACK, and not
 * to another connection of the process on the same file, which never gets a number the
 * first one had; a sequence table made before the token column gets one. */
static void test_sequence_rollback(void **state)
{
    (void)state;
    char path[64], url[96];
    snprintf(path, sizeof path, "/tmp/lw_ora_seq_%d.db", (int)getpid());
    unlink(path);
    snprintf(url, sizeof url, "sqlite:///%s?dialect=oracle", path);
    lw_conn *a = open_ok(url);
    lw_conn *b = open_ok(url);
    exec_ok(a, "CREATE SEQUENCE s");
    exec_ok(a, "CREATE TABLE t (id NUMBER GENERATED ALWAYS AS IDENTITY, v NUMBER)");
    assert_string_equal(display(a, "SELECT s.NEXTVAL FROM DUAL", LW_NOARGS), "1");
    exec_ok(a, "INSERT INTO t (v) VALUES (s.NEXTVAL)"); /* 2, identity 1 */
    exec_ok(a, "INSERT INTO t (v) VALUES (s.NEXTVAL)"); /* 3, identity 2 */
    assert_int_equal(lw_rollback(a), 0);
    /* b has seen none of a's numbers committed; it still never gets them */
    assert_string_equal(display(b, "SELECT s.NEXTVAL FROM DUAL", LW_NOARGS), "4");
    exec_ok(b, "INSERT INTO t (v) VALUES (0)");
    exec_ok(b, "COMMIT");
    assert_string_equal(display(a, "SELECT s.NEXTVAL FROM DUAL", LW_NOARGS), "5");
    assert_string_equal(display(a, "SELECT s.CURRVAL FROM DUAL", LW_NOARGS), "5");
    assert_string_equal(display(a, "SELECT id FROM t", LW_NOARGS), "3");
    lw_close(b);
    lw_close(a);

    /* A table of sequences from before the token column (the earlier layout) */
    unlink(path);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE _lw_ora_sequences (name TEXT PRIMARY KEY, value "
                                  "INTEGER, start INTEGER, increment INTEGER, minv INTEGER, maxv "
                                  "INTEGER, cycle INTEGER);"
                                  "INSERT INTO _lw_ora_sequences VALUES ('OLD', 7, 1, 1, 1, "
                                  "999999999999999999, 0)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    a = open_ok(url);
    assert_string_equal(display(a, "SELECT old.NEXTVAL FROM DUAL", LW_NOARGS), "8");
    exec_ok(a, "CREATE SEQUENCE fresh START WITH 10");
    exec_ok(a, "SAVEPOINT sp");
    assert_string_equal(display(a, "SELECT fresh.NEXTVAL FROM DUAL", LW_NOARGS), "10");
    exec_ok(a, "ROLLBACK TO SAVEPOINT sp");
    assert_string_equal(display(a, "SELECT fresh.NEXTVAL FROM DUAL", LW_NOARGS), "11");
    lw_close(a);
    unlink(path);
}

/* The rows of tgt as id:name:n. */
#define TGT_ROWS                                                                                   \
    "SELECT LISTAGG(id || ':' || name || ':' || n, ',') WITHIN GROUP (ORDER BY id) FROM tgt"

/* A connection with the MERGE target tgt (1, 'one', 0) and its source src (1, 'uno'),
 * (2, 'dos'). */
static lw_conn *merge_tables(void)
{
    lw_conn *c = open_ok(ORA_URL);
    exec_ok(c, "CREATE TABLE tgt (id NUMBER(4), name VARCHAR2(5), n NUMBER)");
    exec_ok(c, "CREATE TABLE src (id NUMBER(4), name VARCHAR2(5))");
    exec_ok(c, "INSERT INTO tgt (id, name, n) VALUES (1, 'one', 0)");
    exec_ok(c, "INSERT INTO src VALUES (1, 'uno')");
    exec_ok(c, "INSERT INTO src VALUES (2, 'dos')");
    return c;
}

/* 17. Bound parameters in MERGE and INSERT ALL (SQLRF "MERGE", "INSERT" multi_table_insert:
 * the values of a bind variable go wherever it is written), passed to the statements they
 * run as (ora_exec_bound). */
static void test_dml_binds(void **state)
{
    (void)state;
    lw_conn *c = merge_tables();
    const char *merge = "MERGE INTO tgt t USING (SELECT id, name FROM src WHERE id <= :maxid) s "
                        "ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.name = s.name, t.n = "
                        ":bump WHEN NOT MATCHED THEN INSERT (id, name, n) VALUES (s.id, :newname, "
                        ":bump)";
    assert_int_equal(lw_exec(c, merge,
                             LW_ARGS(LW_NAMED("maxid", LW_INT(2)), LW_NAMED("bump", LW_INT(7)),
                                     LW_NAMED("newname", LW_TEXT("new")))),
                     0);
    assert_string_equal(display(c, TGT_ROWS, LW_NOARGS), "1:uno:7,2:new:7");
    /* a value its column refuses fails the whole MERGE */
    assert_int_equal(lw_exec(c, merge,
                             LW_ARGS(LW_NAMED("maxid", LW_INT(2)), LW_NAMED("bump", LW_INT(8)),
                                     LW_NAMED("newname", LW_TEXT("toolong")))),
                     0); /* no source row is unmatched: the INSERT value is never stored */
    exec_ok(c, "DELETE FROM tgt WHERE id = 2");
    assert_int_not_equal(lw_exec(c, merge,
                                 LW_ARGS(LW_NAMED("maxid", LW_INT(2)), LW_NAMED("bump", LW_INT(9)),
                                         LW_NAMED("newname", LW_TEXT("toolong")))),
                         0);
    assert_int_equal(lw_error_vendor_code(lw_last_error(c)), 12899);
    assert_string_equal(display(c, "SELECT n FROM tgt WHERE id = 1", LW_NOARGS), "8");
    /* INSERT ALL with numbered parameters, in a WHEN condition too (written twice for
     * FIRST) */
    exec_ok(c, "CREATE TABLE small (v NUMBER)");
    exec_ok(c, "CREATE TABLE big (v NUMBER, tag VARCHAR2(5))");
    assert_int_equal(lw_exec(c,
                             "INSERT FIRST WHEN v < :1 THEN INTO small (v) VALUES (v) ELSE INTO "
                             "big (v, tag) VALUES (v, :2) SELECT id * 10 v FROM src",
                             LW_ARGS(LW_INT(15), LW_TEXT("big"))),
                     0);
    assert_string_equal(display(c, "SELECT COUNT(*) || '/' || MAX(v) FROM small", LW_NOARGS),
                        "1/10");
    assert_string_equal(display(c, "SELECT v || tag FROM big", LW_NOARGS), "20big");
    lw_close(c);
}

/* 19. Anonymous ? in MERGE and INSERT ALL | FIRST: each value goes where its place in
 * the text says, although the statements they run as are written in another order (the
 * MERGE's source before its UPDATE and again for its INSERT) and a WHEN condition more
 * than once; too few values is an error, never a shifted binding. */
static void test_dml_anonymous_binds(void **state)
{
    (void)state;
    lw_conn *c = merge_tables();
    exec_ok(c, "INSERT INTO src VALUES (3, 'tres')");
    const char *merge = "MERGE INTO tgt t USING (SELECT id, name FROM src WHERE id <= ?) s ON "
                        "(t.id = s.id) WHEN MATCHED THEN UPDATE SET t.name = s.name, t.n = ? "
                        "WHEN NOT MATCHED THEN INSERT (id, name, n) VALUES (s.id, ?, ?)";
    assert_int_equal(lw_exec(c, merge, LW_ARGS(LW_INT(2), LW_INT(7), LW_TEXT("new"), LW_INT(5))),
                     0);
    assert_string_equal(display(c, TGT_ROWS, LW_NOARGS), "1:uno:7,2:new:5");
    /* too few values: refused before anything runs */
    assert_int_not_equal(lw_exec(c, merge, LW_ARGS(LW_INT(3), LW_INT(7), LW_TEXT("x"))), 0);
    assert_string_equal(display(c, "SELECT COUNT(*) FROM tgt", LW_NOARGS), "2");
    /* INSERT FIRST: the WHEN condition is written for FIRST and for ELSE */
    exec_ok(c, "CREATE TABLE small (v NUMBER)");
    exec_ok(c, "CREATE TABLE big (v NUMBER, tag VARCHAR2(5))");
    assert_int_equal(lw_exec(c,
                             "INSERT FIRST WHEN v < ? THEN INTO small (v) VALUES (v) ELSE INTO "
                             "big (v, tag) VALUES (v, ?) SELECT id * 10 v FROM src WHERE id <= ?",
                             LW_ARGS(LW_INT(15), LW_TEXT("big"), LW_INT(2))),
                     0);
    assert_string_equal(display(c, "SELECT COUNT(*) || '/' || MAX(v) FROM small", LW_NOARGS),
                        "1/10");
    assert_string_equal(
        display(c, "SELECT LISTAGG(v || tag, ',') WITHIN GROUP (ORDER BY v) FROM big", LW_NOARGS),
        "20big");
    /* INSERT ALL: unconditional, values in text order across the INTO clauses */
    assert_int_equal(lw_exec(c,
                             "INSERT ALL INTO small (v) VALUES (?) INTO big (v, tag) VALUES (?, "
                             "?) SELECT * FROM DUAL",
                             LW_ARGS(LW_INT(1), LW_INT(2), LW_TEXT("x"))),
                     0);
    assert_string_equal(display(c, "SELECT SUM(v) FROM small", LW_NOARGS), "11");
    assert_string_equal(display(c, "SELECT tag FROM big WHERE v = 2", LW_NOARGS), "x");
    /* a MERGE whose SET ends after a qualifier is an error, not a read past the statement
     * (the fuzzer found it; make sanitize saw the overflow) */
    assert_int_not_equal(lw_exec(c,
                                 "MERGE INTO tgt t USING src s ON (t.id = s.id) WHEN MATCHED THEN "
                                 "UPDATE SET t.",
                                 NULL, 0),
                         0);
    /* the passes before the walk read their statement alone: a parameter of the statement
     * before is none of theirs (the fuzzer found the text before it written again, with
     * its ';', and a parameter there made the rewrite refuse) */
    assert_int_equal(lw_exec(c,
                             "UPDATE small SET v = v WHERE v = ?; SELECT v FROM small ORDER BY v "
                             "FETCH FIRST 50 PERCENT ROWS ONLY",
                             LW_ARGS(LW_INT(1))),
                     0);
    assert_int_equal(lw_exec(c,
                             "UPDATE small SET v = v WHERE v = ?; SELECT LEVEL FROM DUAL CONNECT "
                             "BY LEVEL <= 2",
                             LW_ARGS(LW_INT(1))),
                     0);
    /* in a text of several statements the positions go on from the statement before */
    exec_ok(c, "DELETE FROM small");
    assert_int_equal(lw_exec(c,
                             "INSERT INTO small VALUES (?); INSERT ALL WHEN 1 = 1 THEN INTO big "
                             "(v, tag) VALUES (?, ?) INTO small VALUES (?) SELECT * FROM DUAL; "
                             "INSERT INTO small VALUES (?)",
                             LW_ARGS(LW_INT(1), LW_INT(3), LW_TEXT("y"), LW_INT(4), LW_INT(5))),
                     0);
    assert_string_equal(
        display(c, "SELECT LISTAGG(v, ',') WITHIN GROUP (ORDER BY v) FROM small", LW_NOARGS),
        "1,4,5");
    assert_string_equal(display(c, "SELECT tag FROM big WHERE v = 3", LW_NOARGS), "y");
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vendor_code),
        cmocka_unit_test(test_empty_parameter),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_session),
        cmocka_unit_test(test_translation),
        cmocka_unit_test(test_number_core),
        cmocka_unit_test(test_datetime_core),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_returning),
        cmocka_unit_test(test_connect_by),
        cmocka_unit_test(test_insert_select_star),
        cmocka_unit_test(test_row_limit),
        cmocka_unit_test(test_interval),
        cmocka_unit_test(test_interval_columns),
        cmocka_unit_test(test_interval_core),
        cmocka_unit_test(test_rownum_order),
        cmocka_unit_test(test_bound_values),
        cmocka_unit_test(test_sequence_rollback),
        cmocka_unit_test(test_dml_binds),
        cmocka_unit_test(test_dml_anonymous_binds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
