/*
 * Python's text rules (pytext.h): code points, whitespace, digits, int(), split().
 */
#include "django/pytext.h"
#include "common/utf8.h"

#include <string.h>

uint32_t lw_py_next(const char *s, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    if (p[0] < 0x80) {
        *i += 1;
        return p[0];
    }
    if (p[0] < 0xe0) {
        *i += 2;
        return ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
    }
    if (p[0] < 0xf0) {
        *i += 3;
        return ((uint32_t)(p[0] & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
    }
    *i += 4;
    return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) |
           ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
}

int lw_py_isspace(uint32_t c)
{
    /* CPython 3.11's str.isspace(): bidirectional class WS, B or S, or category Zs. */
    if (c < 0x80)
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
    switch (c) {
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
        return 1;
    default:
        return c >= 0x2000 && c <= 0x200a;
    }
}

/* The zero of every run of ten decimal digits (category Nd) in Unicode 14.0, the
 * version CPython 3.11's unicodedata has; each run is contiguous. */
static const uint32_t digit_zeros[] = {
    0x30,    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,
    0xc66,   0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,
    0x1810,  0x1946,  0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,
    0xa8d0,  0xa900,  0xa9d0,  0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066,
    0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0,
    0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2,
    0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
};

int lw_py_decimal(uint32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9' ? (int)(c - '0') : -1;
    /* Binary search for the last run starting at or before c. */
    size_t lo = 0, hi = sizeof digit_zeros / sizeof digit_zeros[0];
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (digit_zeros[mid] <= c)
            lo = mid;
        else
            hi = mid;
    }
    return c >= digit_zeros[lo] && c - digit_zeros[lo] < 10 ? (int)(c - digit_zeros[lo]) : -1;
}

size_t lw_py_len(const char *s, size_t n)
{
    size_t count = lw_utf8_ascii_prefix(s, n); /* one code point per ASCII byte */
    for (size_t i = count; i < n; i++)
        count += ((unsigned char)s[i] & 0xc0) != 0x80;
    return count;
}

size_t lw_py_offset(const char *s, size_t n, size_t k)
{
    size_t ascii = lw_utf8_ascii_prefix(s, n < k ? n : k);
    size_t i = ascii;
    k -= ascii;
    while (i < n && k > 0) {
        lw_py_next(s, &i);
        k--;
    }
    return i < n ? i : n;
}

/* Python's int_max_str_digits default (sys.set_int_max_str_digits). */
#define PY_INT_MAX_STR_DIGITS 4300

lw_py_int_rc lw_py_int(const char *s, size_t n, int64_t *value)
{
    /* CPython maps non-ASCII whitespace to ' ' and non-ASCII digits to ASCII ones, then
     * parses the ASCII: leading and trailing ASCII whitespace (not \x1c-\x1f, which
     * are ASCII and stay as they are), a sign, digits with single underscores between
     * them. Anything else, a NUL included, is a ValueError. */
    size_t i = 0;
    int sign = 1, digits = 0, prev_underscore = 0, big = 0;
    uint64_t magnitude = 0;
    enum { LEADING, SIGNED, DIGITS, TRAILING } state = LEADING;
    while (i < n) {
        uint32_t c = lw_py_next(s, &i);
        int space = c < 0x80 ? (c == ' ' || (c >= 0x09 && c <= 0x0d)) : lw_py_isspace(c);
        int d = lw_py_decimal(c);
        if (state == LEADING && space)
            continue;
        if (state == LEADING && (c == '+' || c == '-')) {
            sign = c == '-' ? -1 : 1;
            state = SIGNED;
            continue;
        }
        if ((state == LEADING || state == SIGNED || state == DIGITS) && d >= 0) {
            state = DIGITS;
            prev_underscore = 0;
            digits++;
            if (!big) {
                if (magnitude > (UINT64_MAX - (uint64_t)d) / 10)
                    big = 1;
                else
                    magnitude = magnitude * 10 + (uint64_t)d;
            }
            continue;
        }
        if (state == DIGITS && c == '_' && !prev_underscore) {
            prev_underscore = 1;
            continue;
        }
        if ((state == DIGITS || state == TRAILING) && space && !prev_underscore) {
            state = TRAILING;
            continue;
        }
        return LW_PY_INT_INVALID;
    }
    if (digits == 0 || prev_underscore || digits > PY_INT_MAX_STR_DIGITS)
        return LW_PY_INT_INVALID;
    if (!big && (sign > 0 ? magnitude <= INT64_MAX : magnitude <= (uint64_t)INT64_MAX + 1)) {
        *value = sign > 0 ? (int64_t)magnitude : (int64_t)(0 - magnitude);
        return LW_PY_INT_OK;
    }
    *value = sign;
    return LW_PY_INT_BIG;
}

size_t lw_py_split_ws(const char *s, size_t n, size_t max, size_t *start, size_t *len)
{
    size_t count = 0, i = 0;
    while (i < n) {
        size_t at = i;
        uint32_t c = lw_py_next(s, &i);
        if (lw_py_isspace(c))
            continue;
        size_t field = at, end = i;
        while (i < n) {
            size_t here = i;
            c = lw_py_next(s, &i);
            if (lw_py_isspace(c)) {
                i = here;
                break;
            }
            end = i;
        }
        if (count < max) {
            start[count] = field;
            len[count] = end - field;
        }
        count++;
    }
    return count;
}

size_t lw_py_split(const char *s, size_t n, const char *sep, size_t sep_n, size_t max,
                   size_t *start, size_t *len)
{
    size_t count = 0, field = 0, i = 0;
    /* Matching the separator's bytes at code point boundaries is matching the code
     * point: UTF-8 is self-synchronising. */
    while (i + sep_n <= n) {
        if (memcmp(s + i, sep, sep_n) == 0) {
            if (count < max) {
                start[count] = field;
                len[count] = i - field;
            }
            count++;
            i += sep_n;
            field = i;
        } else {
            i++;
        }
    }
    if (count < max) {
        start[count] = field;
        len[count] = n - field;
    }
    return count + 1;
}

int64_t lw_py_find(const char *s, size_t n, char c)
{
    const char *hit = memchr(s, c, n);
    return hit ? (int64_t)lw_py_len(s, (size_t)(hit - s)) : -1;
}
