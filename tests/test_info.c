/* Unit tests of the info module: version and build information. */
#include "lw_test.h"
#include "info/info.h"

static void test_version_is_semver(void **state)
{
    (void)state;
    int major, minor, patch;
    char extra;
    assert_int_equal(sscanf(lw_version(), "%d.%d.%d%c", &major, &minor, &patch, &extra), 3);
}

static void test_build_info_names_every_part(void **state)
{
    (void)state;
    char buf[512];
    int n = lw_build_info(buf, sizeof buf, "3.40.1");
    assert_true(n > 0 && n < (int)sizeof buf);
    assert_non_null(strstr(buf, "likewise "));
    assert_non_null(strstr(buf, "; ICU "));
    assert_non_null(strstr(buf, "; Unicode "));
    assert_non_null(strstr(buf, "; SQLite 3.40.1"));
    assert_non_null(strstr(buf, "; PCRE2 10."));
    assert_non_null(strstr(buf, "; flags: "));
}

static void test_build_info_truncates_safely(void **state)
{
    (void)state;
    char buf[8];
    int n = lw_build_info(buf, sizeof buf, "3.40.1");
    assert_true(n > 8);
    assert_int_equal(strlen(buf), 7);
}

static void test_sql_functions(void **state)
{
    sqlite3 *db = *state;
    char *version = lw_test_scalar(db, "SELECT likewise_version()");
    assert_string_equal(version, lw_version());
    free(version);
    assert_sql(db, "SELECT likewise_build_info() LIKE 'likewise %; ICU %'", "1");
    assert_sql_error(db, "SELECT likewise_version(1)", "wrong number of arguments");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_is_semver),
        cmocka_unit_test(test_build_info_names_every_part),
        cmocka_unit_test(test_build_info_truncates_safely),
        cmocka_unit_test(test_sql_functions),
    };
    return cmocka_run_group_tests_name("info", tests, lw_test_open, lw_test_close);
}
