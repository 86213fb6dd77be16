/* Unit tests of the mariadb dialect's regular expressions (runtime_regexp.c, regexp.c):
 * PCRE2 syntax with inline flags, caseless under a _ci collation only, MariaDB's
 * replacement references and empty-match rule, positions in characters, and error
 * 1139 with PCRE2's message and offset. */
#include "lw_shim_test.h"

/* The first value as the mariadb client displays it, or "ERROR <errno> (<state>): <msg>". */
static const char *first(lw_conn *conn, const char *sql)
{
    static char buf[512];
    lw_rows *rows = NULL;
    int rc = lw_query(conn, sql, NULL, 0, &rows);
    if (rc == 0)
        rc = lw_rows_next(rows);
    if (rc < 0) {
        const lw_error *e = lw_last_error(conn);
        snprintf(buf, sizeof buf, "ERROR %d (%s): %s", lw_error_mysql_errno(e),
                 lw_error_sqlstate(e), lw_error_message(e));
    } else {
        const char *v = lw_column_display(rows, 0);
        snprintf(buf, sizeof buf, "%s", v ? v : "NULL");
    }
    lw_rows_close(rows);
    return buf;
}

static void test_regexp(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:?dialect=mariadb");
    assert_string_equal(first(c, "SELECT 'ABC' REGEXP 'b'"), "1");
    assert_string_equal(first(c, "SELECT 'abc' REGEXP '(?-i)ABC'"), "0");
    assert_string_equal(first(c, "SELECT 'ABC' REGEXP BINARY 'b'"), "0");
    assert_string_equal(first(c, "SELECT 'é' REGEXP '^.$'"), "1");
    assert_string_equal(first(c, "SELECT REGEXP_REPLACE('abc ABC', 'b', 'x')"), "axc AxC");
    assert_string_equal(first(c, "SELECT REGEXP_REPLACE('abc', '(b)', '[\\\\1\\\\0]')"), "a[bb]c");
    assert_string_equal(first(c, "SELECT REGEXP_REPLACE('abaa', 'a*', '-')"), "-baa");
    assert_string_equal(first(c, "SELECT REGEXP_INSTR('ééx', 'x')"), "3");
    assert_string_equal(first(c, "SELECT REGEXP_SUBSTR('abc', '[0-9]')"), "");
    assert_string_equal(
        first(c, "SELECT 'a' REGEXP '('"),
        "ERROR 1139 (42000): Regex error 'missing closing parenthesis at offset 1'");
    /* A runaway pattern stops at the match limit instead of hanging: no match and
     * MariaDB's warning. */
    assert_string_equal(first(c, "SELECT REPEAT('ab', 5000) REGEXP '^(a|b|ab)*c'"), "0");
    assert_string_equal(first(c, "SHOW WARNINGS"), "Warning");
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regexp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
