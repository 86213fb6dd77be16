/* Unit tests of the decimal module: text comparison, the core arithmetic on both the
 * 128-bit fast path and the GMP path, and the SQL functions. */
#include "lw_test.h"
#include "decimal/decimal.h"

#include <math.h>

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

/* ---- core arithmetic ---------------------------------------------------------- */

/* Parses text (which must be valid) into d. */
static void parse(lw_decimal *d, const char *text)
{
    lw_decimal_init(d);
    assert_int_equal(lw_decimal_from_text(d, text, strlen(text)), LW_DECIMAL_OK);
}

/* Asserts that d prints as expected. */
static void assert_decimal(const lw_decimal *d, const char *expected)
{
    size_t len = 0;
    char *text = lw_decimal_to_text(d, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    assert_string_equal(text, expected);
    sqlite3_free(text);
}

/* The canonical text of input, or "ERROR <status>". */
static void assert_input(const char *input, const char *expected)
{
    lw_decimal d;
    lw_decimal_init(&d);
    lw_decimal_status status = lw_decimal_from_text(&d, input, strlen(input));
    if (status != LW_DECIMAL_OK) {
        char buf[64];
        snprintf(buf, sizeof buf, "ERROR %s", lw_decimal_status_message(status));
        assert_string_equal(buf, expected);
    } else {
        assert_decimal(&d, expected);
    }
    lw_decimal_clear(&d);
}

static void test_input_keeps_postgresql_scale(void **state)
{
    (void)state;
    /* Expected values from PostgreSQL 15: SELECT '<input>'::numeric */
    assert_input(" 1.50e1 ", "15.0");
    assert_input("-0.00", "0.00");
    assert_input(".5", "0.5");
    assert_input("5.", "5");
    assert_input("+.5e-3", "0.0005");
    assert_input("1e2", "100");
    assert_input("1.10", "1.10");
    assert_input("-000123.4500", "-123.4500");
    assert_input("123456789012345678901234567890123456789012345.678",
                 "123456789012345678901234567890123456789012345.678");
    assert_input("0e200000", "0");
    assert_input("abc", "ERROR invalid input syntax for type numeric");
    assert_input("NaN", "ERROR invalid input syntax for type numeric");
    assert_input("1e131072", "ERROR value overflows numeric format");
    assert_input("1e-16384", "ERROR value overflows numeric format");
    assert_input("0e-20000", "ERROR value overflows numeric format");
    assert_input("1e999999999999999999999", "ERROR value overflows numeric format");
}

static void test_input_limits_are_exact(void **state)
{
    (void)state;
    lw_decimal d;
    parse(&d, "1e131071"); /* 131072 digits: the largest magnitude allowed */
    assert_int_equal(lw_decimal_text_size(&d) >= 131073, 1);
    lw_decimal ten;
    parse(&ten, "10");
    lw_decimal r;
    lw_decimal_init(&r);
    assert_int_equal(lw_decimal_mul(&r, &d, &ten), LW_DECIMAL_OVERFLOW);
    lw_decimal_clear(&d);
    parse(&d, "1e-16383");
    assert_int_equal(d.scale, 16383);
    /* A product past the largest scale is rounded to it, as PostgreSQL does. */
    lw_decimal tiny;
    parse(&tiny, "0.5");
    assert_int_equal(lw_decimal_mul(&r, &d, &tiny), LW_DECIMAL_OK);
    assert_int_equal(r.scale, 16383);
    assert_int_equal(lw_decimal_sign(&r), 1); /* 0.5e-16383 rounds up to 1e-16383 */
    lw_decimal_clear(&d);
    lw_decimal_clear(&ten);
    lw_decimal_clear(&r);
    lw_decimal_clear(&tiny);
}

static void test_integers_and_reals(void **state)
{
    (void)state;
    lw_decimal d;
    lw_decimal_init(&d);
    lw_decimal_from_int64(&d, INT64_MIN);
    assert_decimal(&d, "-9223372036854775808");
    assert_int_equal(lw_decimal_from_double(&d, 0.1), LW_DECIMAL_OK);
    assert_decimal(&d, "0.1");
    assert_int_equal(lw_decimal_from_double(&d, 1e20), LW_DECIMAL_OK);
    assert_decimal(&d, "100000000000000000000");
    assert_int_equal(lw_decimal_from_double(&d, -2.5e-5), LW_DECIMAL_OK);
    assert_decimal(&d, "-0.000025");
    assert_int_equal(lw_decimal_from_double(&d, -0.0), LW_DECIMAL_OK);
    assert_decimal(&d, "0");
    assert_int_equal(lw_decimal_from_double(&d, 1.0 / 3.0), LW_DECIMAL_OK);
    assert_decimal(&d, "0.3333333333333333");
    assert_int_equal(lw_decimal_from_double(&d, HUGE_VAL), LW_DECIMAL_INVALID);
    assert_int_equal(lw_decimal_from_double(&d, NAN), LW_DECIMAL_INVALID);
    lw_decimal_clear(&d);
}

typedef lw_decimal_status (*binary_op)(lw_decimal *, const lw_decimal *, const lw_decimal *);

/* Runs op on a and b and compares the text (or the status) with expected. */
static void assert_binary(binary_op op, const char *a, const char *b, const char *expected)
{
    lw_decimal x, y, r;
    parse(&x, a);
    parse(&y, b);
    lw_decimal_init(&r);
    lw_decimal_status status = op(&r, &x, &y);
    if (status != LW_DECIMAL_OK)
        assert_string_equal(lw_decimal_status_message(status), expected);
    else
        assert_decimal(&r, expected);
    lw_decimal_clear(&x);
    lw_decimal_clear(&y);
    lw_decimal_clear(&r);
}

static lw_decimal_status div_auto(lw_decimal *r, const lw_decimal *a, const lw_decimal *b)
{
    return lw_decimal_div(r, a, b, LW_DECIMAL_DIV_AUTO_SCALE);
}

static void test_operations_match_postgresql(void **state)
{
    (void)state;
    /* Expected values from PostgreSQL 15 (SELECT a::numeric <op> b::numeric). */
    assert_binary(lw_decimal_add, "1.1", "2.22", "3.32");
    assert_binary(lw_decimal_add, "0.1", "-0.10", "0.00");
    assert_binary(lw_decimal_sub, "1", "1.000", "0.000");
    assert_binary(lw_decimal_mul, "1.5", "-2.25", "-3.375");
    assert_binary(lw_decimal_mul, "-0.0", "5", "0.0");
    assert_binary(div_auto, "1", "3", "0.33333333333333333333");
    assert_binary(div_auto, "10", "4", "2.5000000000000000");
    assert_binary(div_auto, "0.0001", "3", "0.000033333333333333333333");
    assert_binary(div_auto, "1000000", "7", "142857.142857142857");
    assert_binary(div_auto, "1.5", "3", "0.50000000000000000000");
    assert_binary(div_auto, "2", "3", "0.66666666666666666667");
    assert_binary(div_auto, "-2", "3", "-0.66666666666666666667");
    assert_binary(div_auto, "1", "0.000", "division by zero");
    assert_binary(lw_decimal_mod, "-7.5", "2", "-1.5");
    assert_binary(lw_decimal_mod, "7", "-0.3", "0.1");
    assert_binary(lw_decimal_mod, "7", "0", "division by zero");
    /* Values past 38 digits take the GMP path. */
    assert_binary(lw_decimal_add, "99999999999999999999999999999999999999", "1",
                  "100000000000000000000000000000000000000");
    assert_binary(lw_decimal_mul, "12345678901234567890.123", "98765432109876543210.45",
                  "1219326311370217952255167504766333897265.38535");
    assert_binary(div_auto, "1e40", "3", "3333333333333333333333333333333333333333");
}

/* Rounds (or truncates) x to scale and compares with expected. */
static void assert_round(const char *x, int scale, int truncate, const char *expected)
{
    lw_decimal d, r;
    parse(&d, x);
    lw_decimal_init(&r);
    assert_int_equal(lw_decimal_round(&r, &d, scale, truncate), LW_DECIMAL_OK);
    assert_decimal(&r, expected);
    lw_decimal_clear(&d);
    lw_decimal_clear(&r);
}

static void test_round_and_trunc(void **state)
{
    (void)state;
    /* PostgreSQL 15: round(1.5, 3), round(12345.67, -2), trunc(-1.99, -1), round(0.5),
     * round(-0.5), round(2.5), round(-2.45, 1) */
    assert_round("1.5", 3, 0, "1.500");
    assert_round("12345.67", -2, 0, "12300");
    assert_round("-1.99", -1, 1, "0");
    assert_round("0.5", 0, 0, "1");
    assert_round("-0.5", 0, 0, "-1");
    assert_round("2.5", 0, 0, "3");
    assert_round("-2.45", 1, 0, "-2.5");
    assert_round("-2.45", 1, 1, "-2.4");
    assert_round("95", -1, 0, "100");
    assert_round("1.5", -20000, 0, "0");
    assert_round("123456789012345678901234567890123456789012.5", 0, 0,
                 "123456789012345678901234567890123456789013");
}

/* Applies numeric(p, s) to x; expected is the text or the status message. */
static void assert_typmod(const char *x, int p, int s, const char *expected)
{
    lw_decimal d;
    parse(&d, x);
    lw_decimal_status status = lw_decimal_typmod(&d, p, s);
    if (status != LW_DECIMAL_OK)
        assert_string_equal(lw_decimal_status_message(status), expected);
    else
        assert_decimal(&d, expected);
    lw_decimal_clear(&d);
}

static void test_typmod(void **state)
{
    (void)state;
    /* PostgreSQL 15: SELECT x::numeric(p, s) */
    assert_typmod("12.345", 5, 2, "12.35");
    assert_typmod("12345.678", 5, 2, "numeric field overflow");
    assert_typmod("999.995", 5, 2, "numeric field overflow");
    assert_typmod("999.994", 5, 2, "999.99");
    assert_typmod("0.001", 2, 5, "numeric field overflow");
    assert_typmod("0.00099", 2, 5, "0.00099");
    assert_typmod("1234", 2, -2, "1200");
    assert_typmod("0", 1, 0, "0");
    assert_typmod("1", 0, 0, "NUMERIC precision must be between 1 and 1000");
    assert_typmod("1", 10, 1001, "NUMERIC scale must be between -1000 and 1000");
}

static void test_compare_values(void **state)
{
    (void)state;
    lw_decimal a, b;
    parse(&a, "1.0");
    parse(&b, "1");
    assert_int_equal(lw_decimal_cmp(&a, &b), 0);
    lw_decimal_clear(&a);
    parse(&a, "100000000000000000000000000000000000000000.1");
    assert_int_equal(lw_decimal_cmp(&a, &b), 1);
    assert_int_equal(lw_decimal_cmp(&b, &a), -1);
    lw_decimal_clear(&b);
    parse(&b, "-1e-16383");
    assert_int_equal(lw_decimal_cmp(&b, &a), -1);
    lw_decimal_clear(&a);
    lw_decimal_clear(&b);
}

/* Operands for the agreement test: small, halfway, 38-39 digit and huge values. */
static const char *const agreement_values[] = {
    "0",
    "-0.00",
    "1",
    "-1",
    "0.5",
    "-2.5",
    "3",
    "7.25",
    "0.001",
    "-0.0000000000123",
    "123456789.987654321",
    "99999999999999999999999999999999999999",
    "-170141183460469231731687303715884105727",
    "170141183460469231731687303715884105728",
    "1e38",
    "-1.5e-20",
    "12345678901234567890123456789012345678901234567890.5",
    "0.00000000000000000000000000000000000000000000000001",
    "9.99999",
    "-999.995"};

/* Prints the result of op (or its status) into buf. */
static void run_op(int op, const lw_decimal *a, const lw_decimal *b, char *buf, size_t size)
{
    lw_decimal r;
    lw_decimal_init(&r);
    lw_decimal_status status = LW_DECIMAL_OK;
    switch (op) {
    case 0:
        status = lw_decimal_add(&r, a, b);
        break;
    case 1:
        status = lw_decimal_sub(&r, a, b);
        break;
    case 2:
        status = lw_decimal_mul(&r, a, b);
        break;
    case 3:
        status = lw_decimal_div(&r, a, b, LW_DECIMAL_DIV_AUTO_SCALE);
        break;
    case 4:
        status = lw_decimal_div(&r, a, b, 3);
        break;
    case 5:
        status = lw_decimal_mod(&r, a, b);
        break;
    case 6:
        status = lw_decimal_round(&r, a, 2, 0);
        break;
    case 7:
        status = lw_decimal_round(&r, a, -3, 1);
        break;
    default:
        snprintf(buf, size, "cmp %d", lw_decimal_cmp(a, b));
        return;
    }
    if (status == LW_DECIMAL_OK) {
        char *text = lw_decimal_to_text(&r, &(size_t){0});
        snprintf(buf, size, "%s", text);
        sqlite3_free(text);
    } else {
        snprintf(buf, size, "status %d", (int)status);
    }
    lw_decimal_clear(&r);
}

static void test_fast_path_agrees_with_gmp(void **state)
{
    (void)state;
    size_t n = sizeof agreement_values / sizeof agreement_values[0];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            lw_decimal a, b, big_a, big_b;
            parse(&a, agreement_values[i]);
            parse(&b, agreement_values[j]);
            parse(&big_a, agreement_values[i]);
            parse(&big_b, agreement_values[j]);
            lw_decimal_force_big(&big_a);
            lw_decimal_force_big(&big_b);
            for (int op = 0; op <= 8; op++) {
                char fast[512], slow[512];
                run_op(op, &a, &b, fast, sizeof fast);
                run_op(op, &big_a, &big_b, slow, sizeof slow);
                if (strcmp(fast, slow) != 0)
                    fprintf(stderr, "  op %d on %s, %s\n", op, agreement_values[i],
                            agreement_values[j]);
                assert_string_equal(fast, slow);
            }
            lw_decimal_clear(&a);
            lw_decimal_clear(&b);
            lw_decimal_clear(&big_a);
            lw_decimal_clear(&big_b);
        }
    }
}

static void test_results_may_alias_operands(void **state)
{
    (void)state;
    lw_decimal acc, x;
    parse(&acc, "0");
    parse(&x, "99999999999999999999999999999999999999.99");
    /* A running sum spills to GMP and comes back when it fits again. */
    for (int i = 0; i < 1000; i++)
        assert_int_equal(lw_decimal_add(&acc, &acc, &x), LW_DECIMAL_OK);
    assert_decimal(&acc, "99999999999999999999999999999999999999990.00");
    assert_true(acc.is_big);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(lw_decimal_sub(&acc, &acc, &x), LW_DECIMAL_OK);
    assert_decimal(&acc, "0.00");
    assert_false(acc.is_big);
    lw_decimal_clear(&acc);
    lw_decimal_clear(&x);
}

/* decimal_sum's step adds plain text straight into the running sum, rescaling it when
 * a row has more fraction digits, and declines (sum untouched) for anything else. */
static void test_accumulate_text(void **state)
{
    (void)state;
    lw_decimal sum;
    int32_t scale = -1;
    parse(&sum, "0");
    assert_true(lw_decimal_accumulate_text(&sum, "1.5", 3, 0, &scale));
    assert_int_equal(scale, 1);
    assert_true(lw_decimal_accumulate_text(&sum, "-0.125", 6, 0, &scale));
    assert_int_equal(scale, 3);
    assert_true(lw_decimal_accumulate_text(&sum, "+2", 2, 1, &scale));
    assert_int_equal(scale, 0);
    assert_true(lw_decimal_accumulate_text(&sum, "7.", 2, 0, &scale));
    assert_true(lw_decimal_accumulate_text(&sum, ".25", 3, 0, &scale));
    assert_decimal(&sum, "6.625");
    /* Not the plain form, or more than 19 digits: the general path's business. */
    static const char *const declined[] = {
        "", "-", ".", "1.2.3", "1e2", " 1", "1 ", "0x1", "NaN", "12345678901234567890", "1..2"};
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++)
        assert_false(lw_decimal_accumulate_text(&sum, declined[i], strlen(declined[i]), 0, &scale));
    assert_decimal(&sum, "6.625");
    assert_true(lw_decimal_accumulate_text(&sum, "1234567890123456789", 19, 0, &scale));
    assert_decimal(&sum, "1234567890123456795.625");
    lw_decimal_clear(&sum);
    /* A sum that would leave 128 bits, or has left them, declines too. */
    parse(&sum, "99999999999999999999999999999999999999");
    assert_false(lw_decimal_accumulate_text(&sum, "0.5", 3, 0, &scale));
    assert_decimal(&sum, "99999999999999999999999999999999999999");
    assert_int_equal(lw_decimal_force_big(&sum), LW_DECIMAL_OK);
    assert_false(lw_decimal_accumulate_text(&sum, "1", 1, 0, &scale));
    lw_decimal_clear(&sum);
}

/* ---- SQL ------------------------------------------------------------------------ */

static void test_sql_scalars(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db, "SELECT decimal(' 1.50e1 ')", "15.0");
    assert_sql(db, "SELECT decimal(0.1)", "0.1");
    assert_sql(db, "SELECT decimal(-9223372036854775808)", "-9223372036854775808");
    assert_sql(db, "SELECT decimal('12.345', 5, 2)", "12.35");
    assert_sql(db, "SELECT decimal_add('0.1', 0.2)", "0.3");
    assert_sql(db, "SELECT decimal_sub('1', '1.000')", "0.000");
    assert_sql(db, "SELECT decimal_mul('1.5', '-2.25')", "-3.375");
    assert_sql(db, "SELECT decimal_div(1, 3)", "0.33333333333333333333");
    assert_sql(db, "SELECT decimal_div(2, 3, 2)", "0.67");
    assert_sql(db, "SELECT decimal_div(12345, 1, -2)", "12300");
    assert_sql(db, "SELECT decimal_mod('-7.5', 2)", "-1.5");
    assert_sql(db, "SELECT decimal_neg('0.00')", "0.00");
    assert_sql(db, "SELECT decimal_abs('-1e-3')", "0.001");
    assert_sql(db, "SELECT decimal_round('2.5')", "3");
    assert_sql(db, "SELECT decimal_round('12345.67', -2)", "12300");
    assert_sql(db, "SELECT decimal_trunc('-1.99')", "-1");
    assert_sql(db, "SELECT decimal_trunc('-1.99', 1)", "-1.9");
    assert_sql(db, "SELECT decimal_cmp('1.0', 1)", "0");
    assert_sql(db, "SELECT decimal_cmp('9.5', '10')", "-1");
    assert_sql(db, "SELECT decimal_add(NULL, 1) IS NULL", "1");
    assert_sql(db, "SELECT decimal_round('1.5', NULL) IS NULL", "1");
    assert_sql(db, "SELECT decimal('1', 5, NULL) IS NULL", "1");
    /* decimal_chain: left to right, each step as its function computes it (PostgreSQL
     * 15's ((((1.5 + 2) - 0.25) * 2) / 4) % 1 and (1::numeric / 3) * 3). */
    assert_sql(db, "SELECT decimal_chain('1.5', '+', 2, '-', '0.25', '*', 2, '/', 4, '%', 1)",
               "0.6250000000000000");
    assert_sql(db, "SELECT decimal_chain(1, '/', 3, '*', 3)", "0.99999999999999999999");
    assert_sql(db, "SELECT decimal_chain(1, '+', NULL, '/', 0) IS NULL", "1");
    assert_sql(db, "SELECT decimal_chain(NULL, '+', 'abc') IS NULL", "1");
}

static void test_sql_errors(void **state)
{
    sqlite3 *db = *state;
    assert_sql_error(db, "SELECT decimal_add('abc', 1)",
                     "decimal_add(): invalid decimal value 'abc' in argument 1 (invalid input "
                     "syntax for type numeric: \"abc\")");
    assert_sql_error(db, "SELECT decimal_mul(1, x'00')",
                     "decimal_mul(): invalid decimal value in argument 2: a blob");
    /* A quoted value is cut on a character boundary and before invalid UTF-8, so the
     * message stays valid UTF-8: 1 then 40 two-byte characters is cut after 31. */
    assert_sql_error(db, "SELECT decimal_add('1' || replace(hex(zeroblob(40)), '00', 'é'), 1)",
                     "invalid decimal value '1ééééééééééééééééééééééééééééééé...' in argument 1");
    assert_sql_error(db, "SELECT decimal_add(CAST(x'31ff32' AS TEXT), 1)",
                     "invalid decimal value '1...' in argument 1");
    assert_sql_error(db, "SELECT decimal(9e999)", "decimal(): invalid decimal value Inf");
    assert_sql_error(db, "SELECT decimal_div(1, '0.0')", "decimal_div(): division by zero");
    assert_sql_error(db, "SELECT decimal_mod(1, 0)", "decimal_mod(): division by zero");
    /* A chain's errors read as its step's own call would. */
    assert_sql_error(db, "SELECT decimal_chain(1, '+', 2, '/', 0, '+', 1)",
                     "decimal_div(): division by zero");
    assert_sql_error(db, "SELECT decimal_chain(1, '+', 2, '*', 'x')",
                     "decimal_mul(): invalid decimal value 'x' in argument 2");
    assert_sql_error(db, "SELECT decimal_chain('y', '-', 2)",
                     "decimal_sub(): invalid decimal value 'y' in argument 1");
    assert_sql_error(db, "SELECT decimal_chain(1, '^', 2)",
                     "decimal_chain(): unknown operator '^' in argument 2");
    assert_sql_error(db, "SELECT decimal_chain(1, '+')",
                     "decimal_chain(): 2 arguments, expected A, OP, B [, OP, B]...");
    assert_sql_error(db, "SELECT decimal('12345.678', 5, 2)",
                     "decimal(): numeric field overflow: a field with precision 5, scale 2 "
                     "must round to an absolute value less than 10^3");
    assert_sql_error(db, "SELECT decimal(1, 0, 0)",
                     "decimal(): NUMERIC precision 0 must be between 1 and 1000");
    assert_sql_error(db, "SELECT decimal_round(1, 'x')",
                     "decimal_round(): argument 2 must be an integer, got 'x'");
    assert_sql_error(db, "SELECT decimal('1e131072')",
                     "decimal(): value overflows numeric format in argument 1: '1e131072'");
    assert_sql_error(db, "SELECT decimal_mul('1e131071', 10)",
                     "decimal_mul(): value overflows numeric format");
    assert_sql_error(db, "SELECT decimal_sum(x) FROM (SELECT '1' AS x UNION ALL SELECT 'y')",
                     "decimal_sum(): invalid decimal value 'y' in argument 1");
}

/* Runs sql (one parameter, bound to the text param) and returns its first value. */
static char *bound_scalar(sqlite3 *db, sqlite3_stmt *stmt, const char *param)
{
    assert_int_equal(sqlite3_reset(stmt), SQLITE_OK);
    assert_int_equal(sqlite3_bind_text(stmt, 1, param, -1, SQLITE_TRANSIENT), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    char *text = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(stmt, 0));
    assert_non_null(text);
    (void)db;
    return text;
}

/* Constant second operands are parsed once per statement and reused (decimal_sql.c):
 * every row must still get the value of the text it was given. */
static void test_sql_constant_operands(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db,
               "WITH t(x) AS (VALUES ('1'), ('2.5'), ('-3'), (NULL), ('4')) "
               "SELECT group_concat(decimal_add(x, '-0.01'), ',') FROM t",
               "0.99,2.49,-3.01,3.99");
    assert_sql(db,
               "WITH t(x) AS (VALUES (1), ('3'), ('-10')) "
               "SELECT group_concat(decimal_div(x, '4', 2), ',') FROM t",
               "0.25,0.75,-2.50");
    /* Too large to be kept in a pointer, or a scale beyond 255: parsed on every row. */
    assert_sql(db,
               "WITH t(x) AS (VALUES (1), (2), (3)) "
               "SELECT group_concat(decimal_mul(x, '123456789012345678901234.5'), ',') FROM t",
               "123456789012345678901234.5,246913578024691357802469.0,"
               "370370367037037036703703.5");
    assert_sql(db,
               "WITH t(x) AS (VALUES (1), (2), (3)) "
               "SELECT group_concat(length(decimal_add(x, '1e-300')), ',') FROM t",
               "302,302,302");
    /* The edges of what fits: -2^54 does, 2^54 does not. */
    assert_sql(db,
               "WITH t(x) AS (VALUES (0), (1), (2)) "
               "SELECT group_concat(decimal_add(x, '-18014398509481984'), ',') FROM t",
               "-18014398509481984,-18014398509481983,-18014398509481982");
    assert_sql(db,
               "WITH t(x) AS (VALUES (0), (1), (2)) "
               "SELECT group_concat(decimal_sub(x, '18014398509481984.0'), ',') FROM t",
               "-18014398509481984.0,-18014398509481983.0,-18014398509481982.0");
    /* A column operand, equal values in a row. */
    assert_sql(db,
               "WITH t(x, y) AS (VALUES ('1', '0.1'), ('2', '0.1'), ('3', '0.2'), ('4', '0.2'), "
               "('5', '0.1')) SELECT group_concat(decimal_add(x, y), ',') FROM t",
               "1.1,2.1,3.2,4.2,5.1");
    assert_sql_error(db, "WITH t(x) AS (VALUES (1), (2)) SELECT decimal_add(x, 'z') FROM t",
                     "decimal_add(): invalid decimal value 'z' in argument 2");
    /* A bound parameter is constant for one run only. */
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "WITH t(x) AS (VALUES (1), (2), (3)) "
                                        "SELECT group_concat(decimal_add(x, ?1), ',') FROM t",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    char *first = bound_scalar(db, stmt, "0.5");
    assert_string_equal(first, "1.5,2.5,3.5");
    char *second = bound_scalar(db, stmt, "0.25");
    assert_string_equal(second, "1.25,2.25,3.25");
    sqlite3_free(first);
    sqlite3_free(second);
    sqlite3_finalize(stmt);
}

static void test_sql_aggregates(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db, "CREATE TABLE agg(i INTEGER PRIMARY KEY, x TEXT)", "(no rows)");
    assert_sql(db,
               "INSERT INTO agg(x) VALUES ('0.1'), ('0.2'), (NULL), ('0.30'), ('-1e-3'), "
               "('99999999999999999999999999999999999999'), "
               "('99999999999999999999999999999999999999')",
               "(no rows)");
    assert_sql(db, "SELECT decimal_sum(x) FROM agg WHERE i <= 4", "0.60");
    assert_sql(db, "SELECT decimal_avg(x) FROM agg WHERE i <= 4", "0.20000000000000000000");
    assert_sql(db, "SELECT decimal_min(x) || ' ' || decimal_max(x) FROM agg WHERE i <= 5",
               "-0.001 0.30");
    /* The 128-bit running sum spills to GMP. */
    assert_sql(db, "SELECT decimal_sum(x) FROM agg", "199999999999999999999999999999999999998.599");
    assert_sql(db, "SELECT decimal_sum(x) IS NULL FROM agg WHERE x IS NULL", "1");
    assert_sql(db, "SELECT decimal_avg(x) IS NULL FROM agg WHERE 0", "1");
    assert_sql(db, "SELECT decimal_min(x) IS NULL FROM agg WHERE 0", "1");
    /* Windows: the sum's scale follows the rows in the frame, as in PostgreSQL. */
    assert_sql(db,
               "SELECT group_concat(s, ' ') FROM (SELECT decimal_sum(x) OVER (ORDER BY i ROWS "
               "BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM agg WHERE i <= 4)",
               "0.1 0.3 0.2 0.30");
    assert_sql(db,
               "SELECT group_concat(m, ' ') FROM (SELECT decimal_max(x) OVER (ORDER BY i ROWS "
               "BETWEEN 1 PRECEDING AND CURRENT ROW) AS m FROM agg WHERE i <= 5)",
               "0.1 0.2 0.2 0.30 0.30");
    assert_sql(db, "DROP TABLE agg", "(no rows)");
}

static void test_sql_collation(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db,
               "SELECT group_concat(x, ',') FROM (SELECT x FROM (SELECT '10' AS x UNION ALL "
               "SELECT '9.5' UNION ALL SELECT 'abc' UNION ALL SELECT '-1e3' UNION ALL SELECT "
               "'1e0' UNION ALL SELECT '') ORDER BY x COLLATE DECIMAL)",
               "-1e3,1e0,9.5,10,,abc");
    assert_sql(db, "SELECT '1.0' = '1' COLLATE DECIMAL", "1");
    assert_sql(db, "CREATE TABLE u(x TEXT COLLATE DECIMAL UNIQUE)", "(no rows)");
    assert_sql(db, "INSERT INTO u VALUES ('1.50')", "(no rows)");
    assert_sql_error(db, "INSERT INTO u VALUES ('15e-1')", "UNIQUE constraint failed");
    assert_sql(db, "DROP TABLE u", "(no rows)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_text_equal_values),
        cmocka_unit_test(test_compare_text_orders),
        cmocka_unit_test(test_compare_text_rejects_malformed),
        cmocka_unit_test(test_input_keeps_postgresql_scale),
        cmocka_unit_test(test_input_limits_are_exact),
        cmocka_unit_test(test_integers_and_reals),
        cmocka_unit_test(test_operations_match_postgresql),
        cmocka_unit_test(test_round_and_trunc),
        cmocka_unit_test(test_typmod),
        cmocka_unit_test(test_compare_values),
        cmocka_unit_test(test_fast_path_agrees_with_gmp),
        cmocka_unit_test(test_results_may_alias_operands),
        cmocka_unit_test(test_accumulate_text),
        cmocka_unit_test(test_sql_scalars),
        cmocka_unit_test(test_sql_errors),
        cmocka_unit_test(test_sql_constant_operands),
        cmocka_unit_test(test_sql_aggregates),
        cmocka_unit_test(test_sql_collation),
    };
    return cmocka_run_group_tests_name("decimal", tests, lw_test_open, lw_test_close);
}
