/*
 * Python's text rules, as Django's Python functions apply them to SQLite text.
 *
 * Django's SQLite functions receive Python str objects: they count, index and slice
 * code points, split on Python's whitespace, and parse numbers with int(), which
 * accepts surrounding whitespace, a sign, the decimal digits of every script and
 * single underscores between digits. The C versions must read text the same way,
 * so these helpers follow CPython 3.11 (Unicode 14.0) exactly:
 *   - whitespace is str.isspace(): the 29 code points listed in pytext.c;
 *   - a decimal digit is a code point with a Unicode decimal value (category Nd),
 *     from the table in pytext.c (Unicode 14.0, what Python 3.11 knows: newer
 *     digits such as Kawi's are not digits to it, nor here);
 *   - int(s) follows PyLong_FromString for base 10.
 * Text here is valid UTF-8 (the glue rejects anything else); offsets are bytes.
 */
#ifndef LW_DJANGO_PYTEXT_H
#define LW_DJANGO_PYTEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s[*i] (valid UTF-8) and advances *i past it. */
uint32_t lw_py_next(const char *s, size_t *i);

/* Whether c is whitespace to Python (str.isspace()). */
int lw_py_isspace(uint32_t c);

/* The decimal value of c (0-9) or -1 when c is not a decimal digit to Python. */
int lw_py_decimal(uint32_t c);

/* The number of code points in s (n bytes). */
size_t lw_py_len(const char *s, size_t n);

/* The byte offset of code point index k in s (n bytes), n when k is past the end. */
size_t lw_py_offset(const char *s, size_t n, size_t k);

/* The outcome of int(s). */
typedef enum lw_py_int_rc {
    LW_PY_INT_OK = 0,  /* *value holds it */
    LW_PY_INT_BIG,     /* a valid integer outside int64 (*value holds its sign: -1 or 1) */
    LW_PY_INT_INVALID, /* ValueError: not an integer, or more than 4300 digits */
} lw_py_int_rc;

/* int(s) for s (n bytes): base 10, as CPython 3.11. */
lw_py_int_rc lw_py_int(const char *s, size_t n, int64_t *value);

/* Python's str.split() without arguments: at most max fields of s (n bytes), split at
 * runs of whitespace, none empty. Writes each field's byte offset and length and
 * returns how many fields there are (possibly more than max: only max are written). */
size_t lw_py_split_ws(const char *s, size_t n, size_t max, size_t *start, size_t *len);

/* Python's s.split(sep) for a one-code-point separator given as its UTF-8 bytes
 * (sep_n bytes): like lw_py_split_ws, but every separator splits, so fields may be
 * empty and there is always at least one. */
size_t lw_py_split(const char *s, size_t n, const char *sep, size_t sep_n, size_t max,
                   size_t *start, size_t *len);

/* Python's s.find(sep) for an ASCII character: its code point index, or -1. */
int64_t lw_py_find(const char *s, size_t n, char c);

#endif
