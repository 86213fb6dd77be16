/*
 * The mariadb and mysql dialects: the rewriter's output for the constructs the dialect
 * changes, and statements through the shim's API with display values, MariaDB's error
 * numbers, SQLSTATEs and texts, the warnings (lw_warning_level/lw_warning_code), the
 * checks of bound values (lw_dialect.check_values), translations made again when a
 * setting they read changes (the translation epoch), AUTO_INCREMENT and the collations
 * indexes use. sql_tests/mysql/ holds the differential files; these tests pin down what
 * the files cannot see (translated text, bound parameters, the C API).
 */
#include "lw_shim_test.h"
#include "lw_dialect_test.h"

#include "dialect/dialect.h"
#include "likewise.h"

#define MARIADB_URL "sqlite::memory:?dialect=mariadb"
#define MYSQL_URL "sqlite::memory:?dialect=mysql"

#define assert_display(conn, sql, expected)                                                        \
    assert_string_equal(mysql_display((conn), (sql), NULL, 0), (expected))

/* What the rewriter makes of one statement (the dialect called directly). */
static const char *translated(const lw_dialect *d, const char *sql)
{
    return lw_test_translate(d, sql, 1);
}

/* 1. The rewriter: MySQL's operators and constants become SQLite's or the dialect's
 * functions; string comparisons carry the connection's collation. */
static void test_translation(void **state)
{
    (void)state;
    const lw_dialect *m = &lw_dialect_mariadb;
    assert_string_equal(translated(m, "SELECT 1 || 0, 1 && 0, NOT 1 XOR 0"),
                        "/*my:notab*/ SELECT 1 OR 0 , 1 AND 0 , ((NOT 1 ) <> 0) <> ((0 ) <> 0)");
    assert_string_equal(translated(m, "SELECT 'a' = 'A'"),
                        "/*my:notab*/ SELECT 'a' = 'A' COLLATE utf8mb4_general_ci");
    assert_string_equal(translated(&lw_dialect_mysql, "SELECT 'a' = 'A'"),
                        "/*my:notab*/ SELECT 'a' = 'A' COLLATE utf8mb4_0900_ai_ci");
    assert_string_equal(translated(m, "SELECT 1 <=> NULL, 'ab' REGEXP 'A'"),
                        "/*my:notab*/ SELECT 1 IS NULL , my_regexp('ab' , 'A' , 1)");
    assert_string_equal(translated(m, "SELECT 'x' \"y\" 'z', X'41', 0x41, b'1000001'"),
                        "/*my:notab*/ SELECT 'xyz' , X'41' , X'41' , X'41'");
    assert_string_equal(translated(m, "SELECT 'it\\'s' # comment\n"),
                        "/*my:notab*/ SELECT 'it''s'");
    assert_string_equal(translated(m, "SELECT 7 DIV 2"),
                        "/*my:notab*/ SELECT my_ops(7 , 'D', 2 , 'ii', '7 div 2')");
    /* A chain of operators is one flat call (SQLite's parser stack is 100 deep): each
     * step after the first continues its left operand's call, an earlier step's text
     * the length of its prefix of the last one. A parenthesized left operand, whose
     * text is no prefix, starts a new call with the old one first. */
    assert_string_equal(translated(m, "SELECT 1 + 2 * 3 - 4 DIV 2 + 5"),
                        "/*my:notab*/ SELECT my_ops(1 , '+', my_ops(2 , '*', 3 , 'ii', '2 * 3') , "
                        "'ii', 9, '-', my_ops(4 , 'D', 2 , 'ii', '4 div 2') , 'ii', 19, '+', 5 , "
                        "'ii', '1 + 2 * 3 - 4 div 2 + 5')");
    assert_string_equal(translated(m, "SELECT (1 + 2) + 3"),
                        "/*my:notab*/ SELECT my_ops(( my_ops(1 , '+', 2 , 'ii', '1 + 2') ) , '+', "
                        "3 , 'ii', '(1 + 2) + 3')");
    /* A DECIMAL operand goes in without its carrier; / carries the static scales. */
    assert_string_equal(translated(m, "SELECT 1 / 3 + 0.5"),
                        "/*my:notab*/ SELECT my_dround((CAST(my_ops(1 , '/', 3 , 'ii 0 0', 5, "
                        "'+', '0.5' , 'dd', '1 / 3 + 0.5') AS NUMERIC_TEXT) COLLATE DECIMAL) , 4)");
    assert_string_equal(translated(m, "SELECT `a b` FROM `t`"), "SELECT `a b` FROM `t`");
    /* mariadb has no -> operator; mysql's is JSON_EXTRACT. */
    assert_non_null(strstr(translated(m, "SELECT j -> '$.a' FROM t"), "ERROR 1064 (42000)"));
    /* Refusals name the construct: 0A000, MySQL's 1235. */
    assert_string_equal(translated(m, "INSERT DELAYED INTO t VALUES (1)"),
                        "ERROR 1235 (0A000): DELAYED is not supported by the mariadb dialect");
    /* WITH ROLLUP is rewritten (rollup.c) wherever a query block has it; elsewhere it is
     * refused. */
    assert_non_null(
        strstr(translated(m, "SELECT * FROM (SELECT a FROM t GROUP BY a WITH ROLLUP) u"),
               "SELECT * FROM ( SELECT ( CASE WHEN lw_rollup_level > 0 THEN NULL ELSE "
               "a END ) AS a FROM t ,"));
    assert_string_equal(translated(m, "SELECT 1 WITH ROLLUP"),
                        "ERROR 1235 (0A000): WITH ROLLUP outside GROUP BY is not supported by "
                        "the mariadb dialect");
    assert_string_equal(translated(m, "SELECT 1 FROM t WHERE a SOUNDS LIKE 'x' LIMIT 1.5"),
                        "ERROR 1064 (42000): You have an error in your SQL syntax; check the "
                        "manual that corresponds to your MariaDB server version for the right "
                        "syntax to use near '1.5' at line 1");
}

/* 2. Values: DECIMAL division with div_precision_increment, exact DECIMAL arithmetic,
 * rounding of exact and approximate values, collations in comparisons, temporal casts. */
static void test_values(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    assert_display(c, "SELECT 1/3, 1 DIV 3, 7 MOD 3, 2/0", "0.3333|0|1|NULL");
    assert_display(c, "SELECT 0.1 + 0.2, 1.50 * 2, CAST(1 AS DECIMAL(5,2))", "0.3|3.00|1.00");
    assert_display(c, "SELECT ROUND(2.5), ROUND(-2.5), ROUND(2.5e0), ROUND(3.5e0)", "3|-3|2|4");
    assert_display(c, "SELECT 'a' = 'A ', 'é' = 'E', 'abc' LIKE 'AB_', BINARY 'a' = 'A'",
                   "1|1|1|0");
    assert_display(c, "SELECT 'a' = 'A' COLLATE utf8mb4_bin, 'a' < 'B'", "0|1");
    assert_display(c, "SELECT TRUE, FALSE, 1 = 1, NULL <=> NULL", "1|0|1|1");
    assert_display(c, "SELECT CAST('2024-01-02 03:04:05.5' AS DATETIME(6))",
                   "2024-01-02 03:04:05.500000");
    assert_display(c, "SELECT CAST(-1 AS UNSIGNED), CAST('12' AS SIGNED) + 1",
                   "18446744073709551615|13");
    assert_display(c, "SELECT DATABASE(), @@collation_connection", "main|utf8mb4_general_ci");
    lw_close(c);
    c = open_ok(MYSQL_URL);
    assert_display(c, "SELECT @@collation_connection, 'a' = 'A'", "utf8mb4_0900_ai_ci|1");
    lw_close(c);
}

/* 3. Errors: MariaDB's errno, SQLSTATE and text, for the dialect's own checks and for
 * SQLite's constraint errors. */
static void test_errors(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(20), UNIQUE KEY uname (name))");
    exec_ok(c, "CREATE TABLE ch (id INT PRIMARY KEY, p_id INT, n INT NOT NULL, CHECK (n > 0), "
               "FOREIGN KEY (p_id) REFERENCES p (id))");
    exec_ok(c, "INSERT INTO p VALUES (1, 'Bob')");
    assert_display(c, "SELECT 9223372036854775807 + 1",
                   "ERROR 1690 (22003): BIGINT value is out of range in "
                   "'9223372036854775807 + 1'");
    /* A chain's overflow names the step where it happened; a NULL step makes the rest
     * NULL. */
    assert_display(c, "SELECT 9223372036854775806 + 1 - 1 + 1 + 1 + 1",
                   "ERROR 1690 (22003): BIGINT value is out of range in "
                   "'9223372036854775806 + 1 - 1 + 1 + 1'");
    assert_display(c, "SELECT 1 + NULL * 2 + 3, 2 * 2 * 2 DIV 3 % 2 - 1, 1 + 2.5 * 2 / 4 - 1",
                   "NULL|-1|1.25000");
    assert_display(c, "SELECT 2 + 1e308 * 10 + 1",
                   "ERROR 1690 (22003): DOUBLE value is out of range in '1e308 * 10'");
    assert_display(c, "INSERT INTO p VALUES (2, 'bob')",
                   "ERROR 1062 (23000): Duplicate entry 'bob' for key 'uname'");
    assert_display(c, "INSERT INTO p VALUES (NULL, 'x')",
                   "ERROR 1048 (23000): Column 'id' cannot be null");
    assert_display(c, "INSERT INTO ch VALUES (1, 9, 1)",
                   "ERROR 1452 (23000): Cannot add or update a child row: a foreign key "
                   "constraint fails (`main`.`ch`, CONSTRAINT `ch_ibfk_1` FOREIGN KEY (`p_id`) "
                   "REFERENCES `p` (`id`))");
    assert_display(c, "INSERT INTO ch VALUES (1, 1, 0)",
                   "ERROR 4025 (23000): CONSTRAINT `CONSTRAINT_1` failed for `main`.`ch`");
    assert_display(c, "SELECT * FROM nope", "ERROR 1146 (42S02): Table 'main.nope' doesn't exist");
    assert_display(c, "SELECT nope FROM p",
                   "ERROR 1054 (42S22): Unknown column 'nope' in 'SELECT'");
    assert_display(c, "CREATE TABLE p (a INT)", "ERROR 1050 (42S01): Table 'p' already exists");
    assert_display(c, "SELEC 1",
                   "ERROR 1064 (42000): You have an error in your SQL syntax; check the manual "
                   "that corresponds to your MariaDB server version for the right syntax to use "
                   "near 'SELEC 1' at line 1");
    assert_display(c, "SELECT 'abc",
                   "ERROR 1064 (42000): You have an error in your SQL syntax; check the manual "
                   "that corresponds to your MariaDB server version for the right syntax to use "
                   "near ''abc' at line 1");
    lw_close(c);
}

/* 4. Warnings through the API: the last statement's, MariaDB's rules for when the list
 * is cleared, and SHOW WARNINGS reading the same list. */
static void test_warnings(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    assert_int_equal(lw_warning_count(c), 0);
    assert_display(c, "SELECT '12abc' + 0", "12");
    assert_int_equal(lw_warning_count(c), 1);
    assert_string_equal(lw_warning_level(c, 0), "Warning");
    assert_int_equal(lw_warning_code(c, 0), 1292);
    assert_string_equal(lw_warning(c, 0), "Truncated incorrect DOUBLE value: '12abc'");
    assert_null(lw_warning(c, 1));
    assert_null(lw_warning_level(c, 1));
    assert_int_equal(lw_warning_code(c, 1), 0);
    assert_null(lw_warning_level(c, -1));
    /* SHOW WARNINGS, @@warning_count and statements without tables keep the list. */
    assert_display(c, "SHOW WARNINGS", "Warning|1292|Truncated incorrect DOUBLE value: '12abc'");
    assert_display(c, "SELECT @@warning_count", "1");
    assert_display(c, "SELECT 1", "1");
    assert_int_equal(lw_warning_count(c), 1);
    /* A statement that uses a table clears it. */
    exec_ok(c, "CREATE TABLE t (a INT)");
    assert_int_equal(lw_warning_count(c), 0);
    /* A note, and an error pushed as a condition. */
    exec_ok(c, "DROP TABLE IF EXISTS nope");
    assert_int_equal(lw_warning_count(c), 1);
    assert_string_equal(lw_warning_level(c, 0), "Note");
    assert_int_equal(lw_warning_code(c, 0), 1051);
    assert_string_equal(lw_warning(c, 0), "Unknown table 'main.nope'");
    assert_display(c, "SELECT * FROM nope", "ERROR 1146 (42S02): Table 'main.nope' doesn't exist");
    assert_int_equal(lw_warning_count(c), 1);
    assert_string_equal(lw_warning_level(c, 0), "Error");
    assert_int_equal(lw_warning_code(c, 0), 1146);
    /* Division by zero is a warning (ERROR_FOR_DIVISION_BY_ZERO outside a write). */
    assert_display(c, "SELECT 1/0", "NULL");
    assert_int_equal(lw_warning_code(c, 0), 1365);
    lw_close(c);
}

/* 5. Bound values are checked where an INSERT stores them, as the server checks them:
 * ranges, lengths, text converted to numbers (check_values). */
static void test_bound_values(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, ti TINYINT, u INT UNSIGNED, "
               "v VARCHAR(3))");
    assert_string_equal(mysql_display(c, "INSERT INTO t (ti) VALUES (?)", LW_ARGS(LW_INT(300))),
                        "ERROR 1264 (22003): Out of range value for column 'ti' at row 1");
    assert_string_equal(mysql_display(c, "INSERT INTO t (u) VALUES (?)", LW_ARGS(LW_INT(-1))),
                        "ERROR 1264 (22003): Out of range value for column 'u' at row 1");
    assert_string_equal(mysql_display(c, "INSERT INTO t (v) VALUES (?)", LW_ARGS(LW_TEXT("abcd"))),
                        "ERROR 1406 (22001): Data too long for column 'v' at row 1");
    assert_string_equal(mysql_display(c, "INSERT INTO t (ti) VALUES (?)", LW_ARGS(LW_TEXT("4x"))),
                        "ERROR 1265 (01000): Data truncated for column 'ti' at row 1");
    /* Text that is a number is stored as one; a double is rounded half to even. */
    assert_string_equal(mysql_display(c, "INSERT INTO t (ti) VALUES (?)", LW_ARGS(LW_TEXT("42"))),
                        "(no rows)");
    assert_string_equal(mysql_display(c, "INSERT INTO t (ti, v) VALUES (?, ?)",
                                      LW_ARGS(LW_REAL(2.5), LW_TEXT("äöü"))),
                        "(no rows)");
    assert_display(c, "SELECT GROUP_CONCAT(ti), typeof(min(ti)) FROM t", "42,2|integer");
    assert_display(c, "SELECT v FROM t WHERE ti = 2", "äöü");
    /* An UPDATE or INSERT ... SELECT that stores the value in no row never converts it
     * (MariaDB: no error); where it stores it, the row's number is the row's. */
    assert_string_equal(mysql_display(c, "UPDATE t SET ti = ? WHERE 1 = 0", LW_ARGS(LW_INT(1000))),
                        "(no rows)");
    assert_string_equal(
        mysql_display(c, "UPDATE t SET v = ? WHERE id < 0", LW_ARGS(LW_TEXT("abcdef"))),
        "(no rows)");
    assert_string_equal(
        mysql_display(c, "INSERT INTO t (ti) SELECT ? FROM t WHERE 1 = 0", LW_ARGS(LW_INT(1000))),
        "(no rows)");
    assert_string_equal(
        mysql_display(c, "UPDATE t SET ti = ? WHERE ti = 42", LW_ARGS(LW_INT(1000))),
        "ERROR 1264 (22003): Out of range value for column 'ti' at row 1");
    lw_close(c);
}

/* 6. AUTO_INCREMENT ids are never reused; LAST_INSERT_ID() and lw_last_insert_id()
 * give the first id the last INSERT generated. */
static void test_auto_increment(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a INT) AUTO_INCREMENT=10");
    exec_ok(c, "INSERT INTO t (a) VALUES (1), (2)");
    assert_int_equal(lw_last_insert_id(c), 10);
    exec_ok(c, "DELETE FROM t");
    exec_ok(c, "INSERT INTO t (a) VALUES (3)");
    assert_int_equal(lw_last_insert_id(c), 12);
    assert_display(c, "SELECT id, LAST_INSERT_ID() FROM t", "12|12");
    exec_ok(c, "INSERT INTO t VALUES (NULL, 4)");
    assert_display(c, "SELECT max(id) FROM t", "13");
    assert_display(c, "SELECT column_type, extra FROM _lw_mysql_columns WHERE column_name = 'id'",
                   "int(11)|auto_increment");
    lw_close(c);
}

/* 7. A setting the translation read (div_precision_increment, collation_connection)
 * makes the cached translations of the connection stale: they are made again. */
static void test_epoch(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    assert_display(c, "SELECT 1/3, 'a' = 'A'", "0.3333|1");
    exec_ok(c, "SET div_precision_increment = 6, collation_connection = utf8mb4_bin");
    assert_display(c, "SELECT 1/3, 'a' = 'A'", "0.333333|0");
    lw_close(c);
}

/* 8. A column's collation is SQLite's column collation: comparisons with the column
 * take it, so an index on the column serves WHERE name = ?. */
static void test_collation_index(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), KEY name_idx (name))");
    exec_ok(c, "INSERT INTO t VALUES (1, 'Ålborg'), (2, 'b ')");
    assert_string_equal(
        mysql_display(c, "SELECT id FROM t WHERE name = ?", LW_ARGS(LW_TEXT("alborg"))), "1");
    assert_display(c, "SELECT id FROM t WHERE name = 'B'", "2");
    const char *sql = translated(&lw_dialect_mariadb, "SELECT id FROM t WHERE name = ?");
    char plan[1200];
    snprintf(plan, sizeof plan, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(lw_conn_sqlite(c), plan, -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    const char *detail = (const char *)sqlite3_column_text(stmt, 3);
    assert_non_null(strstr(detail, "SEARCH t USING INDEX t.name_idx (name=?)"));
    sqlite3_finalize(stmt);
    lw_close(c);
}

/* 9. ROW_COUNT(): the rows the previous statement changed as MariaDB counts them
 * (an UPDATE counts the rows whose values changed, not the rows it matched; a foreign
 * key's cascade is not counted), -1 after a SELECT, 0 after DDL. */
static void test_row_count(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE p (id INT PRIMARY KEY, a INT)");
    assert_display(c, "SELECT ROW_COUNT()", "0");
    exec_ok(c, "CREATE TABLE k (id INT AUTO_INCREMENT PRIMARY KEY, p INT, "
               "FOREIGN KEY (p) REFERENCES p (id) ON DELETE CASCADE)");
    exec_ok(c, "INSERT INTO p VALUES (1, 1), (2, 2), (3, 3)");
    assert_display(c, "SELECT ROW_COUNT()", "3");
    assert_display(c, "SELECT ROW_COUNT()", "-1");
    exec_ok(c, "INSERT INTO k (p) VALUES (1), (1), (2)");
    /* A plain INSERT is SQLite's own count (no hook): the AUTO_INCREMENT counter's
     * updates inside it do not count. */
    assert_display(c, "SELECT ROW_COUNT()", "3");
    exec_ok(c, "UPDATE p SET a = 2 WHERE id <= 2");
    assert_display(c, "SELECT ROW_COUNT()", "1");
    exec_ok(c, "UPDATE p SET a = a WHERE id <= 2");
    assert_display(c, "SELECT ROW_COUNT()", "0");
    exec_ok(c, "DELETE FROM p WHERE id = 1");
    assert_display(c, "SELECT ROW_COUNT()", "1");
    assert_display(c, "SELECT COUNT(*) FROM k", "1");
    exec_ok(c, "SET @x = 1");
    assert_display(c, "SELECT ROW_COUNT()", "0");
    lw_close(c);
}

/* 10. INSERT ... ON DUPLICATE KEY UPDATE (SQLite's upsert; VALUES(col) is excluded.col),
 * INSERT IGNORE, REPLACE, INSERT ... SET, TRUNCATE (the AUTO_INCREMENT counter starts
 * again), with MariaDB's row counts. */
static void test_upsert_replace_truncate(void **state)
{
    (void)state;
    const lw_dialect *m = &lw_dialect_mariadb;
    assert_non_null(strstr(translated(m, "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE "
                                         "a = VALUES(a)"),
                           "ON CONFLICT DO UPDATE SET a = excluded.\"a\""));
    assert_non_null(strstr(translated(m, "INSERT INTO t SELECT * FROM u ON DUPLICATE KEY UPDATE "
                                         "a = 1"),
                           "ERROR 1235 (0A000): ON DUPLICATE KEY UPDATE after INSERT ... SELECT"));
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE s (id INT AUTO_INCREMENT PRIMARY KEY, sku VARCHAR(5) UNIQUE, qty "
               "INT NOT NULL)");
    exec_ok(c, "INSERT INTO s SET sku = 'a', qty = 1");
    exec_ok(c, "INSERT INTO s (sku, qty) VALUES ('A', 5), ('b', 2) ON DUPLICATE KEY UPDATE "
               "qty = qty + VALUES(qty)");
    assert_display(c, "SELECT ROW_COUNT()", "3");
    assert_display(c, "SELECT GROUP_CONCAT(CONCAT(sku, qty)) FROM s", "a6,b2");
    assert_display(c,
                   "INSERT INTO s (sku, qty) VALUES ('a', 1) ON DUPLICATE KEY UPDATE qty = "
                   "NULL",
                   "ERROR 1048 (23000): Column 'qty' cannot be null");
    exec_ok(c, "INSERT IGNORE INTO s (sku, qty) VALUES ('b', 9), ('c', 3)");
    assert_display(c, "SELECT ROW_COUNT()", "1");
    exec_ok(c, "REPLACE INTO s (sku, qty) VALUES ('c', 4)");
    assert_display(c, "SELECT ROW_COUNT()", "2");
    assert_display(c, "SELECT qty FROM s WHERE sku = 'c'", "4");
    exec_ok(c, "TRUNCATE TABLE s");
    exec_ok(c, "INSERT INTO s (sku, qty) VALUES ('z', 0)");
    assert_display(c, "SELECT id, sku FROM s", "1|z");
    assert_display(c, "TRUNCATE nosuch", "ERROR 1146 (42S02): Table 'main.nosuch' doesn't exist");
    lw_close(c);
}

/* 11. LEFT/RIGHT, LOCATE/INSTR/POSITION and FIELD under the collation, TRIM's forms
 * (whole occurrences, byte for byte), GREATEST/LEAST by MariaDB's comparison type. */
static void test_string_search(void **state)
{
    (void)state;
    const lw_dialect *m = &lw_dialect_mariadb;
    assert_string_equal(translated(m, "SELECT TRIM(TRAILING 'xy' FROM s) FROM t"),
                        "SELECT my_trim(s , 'xy' , 't') FROM t");
    assert_string_equal(translated(m, "SELECT POSITION('b' IN s) FROM t"),
                        "SELECT my_locate('b' , s , 1, 'utf8mb4_general_ci') FROM t");
    assert_non_null(strstr(translated(m, "SELECT TRIM(LEADING 'a')"), "ERROR 1064 (42000)"));
    assert_string_equal(translated(m, "SELECT LEFT('abc')"),
                        "ERROR 1064 (42000): You have an error in your SQL syntax; check the "
                        "manual that corresponds to your MariaDB server version for the right "
                        "syntax to use near ')' at line 1");
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (s VARCHAR(10), b VARCHAR(10) COLLATE utf8mb4_bin, n INT)");
    exec_ok(c, "INSERT INTO t VALUES ('FooBar', 'FooBar', 7)");
    assert_display(c,
                   "SELECT LOCATE('bar', s), LOCATE('bar', b), INSTR(s, 'O'), FIELD('foobar', "
                   "'x', s) FROM t",
                   "4|0|2|2");
    assert_display(c,
                   "SELECT LEFT(s, 3), RIGHT(s, 10), TRIM('F' FROM s), TRIM(BOTH 'r' FROM "
                   "'rrarr') FROM t",
                   "Foo|FooBar|ooBar|a");
    assert_display(
        c, "SELECT GREATEST(n, 3), LEAST(s, 'fooa'), GREATEST(n, NULL), LEAST(n, 2.5) FROM t",
        "7|fooa|NULL|2.5");
    assert_display(c,
                   "SELECT INSERT(s, 1, 3, 'Ba'), QUOTE(s), CRC32(''), FROM_BASE64('!'), "
                   "FORMAT(n, 2), HEX(CHAR(1, 65)) FROM t",
                   "BaBar|'FooBar'|0|NULL|7.00|0141");
    assert_display(c,
                   "SELECT UUID() REGEXP '^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab]', "
                   "UUID() <> UUID()",
                   "1|1");
    lw_close(c);
}

/* 12. Date arithmetic: INTERVAL as an operand of + and - and of DATE_ADD/DATE_SUB
 * (my_date_add), the result's type from the date's, the units of TIMESTAMPDIFF and
 * EXTRACT as words, the clocks fixed for a statement, time_zone offsets. */
static void test_dates(void **state)
{
    (void)state;
    const lw_dialect *m = &lw_dialect_mariadb;
    assert_string_equal(translated(m, "SELECT d + INTERVAL 1 DAY, d - INTERVAL '1:30' "
                                      "HOUR_MINUTE FROM t"),
                        "SELECT my_date_add(d , 1 , 'day' , 1) , my_date_add(d , '1:30' , "
                        "'hour_minute' , -1) FROM t");
    assert_non_null(strstr(translated(m, "SELECT INTERVAL 1 DAY"), "ERROR 1235 (0A000)"));
    assert_non_null(strstr(translated(m, "SELECT DATE_ADD('2024-01-01', 1)"), "ERROR 1064"));
    assert_string_equal(translated(m, "SELECT NOW(7)"),
                        "ERROR 1426 (42000): Too big precision specified for "
                        "'current_timestamp'. Maximum is 6");
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (d DATE, dt DATETIME)");
    exec_ok(c, "INSERT INTO t VALUES ('2024-01-31', '2024-01-31 10:00:00')");
    assert_display(c,
                   "SELECT d + INTERVAL 1 MONTH, d + INTERVAL 1 HOUR, dt - INTERVAL 1 YEAR FROM t",
                   "2024-02-29|2024-01-31 01:00:00|2023-01-31 10:00:00");
    assert_display(c,
                   "SELECT TIMESTAMPDIFF(DAY, d, dt), EXTRACT(HOUR_MINUTE FROM dt), "
                   "DATE_FORMAT(dt, '%D %b %Y %l%p') FROM t",
                   "0|1000|31st Jan 2024 10AM");
    assert_display(c, "SELECT NOW() = CURRENT_TIMESTAMP, LENGTH(NOW(6)), CURDATE() = UTC_DATE",
                   "1|26|1");
    assert_display(c,
                   "SELECT DATE '2024-02-29' + INTERVAL 1 YEAR, TIME '25:00', MAKEDATE(2024, 366)",
                   "2025-02-28|25:00:00|2024-12-31");
    assert_display(c,
                   "SELECT ADDTIME(dt, '14:00:00'), TIMEDIFF(dt, '2024-01-31 12:30:00'), "
                   "TIME_FORMAT(TIMEDIFF(dt, '2024-01-30'), '%H|%h') FROM t",
                   "2024-02-01 00:00:00|-02:30:00|NULL");
    assert_display(c,
                   "SELECT STR_TO_DATE('7/4/2024 3pm', '%c/%e/%Y %l%p'), "
                   "STR_TO_DATE('x', '%Y')",
                   "2024-07-04 15:00:00|NULL");
    assert_int_equal(lw_warning_code(c, 0), 1411);
    assert_display(c, "SELECT d + 0, dt - 1, TIME '10:11:12' * 2 FROM t",
                   "20240131|20240131099999|202224");
    assert_display(c, "SELECT DATE '2024-02-30'",
                   "ERROR 1525 (HY000): Incorrect DATE value: '2024-02-30'");
    exec_ok(c, "SET time_zone = '+01:30'");
    assert_display(c, "SELECT FROM_UNIXTIME(0), UNIX_TIMESTAMP('1970-01-01 01:30:01')",
                   "1970-01-01 01:30:00|1");
    exec_ok(c, "SET sql_mode = '', time_zone = DEFAULT, div_precision_increment = 2");
    exec_ok(c, "SET sql_mode = DEFAULT, div_precision_increment = DEFAULT");
    assert_display(c, "SELECT @@time_zone, 1/3, @@sql_mode LIKE 'STRICT%'", "SYSTEM|0.3333|1");
    assert_display(
        c, "SET sql_mode = 'DEFAULT'",
        "ERROR 1231 (42000): Variable 'sql_mode' can't be set to the value of 'DEFAULT'");
    exec_ok(c, "SET time_zone = '+01:30'");
    exec_ok(c, "SET time_zone = 'Europe/Paris'");
    assert_display(c, "SELECT FROM_UNIXTIME(0)", "1970-01-01 01:00:00");
    assert_display(c, "SET time_zone = 'Europe/Nowhere'",
                   "ERROR 1298 (HY000): Unknown or incorrect time zone: 'Europe/Nowhere'");
    lw_close(c);
}

/* 13. GROUP_CONCAT: every argument concatenated (SQLite's group_concat would take the
 * second as the separator), DISTINCT under the collation, ORDER BY, SEPARATOR, and the
 * cut at group_concat_max_len with warning 1260. */
static void test_group_concat(void **state)
{
    (void)state;
    assert_string_equal(translated(&lw_dialect_mariadb,
                                   "SELECT GROUP_CONCAT(a, b ORDER BY c DESC SEPARATOR '') FROM t"),
                        "SELECT my_group_concat('' , 0, 'utf8mb4_general_ci', "
                        "'utf8mb4_general_ci', 'd', 2, a , b , c ) FROM t");
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT, s VARCHAR(5))");
    exec_ok(c, "INSERT INTO t VALUES (1, 'b'), (2, 'B'), (3, NULL), (4, 'é'), (5, 'e')");
    assert_display(c,
                   "SELECT GROUP_CONCAT(s, id ORDER BY id DESC), GROUP_CONCAT(DISTINCT s) FROM t",
                   "e5,é4,B2,b1|b,é");
    assert_display(
        c, "SET SESSION group_concat_max_len = 'x'",
        "ERROR 1232 (42000): Incorrect argument type to variable 'group_concat_max_len'");
    exec_ok(c, "SET SESSION group_concat_max_len = 4");
    assert_display(c, "SELECT GROUP_CONCAT(s ORDER BY id SEPARATOR '') FROM t", "bBé");
    assert_int_equal(lw_warning_count(c), 1);
    assert_string_equal(lw_warning(c, 0), "Row 4 was cut by GROUP_CONCAT()");
    lw_close(c);
}

/* 14. SET columns: SQLite reserves the word SET, so the declared type is SET_MEMBERS;
 * values are stored in the members' order, without duplicates. */
static void test_set_column(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT, p SET('read', 'write') DEFAULT NULL)");
    exec_ok(c, "INSERT INTO t VALUES (1, 'write,READ,read'), (2, 2)");
    assert_display(c, "SELECT GROUP_CONCAT(p ORDER BY id SEPARATOR '|') FROM t",
                   "read,write|write");
    assert_display(c, "INSERT INTO t VALUES (3, 'exec')",
                   "ERROR 1265 (01000): Data truncated for column 'p' at row 1");
    lw_close(c);
}

/* 15. SHOW [FULL] TABLES, SHOW [FULL] COLUMNS and DESCRIBE read the catalog: the shim's
 * own tables stay hidden, Key says PRI, UNI or MUL, a string default loses its quotes,
 * a missing table is 1146. */
static void test_show_describe(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    assert_display(c, "DESCRIBE t", "ERROR 1146 (42S02): Table 'main.t' doesn't exist");
    exec_ok(c, "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(5) NOT NULL DEFAULT 'x''y', "
               "b INT, UNIQUE KEY (b), KEY ab (a, b))");
    exec_ok(c, "CREATE VIEW v AS SELECT id FROM t");
    assert_display(c, "SHOW FULL TABLES", "t|BASE TABLE");
    assert_display(c, "SHOW TABLES LIKE 'v'", "v");
    assert_display(c, "SHOW COLUMNS FROM t LIKE 'A'", "a|varchar(5)|NO|MUL|x'y|");
    assert_display(c, "DESC t b", "b|int(11)|YES|UNI|NULL|");
    assert_display(c, "SHOW FULL COLUMNS FROM main.t WHERE 1",
                   "id|int(11)|NULL|NO|PRI|NULL||select,insert,update,references|");
    assert_display(c, "DESCRIBE u", "ERROR 1146 (42S02): Table 'main.u' doesn't exist");
    assert_non_null(strstr(mysql_display(c, "SHOW", NULL, 0), "ERROR 1064 (42000)"));
    assert_display(c, "SHOW VARIABLES LIKE 'foreign_key%'", "foreign_key_checks|ON");
    exec_ok(c, "SET SESSION div_precision_increment = 6");
    assert_display(c, "SHOW SESSION VARIABLES LIKE 'div\\_precision%'",
                   "div_precision_increment|6");
    assert_display(c, "SHOW GLOBAL VARIABLES",
                   "ERROR 1235 (0A000): SHOW GLOBAL VARIABLES is not supported by the mariadb "
                   "dialect");
    assert_display(c, "EXPLAIN SELECT 1",
                   "ERROR 1235 (0A000): EXPLAIN is not supported by the mariadb dialect");
    lw_close(c);
}

/* 16. NULLIF under the collation, COALESCE of one argument, the BIT_* and variance
 * aggregates, CONNECTION_ID(), DO. */
static void test_aggregates_and_do(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (n INT)");
    assert_display(c, "SELECT BIT_AND(n), BIT_OR(n), STDDEV_POP(n) FROM t",
                   "18446744073709551615|0|NULL");
    exec_ok(c, "INSERT INTO t VALUES (-1), (2), (NULL)");
    assert_display(c, "SELECT BIT_AND(n), BIT_XOR(n), VAR_POP(n), STDDEV(n) FROM t",
                   "2|18446744073709551613|2.2500|1.5000");
    assert_display(c, "SELECT NULLIF('é', 'E'), NULLIF(BINARY 'a', 'A'), COALESCE(n) FROM t",
                   "NULL|a|-1");
    exec_ok(c, "DO @x := 5, @y := @x + 1");
    assert_display(c, "SELECT @x, @y, CONNECTION_ID() > 0", "5|6|1");
    exec_ok(c, "START TRANSACTION");
    assert_display(c, "SELECT @@in_transaction, SLEEP(0.001), SLEEP(NULL)", "1|0|NULL");
    exec_ok(c, "COMMIT");
    assert_display(c, "SELECT @@in_transaction", "0");
    lw_close(c);
}

/* 17. INSERT IGNORE: a row a unique key already has is skipped with warning 1062 naming
 * that key (the primary key first, a key's columns joined by '-'), and strict mode's
 * errors are warnings (1265 for a string too long). */
static void test_insert_ignore(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE s (sku VARCHAR(10) PRIMARY KEY, qty INT NOT NULL, note VARCHAR(3), "
               "u INT, UNIQUE KEY uu (u, qty))");
    exec_ok(c, "INSERT INTO s VALUES ('a', 1, NULL, 1), ('b', 2, NULL, 2)");
    exec_ok(c, "INSERT IGNORE INTO s (sku, qty, u) VALUES ('A', 100, 5), ('d', 4, 7), ('e', 2, 2)");
    assert_display(c, "SELECT ROW_COUNT()", "1");
    assert_int_equal(lw_warning_count(c), 2);
    assert_string_equal(lw_warning(c, 0), "Duplicate entry 'A' for key 'PRIMARY'");
    assert_string_equal(lw_warning(c, 1), "Duplicate entry '2-2' for key 'uu'");
    exec_ok(c, "INSERT IGNORE INTO s SET sku = 'f', qty = 300, note = 'abcd'");
    assert_int_equal(lw_warning_code(c, 0), 1265);
    assert_display(c, "SELECT note FROM s WHERE sku = 'f'", "abc");
    assert_display(c, "INSERT INTO s SET sku = 'g', qty = 1, note = 'abcd'",
                   "ERROR 1406 (22001): Data too long for column 'note' at row 1");
    /* A syntax error after the first assignment (found by fuzz_mysql_rewriter: the
     * names and values taken so far leaked). */
    assert_non_null(strstr(mysql_display(c, "INSERT INTO s SET sku = 'z', qty 2 = 1", NULL, 0),
                           "ERROR 1064 (42000)"));
    exec_ok(c, "UPDATE IGNORE s SET qty = 4294967296 WHERE sku = 'f'");
    assert_int_equal(lw_warning_code(c, 0), 1264);
    assert_display(c, "SELECT qty FROM s WHERE sku = 'f'", "2147483647");
    lw_close(c);
}

/* COUNT(DISTINCT a, b) is my_count_distinct with each value's comparison; CASE x WHEN v
 * compares as x = v; UNION (not UNION ALL) compares strings under their collation. */
static void test_count_distinct_case_union(void **state)
{
    (void)state;
    const lw_dialect *d = &lw_dialect_mariadb;
    assert_non_null(strstr(translated(d, "SELECT COUNT(DISTINCT 'a', 1.5, 2), COUNT(DISTINCT x)"),
                           "my_count_distinct(3, 'utf8mb4_general_ci', 'DECIMAL', '', 'a' ,"));
    assert_non_null(strstr(translated(d, "SELECT COUNT(DISTINCT x), COUNT(*), COUNT(ALL x)"),
                           "count(DISTINCT x ) , count(* ) , count(ALL x )"));
    assert_non_null(strstr(translated(d, "SELECT CASE 'A' WHEN 'a' THEN 1 WHEN 2 THEN 3 END"),
                           "WHEN 'a' COLLATE utf8mb4_general_ci THEN 1 WHEN CAST(2 AS REAL) THEN"));
    assert_non_null(strstr(translated(d, "SELECT 'a' UNION SELECT 'A'"),
                           "SELECT 'A' COLLATE utf8mb4_general_ci AS `'a'` UNION SELECT 'a'"));
    assert_null(strstr(translated(d, "SELECT 'a' UNION ALL SELECT 'A'"), "COLLATE"));
    /* Members joined by UNION only: reversed, the new first named as the old first. */
    assert_string_equal(
        translated(d, "SELECT 'a' AS v UNION SELECT 'A' UNION SELECT 'b' ORDER BY v"),
        "/*my:notab*/ SELECT 'b' COLLATE utf8mb4_general_ci AS v UNION SELECT 'A' "
        "UNION SELECT 'a' AS v ORDER BY v");
    assert_non_null(strstr(translated(d, "SELECT x + 1 FROM t UNION DISTINCT SELECT 2 LIMIT 1"),
                           "SELECT 2 AS `x + 1` UNION SELECT"));
    /* UNION ALL, INTERSECT, a * or differing column counts: as written. */
    assert_non_null(strstr(translated(d, "SELECT 1 UNION SELECT 2 UNION ALL SELECT 3"),
                           "SELECT 1 UNION SELECT 2 UNION ALL SELECT 3"));
    assert_non_null(
        strstr(translated(d, "SELECT * FROM t UNION SELECT 2"), "SELECT * FROM t UNION"));
    assert_non_null(strstr(translated(d, "SELECT 1, 2 UNION SELECT 3"), "SELECT 1 , 2 UNION"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translation),   cmocka_unit_test(test_values),
        cmocka_unit_test(test_errors),        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_bound_values),  cmocka_unit_test(test_auto_increment),
        cmocka_unit_test(test_epoch),         cmocka_unit_test(test_collation_index),
        cmocka_unit_test(test_row_count),     cmocka_unit_test(test_upsert_replace_truncate),
        cmocka_unit_test(test_string_search), cmocka_unit_test(test_dates),
        cmocka_unit_test(test_group_concat),  cmocka_unit_test(test_set_column),
        cmocka_unit_test(test_show_describe), cmocka_unit_test(test_aggregates_and_do),
        cmocka_unit_test(test_insert_ignore), cmocka_unit_test(test_count_distinct_case_union),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
