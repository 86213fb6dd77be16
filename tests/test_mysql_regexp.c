/* Unit tests of the mariadb dialect's regular expressions (runtime_regexp.c, regexp.c):
 * PCRE2 syntax with inline flags, caseless under a _ci collation only, MariaDB's
 * replacement references and empty-match rule, positions in characters, and error
 * 1139 with PCRE2's message and offset. */
#include "lw_shim_test.h"

/* The first row as the mariadb client shows it, or its error (lw_shim_test.h). */
#define first(conn, sql) mysql_display((conn), (sql), NULL, 0)

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
    assert_string_equal(first(c, "SHOW WARNINGS"),
                        "Warning|1139|Regex error 'match limit exceeded'");
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regexp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
