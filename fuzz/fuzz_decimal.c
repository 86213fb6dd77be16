/*
 * libFuzzer target of the decimal core: the text parser, the text comparison and
 * every operation, each run on the 128-bit fast path and on the GMP path.
 *
 * Input: "A|B|S" where A and B are decimal texts (anything) and S a scale (any
 * bytes; its first byte picks it). Checks, on every input:
 *   - lw_decimal_compare_text() accepts exactly what the parser accepts (apart from
 *     exponents past LW_DECIMAL_MAX_EXPONENT) and agrees with lw_decimal_cmp();
 *   - the DECIMAL collation is antisymmetric, sorts malformed text after numbers and
 *     agrees with lw_decimal_cmp() on numbers;
 *   - canonical text reads back as the same value and scale;
 *   - every operation gives the same text (or the same error) on both paths;
 *   - decimal_sum's step, lw_decimal_accumulate_text(), gives the text of parsing B
 *     and adding or subtracting it, or declines and leaves the sum untouched;
 *   - the SQL functions give the core's text on every row when B is a constant
 *     operand (which decimal_sql.c parses once and reuses).
 * Any difference aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lw_sqlite.h"
#include "decimal/decimal.h"
#include "likewise_ext.h"

#define FUZZ_MAX_INPUT 2048

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_decimal: %s\n", what);
    abort();
}

/* The result of an operation as text ("E<status>" for an error); caller frees. */
static char *describe(lw_decimal_status status, const lw_decimal *r)
{
    if (status != LW_DECIMAL_OK) {
        char *s = sqlite3_malloc64(16);
        if (s == NULL)
            fail("out of memory");
        snprintf(s, 16, "E%d", (int)status);
        return s;
    }
    size_t len;
    char *text = lw_decimal_to_text(r, &len);
    if (text == NULL)
        fail("out of memory");
    return text;
}

/* Runs operation op on (a, b, scale) into a description. */
static char *run(int op, const lw_decimal *a, const lw_decimal *b, int32_t scale)
{
    lw_decimal r;
    lw_decimal_init(&r);
    lw_decimal_status status;
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
        status = lw_decimal_div(&r, a, b, scale);
        break;
    case 5:
        status = lw_decimal_mod(&r, a, b);
        break;
    case 6:
        status = lw_decimal_round(&r, a, scale, 0);
        break;
    case 7:
        status = lw_decimal_round(&r, a, scale, 1);
        break;
    case 8:
        status = lw_decimal_neg(&r, a);
        break;
    case 9:
        status = lw_decimal_abs(&r, a);
        break;
    case 10:
        lw_decimal_copy(&r, a);
        status = lw_decimal_typmod(&r, (scale & 63) + 1, scale % 70);
        break;
    default: {
        char *s = sqlite3_malloc64(8);
        if (s == NULL)
            fail("out of memory");
        snprintf(s, 8, "c%d", lw_decimal_cmp(a, b));
        return s;
    }
    }
    char *s = describe(status, &r);
    lw_decimal_clear(&r);
    return s;
}

#define N_OPS 12

/* Three rows with B bound as a constant: the first reads B, the second finds it in
 * the memo and attaches it, the third reads the attached value. */
#define SQL_ROWS 3
#define SQL_OPS 3
static const int sql_ops[SQL_OPS] = {0, 2, 3}; /* add, mul, div as in run() */

/* Checks decimal_add/mul/div(A, B) through SQL against the core on every row. */
static void check_sql(const char *a, size_t a_len, const char *b, size_t b_len,
                      const lw_decimal *da, const lw_decimal *db_value)
{
    static sqlite3 *db;
    static sqlite3_stmt *stmt;
    if (db == NULL) {
        char *err = NULL;
        if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
            sqlite3_likewise_init(db, &err, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(db,
                               "SELECT decimal_add(?1, ?2), decimal_mul(?1, ?2), "
                               "decimal_div(?1, ?2) FROM (VALUES (1), (2), (3))",
                               -1, &stmt, NULL) != SQLITE_OK)
            fail("cannot set up SQL");
    }
    char *expected[SQL_OPS];
    int any_error = 0;
    for (int k = 0; k < SQL_OPS; k++) {
        expected[k] = run(sql_ops[k], da, db_value, 0);
        any_error |= expected[k][0] == 'E';
    }
    sqlite3_reset(stmt);
    sqlite3_bind_text(stmt, 1, a, (int)a_len, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, b, (int)b_len, SQLITE_TRANSIENT);
    for (int row = 0; row < SQL_ROWS; row++) {
        int rc = sqlite3_step(stmt);
        if (any_error) {
            if (rc != SQLITE_ERROR)
                fail("SQL succeeded where the core fails");
            break;
        }
        if (rc != SQLITE_ROW)
            fail("SQL failed where the core succeeds");
        for (int k = 0; k < SQL_OPS; k++) {
            const char *got = (const char *)sqlite3_column_text(stmt, k);
            if (got == NULL || strcmp(got, expected[k]) != 0) {
                fprintf(stderr, "row %d op %d: SQL %.200s, core %.200s\n", row, sql_ops[k],
                        got ? got : "NULL", expected[k]);
                fail("SQL and the core disagree");
            }
        }
    }
    sqlite3_reset(stmt);
    for (int k = 0; k < SQL_OPS; k++)
        sqlite3_free(expected[k]);
}

/* lw_decimal_accumulate_text() on sum = start with text: the same value and scale as
 * parsing it (parsed, status parse_status) and lw_decimal_add()/lw_decimal_sub(), or
 * declined with the sum untouched. */
static void check_accumulate(const lw_decimal *start, const char *text, size_t len,
                             lw_decimal_status parse_status, const lw_decimal *parsed)
{
    char *before = describe(LW_DECIMAL_OK, start);
    for (int subtract = 0; subtract <= 1; subtract++) {
        lw_decimal sum;
        lw_decimal_init(&sum);
        if (lw_decimal_copy(&sum, start) != LW_DECIMAL_OK)
            fail("out of memory");
        int32_t scale = -1;
        char *got;
        if (lw_decimal_accumulate_text(&sum, text, len, subtract, &scale)) {
            if (parse_status != LW_DECIMAL_OK)
                fail("accumulate_text took text the parser refuses");
            if (scale != parsed->scale)
                fail("accumulate_text and the parser disagree on the scale");
            got = describe(LW_DECIMAL_OK, &sum);
            char *want = run(subtract, start, parsed, 0);
            if (strcmp(got, want) != 0) {
                fprintf(stderr, "accumulate %.200s, general %.200s\n", got, want);
                fail("accumulate_text and the general path disagree");
            }
            sqlite3_free(want);
        } else {
            got = describe(LW_DECIMAL_OK, &sum);
            if (strcmp(got, before) != 0 || sum.scale != start->scale)
                fail("accumulate_text changed the sum it declined");
        }
        sqlite3_free(got);
        lw_decimal_clear(&sum);
    }
    sqlite3_free(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *text = (const char *)data;
    const char *bar1 = memchr(text, '|', size);
    if (bar1 == NULL)
        return 0;
    const char *rest = bar1 + 1;
    const char *bar2 = memchr(rest, '|', size - (size_t)(rest - text));
    size_t a_len = (size_t)(bar1 - text);
    size_t b_len = bar2 ? (size_t)(bar2 - rest) : size - (size_t)(rest - text);
    int32_t scale = 2;
    if (bar2 != NULL && bar2 + 1 < text + size)
        scale = (int8_t)bar2[1] * 40; /* -5120..5080: past every clamp */

    lw_decimal a, b;
    lw_decimal_init(&a);
    lw_decimal_init(&b);
    lw_decimal_status sa = lw_decimal_from_text(&a, text, a_len);
    lw_decimal_status sb = lw_decimal_from_text(&b, rest, b_len);
    int valid_a = lw_decimal_text_is_valid(text, a_len);
    int valid_b = lw_decimal_text_is_valid(rest, b_len);
    /* Text the comparison rejects is malformed to the parser too, or has an exponent
     * past LW_DECIMAL_MAX_EXPONENT (an overflow). */
    if ((valid_a && sa == LW_DECIMAL_INVALID) || (valid_b && sb == LW_DECIMAL_INVALID) ||
        (!valid_a && sa == LW_DECIMAL_OK) || (!valid_b && sb == LW_DECIMAL_OK))
        fail("the parser and the text comparison disagree on validity");
    if (valid_a && valid_b) {
        int c;
        if (lw_decimal_compare_text(text, a_len, rest, b_len, &c) != 0)
            fail("compare_text rejected valid text");
        if (sa == LW_DECIMAL_OK && sb == LW_DECIMAL_OK && c != lw_decimal_cmp(&a, &b))
            fail("compare_text and lw_decimal_cmp disagree");
    }
    /* The collation is antisymmetric and agrees with the comparison on numbers. */
    int ab = lw_decimal_collate(NULL, (int)a_len, text, (int)b_len, rest);
    int ba = lw_decimal_collate(NULL, (int)b_len, rest, (int)a_len, text);
    if (ab != -ba)
        fail("the collation is not antisymmetric");
    if (valid_a != valid_b && ab != (valid_a ? -1 : 1))
        fail("the collation does not sort malformed text after numbers");
    if (sa == LW_DECIMAL_OK && sb == LW_DECIMAL_OK && valid_a && valid_b &&
        ab != lw_decimal_cmp(&a, &b))
        fail("the collation and lw_decimal_cmp disagree");
    if (sa == LW_DECIMAL_OK) {
        lw_decimal zero;
        lw_decimal_init(&zero);
        check_accumulate(&zero, rest, b_len, sb, &b);
        check_accumulate(&a, rest, b_len, sb, &b);
    }
    if (sa != LW_DECIMAL_OK || sb != LW_DECIMAL_OK)
        goto done;

    /* Canonical text reads back as the same value and scale. */
    char *canonical = describe(LW_DECIMAL_OK, &a);
    lw_decimal back;
    lw_decimal_init(&back);
    if (lw_decimal_from_text(&back, canonical, strlen(canonical)) != LW_DECIMAL_OK ||
        lw_decimal_cmp(&back, &a) != 0 || back.scale != a.scale)
        fail("canonical text does not read back");
    lw_decimal_clear(&back);
    sqlite3_free(canonical);

    if (a_len <= 200 && b_len <= 200)
        check_sql(text, a_len, rest, b_len, &a, &b);

    lw_decimal big_a, big_b;
    lw_decimal_init(&big_a);
    lw_decimal_init(&big_b);
    lw_decimal_copy(&big_a, &a);
    lw_decimal_copy(&big_b, &b);
    lw_decimal_force_big(&big_a);
    lw_decimal_force_big(&big_b);
    for (int op = 0; op < N_OPS; op++) {
        char *fast = run(op, &a, &b, scale);
        char *slow = run(op, &big_a, &big_b, scale);
        if (strcmp(fast, slow) != 0) {
            fprintf(stderr, "op %d: fast %.200s, GMP %.200s\n", op, fast, slow);
            fail("the fast path and the GMP path disagree");
        }
        sqlite3_free(fast);
        sqlite3_free(slow);
    }
    lw_decimal_clear(&big_a);
    lw_decimal_clear(&big_b);
done:
    lw_decimal_clear(&a);
    lw_decimal_clear(&b);
    return 0;
}
