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

#include "common/lw_sqlite.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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
typedef struct digit_runs {
    const char *run1;
    size_t len1;
    const char *run2;
    size_t len2;
    int64_t int_digits; /* the leading digit's place: value = 0.d1d2... * 10^int_digits */
} digit_runs;

/* Fills sig from v; returns 0 when the value is zero (sig then unset). */
static int significand_of(const decimal_view *v, digit_runs *sig)
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
static int compare_digits(digit_runs x, digit_runs y)
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
    digit_runs sa, sb;
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

/*
 * The end of the run of ASCII digits starting at s[i] (n bounds s). The DECIMAL
 * collation scans both texts on every comparison of a sort, so whole 8-byte words are
 * tested at once where the byte order allows: a byte is a digit when its value minus
 * '0' is below 10, which the high bit of each lane of (x & 0x7f..) + (0x80 - 10)
 * tells without carries between lanes.
 */
/* Inlined: the collation calls it four times per comparison. */
static inline __attribute__((always_inline)) size_t digit_run(const char *s, size_t i, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t high = 0x8080808080808080ULL;
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t x = w ^ 0x3030303030303030ULL; /* digits become 0..9 */
        uint64_t not_digit = ((x & 0x7f7f7f7f7f7f7f7fULL) + 0x7676767676767676ULL) | x;
        not_digit &= high;
        if (not_digit != 0)
            return i + (size_t)__builtin_ctzll(not_digit) / 8;
        i += 8;
    }
    if (i < n && n >= 8) {
        /* The tail: the last 8 bytes of the text, without the ones already seen. */
        size_t seen = 8 - (n - i);
        uint64_t w;
        memcpy(&w, s + n - 8, 8);
        uint64_t x = w ^ 0x3030303030303030ULL;
        uint64_t not_digit = ((x & 0x7f7f7f7f7f7f7f7fULL) + 0x7676767676767676ULL) | x;
        not_digit = (not_digit & high) >> (8 * seen);
        return not_digit != 0 ? i + (size_t)__builtin_ctzll(not_digit) / 8 : n;
    }
#endif
    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

/* Scans [-+]digits[.digits] (no spaces, no exponent), the form nearly all stored
 * decimals have, in one pass; 0 for anything else. */
static inline __attribute__((always_inline)) int scan_plain(const char *s, size_t n,
                                                            decimal_view *v)
{
    size_t i = 0;
    v->negative = 0;
    if (n > 0 && (s[0] == '-' || s[0] == '+')) {
        v->negative = s[0] == '-';
        i = 1;
    }
    v->int_digits = s + i;
    i = digit_run(s, i, n);
    v->int_len = (size_t)(s + i - v->int_digits);
    v->frac_digits = s + i;
    v->frac_len = 0;
    if (i < n && s[i] == '.') {
        i++;
        v->frac_digits = s + i;
        i = digit_run(s, i, n);
        v->frac_len = (size_t)(s + i - v->frac_digits);
    }
    v->exponent = 0;
    return i == n && (v->int_len > 0 || v->frac_len > 0);
}

/* memcmp() for the short digit runs of typical values, without a library call. */
static inline int compare_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
    }
    return 0;
}

static int all_zeros(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '0')
            return 0;
    }
    return 1;
}

/*
 * Compares two views without exponents: aligned on the point, the integer parts
 * (without leading zeros) compare by length and then bytewise, and the fractions
 * bytewise, the longer one being larger only if its extra digits are not all zeros.
 */
static inline __attribute__((always_inline)) int compare_plain(decimal_view *a, decimal_view *b)
{
    while (a->int_len > 0 && a->int_digits[0] == '0') {
        a->int_digits++;
        a->int_len--;
    }
    while (b->int_len > 0 && b->int_digits[0] == '0') {
        b->int_digits++;
        b->int_len--;
    }
    if (a->negative != b->negative) {
        if (a->int_len == 0 && b->int_len == 0 && all_zeros(a->frac_digits, a->frac_len) &&
            all_zeros(b->frac_digits, b->frac_len))
            return 0; /* -0 = 0 */
        return a->negative ? -1 : 1;
    }
    int magnitude = 0;
    if (a->int_len != b->int_len) {
        magnitude = a->int_len < b->int_len ? -1 : 1;
    } else {
        int c = compare_bytes(a->int_digits, b->int_digits, a->int_len);
        if (c == 0) {
            size_t k = a->frac_len < b->frac_len ? a->frac_len : b->frac_len;
            c = compare_bytes(a->frac_digits, b->frac_digits, k);
            if (c == 0)
                c = !all_zeros(a->frac_digits + k, a->frac_len - k)   ? 1
                    : !all_zeros(b->frac_digits + k, b->frac_len - k) ? -1
                                                                      : 0;
        }
        magnitude = c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    return a->negative ? -magnitude : magnitude;
}

int lw_decimal_compare_text(const char *a, size_t a_len, const char *b, size_t b_len, int *cmp)
{
    decimal_view va, vb;
    if (scan_plain(a, a_len, &va) && scan_plain(b, b_len, &vb)) {
        *cmp = compare_plain(&va, &vb);
        return 0;
    }
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

int lw_decimal_collate(void *unused, int n1, const void *p1, int n2, const void *p2)
{
    (void)unused;
    const char *a = p1, *b = p2;
    decimal_view va, vb;
    if (scan_plain(a, (size_t)n1, &va) && scan_plain(b, (size_t)n2, &vb))
        return compare_plain(&va, &vb);
    int c;
    if (lw_decimal_compare_text(a, (size_t)n1, b, (size_t)n2, &c) == 0)
        return c;
    int valid1 = lw_decimal_text_is_valid(a, (size_t)n1);
    int valid2 = lw_decimal_text_is_valid(b, (size_t)n2);
    if (valid1 != valid2)
        return valid1 ? -1 : 1;
    c = memcmp(a, b, (size_t)(n1 < n2 ? n1 : n2));
    if (c != 0)
        return c < 0 ? -1 : 1;
    return n1 < n2 ? -1 : n1 > n2 ? 1 : 0;
}

/* ---- Values: the 128-bit fast path and the GMP path ------------------------------ */

typedef unsigned __int128 u128;
#define I128_MAX ((__int128)(((u128)1 << 127) - 1))
#define I128_MIN (-I128_MAX - 1)
/* 10^38 is the largest power of ten in a signed 128-bit integer. */
#define MAX_POW10_SMALL 38

#define P19 ((u128)10000000000000000000ULL)
/* Powers of ten 10^0 .. 10^38, as constants (no initialisation race). */
static const u128 pow10_table[MAX_POW10_SMALL + 1] = {1ULL,
                                                      10ULL,
                                                      100ULL,
                                                      1000ULL,
                                                      10000ULL,
                                                      100000ULL,
                                                      1000000ULL,
                                                      10000000ULL,
                                                      100000000ULL,
                                                      1000000000ULL,
                                                      10000000000ULL,
                                                      100000000000ULL,
                                                      1000000000000ULL,
                                                      10000000000000ULL,
                                                      100000000000000ULL,
                                                      1000000000000000ULL,
                                                      10000000000000000ULL,
                                                      100000000000000000ULL,
                                                      1000000000000000000ULL,
                                                      P19,
                                                      P19 * 10,
                                                      P19 * 100,
                                                      P19 * 1000,
                                                      P19 * 10000,
                                                      P19 * 100000,
                                                      P19 * 1000000,
                                                      P19 * 10000000,
                                                      P19 * 100000000,
                                                      P19 * 1000000000,
                                                      P19 * 10000000000ULL,
                                                      P19 * 100000000000ULL,
                                                      P19 * 1000000000000ULL,
                                                      P19 * 10000000000000ULL,
                                                      P19 * 100000000000000ULL,
                                                      P19 * 1000000000000000ULL,
                                                      P19 * 10000000000000000ULL,
                                                      P19 * 100000000000000000ULL,
                                                      P19 * 1000000000000000000ULL,
                                                      P19 *P19};

static inline u128 pow10_small(int k)
{
    return pow10_table[k];
}

static u128 magnitude_small(__int128 v)
{
    return v < 0 ? -(u128)v : (u128)v;
}

/* Number of decimal digits of m (1 for zero). */
static int digits_small(u128 m)
{
    if (m <= UINT64_MAX) {
        /* Estimate from the bit length (log10(2) ~ 1233/4096), then one correction. */
        uint64_t m64 = (uint64_t)m;
        if (m64 == 0)
            return 1;
        int t = ((64 - __builtin_clzll(m64)) * 1233) >> 12; /* 0..19 */
        return t + 1 - (m64 < (uint64_t)pow10_small(t));
    }
    int n = 20;
    while (n <= MAX_POW10_SMALL && m >= pow10_small(n))
        n++;
    return n;
}

static void mpz_set_i128(mpz_t z, __int128 v)
{
    u128 m = magnitude_small(v);
    uint64_t words[2] = {(uint64_t)m, (uint64_t)(m >> 64)};
    mpz_import(z, 2, -1, sizeof words[0], 0, 0, words);
    if (v < 0)
        mpz_neg(z, z);
}

/* Whether z fits the fast path; the margin keeps clear of INT128_MIN. */
static int mpz_fits_i128(const mpz_t z)
{
    return mpz_sizeinbase(z, 2) <= 126;
}

static __int128 mpz_get_i128(const mpz_t z)
{
    uint64_t words[2] = {0, 0};
    mpz_export(words, NULL, -1, sizeof words[0], 0, 0, z);
    __int128 m = (__int128)(((u128)words[1] << 64) | words[0]);
    return mpz_sgn(z) < 0 ? -m : m;
}

/* Loads the unscaled value of d into the initialised z. */
static void load_mpz(mpz_t z, const lw_decimal *d)
{
    if (d->is_big)
        mpz_set(z, d->big);
    else
        mpz_set_i128(z, d->small);
}

static void set_small(lw_decimal *d, __int128 v, int32_t scale)
{
    if (d->is_big) {
        mpz_clear(d->big);
        d->is_big = 0;
    }
    d->small = v;
    d->scale = scale;
}

/* Stores z (which is left with an unspecified value) into d, on the fast path when
 * it fits. */
static void set_from_mpz(lw_decimal *d, mpz_t z, int32_t scale)
{
    if (mpz_fits_i128(z)) {
        set_small(d, mpz_get_i128(z), scale);
        return;
    }
    if (!d->is_big) {
        mpz_init(d->big);
        d->is_big = 1;
    }
    mpz_swap(d->big, z);
    d->scale = scale;
}

void lw_decimal_release_big(lw_decimal *d)
{
    if (d->is_big)
        mpz_clear(d->big);
    lw_decimal_init(d);
}

lw_decimal_status lw_decimal_copy(lw_decimal *dst, const lw_decimal *src)
{
    if (dst == src)
        return LW_DECIMAL_OK;
    if (!src->is_big) {
        set_small(dst, src->small, src->scale);
        return LW_DECIMAL_OK;
    }
    if (!dst->is_big) {
        mpz_init(dst->big);
        dst->is_big = 1;
    }
    mpz_set(dst->big, src->big);
    dst->scale = src->scale;
    return LW_DECIMAL_OK;
}

lw_decimal_status lw_decimal_force_big(lw_decimal *d)
{
    if (!d->is_big) {
        mpz_init(d->big);
        mpz_set_i128(d->big, d->small);
        d->is_big = 1;
    }
    return LW_DECIMAL_OK;
}

int lw_decimal_sign(const lw_decimal *d)
{
    if (d->is_big)
        return mpz_sgn(d->big);
    return d->small > 0 ? 1 : d->small < 0 ? -1 : 0;
}

/* Exact number of decimal digits of |z| (1 for zero). */
static size_t digits_mpz(const mpz_t z)
{
    size_t n = mpz_sizeinbase(z, 10);
    if (n > 1) {
        /* mpz_sizeinbase may exceed the true count by one. */
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, n - 1);
        if (mpz_cmpabs(z, p) < 0)
            n--;
        mpz_clear(p);
    }
    return n;
}

/* Number of digits of d's unscaled value (1 for zero). */
static int64_t digits_of(const lw_decimal *d)
{
    return d->is_big ? (int64_t)digits_mpz(d->big) : digits_small(magnitude_small(d->small));
}

/* LW_DECIMAL_OVERFLOW when d has more integer digits or fraction digits than
 * PostgreSQL can store. */
static lw_decimal_status check_limits(const lw_decimal *d)
{
    if (d->scale > LW_DECIMAL_MAX_SCALE)
        return LW_DECIMAL_OVERFLOW;
    if (!d->is_big)
        return LW_DECIMAL_OK; /* at most 39 digits */
    if ((int64_t)mpz_sizeinbase(d->big, 10) - d->scale <= LW_DECIMAL_MAX_INT_DIGITS)
        return LW_DECIMAL_OK;
    if (mpz_sgn(d->big) != 0 && digits_of(d) - d->scale > LW_DECIMAL_MAX_INT_DIGITS)
        return LW_DECIMAL_OVERFLOW;
    return LW_DECIMAL_OK;
}

/* *v * 10^k on the fast path; 0 when it does not fit. */
static inline __attribute__((always_inline)) int scale_up_small(__int128 *v, int64_t k)
{
    if (*v == 0 || k <= 0)
        return 1;
    if (k > MAX_POW10_SMALL)
        return 0;
    if (k <= 19 && *v > -(__int128)INT64_MAX && *v < (__int128)INT64_MAX) {
        /* |v| < 2^63 and 10^k < 2^64: the product is below 2^127 (one multiply). */
        *v *= (__int128)pow10_small((int)k);
        return 1;
    }
    __int128 r;
    if (__builtin_mul_overflow(*v, (__int128)pow10_small((int)k), &r) || r == I128_MIN)
        return 0;
    *v = r;
    return 1;
}

static void mpz_scale_up(mpz_t z, int64_t k)
{
    if (k <= 0 || mpz_sgn(z) == 0)
        return;
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, (unsigned long)k);
    mpz_mul(z, z, p);
    mpz_clear(p);
}

/* ---- Input and output ------------------------------------------------------------ */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The value of eight ASCII digits (first byte most significant) in three
 * multiplications: pairs, quads, the whole word (simdjson's method). */
static inline uint64_t eight_digits_value(uint64_t w)
{
    w = ((w & 0x0f0f0f0f0f0f0f0fULL) * 2561) >> 8;
    w = ((w & 0x00ff00ff00ff00ffULL) * 6553601) >> 16;
    return ((w & 0x0000ffff0000ffffULL) * 42949672960001ULL) >> 32;
}
#endif

/*
 * Appends the digits p[0..len) to m (the caller keeps the total within 19 digits).
 * [lo, hi) is the whole text: a short run is read as one word that may overlap the
 * bytes around it, which are replaced by '0' digits in front of the run.
 */
static inline uint64_t accumulate_digits(uint64_t m, const char *p, size_t len, const char *lo,
                                         const char *hi)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        m = m * 100000000ULL + eight_digits_value(w);
        p += 8;
        len -= 8;
    }
    if (len > 0) {
        unsigned pad = 8 * (unsigned)(8 - len); /* bits of the bytes that are not ours */
        uint64_t w;
        if (hi - p >= 8) {
            /* The run and what follows it: move the run to the end of the word. */
            memcpy(&w, p, 8);
            w = (w << pad) | (0x3030303030303030ULL >> (64 - pad));
            return m * (uint64_t)pow10_small((int)len) + eight_digits_value(w);
        }
        if (p + len - lo >= 8) {
            /* What precedes the run and the run, which ends the word already. */
            memcpy(&w, p + len - 8, 8);
            uint64_t front = (1ULL << pad) - 1;
            w = (w & ~front) | (0x3030303030303030ULL & front);
            return m * (uint64_t)pow10_small((int)len) + eight_digits_value(w);
        }
    }
#else
    (void)lo;
    (void)hi;
#endif
    for (size_t i = 0; i < len; i++)
        m = m * 10 + (uint64_t)(p[i] - '0');
    return m;
}

/*
 * The common case of lw_decimal_from_text(): [-+]digits[.digits] with at most 19
 * digits (they fit 64 bits), nothing else. Returns 0, leaving d untouched, for
 * anything else: the general parser handles it.
 */
static inline __attribute__((always_inline)) int from_plain_text(lw_decimal *d, const char *s,
                                                                 size_t n)
{
    decimal_view v;
    if (!scan_plain(s, n, &v) || v.int_len + v.frac_len > 19)
        return 0;
    uint64_t m = accumulate_digits(0, v.int_digits, v.int_len, s, s + n);
    m = accumulate_digits(m, v.frac_digits, v.frac_len, s, s + n);
    __int128 value = (__int128)m;
    set_small(d, v.negative ? -value : value, (int32_t)v.frac_len);
    return 1;
}

/* lw_decimal_from_text() for everything but the plain form; kept out of line so that
 * the plain form's path stays short. */
static __attribute__((noinline)) lw_decimal_status from_text_general(lw_decimal *d,
                                                                     const char *text, size_t len)
{
    decimal_view v;
    lw_decimal_status status = scan_view(text, len, &v);
    if (status != LW_DECIMAL_OK)
        return status;
    int64_t scale = (int64_t)v.frac_len - v.exponent;
    if (scale < 0)
        scale = 0;
    if (scale > LW_DECIMAL_MAX_SCALE)
        return LW_DECIMAL_OVERFLOW;
    digit_runs sig;
    if (!significand_of(&v, &sig)) {
        set_small(d, 0, (int32_t)scale);
        return LW_DECIMAL_OK;
    }
    if (sig.int_digits > LW_DECIMAL_MAX_INT_DIGITS)
        return LW_DECIMAL_OVERFLOW;
    /* unscaled = (int_digits frac_digits) * 10^(exponent - frac_len + scale) */
    int64_t shift = v.exponent - (int64_t)v.frac_len + scale;
    const char *ip = v.int_digits;
    size_t il = v.int_len;
    while (il > 0 && *ip == '0') {
        ip++;
        il--;
    }
    const char *fp = v.frac_digits;
    size_t fl = v.frac_len;
    if (il == 0) {
        while (fl > 0 && *fp == '0') {
            fp++;
            fl--;
        }
    }
    if ((int64_t)(il + fl) + shift <= MAX_POW10_SMALL) {
        u128 m = 0;
        for (size_t i = 0; i < il; i++)
            m = m * 10 + (u128)(ip[i] - '0');
        for (size_t i = 0; i < fl; i++)
            m = m * 10 + (u128)(fp[i] - '0');
        m *= pow10_small((int)shift);
        set_small(d, v.negative ? -(__int128)m : (__int128)m, (int32_t)scale);
        return LW_DECIMAL_OK;
    }
    char *digits = sqlite3_malloc64(il + fl + 1);
    if (digits == NULL)
        return LW_DECIMAL_NOMEM;
    memcpy(digits, ip, il);
    memcpy(digits + il, fp, fl);
    digits[il + fl] = '\0';
    mpz_t z;
    mpz_init_set_str(z, digits, 10);
    sqlite3_free(digits);
    mpz_scale_up(z, shift);
    if (v.negative)
        mpz_neg(z, z);
    set_from_mpz(d, z, (int32_t)scale);
    mpz_clear(z);
    return LW_DECIMAL_OK;
}

lw_decimal_status lw_decimal_from_text(lw_decimal *d, const char *text, size_t len)
{
    if (from_plain_text(d, text, len))
        return LW_DECIMAL_OK;
    return from_text_general(d, text, len);
}

void lw_decimal_from_int64(lw_decimal *d, int64_t v)
{
    set_small(d, v, 0);
}

lw_decimal_status lw_decimal_from_double(lw_decimal *d, double v)
{
    if (isnan(v) || isinf(v))
        return LW_DECIMAL_INVALID;
    /* The shortest of "%.{1..17}e" that reads back as v; 17 digits always do. */
    char buf[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, sizeof buf, "%.*e", precision - 1, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return lw_decimal_from_text(d, buf, strlen(buf));
}

size_t lw_decimal_text_size(const lw_decimal *d)
{
    size_t digits = d->is_big ? mpz_sizeinbase(d->big, 10) : (size_t)MAX_POW10_SMALL + 1;
    return digits + (size_t)d->scale + 4; /* sign, "0.", NUL */
}

/* "00" .. "99": two digits per division when printing. */
static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324"
                                     "25262728293031323334353637383940414243444546474849"
                                     "50515253545556575859606162636465666768697071727374"
                                     "75767778798081828384858687888990919293949596979899";

/* Writes the digits of m backwards, ending just before end; returns the first. */
static char *digits_backwards(u128 m, char *end)
{
    char *p = end;
    while (m > UINT64_MAX) {
        /* Peel 19 digits at a time so that the rest is 64-bit arithmetic. */
        u128 q = m / P19;
        uint64_t chunk = (uint64_t)(m - q * P19);
        m = q;
        for (int i = 0; i < 9; i++, chunk /= 100) {
            p -= 2;
            memcpy(p, digit_pairs + 2 * (chunk % 100), 2);
        }
        *--p = (char)('0' + chunk);
    }
    uint64_t r = (uint64_t)m;
    while (r >= 100) {
        unsigned k = (unsigned)(r % 100);
        r /= 100;
        p -= 2;
        memcpy(p, digit_pairs + 2 * k, 2);
    }
    if (r >= 10) {
        p -= 2;
        memcpy(p, digit_pairs + 2 * r, 2);
    } else {
        *--p = (char)('0' + r);
    }
    return p;
}

/* lw_decimal_format() for the fast path: digits and point written in one pass. */
static size_t format_small(const lw_decimal *d, char *buf)
{
    char tmp[48];
    char *end = tmp + sizeof tmp;
    const char *digits = digits_backwards(magnitude_small(d->small), end);
    size_t n = (size_t)(end - digits), scale = (size_t)d->scale, pos = 0;
    if (d->small < 0)
        buf[pos++] = '-';
    if (scale == 0) {
        memcpy(buf + pos, digits, n);
        pos += n;
    } else if (n > scale) {
        memcpy(buf + pos, digits, n - scale);
        pos += n - scale;
        buf[pos++] = '.';
        memcpy(buf + pos, digits + n - scale, scale);
        pos += scale;
    } else {
        buf[pos++] = '0';
        buf[pos++] = '.';
        memset(buf + pos, '0', scale - n);
        pos += scale - n;
        memcpy(buf + pos, digits, n);
        pos += n;
    }
    buf[pos] = '\0';
    return pos;
}

size_t lw_decimal_format(const lw_decimal *d, char *buf)
{
    if (!d->is_big)
        return format_small(d, buf);
    size_t pos = 0;
    if (lw_decimal_sign(d) < 0)
        buf[pos++] = '-';
    char *digits = buf + pos;
    mpz_get_str(digits, 10, d->big);
    if (digits[0] == '-')
        memmove(digits, digits + 1, strlen(digits)); /* moves the NUL as well */
    size_t n = strlen(digits);
    size_t scale = (size_t)d->scale;
    if (scale == 0) {
        digits[n] = '\0';
        return pos + n;
    }
    if (n > scale) {
        /* ddd.fff: open a gap for the point. */
        memmove(digits + n - scale + 1, digits + n - scale, scale);
        digits[n - scale] = '.';
        digits[n + 1] = '\0';
        return pos + n + 1;
    }
    /* 0.000ddd */
    size_t lead = 2 + scale - n;
    memmove(digits + lead, digits, n);
    digits[0] = '0';
    digits[1] = '.';
    memset(digits + 2, '0', scale - n);
    digits[lead + n] = '\0';
    return pos + lead + n;
}

char *lw_decimal_to_text(const lw_decimal *d, size_t *len)
{
    char *buf = sqlite3_malloc64(lw_decimal_text_size(d));
    if (buf != NULL)
        *len = lw_decimal_format(d, buf);
    return buf;
}

/* ---- Arithmetic ------------------------------------------------------------------ */

int lw_decimal_cmp(const lw_decimal *a, const lw_decimal *b)
{
    if (!a->is_big && !b->is_big) {
        __int128 x = a->small, y = b->small;
        if ((a->scale >= b->scale || scale_up_small(&x, b->scale - a->scale)) &&
            (b->scale >= a->scale || scale_up_small(&y, a->scale - b->scale)))
            return x < y ? -1 : x > y ? 1 : 0;
        int sa = lw_decimal_sign(a), sb = lw_decimal_sign(b);
        if (sa != sb)
            return sa < sb ? -1 : 1;
    }
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    load_mpz(x, a);
    load_mpz(y, b);
    mpz_scale_up(x, (int64_t)b->scale - a->scale);
    mpz_scale_up(y, (int64_t)a->scale - b->scale);
    int c = mpz_cmp(x, y);
    mpz_clears(x, y, NULL);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/* r = a + b, or a - b when subtract is set. */
static lw_decimal_status add_sub(lw_decimal *r, const lw_decimal *a, const lw_decimal *b,
                                 int subtract)
{
    int32_t scale = a->scale > b->scale ? a->scale : b->scale;
    if (!a->is_big && !b->is_big) {
        __int128 x = a->small, y = b->small, sum;
        if (a->scale == b->scale ||
            (scale_up_small(&x, scale - a->scale) && scale_up_small(&y, scale - b->scale))) {
            int overflow =
                subtract ? __builtin_sub_overflow(x, y, &sum) : __builtin_add_overflow(x, y, &sum);
            if (!overflow && sum != I128_MIN) {
                set_small(r, sum, scale);
                return LW_DECIMAL_OK;
            }
        }
    }
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    load_mpz(x, a);
    load_mpz(y, b);
    mpz_scale_up(x, scale - a->scale);
    mpz_scale_up(y, scale - b->scale);
    if (subtract)
        mpz_sub(x, x, y);
    else
        mpz_add(x, x, y);
    set_from_mpz(r, x, scale);
    mpz_clears(x, y, NULL);
    return check_limits(r);
}

int lw_decimal_accumulate_text(lw_decimal *sum, const char *text, size_t len, int subtract,
                               int32_t *scale)
{
    if (sum->is_big)
        return 0;
    /* One pass over the bytes: the digits go into m, the point is remembered. Short
     * texts are the rule here, for which a byte loop costs fewer instructions than
     * from_plain_text()'s word-at-a-time scan and its second pass. */
    size_t i = 0, digits = 0, point = len;
    int negative = 0;
    if (len > 0 && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        i = 1;
    }
    uint64_t m = 0;
    for (; i < len; i++) {
        unsigned digit = (unsigned)(unsigned char)text[i] - '0';
        if (digit < 10) {
            m = m * 10 + digit; /* wraps past 19 digits, which are refused below */
            digits++;
        } else if (text[i] == '.' && point == len) {
            point = i;
        } else {
            return 0;
        }
    }
    if (digits == 0 || digits > 19)
        return 0;
    int32_t row_scale = point == len ? 0 : (int32_t)(len - 1 - point);
    /* add_sub() on the fast path, the running sum being rescaled only when a row has
     * more fraction digits than any before it. */
    __int128 acc = sum->small, v = negative ? -(__int128)m : (__int128)m, r;
    if (row_scale > sum->scale ? !scale_up_small(&acc, row_scale - sum->scale)
                               : !scale_up_small(&v, sum->scale - row_scale))
        return 0;
    if (subtract ? __builtin_sub_overflow(acc, v, &r) : __builtin_add_overflow(acc, v, &r))
        return 0;
    if (r == I128_MIN)
        return 0;
    sum->small = r;
    if (row_scale > sum->scale)
        sum->scale = row_scale;
    *scale = row_scale;
    return 1;
}

lw_decimal_status lw_decimal_add(lw_decimal *r, const lw_decimal *a, const lw_decimal *b)
{
    return add_sub(r, a, b, 0);
}

lw_decimal_status lw_decimal_sub(lw_decimal *r, const lw_decimal *a, const lw_decimal *b)
{
    return add_sub(r, a, b, 1);
}

/*
 * Divides num by den (den != 0) into q, rounding half away from zero unless
 * truncate is set. q may alias num, but not den.
 */
static void mpz_div_round(mpz_t q, const mpz_t num, const mpz_t den, int truncate)
{
    /* q may alias num or den: take the quotient's sign first. */
    int negative = (mpz_sgn(num) < 0) != (mpz_sgn(den) < 0);
    mpz_t rem;
    mpz_init(rem);
    mpz_tdiv_qr(q, rem, num, den);
    if (!truncate && mpz_sgn(rem) != 0) {
        mpz_mul_2exp(rem, rem, 1);
        if (mpz_cmpabs(rem, den) >= 0) {
            if (negative)
                mpz_sub_ui(q, q, 1);
            else
                mpz_add_ui(q, q, 1);
        }
    }
    mpz_clear(rem);
}

/* The same on the fast path (den != 0; neither is INT128_MIN). */
static __int128 small_div_round(__int128 num, __int128 den, int truncate)
{
    u128 nm = magnitude_small(num), dm = magnitude_small(den), qm, r;
    if (nm <= UINT64_MAX && dm <= UINT64_MAX) {
        /* 64-bit division is several times faster than the 128-bit one. */
        qm = (uint64_t)nm / (uint64_t)dm;
        r = (uint64_t)nm % (uint64_t)dm;
    } else {
        qm = nm / dm;
        r = nm - qm * dm;
    }
    if (!truncate && r != 0 && r >= dm - r)
        qm++;
    __int128 q = (__int128)qm;
    return ((num < 0) != (den < 0)) ? -q : q;
}

/*
 * r = a rounded (or truncated) to `target` places; the result has scale
 * max(target, 0). `target` is within +-(LW_DECIMAL_MAX_SCALE + a few thousand).
 */
static lw_decimal_status round_to(lw_decimal *r, const lw_decimal *a, int64_t target, int truncate)
{
    int32_t result_scale = target > 0 ? (int32_t)target : 0;
    if (!a->is_big) {
        __int128 v = a->small;
        if (target >= a->scale) {
            if (scale_up_small(&v, target - a->scale)) {
                set_small(r, v, result_scale);
                return check_limits(r);
            }
        } else {
            int64_t drop = a->scale - target;
            __int128 q = 0;
            if (drop <= MAX_POW10_SMALL)
                q = small_div_round(v, (__int128)pow10_small((int)drop), truncate);
            /* else: |v| < 10^39 <= half of 10^drop, so the result is zero */
            if (scale_up_small(&q, -target)) {
                set_small(r, q, result_scale);
                return LW_DECIMAL_OK;
            }
        }
    }
    mpz_t v, p;
    mpz_inits(v, p, NULL);
    load_mpz(v, a);
    if (target >= a->scale) {
        mpz_scale_up(v, target - a->scale);
    } else {
        mpz_ui_pow_ui(p, 10, (unsigned long)(a->scale - target));
        mpz_div_round(v, v, p, truncate);
        mpz_scale_up(v, -target);
    }
    set_from_mpz(r, v, result_scale);
    mpz_clears(v, p, NULL);
    return check_limits(r);
}

lw_decimal_status lw_decimal_mul(lw_decimal *r, const lw_decimal *a, const lw_decimal *b)
{
    int64_t scale = (int64_t)a->scale + b->scale;
    if (!a->is_big && !b->is_big && scale <= LW_DECIMAL_MAX_SCALE) {
        __int128 product;
        if (a->small > -(__int128)INT64_MAX && a->small < (__int128)INT64_MAX &&
            b->small > -(__int128)INT64_MAX && b->small < (__int128)INT64_MAX) {
            /* Both below 2^63: the product is below 2^126 (one multiply). */
            set_small(r, a->small * b->small, (int32_t)scale);
            return LW_DECIMAL_OK;
        }
        if (!__builtin_mul_overflow(a->small, b->small, &product) && product != I128_MIN) {
            set_small(r, product, (int32_t)scale);
            return LW_DECIMAL_OK;
        }
    }
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    load_mpz(x, a);
    load_mpz(y, b);
    mpz_mul(x, x, y);
    if (scale > LW_DECIMAL_MAX_SCALE) {
        /* The exact product is rounded to the largest scale PostgreSQL can store. */
        mpz_ui_pow_ui(y, 10, (unsigned long)(scale - LW_DECIMAL_MAX_SCALE));
        mpz_div_round(x, x, y, 0);
        scale = LW_DECIMAL_MAX_SCALE;
    }
    set_from_mpz(r, x, (int32_t)scale);
    mpz_clears(x, y, NULL);
    return check_limits(r);
}

/* m / 10^e for 0 <= e <= 19: constant divisors compile to multiplications, several
 * times faster than a division by a variable. */
static uint64_t div_pow10_u64(uint64_t m, int e)
{
    switch (e) {
#define CASE_DIV(k, p)                                                                             \
    case k:                                                                                        \
        return m / p##ULL;
        CASE_DIV(0, 1)
        CASE_DIV(1, 10)
        CASE_DIV(2, 100)
        CASE_DIV(3, 1000)
        CASE_DIV(4, 10000)
        CASE_DIV(5, 100000)
        CASE_DIV(6, 1000000)
        CASE_DIV(7, 10000000)
        CASE_DIV(8, 100000000)
        CASE_DIV(9, 1000000000)
        CASE_DIV(10, 10000000000)
        CASE_DIV(11, 100000000000)
        CASE_DIV(12, 1000000000000)
        CASE_DIV(13, 10000000000000)
        CASE_DIV(14, 100000000000000)
        CASE_DIV(15, 1000000000000000)
        CASE_DIV(16, 10000000000000000)
        CASE_DIV(17, 100000000000000000)
        CASE_DIV(18, 1000000000000000000)
#undef CASE_DIV
    default:
        return m / 10000000000000000000ULL;
    }
}

/*
 * PostgreSQL stores numerics in base-10000 digits aligned on the decimal point;
 * select_div_scale() looks at the weight (the power of 10000) of the first nonzero
 * base-10000 digit and at that digit. Both are 0 for zero.
 */
static void nbase_lead(const lw_decimal *d, int64_t *weight, int64_t *first_digit)
{
    *weight = 0;
    *first_digit = 0;
    if (lw_decimal_sign(d) == 0)
        return;
    int64_t n = d->is_big ? digits_of(d) : digits_small(magnitude_small(d->small));
    int64_t place = n - 1 - d->scale; /* the leading digit is worth 10^place */
    int64_t w = place >= 0 ? place / 4 : -((-place + 3) / 4);
    int64_t take = place - 4 * w + 1; /* 1..4 leading digits form the first NBASE digit */
    *weight = w;
    if (!d->is_big) {
        u128 m = magnitude_small(d->small);
        if (n >= take && m <= UINT64_MAX)
            *first_digit = (int64_t)div_pow10_u64((uint64_t)m, (int)(n - take));
        else
            *first_digit = (int64_t)(n >= take ? m / pow10_small((int)(n - take))
                                               : m * pow10_small((int)(take - n)));
        return;
    }
    mpz_t t;
    mpz_init(t);
    mpz_abs(t, d->big);
    if (n >= take) {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, (unsigned long)(n - take));
        mpz_tdiv_q(t, t, p);
        mpz_clear(p);
    } else {
        mpz_scale_up(t, take - n);
    }
    *first_digit = (int64_t)mpz_get_ui(t);
    mpz_clear(t);
}

/* PostgreSQL 15's select_div_scale(): at least 16 significant digits, at least the
 * scale of either operand, at most LW_DECIMAL_MAX_DISPLAY_SCALE. */
static int32_t select_div_scale(const lw_decimal *a, const lw_decimal *b)
{
    int64_t w1, d1, w2, d2;
    nbase_lead(a, &w1, &d1);
    nbase_lead(b, &w2, &d2);
    int64_t qweight = w1 - w2;
    if (d1 <= d2)
        qweight--;
    int64_t rscale = 16 - qweight * 4;
    if (rscale < a->scale)
        rscale = a->scale;
    if (rscale < b->scale)
        rscale = b->scale;
    if (rscale < 0)
        rscale = 0;
    if (rscale > LW_DECIMAL_MAX_DISPLAY_SCALE)
        rscale = LW_DECIMAL_MAX_DISPLAY_SCALE;
    return (int32_t)rscale;
}

static int64_t clamp_result_scale(int64_t scale)
{
    if (scale > LW_DECIMAL_MAX_RESULT_SCALE)
        return LW_DECIMAL_MAX_RESULT_SCALE;
    if (scale < -LW_DECIMAL_MAX_RESULT_SCALE)
        return -LW_DECIMAL_MAX_RESULT_SCALE;
    return scale;
}

lw_decimal_status lw_decimal_div(lw_decimal *r, const lw_decimal *a, const lw_decimal *b,
                                 int32_t scale)
{
    if (lw_decimal_sign(b) == 0)
        return LW_DECIMAL_DIVISION_BY_ZERO;
    int64_t target =
        scale == LW_DECIMAL_DIV_AUTO_SCALE ? select_div_scale(a, b) : clamp_result_scale(scale);
    int32_t result_scale = target > 0 ? (int32_t)target : 0;
    /* q = round(a_unscaled * 10^shift / b_unscaled) at `target` places. */
    int64_t shift = target + b->scale - a->scale;
    if (!a->is_big && !b->is_big) {
        __int128 num = a->small, den = b->small;
        if (shift >= 0 ? scale_up_small(&num, shift) : scale_up_small(&den, -shift)) {
            __int128 q = small_div_round(num, den, 0);
            if (scale_up_small(&q, -target)) {
                set_small(r, q, result_scale);
                return LW_DECIMAL_OK;
            }
        }
    }
    mpz_t num, den;
    mpz_inits(num, den, NULL);
    load_mpz(num, a);
    load_mpz(den, b);
    mpz_scale_up(num, shift);
    mpz_scale_up(den, -shift);
    mpz_div_round(num, num, den, 0);
    mpz_scale_up(num, -target);
    set_from_mpz(r, num, result_scale);
    mpz_clears(num, den, NULL);
    return check_limits(r);
}

lw_decimal_status lw_decimal_mod(lw_decimal *r, const lw_decimal *a, const lw_decimal *b)
{
    if (lw_decimal_sign(b) == 0)
        return LW_DECIMAL_DIVISION_BY_ZERO;
    int32_t scale = a->scale > b->scale ? a->scale : b->scale;
    if (!a->is_big && !b->is_big) {
        __int128 x = a->small, y = b->small;
        if (scale_up_small(&x, scale - a->scale) && scale_up_small(&y, scale - b->scale)) {
            set_small(r, x % y, scale);
            return LW_DECIMAL_OK;
        }
    }
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    load_mpz(x, a);
    load_mpz(y, b);
    mpz_scale_up(x, scale - a->scale);
    mpz_scale_up(y, scale - b->scale);
    mpz_tdiv_r(x, x, y);
    set_from_mpz(r, x, scale);
    mpz_clears(x, y, NULL);
    return LW_DECIMAL_OK;
}

lw_decimal_status lw_decimal_neg(lw_decimal *r, const lw_decimal *a)
{
    lw_decimal_copy(r, a);
    if (r->is_big)
        mpz_neg(r->big, r->big);
    else
        r->small = -r->small;
    return LW_DECIMAL_OK;
}

lw_decimal_status lw_decimal_abs(lw_decimal *r, const lw_decimal *a)
{
    lw_decimal_copy(r, a);
    if (r->is_big)
        mpz_abs(r->big, r->big);
    else if (r->small < 0)
        r->small = -r->small;
    return LW_DECIMAL_OK;
}

lw_decimal_status lw_decimal_round(lw_decimal *r, const lw_decimal *a, int32_t scale, int truncate)
{
    return round_to(r, a, clamp_result_scale(scale), truncate);
}

lw_decimal_status lw_decimal_typmod(lw_decimal *d, int32_t precision, int32_t scale)
{
    if (precision < 1 || precision > LW_DECIMAL_MAX_PRECISION)
        return LW_DECIMAL_BAD_PRECISION;
    if (scale < -LW_DECIMAL_MAX_PRECISION || scale > LW_DECIMAL_MAX_PRECISION)
        return LW_DECIMAL_BAD_SCALE;
    lw_decimal_status status = round_to(d, d, scale, 0);
    if (status != LW_DECIMAL_OK)
        return status;
    if (lw_decimal_sign(d) != 0 && digits_of(d) - d->scale > (int64_t)precision - scale)
        return LW_DECIMAL_FIELD_OVERFLOW;
    return LW_DECIMAL_OK;
}

const char *lw_decimal_status_message(lw_decimal_status status)
{
    switch (status) {
    case LW_DECIMAL_OK:
        return "ok";
    case LW_DECIMAL_INVALID:
        return "invalid input syntax for type numeric";
    case LW_DECIMAL_OVERFLOW:
        return "value overflows numeric format";
    case LW_DECIMAL_DIVISION_BY_ZERO:
        return "division by zero";
    case LW_DECIMAL_FIELD_OVERFLOW:
        return "numeric field overflow";
    case LW_DECIMAL_BAD_PRECISION:
        return "NUMERIC precision must be between 1 and 1000";
    case LW_DECIMAL_BAD_SCALE:
        return "NUMERIC scale must be between -1000 and 1000";
    case LW_DECIMAL_NOMEM:
        return "out of memory";
    }
    return "unknown decimal error";
}
