/*
 * The mariadb dialect's statements of shim/dialect/mysql/ transactions.c,
 * runtime_transaction.c, multi_table.c, select_into.c, statement_checks.c, assign.c's
 * implicit defaults, subqueries.c, having.c, diagnostics.c and ctas.c: the
 * rewriter's output, and through the shim's C API what sql_tests/mysql cannot show on
 * one connection (a consistent snapshot seen from a second connection, what a
 * transaction commits when another statement ends it).
 */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lw_shim_test.h"
#include "lw_dialect_test.h"

#include "dialect/dialect.h"
#include "likewise.h"

#define MARIADB_URL "sqlite::memory:?dialect=mariadb"

/* This program's path (argv[0]): test_named_locks runs it again as another process. */
static const char *program;

static const char *translated(const char *sql)
{
    return lw_test_translate(&lw_dialect_mariadb, sql, 1);
}

/* The statement's error as "<errno> (<sqlstate>): <message>", or "ok". */
static const char *outcome(lw_conn *conn, const char *sql)
{
    static char buf[512];
    if (lw_exec(conn, sql, NULL, 0) == 0)
        return "ok";
    const lw_error *e = lw_last_error(conn);
    snprintf(buf, sizeof buf, "%d (%s): %s", lw_error_mysql_errno(e), lw_error_sqlstate(e),
             lw_error_message(e));
    return buf;
}

/* The first column of the first row as text ("NULL" for NULL). */
static const char *value(lw_conn *conn, const char *sql)
{
    return query_value(conn, sql);
}

/* 1. Multi-table UPDATE and DELETE become one SQLite statement over the join. */
static void test_multi_table_translation(void **state)
{
    (void)state;
    assert_string_equal(
        translated("DELETE p FROM p LEFT JOIN a ON a.id = p.aid WHERE a.id IS NULL"),
        "DELETE FROM \"p\" WHERE rowid IN (SELECT \"p\".rowid FROM p LEFT JOIN a "
        "ON a . id = p . aid WHERE a . id IS NULL )");
    assert_string_equal(translated("DELETE FROM x USING a AS x WHERE x.bal = 0"),
                        "DELETE FROM \"a\" WHERE rowid IN (SELECT \"x\".rowid FROM a AS x WHERE x "
                        ". bal = 0 )");
    assert_string_equal(translated("DELETE q FROM a"),
                        "ERROR 1109 (42S02): Unknown table 'q' in MULTI DELETE");
    assert_non_null(strstr(translated("DELETE a, p FROM a JOIN p ON p.aid = a.id"),
                           "*/ DELETE FROM temp.\"_lw_mw_"));
    assert_non_null(strstr(translated("UPDATE a, p SET a.v = 1, p.v = 2"), "SET _lw_r1 = _lw_r1"));
    assert_string_equal(translated("DELETE a, p FROM a JOIN p ON p.aid = a.id WHERE a.id = ?"),
                        "ERROR 1235 (0A000): a DELETE from several tables with parameters is not "
                        "supported by the mariadb dialect");
    assert_non_null(strstr(translated("UPDATE a JOIN p ON p.aid = a.id SET a.v = p.v"),
                           "UPDATE \"a\" SET \"v\" = _lw_u.\"_lw_1\" FROM (SELECT \"a\".rowid AS "
                           "_lw_rid"));
    /* A single-table DELETE keeps the clause walk. */
    assert_string_equal(translated("DELETE FROM a WHERE id = 1"), "DELETE FROM a WHERE id = 1");
}

/* 2. Multi-table statements change the rows MariaDB changes (LEFT JOIN kept). */
static void test_multi_table_rows(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE a (id INT PRIMARY KEY, owner VARCHAR(10), bal INT)");
    exec_ok(c, "CREATE TABLE p (id INT PRIMARY KEY, aid INT, amt INT)");
    exec_ok(c, "INSERT INTO a VALUES (1, 'ann', 100), (2, 'bob', 50), (3, 'cy', 0)");
    exec_ok(c, "INSERT INTO p VALUES (10, 1, 30), (11, 2, 5), (12, 9, 1)");
    exec_ok(c, "UPDATE a LEFT JOIN p ON p.aid = a.id SET bal = bal - COALESCE(amt, 7)");
    assert_string_equal(value(c, "SELECT GROUP_CONCAT(bal ORDER BY id) FROM a"), "70,45,-7");
    exec_ok(c, "UPDATE p JOIN a ON a.id = p.aid SET owner = 'BOB' WHERE p.amt = 5");
    assert_string_equal(value(c, "SELECT owner FROM a WHERE id = 2"), "BOB");
    exec_ok(c, "DELETE p FROM p LEFT JOIN a ON a.id = p.aid WHERE a.id IS NULL");
    assert_string_equal(value(c, "SELECT ROW_COUNT()"), "1");
    assert_string_equal(value(c, "SELECT GROUP_CONCAT(id ORDER BY id) FROM p"), "10,11");
    /* Strict mode checks the values: TINYINT-range errors name the column. */
    exec_ok(c, "CREATE TABLE r (id INT PRIMARY KEY, t TINYINT)");
    exec_ok(c, "INSERT INTO r VALUES (1, 1)");
    assert_string_equal(outcome(c, "UPDATE r JOIN a ON a.id = r.id SET r.t = a.bal * 10"),
                        "1264 (22003): Out of range value for column 't' at row 1");
    /* Parameters in the SET values and the condition, checked as they are stored. */
    lw_value ok[2] = {LW_INT(99), LW_INT(0)}, big[2] = {LW_INT(1000), LW_INT(0)};
    assert_int_equal(
        lw_exec(c, "UPDATE r JOIN a ON a.id = r.id SET r.t = ? WHERE a.bal > ?", ok, 2), 0);
    assert_string_equal(value(c, "SELECT t FROM r"), "99");
    assert_int_not_equal(
        lw_exec(c, "UPDATE r JOIN a ON a.id = r.id SET r.t = ? WHERE a.bal > ?", big, 2), 0);
    assert_int_equal(lw_error_mysql_errno(lw_last_error(c)), 1264);
    /* Several tables in one statement: each written as the join found it, atomically;
     * ROW_COUNT() counts the rows of every table; after a rollback (which takes the
     * temporary view with it) the cached statement runs again. */
    exec_ok(c, "INSERT INTO p VALUES (20, 1, 2), (21, 3, 4)");
    exec_ok(c, "START TRANSACTION");
    exec_ok(c, "UPDATE a, p SET a.owner = UPPER(a.owner), p.amt = p.amt * 10 WHERE p.aid = a.id");
    assert_string_equal(value(c, "SELECT ROW_COUNT()"), "6");
    assert_string_equal(value(c, "SELECT GROUP_CONCAT(amt ORDER BY id) FROM p"), "300,50,20,40");
    exec_ok(c, "ROLLBACK");
    exec_ok(c, "UPDATE a, p SET a.owner = UPPER(a.owner), p.amt = p.amt * 10 WHERE p.aid = a.id");
    assert_string_equal(value(c, "SELECT GROUP_CONCAT(owner ORDER BY id) FROM a"), "ANN,BOB,CY");
    exec_ok(c, "DELETE a, p FROM a JOIN p ON p.aid = a.id WHERE a.owner = 'ann'");
    assert_string_equal(value(c, "SELECT ROW_COUNT()"), "3");
    assert_string_equal(value(c, "SELECT (SELECT COUNT(*) FROM a), (SELECT COUNT(*) FROM p)"), "2");
    lw_close(c);
}

/* 3. SELECT ... INTO: one row sets the variables, none warns, several fail. */
static void test_select_into(void **state)
{
    (void)state;
    assert_string_equal(translated("SELECT n INTO OUTFILE '/tmp/x' FROM nums"),
                        "ERROR 1235 (0A000): SELECT ... INTO OUTFILE is not supported by the "
                        "mariadb dialect");
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE nums (n INT)");
    exec_ok(c, "INSERT INTO nums VALUES (1), (2), (3)");
    exec_ok(c, "SELECT n, n * 2 INTO @one, @two FROM nums WHERE n = 1");
    assert_string_equal(value(c, "SELECT @one + @two"), "3");
    exec_ok(c, "SELECT n FROM nums WHERE n > 5 INTO @one");
    assert_int_equal(lw_warning_code(c, 0), 1329);
    assert_string_equal(value(c, "SELECT @one"), "1");
    assert_string_equal(outcome(c, "SELECT n INTO @one FROM nums"),
                        "1172 (42000): Result consisted of more than one row");
    /* sql_select_limit limits a top-level SELECT without LIMIT, not a subquery. */
    exec_ok(c, "SET sql_select_limit = 1");
    assert_string_equal(value(c, "SELECT COUNT(*) FROM (SELECT n FROM nums) d"), "3");
    lw_rows *rows = NULL;
    assert_int_equal(lw_query(c, "SELECT n FROM nums ORDER BY n DESC", NULL, 0, &rows), 0);
    assert_int_equal(lw_rows_next(rows), LW_ROW);
    assert_int_equal(lw_rows_next(rows), LW_DONE);
    lw_rows_close(rows);
    /* SQL_CALC_FOUND_ROWS counts without the LIMIT, in every LIMIT form. */
    exec_ok(c, "SELECT SQL_CALC_FOUND_ROWS n FROM nums ORDER BY n LIMIT 1, 1");
    assert_string_equal(value(c, "SELECT FOUND_ROWS()"), "3");
    exec_ok(c, "SELECT SQL_CALC_FOUND_ROWS n FROM nums WHERE n > 1");
    assert_string_equal(value(c, "SELECT FOUND_ROWS()"), "2");
    assert_string_equal(outcome(c, "SELECT FOUND_ROWS()"),
                        "1235 (0A000): FOUND_ROWS() after a SELECT without SQL_CALC_FOUND_ROWS "
                        "is not supported by the mariadb dialect");
    assert_string_equal(outcome(c, "SET sql_select_limit = 'x'"),
                        "1232 (42000): Incorrect argument type to variable 'sql_select_limit'");
    lw_close(c);
}

/* 4. Transactions: what ends them, autocommit, READ ONLY, the settings. */
static void test_transactions(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT PRIMARY KEY)");
    exec_ok(c, "COMMIT");
    exec_ok(c, "ROLLBACK");
    /* START TRANSACTION and DDL commit the open transaction. */
    exec_ok(c, "START TRANSACTION");
    exec_ok(c, "INSERT INTO t VALUES (1)");
    exec_ok(c, "START TRANSACTION");
    exec_ok(c, "ROLLBACK");
    exec_ok(c, "START TRANSACTION");
    exec_ok(c, "INSERT INTO t VALUES (2)");
    exec_ok(c, "CREATE TEMPORARY TABLE tmp (a INT)"); /* no commit */
    exec_ok(c, "CREATE TABLE side (a INT)");          /* commits */
    exec_ok(c, "ROLLBACK");
    assert_string_equal(value(c, "SELECT COUNT(*) FROM t"), "2");
    /* autocommit = 0: the first statement that uses a table opens a transaction. */
    exec_ok(c, "SET autocommit = 0");
    exec_ok(c, "SELECT 1");
    assert_string_equal(value(c, "SELECT @@in_transaction"), "0");
    exec_ok(c, "INSERT INTO t VALUES (3)");
    assert_string_equal(value(c, "SELECT @@in_transaction"), "1");
    exec_ok(c, "ROLLBACK");
    exec_ok(c, "INSERT INTO t VALUES (4)");
    exec_ok(c, "SET autocommit = ON"); /* commits */
    exec_ok(c, "ROLLBACK");
    assert_string_equal(value(c, "SELECT GROUP_CONCAT(id ORDER BY id) FROM t"), "1,2,4");
    assert_string_equal(outcome(c, "SET autocommit = 'maybe'"),
                        "1231 (42000): Variable 'autocommit' can't be set to the value of 'maybe'");
    /* SAVEPOINT outside a transaction is forgotten. */
    exec_ok(c, "SAVEPOINT s");
    assert_string_equal(outcome(c, "ROLLBACK TO SAVEPOINT s"),
                        "1305 (42000): SAVEPOINT s does not exist");
    /* READ ONLY, for one transaction or for the session. */
    exec_ok(c, "SET TRANSACTION READ ONLY");
    exec_ok(c, "START TRANSACTION");
    assert_string_equal(outcome(c, "INSERT INTO t VALUES (5)"),
                        "1792 (25006): Cannot execute statement in a READ ONLY transaction");
    assert_string_equal(outcome(c, "SET TRANSACTION READ WRITE"),
                        "1568 (25001): Transaction characteristics can't be changed while a "
                        "transaction is in progress");
    exec_ok(c, "COMMIT");
    exec_ok(c, "INSERT INTO t VALUES (5)");
    exec_ok(c, "SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY");
    assert_string_equal(value(c, "SELECT @@tx_isolation"), "SERIALIZABLE");
    assert_string_equal(outcome(c, "DELETE FROM t"),
                        "1792 (25006): Cannot execute statement in a READ ONLY transaction");
    exec_ok(c, "SET @@tx_read_only = DEFAULT");
    exec_ok(c, "DELETE FROM t WHERE id = 5");
    lw_close(c);
}

/* A file database whose -wal, -shm and -lwlocks files go with it. */
static void remove_database(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal", "-lwlocks"};
    char name[512];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
}

/* A new empty database file for a test's connections: path, a mkstemp template, gets
 * its name, url the mariadb URL with options (each "&name=value") after it. */
static void new_database(char *path, char *url, size_t url_size, const char *options)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    snprintf(url, url_size, "sqlite:///%s?dialect=mariadb%s", path, options);
}

/* 5. START TRANSACTION WITH CONSISTENT SNAPSHOT reads the database at once: a row
 * another connection commits afterwards stays invisible. */
static void test_consistent_snapshot(void **state)
{
    (void)state;
    char path[] = "/tmp/lw_test_mysql_statementsXXXXXX", url[256];
    /* txn=deferred: the connection's transactions take no write lock when they begin,
     * so that the second connection can write while the first holds its snapshot. */
    new_database(path, url, sizeof url, "&journal_mode=wal&txn=deferred");
    lw_conn *a = open_ok(url), *b = open_ok(url);
    exec_ok(a, "CREATE TABLE t (id INT PRIMARY KEY)");
    exec_ok(a, "START TRANSACTION WITH CONSISTENT SNAPSHOT");
    exec_ok(b, "INSERT INTO t VALUES (1)");
    assert_string_equal(value(a, "SELECT COUNT(*) FROM t"), "0");
    exec_ok(a, "START TRANSACTION WITH CONSISTENT SNAPSHOT"); /* commits, takes a new one */
    assert_string_equal(value(a, "SELECT COUNT(*) FROM t"), "1");
    exec_ok(a, "COMMIT");
    lw_close(a);
    lw_close(b);
    remove_database(path);
}

/* 6. Shape checks: 1136 names the row, 1066 the repeated name, 1364 the left-out
 * column; @@sql_mode shows TRADITIONAL's modes. */
static void test_shape_checks(void **state)
{
    (void)state;
    assert_string_equal(translated("INSERT INTO t (a, b) VALUES (1, 2), (3)"),
                        "ERROR 1136 (21S01): Column count doesn't match value count at row 2");
    assert_string_equal(translated("SELECT * FROM t a JOIN u a ON 1"),
                        "ERROR 1066 (42000): Not unique table/alias: 'a'");
    assert_string_equal(translated("SELECT * FROM t, u"), "SELECT * FROM t , u");
    assert_string_equal(translated("SELECT 1 FROM (SELECT 1) AS d, (SELECT 2) WHERE 1"),
                        "ERROR 1064 (42000): You have an error in your SQL syntax; check the "
                        "manual that corresponds to your MariaDB server version for the right "
                        "syntax to use near 'WHERE 1' at line 1");
    /* SET NAMES without a name read past the statement (found by fuzz_mysql_rewriter). */
    assert_non_null(strstr(translated("SET NAMES"), "ERROR 1064 (42000)"));
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT, nn VARCHAR(3) NOT NULL)");
    assert_string_equal(outcome(c, "INSERT INTO t (id) VALUES (1)"),
                        "1364 (HY000): Field 'nn' doesn't have a default value");
    assert_string_equal(outcome(c, "INSERT INTO t (id, nn) VALUES (1, NULL)"),
                        "1048 (23000): Column 'nn' cannot be null");
    exec_ok(c, "CREATE TABLE r (id INT PRIMARY KEY, t TINYINT)");
    exec_ok(c, "INSERT INTO r VALUES (1, 100), (2, 100), (3, 100)");
    assert_string_equal(outcome(c, "UPDATE r SET t = t + id * 10"),
                        "1264 (22003): Out of range value for column 't' at row 3");
    assert_string_equal(outcome(c, "SET GLOBAL nosuch = 1"),
                        "1193 (HY000): Unknown system variable 'nosuch'");
    assert_string_equal(outcome(c, "SET @@global.sql_mode = ''"),
                        "1235 (0A000): SET GLOBAL is not supported by the mariadb dialect");
    exec_ok(c, "SET sql_mode = 'TRADITIONAL'");
    assert_string_equal(value(c, "SELECT @@sql_mode"),
                        "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                        "ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,NO_AUTO_CREATE_USER,"
                        "NO_ENGINE_SUBSTITUTION");
    exec_ok(c, "SET sql_mode = 'NO_ENGINE_SUBSTITUTION,STRICT_TRANS_TABLES'");
    assert_string_equal(value(c, "SELECT @@sql_mode"),
                        "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION");
    lw_close(c);
}

/* 7. Named locks: one lock per name for every connection to a database file, in this
 * process and in others; a connection's :memory: database has its own. */
static void test_named_locks(void **state)
{
    (void)state;
    char path[] = "/tmp/lw_test_mysql_locksXXXXXX", url[256];
    new_database(path, url, sizeof url, "");
    lw_conn *a = open_ok(url), *b = open_ok(url);
    assert_string_equal(value(a, "SELECT GET_LOCK('job', 0)"), "1");
    assert_string_equal(value(a, "SELECT GET_LOCK('job', 0)"), "1"); /* nests */
    assert_string_equal(value(b, "SELECT GET_LOCK('job', 0)"), "0");
    assert_string_equal(value(b, "SELECT IS_FREE_LOCK('job')"), "0");
    char id[256];
    snprintf(id, sizeof id, "%s", value(a, "SELECT CONNECTION_ID()"));
    assert_string_equal(value(b, "SELECT IS_USED_LOCK('job')"), id);
    assert_string_equal(value(b, "SELECT RELEASE_LOCK('job')"), "0");
    assert_string_equal(value(b, "SELECT RELEASE_LOCK('other')"), "NULL");
    /* A timeout waits that long, then gives up. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_string_equal(value(b, "SELECT GET_LOCK('job', 0.2)"), "0");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(waited >= 0.19 && waited < 5);
    /* Another process sees the lock too (the sidecar file's byte-range lock). */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* A fresh process (exec: nothing inherited but the file) tries the locks. */
        execl(program, program, "--lock-child", url, (char *)NULL);
        _exit(3);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* Two levels to release; then the other connection takes it. */
    assert_string_equal(value(a, "SELECT RELEASE_ALL_LOCKS()"), "2");
    assert_string_equal(value(b, "SELECT GET_LOCK('job', 0)"), "1");
    /* Closing a connection releases its locks. */
    lw_close(b);
    assert_string_equal(value(a, "SELECT GET_LOCK('job', 0)"), "1");
    lw_close(a);
    remove_database(path);
    /* :memory: databases: each connection's own. */
    lw_conn *m1 = open_ok(MARIADB_URL), *m2 = open_ok(MARIADB_URL);
    assert_string_equal(value(m1, "SELECT GET_LOCK('job', 0)"), "1");
    assert_string_equal(value(m2, "SELECT GET_LOCK('job', 0)"), "1");
    assert_string_equal(value(m2, "SELECT RELEASE_LOCK('job')"), "1");
    assert_string_equal(value(m1, "SELECT IS_FREE_LOCK('job')"), "0");
    assert_string_equal(value(m1, "SELECT GET_LOCK(NULL, 0)"), "NULL");
    lw_close(m1);
    lw_close(m2);
}

/* 8. LOCK TABLES: the connection holds the database's write lock until UNLOCK TABLES;
 * statements use only the locked tables under their locked names. */
static void test_lock_tables(void **state)
{
    (void)state;
    char path[] = "/tmp/lw_test_mysql_lock_tablesXXXXXX", url[256];
    new_database(path, url, sizeof url, "&timeout=100");
    lw_conn *a = open_ok(url), *b = open_ok(url);
    exec_ok(a, "CREATE TABLE t (id INT PRIMARY KEY)");
    exec_ok(a, "CREATE TABLE u (id INT PRIMARY KEY)");
    assert_string_equal(outcome(a, "LOCK TABLES nosuch READ"),
                        "1146 (42S02): Table 'main.nosuch' doesn't exist");
    exec_ok(a, "LOCK TABLES t WRITE, u AS x READ");
    exec_ok(a, "INSERT INTO t VALUES (1)");
    assert_string_equal(value(a, "SELECT COUNT(*) FROM u AS x"), "0");
    assert_string_equal(outcome(a, "SELECT COUNT(*) FROM u"),
                        "1100 (HY000): Table 'u' was not locked with LOCK TABLES");
    assert_string_equal(outcome(a, "DELETE FROM t WHERE id IN (SELECT id FROM u AS x)"), "ok");
    assert_string_equal(outcome(a, "UPDATE u AS x SET id = 2"),
                        "1099 (HY000): Table 'x' was locked with a READ lock and can't be updated");
    /* Another connection waits for the write lock (here: its 100 ms timeout). */
    assert_string_equal(outcome(b, "INSERT INTO u VALUES (5)"),
                        "1205 (HY000): Lock wait timeout exceeded; try restarting transaction");
    exec_ok(a, "ROLLBACK"); /* autocommit: nothing to undo, the locks stay */
    assert_string_equal(value(a, "SELECT COUNT(*) FROM t"), "1");
    exec_ok(a, "UNLOCK TABLES");
    exec_ok(b, "INSERT INTO u VALUES (5)");
    assert_string_equal(value(b, "SELECT COUNT(*) FROM t"), "1");
    assert_string_equal(value(a, "SELECT COUNT(*) FROM u"), "1");
    lw_close(a);
    lw_close(b);
    remove_database(path);
}

/* 9. SELECT ... LOCK IN SHARE MODE is the shim's FOR SHARE: in a transaction it takes
 * the write lock, so another connection's write waits; FOR SHARE itself is MariaDB's
 * syntax error (MySQL 8's form). */
static void test_lock_in_share_mode(void **state)
{
    (void)state;
    char path[] = "/tmp/lw_test_mysql_share_modeXXXXXX", url[256];
    new_database(path, url, sizeof url, "&timeout=100");
    lw_conn *a = open_ok(url), *b = open_ok(url);
    exec_ok(a, "CREATE TABLE t (id INT PRIMARY KEY)");
    exec_ok(a, "INSERT INTO t VALUES (1)");
    exec_ok(a, "START TRANSACTION");
    assert_string_equal(value(a, "SELECT id FROM t WHERE id = 1 LOCK IN SHARE MODE"), "1");
    assert_string_equal(outcome(b, "INSERT INTO t VALUES (2)"),
                        "1205 (HY000): Lock wait timeout exceeded; try restarting transaction");
    exec_ok(a, "COMMIT");
    exec_ok(b, "INSERT INTO t VALUES (2)");
    assert_string_equal(value(a, "SELECT COUNT(*) FROM t LOCK IN SHARE MODE NOWAIT"), "2");
    assert_string_equal(outcome(a, "SELECT id FROM t FOR SHARE"),
                        "1064 (42000): You have an error in your SQL syntax; check the manual "
                        "that corresponds to your MariaDB server version for the right syntax "
                        "to use near 'SHARE' at line 1");
    lw_close(a);
    lw_close(b);
    remove_database(path);
}

/* The other process of test_named_locks: 'job' is held by the parent, 'free' is free.
 * Exit status 0 when both answers are right. */
static int lock_child(const char *url)
{
    lw_conn *c = NULL;
    lw_error *e = NULL;
    if (lw_open(url, &c, &e))
        return 2;
    char job[32];
    snprintf(job, sizeof job, "%s", value(c, "SELECT GET_LOCK('job', 0)"));
    const char *free_lock = value(c, "SELECT GET_LOCK('free', 0)");
    int right = !strcmp(job, "0") && !strcmp(free_lock, "1");
    if (!right)
        fprintf(stderr, "  child: GET_LOCK('job') %s, GET_LOCK('free') %s\n", job, free_lock);
    lw_close(c);
    return right ? 0 : 1;
}

/* Outside strict mode a NULL or a left-out NOT NULL column takes the implicit default
 * with MariaDB's warnings; the same text translated again when sql_mode changes. */
static void test_implicit_defaults(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT, nn VARCHAR(5) NOT NULL, d DATE NOT NULL)");
    const char *insert = "INSERT INTO t (id, nn) VALUES (1, 'a'), (2, NULL)";
    assert_string_equal(outcome(c, insert), "1364 (HY000): Field 'd' doesn't have a default value");
    exec_ok(c, "SET sql_mode = ''");
    assert_string_equal(outcome(c, insert), "ok");
    assert_int_equal(lw_warning_count(c), 2);
    assert_int_equal(lw_warning_code(c, 0), 1364);
    assert_int_equal(lw_warning_code(c, 1), 1048);
    assert_string_equal(lw_warning(c, 1), "Column 'nn' cannot be null");
    /* One row of VALUES: NULL is still an error. */
    assert_string_equal(outcome(c, "INSERT INTO t VALUES (3, NULL, '2024-01-01')"),
                        "1048 (23000): Column 'nn' cannot be null");
    exec_ok(c, "GET DIAGNOSTICS CONDITION 1 @e = MYSQL_ERRNO, @s = RETURNED_SQLSTATE");
    lw_rows *rows = NULL;
    assert_int_equal(lw_query(c,
                              "SELECT @e, @s, COUNT(*) FROM t WHERE nn = '' AND d = "
                              "'0000-00-00'",
                              NULL, 0, &rows),
                     0);
    assert_int_equal(lw_rows_next(rows), LW_ROW);
    assert_string_equal(lw_column_text(rows, 0), "1048");
    assert_string_equal(lw_column_text(rows, 1), "23000");
    assert_string_equal(lw_column_text(rows, 2), "1");
    lw_rows_close(rows);
    lw_close(c);
}

/* A scalar subquery checks its rows when it runs; a row beside a scalar is 4078;
 * GET STACKED DIAGNOSTICS outside a handler is MariaDB's syntax error. */
static void test_subqueries_and_rows(void **state)
{
    (void)state;
    assert_string_equal(translated("SELECT (SELECT 1)"),
                        "/*my:notab*/ SELECT (WITH _lw_one(v) AS (SELECT * FROM ( SELECT 1 ) "
                        "LIMIT 2) SELECT my_one_row(v) FROM _lw_one)");
    assert_string_equal(translated("SELECT (1, 2) = 1"),
                        "ERROR 4078 (HY000): Illegal parameter data types row and int for "
                        "operation '='");
    assert_string_equal(translated("SELECT 'a' < (1, 2)"),
                        "ERROR 4078 (HY000): Illegal parameter data types varchar and row for "
                        "operation '<'");
    assert_non_null(strstr(translated("GET STACKED DIAGNOSTICS @n = NUMBER"), "ERROR 1064"));
    assert_non_null(
        strstr(translated("GET DIAGNOSTICS CONDITION 1 @c = CLASS_ORIGIN"), "ERROR 1235"));
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE n (v INT)");
    exec_ok(c, "INSERT INTO n VALUES (1), (2)");
    assert_string_equal(outcome(c, "SELECT (SELECT v FROM n)"),
                        "1242 (21000): Subquery returns more than 1 row");
    assert_string_equal(outcome(c, "SELECT (SELECT v FROM n WHERE v = 2)"), "ok");
    assert_string_equal(outcome(c, "SELECT v FROM n HAVING nosuch > 1"),
                        "1054 (42S22): Unknown column 'nosuch' in 'HAVING'");
    lw_close(c);
}

/* GROUP BY ... WITH ROLLUP is rewritten before the walk: the rows joined with the levels,
 * each group column a key that is NULL from its level on, MariaDB's order; what MariaDB
 * refuses is refused with its error. */
static void test_rollup(void **state)
{
    (void)state;
    const char *t = translated("SELECT a, b + 1, SUM(b) FROM t GROUP BY a WITH ROLLUP");
    assert_non_null(strstr(t, "( CASE WHEN lw_rollup_level > 0 THEN NULL ELSE a END ) AS a ,"));
    /* b is no group column: b + 1 keeps it; SUM(b) reads every row. */
    assert_non_null(strstr(t, "my_ops(b , '+', 1 , '?i', 'b + 1') ,"));
    assert_non_null(strstr(t, "sum(b )"));
    assert_non_null(strstr(t, "FROM t , ( SELECT 0 AS lw_rollup_level UNION ALL SELECT 1 )"));
    assert_non_null(strstr(t, "GROUP BY lw_rollup_level ,"));
    assert_non_null(strstr(t, "ORDER BY lw_rollup_level > 0 ,"));
    /* Two group columns: the first is rolled up from level 2 on, the second from 1. */
    t = translated("SELECT a, b FROM t GROUP BY a, b DESC WITH ROLLUP LIMIT 2");
    assert_non_null(strstr(t, "CASE WHEN lw_rollup_level > 1 THEN NULL ELSE a END"));
    assert_non_null(strstr(t, "CASE WHEN lw_rollup_level > 0 THEN NULL ELSE b END ) DESC LIMIT 2"));
    /* A member of a UNION becomes a derived table (SQLite takes no ORDER BY there). */
    t = translated("SELECT a FROM t GROUP BY a WITH ROLLUP UNION ALL SELECT 1");
    assert_non_null(strstr(t, "SELECT * FROM ( SELECT"));
    assert_non_null(strstr(t, ") AS lw_rollup_rows UNION ALL SELECT 1"));
    assert_string_equal(translated("SELECT a FROM t GROUP BY a WITH ROLLUP ORDER BY a"),
                        "ERROR 1221 (HY000): Incorrect usage of CUBE/ROLLUP and ORDER BY");
    assert_non_null(strstr(translated("SELECT a FROM t GROUP BY a + ? WITH ROLLUP"),
                           "ERROR 1235 (0A000): a parameter in a GROUP BY ... WITH ROLLUP"));
    assert_non_null(
        strstr(lw_test_translate(&lw_dialect_mysql,
                                 "SELECT a FROM t GROUP BY a WITH ROLLUP ORDER BY a", 1),
               "ERROR 1235 (0A000)"));
    /* Not a query block: left to the walk. */
    assert_null(strstr(translated("SELECT 1 WITH ROLLUP"), "lw_rollup"));
}

int main(int argc, char **argv)
{
    program = argv[0];
    if (argc == 3 && !strcmp(argv[1], "--lock-child"))
        return lock_child(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multi_table_translation),
        cmocka_unit_test(test_multi_table_rows),
        cmocka_unit_test(test_select_into),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_lock_in_share_mode),
        cmocka_unit_test(test_consistent_snapshot),
        cmocka_unit_test(test_shape_checks),
        cmocka_unit_test(test_named_locks),
        cmocka_unit_test(test_lock_tables),
        cmocka_unit_test(test_implicit_defaults),
        cmocka_unit_test(test_subqueries_and_rows),
        cmocka_unit_test(test_rollup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
