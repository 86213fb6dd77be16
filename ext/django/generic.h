/*
 * The functions with generic names that Django 3.2's SQLite backend registers on
 * every connection, with Python's results (django/db/backends/sqlite3/base.py):
 *
 *   ACOS ASIN ATAN COS SIN TAN EXP SQRT LN     math.<f>(x)
 *   DEGREES RADIANS CEILING FLOOR              math.degrees, radians, ceil, floor
 *   COT(x)                                     1 / math.tan(x)
 *   SIGN(x)                                    (x > 0) - (x < 0)
 *   ATAN2(y, x), MOD(x, y)                     math.atan2, math.fmod
 *   LOG(b, x)                                  math.log(x, b)
 *   POWER(x, y), BITXOR(a, b), REPEAT(a, b)    operator.pow, xor, mul
 *   REVERSE(s)                                 s[::-1]
 *   LPAD(s, n, fill), RPAD(s, n, fill)         _sqlite_lpad, _sqlite_rpad
 *   MD5 SHA1 SHA224 SHA256 SHA384 SHA512(s)    hashlib.<h>(s.encode()).hexdigest()
 *   PI()                                       math.pi
 *
 * Every one returns NULL when any argument is NULL (Django's none_guard). Python's
 * types carry through: CEILING(2.5) is the integer 3, POWER(2, 3) the integer 8,
 * POWER(2, -1) the real 0.5, REPEAT('ab', 2) text, REPEAT(3, 4) the integer 12; the
 * text functions count code points. Where Python raises (a math domain error, a
 * division by zero, an operand type it does not take) the result is an error. The
 * digests come from Nettle.
 */
#ifndef LW_DJANGO_GENERIC_H
#define LW_DJANGO_GENERIC_H

#include "django/pyvalue.h"

typedef enum lw_dj_math {
    LW_DJ_ACOS,
    LW_DJ_ASIN,
    LW_DJ_ATAN,
    LW_DJ_COS,
    LW_DJ_SIN,
    LW_DJ_TAN,
    LW_DJ_EXP,
    LW_DJ_SQRT,
    LW_DJ_LN,
    LW_DJ_DEGREES,
    LW_DJ_RADIANS,
    LW_DJ_CEILING,
    LW_DJ_FLOOR,
    LW_DJ_COT,
    LW_DJ_SIGN,
} lw_dj_math;

/* One-argument math; the argument is x (not NULL). */
void lw_dj_math1(lw_dj_math op, const lw_pv *x, lw_pr *r);
void lw_dj_atan2(const lw_pv *y, const lw_pv *x, lw_pr *r);
void lw_dj_mod(const lw_pv *x, const lw_pv *y, lw_pr *r);
void lw_dj_log(const lw_pv *base, const lw_pv *x, lw_pr *r);
void lw_dj_power(const lw_pv *x, const lw_pv *y, lw_pr *r);
void lw_dj_bitxor(const lw_pv *a, const lw_pv *b, lw_pr *r);

/* The most bytes a text result may have (SQLite's SQLITE_LIMIT_LENGTH): get(arg). The
 * text functions ask only before allocating a result too long for lw_pr's buffer;
 * SQLite checks a shorter one itself when it takes it ("string or blob too big"
 * either way), and asking is two calls into SQLite, about 5% of REPEAT's cost a row. */
typedef struct lw_dj_limit {
    int64_t (*get)(void *arg);
    void *arg;
} lw_dj_limit;

/* The text functions: results longer than the limit are LW_PR_TOOBIG. */
void lw_dj_repeat(const lw_pv *a, const lw_pv *b, const lw_dj_limit *limit, lw_pr *r);
void lw_dj_reverse(const lw_pv *s, lw_pr *r);
void lw_dj_lpad(const lw_pv *s, const lw_pv *length, const lw_pv *fill, const lw_dj_limit *limit,
                lw_pr *r);
void lw_dj_rpad(const lw_pv *s, const lw_pv *length, const lw_pv *fill, const lw_dj_limit *limit,
                lw_pr *r);

typedef enum lw_dj_hash {
    LW_DJ_MD5,
    LW_DJ_SHA1,
    LW_DJ_SHA224,
    LW_DJ_SHA256,
    LW_DJ_SHA384,
    LW_DJ_SHA512
} lw_dj_hash;

/* The lowercase hex digest of s's UTF-8 bytes, in r->buf. */
void lw_dj_hash_hex(lw_dj_hash h, const lw_pv *s, lw_pr *r);

#endif
