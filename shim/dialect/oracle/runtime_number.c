/*
 * NUMBER for the oracle dialect: exact decimals through the decimal module
 * (ext/decimal), written in the form TO_CHAR(n) prints without a format model.
 *
 *   ora_num(X)                   X as a NUMBER: integers, doubles (shortest text), text
 *                                as Oracle converts it; ORA-01722 for text that is no
 *                                number
 *   ora_num(X, P, S)             X stored into NUMBER(P,S) (P NULL: NUMBER(*,S)):
 *                                rounded half away from zero to S places (S may be
 *                                negative), ORA-01438 when |X| >= 10^(P-S)
 *   ora_arith(OP, A, B)          A + - * / B; ORA-01476 for a zero divisor; quotients
 *                                carry ORA_NUMBER_DIGITS significant digits
 *   ora_neg(A)                   -A
 *   ora_mod, ora_remainder, ora_ceil, ora_floor, ora_abs, ora_sign, ora_power,
 *   ora_sqrt, ora_exp, ora_ln, ora_log, ora_round_num, ora_trunc_num   the functions
 *                                of SQLRF "Numeric Functions" (MOD takes the sign of
 *                                the dividend and returns it for a zero divisor;
 *                                REMAINDER rounds the quotient to the nearest even)
 *   ora_sum(X), ora_avg(X)       exact aggregates and window functions
 *   ora_binary_double(X)         TO_BINARY_DOUBLE, CAST(x AS BINARY_DOUBLE)
 *
 * Every result goes through the canonical form: rounded to ORA_NUMBER_DIGITS
 * significant digits, no leading zero before the point, no trailing zeros (.5, -.25,
 * 100); ORA-01426 when the magnitude reaches 10^126. NULL in, NULL out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/oracle/runtime_int.h"

/* ---- Reading and writing NUMBER values ----------------------------------------------- */

int ora_number_parse(const char *s, size_t n, lw_decimal *d)
{
    return lw_decimal_from_text(d, s, n) == LW_DECIMAL_OK ? 0 : -1;
}

int ora_number_arg(sqlite3_context *ctx, sqlite3_value *v, lw_decimal *d)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        return 1;
    case SQLITE_INTEGER:
        lw_decimal_from_int64(d, sqlite3_value_int64(v));
        return 0;
    case SQLITE_FLOAT:
        if (lw_decimal_from_double(d, sqlite3_value_double(v)) == LW_DECIMAL_OK)
            return 0;
        break;
    default: {
        const char *s = (const char *)sqlite3_value_text(v);
        int n = sqlite3_value_bytes(v);
        if (!s || n == 0)
            return 1;
        if (ora_number_parse(s, (size_t)n, d) == 0)
            return 0;
        break;
    }
    }
    if (ctx)
        ora_error(ctx, 1722, "invalid number");
    return -1;
}

/* Where the leading significant digit of the canonical text t (no exponent) sits, as
 * a power of ten, and how many fraction digits t has. *zero is set for zero. */
static void digits_of(const char *t, int *lead_exp, int *frac, int *zero)
{
    if (*t == '-')
        t++;
    const char *dot = strchr(t, '.');
    int int_len = dot ? (int)(dot - t) : (int)strlen(t);
    *frac = dot ? (int)strlen(dot + 1) : 0;
    *zero = 1;
    for (int i = 0; i < int_len; i++)
        if (t[i] != '0') {
            *lead_exp = int_len - 1 - i;
            *zero = 0;
            return;
        }
    for (int i = 0; i < *frac; i++)
        if (dot[1 + i] != '0') {
            *lead_exp = -(i + 1);
            *zero = 0;
            return;
        }
    *lead_exp = 0;
}

/* The decimal power of d's leading digit (0 for zero). */
static int lead_exponent(const lw_decimal *d, int *zero)
{
    char stack[128];
    size_t need = lw_decimal_text_size(d);
    char *t = need <= sizeof stack ? stack : sqlite3_malloc64(need);
    if (!t) {
        *zero = 1;
        return 0;
    }
    lw_decimal_format(d, t);
    int e, frac;
    digits_of(t, &e, &frac, zero);
    if (t != stack)
        sqlite3_free(t);
    return e;
}

int ora_number_round(lw_decimal *d, int32_t scale, int truncate)
{
    return lw_decimal_round(d, d, scale, truncate) == LW_DECIMAL_OK ? 0 : -1;
}

char *ora_number_text(lw_decimal *d, size_t *len, int *overflow)
{
    *overflow = 0;
    int zero, e = lead_exponent(d, &zero);
    if (!zero) {
        /* At most ORA_NUMBER_DIGITS significant digits; Oracle has none below 1e-130. */
        if (e < -130)
            lw_decimal_init(d);
        else if (d->scale > ORA_NUMBER_DIGITS - 1 - e)
            ora_number_round(d, ORA_NUMBER_DIGITS - 1 - e, 0);
        e = lead_exponent(d, &zero);
        if (!zero && e >= ORA_NUMBER_MAX_EXPONENT) {
            *overflow = 1;
            return NULL;
        }
    }
    size_t need = lw_decimal_text_size(d);
    char *t = sqlite3_malloc64(need + 1);
    if (!t)
        return NULL;
    size_t n = lw_decimal_format(d, t);
    char *dot = strchr(t, '.');
    if (dot) {
        while (n > 0 && t[n - 1] == '0')
            t[--n] = 0;
        if (t[n - 1] == '.')
            t[--n] = 0;
    }
    /* 0.5 -> .5, -0.5 -> -.5 */
    char *digits = t[0] == '-' ? t + 1 : t;
    if (digits[0] == '0' && digits[1] == '.') {
        memmove(digits, digits + 1, strlen(digits));
        n--;
    }
    *len = n;
    return t;
}

void ora_result_number(sqlite3_context *ctx, lw_decimal *d)
{
    size_t n = 0;
    int overflow = 0;
    char *t = ora_number_text(d, &n, &overflow);
    lw_decimal_clear(d);
    if (overflow)
        ora_error(ctx, 1426, "numeric overflow");
    else if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, t, n, sqlite3_free, SQLITE_UTF8);
}

int ora_int_arg(sqlite3_context *ctx, sqlite3_value *v, int64_t *out)
{
    if (sqlite3_value_type(v) == SQLITE_INTEGER) {
        *out = sqlite3_value_int64(v);
        return 0;
    }
    if (sqlite3_value_type(v) == SQLITE_FLOAT) {
        double x = sqlite3_value_double(v);
        *out = x > 9e18 ? INT64_MAX : x < -9e18 ? INT64_MIN : (int64_t)x;
        return 0;
    }
    lw_decimal d;
    lw_decimal_init(&d);
    int rc = ora_number_arg(ctx, v, &d);
    if (rc) {
        lw_decimal_clear(&d);
        return rc;
    }
    ora_number_round(&d, 0, 1);
    char buf[64];
    if (lw_decimal_text_size(&d) > sizeof buf) {
        *out = lw_decimal_sign(&d) < 0 ? INT64_MIN : INT64_MAX;
    } else {
        lw_decimal_format(&d, buf);
        double x = strtod(buf, NULL);
        *out = x > 9e18 ? INT64_MAX : x < -9e18 ? INT64_MIN : (int64_t)strtoll(buf, NULL, 10);
    }
    lw_decimal_clear(&d);
    return 0;
}

/* Reads the arguments [from, from + n) as NUMBERs: 0, 1 when one is NULL (the result
 * is then NULL), -1 after an error. */
static int number_args(sqlite3_context *ctx, sqlite3_value **argv, int from, int n, lw_decimal *d)
{
    int rc = 0;
    for (int i = 0; i < n; i++)
        lw_decimal_init(&d[i]);
    for (int i = 0; i < n && rc == 0; i++)
        rc = ora_number_arg(ctx, argv[from + i], &d[i]);
    if (rc) {
        for (int i = 0; i < n; i++)
            lw_decimal_clear(&d[i]);
        if (rc > 0)
            sqlite3_result_null(ctx);
    }
    return rc;
}

static void clear_all(lw_decimal *d, int n)
{
    for (int i = 0; i < n; i++)
        lw_decimal_clear(&d[i]);
}

/* ---- ora_num, assignment to NUMBER(p,s) -------------------------------------------------- */

/* 10^k for 0 <= k <= 18. */
static const int64_t powers_of_ten[19] = {1,
                                          10,
                                          100,
                                          1000,
                                          10000,
                                          100000,
                                          1000000,
                                          10000000,
                                          100000000,
                                          1000000000,
                                          10000000000,
                                          100000000000,
                                          1000000000000,
                                          10000000000000,
                                          100000000000000,
                                          1000000000000000,
                                          10000000000000000,
                                          100000000000000000,
                                          1000000000000000000};

int ora_number_precision(lw_decimal *d, int64_t p, int64_t s)
{
    if (s < -84 || s > 127)
        s = s < 0 ? -84 : 127;
    ora_number_round(d, (int32_t)s, 0);
    if (p < 0)
        return 0;
    int zero, e = lead_exponent(d, &zero);
    return !zero && e >= p - s ? 1438 : 0;
}

/* Applies NUMBER(p,s): p < 0 for no precision. Returns 0 or raises ORA-01438. */
static int apply_precision(sqlite3_context *ctx, lw_decimal *d, int64_t p, int64_t s)
{
    if (ora_number_precision(d, p, s)) {
        ora_error(ctx, 1438, "value larger than specified precision allowed for this column");
        return -1;
    }
    return 0;
}

int ora_number_fits(int64_t v, int64_t p, int64_t s)
{
    int64_t digits = p - s;
    return s >= 0 && (p < 0 || digits > 18 ||
                      (digits >= 0 && v < powers_of_ten[digits] && v > -powers_of_ten[digits]));
}

static void num_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
        /* An integer into NUMBER, NUMBER(p) or NUMBER(p,s) with s >= 0: only the
         * precision to check (the common case of every INSERT of an id). */
        int64_t v = sqlite3_value_int64(argv[0]);
        if (argc == 1 || sqlite3_value_type(argv[2]) == SQLITE_NULL) {
            sqlite3_result_int64(ctx, v);
            return;
        }
        int64_t s = sqlite3_value_int64(argv[2]);
        int64_t p = sqlite3_value_type(argv[1]) == SQLITE_NULL ? -1 : sqlite3_value_int64(argv[1]);
        if (ora_number_fits(v, p, s)) {
            sqlite3_result_int64(ctx, v);
            return;
        }
    }
    lw_decimal d;
    if (number_args(ctx, argv, 0, 1, &d))
        return;
    if (argc == 3 && sqlite3_value_type(argv[2]) != SQLITE_NULL) {
        int64_t p = sqlite3_value_type(argv[1]) == SQLITE_NULL ? -1 : sqlite3_value_int64(argv[1]);
        if (apply_precision(ctx, &d, p, sqlite3_value_int64(argv[2]))) {
            lw_decimal_clear(&d);
            return;
        }
    }
    ora_result_number(ctx, &d);
}

/* ---- Arithmetic ------------------------------------------------------------------------ */

/* a / b with ORA_NUMBER_DIGITS significant digits (b is not zero). */
static lw_decimal_status divide(lw_decimal *r, const lw_decimal *a, const lw_decimal *b)
{
    int za, zb;
    int ea = lead_exponent(a, &za), eb = lead_exponent(b, &zb);
    int64_t scale = (int64_t)ORA_NUMBER_DIGITS + 1 - (ea - eb);
    if (scale < 0)
        scale = 0;
    if (scale > LW_DECIMAL_MAX_SCALE)
        scale = LW_DECIMAL_MAX_SCALE;
    return lw_decimal_div(r, a, b, (int32_t)scale);
}

static void arith_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *op = (const char *)sqlite3_value_text(argv[0]);
    lw_decimal d[3];
    if (number_args(ctx, argv, 1, 2, d))
        return;
    lw_decimal_init(&d[2]);
    lw_decimal_status st = LW_DECIMAL_OK;
    switch (op ? op[0] : 0) {
    case '+':
        st = lw_decimal_add(&d[2], &d[0], &d[1]);
        break;
    case '-':
        st = lw_decimal_sub(&d[2], &d[0], &d[1]);
        break;
    case '*':
        st = lw_decimal_mul(&d[2], &d[0], &d[1]);
        break;
    case '/':
        if (lw_decimal_sign(&d[1]) == 0) {
            clear_all(d, 3);
            ora_error(ctx, 1476, "divisor is equal to zero");
            return;
        }
        st = divide(&d[2], &d[0], &d[1]);
        break;
    default:
        clear_all(d, 3);
        lw_result_errorf(ctx, "ora_arith(): unknown operator");
        return;
    }
    if (st == LW_DECIMAL_OVERFLOW) {
        clear_all(d, 3);
        ora_error(ctx, 1426, "numeric overflow");
        return;
    }
    if (st != LW_DECIMAL_OK) {
        clear_all(d, 3);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    clear_all(d, 2);
    ora_result_number(ctx, &d[2]);
}

/* ---- Numeric functions --------------------------------------------------------------- */

/* The functions of one NUMBER argument: user data picks which. */
enum { F_NEG = 1, F_ABS, F_SIGN, F_CEIL, F_FLOOR, F_SQRT, F_EXP, F_LN };
static const int unary_ops[] = {0, F_NEG, F_ABS, F_SIGN, F_CEIL, F_FLOOR, F_SQRT, F_EXP, F_LN};

/* The argument's canonical text, for ORA-01428. */
static void out_of_range(sqlite3_context *ctx, lw_decimal *d)
{
    size_t n;
    int overflow;
    char *t = ora_number_text(d, &n, &overflow);
    ora_error(ctx, 1428, "argument '%s' is out of range", t ? t : "?");
    sqlite3_free(t);
}

/* sqrt(a) to ORA_NUMBER_DIGITS digits by Newton's method from the double's root. */
static int decimal_sqrt(lw_decimal *r, const lw_decimal *a)
{
    char buf[128];
    if (lw_decimal_text_size(a) > sizeof buf)
        return -1;
    lw_decimal_format(a, buf);
    double x = sqrt(strtod(buf, NULL));
    if (!(x > 0) || lw_decimal_from_double(r, x) != LW_DECIMAL_OK)
        return -1;
    lw_decimal q, two;
    lw_decimal_init(&q);
    lw_decimal_init(&two);
    lw_decimal_from_int64(&two, 2);
    int rc = 0;
    for (int i = 0; i < 4 && rc == 0; i++) {
        /* r = (r + a / r) / 2 */
        rc = divide(&q, a, r) || lw_decimal_add(&q, &q, r) || divide(r, &q, &two) ? -1 : 0;
    }
    lw_decimal_clear(&q);
    lw_decimal_clear(&two);
    return rc;
}

static void unary_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int op = *(const int *)sqlite3_user_data(ctx);
    lw_decimal d[2];
    if (number_args(ctx, argv, 0, 1, d))
        return;
    lw_decimal_init(&d[1]);
    int sign = lw_decimal_sign(&d[0]);
    switch (op) {
    case F_NEG:
        lw_decimal_neg(&d[1], &d[0]);
        break;
    case F_ABS:
        lw_decimal_abs(&d[1], &d[0]);
        break;
    case F_SIGN:
        lw_decimal_from_int64(&d[1], sign);
        break;
    case F_CEIL:
    case F_FLOOR: {
        lw_decimal_round(&d[1], &d[0], 0, 1);
        if (lw_decimal_cmp(&d[1], &d[0]) != 0 && (op == F_CEIL) == (sign > 0)) {
            lw_decimal one;
            lw_decimal_init(&one);
            lw_decimal_from_int64(&one, sign);
            lw_decimal_add(&d[1], &d[1], &one);
        }
        break;
    }
    case F_SQRT:
        if (sign < 0) {
            out_of_range(ctx, &d[0]);
            clear_all(d, 2);
            return;
        }
        if (sign > 0 && decimal_sqrt(&d[1], &d[0])) {
            clear_all(d, 2);
            sqlite3_result_error_nomem(ctx);
            return;
        }
        break;
    case F_EXP:
    case F_LN: {
        char buf[128];
        double x = lw_decimal_text_size(&d[0]) <= sizeof buf
                       ? (lw_decimal_format(&d[0], buf), strtod(buf, NULL))
                       : (sign > 0 ? HUGE_VAL : -HUGE_VAL);
        if (op == F_LN && sign <= 0) {
            out_of_range(ctx, &d[0]);
            clear_all(d, 2);
            return;
        }
        double y = op == F_EXP ? exp(x) : log(x);
        if (!isfinite(y) || lw_decimal_from_double(&d[1], y) != LW_DECIMAL_OK) {
            clear_all(d, 2);
            ora_error(ctx, 1426, "numeric overflow");
            return;
        }
        break;
    }
    }
    lw_decimal_clear(&d[0]);
    ora_result_number(ctx, &d[1]);
}

/* MOD(m, n): m - n * TRUNC(m/n), m itself when n is 0. */
static void mod_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lw_decimal d[3];
    if (number_args(ctx, argv, 0, 2, d))
        return;
    lw_decimal_init(&d[2]);
    if (lw_decimal_sign(&d[1]) == 0)
        lw_decimal_copy(&d[2], &d[0]);
    else
        lw_decimal_mod(&d[2], &d[0], &d[1]);
    clear_all(d, 2);
    ora_result_number(ctx, &d[2]);
}

/* REMAINDER(m, n): m - n * N, N the integer nearest m/n (the even one at .5). */
static void remainder_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lw_decimal d[5];
    if (number_args(ctx, argv, 0, 2, d))
        return;
    for (int i = 2; i < 5; i++)
        lw_decimal_init(&d[i]);
    if (lw_decimal_sign(&d[1]) == 0) {
        clear_all(d, 5);
        ora_error(ctx, 1476, "divisor is equal to zero");
        return;
    }
    /* r = m - n * t with t = TRUNC(m/n); then move r by |n| toward zero's other side
     * when |r| is more than half of |n|, or exactly half and t is odd. */
    lw_decimal_mod(&d[2], &d[0], &d[1]);
    lw_decimal_abs(&d[3], &d[1]);
    lw_decimal_abs(&d[4], &d[2]);
    lw_decimal_add(&d[4], &d[4], &d[4]);
    int cmp = lw_decimal_cmp(&d[4], &d[3]);
    int move = cmp > 0;
    if (cmp == 0) {
        /* t = (m - r) / n, an integer */
        lw_decimal t;
        lw_decimal_init(&t);
        lw_decimal_sub(&t, &d[0], &d[2]);
        lw_decimal_div(&t, &t, &d[1], 0);
        lw_decimal two, half;
        lw_decimal_init(&two);
        lw_decimal_init(&half);
        lw_decimal_from_int64(&two, 2);
        lw_decimal_mod(&half, &t, &two);
        move = lw_decimal_sign(&half) != 0;
        lw_decimal_clear(&t);
        lw_decimal_clear(&two);
        lw_decimal_clear(&half);
    }
    if (move) {
        if (lw_decimal_sign(&d[2]) > 0)
            lw_decimal_sub(&d[2], &d[2], &d[3]);
        else
            lw_decimal_add(&d[2], &d[2], &d[3]);
    }
    lw_decimal_clear(&d[0]);
    lw_decimal_clear(&d[1]);
    lw_decimal_clear(&d[3]);
    lw_decimal_clear(&d[4]);
    ora_result_number(ctx, &d[2]);
}

/* ROUND(n [, d]) and TRUNC(n [, d]) of a NUMBER: d truncated to an integer. */
static void round_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int truncate = *(const int *)sqlite3_user_data(ctx);
    int64_t places = 0;
    if (argc == 2) {
        int rc = ora_int_arg(ctx, argv[1], &places);
        if (rc) {
            if (rc > 0)
                sqlite3_result_null(ctx);
            return;
        }
    }
    lw_decimal d;
    if (number_args(ctx, argv, 0, 1, &d))
        return;
    if (places > 127)
        places = 127;
    if (places < -127)
        places = -127;
    ora_number_round(&d, (int32_t)places, truncate);
    ora_result_number(ctx, &d);
}

/* POWER(m, n): exact for an integer n up to 1000 in magnitude, else through doubles;
 * a negative m with a fractional n is ORA-01428. */
static void power_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lw_decimal d[3];
    if (number_args(ctx, argv, 0, 2, d))
        return;
    lw_decimal_init(&d[2]);
    lw_decimal frac;
    lw_decimal_init(&frac);
    lw_decimal_round(&frac, &d[1], 0, 1);
    int integral = lw_decimal_cmp(&frac, &d[1]) == 0;
    char buf[128];
    double n = lw_decimal_text_size(&d[1]) <= sizeof buf
                   ? (lw_decimal_format(&d[1], buf), strtod(buf, NULL))
                   : 1e300;
    lw_decimal_clear(&frac);
    if (integral && fabs(n) <= 1000) {
        int64_t e = (int64_t)(n < 0 ? -n : n);
        lw_decimal base, acc;
        lw_decimal_init(&base);
        lw_decimal_init(&acc);
        lw_decimal_copy(&base, &d[0]);
        lw_decimal_from_int64(&acc, 1);
        int rc = 0;
        while (e > 0 && rc == 0) {
            if (e & 1)
                rc = lw_decimal_mul(&acc, &acc, &base) != LW_DECIMAL_OK;
            e >>= 1;
            if (e && rc == 0)
                rc = lw_decimal_mul(&base, &base, &base) != LW_DECIMAL_OK;
            /* keep the operands at a useful precision */
            if (acc.scale > 200)
                lw_decimal_round(&acc, &acc, 200, 0);
            if (base.scale > 200)
                lw_decimal_round(&base, &base, 200, 0);
        }
        lw_decimal_clear(&base);
        if (rc == 0 && n < 0) {
            if (lw_decimal_sign(&acc) == 0) {
                lw_decimal_clear(&acc);
                clear_all(d, 3);
                ora_error(ctx, 1476, "divisor is equal to zero");
                return;
            }
            lw_decimal one;
            lw_decimal_init(&one);
            lw_decimal_from_int64(&one, 1);
            rc = divide(&d[2], &one, &acc) != LW_DECIMAL_OK;
        } else if (rc == 0) {
            lw_decimal_copy(&d[2], &acc);
        }
        lw_decimal_clear(&acc);
        clear_all(d, 2);
        if (rc) {
            lw_decimal_clear(&d[2]);
            ora_error(ctx, 1426, "numeric overflow");
            return;
        }
        ora_result_number(ctx, &d[2]);
        return;
    }
    double m = lw_decimal_text_size(&d[0]) <= sizeof buf
                   ? (lw_decimal_format(&d[0], buf), strtod(buf, NULL))
                   : 1e300;
    if (m < 0 && !integral) {
        out_of_range(ctx, &d[0]);
        clear_all(d, 3);
        return;
    }
    double y = pow(m, n);
    clear_all(d, 2);
    if (!isfinite(y) || lw_decimal_from_double(&d[2], y) != LW_DECIMAL_OK) {
        lw_decimal_clear(&d[2]);
        ora_error(ctx, 1426, "numeric overflow");
        return;
    }
    ora_result_number(ctx, &d[2]);
}

/* LOG(base, n) */
static void log_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lw_decimal d[2];
    if (number_args(ctx, argv, 0, 2, d))
        return;
    for (int i = 0; i < 2; i++)
        if (lw_decimal_sign(&d[i]) <= 0) {
            out_of_range(ctx, &d[i]);
            clear_all(d, 2);
            return;
        }
    char buf[128];
    double x[2];
    for (int i = 0; i < 2; i++)
        x[i] = lw_decimal_text_size(&d[i]) <= sizeof buf
                   ? (lw_decimal_format(&d[i], buf), strtod(buf, NULL))
                   : 1e300;
    clear_all(d, 2);
    lw_decimal r;
    lw_decimal_init(&r);
    double y = log(x[1]) / log(x[0]);
    /* LOG(10, 100) is 2: a result within an ulp of an integer is that integer. */
    if (fabs(y - round(y)) < 1e-14 * fmax(1.0, fabs(y)))
        y = round(y);
    if (!isfinite(y) || lw_decimal_from_double(&r, y) != LW_DECIMAL_OK) {
        lw_decimal_clear(&r);
        out_of_range(ctx, &d[0]);
        return;
    }
    ora_result_number(ctx, &r);
}

/* ROUND(x [, d]) of a BINARY_DOUBLE: to the nearest even value at .5 (SQLRF "ROUND
 * (number)"). */
static void round_double_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        (argc > 1 && sqlite3_value_type(argv[1]) == SQLITE_NULL)) {
        sqlite3_result_null(ctx);
        return;
    }
    double x = sqlite3_value_double(argv[0]);
    int d = argc > 1 ? sqlite3_value_int(argv[1]) : 0;
    if (d < -300 || d > 300) {
        sqlite3_result_double(ctx, x);
        return;
    }
    double scale = pow(10.0, d);
    sqlite3_result_double(ctx, nearbyint(x * scale) / scale);
}

/* TO_BINARY_DOUBLE(x), CAST(x AS BINARY_DOUBLE|BINARY_FLOAT). */
static void binary_double_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER ||
        sqlite3_value_type(argv[0]) == SQLITE_FLOAT) {
        sqlite3_result_double(ctx, sqlite3_value_double(argv[0]));
        return;
    }
    size_t n;
    const char *s = ora_arg_text(argv, 0, &n);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    lw_decimal d;
    lw_decimal_init(&d);
    if (ora_number_parse(s, n, &d)) {
        ora_error(ctx, 1722, "invalid number");
        return;
    }
    lw_decimal_clear(&d);
    char *copy = sqlite3_mprintf("%.*s", (int)n, s);
    if (!copy) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_double(ctx, strtod(copy, NULL));
    sqlite3_free(copy);
}

/* GREATEST (user data NULL) and LEAST of NUMBERs: NULL when an argument is. */
static void extreme_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int least = sqlite3_user_data(ctx) != NULL;
    lw_decimal best, v;
    lw_decimal_init(&best);
    lw_decimal_init(&v);
    for (int i = 0; i < argc; i++) {
        int rc = ora_number_arg(ctx, argv[i], i ? &v : &best);
        if (rc) {
            lw_decimal_clear(&best);
            lw_decimal_clear(&v);
            if (rc > 0)
                sqlite3_result_null(ctx);
            return;
        }
        if (i && (lw_decimal_cmp(&v, &best) < 0) == least && lw_decimal_cmp(&v, &best) != 0)
            lw_decimal_copy(&best, &v);
    }
    lw_decimal_clear(&v);
    ora_result_number(ctx, &best);
}

/* ---- SUM and AVG ---------------------------------------------------------------------- */

typedef struct sum_acc {
    lw_decimal sum;
    int64_t count;
    int failed;
} sum_acc;

static void sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sum_acc *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a)
        return;
    lw_decimal v;
    lw_decimal_init(&v);
    int rc = ora_number_arg(ctx, argv[0], &v);
    if (rc == 0) {
        if (lw_decimal_add(&a->sum, &a->sum, &v) != LW_DECIMAL_OK)
            ora_error(ctx, 1426, "numeric overflow");
        a->count++;
    } else if (rc < 0) {
        a->failed = 1;
    }
    lw_decimal_clear(&v);
}

static void sum_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sum_acc *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a)
        return;
    lw_decimal v;
    lw_decimal_init(&v);
    if (ora_number_arg(NULL, argv[0], &v) == 0) {
        lw_decimal_sub(&a->sum, &a->sum, &v);
        a->count--;
    }
    lw_decimal_clear(&v);
}

/* SUM (user data 0) or AVG (1) of the rows so far; final clears the accumulator. */
static void sum_result(sqlite3_context *ctx, int final)
{
    sum_acc *a = sqlite3_aggregate_context(ctx, 0);
    int avg = *(const int *)sqlite3_user_data(ctx);
    if (!a || a->count == 0) {
        sqlite3_result_null(ctx);
    } else {
        lw_decimal r;
        lw_decimal_init(&r);
        if (avg) {
            lw_decimal n;
            lw_decimal_init(&n);
            lw_decimal_from_int64(&n, a->count);
            divide(&r, &a->sum, &n);
            lw_decimal_clear(&n);
        } else {
            lw_decimal_copy(&r, &a->sum);
        }
        ora_result_number(ctx, &r);
    }
    if (a && final)
        lw_decimal_clear(&a->sum);
}

static void sum_value(sqlite3_context *ctx)
{
    sum_result(ctx, 0);
}

static void sum_final(sqlite3_context *ctx)
{
    sum_result(ctx, 1);
}

static const int variant_0 = 0, variant_1 = 1;

const ora_function_def ora_number_functions[] = {
    ORA_PURE("ora_num", 1, num_fn),
    ORA_PURE("ora_num", 3, num_fn),
    ORA_PURE("ora_arith", 3, arith_fn),
    ORA_PURE("ora_mod", 2, mod_fn),
    ORA_PURE("ora_remainder", 2, remainder_fn),
    ORA_PURE("ora_power", 2, power_fn),
    ORA_PURE("ora_log", 2, log_fn),
    ORA_PURE("ora_binary_double", 1, binary_double_fn),
    ORA_PURE("ora_round_double", 1, round_double_fn),
    ORA_PURE("ora_round_double", 2, round_double_fn),
    {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};

/* The functions told apart by user data: the unary ones, ROUND/TRUNC, SUM/AVG. */
int ora_register_number_variants(sqlite3 *db, char **pzErr)
{
    static const struct {
        const char *name;
        int op;
    } unary[] = {{"ora_neg", F_NEG},   {"ora_abs", F_ABS},     {"ora_sign", F_SIGN},
                 {"ora_ceil", F_CEIL}, {"ora_floor", F_FLOOR}, {"ora_sqrt", F_SQRT},
                 {"ora_exp", F_EXP},   {"ora_ln", F_LN}};
    int rc = SQLITE_OK;
    for (size_t i = 0; i < sizeof unary / sizeof unary[0] && rc == SQLITE_OK; i++) {
        rc =
            sqlite3_create_function_v2(db, unary[i].name, 1, LW_PURE,
                                       (void *)&unary_ops[unary[i].op], unary_fn, NULL, NULL, NULL);
        if (rc)
            *pzErr = sqlite3_mprintf("cannot register function %s: %s", unary[i].name,
                                     sqlite3_errmsg(db));
    }
    for (int n = 1; n <= 2 && rc == SQLITE_OK; n++) {
        rc = sqlite3_create_function_v2(db, "ora_round_num", n, LW_PURE, (void *)&variant_0,
                                        round_fn, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_create_function_v2(db, "ora_trunc_num", n, LW_PURE, (void *)&variant_1,
                                            round_fn, NULL, NULL, NULL);
        if (rc)
            *pzErr =
                sqlite3_mprintf("cannot register function ora_round_num: %s", sqlite3_errmsg(db));
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "ora_greatest", -1, LW_PURE, NULL, extreme_fn, NULL,
                                        NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "ora_least", -1, LW_PURE, (void *)&variant_1,
                                        extreme_fn, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "ora_sum", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                            (void *)&variant_0, sum_step, sum_final, sum_value,
                                            sum_inverse, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "ora_avg", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                            (void *)&variant_1, sum_step, sum_final, sum_value,
                                            sum_inverse, NULL);
    if (rc && !*pzErr)
        *pzErr =
            sqlite3_mprintf("cannot register function ora_sum/ora_avg: %s", sqlite3_errmsg(db));
    return rc;
}
