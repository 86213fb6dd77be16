/*
 * Exact decimal arithmetic with PostgreSQL 15 `numeric` semantics: see decimal.h.
 *
 * Text is first scanned into a decimal_view (pointers into the text, no copy), which
 * is all lw_decimal_compare_text() and the DECIMAL collation need: two numbers
 * compare by sign, then by the position of their leading significant digit, then by
 * their significant digits, so no arithmetic on the digits is ever done and any
 * number of digits compares exactly.
 */
#include "decimal/decimal.h"

#include <string.h>

/* The parts of a decimal number as written: [sign] int_digits [. frac_digits]
 * [e exponent], surrounded by optional white space. */
typedef struct decimal_view {
    const char *int_digits;
    size_t int_len;
    const char *frac_digits;
    size_t frac_len;
    int64_t exponent;
    int negative;
} decimal_view;

/* PostgreSQL skips isspace() characters around numeric input (C locale). */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * Scans text into v. Returns LW_DECIMAL_OK, LW_DECIMAL_INVALID for anything that is
 * not a decimal number, or LW_DECIMAL_OVERFLOW for a well-formed number whose exponent
 * exceeds LW_DECIMAL_MAX_EXPONENT (no value that large or small can be held).
 */
static lw_decimal_status scan_view(const char *s, size_t n, decimal_view *v)
{
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    while (n > i && is_space(s[n - 1]))
        n--;
    v->negative = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        v->negative = s[i] == '-';
        i++;
    }
    v->int_digits = s + i;
    while (i < n && is_digit(s[i]))
        i++;
    v->int_len = (size_t)(s + i - v->int_digits);
    v->frac_digits = s + i;
    v->frac_len = 0;
    if (i < n && s[i] == '.') {
        i++;
        v->frac_digits = s + i;
        while (i < n && is_digit(s[i]))
            i++;
        v->frac_len = (size_t)(s + i - v->frac_digits);
    }
    if (v->int_len == 0 && v->frac_len == 0)
        return LW_DECIMAL_INVALID;
    v->exponent = 0;
    lw_decimal_status status = LW_DECIMAL_OK;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int exp_negative = 0;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            exp_negative = s[i] == '-';
            i++;
        }
        if (i >= n || !is_digit(s[i]))
            return LW_DECIMAL_INVALID;
        int64_t e = 0;
        for (; i < n && is_digit(s[i]); i++) {
            if (e <= LW_DECIMAL_MAX_EXPONENT)
                e = e * 10 + (s[i] - '0');
        }
        if (e > LW_DECIMAL_MAX_EXPONENT)
            status = LW_DECIMAL_OVERFLOW;
        v->exponent = exp_negative ? -e : e;
    }
    if (i != n)
        return LW_DECIMAL_INVALID;
    return status;
}

/* The significant digits of a view (leading and trailing zeros removed) as at most two
 * runs of text, and the number of digits before the point they start at. */
typedef struct significand {
    const char *run1;
    size_t len1;
    const char *run2;
    size_t len2;
    int64_t int_digits; /* the leading digit's place: value = 0.d1d2... * 10^int_digits */
} significand;

/* Fills sig from v; returns 0 when the value is zero (sig then unset). */
static int significand_of(const decimal_view *v, significand *sig)
{
    const char *ip = v->int_digits, *fp = v->frac_digits;
    size_t il = v->int_len, fl = v->frac_len;
    while (il > 0 && *ip == '0') {
        ip++;
        il--;
    }
    while (fl > 0 && fp[fl - 1] == '0')
        fl--;
    if (il > 0) {
        if (fl == 0) {
            /* Only integer digits remain: their trailing zeros are not significant
             * either, but they do count for the place of the leading digit. */
            sig->int_digits = (int64_t)il + v->exponent;
            while (il > 0 && ip[il - 1] == '0')
                il--;
        } else {
            sig->int_digits = (int64_t)il + v->exponent;
        }
        sig->run1 = ip;
        sig->len1 = il;
        sig->run2 = fp;
        sig->len2 = fl;
        return 1;
    }
    size_t zeros = 0;
    while (zeros < fl && fp[zeros] == '0')
        zeros++;
    if (zeros == fl)
        return 0;
    sig->int_digits = v->exponent - (int64_t)zeros;
    sig->run1 = fp + zeros;
    sig->len1 = fl - zeros;
    sig->run2 = fp + fl;
    sig->len2 = 0;
    return 1;
}

/* Compares two significands digit by digit; the shorter one is padded with zeros,
 * and since neither ends in a zero, a longer one is larger. */
static int compare_digits(significand x, significand y)
{
    for (;;) {
        if (x.len1 == 0) {
            x.run1 = x.run2;
            x.len1 = x.len2;
            x.len2 = 0;
        }
        if (y.len1 == 0) {
            y.run1 = y.run2;
            y.len1 = y.len2;
            y.len2 = 0;
        }
        if (x.len1 == 0 || y.len1 == 0)
            break;
        size_t k = x.len1 < y.len1 ? x.len1 : y.len1;
        int c = memcmp(x.run1, y.run1, k);
        if (c != 0)
            return c < 0 ? -1 : 1;
        x.run1 += k;
        x.len1 -= k;
        y.run1 += k;
        y.len1 -= k;
    }
    if (x.len1 > 0)
        return 1;
    if (y.len1 > 0)
        return -1;
    return 0;
}

/* Numeric comparison of two scanned views. */
static int compare_views(const decimal_view *a, const decimal_view *b)
{
    significand sa, sb;
    int a_sign = significand_of(a, &sa) ? (a->negative ? -1 : 1) : 0;
    int b_sign = significand_of(b, &sb) ? (b->negative ? -1 : 1) : 0;
    if (a_sign != b_sign)
        return a_sign < b_sign ? -1 : 1;
    if (a_sign == 0)
        return 0;
    int magnitude;
    if (sa.int_digits != sb.int_digits)
        magnitude = sa.int_digits < sb.int_digits ? -1 : 1;
    else
        magnitude = compare_digits(sa, sb);
    return a_sign * magnitude;
}

int lw_decimal_compare_text(const char *a, size_t a_len, const char *b, size_t b_len, int *cmp)
{
    decimal_view va, vb;
    if (scan_view(a, a_len, &va) != LW_DECIMAL_OK || scan_view(b, b_len, &vb) != LW_DECIMAL_OK)
        return 1;
    *cmp = compare_views(&va, &vb);
    return 0;
}

int lw_decimal_text_is_valid(const char *text, size_t len)
{
    decimal_view v;
    return scan_view(text, len, &v) == LW_DECIMAL_OK;
}
