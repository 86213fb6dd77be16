/*
 * More MariaDB string functions (registered by runtime.c; runtime_text.c has the ones
 * that compare under a collation):
 *
 *   my_insert(S, POS, LEN, NEW)   INSERT(): S with LEN characters from POS replaced by
 *                                 NEW; S when POS is outside it; NULL if any is NULL
 *   my_make_set(BITS, S1, ...)    the Si whose bit is set, joined by ',' (NULLs skipped)
 *   my_quote(S)                   S between quotes with \, ', NUL and ^Z escaped by a
 *                                 backslash; the word NULL for NULL
 *   my_crc32(S)                   the CRC-32 (ISO-HDLC, zlib's) of S's bytes
 *   my_to_base64(S), my_from_base64(S)   base64, lines of 76 characters as MariaDB
 *                                 writes them; text that is not base64 is NULL
 *   my_char(BINARY, N, ...)       CHAR(): each N's bytes (big-endian, no leading zero
 *                                 bytes), a binary string (a blob unless the bytes are
 *                                 UTF-8 text), or text (USING utf8mb4)
 *   my_format(X, D[, LOCALE])     FORMAT(): X rounded half away from zero to D decimals
 *                                 (at most 38) with thousands separators: en_US ',' and
 *                                 '.', de_DE '.' and ','; another locale is 1649's warning
 *                                 and en_US
 *   my_uuid()                     UUID(): a version 1 UUID (the time in 100 ns since
 *                                 1582-10-15, a random clock sequence and node chosen once
 *                                 per process, the multicast bit set as MariaDB's)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dialect/mysql/runtime_int.h"

static size_t utf8_len(const char *s, size_t n)
{
    size_t len = 1;
    while (len < n && ((unsigned char)s[len] & 0xC0) == 0x80)
        len++;
    return len;
}

/* The byte offset of character k of s[0..n) (n when past the end). */
static size_t char_offset(const char *s, size_t n, long long k)
{
    size_t i = 0;
    while (k-- > 0 && i < n)
        i += utf8_len(s + i, n - i);
    return i;
}

static void insert_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(4, argv))
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    const char *nw = (const char *)sqlite3_value_text(argv[3]);
    size_t nn = (size_t)sqlite3_value_bytes(argv[3]);
    long long pos = sqlite3_value_int64(argv[1]), len = sqlite3_value_int64(argv[2]);
    size_t chars = 0;
    for (size_t i = 0; i < n; i += utf8_len(s + i, n - i))
        chars++;
    if (pos < 1 || (size_t)pos > chars) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    size_t from = char_offset(s, n, pos - 1);
    size_t to = len < 0 || (unsigned long long)len >= chars
                    ? n
                    : from + char_offset(s + from, n - from, len);
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, s, from);
    lw_sqlbuf_append(&out, nw ? nw : "", nn);
    lw_sqlbuf_append(&out, s + to, n - to);
    if (out.oom)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, out.s ? out.s : "", out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
}

static void make_set_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc < 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    uint64_t bits = (uint64_t)sqlite3_value_int64(argv[0]);
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "", 0);
    int first = 1;
    for (int i = 1; i < argc && i <= 64; i++) {
        if (!(bits >> (i - 1) & 1) || sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        if (!first)
            lw_sqlbuf_append(&out, ",", 1);
        first = 0;
        lw_sqlbuf_append(&out, (const char *)sqlite3_value_text(argv[i]),
                         (size_t)sqlite3_value_bytes(argv[i]));
    }
    if (out.oom)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, out.s, out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
}

static void quote_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_text(ctx, "NULL", 4, SQLITE_STATIC);
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "'", 1);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' || c == '\'')
            lw_sqlbuf_append(&out, "\\", 1);
        if (c == 0)
            lw_sqlbuf_append(&out, "\\0", 2);
        else if (c == 26)
            lw_sqlbuf_append(&out, "\\Z", 2);
        else
            lw_sqlbuf_append(&out, &c, 1);
    }
    lw_sqlbuf_append(&out, "'", 1);
    if (out.oom)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, out.s, out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
}

static void crc32_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const unsigned char *p = sqlite3_value_type(argv[0]) == SQLITE_BLOB
                                 ? sqlite3_value_blob(argv[0])
                                 : (const unsigned char *)sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    uint32_t crc = 0xFFFFFFFFu;
    for (int i = 0; p && i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)(crc ^ 0xFFFFFFFFu));
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void to_base64_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const unsigned char *p = sqlite3_value_type(argv[0]) == SQLITE_BLOB
                                 ? sqlite3_value_blob(argv[0])
                                 : (const unsigned char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "", 0);
    size_t line = 0;
    for (size_t i = 0; i < n; i += 3) {
        if (line == 76) {
            lw_sqlbuf_append(&out, "\n", 1);
            line = 0;
        }
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < n ? b64[v >> 6 & 63] : '=',
                     i + 2 < n ? b64[v & 63] : '='};
        lw_sqlbuf_append(&out, q, 4);
        line += 4;
    }
    if (out.oom)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, out.s, out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
}

static void from_base64_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    unsigned char *out = sqlite3_malloc64(n / 4 * 3 + 3);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t k = 0;
    uint32_t acc = 0;
    int bits = 0, pad = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        const char *at = strchr(b64, c);
        if (!c || !at || pad) {
            sqlite3_free(out);
            return; /* not base64: NULL */
        }
        acc = acc << 6 | (uint32_t)(at - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[k++] = (unsigned char)(acc >> bits);
        }
    }
    sqlite3_result_blob64(ctx, out, k, sqlite3_free);
}

/* Whether s[0..n) is UTF-8 text without a NUL byte. */
static int valid_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80             ? 1
                     : (c & 0xE0) == 0xC0 ? 2
                     : (c & 0xF0) == 0xE0 ? 3
                     : (c & 0xF8) == 0xF0 ? 4
                                          : 0;
        if (!c || !len || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

/* my_char(BINARY, N, ...): NULL arguments are skipped. */
static void char_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "", 0);
    for (int i = 1; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        uint32_t v = (uint32_t)sqlite3_value_int64(argv[i]);
        unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                              (unsigned char)(v >> 8), (unsigned char)v};
        int skip = 0;
        while (skip < 3 && b[skip] == 0)
            skip++;
        lw_sqlbuf_append(&out, (const char *)b + skip, (size_t)(4 - skip));
    }
    if (out.oom)
        sqlite3_result_error_nomem(ctx);
    else if (sqlite3_value_int(argv[0]) && !valid_text(out.s, out.len))
        /* Bytes that are no UTF-8 text stay a blob; text compares with text as the binary
         * string it is on the server (the rewriter gave it the binary collation). */
        sqlite3_result_blob64(ctx, out.s, out.len, SQLITE_TRANSIENT);
    else
        sqlite3_result_text64(ctx, out.s, out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
}

/* my_format(X, D[, LOCALE]) */
static void format_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(2, argv))
        return;
    long long d = sqlite3_value_int64(argv[1]);
    d = d < 0 ? 0 : d > 38 ? 38 : d;
    char thousands = ',', point = '.';
    if (argc > 2 && sqlite3_value_type(argv[2]) != SQLITE_NULL) {
        const char *loc = (const char *)sqlite3_value_text(argv[2]);
        if (loc && !sqlite3_stricmp(loc, "de_DE"))
            thousands = '.', point = ',';
        else if (loc && sqlite3_stricmp(loc, "en_US"))
            my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1649, "Unknown locale: '%s'", loc);
    }
    /* X rounded exactly: the decimal module reads its text. */
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    lw_decimal x, r;
    lw_decimal_init(&x);
    lw_decimal_init(&r);
    char *digits = NULL;
    size_t len = 0;
    if (sqlite3_value_type(argv[0]) == SQLITE_FLOAT) {
        char buf[64];
        my_format_double(sqlite3_value_double(argv[0]), 0, buf, sizeof buf);
        if (lw_decimal_from_text(&x, buf, strlen(buf)) != LW_DECIMAL_OK)
            lw_decimal_from_double(&x, sqlite3_value_double(argv[0]));
    } else {
        my_number num;
        my_parse_number(text ? text : "", (size_t)sqlite3_value_bytes(argv[0]), &num);
        if (num.is_int ||
            lw_decimal_from_text(&x, text ? text : "0", (size_t)sqlite3_value_bytes(argv[0])) !=
                LW_DECIMAL_OK) {
            char buf[64];
            if (num.is_int)
                snprintf(buf, sizeof buf, "%lld", (long long)num.i);
            else
                my_format_double(num.d, 0, buf, sizeof buf);
            lw_decimal_clear(&x);
            lw_decimal_init(&x);
            if (lw_decimal_from_text(&x, buf, strlen(buf)) != LW_DECIMAL_OK)
                lw_decimal_from_int64(&x, 0);
        }
    }
    if (lw_decimal_round(&r, &x, (int32_t)d, 0) == LW_DECIMAL_OK)
        digits = lw_decimal_to_text(&r, &len);
    lw_decimal_clear(&x);
    lw_decimal_clear(&r);
    if (!digits) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* digits: [-]int[.frac]; the fraction padded to d digits. */
    const char *p = digits;
    int neg = *p == '-';
    if (neg)
        p++;
    const char *dot = strchr(p, '.');
    size_t int_len = dot ? (size_t)(dot - p) : strlen(p);
    const char *frac = dot ? dot + 1 : "";
    lw_sqlbuf out = {0};
    if (neg)
        lw_sqlbuf_append(&out, "-", 1);
    for (size_t i = 0; i < int_len; i++) {
        if (i && (int_len - i) % 3 == 0)
            lw_sqlbuf_append(&out, &thousands, 1);
        lw_sqlbuf_append(&out, p + i, 1);
    }
    if (d > 0) {
        lw_sqlbuf_append(&out, &point, 1);
        size_t fl = strlen(frac);
        for (long long i = 0; i < d; i++)
            lw_sqlbuf_append(&out, (size_t)i < fl ? frac + i : "0", 1);
    }
    sqlite3_free(digits);
    if (out.oom)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, out.s ? out.s : "", out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
}

/* my_uuid() */
static void uuid_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    static unsigned char node[6];
    static uint16_t clock_seq;
    static _Atomic uint64_t last;
    if (!node[0] && !node[1]) {
        sqlite3_randomness(sizeof node, node);
        node[0] |= 0x01; /* multicast: no real interface's address */
        node[1] |= 0x01;
        sqlite3_randomness(sizeof clock_seq, &clock_seq);
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* 100 ns intervals since 1582-10-15; each call a later one. */
    uint64_t t =
        (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100 + 0x01B21DD213814000ULL;
    uint64_t prev = last;
    if (t <= prev)
        t = prev + 1;
    last = t;
    char buf[40];
    snprintf(buf, sizeof buf, "%08x-%04x-1%03x-%04x-%02x%02x%02x%02x%02x%02x",
             (unsigned)(t & 0xFFFFFFFFu), (unsigned)(t >> 32 & 0xFFFF),
             (unsigned)(t >> 48 & 0x0FFF), (unsigned)((clock_seq & 0x3FFF) | 0x8000), node[0],
             node[1], node[2], node[3], node[4], node[5]);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

const lw_function_def my_string_functions[] = {
    {"my_insert", 4, MY_SESSION_FN, insert_func, NULL, NULL, NULL, NULL},
    {"my_make_set", -1, MY_SESSION_FN, make_set_func, NULL, NULL, NULL, NULL},
    {"my_quote", 1, MY_SESSION_FN, quote_func, NULL, NULL, NULL, NULL},
    {"my_crc32", 1, MY_SESSION_FN, crc32_func, NULL, NULL, NULL, NULL},
    {"my_to_base64", 1, MY_SESSION_FN, to_base64_func, NULL, NULL, NULL, NULL},
    {"my_from_base64", 1, MY_SESSION_FN, from_base64_func, NULL, NULL, NULL, NULL},
    {"my_char", -1, MY_SESSION_FN, char_func, NULL, NULL, NULL, NULL},
    {"my_format", 2, MY_SESSION_FN, format_func, NULL, NULL, NULL, NULL},
    {"my_format", 3, MY_SESSION_FN, format_func, NULL, NULL, NULL, NULL},
    {"my_uuid", 0, SQLITE_UTF8, uuid_func, NULL, NULL, NULL, NULL},
};
const size_t my_string_functions_n = sizeof my_string_functions / sizeof my_string_functions[0];
