/*
 * Oracle's number format models (SQLRF "Number Format Models") for TO_CHAR and
 * TO_NUMBER, with the NLS parameters a call may give (NLS_NUMERIC_CHARACTERS,
 * NLS_CURRENCY; the defaults of AMERICA: '.,' and '$').
 *
 *   ora_to_char_num(X, FMT, NLS)   TO_CHAR(number [, fmt [, nls]]); FMT NULL or 'TM':
 *                                  the canonical text
 *   ora_to_number(X, FMT, NLS [, DEFAULT])   TO_NUMBER, with DEFAULT ... ON
 *                                  CONVERSION ERROR as a fourth argument
 *   ora_to_char_any(X)             TO_CHAR of a value whose type the rewriter could not
 *                                  tell: numbers canonical, text as it is
 *
 * Elements: 9 0 , . G D $ L C U S (leading or trailing) MI PR B V X RN rn EEEE FM TM
 * TM9 TME. The result has the format's width plus a leading position for the sign
 * (FM removes the padding); a value with more integer digits than the format has is
 * all '#'. Rounding is half away from zero.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/oracle/runtime_int.h"

int ora_nls_parse(const char *s, size_t n, ora_nls *nls)
{
    nls->decimal = '.';
    nls->group = ',';
    snprintf(nls->currency, sizeof nls->currency, "$");
    if (!s)
        return 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == ','))
            i++;
        size_t start = i;
        while (i < n && s[i] != '=' && s[i] != ' ')
            i++;
        size_t key_len = i - start;
        const char *key = s + start;
        while (i < n && (s[i] == ' ' || s[i] == '='))
            i++;
        if (i >= n)
            break;
        char val[64];
        size_t vn = 0;
        if (s[i] == '\'') {
            for (i++; i < n && s[i] != '\''; i++)
                if (vn + 1 < sizeof val)
                    val[vn++] = s[i];
            i++;
        } else {
            while (i < n && s[i] != ' ')
                if (vn + 1 < sizeof val)
                    val[vn++] = s[i++];
                else
                    i++;
        }
        val[vn] = 0;
        if (key_len == 22 && !sqlite3_strnicmp(key, "NLS_NUMERIC_CHARACTERS", 22)) {
            if (vn != 2 || val[0] == val[1])
                return -1;
            nls->decimal = val[0];
            nls->group = val[1];
        } else if (key_len == 12 && !sqlite3_strnicmp(key, "NLS_CURRENCY", 12)) {
            snprintf(nls->currency, sizeof nls->currency, "%s", val);
        } else if (key_len == 20 && (!sqlite3_strnicmp(key, "NLS_ISO_CURRENCY", 16) ||
                                     !sqlite3_strnicmp(key, "NLS_DUAL_CURRENCY", 17))) {
            continue;
        } else if (key_len && !sqlite3_strnicmp(key, "NLS_ISO_CURRENCY", 16)) {
            continue;
        } else if (key_len) {
            return -1;
        }
    }
    return 0;
}

/* A parsed number format. */
typedef struct numfmt {
    int fm, blank_zero, eeee, tm, roman, roman_lower, hex, hex_lower;
    int sign;       /* 0 default, 'L' leading S, 'T' trailing S, 'M' MI, 'P' PR */
    int before;     /* digit positions before the decimal point */
    int after;      /* after it */
    int v_digits;   /* digits after V */
    int zero_from;  /* the first integer position a 0 element pads from (-1: none) */
    int after_zero; /* fraction positions up to the last 0 element */
    int has_point;
    char layout[128]; /* the integer part: '9' a digit, ',' a group separator */
    int layout_n;
    int currency; /* 0, '$', 'L', 'C', 'U' */
    int currency_trailing;
} numfmt;

static int parse_numfmt(const char *f, size_t n, numfmt *nf, const ora_nls *nls)
{
    (void)nls;
    memset(nf, 0, sizeof *nf);
    nf->zero_from = -1;
    size_t i = 0;
    int in_fraction = 0, seen_digit = 0;
    while (i < n) {
        char c = f[i];
        char u = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
        if (u == 'F' && i + 1 < n && (f[i + 1] == 'M' || f[i + 1] == 'm')) {
            nf->fm = 1;
            i += 2;
        } else if (u == 'T' && i + 1 < n && (f[i + 1] == 'M' || f[i + 1] == 'm')) {
            nf->tm = 1;
            i += 2;
            if (i < n && (f[i] == '9' || f[i] == 'e' || f[i] == 'E'))
                i++;
        } else if (u == 'R' && i + 1 < n && (f[i + 1] == 'N' || f[i + 1] == 'n')) {
            nf->roman = 1;
            nf->roman_lower = c == 'r';
            i += 2;
        } else if (u == 'E' && i + 3 < n && !sqlite3_strnicmp(f + i, "EEEE", 4)) {
            nf->eeee = 1;
            i += 4;
        } else if (u == 'M' && i + 1 < n && (f[i + 1] == 'I' || f[i + 1] == 'i')) {
            nf->sign = 'M';
            i += 2;
        } else if (u == 'P' && i + 1 < n && (f[i + 1] == 'R' || f[i + 1] == 'r')) {
            nf->sign = 'P';
            i += 2;
        } else if (u == 'S') {
            nf->sign = seen_digit || nf->currency ? 'T' : 'L';
            i++;
        } else if (u == 'B') {
            nf->blank_zero = 1;
            i++;
        } else if (u == 'X') {
            nf->hex++;
            nf->hex_lower = c == 'x';
            i++;
        } else if (c == '$' || u == 'L' || u == 'C' || u == 'U') {
            nf->currency = u == '$' ? '$' : u;
            nf->currency_trailing = seen_digit;
            i++;
        } else if (u == 'V') {
            in_fraction = 2;
            i++;
        } else if (c == '.' || u == 'D') {
            if (in_fraction)
                return -1;
            in_fraction = 1;
            nf->has_point = 1;
            i++;
        } else if (c == ',' || u == 'G') {
            if (in_fraction || nf->layout_n + 1 >= (int)sizeof nf->layout)
                return -1;
            nf->layout[nf->layout_n++] = ',';
            i++;
        } else if (c == '9' || c == '0') {
            seen_digit = 1;
            if (in_fraction == 1) {
                nf->after++;
                if (c == '0')
                    nf->after_zero = nf->after;
            } else if (in_fraction == 2) {
                nf->v_digits++;
            } else {
                if (nf->layout_n + 1 >= (int)sizeof nf->layout)
                    return -1;
                if (c == '0' && nf->zero_from < 0)
                    nf->zero_from = nf->before;
                nf->layout[nf->layout_n++] = '9';
                nf->before++;
            }
            i++;
        } else {
            return -1;
        }
    }
    return 0;
}

static void roman(lw_sqlbuf *b, int64_t v, int lower)
{
    static const struct {
        int value;
        const char *upper, *lower;
    } r[] = {{1000, "M", "m"}, {900, "CM", "cm"}, {500, "D", "d"}, {400, "CD", "cd"},
             {100, "C", "c"},  {90, "XC", "xc"},  {50, "L", "l"},  {40, "XL", "xl"},
             {10, "X", "x"},   {9, "IX", "ix"},   {5, "V", "v"},   {4, "IV", "iv"},
             {1, "I", "i"}};
    for (size_t k = 0; k < sizeof r / sizeof r[0]; k++)
        while (v >= r[k].value) {
            lw_sqlbuf_appends(b, lower ? r[k].lower : r[k].upper);
            v -= r[k].value;
        }
}

/* Canonical digits of |d| rounded to `after` places: the integer digits ("" for 0)
 * and exactly `after` fraction digits. */
static int split_digits(lw_decimal *d, int after, lw_sqlbuf *ip, lw_sqlbuf *fp)
{
    lw_decimal a;
    lw_decimal_init(&a);
    lw_decimal_abs(&a, d);
    ora_number_round(&a, after, 0);
    size_t need = lw_decimal_text_size(&a);
    char *t = sqlite3_malloc64(need + 1);
    if (!t) {
        lw_decimal_clear(&a);
        return -1;
    }
    lw_decimal_format(&a, t);
    lw_decimal_clear(&a);
    char *dot = strchr(t, '.');
    size_t int_len = dot ? (size_t)(dot - t) : strlen(t);
    if (!(int_len == 1 && t[0] == '0'))
        lw_sqlbuf_append(ip, t, int_len);
    const char *frac = dot ? dot + 1 : "";
    size_t fl = strlen(frac);
    for (int k = 0; k < after; k++)
        lw_sqlbuf_append(fp, (size_t)k < fl ? frac + k : "0", 1);
    sqlite3_free(t);
    return 0;
}

int ora_num_format(lw_decimal *d, const char *f, size_t fn, const ora_nls *nls, lw_sqlbuf *out,
                   const char **msg)
{
    numfmt nf;
    if (parse_numfmt(f, fn, &nf, nls)) {
        *msg = "invalid number format model";
        return 1481;
    }
    int neg = lw_decimal_sign(d) < 0;
    if (nf.tm) {
        size_t n;
        int overflow;
        lw_decimal c;
        lw_decimal_init(&c);
        lw_decimal_copy(&c, d);
        char *t = ora_number_text(&c, &n, &overflow);
        lw_decimal_clear(&c);
        if (t)
            lw_sqlbuf_append(out, t, n);
        sqlite3_free(t);
        return 0;
    }
    int width = (int)fn + 1;
    if (nf.roman || nf.hex) {
        lw_decimal r;
        lw_decimal_init(&r);
        lw_decimal_copy(&r, d);
        ora_number_round(&r, 0, 0);
        char buf[64];
        long long v = -1;
        if (lw_decimal_text_size(&r) <= sizeof buf) {
            lw_decimal_format(&r, buf);
            v = strtoll(buf, NULL, 10);
        }
        lw_decimal_clear(&r);
        lw_sqlbuf body = {0};
        if (nf.roman && v >= 1 && v <= 3999)
            roman(&body, v, nf.roman_lower);
        else if (nf.hex && v >= 0)
            lw_sqlbuf_appendf(&body, nf.hex_lower ? "%llx" : "%llX", v);
        if (!body.len || (nf.hex && (int)body.len > nf.hex)) {
            lw_sqlbuf_free(&body);
            for (int k = 0; k < (nf.roman ? 15 : nf.hex + 1); k++)
                lw_sqlbuf_append(out, "#", 1);
            return 0;
        }
        int pad = nf.roman ? 15 : nf.hex + 1;
        for (int k = (int)body.len; !nf.fm && k < pad; k++)
            lw_sqlbuf_append(out, " ", 1);
        lw_sqlbuf_append(out, body.s, body.len);
        lw_sqlbuf_free(&body);
        return 0;
    }
    lw_sqlbuf ip = {0}, fp = {0};
    lw_decimal v;
    lw_decimal_init(&v);
    lw_decimal_copy(&v, d);
    int exponent = 0;
    if (nf.eeee) {
        /* one digit before the point: scale by the leading digit's power of ten */
        if (lw_decimal_sign(&v) != 0) {
            char buf[4096];
            lw_decimal a;
            lw_decimal_init(&a);
            lw_decimal_abs(&a, &v);
            if (lw_decimal_text_size(&a) <= sizeof buf) {
                lw_decimal_format(&a, buf);
                char *dot = strchr(buf, '.');
                int int_len = dot ? (int)(dot - buf) : (int)strlen(buf);
                if (!(int_len == 1 && buf[0] == '0'))
                    exponent = int_len - 1;
                else {
                    int z = 0;
                    while (dot && dot[1 + z] == '0')
                        z++;
                    exponent = -(z + 1);
                }
            }
            lw_decimal_clear(&a);
            lw_decimal p;
            lw_decimal_init(&p);
            char e[32];
            snprintf(e, sizeof e, "1e%d", exponent < 0 ? -exponent : exponent);
            ora_number_parse(e, strlen(e), &p);
            if (exponent > 0)
                lw_decimal_div(&v, &v, &p, nf.after + 2);
            else if (exponent < 0)
                lw_decimal_mul(&v, &v, &p);
            lw_decimal_clear(&p);
            /* rounding may carry to 10.0 */
            lw_decimal r, ten;
            lw_decimal_init(&r);
            lw_decimal_init(&ten);
            lw_decimal_abs(&r, &v);
            ora_number_round(&r, nf.after, 0);
            lw_decimal_from_int64(&ten, 10);
            if (lw_decimal_cmp(&r, &ten) >= 0) {
                lw_decimal_div(&v, &v, &ten, nf.after + 2);
                exponent++;
            }
            lw_decimal_clear(&r);
            lw_decimal_clear(&ten);
        }
    }
    if (nf.v_digits) {
        lw_decimal p;
        lw_decimal_init(&p);
        char e[32];
        snprintf(e, sizeof e, "1e%d", nf.v_digits);
        ora_number_parse(e, strlen(e), &p);
        lw_decimal_mul(&v, &v, &p);
        lw_decimal_clear(&p);
        nf.before += nf.v_digits;
        for (int k = 0; k < nf.v_digits && nf.layout_n + 1 < (int)sizeof nf.layout; k++)
            nf.layout[nf.layout_n++] = '9';
    }
    if (split_digits(&v, nf.after, &ip, &fp)) {
        lw_decimal_clear(&v);
        return -1;
    }
    lw_decimal_clear(&v);
    int is_zero = ip.len == 0;
    for (size_t k = 0; k < fp.len && is_zero; k++)
        is_zero = fp.s[k] == '0';
    if (is_zero)
        neg = 0;
    int int_digits = (int)ip.len;
    lw_sqlbuf body = {0};
    if (int_digits > nf.before || (nf.eeee && nf.before < 1)) {
        lw_sqlbuf_free(&ip);
        lw_sqlbuf_free(&fp);
        for (int k = 0; k < width; k++)
            lw_sqlbuf_append(out, "#", 1);
        return 0;
    }
    if (nf.blank_zero && is_zero) {
        lw_sqlbuf_free(&ip);
        lw_sqlbuf_free(&fp);
        for (int k = 0; !nf.fm && k < width; k++)
            lw_sqlbuf_append(out, " ", 1);
        return 0;
    }
    /* The integer part, position by position: digits, zeros from the first 0 element,
     * blanks before; a group separator once a digit was written. */
    int pos = 0, printed = 0;
    int first_digit = nf.before - int_digits;
    int lone_zero = int_digits == 0 && nf.after == 0 && nf.zero_from < 0;
    for (int k = 0; k < nf.layout_n; k++) {
        if (nf.layout[k] == ',') {
            if (printed)
                lw_sqlbuf_append(&body, &nls->group, 1);
            else if (!nf.fm)
                lw_sqlbuf_append(&body, " ", 1);
            continue;
        }
        char ch = ' ';
        if (pos >= first_digit) {
            ch = ip.s[pos - first_digit];
            printed = 1;
        } else if (nf.zero_from >= 0 && pos >= nf.zero_from) {
            ch = '0';
            printed = 1;
        } else if (lone_zero && pos == nf.before - 1) {
            ch = '0';
            printed = 1;
        }
        if (ch != ' ' || !nf.fm)
            lw_sqlbuf_append(&body, &ch, 1);
        pos++;
    }
    if (nf.has_point)
        lw_sqlbuf_append(&body, &nls->decimal, 1);
    size_t frac_len = fp.len;
    if (nf.fm)
        /* FM drops trailing zeros a 9 element would print, keeping those of 0 elements */
        while ((int)frac_len > nf.after_zero && fp.s[frac_len - 1] == '0')
            frac_len--;
    if (frac_len)
        lw_sqlbuf_append(&body, fp.s, frac_len);
    if (nf.eeee)
        lw_sqlbuf_appendf(&body, "E%c%02d", exponent < 0 ? '-' : '+',
                          exponent < 0 ? -exponent : exponent);
    lw_sqlbuf_free(&ip);
    lw_sqlbuf_free(&fp);
    /* Leading blanks, then the sign and currency next to the number. */
    size_t lead = 0;
    while (lead < body.len && body.s[lead] == ' ')
        lead++;
    const char *cur = nf.currency == '$' ? "$" : nf.currency ? nls->currency : "";
    for (size_t k = 0; !nf.fm && k < lead; k++)
        lw_sqlbuf_append(out, " ", 1);
    if (nf.sign == 0)
        lw_sqlbuf_appends(out, neg ? "-" : nf.fm ? "" : " ");
    else if (nf.sign == 'L')
        lw_sqlbuf_appends(out, neg ? "-" : "+");
    else if (nf.sign == 'P')
        lw_sqlbuf_appends(out, neg ? "<" : nf.fm ? "" : " ");
    if (!nf.currency_trailing)
        lw_sqlbuf_appends(out, cur);
    lw_sqlbuf_append(out, body.s + lead, body.len - lead);
    if (nf.currency_trailing)
        lw_sqlbuf_appends(out, cur);
    if (nf.sign == 'T')
        lw_sqlbuf_appends(out, neg ? "-" : "+");
    else if (nf.sign == 'M')
        lw_sqlbuf_appends(out, neg ? "-" : nf.fm ? "" : " ");
    else if (nf.sign == 'P')
        lw_sqlbuf_appends(out, neg ? ">" : nf.fm ? "" : " ");
    lw_sqlbuf_free(&body);
    return out->oom ? -1 : 0;
}

int ora_num_scan(const char *s, size_t n, const char *f, size_t fn, const ora_nls *nls,
                 lw_decimal *d)
{
    numfmt nf;
    if (parse_numfmt(f, fn, &nf, nls))
        return -1;
    if (nf.hex) {
        long long v = 0;
        size_t i = 0;
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            return -1;
        for (; i < n; i++) {
            char c = s[i];
            int x = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
            if (x < 0 || v > (1LL << 58))
                return -1;
            v = v * 16 + x;
        }
        lw_decimal_from_int64(d, v);
        return 0;
    }
    /* Strip what the format adds around the digits, then read the number. */
    lw_sqlbuf b = {0};
    int neg = 0;
    size_t cl = strlen(nls->currency);
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (nf.currency && nf.currency != '$' && cl && i + cl <= n &&
            !memcmp(s + i, nls->currency, cl)) {
            i += cl;
        } else if (c == '$' && nf.currency == '$') {
            i++;
        } else if (c == nls->group && nf.layout_n) {
            i++;
        } else if (c == nls->decimal) {
            lw_sqlbuf_append(&b, ".", 1);
            i++;
        } else if (c == '-' || c == '<' || c == '>') {
            neg |= c != '>';
            i++;
        } else if (c == '+' || c == ' ') {
            i++;
        } else {
            lw_sqlbuf_append(&b, &c, 1);
            i++;
        }
    }
    int rc = b.len ? ora_number_parse(b.s, b.len, d) : -1;
    lw_sqlbuf_free(&b);
    if (rc == 0 && neg)
        lw_decimal_neg(d, d);
    return rc;
}

/* ---- The SQL functions ------------------------------------------------------------------- */

static int nls_arg(sqlite3_context *ctx, sqlite3_value *v, ora_nls *nls)
{
    size_t n = 0;
    const char *s = NULL;
    if (sqlite3_value_type(v) != SQLITE_NULL) {
        s = (const char *)sqlite3_value_text(v);
        n = s ? (size_t)sqlite3_value_bytes(v) : 0;
    }
    if (ora_nls_parse(s, n, nls)) {
        ora_error(ctx, 12702, "invalid NLS parameter string used in SQL function");
        return -1;
    }
    return 0;
}

static void to_char_num_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lw_decimal d;
    lw_decimal_init(&d);
    int rc = ora_number_arg(ctx, argv[0], &d);
    if (rc) {
        if (rc > 0)
            sqlite3_result_null(ctx);
        return;
    }
    size_t fn;
    const char *fmt = ora_arg_text(argv, 1, &fn);
    if (!fmt) {
        if (sqlite3_value_type(argv[1]) != SQLITE_NULL) {
            lw_decimal_clear(&d);
            sqlite3_result_null(ctx);
            return;
        }
        ora_result_number(ctx, &d);
        return;
    }
    ora_nls nls;
    if (nls_arg(ctx, argv[2], &nls)) {
        lw_decimal_clear(&d);
        return;
    }
    lw_sqlbuf out = {0};
    const char *msg = NULL;
    int code = ora_num_format(&d, fmt, fn, &nls, &out, &msg);
    lw_decimal_clear(&d);
    if (code) {
        lw_sqlbuf_free(&out);
        if (code > 0)
            ora_error(ctx, code, "%s", msg);
        else
            sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t len = out.len;
    ora_result_text(ctx, lw_sqlbuf_finish(&out), len);
}

static void to_number_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ora_nls nls;
    if (nls_arg(ctx, argv[2], &nls))
        return;
    size_t fn;
    const char *fmt = ora_arg_text(argv, 1, &fn);
    for (int attempt = 0; attempt < (argc > 3 ? 2 : 1); attempt++) {
        sqlite3_value *v = argv[attempt ? 3 : 0];
        lw_decimal d;
        lw_decimal_init(&d);
        int rc;
        if (fmt && sqlite3_value_type(v) == SQLITE_TEXT) {
            size_t n;
            const char *s = ora_arg_text(&v, 0, &n);
            rc = !s ? 1 : ora_num_scan(s, n, fmt, fn, &nls, &d);
        } else {
            rc = ora_number_arg(NULL, v, &d);
        }
        if (rc == 0) {
            ora_result_number(ctx, &d);
            return;
        }
        lw_decimal_clear(&d);
        if (rc > 0) {
            sqlite3_result_null(ctx);
            return;
        }
    }
    ora_error(ctx, 1722, "invalid number");
}

static void to_char_any_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int t = sqlite3_value_type(argv[0]);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        lw_decimal d;
        lw_decimal_init(&d);
        if (ora_number_arg(ctx, argv[0], &d) == 0)
            ora_result_number(ctx, &d);
        return;
    }
    size_t n;
    const char *s = ora_arg_text(argv, 0, &n);
    if (!s)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_value(ctx, argv[0]);
}

const ora_function_def ora_numfmt_functions[] = {
    ORA_PURE("ora_to_char_num", 3, to_char_num_fn),  ORA_PURE("ora_to_number", 3, to_number_fn),
    ORA_PURE("ora_to_number", 4, to_number_fn),      ORA_PURE("ora_to_char_any", 1, to_char_any_fn),
    {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};
