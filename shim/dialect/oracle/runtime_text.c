/*
 * Character and binary values for the oracle dialect (SQLRF "Character Functions
 * Returning Character Values" and "... Number Values"). Positions and lengths count
 * characters (UTF-8 code points of AL32UTF8); the B forms count bytes.
 *
 *   ora_concat(A, B)             A || B and CONCAT: a NULL operand is the empty string;
 *                                NULL only when both are (RAW operands as hex)
 *   ora_length(S), ora_lengthb(S), ora_substr(S, P [, L]), ora_instr(S, T [, P [, N]])
 *                                SUBSTR and INSTR take a negative position from the end
 *                                (INSTR searches backwards then); position 0 is 1
 *   ora_upper, ora_lower (Unicode simple/full mappings of ext/text), ora_initcap
 *                                (words are runs of letters and digits)
 *   ora_lpad(S, N [, P]), ora_rpad   N characters, cut when S is longer
 *   ora_trim(MODE, C, S)         TRIM([LEADING|TRAILING|BOTH] [C] FROM S): C one
 *                                character (ORA-30001)
 *   ora_ltrim(S [, SET]), ora_rtrim(S [, SET]), ora_replace(S, F [, T]),
 *   ora_translate(S, F, T), ora_chr(N), ora_ascii(S), ora_hextoraw(S), ora_rawtohex(R)
 *   ora_store_text(X, N, CHARS, COL)   a value stored into VARCHAR2(N [CHAR]),
 *                                NVARCHAR2, CLOB (N NULL): ORA-12899 with COL's name
 *   ora_store_char(X, N, CHARS, COL)   into CHAR(N): blank-padded to N
 *   ora_store_raw(X, N, COL)     into RAW(N) or BLOB (N NULL): text is hexadecimal
 *                                (ORA-01465)
 *
 * '' is NULL: no function here returns an empty string, and an empty argument is
 * NULL. NULL in, NULL out, except ora_concat and ora_replace as Oracle defines them.
 */
#include <stdio.h>
#include <string.h>

#include "common/hex.h"
#include "dialect/oracle/runtime_int.h"
#include "text/text.h"

/* The byte offset of character k (0-based) of s[0..n), or n past the end. */
static size_t char_offset(const char *s, size_t n, int64_t k)
{
    size_t i = 0;
    for (; i < n && k > 0; k--) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static int64_t char_count(const char *s, size_t n)
{
    int64_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* The length of the character at s[i]. */
static size_t char_len(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
        j++;
    return j - i;
}

/* A value as text the way Oracle converts it for string functions: RAW as hex,
 * numbers canonical, text as it is. *buf receives anything allocated (the caller
 * frees it). NULL for NULL or ''. */
static const char *text_of(sqlite3_value *v, size_t *n, char **buf)
{
    *buf = NULL;
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        return NULL;
    case SQLITE_BLOB: {
        const unsigned char *p = sqlite3_value_blob(v);
        size_t len = (size_t)sqlite3_value_bytes(v);
        if (!len)
            return NULL;
        *buf = sqlite3_malloc64(len * 2 + 1);
        if (!*buf)
            return NULL;
        for (size_t i = 0; i < len; i++)
            snprintf(*buf + 2 * i, 3, "%02X", p[i]);
        *n = len * 2;
        return *buf;
    }
    case SQLITE_FLOAT: {
        lw_decimal d;
        lw_decimal_init(&d);
        int overflow;
        if (ora_number_arg(NULL, v, &d) == 0)
            *buf = ora_number_text(&d, n, &overflow);
        lw_decimal_clear(&d);
        return *buf;
    }
    default: {
        const char *s = (const char *)sqlite3_value_text(v);
        *n = s ? (size_t)sqlite3_value_bytes(v) : 0;
        return s && *n ? s : NULL;
    }
    }
}

static void concat_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_sqlbuf b = {0};
    for (int i = 0; i < argc; i++) {
        size_t n = 0;
        char *buf;
        const char *s = text_of(argv[i], &n, &buf);
        if (s)
            lw_sqlbuf_append(&b, s, n);
        sqlite3_free(buf);
    }
    if (b.oom) {
        lw_sqlbuf_free(&b);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t n = b.len;
    if (!n) {
        lw_sqlbuf_free(&b);
        sqlite3_result_null(ctx);
        return;
    }
    ora_result_text(ctx, lw_sqlbuf_finish(&b), n);
}

/* The text argument i, or NULL (the result is then NULL, already set). */
static const char *text_arg(sqlite3_context *ctx, sqlite3_value **argv, int i, size_t *n,
                            char **buf)
{
    const char *s = text_of(argv[i], n, buf);
    if (!s)
        sqlite3_result_null(ctx);
    return s;
}

static void length_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int bytes = sqlite3_user_data(ctx) != NULL;
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
        int n = sqlite3_value_bytes(argv[0]);
        if (n)
            sqlite3_result_int(ctx, n);
        else
            sqlite3_result_null(ctx);
        return;
    }
    size_t n;
    char *buf;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    if (s)
        sqlite3_result_int64(ctx, bytes ? (int64_t)n : char_count(s, n));
    sqlite3_free(buf);
}

/* Reads integer argument i; 1 (result NULL) when NULL, -1 after an error. */
static int int_arg(sqlite3_context *ctx, sqlite3_value **argv, int i, int64_t *v)
{
    int rc = ora_int_arg(ctx, argv[i], v);
    if (rc > 0)
        sqlite3_result_null(ctx);
    return rc;
}

static void substr_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    char *buf;
    int64_t pos, len = -1;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    if (!s || int_arg(ctx, argv, 1, &pos) || (argc > 2 && int_arg(ctx, argv, 2, &len))) {
        sqlite3_free(buf);
        return;
    }
    int64_t chars = char_count(s, n);
    if (argc > 2 && len < 1) {
        sqlite3_free(buf);
        sqlite3_result_null(ctx);
        return;
    }
    if (pos == 0)
        pos = 1;
    if (pos < 0)
        pos = chars + pos + 1;
    if (pos < 1 || pos > chars) {
        sqlite3_free(buf);
        sqlite3_result_null(ctx);
        return;
    }
    size_t from = char_offset(s, n, pos - 1);
    size_t to = argc > 2 ? from + char_offset(s + from, n - from, len) : n;
    if (to > from)
        sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
    else
        sqlite3_result_null(ctx);
    sqlite3_free(buf);
}

static void instr_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n, tn;
    char *buf, *tbuf;
    int64_t pos = 1, occ = 1;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    const char *t = s ? text_arg(ctx, argv, 1, &tn, &tbuf) : (tbuf = NULL, NULL);
    if (!s || !t || (argc > 2 && int_arg(ctx, argv, 2, &pos)) ||
        (argc > 3 && int_arg(ctx, argv, 3, &occ))) {
        sqlite3_free(buf);
        sqlite3_free(tbuf);
        return;
    }
    if (occ < 1) {
        sqlite3_free(buf);
        sqlite3_free(tbuf);
        ora_error(ctx, 1428, "argument '%lld' is out of range", (long long)occ);
        return;
    }
    int64_t chars = char_count(s, n), found = 0;
    if (pos > 0) {
        for (size_t i = char_offset(s, n, pos - 1); i + tn <= n; i += char_len(s, n, i))
            if (!memcmp(s + i, t, tn) && ++found == occ) {
                found = char_count(s, i) + 1;
                occ = -1;
                break;
            }
    } else if (pos < 0) {
        /* backwards from the position counted from the end */
        int64_t start = chars + pos; /* 0-based character index */
        for (int64_t c = start; c >= 0; c--) {
            size_t i = char_offset(s, n, c);
            if (i + tn <= n && !memcmp(s + i, t, tn) && ++found == occ) {
                found = c + 1;
                occ = -1;
                break;
            }
        }
    }
    sqlite3_result_int64(ctx, occ == -1 ? found : 0);
    sqlite3_free(buf);
    sqlite3_free(tbuf);
}

/* UPPER (user data NULL) and LOWER. */
static void case_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    char *buf, *out = NULL;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    if (!s)
        return;
    size_t out_len = 0;
    int64_t bad = 0;
    UErrorCode status = U_ZERO_ERROR;
    lw_text_rc rc = sqlite3_user_data(ctx)
                        ? lw_text_case(NULL, LW_CASE_LOWER, s, n, &out, &out_len, &bad, &status)
                        : lw_text_simple_upper(s, n, &out, &out_len, &bad);
    sqlite3_free(buf);
    if (rc == LW_TEXT_INVALID_UTF8)
        ora_error(ctx, 29275, "partial multibyte character");
    else if (rc != LW_TEXT_OK)
        sqlite3_result_error_nomem(ctx);
    else
        ora_result_text(ctx, out, out_len);
}

static int is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static void initcap_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    char *buf;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    if (!s)
        return;
    char *out = sqlite3_malloc64(n + 1);
    if (!out) {
        sqlite3_free(buf);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int start = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (start && c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 32);
        else if (!start && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        out[i] = (char)c;
        if ((c & 0xC0) != 0x80)
            start = !is_word_byte(c);
    }
    sqlite3_free(buf);
    ora_result_text(ctx, out, n);
}

/* LPAD (user data NULL) and RPAD: to n characters with the pad (a blank by default). */
static void pad_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int right = sqlite3_user_data(ctx) != NULL;
    size_t n, pn = 1;
    char *buf, *pbuf = NULL;
    int64_t width;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    const char *pad = " ";
    if (s && argc > 2 && !(pad = text_arg(ctx, argv, 2, &pn, &pbuf)))
        s = NULL;
    if (!s || int_arg(ctx, argv, 1, &width)) {
        sqlite3_free(buf);
        sqlite3_free(pbuf);
        return;
    }
    if (width < 1 || width > 32767) {
        sqlite3_free(buf);
        sqlite3_free(pbuf);
        sqlite3_result_null(ctx);
        return;
    }
    int64_t have = char_count(s, n);
    lw_sqlbuf b = {0};
    if (have >= width) {
        lw_sqlbuf_append(&b, s, char_offset(s, n, width));
    } else {
        int64_t fill = width - have;
        if (right)
            lw_sqlbuf_append(&b, s, n);
        for (int64_t k = 0; k < fill;) {
            size_t i = 0;
            for (; i < pn && k < fill; k++)
                i += char_len(pad, pn, i);
            lw_sqlbuf_append(&b, pad, i);
        }
        if (!right)
            lw_sqlbuf_append(&b, s, n);
    }
    sqlite3_free(buf);
    sqlite3_free(pbuf);
    size_t len = b.len;
    ora_result_text(ctx, lw_sqlbuf_finish(&b), len);
}

/* Is the character at s[i] (length k) one of set? */
static int in_set(const char *s, size_t i, size_t k, const char *set, size_t sn)
{
    for (size_t j = 0; j < sn; j += char_len(set, sn, j))
        if (char_len(set, sn, j) == k && !memcmp(set + j, s + i, k))
            return 1;
    return 0;
}

/* Trims characters of set from the left (mode 'L'), right ('T') or both ('B'). */
static void trim_set(sqlite3_context *ctx, const char *s, size_t n, const char *set, size_t sn,
                     char mode)
{
    size_t from = 0, to = n;
    if (mode != 'T')
        while (from < to && in_set(s, from, char_len(s, n, from), set, sn))
            from += char_len(s, n, from);
    if (mode != 'L')
        while (to > from) {
            size_t k = to - 1;
            while (k > from && ((unsigned char)s[k] & 0xC0) == 0x80)
                k--;
            if (!in_set(s, k, to - k, set, sn))
                break;
            to = k;
        }
    if (to > from)
        sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
    else
        sqlite3_result_null(ctx);
}

static void trim_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n, cn, mn;
    char *buf, *cbuf;
    const char *mode = ora_arg_text(argv, 0, &mn);
    const char *c = text_arg(ctx, argv, 1, &cn, &cbuf);
    const char *s = c ? text_arg(ctx, argv, 2, &n, &buf) : (buf = NULL, NULL);
    if (c && s && char_count(c, cn) != 1)
        ora_error(ctx, 30001, "trim set should have only one character");
    else if (c && s)
        trim_set(ctx, s, n, c, cn, mode ? mode[0] : 'B');
    sqlite3_free(buf);
    sqlite3_free(cbuf);
}

/* LTRIM (user data NULL) and RTRIM. */
static void side_trim_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int right = sqlite3_user_data(ctx) != NULL;
    size_t n, sn = 1;
    char *buf, *sbuf = NULL;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    const char *set = " ";
    if (s && argc > 1 && !(set = text_arg(ctx, argv, 1, &sn, &sbuf)))
        s = NULL;
    if (s)
        trim_set(ctx, s, n, set, sn, right ? 'T' : 'L');
    sqlite3_free(buf);
    sqlite3_free(sbuf);
}

static void replace_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n, fn = 0, tn = 0;
    char *buf, *fbuf, *tbuf = NULL;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    if (!s)
        return;
    const char *f = text_of(argv[1], &fn, &fbuf);
    const char *t = argc > 2 ? text_of(argv[2], &tn, &tbuf) : NULL;
    if (!f) {
        sqlite3_result_text64(ctx, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
    } else {
        lw_sqlbuf b = {0};
        for (size_t i = 0; i < n;) {
            if (i + fn <= n && !memcmp(s + i, f, fn)) {
                if (t)
                    lw_sqlbuf_append(&b, t, tn);
                i += fn;
            } else {
                lw_sqlbuf_append(&b, s + i, 1);
                i++;
            }
        }
        size_t len = b.len;
        if (len)
            ora_result_text(ctx, lw_sqlbuf_finish(&b), len);
        else {
            lw_sqlbuf_free(&b);
            sqlite3_result_null(ctx);
        }
    }
    sqlite3_free(buf);
    sqlite3_free(fbuf);
    sqlite3_free(tbuf);
}

static void translate_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n, fn, tn;
    char *buf = NULL, *fbuf = NULL, *tbuf = NULL;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    const char *f = s ? text_arg(ctx, argv, 1, &fn, &fbuf) : NULL;
    const char *t = f ? text_arg(ctx, argv, 2, &tn, &tbuf) : NULL;
    if (t) {
        lw_sqlbuf b = {0};
        for (size_t i = 0; i < n;) {
            size_t k = char_len(s, n, i);
            /* the first position of this character in from */
            int64_t at = -1, idx = 0;
            for (size_t j = 0; j < fn; j += char_len(f, fn, j), idx++)
                if (char_len(f, fn, j) == k && !memcmp(f + j, s + i, k)) {
                    at = idx;
                    break;
                }
            if (at < 0) {
                lw_sqlbuf_append(&b, s + i, k);
            } else {
                size_t o = char_offset(t, tn, at);
                if (o < tn)
                    lw_sqlbuf_append(&b, t + o, char_len(t, tn, o));
            }
            i += k;
        }
        size_t len = b.len;
        ora_result_text(ctx, lw_sqlbuf_finish(&b), len);
    }
    sqlite3_free(buf);
    sqlite3_free(fbuf);
    sqlite3_free(tbuf);
}

static void chr_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t v;
    if (int_arg(ctx, argv, 0, &v))
        return;
    /* AL32UTF8: the number's bytes, most significant first */
    unsigned char bytes[8];
    int k = 0;
    uint64_t u = (uint64_t)v;
    do {
        bytes[k++] = (unsigned char)(u & 0xFF);
        u >>= 8;
    } while (u && k < 4);
    char out[8];
    for (int i = 0; i < k; i++)
        out[i] = (char)bytes[k - 1 - i];
    sqlite3_result_text(ctx, out, k, SQLITE_TRANSIENT);
}

static void ascii_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    char *buf;
    const char *s = text_arg(ctx, argv, 0, &n, &buf);
    if (s) {
        size_t k = char_len(s, n, 0);
        int64_t v = 0;
        for (size_t i = 0; i < k; i++)
            v = v * 256 + (unsigned char)s[i];
        sqlite3_result_int64(ctx, v);
    }
    sqlite3_free(buf);
}

/* Hex text to bytes; -1 for a character that is no hex digit (ORA-01465). */
static int hex_decode(const char *s, size_t n, unsigned char **out, size_t *len)
{
    *out = sqlite3_malloc64(n / 2 + 2);
    if (!*out)
        return -2;
    size_t k = 0, i = 0;
    if (n % 2) {
        int lo = lw_hex_value((unsigned char)s[0]);
        if (lo < 0)
            return -1;
        (*out)[k++] = (unsigned char)lo;
        i = 1;
    }
    for (; i < n; i += 2) {
        int hi = lw_hex_value((unsigned char)s[i]), lo = lw_hex_value((unsigned char)s[i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        (*out)[k++] = (unsigned char)(hi * 16 + lo);
    }
    *len = k;
    return 0;
}

static void hextoraw_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    size_t n;
    const char *s = ora_arg_text(argv, 0, &n);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    unsigned char *out;
    size_t len = 0;
    int rc = hex_decode(s, n, &out, &len);
    if (rc) {
        sqlite3_free(out);
        if (rc == -2)
            sqlite3_result_error_nomem(ctx);
        else
            ora_error(ctx, 1465, "invalid hex number");
        return;
    }
    sqlite3_result_blob64(ctx, out, len, sqlite3_free);
}

static void rawtohex_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *p;
    size_t n;
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
        p = sqlite3_value_blob(argv[0]);
        n = (size_t)sqlite3_value_bytes(argv[0]);
    } else {
        p = (const unsigned char *)ora_arg_text(argv, 0, &n);
    }
    if (!p || !n) {
        sqlite3_result_null(ctx);
        return;
    }
    char *out = sqlite3_malloc64(n * 2 + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02X", p[i]);
    ora_result_text(ctx, out, n * 2);
}

/* ---- Assignment ------------------------------------------------------------------------- */

static void too_large(sqlite3_context *ctx, sqlite3_value *col, int64_t actual, int64_t max)
{
    const char *name = (const char *)sqlite3_value_text(col);
    ora_error(ctx, 12899, "value too large for column %s (actual: %lld, maximum: %lld)",
              name ? name : "?", (long long)actual, (long long)max);
}

/* ora_store_text(X, N, CHARS, COL) (user data NULL) and ora_store_char (padded). */
static void store_text_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int padded = sqlite3_user_data(ctx) != NULL;
    int type = sqlite3_value_type(argv[0]);
    int64_t max = sqlite3_value_type(argv[1]) == SQLITE_NULL ? -1 : sqlite3_value_int64(argv[1]);
    int chars = sqlite3_value_int(argv[2]);
    if (type == SQLITE_TEXT && !padded && max < 0) {
        if (sqlite3_value_bytes(argv[0]))
            sqlite3_result_value(ctx, argv[0]);
        else
            sqlite3_result_null(ctx);
        return;
    }
    size_t n;
    char *buf;
    const char *s = type == SQLITE_INTEGER ? NULL : text_of(argv[0], &n, &buf);
    char num[32];
    if (type == SQLITE_INTEGER) {
        buf = NULL;
        n = (size_t)snprintf(num, sizeof num, "%lld", (long long)sqlite3_value_int64(argv[0]));
        s = num;
    }
    if (!s) {
        sqlite3_free(buf);
        sqlite3_result_null(ctx);
        return;
    }
    int64_t have = chars ? char_count(s, n) : (int64_t)n;
    if (max >= 0 && have > max) {
        sqlite3_free(buf);
        too_large(ctx, argv[3], have, max);
        return;
    }
    if (!padded || max < 0 || have == max) {
        sqlite3_result_text64(ctx, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
        sqlite3_free(buf);
        return;
    }
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, s, n);
    for (int64_t k = have; k < max; k++)
        lw_sqlbuf_append(&b, " ", 1);
    sqlite3_free(buf);
    size_t len = b.len;
    ora_result_text(ctx, lw_sqlbuf_finish(&b), len);
}

/* ora_too_large(X, N, CHARS, COL): ORA-12899 for a value its column's inline length
 * check refused (1 when X fits after all). */
static void too_large_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    char *buf;
    const char *s = text_of(argv[0], &n, &buf);
    int64_t max = sqlite3_value_int64(argv[1]);
    int64_t have = !s ? 0 : sqlite3_value_int(argv[2]) ? char_count(s, n) : (int64_t)n;
    sqlite3_free(buf);
    if (have > max)
        too_large(ctx, argv[3], have, max);
    else
        sqlite3_result_int(ctx, 1);
}

static void store_raw_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t max = sqlite3_value_type(argv[1]) == SQLITE_NULL ? -1 : sqlite3_value_int64(argv[1]);
    unsigned char *out = NULL;
    size_t len = 0;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
        len = (size_t)sqlite3_value_bytes(argv[0]);
        if (max >= 0 && (int64_t)len > max) {
            too_large(ctx, argv[2], (int64_t)len, max);
            return;
        }
        if (len)
            sqlite3_result_value(ctx, argv[0]);
        else
            sqlite3_result_null(ctx);
        return;
    }
    size_t n;
    const char *s = ora_arg_text(argv, 0, &n);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    int rc = hex_decode(s, n, &out, &len);
    if (rc) {
        sqlite3_free(out);
        if (rc == -2)
            sqlite3_result_error_nomem(ctx);
        else
            ora_error(ctx, 1465, "invalid hex number");
        return;
    }
    if (max >= 0 && (int64_t)len > max) {
        sqlite3_free(out);
        too_large(ctx, argv[2], (int64_t)len, max);
        return;
    }
    sqlite3_result_blob64(ctx, out, len, sqlite3_free);
}

static const int marker = 1;

const ora_function_def ora_text_functions[] = {
    ORA_PURE("ora_concat", 2, concat_fn),
    ORA_PURE("ora_concat", -1, concat_fn),
    ORA_PURE("ora_length", 1, length_fn),
    ORA_PURE("ora_substr", 2, substr_fn),
    ORA_PURE("ora_substr", 3, substr_fn),
    ORA_PURE("ora_instr", 2, instr_fn),
    ORA_PURE("ora_instr", 3, instr_fn),
    ORA_PURE("ora_instr", 4, instr_fn),
    ORA_PURE("ora_upper", 1, case_fn),
    ORA_PURE("ora_initcap", 1, initcap_fn),
    ORA_PURE("ora_lpad", 2, pad_fn),
    ORA_PURE("ora_lpad", 3, pad_fn),
    ORA_PURE("ora_trim", 3, trim_fn),
    ORA_PURE("ora_ltrim", 1, side_trim_fn),
    ORA_PURE("ora_ltrim", 2, side_trim_fn),
    ORA_PURE("ora_replace", 2, replace_fn),
    ORA_PURE("ora_replace", 3, replace_fn),
    ORA_PURE("ora_translate", 3, translate_fn),
    ORA_PURE("ora_chr", 1, chr_fn),
    ORA_PURE("ora_ascii", 1, ascii_fn),
    ORA_PURE("ora_hextoraw", 1, hextoraw_fn),
    ORA_PURE("ora_rawtohex", 1, rawtohex_fn),
    ORA_PURE("ora_store_text", 4, store_text_fn),
    ORA_PURE("ora_store_raw", 3, store_raw_fn),
    ORA_PURE("ora_too_large", 4, too_large_fn),
    {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};

/* The text functions told apart by user data (LOWER, LENGTHB, RPAD, RTRIM, the CHAR
 * assignment). */
int ora_register_text_variants(sqlite3 *db, char **pzErr)
{
    static const struct {
        const char *name;
        int n;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } v[] = {{"ora_lower", 1, case_fn},
             {"ora_lengthb", 1, length_fn},
             {"ora_rpad", 2, pad_fn},
             {"ora_rpad", 3, pad_fn},
             {"ora_rtrim", 1, side_trim_fn},
             {"ora_rtrim", 2, side_trim_fn},
             {"ora_store_char", 4, store_text_fn}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        int rc = sqlite3_create_function_v2(db, v[i].name, v[i].n, LW_PURE, (void *)&marker,
                                            v[i].fn, NULL, NULL, NULL);
        if (rc) {
            *pzErr =
                sqlite3_mprintf("cannot register function %s: %s", v[i].name, sqlite3_errmsg(db));
            return rc;
        }
    }
    return SQLITE_OK;
}
