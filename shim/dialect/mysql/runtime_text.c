/*
 * MySQL/MariaDB string functions that SQLite lacks or spells otherwise, and the
 * comparisons that depend on a collation (registered by runtime.c):
 *
 *   my_text(X, TYPE)              X as MariaDB converts it to a string (DOUBLEs in the
 *                                 client's form: 15, not SQLite's 15.0)
 *   my_length(X), my_char_length(X)   bytes and characters of that string
 *   my_concat(X, ...)             NULL when any argument is NULL
 *   my_concat_ws(SEP, X, ...)     X, ... joined by SEP, NULL arguments skipped; NULL
 *                                 when SEP is NULL
 *   my_reverse(S)                 characters in reverse order (bytes for a binary
 *                                 string)
 *   my_substring(S, POS[, LEN])   LEN characters (bytes for a binary string) from
 *                                 POS: 1 is the first, a negative POS counts from the
 *                                 end, 0 or past the end is ''; LEN <= 0 is ''
 *   my_space(N)                   N spaces ('' when N <= 0)
 *   my_bit_length(S)              bits of S's bytes
 *   my_unhex(S)                   the bytes of hexadecimal S (an odd length starts
 *                                 with one digit), NULL when S is not hexadecimal
 *   my_md5(S), my_sha1(S), my_sha2(S, BITS)   lowercase hexadecimal digests of S's
 *                                 bytes (Nettle); SHA2's BITS 224, 256 (or 0, or
 *                                 NULL), 384, 512, else NULL
 *   my_elt(N, S1, ...)            the N-th string, NULL when there is none
 *   my_ascii(S), my_ord(S)        the first byte; ORD the first character's bytes as
 *                                 one big-endian number (ORD('é') is 0xC3A9)
 *   my_lpad(S, N, P), my_rpad     S cut or padded with P to N characters; NULL when N
 *                                 is negative, or when padding is needed and P is ''
 *   my_substring_index(S, D, N)   S before the N-th D (after the N-th from the right
 *                                 when N < 0), matched byte for byte (case-sensitive,
 *                                 as MariaDB's)
 *   my_hex(X, TYPE)               numbers in base 16 (HEX(255) is FF), strings byte by
 *                                 byte, upper case
 *   my_repeat(S, N), my_soundex(S) (MySQL's: vowels never separate equal codes, longer
 *                                 than four characters when the word is)
 *                                 (REPEAT, LPAD, RPAD and SPACE longer than the
 *                                 connection's length limit, @@max_allowed_packet, are
 *                                 NULL with warning 1301, as on the server)
 *   my_find_in_set(S, LIST)       1-based position in a comma-separated list, 0 when
 *                                 absent, compared without regard to case
 *   my_strcmp(A, B, COLL)         -1, 0, 1 under the collation
 *   my_left(S, N), my_right(S, N)   N characters from the start or the end (bytes of a
 *                                 binary string), '' for N <= 0
 *   my_trim(S, R, MODE)           TRIM([BOTH | LEADING | TRAILING] [R] FROM S): the
 *                                 repeated occurrences of R removed, byte for byte
 *   my_locate(SUB, S, POS, COLL)  LOCATE, INSTR, POSITION: SUB's character position
 *                                 from POS on under the collation, 0 when absent
 *   my_field(COLL, S, A, ...)     FIELD: the position of the first A equal to S
 *   my_greatest(DIR, CLASSES, COLL, X, ...)   GREATEST (DIR 1), LEAST (-1): NULL when
 *                                 any X is NULL; integers, decimals, strings under
 *                                 the collation, or else DOUBLEs, as MariaDB compares
 *   my_like(X, P, E, COLL)        LIKE under the collation: each character compared
 *                                 with the collation's equality (general_ci: a = A =
 *                                 á), % and _ and the escape E; no padding
 *   my_regexp(X, P, COLL)         REGEXP: case-insensitive under a _ci collation (the
 *                                 ICU engine of ext/regexp, as MariaDB's PCRE)
 *
 * Collations are opened by name from ext/collation (lw_collation_open) once per
 * statement (SQLite's auxiliary data on the name argument).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <nettle/nettle-meta.h>

#include "collation/collation.h"
#include "dialect/mysql/runtime_int.h"

/* ---- Values as strings ---------------------------------------------------------------------- */

/* The text of v as MariaDB converts it to a string (buf holds a DOUBLE's form).
 * NULL for SQL NULL; *n gets the length. */
static const char *value_text(sqlite3_value *v, char *buf, size_t cap, size_t *n)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        return NULL;
    case SQLITE_FLOAT:
        *n = my_format_double(sqlite3_value_double(v), 0, buf, cap);
        return buf;
    case SQLITE_BLOB: {
        const char *b = sqlite3_value_blob(v);
        *n = (size_t)sqlite3_value_bytes(v);
        return b ? b : "";
    }
    default: {
        const char *t = (const char *)sqlite3_value_text(v);
        *n = (size_t)sqlite3_value_bytes(v);
        return t ? t : "";
    }
    }
}

static void text_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[0], buf, sizeof buf, &n);
    if (t)
        sqlite3_result_text64(ctx, t, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void length_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    if (value_text(argv[0], buf, sizeof buf, &n))
        sqlite3_result_int64(ctx, (int64_t)n);
}

static void char_length_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[0], buf, sizeof buf, &n);
    if (!t)
        return;
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
        sqlite3_result_int64(ctx, (int64_t)n);
        return;
    }
    int64_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)t[i] & 0xC0) != 0x80;
    sqlite3_result_int64(ctx, chars);
}

static void concat_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "", 0);
    int binary = 0;
    for (int i = 0; i < argc; i++) {
        char buf[400];
        size_t n;
        const char *t = value_text(argv[i], buf, sizeof buf, &n);
        if (!t) {
            lw_sqlbuf_free(&b);
            return;
        }
        binary |= sqlite3_value_type(argv[i]) == SQLITE_BLOB;
        lw_sqlbuf_append(&b, t, n);
    }
    if (b.oom) {
        lw_sqlbuf_free(&b);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (binary)
        sqlite3_result_blob64(ctx, b.s, b.len, sqlite3_free);
    else
        sqlite3_result_text64(ctx, b.s, b.len, sqlite3_free, SQLITE_UTF8);
}

static void concat_ws_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char sep_buf[400];
    size_t sep_n;
    const char *sep = value_text(argv[0], sep_buf, sizeof sep_buf, &sep_n);
    if (!sep)
        return;
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "", 0);
    int binary = sqlite3_value_type(argv[0]) == SQLITE_BLOB, joined = 0;
    for (int i = 1; i < argc; i++) {
        char buf[400];
        size_t n;
        const char *t = value_text(argv[i], buf, sizeof buf, &n);
        if (!t)
            continue; /* MariaDB skips NULLs (CONCAT_WS(',', 'a', NULL) is 'a') */
        binary |= sqlite3_value_type(argv[i]) == SQLITE_BLOB;
        if (joined++)
            lw_sqlbuf_append(&b, sep, sep_n);
        lw_sqlbuf_append(&b, t, n);
    }
    if (b.oom) {
        lw_sqlbuf_free(&b);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (binary)
        sqlite3_result_blob64(ctx, b.s, b.len, sqlite3_free);
    else
        sqlite3_result_text64(ctx, b.s, b.len, sqlite3_free, SQLITE_UTF8);
}

static void reverse_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[0], buf, sizeof buf, &n);
    if (!t)
        return;
    int binary = sqlite3_value_type(argv[0]) == SQLITE_BLOB;
    char *out = sqlite3_malloc64(n + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* Each character (a UTF-8 sequence: its lead byte and the continuation bytes
     * after it) is copied whole to the mirrored place; a binary string byte by byte. */
    size_t i = 0;
    while (i < n) {
        size_t len = 1;
        while (!binary && i + len < n && ((unsigned char)t[i + len] & 0xC0) == 0x80)
            len++;
        memcpy(out + n - i - len, t + i, len);
        i += len;
    }
    out[n] = 0;
    if (binary)
        sqlite3_result_blob64(ctx, out, n, sqlite3_free);
    else
        sqlite3_result_text64(ctx, out, n, sqlite3_free, SQLITE_UTF8);
}

/* Bytes of the UTF-8 character that starts at s (at most n), at least 1. */
static size_t char_bytes(const char *s, size_t n)
{
    size_t len = 1;
    while (len < n && ((unsigned char)s[len] & 0xC0) == 0x80)
        len++;
    return len;
}

/* Characters of the UTF-8 text s[0..n). */
static size_t char_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i += char_bytes(s + i, n - i))
        count++;
    return count;
}

/* The byte length of the first k characters of s[0..n) (all of it when shorter). */
static size_t char_prefix(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    while (k-- > 0 && i < n)
        i += char_bytes(s + i, n - i);
    return i;
}

/* A result at most the connection's length limit (@@max_allowed_packet) long: a new
 * buffer of len + 1 bytes; or NULL, with the result NULL and MariaDB's warning 1301
 * naming fn when len is past the limit, or with the error set when memory runs out. */
static char *result_buffer(sqlite3_context *ctx, uint64_t len, const char *fn)
{
    int limit = sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1);
    if (len > (uint64_t)limit) {
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1301,
                "Result of %s() was larger than max_allowed_packet (%d) - truncated", fn, limit);
        return NULL;
    }
    char *out = sqlite3_malloc64(len + 1);
    if (!out)
        sqlite3_result_error_nomem(ctx);
    return out;
}

static void substring_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    char buf[400];
    size_t n;
    const char *s = value_text(argv[0], buf, sizeof buf, &n);
    if (!s)
        return;
    int binary = sqlite3_value_type(argv[0]) == SQLITE_BLOB;
    int64_t pos = sqlite3_value_int64(argv[1]);
    int64_t len = argc > 2 ? sqlite3_value_int64(argv[2]) : INT64_MAX;
    uint64_t chars = binary ? n : char_count(s, n);
    /* The 0-based first character, or none (pos 0, before the start, past the end). */
    int64_t first = pos > 0 ? pos - 1 : (int64_t)chars + pos;
    size_t from = 0, to = 0;
    if (pos != 0 && first >= 0 && (uint64_t)first < chars && len > 0) {
        uint64_t take =
            (uint64_t)len < chars - (uint64_t)first ? (uint64_t)len : chars - (uint64_t)first;
        from = binary ? (size_t)first : char_prefix(s, n, (size_t)first);
        to = binary ? from + (size_t)take : from + char_prefix(s + from, n - from, (size_t)take);
    }
    if (binary)
        sqlite3_result_blob64(ctx, s + from, to - from, SQLITE_TRANSIENT);
    else
        sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void bit_length_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    if (value_text(argv[0], buf, sizeof buf, &n))
        sqlite3_result_int64(ctx, (int64_t)n * 8);
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static void unhex_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[0], buf, sizeof buf, &n);
    if (!t)
        return;
    size_t out_n = (n + 1) / 2;
    unsigned char *out = sqlite3_malloc64(out_n + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* An odd length: the first digit alone is the first byte (UNHEX('F') is 0x0F). */
    size_t i = 0, k = 0;
    if (n % 2) {
        int d = hex_digit(t[0]);
        if (d < 0)
            goto not_hex;
        out[k++] = (unsigned char)d;
        i = 1;
    }
    for (; i < n; i += 2) {
        int hi = hex_digit(t[i]), lo = hex_digit(t[i + 1]);
        if (hi < 0 || lo < 0)
            goto not_hex;
        out[k++] = (unsigned char)(hi * 16 + lo);
    }
    sqlite3_result_blob64(ctx, out, out_n, sqlite3_free);
    return;
not_hex:
    sqlite3_free(out); /* NULL, as MariaDB */
}

/* The lowercase hexadecimal digest of argv[0]'s bytes by hash. */
static void digest(sqlite3_context *ctx, sqlite3_value *v, const struct nettle_hash *hash)
{
    char buf[400];
    size_t n;
    const char *t = value_text(v, buf, sizeof buf, &n);
    if (!t)
        return;
    /* Big enough and aligned for every context (SHA-512's is the largest). */
    union {
        max_align_t align;
        unsigned char bytes[256];
    } state;
    unsigned char d[64];
    char hex[129];
    hash->init(&state);
    hash->update(&state, n, (const uint8_t *)t);
    hash->digest(&state, hash->digest_size, d);
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < hash->digest_size; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    sqlite3_result_text(ctx, hex, (int)(2 * hash->digest_size), SQLITE_TRANSIENT);
}

static void md5_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    digest(ctx, argv[0], &nettle_md5);
}

static void sha1_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    digest(ctx, argv[0], &nettle_sha1);
}

static void sha2_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t bits = sqlite3_value_int64(argv[1]); /* NULL reads as 0: SHA-256, as MariaDB */
    const struct nettle_hash *hash = bits == 0 || bits == 256 ? &nettle_sha256
                                     : bits == 224            ? &nettle_sha224
                                     : bits == 384            ? &nettle_sha384
                                     : bits == 512            ? &nettle_sha512
                                                              : NULL;
    if (hash)
        digest(ctx, argv[0], hash);
}

static void space_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    int64_t n = sqlite3_value_int64(argv[0]);
    if (n <= 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    char *out = result_buffer(ctx, (uint64_t)n, "space");
    if (!out)
        return;
    memset(out, ' ', (size_t)n);
    out[n] = 0;
    sqlite3_result_text64(ctx, out, (uint64_t)n, sqlite3_free, SQLITE_UTF8);
}

static void elt_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    int64_t k = sqlite3_value_int64(argv[0]);
    if (k < 1 || k >= argc)
        return;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[k], buf, sizeof buf, &n);
    if (!t)
        return;
    if (sqlite3_value_type(argv[k]) == SQLITE_BLOB)
        sqlite3_result_blob64(ctx, t, n, SQLITE_TRANSIENT);
    else
        sqlite3_result_text64(ctx, t, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void ascii_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[0], buf, sizeof buf, &n);
    if (t)
        sqlite3_result_int(ctx, n ? (unsigned char)t[0] : 0);
}

static void ord_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[0], buf, sizeof buf, &n);
    if (!t)
        return;
    size_t len = n == 0 ? 0 : sqlite3_value_type(argv[0]) == SQLITE_BLOB ? 1 : char_bytes(t, n);
    int64_t code = 0;
    for (size_t i = 0; i < len; i++)
        code = code * 256 + (unsigned char)t[i];
    sqlite3_result_int64(ctx, code);
}

/* The two SQL functions of a core that works at either end of a string: CORE_left and
 * CORE_right call CORE(ctx, argv, right) with right 0 and 1. */
#define MY_SIDED_FUNCTIONS(core)                                                                   \
    static void core##_left(sqlite3_context *ctx, int argc, sqlite3_value **argv)                  \
    {                                                                                              \
        (void)argc;                                                                                \
        core(ctx, argv, 0);                                                                        \
    }                                                                                              \
    static void core##_right(sqlite3_context *ctx, int argc, sqlite3_value **argv)                 \
    {                                                                                              \
        (void)argc;                                                                                \
        core(ctx, argv, 1);                                                                        \
    }

/* RPAD (right = 1) and LPAD (right = 0). */
static void pad(sqlite3_context *ctx, sqlite3_value **argv, int right)
{
    int left = !right;
    if (lw_any_null(3, argv))
        return;
    char sbuf[400], pbuf[400];
    size_t sn, pn;
    const char *s = value_text(argv[0], sbuf, sizeof sbuf, &sn);
    const char *p = value_text(argv[2], pbuf, sizeof pbuf, &pn);
    int64_t want = sqlite3_value_int64(argv[1]);
    if (!s || !p || want < 0)
        return;
    size_t have = char_count(s, sn);
    if ((uint64_t)want <= have) {
        sqlite3_result_text64(ctx, s, char_prefix(s, sn, (size_t)want), SQLITE_TRANSIENT,
                              SQLITE_UTF8);
        return;
    }
    size_t pad_chars = char_count(p, pn);
    if (pad_chars == 0)
        return; /* nothing to pad with: NULL, as MariaDB */
    uint64_t missing = (uint64_t)want - have;
    /* Whole copies of P, then the first characters of one more. */
    uint64_t copies = missing / pad_chars;
    size_t tail = char_prefix(p, pn, (size_t)(missing % pad_chars));
    uint64_t pad_bytes = copies * pn + tail;
    char *out = result_buffer(ctx, sn + pad_bytes, right ? "rpad" : "lpad");
    if (!out)
        return;
    char *at = out + (left ? 0 : sn);
    for (uint64_t i = 0; i < copies; i++, at += pn)
        memcpy(at, p, pn);
    memcpy(at, p, tail);
    memcpy(left ? out + pad_bytes : out, s, sn);
    out[sn + pad_bytes] = 0;
    sqlite3_result_text64(ctx, out, sn + pad_bytes, sqlite3_free, SQLITE_UTF8);
}

/* my_lpad(S, N, P) and my_rpad(S, N, P). */
MY_SIDED_FUNCTIONS(pad)

static void substring_index_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(3, argv))
        return;
    char sbuf[400], dbuf[400];
    size_t sn, dn;
    const char *s = value_text(argv[0], sbuf, sizeof sbuf, &sn);
    const char *d = value_text(argv[1], dbuf, sizeof dbuf, &dn);
    int64_t count = sqlite3_value_int64(argv[2]);
    if (!s || !d)
        return;
    size_t from = 0, to = sn;
    if (count == 0 || dn == 0 || dn > sn) {
        to = count == 0 || dn == 0 ? 0 : sn;
    } else if (count > 0) {
        for (size_t i = 0; i + dn <= sn; i++)
            if (!memcmp(s + i, d, dn) && --count == 0) {
                to = i;
                break;
            }
    } else {
        for (size_t i = sn - dn + 1; i-- > 0;)
            if (!memcmp(s + i, d, dn) && ++count == 0) {
                from = i + dn;
                break;
            }
    }
    sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void hex_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *type = (const char *)sqlite3_value_text(argv[1]);
    int vt = sqlite3_value_type(argv[0]);
    if (vt == SQLITE_NULL)
        return;
    char buf[400];
    if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT || (type && (type[0] == 'd'))) {
        /* A number: its value (rounded) in base 16. */
        double d = sqlite3_value_double(argv[0]);
        uint64_t u = vt == SQLITE_INTEGER ? (uint64_t)sqlite3_value_int64(argv[0])
                     : d < 0              ? (uint64_t)(int64_t)(d - 0.5)
                                          : (uint64_t)(d + 0.5);
        snprintf(buf, sizeof buf, "%llX", (unsigned long long)u);
        sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
        return;
    }
    size_t n;
    const unsigned char *t = (const unsigned char *)value_text(argv[0], buf, sizeof buf, &n);
    char *out = sqlite3_malloc64(2 * n + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    static const char digits[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[t[i] >> 4];
        out[2 * i + 1] = digits[t[i] & 15];
    }
    out[2 * n] = 0;
    sqlite3_result_text64(ctx, out, 2 * n, sqlite3_free, SQLITE_UTF8);
}

static void repeat_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[0], buf, sizeof buf, &n);
    int64_t count = sqlite3_value_int64(argv[1]);
    if (count <= 0 || n == 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    /* count * n cannot overflow past the limit check: n is below 2^31. */
    char *out = (uint64_t)count > ((uint64_t)1 << 32)
                    ? result_buffer(ctx, UINT64_MAX, "repeat")
                    : result_buffer(ctx, (uint64_t)count * n, "repeat");
    if (!out)
        return;
    for (int64_t i = 0; i < count; i++)
        memcpy(out + (size_t)i * n, t, n);
    out[(size_t)count * n] = 0;
    sqlite3_result_text64(ctx, out, (size_t)count * n, sqlite3_free, SQLITE_UTF8);
}

/* MySQL's SOUNDEX codes of A..Z ('0': not coded). */
static const char soundex_codes[] = "01230120022455012623010202";

static void soundex_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char buf[400];
    size_t n;
    const char *t = value_text(argv[0], buf, sizeof buf, &n);
    if (!t)
        return;
    char *out = sqlite3_malloc64(n + 5);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t k = 0;
    char last = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (c < 'A' || c > 'Z')
            continue;
        char code = soundex_codes[c - 'A'];
        if (!k) {
            out[k++] = c;
            last = code;
        } else if (code != '0' && code != last) {
            out[k++] = code;
            last = code;
        }
    }
    if (k)
        while (k < 4)
            out[k++] = '0';
    out[k] = 0;
    sqlite3_result_text64(ctx, out, k, sqlite3_free, SQLITE_UTF8);
}

static void find_in_set_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    const char *list = (const char *)sqlite3_value_text(argv[1]);
    size_t sn = strlen(s ? s : "");
    int pos = 1;
    for (const char *p = list ? list : ""; *p || pos == 1; pos++) {
        size_t n = strcspn(p, ",");
        if (n == sn && sqlite3_strnicmp(p, s, (int)n) == 0 && (n || !*list)) {
            sqlite3_result_int(ctx, pos);
            return;
        }
        if (!p[n])
            break;
        p += n + 1;
    }
    sqlite3_result_int(ctx, 0);
}

/* ---- Comparisons under a collation ----------------------------------------------------------- */

static void collation_free(void *p)
{
    lw_collation_close(p);
}

/* The collation named by argument i, kept for the statement. NULL after setting an
 * error. */
static lw_collation *collation_arg(sqlite3_context *ctx, sqlite3_value **argv, int i)
{
    lw_collation *c = sqlite3_get_auxdata(ctx, i);
    if (c)
        return c;
    const char *name = (const char *)sqlite3_value_text(argv[i]);
    if (lw_collation_open(name ? name : "", &c) != LW_COLLATION_OK) {
        my_error(ctx, 1273, "Unknown collation: '%s'", name ? name : "");
        return NULL;
    }
    sqlite3_set_auxdata(ctx, i, c, collation_free);
    c = sqlite3_get_auxdata(ctx, i);
    if (!c)
        sqlite3_result_error_nomem(ctx);
    return c;
}

static void strcmp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    char ba[400], bb[400];
    size_t na, nb;
    const char *a = value_text(argv[0], ba, sizeof ba, &na);
    const char *b = value_text(argv[1], bb, sizeof bb, &nb);
    lw_collation *c = collation_arg(ctx, argv, 2);
    if (!c)
        return;
    int cmp = lw_collation_compare(c, (int)na, a, (int)nb, b);
    sqlite3_result_int(ctx, cmp < 0 ? -1 : cmp > 0);
}

/* The length of the UTF-8 character at s (1 for an invalid byte). */
static size_t char_len(const unsigned char *s, size_t n)
{
    size_t k = *s < 0x80 ? 1 : *s < 0xE0 ? 2 : *s < 0xF0 ? 3 : 4;
    return k <= n ? k : 1;
}

/* Do characters a and b compare equal under the collation? */
static int same_char(lw_collation *c, const unsigned char *a, size_t na, const unsigned char *b,
                     size_t nb)
{
    if (na == nb && memcmp(a, b, na) == 0)
        return 1;
    return lw_collation_compare(c, (int)na, a, (int)nb, b) == 0;
}

/*
 * LIKE over characters: the classic matcher with one backtracking point per %, which
 * keeps it linear in practice (the pattern's length bounds the retries of each %).
 */
static int like_match(lw_collation *c, const unsigned char *s, size_t n, const unsigned char *p,
                      size_t m, unsigned esc)
{
    size_t si = 0, pi = 0, star_p = (size_t)-1, star_s = 0;
    while (si < n) {
        if (pi < m && p[pi] == '%') {
            star_p = ++pi;
            star_s = si;
            continue;
        }
        if (pi < m) {
            size_t pl = char_len(p + pi, m - pi), sl = char_len(s + si, n - si);
            if (p[pi] == '_') {
                si += sl;
                pi += pl;
                continue;
            }
            size_t lit = pi;
            if (esc && p[pi] == esc && pi + pl < m) {
                lit = pi + pl;
                pl = char_len(p + lit, m - lit);
            }
            if (same_char(c, s + si, sl, p + lit, pl)) {
                si += sl;
                pi = lit + pl;
                continue;
            }
        }
        if (star_p == (size_t)-1)
            return 0;
        pi = star_p;
        star_s += char_len(s + star_s, n - star_s);
        si = star_s;
    }
    while (pi < m && p[pi] == '%')
        pi++;
    return pi == m;
}

static void like_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    char bs[400], bp[400];
    size_t n, m;
    const char *s = value_text(argv[0], bs, sizeof bs, &n);
    const char *p = value_text(argv[1], bp, sizeof bp, &m);
    const char *e = (const char *)sqlite3_value_text(argv[2]);
    lw_collation *c = collation_arg(ctx, argv, 3);
    if (!c)
        return;
    sqlite3_result_int(ctx, like_match(c, (const unsigned char *)s, n, (const unsigned char *)p, m,
                                       e && *e ? (unsigned char)*e : 0));
}

/* ---- LEFT, RIGHT, TRIM ------------------------------------------------------------------------
 */

/* LEFT(S, N) and RIGHT(S, N): N characters (bytes of a binary string); '' for N <= 0. */
static void left_right(sqlite3_context *ctx, sqlite3_value **argv, int right)
{
    if (lw_any_null(2, argv))
        return;
    char buf[400];
    size_t n;
    const char *s = value_text(argv[0], buf, sizeof buf, &n);
    int binary = sqlite3_value_type(argv[0]) == SQLITE_BLOB;
    int64_t k = sqlite3_value_int64(argv[1]);
    size_t from = 0, to = 0;
    if (k > 0) {
        uint64_t chars = binary ? n : char_count(s, n);
        uint64_t take = (uint64_t)k < chars ? (uint64_t)k : chars;
        uint64_t skip = right ? chars - take : 0;
        from = binary ? (size_t)skip : char_prefix(s, n, (size_t)skip);
        to = binary ? from + (size_t)take : from + char_prefix(s + from, n - from, (size_t)take);
    }
    if (binary)
        sqlite3_result_blob64(ctx, s + from, to - from, SQLITE_TRANSIENT);
    else
        sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
}

/* my_left(S, N) and my_right(S, N). */
MY_SIDED_FUNCTIONS(left_right)

/* my_trim(S, R, MODE): S without the repeated occurrences of R at its start (MODE 'l'),
 * its end ('t') or both ('b'), matched byte for byte (MariaDB's TRIM is case-sensitive);
 * an empty R leaves S as it is. */
static void trim_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    char bs[400], br[400];
    size_t n, m;
    const char *s = value_text(argv[0], bs, sizeof bs, &n);
    const char *r = value_text(argv[1], br, sizeof br, &m);
    const char *mode = (const char *)sqlite3_value_text(argv[2]);
    char md = mode ? mode[0] : 'b';
    size_t from = 0, to = n;
    if (m > 0) {
        if (md != 't')
            while (to - from >= m && memcmp(s + from, r, m) == 0)
                from += m;
        if (md != 'l')
            while (to - from >= m && memcmp(s + to - m, r, m) == 0)
                to -= m;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB)
        sqlite3_result_blob64(ctx, s + from, to - from, SQLITE_TRANSIENT);
    else
        sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
}

/* ---- LOCATE, FIELD under a collation ------------------------------------------------------------
 */

/* my_locate(SUB, S, POS, COLL): the 1-based character position of SUB in S from
 * character POS on, each character compared under the collation (byte for byte for
 * binary strings); 0 when absent or POS is out of range; POS 1 for an empty SUB. */
static void locate_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(3, argv))
        return;
    char bsub[400], bs[400];
    size_t m, n;
    const char *sub = value_text(argv[0], bsub, sizeof bsub, &m);
    const char *s = value_text(argv[1], bs, sizeof bs, &n);
    int64_t pos = sqlite3_value_int64(argv[2]);
    int binary =
        sqlite3_value_type(argv[0]) == SQLITE_BLOB || sqlite3_value_type(argv[1]) == SQLITE_BLOB;
    lw_collation *c = binary ? NULL : collation_arg(ctx, argv, 3);
    if (!binary && !c)
        return;
    uint64_t chars = binary ? n : char_count(s, n);
    if (pos < 1 || (uint64_t)pos > chars + 1) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    if (m == 0) {
        sqlite3_result_int64(ctx, pos);
        return;
    }
    size_t i = binary ? (size_t)pos - 1 : char_prefix(s, n, (size_t)pos - 1);
    for (int64_t at = pos; i < n; at++) {
        size_t si = i, pi = 0;
        while (pi < m && si < n) {
            size_t sl = binary ? 1 : char_len((const unsigned char *)s + si, n - si);
            size_t pl = binary ? 1 : char_len((const unsigned char *)sub + pi, m - pi);
            int same = binary ? s[si] == sub[pi]
                              : same_char(c, (const unsigned char *)s + si, sl,
                                          (const unsigned char *)sub + pi, pl);
            if (!same)
                break;
            si += sl;
            pi += pl;
        }
        if (pi == m) {
            sqlite3_result_int64(ctx, at);
            return;
        }
        i += binary ? 1 : char_len((const unsigned char *)s + i, n - i);
    }
    sqlite3_result_int(ctx, 0);
}

/* my_field(COLL, S, A1, ...): the 1-based position of the first Ai equal to S (as
 * numbers when S and Ai are numbers, else as strings under the collation); 0 when there
 * is none or S is NULL. */
static void field_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc < 3 || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    lw_collation *c = collation_arg(ctx, argv, 0);
    if (!c)
        return;
    int st = sqlite3_value_type(argv[1]);
    int numeric = st == SQLITE_INTEGER || st == SQLITE_FLOAT;
    char bs[400], ba[400];
    size_t n, m;
    const char *s = value_text(argv[1], bs, sizeof bs, &n);
    for (int i = 2; i < argc; i++) {
        int at = sqlite3_value_type(argv[i]);
        if (at == SQLITE_NULL)
            continue;
        int same;
        if (numeric && (at == SQLITE_INTEGER || at == SQLITE_FLOAT)) {
            same = sqlite3_value_double(argv[1]) == sqlite3_value_double(argv[i]);
        } else {
            const char *a = value_text(argv[i], ba, sizeof ba, &m);
            same = lw_collation_compare(c, (int)n, s, (int)m, a) == 0;
        }
        if (same) {
            sqlite3_result_int(ctx, i - 1);
            return;
        }
    }
    sqlite3_result_int(ctx, 0);
}

/* ---- GREATEST, LEAST --------------------------------------------------------------------------
 */

/* my_greatest(DIR, CLASSES, COLL, X1, X2, ...): the greatest (DIR 1) or least (DIR -1)
 * argument, NULL when any is NULL. CLASSES has the class letter of each argument (i u d f
 * s h ?, runtime_numeric.c's); ? takes the value's own type. All integers compare as
 * integers, all strings under the collation, integers and exact decimals as decimals,
 * anything else as DOUBLEs (and the result is one). */
static void greatest_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc < 5)
        return;
    for (int i = 3; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return;
    int dir = sqlite3_value_int(argv[0]);
    const char *classes = (const char *)sqlite3_value_text(argv[1]);
    size_t nclasses = classes ? strlen(classes) : 0;
    int ints = 1, strings = 1, exact = 1;
    for (int i = 3; i < argc; i++) {
        char k = (size_t)(i - 3) < nclasses ? classes[i - 3] : '?';
        if (k == '?') {
            int t = sqlite3_value_type(argv[i]);
            k = t == SQLITE_INTEGER ? 'i' : t == SQLITE_FLOAT ? 'f' : 's';
        }
        ints &= k == 'i' || k == 'u';
        exact &= k == 'i' || k == 'u' || k == 'd';
        strings &= k == 's';
    }
    int best = 3;
    if (strings) {
        lw_collation *c = collation_arg(ctx, argv, 2);
        if (!c)
            return;
        char bb[400], bv[400];
        for (int i = 4; i < argc; i++) {
            size_t nb, nv;
            const char *b = value_text(argv[best], bb, sizeof bb, &nb);
            const char *v = value_text(argv[i], bv, sizeof bv, &nv);
            if (dir * lw_collation_compare(c, (int)nv, v, (int)nb, b) > 0)
                best = i;
        }
        sqlite3_result_value(ctx, argv[best]);
        return;
    }
    if (exact) {
        for (int i = 4; i < argc; i++) {
            int cmp = 0;
            if (ints && sqlite3_value_type(argv[i]) == SQLITE_INTEGER &&
                sqlite3_value_type(argv[best]) == SQLITE_INTEGER) {
                sqlite3_int64 a = sqlite3_value_int64(argv[i]), b = sqlite3_value_int64(argv[best]);
                cmp = a < b ? -1 : a > b;
            } else {
                const char *a = (const char *)sqlite3_value_text(argv[i]);
                size_t na = (size_t)sqlite3_value_bytes(argv[i]);
                const char *b = (const char *)sqlite3_value_text(argv[best]);
                size_t nb = (size_t)sqlite3_value_bytes(argv[best]);
                if (!a || !b || lw_decimal_compare_text(a, na, b, nb, &cmp) != 0) {
                    sqlite3_result_error_nomem(ctx);
                    return;
                }
            }
            if (dir * cmp > 0)
                best = i;
        }
        sqlite3_result_value(ctx, argv[best]);
        return;
    }
    my_session *ses = MY_SESSION(ctx);
    double b = 0;
    my_value_double(ses, argv[3], &b);
    for (int i = 4; i < argc; i++) {
        double v = 0;
        my_value_double(ses, argv[i], &v);
        if (dir * (v > b) - dir * (v < b) > 0)
            b = v;
    }
    sqlite3_result_double(ctx, b);
}

const lw_function_def my_text_functions[] = {
    {"my_left", 2, MY_SESSION_FN, left_right_left, NULL, NULL, NULL, NULL},
    {"my_right", 2, MY_SESSION_FN, left_right_right, NULL, NULL, NULL, NULL},
    {"my_trim", 3, MY_SESSION_FN, trim_func, NULL, NULL, NULL, NULL},
    {"my_locate", 4, MY_SESSION_FN, locate_func, NULL, NULL, NULL, NULL},
    {"my_field", -1, MY_SESSION_FN, field_func, NULL, NULL, NULL, NULL},
    {"my_greatest", -1, MY_SESSION_FN, greatest_func, NULL, NULL, NULL, NULL},
    {"my_text", 2, MY_SESSION_FN, text_func, NULL, NULL, NULL, NULL},
    {"my_length", 1, MY_SESSION_FN, length_func, NULL, NULL, NULL, NULL},
    {"my_char_length", 1, MY_SESSION_FN, char_length_func, NULL, NULL, NULL, NULL},
    {"my_concat", -1, MY_SESSION_FN, concat_func, NULL, NULL, NULL, NULL},
    {"my_concat_ws", -1, MY_SESSION_FN, concat_ws_func, NULL, NULL, NULL, NULL},
    {"my_reverse", 1, MY_SESSION_FN, reverse_func, NULL, NULL, NULL, NULL},
    {"my_space", 1, MY_SESSION_FN, space_func, NULL, NULL, NULL, NULL},
    {"my_bit_length", 1, MY_SESSION_FN, bit_length_func, NULL, NULL, NULL, NULL},
    {"my_unhex", 1, MY_SESSION_FN, unhex_func, NULL, NULL, NULL, NULL},
    {"my_md5", 1, MY_SESSION_FN, md5_func, NULL, NULL, NULL, NULL},
    {"my_sha1", 1, MY_SESSION_FN, sha1_func, NULL, NULL, NULL, NULL},
    {"my_sha2", 2, MY_SESSION_FN, sha2_func, NULL, NULL, NULL, NULL},
    {"my_substring", -1, MY_SESSION_FN, substring_func, NULL, NULL, NULL, NULL},
    {"my_elt", -1, MY_SESSION_FN, elt_func, NULL, NULL, NULL, NULL},
    {"my_ascii", 1, MY_SESSION_FN, ascii_func, NULL, NULL, NULL, NULL},
    {"my_ord", 1, MY_SESSION_FN, ord_func, NULL, NULL, NULL, NULL},
    {"my_lpad", 3, MY_SESSION_FN, pad_left, NULL, NULL, NULL, NULL},
    {"my_rpad", 3, MY_SESSION_FN, pad_right, NULL, NULL, NULL, NULL},
    {"my_substring_index", 3, MY_SESSION_FN, substring_index_func, NULL, NULL, NULL, NULL},
    {"my_hex", 2, MY_SESSION_FN, hex_func, NULL, NULL, NULL, NULL},
    {"my_repeat", 2, MY_SESSION_FN, repeat_func, NULL, NULL, NULL, NULL},
    {"my_soundex", 1, MY_SESSION_FN, soundex_func, NULL, NULL, NULL, NULL},
    {"my_find_in_set", 2, MY_SESSION_FN, find_in_set_func, NULL, NULL, NULL, NULL},
    {"my_strcmp", 3, MY_SESSION_FN, strcmp_func, NULL, NULL, NULL, NULL},
    {"my_like", 4, MY_SESSION_FN, like_func, NULL, NULL, NULL, NULL},
};
const size_t my_text_functions_n = sizeof my_text_functions / sizeof my_text_functions[0];
