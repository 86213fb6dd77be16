/*
 * String literal decoding for every dialect (literals.h has the forms and rules).
 */
#include "dialect/literals.h"

#include <stdint.h>

#include "common/hex.h"

static const lw_escape pg_escapes[] = {
    {'b', '\b'}, {'f', '\f'}, {'n', '\n'}, {'r', '\r'}, {'t', '\t'},
};

const lw_escape_rules lw_pg_escapes = {
    pg_escapes,
    sizeof pg_escapes / sizeof pg_escapes[0],
    NULL,
    LW_ESC_HEX | LW_ESC_OCTAL | LW_ESC_UNICODE,
};

static void append_utf8(lw_sqlbuf *b, uint32_t c)
{
    char tmp[4];
    size_t k;
    if (c < 0x80) {
        tmp[0] = (char)c;
        k = 1;
    } else if (c < 0x800) {
        tmp[0] = (char)(0xC0 | (c >> 6));
        tmp[1] = (char)(0x80 | (c & 0x3F));
        k = 2;
    } else if (c < 0x10000) {
        tmp[0] = (char)(0xE0 | (c >> 12));
        tmp[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (c & 0x3F));
        k = 3;
    } else {
        tmp[0] = (char)(0xF0 | (c >> 18));
        tmp[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        tmp[3] = (char)(0x80 | (c & 0x3F));
        k = 4;
    }
    lw_sqlbuf_append(b, tmp, k);
}

/* Reads exactly `digits` hex digits at s[*i] (bounded by end); -1 when they are not
 * all there. */
static int64_t read_hex(const char *s, size_t end, size_t *i, int digits)
{
    int64_t v = 0;
    for (int k = 0; k < digits; k++) {
        if (*i >= end || lw_hex_value((unsigned char)s[*i]) < 0)
            return -1;
        v = v * 16 + lw_hex_value((unsigned char)s[(*i)++]);
    }
    return v;
}

/* Appends code point v, or fails for one that is not a Unicode scalar value (zero
 * included: SQL text cannot hold it). */
static int append_code_point(lw_sqlbuf *val, int64_t v, lw_literal_error *err)
{
    if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
        err->message = "invalid Unicode escape value";
        return -1;
    }
    append_utf8(val, (uint32_t)v);
    return 0;
}

/* Appends the byte an escape stands for; a zero byte is an error unless the rules
 * take it. For \x and octal escapes the byte is the value's low 8 bits, as
 * PostgreSQL takes them. */
static int append_escaped_byte(lw_sqlbuf *val, int64_t v, const lw_escape_rules *rules,
                               lw_literal_error *err)
{
    char byte = (char)(v & 0xFF);
    if (byte == 0 && !(rules->flags & LW_ESC_ZERO_OK)) {
        err->message = "invalid byte sequence for encoding \"UTF8\": 0x00";
        err->zero_byte = 1;
        return -1;
    }
    lw_sqlbuf_append(val, &byte, 1);
    return 0;
}

/*
 * The escape at s[*i] (just after a backslash, *i < end): appends its value and
 * leaves *i on its last character. Returns 0 or -1.
 */
static int decode_escape(const char *s, size_t end, size_t *i, const lw_escape_rules *rules,
                         lw_sqlbuf *val, lw_literal_error *err)
{
    char e = s[*i];
    for (size_t k = 0; k < rules->n_escapes; k++)
        if (rules->escapes[k].letter == e)
            return append_escaped_byte(val, (unsigned char)rules->escapes[k].byte, rules, err);
    for (const char *k = rules->kept; k && *k; k++)
        if (*k == e) {
            lw_sqlbuf_append(val, "\\", 1);
            lw_sqlbuf_append(val, &e, 1);
            return 0;
        }
    if (e == 'x' && (rules->flags & LW_ESC_HEX)) {
        size_t j = *i + 1;
        int64_t v = 0;
        int digits = 0;
        while (digits < 2 && j < end && lw_hex_value((unsigned char)s[j]) >= 0) {
            v = v * 16 + lw_hex_value((unsigned char)s[j++]);
            digits++;
        }
        if (!digits) {
            lw_sqlbuf_append(val, "x", 1);
            return 0;
        }
        *i = j - 1;
        return append_escaped_byte(val, v, rules, err);
    }
    if ((e == 'u' || e == 'U') && (rules->flags & LW_ESC_UNICODE)) {
        size_t j = *i + 1;
        int64_t v = read_hex(s, end, &j, e == 'u' ? 4 : 8);
        if (append_code_point(val, v, err))
            return -1;
        *i = j - 1;
        return 0;
    }
    if (e >= '0' && e <= '7' && (rules->flags & LW_ESC_OCTAL)) {
        int64_t v = 0;
        size_t j = *i;
        for (int d = 0; d < 3 && j < end && s[j] >= '0' && s[j] <= '7'; d++)
            v = v * 8 + (s[j++] - '0');
        *i = j - 1;
        return append_escaped_byte(val, v, rules, err);
    }
    lw_sqlbuf_append(val, &e, 1);
    return 0;
}

/* The body of a U&'' string between from and end: \XXXX, \+XXXXXX and \\. */
static int decode_unicode(const char *s, size_t from, size_t end, lw_sqlbuf *val,
                          lw_literal_error *err)
{
    for (size_t i = from; i < end; i++) {
        char c = s[i];
        if (c == '\'' && i + 1 < end && s[i + 1] == '\'') {
            lw_sqlbuf_append(val, "'", 1);
            i++;
        } else if (c == '\\' && i + 1 < end) {
            if (s[i + 1] == '\\') {
                lw_sqlbuf_append(val, "\\", 1);
                i++;
                continue;
            }
            size_t j = i + 1;
            int64_t v;
            if (s[j] == '+') {
                j++;
                v = read_hex(s, end, &j, 6);
            } else {
                v = read_hex(s, end, &j, 4);
            }
            if (append_code_point(val, v, err))
                return -1;
            i = j - 1;
        } else {
            lw_sqlbuf_append(val, &c, 1);
        }
    }
    return 0;
}

int lw_decode_string(const char *s, size_t n, int kind, const lw_escape_rules *escapes,
                     lw_sqlbuf *val, lw_literal_error *err)
{
    err->message = NULL;
    err->zero_byte = 0;
    if (kind == LW_STR_DOLLAR) {
        size_t tag = 1;
        while (tag < n && s[tag] != '$')
            tag++;
        tag++; /* through the second $ */
        if (tag * 2 > n) {
            err->message = "malformed dollar-quoted string";
            return -1;
        }
        lw_sqlbuf_append(val, s + tag, n - 2 * tag);
        return 0;
    }
    /* The opening quote follows the prefix letters (E, N, U&); the token ends with
     * the closing one. */
    size_t i = 0;
    while (i < n && s[i] != '\'' && s[i] != '"')
        i++;
    if (i >= n || n < i + 2)
        return 0;
    char quote = s[i];
    size_t end = n - 1;
    if (kind == LW_STR_UNICODE)
        return decode_unicode(s, i + 1, end, val, err);
    for (i++; i < end; i++) {
        char c = s[i];
        if (c == quote && i + 1 < end && s[i + 1] == quote) {
            lw_sqlbuf_append(val, &c, 1);
            i++;
        } else if (c == '\\' && escapes && i + 1 < end) {
            i++;
            if (decode_escape(s, end, &i, escapes, val, err))
                return -1;
        } else {
            lw_sqlbuf_append(val, &c, 1);
        }
    }
    return 0;
}

void lw_append_sql_string(lw_sqlbuf *out, const char *value, size_t n)
{
    lw_sqlbuf_append(out, "'", 1);
    for (size_t i = 0; i < n; i++) {
        if (value[i] == '\'')
            lw_sqlbuf_append(out, "''", 2);
        else if (value[i] == 0)
            lw_sqlbuf_appends(out, "'||char(0)||'");
        else
            lw_sqlbuf_append(out, value + i, 1);
    }
    lw_sqlbuf_append(out, "'", 1);
}
