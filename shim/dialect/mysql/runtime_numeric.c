/*
 * MySQL/MariaDB arithmetic as SQL functions (registered by runtime.c). The rewriter
 * types each operand and passes its class as a letter, so that a value's storage
 * (decimal text is TEXT in SQLite, as strings are) does not decide its meaning:
 *
 *   i  a signed integer       u  an unsigned integer (TEXT above INT64_MAX)
 *   d  an exact DECIMAL       f  a DOUBLE
 *   s  a string: converted to a DOUBLE, warning 1292 when it is not all number
 *   h  a hexadecimal or bit constant: its bytes as an unsigned integer
 *   ?  unknown (a parameter): INTEGER is i, REAL is f, TEXT and BLOB are s
 *
 *   my_ops(A, OP, B, TYPES, SRC [, OP, B, TYPES, SRC]...)   the chain ((A OP B) OP C)...
 *                                    in one call (a nested call per operator would nest
 *                                    as deep as the chain is long, past SQLite's parser
 *                                    stack), each step computed as MariaDB computes it:
 *                                    OP one of + - * D (DIV) % (MOD) /; TYPES the step's
 *                                    two class letters, and for / the operands' static
 *                                    scales ("dd 2 0"); SRC the step's expression as
 *                                    MariaDB prints it, for its errors: the last step's
 *                                    text, an earlier step's the length of its prefix.
 *                                    Integers when both are (signed, or unsigned when
 *                                    either is; out of range: 1690 "BIGINT [UNSIGNED]
 *                                    value is out of range in 'SRC'"), exact when either
 *                                    is DECIMAL (the decimal module), DOUBLE when either
 *                                    is a DOUBLE or a string; x DIV 0, x % 0 and x / 0
 *                                    are NULL with warning 1365 (an error in a strict
 *                                    write). A / B is a DECIMAL unless an operand is a
 *                                    DOUBLE or a string; MariaDB computes the quotient to
 *                                    ceil((DA + DB + div_precision_increment) / 9) * 9
 *                                    digits (DA, DB: the operands' scales, the static
 *                                    one or the value's when longer: an earlier
 *                                    quotient's), truncated; the rewriter rounds what the
 *                                    query shows to DA + div_precision_increment
 *                                    (my_dround). A NULL step makes the rest NULL, its
 *                                    later operands still read (their warnings). Each
 *                                    step reads the one before as the nested call would
 *                                    have received it (a DECIMAL through the exact-numeric
 *                                    carrier's CAST to text). Limit: the operands are
 *                                    all computed before the first step, so where a step
 *                                    and a later operand both fail, the operand's error
 *                                    is the one reported (MariaDB reports the step's).
 *   my_op(OP, A, B, TYPES, SRC), my_div(A, B, TYPES, DA, DB, SRC)   one step (MOD()
 *                                    writes my_op; my_div is kept for schemas written
 *                                    before my_ops)
 *   my_dround(X, D)                  X (exact) rounded half away from zero to D places,
 *                                    the scale a result column shows
 *   my_fround(X, D)                  a DOUBLE shown with D decimals (PI() shows 6)
 *   my_num(X, TYPE)                  X as a number for a comparison with a number
 *   my_bit(OP, A, B, TYPES), my_bitnot(X, TYPE)   & | ^ << >> ~ on 64-bit unsigned
 *   my_cast(X, TYPE, TARGET, P, S, SRC)  CAST(X AS SIGNED | UNSIGNED | DECIMAL(P,S) |
 *                                    DOUBLE | FLOAT | CHAR(P)) with MariaDB's rounding,
 *                                    clipping and warnings (1292, 1264)
 *   my_int_check(X)                  an integer result (unary minus) in BIGINT's range
 *   my_round(X, D, TYPE), my_truncate(X, D, TYPE)   exact values round half away from
 *                                    zero, DOUBLEs half to even
 *   my_ceil(X, TYPE), my_floor(X, TYPE), my_abs(X, TYPE, SRC), my_sign(X, TYPE)
 *   my_pow, my_sqrt, my_exp, my_ln, my_log10, my_degrees, my_radians, my_pi,
 *   my_bit_count, my_interval(N, N1, ...)
 *
 * NULL in gives NULL out. Numbers print as the mariadb client prints them
 * (my_format_double: the shortest text that reads back the value, in exponent form
 * when the point is more than 15 places from the first digit).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal/decimal.h"
#include "dialect/mysql/runtime_int.h"

/* ---- Strings as numbers --------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void my_parse_number(const char *s, size_t n, my_number *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    size_t start = i;
    int neg = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    size_t digits_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    size_t int_digits = i - digits_start, frac_digits = 0;
    int fraction = 0, exponent = 0;
    if (i < n && s[i] == '.') {
        size_t j = i + 1;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++;
        frac_digits = j - i - 1;
        if (int_digits || frac_digits) {
            fraction = 1;
            i = j;
        }
    }
    if (!int_digits && !frac_digits) {
        /* No number at all (the empty string too): 0, truncated. */
        out->empty = 1;
        out->truncated = 1;
        return;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < n && s[j] >= '0' && s[j] <= '9') {
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            exponent = 1;
            i = j;
        }
    }
    size_t end = i;
    for (size_t k = end; k < n; k++)
        if (!is_space(s[k]))
            out->truncated = 1;
    char buf[512];
    size_t len = end - start < sizeof buf - 1 ? end - start : sizeof buf - 1;
    memcpy(buf, s + start, len);
    buf[len] = 0;
    out->d = strtod(buf, NULL);
    if (!fraction && !exponent) {
        uint64_t v = 0;
        int over = 0;
        for (size_t k = digits_start; k < digits_start + int_digits; k++) {
            unsigned dgt = (unsigned)(s[k] - '0');
            if (v > (UINT64_MAX - dgt) / 10) {
                over = 1;
                break;
            }
            v = v * 10 + dgt;
        }
        if (!over && !neg && v > (uint64_t)INT64_MAX) {
            out->is_int = out->is_unsigned = 1;
            out->u = v;
        } else if (!over && (v <= (uint64_t)INT64_MAX || (neg && v == (uint64_t)INT64_MAX + 1))) {
            out->is_int = 1;
            out->i = neg ? (int64_t)(0 - v) : (int64_t)v;
        }
    }
}

char *my_quote_value(const char *s, size_t n)
{
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "", 0);
    size_t shown = n > 64 ? 64 : n;
    for (size_t i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            lw_sqlbuf_appendf(&b, "\\x%02X", c);
        else
            lw_sqlbuf_append(&b, (const char *)&c, 1);
    }
    if (shown < n)
        lw_sqlbuf_append(&b, "...", 3);
    return lw_sqlbuf_finish(&b);
}

void my_truncated_warning(my_session *s, const char *type, const char *text, size_t n)
{
    char *q = my_quote_value(text, n);
    my_warn(s, LW_LEVEL_WARNING, 1292, "Truncated incorrect %s value: '%s'", type, q ? q : "");
    sqlite3_free(q);
}

int my_value_double(my_session *s, sqlite3_value *v, double *out)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        return 1;
    case SQLITE_INTEGER:
        *out = (double)sqlite3_value_int64(v);
        return 0;
    case SQLITE_FLOAT:
        *out = sqlite3_value_double(v);
        return 0;
    default: {
        const char *t = (const char *)sqlite3_value_text(v);
        size_t n = (size_t)sqlite3_value_bytes(v);
        my_number num;
        my_parse_number(t ? t : "", n, &num);
        if (num.truncated)
            my_truncated_warning(s, "DOUBLE", t ? t : "", n);
        *out = num.d;
        return 0;
    }
    }
}

/* ---- Doubles as the client prints them -------------------------------------------------- */

size_t my_format_double(double v, int single, char *buf, size_t cap)
{
    if (v != v)
        return (size_t)snprintf(buf, cap, "nan");
    if (isinf(v))
        return (size_t)snprintf(buf, cap, v > 0 ? "inf" : "-inf");
    if (v == 0)
        return (size_t)snprintf(buf, cap, "0");
    /* The shortest digits that read back as v (6 significant ones for FLOAT). */
    char e[64];
    int prec = single ? 6 : 1;
    for (; prec <= 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, v);
        if (single || strtod(e, NULL) == v)
            break;
    }
    /* e is "-d.ddde+XX": its digits and decimal exponent. */
    const char *p = e;
    int neg = *p == '-';
    if (neg)
        p++;
    char digits[32];
    int nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[nd++] = *p;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = 0;
    int exp10 = atoi(p + 1);
    int decpt = exp10 + 1; /* the value is 0.digits * 10^decpt */
    size_t k = 0;
    char out[400];
    if (neg)
        out[k++] = '-';
    if (decpt > 15 || decpt < -14) {
        out[k++] = digits[0];
        if (nd > 1) {
            out[k++] = '.';
            memcpy(out + k, digits + 1, (size_t)nd - 1);
            k += (size_t)nd - 1;
        }
        k += (size_t)snprintf(out + k, sizeof out - k, "e%d", decpt - 1);
    } else if (decpt <= 0) {
        out[k++] = '0';
        out[k++] = '.';
        for (int z = 0; z < -decpt; z++)
            out[k++] = '0';
        memcpy(out + k, digits, (size_t)nd);
        k += (size_t)nd;
    } else {
        for (int i = 0; i < decpt; i++)
            out[k++] = i < nd ? digits[i] : '0';
        if (nd > decpt) {
            out[k++] = '.';
            memcpy(out + k, digits + decpt, (size_t)(nd - decpt));
            k += (size_t)(nd - decpt);
        }
    }
    out[k] = 0;
    return (size_t)snprintf(buf, cap, "%s", out);
}

void my_result_double(sqlite3_context *ctx, double v, const char *src)
{
    if (isinf(v) || v != v) {
        my_error(ctx, 1690, "DOUBLE value is out of range in '%s'", src ? src : "");
        return;
    }
    sqlite3_result_double(ctx, v);
}

/* ---- Operands --------------------------------------------------------------------------- */

/* The class of an operand once read. */
typedef enum { OP_NULL = 0, OP_INT, OP_UINT, OP_DEC, OP_DOUBLE } op_class;

typedef struct operand {
    op_class cls;
    int64_t i;
    uint64_t u;
    double d;
    lw_decimal dec; /* OP_DEC */
} operand;

static void operand_clear(operand *o)
{
    if (o->cls == OP_DEC)
        lw_decimal_clear(&o->dec);
}

/* A BLOB's bytes as a big-endian unsigned integer (hexadecimal and bit constants). */
static void bytes_number(sqlite3_value *v, operand *o)
{
    const unsigned char *b = sqlite3_value_blob(v);
    int n = sqlite3_value_bytes(v);
    uint64_t u = 0;
    for (int i = 0; i < n; i++)
        u = (u << 8) | b[i];
    if (u > (uint64_t)INT64_MAX) {
        o->cls = OP_UINT;
        o->u = u;
    } else {
        o->cls = OP_INT;
        o->i = (int64_t)u;
    }
}

/* A string as MariaDB converts it in arithmetic: a DOUBLE, warning when truncated. */
static void string_number(my_session *s, const char *t, size_t n, operand *o)
{
    my_number num;
    my_parse_number(t ? t : "", n, &num);
    if (num.truncated)
        my_truncated_warning(s, "DOUBLE", t ? t : "", n);
    o->cls = OP_DOUBLE;
    o->d = num.d;
}

/* Reads a value stored as vt (SQLITE_INTEGER i, SQLITE_FLOAT d, or text t of n bytes)
 * as an operand of the class letter `type`: my_read_operand's rules, shared with a
 * chain's intermediate results (chain_operand). */
static void read_stored(my_session *s, int vt, int64_t i, double d, const char *t, size_t n,
                        char type, operand *o)
{
    if (vt == SQLITE_INTEGER && type != 'f') {
        o->cls = OP_INT;
        o->i = i;
        if (type == 'd') {
            o->cls = OP_DEC;
            lw_decimal_from_int64(&o->dec, o->i);
        } else if (type == 'u') {
            /* An unsigned operand makes the arithmetic unsigned, whatever its value. */
            o->cls = OP_UINT;
            o->u = (uint64_t)o->i;
        }
        return;
    }
    if (vt == SQLITE_FLOAT || vt == SQLITE_INTEGER) {
        o->cls = OP_DOUBLE;
        o->d = vt == SQLITE_FLOAT ? d : (double)i;
        return;
    }
    if (type == 'd' && t && lw_decimal_from_text(&o->dec, t, n) == LW_DECIMAL_OK) {
        o->cls = OP_DEC;
        return;
    }
    if (type == 'u' || type == 'i') {
        my_number num;
        my_parse_number(t ? t : "", n, &num);
        if (num.is_int && !num.truncated) {
            o->cls = num.is_unsigned ? OP_UINT : OP_INT;
            o->i = num.i;
            o->u = num.u;
            return;
        }
    }
    string_number(s, t, n, o);
}

int my_read_operand(my_session *s, sqlite3_value *v, char type, operand *o);

/* Reads v as an operand of the given class letter (see the header). */
int my_read_operand(my_session *s, sqlite3_value *v, char type, operand *o)
{
    memset(o, 0, sizeof *o);
    int vt = sqlite3_value_type(v);
    if (vt == SQLITE_NULL)
        return 0;
    if (type == 'h' && vt == SQLITE_BLOB) {
        bytes_number(v, o);
        return 0;
    }
    if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT) {
        read_stored(s, vt, sqlite3_value_int64(v), sqlite3_value_double(v), NULL, 0, type, o);
        return 0;
    }
    const char *t = (const char *)sqlite3_value_text(v);
    read_stored(s, SQLITE_TEXT, 0, 0, t, (size_t)sqlite3_value_bytes(v), type, o);
    return 0;
}

/* The operand as a decimal (integers exactly, doubles through their shortest text). */
static lw_decimal_status to_decimal(const operand *o, lw_decimal *d)
{
    switch (o->cls) {
    case OP_INT:
        lw_decimal_from_int64(d, o->i);
        return LW_DECIMAL_OK;
    case OP_UINT: {
        char buf[24];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)o->u);
        return lw_decimal_from_text(d, buf, strlen(buf));
    }
    case OP_DEC:
        return lw_decimal_copy(d, &o->dec);
    default:
        return lw_decimal_from_double(d, o->d);
    }
}

static double to_double(const operand *o)
{
    switch (o->cls) {
    case OP_INT:
        return (double)o->i;
    case OP_UINT:
        return (double)o->u;
    case OP_DEC: {
        size_t len;
        char *t = lw_decimal_to_text(&o->dec, &len);
        double d = t ? strtod(t, NULL) : 0;
        sqlite3_free(t);
        return d;
    }
    default:
        return o->d;
    }
}

/* The integer operand as a 128-bit integer. */
static __int128 to_int128(const operand *o)
{
    return o->cls == OP_UINT ? (__int128)o->u : (__int128)o->i;
}

void my_result_decimal(sqlite3_context *ctx, const lw_decimal *d)
{
    size_t len;
    char *t = lw_decimal_to_text(d, &len);
    if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, t, len, sqlite3_free, SQLITE_UTF8);
}

/* An integer result: signed, or unsigned (TEXT above INT64_MAX); out of range is
 * 1690 naming the expression. */
static void result_int128(sqlite3_context *ctx, __int128 v, int is_unsigned, const char *src)
{
    if (is_unsigned ? (v < 0 || v > (__int128)UINT64_MAX) : (v < INT64_MIN || v > INT64_MAX)) {
        my_error(ctx, 1690, "BIGINT%s value is out of range in '%s'",
                 is_unsigned ? " UNSIGNED" : "", src ? src : "");
        return;
    }
    if (v > INT64_MAX) {
        char buf[24];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)(uint64_t)v);
        sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_result_int64(ctx, (int64_t)v);
    }
}

void my_division_by_zero(sqlite3_context *ctx, my_session *s)
{
    if (!(s->sql_mode & MY_MODE_DIV_ZERO)) {
        sqlite3_result_null(ctx);
        return;
    }
    if (my_strict_write(s)) {
        my_error(ctx, 1365, "Division by 0");
        return;
    }
    my_warn(s, LW_LEVEL_WARNING, 1365, "Division by 0");
    sqlite3_result_null(ctx);
}

static const char *arg_text(sqlite3_value **argv, int i)
{
    const char *t = (const char *)sqlite3_value_text(argv[i]);
    return t ? t : "";
}

/* ---- + - * DIV % / ------------------------------------------------------------------------- */

/* The outcome of one step: its value in an operand (OP_NULL for NULL), or an error
 * already raised on the context. */
enum { STEP_OK = 0, STEP_ERROR = 1 };

/* x / 0, x DIV 0 and x % 0 in a step: my_division_by_zero's NULL or warning, or its
 * error (STEP_ERROR) in a strict write. */
static int step_division_by_zero(sqlite3_context *ctx, my_session *s, operand *r)
{
    r->cls = OP_NULL;
    my_division_by_zero(ctx, s);
    return (s->sql_mode & MY_MODE_DIV_ZERO) && my_strict_write(s) ? STEP_ERROR : STEP_OK;
}

/* An integer step's value, signed or unsigned; out of the kind's range it is 1690
 * naming the step's expression (src, its first src_len bytes). */
static int step_int(sqlite3_context *ctx, __int128 v, int is_unsigned, const char *src, int src_len,
                    operand *r)
{
    if (is_unsigned ? (v < 0 || v > (__int128)UINT64_MAX) : (v < INT64_MIN || v > INT64_MAX)) {
        my_error(ctx, 1690, "BIGINT%s value is out of range in '%.*s'",
                 is_unsigned ? " UNSIGNED" : "", src_len, src);
        return STEP_ERROR;
    }
    r->cls = is_unsigned ? OP_UINT : OP_INT;
    r->u = (uint64_t)v;
    r->i = (int64_t)v;
    return STEP_OK;
}

/* A DOUBLE step's value; infinities and NaN are 1690. */
static int step_double(sqlite3_context *ctx, double v, const char *src, int src_len, operand *r)
{
    if (isinf(v) || v != v) {
        my_error(ctx, 1690, "DOUBLE value is out of range in '%.*s'", src_len, src);
        return STEP_ERROR;
    }
    r->cls = OP_DOUBLE;
    r->d = v;
    return STEP_OK;
}

/* An exact step's value (a copy of d). */
static int step_decimal(sqlite3_context *ctx, const lw_decimal *d, operand *r)
{
    lw_decimal_init(&r->dec);
    if (lw_decimal_copy(&r->dec, d) != LW_DECIMAL_OK) {
        lw_decimal_clear(&r->dec);
        sqlite3_result_error_nomem(ctx);
        return STEP_ERROR;
    }
    r->cls = OP_DEC;
    return STEP_OK;
}

/* DIV: an integer quotient, truncated toward zero. */
static int div_integer_step(sqlite3_context *ctx, my_session *s, const operand *a, const operand *b,
                            int is_int, const char *src, int src_len, operand *r)
{
    if (is_int) {
        __int128 x = to_int128(a), y = to_int128(b);
        if (y == 0)
            return step_division_by_zero(ctx, s, r);
        return step_int(ctx, x / y, a->cls == OP_UINT || b->cls == OP_UINT, src, src_len, r);
    }
    if (to_double(b) == 0)
        return step_division_by_zero(ctx, s, r);
    lw_decimal x, q, yd;
    lw_decimal_init(&x);
    lw_decimal_init(&q);
    lw_decimal_init(&yd);
    int rc = STEP_OK;
    /* Computed with guard digits, then cut toward zero. */
    if (to_decimal(a, &x) == LW_DECIMAL_OK && to_decimal(b, &yd) == LW_DECIMAL_OK &&
        lw_decimal_div(&q, &x, &yd, 20) == LW_DECIMAL_OK &&
        lw_decimal_round(&q, &q, 0, 1) == LW_DECIMAL_OK) {
        size_t len;
        char *t = lw_decimal_to_text(&q, &len);
        my_number num;
        my_parse_number(t ? t : "0", t ? len : 1, &num);
        if (num.is_int) {
            rc = step_int(ctx, num.is_unsigned ? (__int128)num.u : num.i, num.is_unsigned, src,
                          src_len, r);
        } else {
            my_error(ctx, 1690, "BIGINT value is out of range in '%.*s'", src_len, src);
            rc = STEP_ERROR;
        }
        sqlite3_free(t);
    }
    lw_decimal_clear(&x);
    lw_decimal_clear(&q);
    lw_decimal_clear(&yd);
    return rc;
}

/* MariaDB's maximum scale of a DECIMAL. */
#define MY_DECIMAL_MAX_SCALE 38

/* A / B: a DECIMAL unless an operand is a DOUBLE (da, db: the operands' static scales,
 * -1 when the rewriter did not know them). */
static int divide_step(sqlite3_context *ctx, my_session *s, const operand *a, const operand *b,
                       int da, int db, const char *src, int src_len, operand *r)
{
    if (a->cls == OP_DOUBLE || b->cls == OP_DOUBLE) {
        double y = to_double(b);
        if (y == 0)
            return step_division_by_zero(ctx, s, r);
        return step_double(ctx, to_double(a) / y, src, src_len, r);
    }
    lw_decimal x, y, q;
    lw_decimal_init(&x);
    lw_decimal_init(&y);
    lw_decimal_init(&q);
    int rc = STEP_OK;
    if (to_decimal(a, &x) == LW_DECIMAL_OK && to_decimal(b, &y) == LW_DECIMAL_OK) {
        if (lw_decimal_sign(&y) == 0) {
            rc = step_division_by_zero(ctx, s, r);
        } else {
            /* MariaDB divides to the scales the operands have: a column's declared
             * one (the static scale, as its stored text may be shorter), or what the
             * step before computed (an earlier quotient's 9-digit words, longer than
             * the static scale the rewriter gives it). */
            if (da < x.scale)
                da = x.scale;
            if (db < y.scale)
                db = y.scale;
            int digits = (da + db + s->div_precision_increment + 8) / 9 * 9;
            /* Long division truncates: computed with guard digits, then cut. */
            if (lw_decimal_div(&q, &x, &y, digits + 20) == LW_DECIMAL_OK &&
                lw_decimal_round(&q, &q, digits, 1) == LW_DECIMAL_OK) {
                rc = step_decimal(ctx, &q, r);
            } else {
                my_error(ctx, 1690, "DECIMAL value is out of range in '%.*s'", src_len, src);
                rc = STEP_ERROR;
            }
        }
    }
    lw_decimal_clear(&x);
    lw_decimal_clear(&y);
    lw_decimal_clear(&q);
    return rc;
}

/* a OP b for OP one of + - * D (DIV) % and / (da, db its static scales): the value
 * into *r (NULL when either operand is NULL), or STEP_ERROR with the error raised. */
static int op_step(sqlite3_context *ctx, my_session *s, char op, const operand *a, const operand *b,
                   int da, int db, const char *src, int src_len, operand *r)
{
    memset(r, 0, sizeof *r);
    if (a->cls == OP_NULL || b->cls == OP_NULL)
        return STEP_OK;
    int is_int = (a->cls == OP_INT || a->cls == OP_UINT) && (b->cls == OP_INT || b->cls == OP_UINT);
    int is_dec = !is_int && a->cls != OP_DOUBLE && b->cls != OP_DOUBLE;
    if (op == '/')
        return divide_step(ctx, s, a, b, da, db, src, src_len, r);
    if (op == 'D')
        return div_integer_step(ctx, s, a, b, is_int, src, src_len, r);
    if (is_int) {
        __int128 x = to_int128(a), y = to_int128(b), v = 0;
        int is_unsigned = a->cls == OP_UINT || b->cls == OP_UINT;
        switch (op) {
        case '+':
            v = x + y;
            break;
        case '-':
            v = x - y;
            break;
        case '*':
            if (__builtin_mul_overflow(x, y, &v)) {
                my_error(ctx, 1690, "BIGINT%s value is out of range in '%.*s'",
                         is_unsigned ? " UNSIGNED" : "", src_len, src);
                return STEP_ERROR;
            }
            break;
        default: /* % */
            if (y == 0)
                return step_division_by_zero(ctx, s, r);
            v = x % y;
            break;
        }
        return step_int(ctx, v, is_unsigned, src, src_len, r);
    }
    if (is_dec) {
        lw_decimal x, y, v;
        lw_decimal_init(&x);
        lw_decimal_init(&y);
        lw_decimal_init(&v);
        int rc = STEP_OK;
        lw_decimal_status st = to_decimal(a, &x);
        if (st == LW_DECIMAL_OK)
            st = to_decimal(b, &y);
        if (st == LW_DECIMAL_OK) {
            if (op == '%' && lw_decimal_sign(&y) == 0) {
                rc = step_division_by_zero(ctx, s, r);
            } else {
                st = op == '+'   ? lw_decimal_add(&v, &x, &y)
                     : op == '-' ? lw_decimal_sub(&v, &x, &y)
                     : op == '*' ? lw_decimal_mul(&v, &x, &y)
                                 : lw_decimal_mod(&v, &x, &y);
                if (st == LW_DECIMAL_OK) {
                    rc = step_decimal(ctx, &v, r);
                } else {
                    my_error(ctx, 1690, "DECIMAL value is out of range in '%.*s'", src_len, src);
                    rc = STEP_ERROR;
                }
            }
        }
        lw_decimal_clear(&x);
        lw_decimal_clear(&y);
        lw_decimal_clear(&v);
        return rc;
    }
    double x = to_double(a), y = to_double(b);
    if (op == '%')
        return y == 0 ? step_division_by_zero(ctx, s, r)
                      : step_double(ctx, fmod(x, y), src, src_len, r);
    return step_double(ctx, op == '+' ? x + y : op == '-' ? x - y : x * y, src, src_len, r);
}

/* A step's value as the function's result: integers as INTEGER (BIGINT UNSIGNED past
 * INT64_MAX as its digits), exact values as decimal text, DOUBLEs as REAL. */
static void result_operand(sqlite3_context *ctx, const operand *r)
{
    switch (r->cls) {
    case OP_NULL:
        sqlite3_result_null(ctx);
        break;
    case OP_INT:
        sqlite3_result_int64(ctx, r->i);
        break;
    case OP_UINT:
        result_int128(ctx, r->u, 1, "");
        break;
    case OP_DEC:
        my_result_decimal(ctx, &r->dec);
        break;
    default:
        sqlite3_result_double(ctx, r->d);
        break;
    }
}

/*
 * A chain's intermediate value r, read again as the next step reads its left operand
 * (the class letter `type`): as the nested calls a chain replaces would have passed it,
 * stored as result_operand stores it, through the exact-numeric carrier (CAST AS
 * NUMERIC_TEXT: text, a REAL as SQLite's "%!.15g") when the rewriter typed it DECIMAL,
 * then read by my_read_operand's rules.
 */
static void chain_operand(my_session *s, operand *r, char type)
{
    if (r->cls == OP_NULL)
        return;
    operand v = *r;
    memset(r, 0, sizeof *r);
    char buf[32];
    char *text = NULL;
    const char *t = NULL;
    size_t n = 0;
    int vt = SQLITE_FLOAT;
    if (v.cls == OP_INT || (v.cls == OP_UINT && v.u <= (uint64_t)INT64_MAX)) {
        vt = SQLITE_INTEGER;
        v.i = v.cls == OP_INT ? v.i : (int64_t)v.u;
    } else if (v.cls == OP_UINT) {
        vt = SQLITE_TEXT;
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)v.u);
        t = buf;
    } else if (v.cls == OP_DEC) {
        vt = SQLITE_TEXT;
        text = lw_decimal_to_text(&v.dec, &n);
        t = text ? text : "0";
    }
    if (type == 'd' && vt == SQLITE_INTEGER) {
        snprintf(buf, sizeof buf, "%lld", (long long)v.i);
        t = buf;
        vt = SQLITE_TEXT;
    } else if (type == 'd' && vt == SQLITE_FLOAT) {
        text = sqlite3_mprintf("%!.15g", v.d);
        t = text ? text : "0";
        vt = SQLITE_TEXT;
    }
    n = vt == SQLITE_TEXT ? strlen(t) : 0;
    read_stored(s, vt, v.i, v.d, t, n, type, r);
    operand_clear(&v);
    sqlite3_free(text);
}

/* An operand of my_ops: my_read_operand's rules, a DECIMAL operand (letter d) read
 * through the exact-numeric carrier the rewriter leaves out around it (CAST AS
 * NUMERIC_TEXT: a REAL as SQLite's "%!.15g" text; an integer's digits are its value). */
static void read_step_operand(my_session *s, sqlite3_value *v, char type, operand *o)
{
    if (type != 'd' || sqlite3_value_type(v) != SQLITE_FLOAT) {
        my_read_operand(s, v, type, o);
        return;
    }
    memset(o, 0, sizeof *o);
    char *text = sqlite3_mprintf("%!.15g", sqlite3_value_double(v));
    read_stored(s, SQLITE_TEXT, 0, 0, text ? text : "0", text ? strlen(text) : 1, type, o);
    sqlite3_free(text);
}

/* The class letters and static scales of a step's TYPES: "xy", or "xy DA DB" for /. */
static void step_types(const char *types, char *left, char *right, int *da, int *db)
{
    *left = types[0] ? types[0] : '?';
    *right = types[0] && types[1] ? types[1] : '?';
    *da = *db = -1;
    if (types[0] && types[1] && types[2] && sscanf(types + 2, "%d %d", da, db) != 2)
        *da = *db = -1;
}

/* my_op(OP, A, B, TYPES, SRC): one step (MOD() writes it). */
static void op_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    char op = arg_text(argv, 0)[0], l, r;
    int da, db;
    step_types(arg_text(argv, 3), &l, &r, &da, &db);
    const char *src = arg_text(argv, 4);
    operand a, b, v;
    my_read_operand(s, argv[1], l, &a);
    my_read_operand(s, argv[2], r, &b);
    if (op_step(ctx, s, op, &a, &b, da, db, src, (int)strlen(src), &v) == STEP_OK)
        result_operand(ctx, &v);
    operand_clear(&a);
    operand_clear(&b);
    operand_clear(&v);
}

/* my_div(A, B, TYPES, DA, DB, SRC): A / B alone, as the rewriter wrote it before my_ops
 * (a schema's CHECK or DEFAULT may still hold it). */
static void div_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    char l, r;
    int unused;
    step_types(arg_text(argv, 2), &l, &r, &unused, &unused);
    const char *src = arg_text(argv, 5);
    operand a, b, v;
    my_read_operand(s, argv[0], l, &a);
    my_read_operand(s, argv[1], r, &b);
    if (op_step(ctx, s, '/', &a, &b, sqlite3_value_int(argv[3]), sqlite3_value_int(argv[4]), src,
                (int)strlen(src), &v) == STEP_OK)
        result_operand(ctx, &v);
    operand_clear(&a);
    operand_clear(&b);
    operand_clear(&v);
}

/*
 * my_ops(A, OP, B, TYPES, SRC [, OP, B, TYPES, SRC]...): the chain ((A OP B) OP C) ...
 * in one call, each step as my_op computes it (a nested my_op per step would nest as
 * deep as the chain is long, and SQLite's parser stack is 100 deep). The last SRC is
 * the whole chain's text; an earlier step's SRC is the length of its prefix that the
 * step's expression is (or its own text).
 */
static void ops_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    my_session *s = MY_SESSION(ctx);
    if (argc < 5 || (argc - 1) % 4 != 0) {
        my_error(ctx, 1582, "Incorrect parameter count in the call to native function 'my_ops'");
        return;
    }
    const char *whole = arg_text(argv, argc - 1);
    int whole_len = (int)strlen(whole);
    char l, r;
    int da, db;
    step_types(arg_text(argv, 3), &l, &r, &da, &db);
    operand v, b, next;
    read_step_operand(s, argv[0], l, &v);
    for (int k = 1; k < argc; k += 4) {
        sqlite3_value **step = argv + k;
        step_types(arg_text(step, 2), &l, &r, &da, &db);
        if (k > 1)
            chain_operand(s, &v, l);
        read_step_operand(s, step[1], r, &b);
        const char *src = whole;
        int src_len = whole_len;
        if (sqlite3_value_type(step[3]) == SQLITE_INTEGER) {
            int n = sqlite3_value_int(step[3]);
            src_len = n >= 0 && n < whole_len ? n : whole_len;
        } else {
            src = arg_text(step, 3);
            src_len = (int)strlen(src);
        }
        int rc = op_step(ctx, s, arg_text(step, 0)[0], &v, &b, da, db, src, src_len, &next);
        operand_clear(&v);
        operand_clear(&b);
        if (rc != STEP_OK) {
            operand_clear(&next);
            return;
        }
        v = next;
    }
    result_operand(ctx, &v);
    operand_clear(&v);
}

/* my_dround(X, D): an exact value shown at its static scale. */
static void dround_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    if (sqlite3_value_type(argv[0]) == SQLITE_FLOAT) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    int d = sqlite3_value_int(argv[1]);
    lw_decimal x;
    lw_decimal_init(&x);
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    if (t && lw_decimal_from_text(&x, t, (size_t)sqlite3_value_bytes(argv[0])) == LW_DECIMAL_OK &&
        lw_decimal_round(&x, &x, d > MY_DECIMAL_MAX_SCALE ? MY_DECIMAL_MAX_SCALE : d, 0) ==
            LW_DECIMAL_OK)
        my_result_decimal(ctx, &x);
    else
        sqlite3_result_value(ctx, argv[0]);
    lw_decimal_clear(&x);
}

/* my_fround(X, D): a DOUBLE shown with D decimals. */
static void fround_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    char buf[400];
    snprintf(buf, sizeof buf, "%.*f", sqlite3_value_int(argv[1]), sqlite3_value_double(argv[0]));
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* my_num(X, TYPE): X as a number where MariaDB compares it with one. */
static void num_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    operand o;
    my_read_operand(s, argv[0], arg_text(argv, 1)[0], &o);
    switch (o.cls) {
    case OP_NULL:
        break;
    case OP_INT:
        sqlite3_result_int64(ctx, o.i);
        break;
    case OP_UINT:
        sqlite3_result_double(ctx, (double)o.u);
        break;
    case OP_DEC:
        sqlite3_result_double(ctx, to_double(&o));
        break;
    default:
        sqlite3_result_double(ctx, o.d);
        break;
    }
    operand_clear(&o);
}

/* ---- Bits -------------------------------------------------------------------------------------
 */

/* An operand of a bit operator: 64 unsigned bits (doubles and decimals rounded). */
static int bit_operand(my_session *s, sqlite3_value *v, char type, uint64_t *out)
{
    operand o;
    my_read_operand(s, v, type, &o);
    int null = o.cls == OP_NULL;
    if (o.cls == OP_INT)
        *out = (uint64_t)o.i;
    else if (o.cls == OP_UINT)
        *out = o.u;
    else if (!null) {
        double d = round(to_double(&o));
        *out = d >= 18446744073709551615.0   ? UINT64_MAX
               : d <= -9223372036854775808.0 ? (uint64_t)INT64_MIN
               : d < 0                       ? (uint64_t)(int64_t)d
                                             : (uint64_t)d;
    }
    operand_clear(&o);
    return null;
}

static void result_uint(sqlite3_context *ctx, uint64_t u)
{
    result_int128(ctx, (__int128)u, 1, "");
}

static void bit_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    const char *op = arg_text(argv, 0), *types = arg_text(argv, 3);
    uint64_t a = 0, b = 0;
    if (bit_operand(s, argv[1], types[0] ? types[0] : '?', &a) ||
        bit_operand(s, argv[2], types[0] && types[1] ? types[1] : '?', &b))
        return;
    uint64_t r = op[0] == '&'   ? a & b
                 : op[0] == '|' ? a | b
                 : op[0] == '^' ? a ^ b
                 : op[0] == '<' ? (b >= 64 ? 0 : a << b)
                                : (b >= 64 ? 0 : a >> b);
    result_uint(ctx, r);
}

static void bitnot_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    uint64_t a = 0;
    if (!bit_operand(MY_SESSION(ctx), argv[0], arg_text(argv, 1)[0], &a))
        result_uint(ctx, ~a);
}

static void bit_count_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    uint64_t a = 0;
    if (!bit_operand(MY_SESSION(ctx), argv[0], arg_text(argv, 1)[0], &a))
        sqlite3_result_int(ctx, __builtin_popcountll(a));
}

/* my_int_check(X): a signed integer result in BIGINT's range (X became a REAL when
 * SQLite's integer arithmetic overflowed). */
static void int_check_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_FLOAT) {
        my_error(ctx, 1690, "BIGINT value is out of range in '%s'",
                 argc > 1 ? arg_text(argv, 1) : "");
        return;
    }
    sqlite3_result_value(ctx, argv[0]);
}

/* ---- Casts ---------------------------------------------------------------------------------- */

/* An integer from a decimal, rounded half away from zero; *over set beyond 64 bits. */
static __int128 round_to_integer(const operand *o, int *over)
{
    *over = 0;
    if (o->cls == OP_INT || o->cls == OP_UINT)
        return to_int128(o);
    if (o->cls == OP_DOUBLE) {
        double d = round(o->d);
        if (d >= 18446744073709551616.0 || d < -9223372036854775808.0 || d != d) {
            *over = d >= 0 ? 1 : -1;
            return d >= 0 ? (__int128)UINT64_MAX : INT64_MIN;
        }
        return d < 0 ? (__int128)(int64_t)d : (__int128)(uint64_t)d;
    }
    lw_decimal r;
    lw_decimal_init(&r);
    __int128 v = 0;
    if (lw_decimal_round(&r, &o->dec, 0, 0) == LW_DECIMAL_OK) {
        size_t len;
        char *t = lw_decimal_to_text(&r, &len);
        my_number num;
        my_parse_number(t ? t : "0", t ? len : 1, &num);
        if (num.is_int)
            v = num.is_unsigned ? (__int128)num.u : num.i;
        else {
            *over = t && t[0] == '-' ? -1 : 1;
            v = *over > 0 ? (__int128)UINT64_MAX : INT64_MIN;
        }
        sqlite3_free(t);
    }
    lw_decimal_clear(&r);
    return v;
}

/* CAST(x AS SIGNED | UNSIGNED) of a string: its integer prefix, warning when more
 * follows. */
static void cast_string_integer(sqlite3_context *ctx, my_session *s, sqlite3_value *v,
                                int is_unsigned)
{
    const char *t = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    my_number num;
    my_parse_number(t ? t : "", n, &num);
    __int128 r;
    int warn = num.truncated;
    if (num.is_int) {
        r = num.is_unsigned ? (__int128)num.u : num.i;
    } else {
        /* A fraction or exponent: the integer before them, with a warning. */
        r = 0;
        size_t i = 0;
        while (i < n && is_space(t[i]))
            i++;
        int neg = i < n && t[i] == '-';
        if (i < n && (t[i] == '-' || t[i] == '+'))
            i++;
        uint64_t u = 0;
        for (; i < n && t[i] >= '0' && t[i] <= '9'; i++)
            u = u * 10 + (uint64_t)(t[i] - '0');
        r = neg ? -(__int128)u : (__int128)u;
        warn = 1;
    }
    if (warn)
        my_truncated_warning(s, "INTEGER", t ? t : "", n);
    if (is_unsigned)
        result_uint(ctx, (uint64_t)r);
    else
        sqlite3_result_int64(ctx, (int64_t)r);
}

static void cast_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    char type = arg_text(argv, 1)[0];
    const char *target = arg_text(argv, 2);
    int p = sqlite3_value_int(argv[3]), sc = sqlite3_value_int(argv[4]);
    const char *src = arg_text(argv, 5);
    if (!strcmp(target, "signed") || !strcmp(target, "unsigned")) {
        int is_unsigned = target[0] == 'u';
        if ((type == 's' || type == '?') && (sqlite3_value_type(argv[0]) == SQLITE_TEXT ||
                                             sqlite3_value_type(argv[0]) == SQLITE_BLOB)) {
            cast_string_integer(ctx, s, argv[0], is_unsigned);
            return;
        }
        operand o;
        my_read_operand(s, argv[0], type, &o);
        int over;
        __int128 v = round_to_integer(&o, &over);
        operand_clear(&o);
        if (is_unsigned)
            result_uint(ctx, (uint64_t)v);
        else
            sqlite3_result_int64(ctx, (int64_t)v);
        return;
    }
    if (!strcmp(target, "decimal")) {
        operand o;
        my_read_operand(s, argv[0], type == '?' ? 'd' : type, &o);
        lw_decimal d;
        lw_decimal_init(&d);
        if (to_decimal(&o, &d) == LW_DECIMAL_OK) {
            if (lw_decimal_round(&d, &d, sc, 0) == LW_DECIMAL_OK &&
                lw_decimal_typmod(&d, p, sc) == LW_DECIMAL_FIELD_OVERFLOW) {
                /* Clipped to the largest value of the type, with a warning. */
                lw_sqlbuf max = {0};
                lw_sqlbuf_appends(&max, lw_decimal_sign(&d) < 0 ? "-" : "");
                for (int k = 0; k < p - sc; k++)
                    lw_sqlbuf_append(&max, "9", 1);
                if (p == sc)
                    lw_sqlbuf_append(&max, "0", 1);
                if (sc) {
                    lw_sqlbuf_append(&max, ".", 1);
                    for (int k = 0; k < sc; k++)
                        lw_sqlbuf_append(&max, "9", 1);
                }
                lw_decimal_clear(&d);
                lw_decimal_from_text(&d, max.s ? max.s : "0", max.len);
                lw_sqlbuf_free(&max);
                my_warn(s, LW_LEVEL_WARNING, 1264, "Out of range value for column '%s' at row 1",
                        src);
            }
            my_result_decimal(ctx, &d);
        }
        lw_decimal_clear(&d);
        operand_clear(&o);
        return;
    }
    if (!strcmp(target, "double") || !strcmp(target, "float")) {
        operand o;
        my_read_operand(s, argv[0], type == '?' ? 's' : type, &o);
        double d = to_double(&o);
        operand_clear(&o);
        sqlite3_result_double(ctx, target[0] == 'f' ? (double)(float)d : d);
        return;
    }
    /* char(P): the text, cut to P characters with a warning. */
    char buf[400];
    const char *t;
    int n;
    if (type == 'd' && sqlite3_value_type(argv[0]) == SQLITE_TEXT) {
        /* An exact value in its canonical form (-0.0 is 0.0). */
        lw_decimal d;
        lw_decimal_init(&d);
        const char *dt = (const char *)sqlite3_value_text(argv[0]);
        if (dt &&
            lw_decimal_from_text(&d, dt, (size_t)sqlite3_value_bytes(argv[0])) == LW_DECIMAL_OK &&
            lw_decimal_text_size(&d) < sizeof buf) {
            n = (int)lw_decimal_format(&d, buf);
            t = buf;
        } else {
            t = dt;
            n = sqlite3_value_bytes(argv[0]);
        }
        lw_decimal_clear(&d);
    } else if (sqlite3_value_type(argv[0]) == SQLITE_FLOAT) {
        n = (int)my_format_double(sqlite3_value_double(argv[0]), 0, buf, sizeof buf);
        t = buf;
    } else {
        t = (const char *)sqlite3_value_text(argv[0]);
        n = sqlite3_value_bytes(argv[0]);
    }
    if (p >= 0 && t) {
        int chars = 0, k = 0;
        while (k < n && chars < p) {
            k++;
            while (k < n && ((unsigned char)t[k] & 0xC0) == 0x80)
                k++;
            chars++;
        }
        if (k < n) {
            char *q = my_quote_value(t, (size_t)n);
            my_warn(s, LW_LEVEL_WARNING, 1292, "Truncated incorrect CHAR(%d) value: '%s'", p,
                    q ? q : "");
            sqlite3_free(q);
            n = k;
        }
    }
    sqlite3_result_text(ctx, t ? t : "", n, SQLITE_TRANSIENT);
}

/* ---- Functions of numbers ------------------------------------------------------------------- */

/* ROUND(X, D) and TRUNCATE(X, D): variant 0 rounds, 1 truncates. */
static void round_common(sqlite3_context *ctx, sqlite3_value **argv, int argc, int truncate)
{
    my_session *s = MY_SESSION(ctx);
    if (lw_any_null(argc, argv))
        return;
    int d = argc > 2 ? sqlite3_value_int(argv[1]) : 0;
    char type = arg_text(argv, argc - 1)[0];
    operand o;
    my_read_operand(s, argv[0], type, &o);
    if (o.cls == OP_DOUBLE) {
        double f = pow(10.0, d), x = o.d * f;
        double r = truncate ? trunc(x) : nearbyint(x);
        sqlite3_result_double(ctx, d >= 0 ? r / f : r * pow(10.0, -d) / f / pow(10.0, -d));
    } else if (o.cls == OP_INT || o.cls == OP_UINT) {
        if (d >= 0) {
            result_int128(ctx, to_int128(&o), o.cls == OP_UINT, "");
        } else {
            __int128 m = 1, v = to_int128(&o);
            for (int k = 0; k < -d && k < 20; k++)
                m *= 10;
            __int128 q = v / m, r = v % m;
            if (!truncate && (r >= m / 2 || r <= -(m / 2)) && m > 1)
                q += v < 0 ? -1 : 1;
            result_int128(ctx, -d >= 20 ? 0 : q * m, o.cls == OP_UINT, "");
        }
    } else if (o.cls == OP_DEC) {
        lw_decimal r;
        lw_decimal_init(&r);
        if (lw_decimal_round(&r, &o.dec, d, truncate) == LW_DECIMAL_OK)
            my_result_decimal(ctx, &r);
        lw_decimal_clear(&r);
    }
    operand_clear(&o);
}

static void round_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    round_common(ctx, argv, argc, 0);
}

static void truncate_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    round_common(ctx, argv, argc, 1);
}

/* CEIL(X) and FLOOR(X): integers for exact values, DOUBLEs for DOUBLEs. */
static void ceil_floor(sqlite3_context *ctx, sqlite3_value **argv, int up)
{
    my_session *s = MY_SESSION(ctx);
    operand o;
    my_read_operand(s, argv[0], arg_text(argv, 1)[0], &o);
    if (o.cls == OP_DOUBLE) {
        sqlite3_result_double(ctx, up ? ceil(o.d) : floor(o.d));
    } else if (o.cls == OP_INT || o.cls == OP_UINT) {
        result_int128(ctx, to_int128(&o), o.cls == OP_UINT, "");
    } else if (o.cls == OP_DEC) {
        lw_decimal t;
        lw_decimal_init(&t);
        lw_decimal_round(&t, &o.dec, 0, 1);
        int cmp = lw_decimal_cmp(&t, &o.dec);
        operand r = {OP_DEC, 0, 0, 0, t};
        int over;
        __int128 v = round_to_integer(&r, &over);
        if (up && cmp < 0)
            v++;
        if (!up && cmp > 0)
            v--;
        result_int128(ctx, v, 0, "");
        lw_decimal_clear(&t);
    }
    operand_clear(&o);
}

static void ceil_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ceil_floor(ctx, argv, 1);
}

static void floor_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ceil_floor(ctx, argv, 0);
}

static void abs_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    operand o;
    my_read_operand(s, argv[0], arg_text(argv, 1)[0], &o);
    if (o.cls == OP_DOUBLE)
        sqlite3_result_double(ctx, fabs(o.d));
    else if (o.cls == OP_INT || o.cls == OP_UINT) {
        __int128 v = to_int128(&o);
        result_int128(ctx, v < 0 ? -v : v, o.cls == OP_UINT, arg_text(argv, 2));
    } else if (o.cls == OP_DEC) {
        lw_decimal r;
        lw_decimal_init(&r);
        if (lw_decimal_abs(&r, &o.dec) == LW_DECIMAL_OK)
            my_result_decimal(ctx, &r);
        lw_decimal_clear(&r);
    }
    operand_clear(&o);
}

static void sign_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    operand o;
    my_read_operand(s, argv[0], arg_text(argv, 1)[0], &o);
    if (o.cls == OP_DEC)
        sqlite3_result_int(ctx, lw_decimal_sign(&o.dec));
    else if (o.cls != OP_NULL) {
        double d = to_double(&o);
        sqlite3_result_int(ctx, d > 0 ? 1 : d < 0 ? -1 : 0);
    }
    operand_clear(&o);
}

/* The DOUBLE functions: variant in the user data would collide with the session, so
 * each is its own small function over one helper. */
static int double_arg(sqlite3_context *ctx, sqlite3_value *v, double *out)
{
    return my_value_double(MY_SESSION(ctx), v, out) == 0;
}

static void pow_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double x, y;
    if (double_arg(ctx, argv[0], &x) && double_arg(ctx, argv[1], &y))
        my_result_double(ctx, pow(x, y), "pow");
}

static void sqrt_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double x;
    if (double_arg(ctx, argv[0], &x) && x >= 0)
        sqlite3_result_double(ctx, sqrt(x));
}

static void exp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double x;
    if (double_arg(ctx, argv[0], &x))
        my_result_double(ctx, exp(x), "exp");
}

/* LN, LOG10 and LOG2 of a number <= 0 are NULL with warning 1365 ("Invalid argument
 * for logarithm" in MariaDB 10.11 is a warning of code 3020). */
static void log_common(sqlite3_context *ctx, sqlite3_value *v, double (*fn)(double))
{
    double x;
    if (!double_arg(ctx, v, &x))
        return;
    if (x <= 0) {
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 3020, "Invalid argument for logarithm");
        return;
    }
    sqlite3_result_double(ctx, fn(x));
}

static void ln_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    log_common(ctx, argv[0], log);
}

static void log10_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    log_common(ctx, argv[0], log10);
}

static void log2_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    log_common(ctx, argv[0], log2);
}

static void degrees_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double x;
    if (double_arg(ctx, argv[0], &x))
        sqlite3_result_double(ctx, x * 180.0 / M_PI);
}

static void radians_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double x;
    if (double_arg(ctx, argv[0], &x))
        sqlite3_result_double(ctx, x * M_PI / 180.0);
}

static void pi_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_double(ctx, M_PI);
}

/* INTERVAL(N, N1, N2, ...): how many of N1, N2... (sorted) are <= N; -1 when N is NULL. */
static void interval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    double n;
    if (argc < 2 || !double_arg(ctx, argv[0], &n)) {
        sqlite3_result_int(ctx, -1);
        return;
    }
    int k = 0;
    for (int i = 1; i < argc; i++) {
        double x;
        if (!double_arg(ctx, argv[i], &x) || x > n)
            break;
        k = i;
    }
    sqlite3_result_int(ctx, k);
}

const lw_function_def my_numeric_functions[] = {
    {"my_op", 5, MY_SESSION_FN, op_func, NULL, NULL, NULL, NULL},
    {"my_div", 6, MY_SESSION_FN, div_func, NULL, NULL, NULL, NULL},
    {"my_ops", -1, MY_SESSION_FN, ops_func, NULL, NULL, NULL, NULL},
    {"my_dround", 2, MY_SESSION_FN, dround_func, NULL, NULL, NULL, NULL},
    {"my_fround", 2, MY_SESSION_FN, fround_func, NULL, NULL, NULL, NULL},
    {"my_num", 2, MY_SESSION_FN, num_func, NULL, NULL, NULL, NULL},
    {"my_bit", 4, MY_SESSION_FN, bit_func, NULL, NULL, NULL, NULL},
    {"my_bitnot", 2, MY_SESSION_FN, bitnot_func, NULL, NULL, NULL, NULL},
    {"my_bit_count", 2, MY_SESSION_FN, bit_count_func, NULL, NULL, NULL, NULL},
    {"my_int_check", 1, MY_SESSION_FN, int_check_func, NULL, NULL, NULL, NULL},
    {"my_int_check", 2, MY_SESSION_FN, int_check_func, NULL, NULL, NULL, NULL},
    {"my_cast", 6, MY_SESSION_FN, cast_func, NULL, NULL, NULL, NULL},
    {"my_round", 2, MY_SESSION_FN, round_func, NULL, NULL, NULL, NULL},
    {"my_round", 3, MY_SESSION_FN, round_func, NULL, NULL, NULL, NULL},
    {"my_truncate", 3, MY_SESSION_FN, truncate_func, NULL, NULL, NULL, NULL},
    {"my_ceil", 2, MY_SESSION_FN, ceil_func, NULL, NULL, NULL, NULL},
    {"my_floor", 2, MY_SESSION_FN, floor_func, NULL, NULL, NULL, NULL},
    {"my_abs", 3, MY_SESSION_FN, abs_func, NULL, NULL, NULL, NULL},
    {"my_sign", 2, MY_SESSION_FN, sign_func, NULL, NULL, NULL, NULL},
    {"my_pow", 2, MY_SESSION_FN, pow_func, NULL, NULL, NULL, NULL},
    {"my_sqrt", 1, MY_SESSION_FN, sqrt_func, NULL, NULL, NULL, NULL},
    {"my_exp", 1, MY_SESSION_FN, exp_func, NULL, NULL, NULL, NULL},
    {"my_ln", 1, MY_SESSION_FN, ln_func, NULL, NULL, NULL, NULL},
    {"my_log10", 1, MY_SESSION_FN, log10_func, NULL, NULL, NULL, NULL},
    {"my_log2", 1, MY_SESSION_FN, log2_func, NULL, NULL, NULL, NULL},
    {"my_degrees", 1, MY_SESSION_FN, degrees_func, NULL, NULL, NULL, NULL},
    {"my_radians", 1, MY_SESSION_FN, radians_func, NULL, NULL, NULL, NULL},
    {"my_pi", 0, MY_SESSION_FN, pi_func, NULL, NULL, NULL, NULL},
    {"my_interval", -1, MY_SESSION_FN, interval_func, NULL, NULL, NULL, NULL},
};
const size_t my_numeric_functions_n = sizeof my_numeric_functions / sizeof my_numeric_functions[0];
