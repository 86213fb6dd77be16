/*
 * The mariadb and mysql dialects' ALTER TABLE and introspection through the shim's API
 * (shim/dialect/mysql/alter.c, alter_apply.c, introspection.c, runtime_show.c): the
 * translation is one call read again when it runs; a failing ALTER leaves the table
 * as SHOW CREATE TABLE printed it; a cached INSERT is translated again after an ALTER
 * changed its column's type; CHECK clauses print as MariaDB prints them. The
 * differential files (sql_tests/mysql/04_ddl, 15_show_information_schema,
 * 17_migration) hold MariaDB's answers; these pin down what they cannot see.
 */
#include "lw_shim_test.h"
#include "lw_dialect_test.h"

#include "dialect/dialect.h"
#include "likewise.h"

#define MARIADB_URL "sqlite::memory:?dialect=mariadb"

/* The first value of the first row, "(no rows)" or "ERROR <errno> (<sqlstate>): <msg>". */
static const char *first_value(lw_conn *conn, const char *sql)
{
    static char buf[2048];
    lw_rows *rows = NULL;
    int rc = lw_query(conn, sql, NULL, 0, &rows);
    if (rc == 0)
        rc = lw_rows_next(rows);
    if (rc < 0) {
        const lw_error *e = lw_last_error(conn);
        snprintf(buf, sizeof buf, "ERROR %d (%s): %s", lw_error_mysql_errno(e),
                 lw_error_sqlstate(e), lw_error_message(e));
    } else if (rc == LW_DONE) {
        snprintf(buf, sizeof buf, "(no rows)");
    } else {
        const char *v = lw_column_display(rows, lw_column_count(rows) - 1);
        snprintf(buf, sizeof buf, "%s", v ? v : "NULL");
    }
    lw_rows_close(rows);
    return buf;
}

static void test_translation(void **state)
{
    (void)state;
    const char *t =
        lw_test_translate(&lw_dialect_mariadb, "ALTER TABLE t DROP COLUMN a, RENAME TO u", 1);
    assert_string_equal(t, "SELECT 1 WHERE typeof(my_alter_table('t', 'D\x1f"
                           "a\x1f"
                           "0\x1f\x1eN\x1fu\x1f\x1e')) = 'none'");
    t = lw_test_translate(&lw_dialect_mariadb, "ALTER TABLE t PARTITION BY HASH (a)", 1);
    assert_non_null(strstr(t, "0A000"));
}

/* Failing ALTERs leave the table as it was, word for word. */
static void test_failures_leave_the_table(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10) NOT NULL, b INT, UNIQUE KEY "
               "uq (a))");
    exec_ok(c, "INSERT INTO t VALUES (1, 'abc', 300), (2, 'de', NULL)");
    char *before = strdup(first_value(c, "SHOW CREATE TABLE t"));
    static const struct {
        const char *sql, *error;
    } cases[] = {
        {"ALTER TABLE nosuch ADD COLUMN c INT",
         "ERROR 1146 (42S02): Table 'main.nosuch' doesn't exist"},
        {"ALTER TABLE t ADD COLUMN c INT, MODIFY nosuch INT",
         "ERROR 1054 (42S22): Unknown column 'nosuch' in 't'"},
        {"ALTER TABLE t ADD COLUMN b INT", "ERROR 1060 (42S21): Duplicate column name 'b'"},
        {"ALTER TABLE t DROP INDEX nosuch",
         "ERROR 1091 (42000): Can't DROP INDEX `nosuch`; check that it exists"},
        {"ALTER TABLE t ADD COLUMN c INT, MODIFY a VARCHAR(2)",
         "ERROR 1265 (01000): Data truncated for column 'a' at row 1"},
        {"ALTER TABLE t MODIFY b TINYINT",
         "ERROR 1264 (22003): Out of range value for column 'b' at row 1"},
        {"ALTER TABLE t MODIFY b INT NOT NULL",
         "ERROR 1265 (01000): Data truncated for column 'b' at row 2"},
        {"ALTER TABLE t MODIFY a INT",
         "ERROR 1292 (22007): Truncated incorrect INTEGER value: 'abc'"},
        {"ALTER TABLE t ADD PRIMARY KEY (a)", "ERROR 1068 (42000): Multiple primary key defined"},
        {"ALTER TABLE t ADD UNIQUE KEY uq (b)", "ERROR 1061 (42000): Duplicate key name 'uq'"},
        {"ALTER TABLE t DROP COLUMN id, DROP COLUMN a, DROP COLUMN b",
         "ERROR 1090 (42000): You can't delete all columns with ALTER TABLE; use DROP TABLE "
         "instead"},
        {"RENAME TABLE t TO t2, nosuch TO t3",
         "ERROR 1146 (42S02): Table 'main.nosuch' doesn't exist"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(first_value(c, cases[i].sql), cases[i].error);
        assert_string_equal(first_value(c, "SHOW CREATE TABLE t"), before);
    }
    assert_string_equal(first_value(c, "SELECT COUNT(*) FROM t"), "2");
    free(before);
    lw_close(c);
}

/* An INSERT cached before an ALTER changed its column's type is translated again: its
 * value is checked against the new type. */
static void test_cached_insert_after_alter(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10))");
    exec_ok(c, "INSERT INTO t VALUES (1, 'x1')");
    exec_ok(c, "DELETE FROM t");
    exec_ok(c, "ALTER TABLE t MODIFY a INT");
    assert_string_equal(
        first_value(c, "INSERT INTO t VALUES (1, 'x1')"),
        "ERROR 1366 (22007): Incorrect integer value: 'x1' for column `main`.`t`.`a` at row 1");
    exec_ok(c, "ALTER TABLE t MODIFY a VARCHAR(10)");
    exec_ok(c, "INSERT INTO t VALUES (1, 'x1')");
    assert_string_equal(first_value(c, "SELECT a FROM t"), "x1");
    lw_close(c);
}

/* CHECK clauses as MariaDB prints them, and the catalog after a rename. */
static void test_printed_forms(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a INT, b VARCHAR(5), "
               "CONSTRAINT ck CHECK (a>0 AND b IS NOT NULL AND b <> 'x'))");
    /* MariaDB 10.11's text for this clause (it prints from its parse tree: redundant
     * parentheses and function names written otherwise would differ, see runtime_show.c). */
    assert_string_equal(
        first_value(c, "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"),
        "`a` > 0 and `b` is not null and `b` <> 'x'");
    exec_ok(c, "INSERT INTO t (a, b) VALUES (1, 'w')");
    exec_ok(c, "ALTER TABLE t RENAME TO u, ADD KEY k (a)");
    exec_ok(c, "INSERT INTO u (a, b) VALUES (2, 'y')");
    assert_string_equal(first_value(c, "SELECT MAX(id) FROM u"), "2");
    assert_string_equal(first_value(c, "SELECT GROUP_CONCAT(INDEX_NAME ORDER BY INDEX_NAME) FROM "
                                       "information_schema.STATISTICS WHERE TABLE_NAME = 'u'"),
                        "k,PRIMARY");
    assert_string_equal(first_value(c, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE "
                                       "TABLE_NAME = 't'"),
                        "0");
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translation),
        cmocka_unit_test(test_failures_leave_the_table),
        cmocka_unit_test(test_cached_insert_after_alter),
        cmocka_unit_test(test_printed_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
