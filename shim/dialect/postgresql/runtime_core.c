/*
 * The plain-C core of the postgresql dialect's functions. See runtime_core.h.
 */
#include "dialect/postgresql/runtime_core.h"
#include "common/hex.h"
#include "decimal/decimal.h"
#include "json/json.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "core/sqlbuf.h"

/* ---- Text ------------------------------------------------------------------------ */

/* Advances *i past one code point; an invalid sequence advances as U8_NEXT does, so
 * every byte belongs to exactly one counted unit. */
static void next_char(const char *s, size_t n, size_t *i)
{
    UChar32 c;
    int32_t k = (int32_t)*i;
    U8_NEXT((const uint8_t *)s, k, (int32_t)n, c);
    (void)c;
    *i = (size_t)k;
}

int64_t lw_pg_char_length(const char *s, size_t n)
{
    int64_t count = 0;
    for (size_t i = 0; i < n; count++)
        next_char(s, n, &i);
    return count;
}

size_t lw_pg_skip_chars(const char *s, size_t n, int64_t k)
{
    size_t i = 0;
    for (int64_t c = 0; c < k && i < n; c++)
        next_char(s, n, &i);
    return i;
}

int64_t lw_pg_strpos(const char *s, size_t n, const char *sub, size_t sub_n)
{
    if (sub_n == 0)
        return 1;
    int64_t pos = 1;
    for (size_t i = 0; i + sub_n <= n; pos++) {
        if (memcmp(s + i, sub, sub_n) == 0)
            return pos;
        next_char(s, n, &i);
    }
    return 0;
}

int lw_pg_split_part(const char *s, size_t n, const char *delim, size_t delim_n, int64_t field,
                     size_t *from, size_t *to)
{
    if (field == 0)
        return -1;
    *from = *to = 0;
    if (delim_n == 0) {
        /* The whole string is the one field, first and last. */
        if (field == 1 || field == -1)
            *to = n;
        return 0;
    }
    /* Field boundaries: starts[k] .. ends[k]; counted in one pass from the left. */
    size_t count = 1;
    for (size_t i = 0; i + delim_n <= n;) {
        if (memcmp(s + i, delim, delim_n) == 0) {
            count++;
            i += delim_n;
        } else {
            i++;
        }
    }
    int64_t want = field > 0 ? field : (int64_t)count + field + 1;
    if (want < 1 || want > (int64_t)count)
        return 0;
    size_t start = 0, k = 1;
    for (size_t i = 0; i + delim_n <= n;) {
        if (memcmp(s + i, delim, delim_n) == 0) {
            if ((int64_t)k == want) {
                *from = start;
                *to = i;
                return 0;
            }
            k++;
            i += delim_n;
            start = i;
        } else {
            i++;
        }
    }
    *from = start;
    *to = n;
    return 0;
}

void lw_pg_left(const char *s, size_t n, int64_t k, size_t *from, size_t *to)
{
    *from = 0;
    if (k >= 0) {
        *to = lw_pg_skip_chars(s, n, k);
    } else {
        int64_t total = lw_pg_char_length(s, n);
        *to = total + k > 0 ? lw_pg_skip_chars(s, n, total + k) : 0;
    }
}

void lw_pg_right(const char *s, size_t n, int64_t k, size_t *from, size_t *to)
{
    *to = n;
    if (k >= 0) {
        int64_t total = lw_pg_char_length(s, n);
        *from = total > k ? lw_pg_skip_chars(s, n, total - k) : 0;
    } else {
        *from = lw_pg_skip_chars(s, n, -k);
    }
}

char *lw_pg_pad(const char *s, size_t n, int64_t len, const char *fill, size_t fill_n, int left,
                size_t *out_n)
{
    lw_sqlbuf b = {0};
    if (len < 0)
        len = 0;
    int64_t have = lw_pg_char_length(s, n);
    if (have >= len || fill_n == 0) {
        /* Cut to len code points (or unchanged when there is nothing to fill with). */
        lw_sqlbuf_append(&b, s, have >= len ? lw_pg_skip_chars(s, n, len) : n);
    } else {
        if (!left)
            lw_sqlbuf_append(&b, s, n);
        size_t f = 0;
        for (int64_t c = have; c < len; c++) {
            size_t start = f;
            next_char(fill, fill_n, &f);
            lw_sqlbuf_append(&b, fill + start, f - start);
            if (f >= fill_n)
                f = 0;
        }
        if (left)
            lw_sqlbuf_append(&b, s, n);
    }
    *out_n = b.len;
    return lw_sqlbuf_finish(&b);
}

/* ---- UUID ------------------------------------------------------------------------ */

static const char hex_digits[] = "0123456789abcdef";

void lw_pg_uuid_v4(const unsigned char random[16], char out[37])
{
    unsigned char u[16];
    memcpy(u, random, 16);
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex_digits[u[i] >> 4];
        *o++ = hex_digits[u[i] & 15];
    }
    *o = 0;
}

int lw_pg_uuid_canon(const char *s, size_t n, char out[37])
{
    size_t i = 0, digits = 0;
    int braces = n > 0 && s[0] == '{';
    if (braces) {
        if (n < 2 || s[n - 1] != '}')
            return -1;
        i = 1;
        n--;
    }
    char *o = out;
    for (; i < n; i++) {
        if (s[i] == '-' && digits % 4 == 0 && digits > 0 && digits < 32 && s[i - 1] != '-')
            continue;
        if (lw_hex_value((unsigned char)s[i]) < 0 || digits == 32)
            return -1;
        if (digits == 8 || digits == 12 || digits == 16 || digits == 20)
            *o++ = '-';
        *o++ = hex_digits[lw_hex_value((unsigned char)s[i])];
        digits++;
    }
    *o = 0;
    return digits == 32 ? 0 : -1;
}

/* ---- jsonb output form ------------------------------------------------------------- */

/*
 * The text is parsed by the json module (ext/json), whose tree already holds objects
 * the way jsonb does: members sorted by key (shorter first, then bytewise) with only
 * the last of duplicate keys kept, strings unescaped. Printing it with jsonb's
 * separators, and each number as the numeric jsonb stores it (1e2 is 100, 1.50 stays
 * 1.50, -0 is 0), gives jsonb's output form.
 */

typedef struct jsonb_printer {
    const lw_json *doc;
    lw_sqlbuf *out;
    const char *error;
} jsonb_printer;

/* Appends a string value as jsonb prints it. The json module accepts two escapes
 * PostgreSQL rejects; they are the only ways a decoded string can hold a zero byte
 * (\u0000) or an encoded surrogate (an unpaired \ud800-\udfff escape), since raw
 * control characters and invalid UTF-8 are refused by the parser. */
static int put_json_string(jsonb_printer *pr, const char *s, size_t n)
{
    lw_sqlbuf *b = pr->out;
    lw_sqlbuf_append(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            lw_sqlbuf_append(b, "\\\"", 2);
            break;
        case '\\':
            lw_sqlbuf_append(b, "\\\\", 2);
            break;
        case '\b':
            lw_sqlbuf_append(b, "\\b", 2);
            break;
        case '\f':
            lw_sqlbuf_append(b, "\\f", 2);
            break;
        case '\n':
            lw_sqlbuf_append(b, "\\n", 2);
            break;
        case '\r':
            lw_sqlbuf_append(b, "\\r", 2);
            break;
        case '\t':
            lw_sqlbuf_append(b, "\\t", 2);
            break;
        case 0:
            pr->error = "unsupported Unicode escape sequence \\u0000";
            return -1;
        default:
            if (c == 0xED && i + 1 < n && (unsigned char)s[i + 1] >= 0xA0) {
                pr->error = "invalid surrogate pair in a \\u escape";
                return -1;
            }
            if (c < 0x20)
                lw_sqlbuf_appendf(b, "\\u%04x", c);
            else
                lw_sqlbuf_append(b, (const char *)&c, 1);
        }
    }
    lw_sqlbuf_append(b, "\"", 1);
    return 0;
}

/* Appends a number as jsonb prints it: jsonb stores numbers as numerics, so the text
 * is numeric's output form (no exponent, the scale PostgreSQL's numeric input gives). */
static int put_json_number(jsonb_printer *pr, const char *s, size_t n)
{
    lw_decimal d;
    lw_decimal_init(&d);
    lw_decimal_status st = lw_decimal_from_text(&d, s, n);
    if (st == LW_DECIMAL_OK) {
        size_t len;
        char *text = lw_decimal_to_text(&d, &len);
        if (text)
            lw_sqlbuf_append(pr->out, text, len);
        else
            pr->out->oom = 1;
        sqlite3_free(text);
    } else if (st == LW_DECIMAL_NOMEM) {
        pr->out->oom = 1;
    } else {
        pr->error = "value overflows numeric format";
    }
    lw_decimal_clear(&d);
    return pr->error ? -1 : 0;
}

/* Prints node index of the document at nesting depth (the root is 1, and scalars
 * count as a level), failing past LW_PG_JSON_MAX_DEPTH. */
static int print_jsonb(jsonb_printer *pr, uint32_t index, int depth)
{
    if (depth > LW_PG_JSON_MAX_DEPTH) {
        pr->error = "nesting too deep";
        return -1;
    }
    const lw_json *doc = pr->doc;
    const lw_json_node *node = &doc->nodes[index];
    switch ((lw_json_type)node->type) {
    case LW_JSON_NULL:
        lw_sqlbuf_appends(pr->out, "null");
        return 0;
    case LW_JSON_FALSE:
        lw_sqlbuf_appends(pr->out, "false");
        return 0;
    case LW_JSON_TRUE:
        lw_sqlbuf_appends(pr->out, "true");
        return 0;
    case LW_JSON_NUMBER:
        return put_json_number(pr, doc->bytes + node->off, node->len);
    case LW_JSON_STRING:
        return put_json_string(pr, doc->bytes + node->off, node->len);
    case LW_JSON_ARRAY:
        lw_sqlbuf_append(pr->out, "[", 1);
        for (uint32_t i = 0; i < node->len; i++) {
            if (i)
                lw_sqlbuf_append(pr->out, ", ", 2);
            if (print_jsonb(pr, doc->kids[node->off + i], depth + 1))
                return -1;
        }
        lw_sqlbuf_append(pr->out, "]", 1);
        return 0;
    case LW_JSON_OBJECT:
        lw_sqlbuf_append(pr->out, "{", 1);
        for (uint32_t i = 0; i < node->len; i++) {
            const lw_json_node *key = &doc->nodes[doc->kids[node->off + 2 * i]];
            if (i)
                lw_sqlbuf_append(pr->out, ", ", 2);
            if (put_json_string(pr, doc->bytes + key->off, key->len))
                return -1;
            lw_sqlbuf_append(pr->out, ": ", 2);
            if (print_jsonb(pr, doc->kids[node->off + 2 * i + 1], depth + 1))
                return -1;
        }
        lw_sqlbuf_append(pr->out, "}", 1);
        return 0;
    }
    pr->error = "invalid JSON node";
    return -1;
}

char *lw_pg_jsonb_normalize(const char *s, size_t n, size_t *out_n, const char **error)
{
    lw_json doc;
    lw_json_error parse_error = {0, NULL};
    lw_sqlbuf out = {0};
    jsonb_printer pr = {&doc, &out, NULL};
    *error = NULL;
    lw_json_init(&doc);
    lw_json_status status = lw_json_parse(&doc, s, n, 0, &parse_error);
    if (status == LW_JSON_OK)
        print_jsonb(&pr, 0, 1);
    else if (status == LW_JSON_TOO_DEEP)
        pr.error = "nesting too deep";
    else if (status == LW_JSON_BAD_UTF8)
        pr.error = "invalid UTF-8";
    else if (status != LW_JSON_NOMEM)
        pr.error = parse_error.detail ? parse_error.detail : "invalid JSON";
    lw_json_clear(&doc);
    if (status == LW_JSON_NOMEM || pr.error || out.oom) {
        *error = pr.error;
        lw_sqlbuf_free(&out);
        return NULL;
    }
    *out_n = out.len;
    return lw_sqlbuf_finish(&out);
}

/* Parses s into doc as lw_pg_jsonb_normalize() does; 0, or -1 with *error set (NULL
 * for out of memory). */
static int parse_jsonb(lw_json *doc, const char *s, size_t n, const char **error)
{
    lw_json_error parse_error = {0, NULL};
    lw_json_status status = lw_json_parse(doc, s, n, 0, &parse_error);
    *error = NULL;
    if (status == LW_JSON_OK)
        return 0;
    if (status == LW_JSON_TOO_DEEP)
        *error = "nesting too deep";
    else if (status == LW_JSON_BAD_UTF8)
        *error = "invalid UTF-8";
    else if (status != LW_JSON_NOMEM)
        *error = parse_error.detail ? parse_error.detail : "invalid JSON";
    return -1;
}

/* The node of the value that `->` selects from container node c, or UINT32_MAX. */
static uint32_t jsonb_child(const lw_json *doc, const lw_json_node *c, const char *key,
                            size_t key_len, int64_t index)
{
    if (key && c->type == LW_JSON_OBJECT) {
        for (uint32_t i = 0; i < c->len; i++) {
            const lw_json_node *k = &doc->nodes[doc->kids[c->off + 2 * i]];
            if (k->len == key_len && memcmp(doc->bytes + k->off, key, key_len) == 0)
                return doc->kids[c->off + 2 * i + 1];
        }
    } else if (!key && c->type == LW_JSON_ARRAY) {
        if (index < 0)
            index += c->len;
        if (index >= 0 && index < (int64_t)c->len)
            return doc->kids[c->off + (uint32_t)index];
    }
    return UINT32_MAX;
}

int lw_pg_jsonb_get(const char *s, size_t n, const char *key, size_t key_len, int64_t index,
                    int as_text, char **out, size_t *out_n, const char **error)
{
    lw_json doc;
    lw_sqlbuf buf = {0};
    jsonb_printer pr = {&doc, &buf, NULL};
    int rc = 0;
    *out = NULL;
    *out_n = 0;
    lw_json_init(&doc);
    if (parse_jsonb(&doc, s, n, error)) {
        lw_json_clear(&doc);
        return *error ? -1 : -2;
    }
    uint32_t at = jsonb_child(&doc, &doc.nodes[0], key, key_len, index);
    if (at != UINT32_MAX) {
        const lw_json_node *v = &doc.nodes[at];
        if (as_text && v->type == LW_JSON_NULL) {
            rc = 0; /* ->> of a JSON null is SQL NULL */
        } else if (as_text && v->type == LW_JSON_STRING) {
            /* The string itself; put_json_string() refuses what jsonb cannot hold. */
            if (put_json_string(&pr, doc.bytes + v->off, v->len) == 0) {
                buf.len = 0;
                lw_sqlbuf_append(&buf, doc.bytes + v->off, v->len);
            }
            rc = 1;
        } else {
            print_jsonb(&pr, at, 2);
            rc = 1;
        }
    }
    lw_json_clear(&doc);
    if (pr.error || buf.oom) {
        *error = pr.error;
        lw_sqlbuf_free(&buf);
        return pr.error ? -1 : -2;
    }
    if (rc == 1) {
        *out_n = buf.len;
        *out = lw_sqlbuf_finish(&buf);
        if (!*out)
            return -2;
    }
    return rc;
}

/* ---- MD5 (RFC 1321), for md5() ------------------------------------------------------- */

static uint32_t rotl32(uint32_t x, int c)
{
    return (x << c) | (x >> (32 - c));
}

static void md5_block(uint32_t h[4], const unsigned char *p)
{
    static const uint32_t K[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
        0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
        0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
        0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
        0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
        0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391};
    static const int R[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                              5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                              4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                              6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    uint32_t w[16];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
               (uint32_t)p[4 * i + 3] << 24;
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        if (i < 16) {
            f = (b & c) | (~b & d);
            g = i;
        } else if (i < 32) {
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
        } else if (i < 48) {
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
        } else {
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
        }
        uint32_t tmp = d;
        d = c;
        c = b;
        b = b + rotl32(a + f + K[i] + w[g], R[i]);
        a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
}

void lw_pg_md5_hex(const void *data, size_t n, char out[33])
{
    uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    const unsigned char *p = data;
    size_t i = 0;
    for (; i + 64 <= n; i += 64)
        md5_block(h, p + i);
    unsigned char tail[128] = {0};
    size_t rest = n - i;
    memcpy(tail, p + i, rest);
    tail[rest] = 0x80;
    size_t len = rest + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int k = 0; k < 8; k++)
        tail[len - 8 + k] = (unsigned char)(bits >> (8 * k));
    md5_block(h, tail);
    if (len == 128)
        md5_block(h, tail + 64);
    for (int k = 0; k < 16; k++) {
        unsigned char byte = (unsigned char)(h[k / 4] >> (8 * (k % 4)));
        out[2 * k] = hex_digits[byte >> 4];
        out[2 * k + 1] = hex_digits[byte & 15];
    }
    out[32] = 0;
}
