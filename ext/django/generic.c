/*
 * Django's generic-name functions with Python's results (generic.h).
 *
 * The math follows CPython 3.11's mathmodule.c and floatobject.c: math_1's checks
 * (a NaN from a non-NaN argument is "math domain error", an infinity from a finite
 * one is "math range error" for exp and "math domain error" for the rest), m_log,
 * m_atan2 and fmod's special cases, float_pow's special cases before libm's pow, and
 * int ** int computed exactly (an integer result SQLite cannot hold is an error, as
 * Python's conversion of a larger int is).
 */
#include "django/generic.h"
#include "django/pytext.h"

#include "common/lw_sqlite.h"
#include "common/utf8.h"

#include <errno.h>
#include <math.h>
#include <nettle/nettle-meta.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- numbers ------------------------------------------------------------------ */

static void error_arg(lw_pr *r, const char *what, int arg, const lw_pv *v)
{
    char *d = lw_pv_describe(v);
    if (d)
        lw_pr_error(r, "%s: argument %d is %s", what, arg, d);
    else
        lw_pr_error(r, NULL);
    sqlite3_free(d);
}

/* float(v) as math functions take it: an int or a float, else TypeError. */
static int as_double(const lw_pv *v, int arg, double *x, lw_pr *r)
{
    if (v->kind == LW_PV_INT)
        *x = (double)v->i;
    else if (v->kind == LW_PV_FLOAT)
        *x = v->f;
    else {
        error_arg(r, "must be a number", arg, v);
        return 0;
    }
    return 1;
}

static void result_float(lw_pr *r, double x)
{
    r->kind = LW_PR_FLOAT;
    r->f = x; /* SQLite stores a NaN as NULL, as it does Python's */
}

static void result_int(lw_pr *r, int64_t i)
{
    r->kind = LW_PR_INT;
    r->i = i;
}

/* CPython's is_error() after a libm call that set errno. */
static int libm_error(double x, int arg, const lw_pv *v, lw_pr *r)
{
    if (errno == EDOM) {
        error_arg(r, "math domain error", arg, v);
        return 1;
    }
    if (errno == ERANGE && fabs(x) >= 1.5) {
        error_arg(r, "math range error", arg, v);
        return 1;
    }
    return 0;
}

/* CPython's math_1: f(x) with its error rules. */
static inline int math_1(double (*f)(double), int can_overflow, double x, const lw_pv *v,
                         double *out, lw_pr *r)
{
    errno = 0;
    double y = f(x);
    if (isnan(y) && !isnan(x)) {
        error_arg(r, "math domain error", 1, v);
        return 0;
    }
    if (isinf(y) && isfinite(x)) {
        error_arg(r, can_overflow ? "math range error" : "math domain error", 1, v);
        return 0;
    }
    if (isfinite(y) && errno && libm_error(y, 1, v, r))
        return 0;
    *out = y;
    return 1;
}

/* CPython's m_log: log with C99's special values made explicit. */
static double m_log(double x)
{
    if (isfinite(x)) {
        if (x > 0.0)
            return log(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0)
        return x;
    errno = EDOM;
    return NAN;
}

/* math.log's loghelper: ints must be positive; floats go through math_1. */
static int loghelper(const lw_pv *v, int arg, double *out, lw_pr *r)
{
    if (v->kind == LW_PV_INT) {
        if (v->i <= 0) {
            error_arg(r, "math domain error", arg, v);
            return 0;
        }
        *out = log((double)v->i);
        return 1;
    }
    double x;
    if (!as_double(v, arg, &x, r))
        return 0;
    errno = 0;
    double y = m_log(x);
    if ((isnan(y) && !isnan(x)) || (isinf(y) && isfinite(x))) {
        error_arg(r, "math domain error", arg, v);
        return 0;
    }
    *out = y;
    return 1;
}

/* An integral double as an int64 (PyLong_FromDouble, then SQLite's conversion). */
static void result_integral(lw_pr *r, double y, const lw_pv *v)
{
    if (isinf(y))
        error_arg(r, "cannot convert float infinity to integer", 1, v);
    else if (isnan(y))
        error_arg(r, "cannot convert float NaN to integer", 1, v);
    else if (y >= 9223372036854775808.0 || y < -9223372036854775808.0)
        error_arg(r, "the integer result does not fit SQLite's 64-bit integers", 1, v);
    else
        result_int(r, (int64_t)y);
}

/* The functions that are math_1 of their libm function, and whether a huge result of
 * one is an overflow ("math range error") rather than a domain error: CPython's FUNC1
 * table. */
static const struct {
    lw_dj_math op;
    double (*f)(double);
    int can_overflow;
} plain_math[] = {
    {LW_DJ_ACOS, acos, 0}, {LW_DJ_ASIN, asin, 0}, {LW_DJ_ATAN, atan, 0}, {LW_DJ_COS, cos, 0},
    {LW_DJ_SIN, sin, 0},   {LW_DJ_EXP, exp, 1},   {LW_DJ_SQRT, sqrt, 0},
};

void lw_dj_math1(lw_dj_math op, const lw_pv *v, lw_pr *r)
{
    double x, y;
    if (op == LW_DJ_CEILING || op == LW_DJ_FLOOR) {
        if (v->kind == LW_PV_INT) /* int.__ceil__ and __floor__ return the int */
            result_int(r, v->i);
        else if (as_double(v, 1, &x, r))
            result_integral(r, op == LW_DJ_CEILING ? ceil(x) : floor(x), v);
        return;
    }
    if (op == LW_DJ_SIGN) {
        if (v->kind == LW_PV_INT)
            result_int(r, (v->i > 0) - (v->i < 0));
        else if (v->kind == LW_PV_FLOAT)
            result_int(r, (v->f > 0) - (v->f < 0));
        else
            error_arg(r, "must be a number", 1, v);
        return;
    }
    if (op == LW_DJ_LN) {
        if (loghelper(v, 1, &y, r))
            result_float(r, y);
        return;
    }
    if (!as_double(v, 1, &x, r))
        return;
    switch (op) {
    case LW_DJ_DEGREES:
        result_float(r, x * (180.0 / M_PI)); /* CPython's radToDeg * x */
        return;
    case LW_DJ_RADIANS:
        result_float(r, x * (M_PI / 180.0));
        return;
    case LW_DJ_TAN:
    case LW_DJ_COT:
        if (!math_1(tan, 0, x, v, &y, r))
            return;
        if (op == LW_DJ_COT && y == 0)
            error_arg(r, "float division by zero (its tangent is 0)", 1, v);
        else
            result_float(r, op == LW_DJ_COT ? 1.0 / y : y);
        return;
    default:
        for (size_t i = 0; i < sizeof plain_math / sizeof plain_math[0]; i++)
            if (plain_math[i].op == op) {
                if (math_1(plain_math[i].f, plain_math[i].can_overflow, x, v, &y, r))
                    result_float(r, y);
                return;
            }
        return;
    }
}

void lw_dj_atan2(const lw_pv *vy, const lw_pv *vx, lw_pr *r)
{
    double y, x;
    if (!as_double(vy, 1, &y, r) || !as_double(vx, 2, &x, r))
        return;
    /* CPython's m_atan2 (C99 Annex F's special values, whatever the libm). */
    if (isnan(x) || isnan(y))
        result_float(r, NAN);
    else if (isinf(y))
        result_float(r, isinf(x) ? copysign(signbit(x) ? 0.75 * M_PI : 0.25 * M_PI, y)
                                 : copysign(0.5 * M_PI, y));
    else if (isinf(x) || y == 0.0)
        result_float(r, signbit(x) ? copysign(M_PI, y) : copysign(0.0, y));
    else
        result_float(r, atan2(y, x));
}

void lw_dj_mod(const lw_pv *vx, const lw_pv *vy, lw_pr *r)
{
    /* Integers that are exact as doubles: fmod is then C's %, whose remainder has the
     * dividend's sign too (a zero one included: fmod(-14, 7) is -0.0). glibc's fmod
     * took about 35 ns of MOD's 55 a row; % takes a few. */
    const int64_t exact = (int64_t)1 << 53;
    if (vx->kind == LW_PV_INT && vy->kind == LW_PV_INT && vy->i != 0 && vx->i >= -exact &&
        vx->i <= exact && vy->i >= -exact && vy->i <= exact) {
        int64_t m = vx->i % vy->i;
        result_float(r, m == 0 && vx->i < 0 ? -0.0 : (double)m);
        return;
    }
    double x, y;
    if (!as_double(vx, 1, &x, r) || !as_double(vy, 2, &y, r))
        return;
    if (isinf(y) && isfinite(x)) {
        result_float(r, x);
        return;
    }
    double m = fmod(x, y);
    if (isnan(m) && !isnan(x) && !isnan(y))
        error_arg(r, "math domain error", y == 0 ? 2 : 1, y == 0 ? vy : vx);
    else
        result_float(r, m);
}

void lw_dj_log(const lw_pv *vb, const lw_pv *vx, lw_pr *r)
{
    double num, den;
    /* math.log(x, b): the number first, then the base, then the division. */
    if (!loghelper(vx, 2, &num, r) || !loghelper(vb, 1, &den, r))
        return;
    if (den == 0)
        error_arg(r, "float division by zero (the logarithm of the base is 0)", 1, vb);
    else
        result_float(r, num / den);
}

static int is_odd_integer(double x)
{
    return fmod(fabs(x), 2.0) == 1.0;
}

/* CPython 3.11's float_pow. */
static void float_pow(double iv, double iw, const lw_pv *vx, const lw_pv *vy, lw_pr *r)
{
    int negate = 0;
    if (iw == 0) {
        result_float(r, 1.0);
        return;
    }
    if (isnan(iv)) {
        result_float(r, iv);
        return;
    }
    if (isnan(iw)) {
        result_float(r, iv == 1.0 ? 1.0 : iw);
        return;
    }
    if (isinf(iw)) {
        iv = fabs(iv);
        result_float(r, iv == 1.0 ? 1.0 : (iw > 0.0) == (iv > 1.0) ? fabs(iw) : 0.0);
        return;
    }
    if (isinf(iv)) {
        int odd = is_odd_integer(iw);
        if (iw > 0.0)
            result_float(r, odd ? iv : fabs(iv));
        else
            result_float(r, odd ? copysign(0.0, iv) : 0.0);
        return;
    }
    if (iv == 0.0) {
        if (iw < 0.0)
            error_arg(r, "0.0 cannot be raised to a negative power", 2, vy);
        else
            result_float(r, is_odd_integer(iw) ? iv : 0.0);
        return;
    }
    if (iv < 0.0) {
        if (iw != floor(iw)) {
            error_arg(r, "a negative number raised to a fractional power is complex", 1, vx);
            return;
        }
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0) {
        result_float(r, negate ? -1.0 : 1.0);
        return;
    }
    errno = 0;
    double ix = pow(iv, iw);
    /* _Py_ADJUST_ERANGE1 */
    if (errno == 0 && isinf(ix))
        errno = ERANGE;
    else if (errno == ERANGE && ix == 0.0)
        errno = 0;
    if (negate)
        ix = -ix;
    if (errno != 0)
        error_arg(r, errno == ERANGE ? "math range error" : "math domain error", 1, vx);
    else
        result_float(r, ix);
}

void lw_dj_power(const lw_pv *vx, const lw_pv *vy, lw_pr *r)
{
    if (vx->kind == LW_PV_INT && vy->kind == LW_PV_INT && vy->i >= 0) {
        /* int ** int: exact; only an int64 result can go back to SQLite. */
        int64_t base = vx->i, result = 1, e = vy->i;
        if (base == 0 || base == 1) {
            result_int(r, e == 0 ? 1 : base);
            return;
        }
        if (base == -1) {
            result_int(r, e % 2 ? -1 : 1);
            return;
        }
        while (e > 0) {
            if ((e & 1) && __builtin_mul_overflow(result, base, &result))
                goto overflow;
            e >>= 1;
            if (e > 0 && __builtin_mul_overflow(base, base, &base))
                goto overflow;
        }
        result_int(r, result);
        return;
    overflow:
        error_arg(r, "the integer result does not fit SQLite's 64-bit integers", 2, vy);
        return;
    }
    double x, y;
    if (!as_double(vx, 1, &x, r) || !as_double(vy, 2, &y, r))
        return;
    float_pow(x, y, vx, vy, r);
}

void lw_dj_bitxor(const lw_pv *a, const lw_pv *b, lw_pr *r)
{
    if (a->kind != LW_PV_INT)
        error_arg(r, "must be an integer", 1, a);
    else if (b->kind != LW_PV_INT)
        error_arg(r, "must be an integer", 2, b);
    else
        result_int(r, a->i ^ b->i);
}

/* ---- text ---------------------------------------------------------------------- */

static int is_seq(const lw_pv *v)
{
    return v->kind == LW_PV_STR || v->kind == LW_PV_BYTES;
}

/* Whether v's items are its bytes: bytes, or a str known to be ASCII. */
static int bytewise(const lw_pv *v)
{
    return v->kind != LW_PV_STR || v->ascii;
}

/* len(): code points of a str, bytes of bytes. */
static int64_t seq_len(const lw_pv *v)
{
    return bytewise(v) ? (int64_t)v->n : (int64_t)lw_py_len(v->s, v->n);
}

/* Byte offset of the first k items (code points or bytes) of v, k clamped to its
 * length. */
static size_t seq_offset(const lw_pv *v, int64_t k)
{
    if (k <= 0)
        return 0;
    if (!bytewise(v))
        return lw_py_offset(v->s, v->n, (size_t)k);
    return (size_t)k < v->n ? (size_t)k : v->n;
}

/* Python's s[:k] as a byte count. */
static size_t slice_end(const lw_pv *v, int64_t k)
{
    if (k < 0) {
        int64_t len = seq_len(v);
        k = len + k > 0 ? len + k : 0;
    }
    return seq_offset(v, k);
}

/* Starts a text or blob result of n bytes in r (allocated when it does not fit the
 * buffer); returns where to write, or NULL after setting r (out of memory, too big). */
static inline char *result_seq(lw_pr *r, lw_pv_kind kind, int64_t n, const lw_dj_limit *limit)
{
    r->kind = kind == LW_PV_STR ? LW_PR_TEXT : LW_PR_BLOB;
    r->n = (size_t)n;
    if ((size_t)n < sizeof r->buf) { /* SQLite checks the limit when it takes it */
        r->s = NULL;
        return r->buf;
    }
    if (limit && n > limit->get(limit->arg)) {
        r->kind = LW_PR_TOOBIG;
        return NULL;
    }
    r->s = sqlite3_malloc64((sqlite3_uint64)n + 1);
    if (!r->s)
        lw_pr_error(r, NULL);
    return r->s;
}

/*
 * Copying. Most results of the text functions are short and are assembled in the
 * result's buffer, which SQLite then copies into the register that holds the value
 * (SQLITE_TRANSIENT: no allocation per row). Short pieces are copied here 8 bytes at
 * a time rather than by memcpy: on the benchmark's rows (bench/django_functions), a
 * 66-byte result assembled by three memcpy calls and handed to SQLite at once cost 47
 * ns a row more than the same bytes copied in 8-byte words (131 ns against 84 for the
 * whole query), more than REPEAT's whole cost now. Long pieces go to memcpy.
 */
static inline void copy_bytes(char *out, const char *in, size_t n)
{
    if (n > sizeof(((lw_pr *)0)->buf)) {
        memcpy(out, in, n);
        return;
    }
    uint64_t word;
    if (n < 8) {
        for (size_t i = 0; i < n; i++)
            out[i] = in[i];
        return;
    }
    for (size_t i = 0; i + 8 < n; i += 8) {
        memcpy(&word, in + i, 8);
        memcpy(out + i, &word, 8);
    }
    memcpy(&word, in + n - 8, 8); /* the last 8, overlapping what is written */
    memcpy(out + n - 8, &word, 8);
}

/* Writes count bytes of fill repeated (fill_n > 0) into out. */
static void fill_bytes(char *out, const char *fill, size_t fill_n, size_t count)
{
    if (count <= sizeof(((lw_pr *)0)->buf)) { /* short: see copy_bytes */
        size_t done = 0;
        if (fill_n == 1) { /* LPAD's usual fill: words of the one byte */
            uint64_t word = 0x0101010101010101ull * (unsigned char)fill[0];
            for (; count - done >= 8; done += 8)
                memcpy(out + done, &word, 8);
            for (; done < count; done++)
                out[done] = fill[0];
        } else if (fill_n < 8) {
            for (size_t i = 0; done < count; done++, i = i + 1 == fill_n ? 0 : i + 1)
                out[done] = fill[i];
        } else {
            for (; count - done >= fill_n; done += fill_n)
                copy_bytes(out + done, fill, fill_n);
            copy_bytes(out + done, fill, count - done);
        }
        return;
    }
    size_t done = count < fill_n ? count : fill_n;
    memcpy(out, fill, done);
    while (done < count) { /* double what is written: O(log n) copies */
        size_t step = done < count - done ? done : count - done;
        memcpy(out + done, out, step);
        done += step;
    }
}

/* The number of bytes of the first want items (code points or bytes; want > 0) of
 * fill (not empty) repeated, or -1 when an int64_t cannot hold it. Those bytes are
 * the first ones of fill repeated, so fill_bytes writes them. */
static int64_t repeated_bytes(const lw_pv *fill, int64_t want)
{
    if (bytewise(fill)) /* no division on the usual path */
        return want;
    int64_t fill_len = seq_len(fill), bytes;
    if (__builtin_mul_overflow(want / fill_len, (int64_t)fill->n, &bytes) ||
        __builtin_add_overflow(bytes, (int64_t)seq_offset(fill, want % fill_len), &bytes))
        return -1;
    return bytes;
}

static void repeat_seq(const lw_pv *seq, int64_t times, const lw_dj_limit *limit, lw_pr *r)
{
    int64_t n;
    if (times <= 0 || seq->n == 0)
        n = 0;
    else if (__builtin_mul_overflow(times, (int64_t)seq->n, &n)) {
        r->kind = LW_PR_TOOBIG;
        return;
    }
    char *out = result_seq(r, seq->kind, n, limit);
    if (out)
        fill_bytes(out, seq->s, seq->n, (size_t)n);
}

void lw_dj_repeat(const lw_pv *a, const lw_pv *b, const lw_dj_limit *limit, lw_pr *r)
{
    if (is_seq(a) && b->kind == LW_PV_INT)
        repeat_seq(a, b->i, limit, r);
    else if (a->kind == LW_PV_INT && is_seq(b))
        repeat_seq(b, a->i, limit, r);
    else if (a->kind == LW_PV_INT && b->kind == LW_PV_INT) {
        int64_t product;
        if (__builtin_mul_overflow(a->i, b->i, &product))
            error_arg(r, "the integer result does not fit SQLite's 64-bit integers", 2, b);
        else
            result_int(r, product);
    } else if ((a->kind == LW_PV_INT || a->kind == LW_PV_FLOAT) &&
               (b->kind == LW_PV_INT || b->kind == LW_PV_FLOAT)) {
        double x = a->kind == LW_PV_INT ? (double)a->i : a->f;
        double y = b->kind == LW_PV_INT ? (double)b->i : b->f;
        result_float(r, x * y);
    } else if (is_seq(a) || is_seq(b))
        error_arg(r, "the count must be an integer", is_seq(a) ? 2 : 1, is_seq(a) ? b : a);
    else
        error_arg(r, "must be text, a blob or a number", 1, a);
}

/* Writes the n bytes of in (n >= 8) to out in reverse order, 8 at a time. */
static void reverse_bytes(char *out, const char *in, size_t n)
{
    uint64_t word;
    for (size_t i = 0; i + 8 < n; i += 8) {
        memcpy(&word, in + i, 8);
        word = __builtin_bswap64(word);
        memcpy(out + n - 8 - i, &word, 8);
    }
    memcpy(&word, in + n - 8, 8); /* the last 8 go first, overlapping what is written */
    word = __builtin_bswap64(word);
    memcpy(out, &word, 8);
}

void lw_dj_reverse(const lw_pv *s, lw_pr *r)
{
    if (!is_seq(s)) {
        error_arg(r, "must be text or a blob", 1, s);
        return;
    }
    char *out = result_seq(r, s->kind, (int64_t)s->n, NULL); /* as long as s */
    if (!out)
        return;
    if (bytewise(s) && s->n >= 8) {
        reverse_bytes(out, s->s, s->n);
        return;
    }
    if (s->kind == LW_PV_BYTES) {
        for (size_t i = 0; i < s->n; i++)
            out[i] = s->s[s->n - 1 - i];
        return;
    }
    size_t i = lw_utf8_ascii_prefix(s->s, s->n);
    for (size_t k = 0; k < i; k++) /* ASCII: one byte per code point */
        out[s->n - 1 - k] = s->s[k];
    while (i < s->n) { /* each code point's bytes keep their order */
        size_t at = i;
        lw_py_next(s->s, &i);
        copy_bytes(out + s->n - i, s->s + at, i - at);
    }
}

void lw_dj_lpad(const lw_pv *s, const lw_pv *length, const lw_pv *fill, const lw_dj_limit *limit,
                lw_pr *r)
{
    if (!is_seq(s)) {
        error_arg(r, "must be text or a blob", 1, s);
        return;
    }
    if (length->kind != LW_PV_INT) {
        /* len(s) >= length fails for text; either branch then fails for a float. */
        error_arg(r, "the length must be an integer", 2, length);
        return;
    }
    int64_t len = seq_len(s);
    if (len >= length->i) { /* text[:length] */
        char *out = result_seq(r, s->kind, (int64_t)slice_end(s, length->i), limit);
        if (out)
            copy_bytes(out, s->s, r->n);
        return;
    }
    if (!is_seq(fill) || fill->kind != s->kind) {
        error_arg(r,
                  is_seq(fill) ? "the fill must be of the same type as argument 1"
                               : "the fill must be text or a blob",
                  3, fill);
        return;
    }
    /* (fill * length)[:length - len(text)] + text, without building fill * length,
     * which holds at least length - len(text) items unless fill is empty. */
    int64_t pad = fill->n == 0 ? 0 : repeated_bytes(fill, length->i - len);
    int64_t total;
    if (pad < 0 || __builtin_add_overflow(pad, (int64_t)s->n, &total)) {
        r->kind = LW_PR_TOOBIG;
        return;
    }
    char *out = result_seq(r, s->kind, total, limit);
    if (!out)
        return;
    fill_bytes(out, fill->s, fill->n, (size_t)pad);
    copy_bytes(out + pad, s->s, s->n);
}

void lw_dj_rpad(const lw_pv *s, const lw_pv *length, const lw_pv *fill, const lw_dj_limit *limit,
                lw_pr *r)
{
    /* (text + fill_text * length)[:length]: fill * length first, then the +. */
    if (length->kind != LW_PV_INT) {
        error_arg(r, "the length must be an integer", 2, length);
        return;
    }
    if (!is_seq(fill)) {
        error_arg(r, "the fill must be text or a blob", 3, fill);
        return;
    }
    if (!is_seq(s) || s->kind != fill->kind) {
        error_arg(r, "must be of the same type as the fill", 1, s);
        return;
    }
    int64_t n = length->i;
    if (n < 0 || fill->n == 0) { /* fill * length is empty: text[:length] */
        char *out = result_seq(r, s->kind, (int64_t)slice_end(s, n), limit);
        if (out)
            copy_bytes(out, s->s, r->n);
        return;
    }
    int64_t len = seq_len(s);
    if (n <= len) {
        char *out = result_seq(r, s->kind, (int64_t)seq_offset(s, n), limit);
        if (out)
            copy_bytes(out, s->s, r->n);
        return;
    }
    /* Text, then n - len items of fill repeated (fill * n holds at least that many). */
    int64_t pad = repeated_bytes(fill, n - len);
    int64_t total;
    if (pad < 0 || __builtin_add_overflow(pad, (int64_t)s->n, &total)) {
        r->kind = LW_PR_TOOBIG;
        return;
    }
    char *out = result_seq(r, s->kind, total, limit);
    if (!out)
        return;
    copy_bytes(out, s->s, s->n);
    fill_bytes(out + s->n, fill->s, fill->n, (size_t)pad);
}

/* ---- digests -------------------------------------------------------------------- */

/* Sixteen bytes of in as 32 lowercase hex digits in out, with SSE2: each byte's high
 * and low nibbles interleaved, then '0' added, and 'a' - '0' - 10 more above 9. */
#if defined(__SSE2__)
static void hex16(char *out, const unsigned char *in)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)in);
    __m128i low_nibble = _mm_set1_epi8(0x0f), nine = _mm_set1_epi8(9);
    __m128i zero = _mm_set1_epi8('0'), letter = _mm_set1_epi8('a' - '0' - 10);
    __m128i hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), low_nibble);
    __m128i lo = _mm_and_si128(bytes, low_nibble);
    hi = _mm_add_epi8(_mm_add_epi8(hi, zero), _mm_and_si128(_mm_cmpgt_epi8(hi, nine), letter));
    lo = _mm_add_epi8(_mm_add_epi8(lo, zero), _mm_and_si128(_mm_cmpgt_epi8(lo, nine), letter));
    _mm_storeu_si128((__m128i *)(void *)out, _mm_unpacklo_epi8(hi, lo));
    _mm_storeu_si128((__m128i *)(void *)(out + 16), _mm_unpackhi_epi8(hi, lo));
}
#endif

/* The n bytes of in (a digest, 16 to 64 bytes) as 2n lowercase hex digits in out.
 * With SSE2, 16 bytes at a time, the last 16 overlapping what is written when n is
 * not a multiple of 16: SHA-512's hex and result took 70 ns a row byte by byte, 25 ns
 * so (bench/django_functions/README.md). */
static void hex_digest(char *out, const unsigned char *in, size_t n)
{
#if defined(__SSE2__)
    if (n >= 16) {
        for (size_t i = 0; i + 16 < n; i += 16)
            hex16(out + 2 * i, in + i);
        hex16(out + 2 * (n - 16), in + n - 16);
        return;
    }
#endif
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
}

void lw_dj_hash_hex(lw_dj_hash h, const lw_pv *s, lw_pr *r)
{
    static const struct nettle_hash *const hashes[] = {
        &nettle_md5, &nettle_sha1, &nettle_sha224, &nettle_sha256, &nettle_sha384, &nettle_sha512,
    };
    if (s->kind != LW_PV_STR) {
        error_arg(r, "must be text (Python calls its encode())", 1, s);
        return;
    }
    const struct nettle_hash *hash = hashes[h];
    /* Big enough and aligned for every context above (SHA-512's is the largest). */
    union {
        max_align_t align;
        unsigned char bytes[256];
    } ctx;
    unsigned char digest[64];
    hash->init(&ctx);
    hash->update(&ctx, s->n, (const uint8_t *)s->s);
    hash->digest(&ctx, hash->digest_size, digest);
    hex_digest(r->buf, digest, hash->digest_size);
    r->kind = LW_PR_TEXT;
    r->s = NULL;
    r->n = 2 * hash->digest_size;
}
