/* Result values of the server backends: see values.h. */
#include "backend/values.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hex.h"

lw_type lw_cell_type(const lw_cell *c)
{
    switch (c->kind) {
    case LW_CELL_INT:
    case LW_CELL_BOOL:
        return LW_TYPE_INT;
    case LW_CELL_REAL:
        return LW_TYPE_REAL;
    case LW_CELL_TEXT:
        return LW_TYPE_TEXT;
    case LW_CELL_BLOB:
    case LW_CELL_BYTEA_HEX:
        return LW_TYPE_BLOB;
    default:
        return LW_TYPE_NULL;
    }
}

/* SQLite's text to integer: optional spaces and sign, then the leading digits,
 * clamped to the int64 range; no digits is 0. */
static int64_t text_int64(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
                     s[i] == '\v'))
        i++;
    int negative = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        negative = s[i++] == '-';
    uint64_t v = 0;
    int overflow = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            overflow = 1;
        else
            v = v * 10 + d;
    }
    if (negative)
        return overflow || v > (uint64_t)INT64_MAX + 1 ? INT64_MIN : (int64_t)(0 - v);
    return overflow || v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

/* SQLite's text to double: the longest leading [spaces][sign]digits[.digits][e[sign]
 * digits] read as a number; no number is 0.0 (so "NaN" and "inf" are 0.0, as in
 * SQLite). */
static double text_double(const char *s, size_t n)
{
    char buf[400];
    size_t i = 0, j = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    size_t start = i;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    size_t digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (!digits)
        return 0.0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = i + 1;
        if (e < n && (s[e] == '-' || s[e] == '+'))
            e++;
        if (e < n && s[e] >= '0' && s[e] <= '9') {
            while (e < n && s[e] >= '0' && s[e] <= '9')
                e++;
            i = e;
        }
    }
    if (i - start >= sizeof buf) /* a longer number: its double is what strtod says */
        i = start + sizeof buf - 1;
    for (size_t k = start; k < i; k++)
        buf[j++] = s[k];
    buf[j] = 0;
    return strtod(buf, NULL);
}

/* A double as SQLite's conversions make it an integer: truncated toward zero and
 * clamped; NaN is 0. */
static int64_t double_int64(double d)
{
    if (isnan(d))
        return 0;
    if (d <= -9223372036854775808.0)
        return INT64_MIN;
    if (d >= 9223372036854775807.0)
        return INT64_MAX;
    return (int64_t)d;
}

/* A REAL cell's value: the server's text read exactly (PostgreSQL's Infinity, -Infinity
 * and NaN included). */
static double real_value(const lw_cell *c)
{
    return strtod(c->data, NULL);
}

/* The bytes of a bytea's \x hex text, decoded into b for this row. */
static const lw_sqlbuf *bytea_bytes(const lw_cell *c, lw_cell_buf *b, int64_t row)
{
    if (b->row == row)
        return &b->buf;
    lw_sqlbuf_reset(&b->buf);
    const char *p = c->data;
    size_t n = c->len;
    if (n >= 2 && p[0] == '\\' && p[1] == 'x') {
        for (size_t i = 2; i + 1 < n; i += 2) {
            int hi = lw_hex_value((unsigned char)p[i]), lo = lw_hex_value((unsigned char)p[i + 1]);
            if (hi < 0 || lo < 0)
                break;
            char byte = (char)(hi * 16 + lo);
            lw_sqlbuf_append(&b->buf, &byte, 1);
        }
    } else {
        lw_sqlbuf_append(&b->buf, p, n); /* bytea_output = escape: kept as sent */
    }
    if (!b->buf.s)
        lw_sqlbuf_append(&b->buf, "", 0);
    b->row = row;
    return &b->buf;
}

int64_t lw_cell_int64(const lw_cell *c, lw_cell_buf *b, int64_t row)
{
    switch (c->kind) {
    case LW_CELL_INT:
    case LW_CELL_TEXT:
    case LW_CELL_BLOB:
        return text_int64(c->data, c->len);
    case LW_CELL_BOOL:
        return c->len && c->data[0] == 't';
    case LW_CELL_REAL:
        return double_int64(real_value(c));
    case LW_CELL_BYTEA_HEX: {
        const lw_sqlbuf *v = bytea_bytes(c, b, row);
        return v->oom ? 0 : text_int64(v->s, v->len);
    }
    default:
        return 0;
    }
}

double lw_cell_double(const lw_cell *c, lw_cell_buf *b, int64_t row)
{
    switch (c->kind) {
    case LW_CELL_INT:
    case LW_CELL_TEXT:
    case LW_CELL_BLOB:
        return text_double(c->data, c->len);
    case LW_CELL_BOOL:
        return c->len && c->data[0] == 't' ? 1.0 : 0.0;
    case LW_CELL_REAL:
        return real_value(c);
    case LW_CELL_BYTEA_HEX: {
        const lw_sqlbuf *v = bytea_bytes(c, b, row);
        return v->oom ? 0.0 : text_double(v->s, v->len);
    }
    default:
        return 0.0;
    }
}

const char *lw_cell_text(const lw_cell *c, lw_cell_buf *b, int64_t row)
{
    switch (c->kind) {
    case LW_CELL_INT:
    case LW_CELL_TEXT:
        return c->data;
    case LW_CELL_BOOL:
        return c->len && c->data[0] == 't' ? "1" : "0";
    case LW_CELL_REAL:
        if (b->row != row) {
            char text[64];
            double d = real_value(c);
            /* SQLite's text of a REAL: 15 significant digits, ".0" kept, Inf as
             * SQLite writes it. */
            if (isinf(d))
                snprintf(text, sizeof text, "%s", d < 0 ? "-Inf" : "Inf");
            else
                sqlite3_snprintf(sizeof text, text, "%!.15g", d);
            lw_sqlbuf_reset(&b->buf);
            lw_sqlbuf_appends(&b->buf, text);
            b->row = row;
        }
        return b->buf.oom ? NULL : b->buf.s;
    case LW_CELL_BLOB:
        /* The bytes with a terminating NUL (the result owns them unterminated). */
        if (b->row != row) {
            lw_sqlbuf_reset(&b->buf);
            lw_sqlbuf_append(&b->buf, c->data ? c->data : "", c->len);
            b->row = row;
        }
        return b->buf.oom ? NULL : b->buf.s;
    case LW_CELL_BYTEA_HEX: {
        const lw_sqlbuf *v = bytea_bytes(c, b, row);
        return v->oom ? NULL : v->s;
    }
    default:
        return NULL;
    }
}

const void *lw_cell_blob(const lw_cell *c, lw_cell_buf *b, int64_t row)
{
    switch (c->kind) {
    case LW_CELL_NULL:
        return NULL;
    case LW_CELL_BLOB:
        return c->data;
    case LW_CELL_BYTEA_HEX:
    case LW_CELL_REAL:
    case LW_CELL_BOOL:
        return lw_cell_text(c, b, row);
    default:
        return c->data;
    }
}

int lw_cell_bytes(const lw_cell *c, lw_cell_buf *b, int64_t row)
{
    switch (c->kind) {
    case LW_CELL_NULL:
        return 0;
    case LW_CELL_BYTEA_HEX: {
        const lw_sqlbuf *v = bytea_bytes(c, b, row);
        return v->oom ? 0 : (int)v->len;
    }
    case LW_CELL_REAL:
    case LW_CELL_BOOL: {
        const char *t = lw_cell_text(c, b, row);
        return t ? (int)strlen(t) : 0;
    }
    default:
        return (int)c->len;
    }
}

const char *lw_cell_display(const lw_cell *c)
{
    return c->kind == LW_CELL_NULL ? NULL : c->data;
}

int lw_cell_rows_alloc(lw_cell_rows *r, int n)
{
    r->bufs = sqlite3_malloc64((size_t)n * sizeof *r->bufs);
    if (!r->bufs)
        return -1;
    memset(r->bufs, 0, (size_t)n * sizeof *r->bufs);
    for (int i = 0; i < n; i++)
        r->bufs[i].row = -1;
    return 0;
}

void lw_cell_rows_free(lw_cell_rows *r, int n)
{
    if (r->bufs)
        for (int i = 0; i < n; i++)
            lw_sqlbuf_free(&r->bufs[i].buf);
    sqlite3_free(r->bufs);
    r->bufs = NULL;
}

/* The statement's lw_cell_rows: its first member (values.h). */
static lw_cell_rows *rows_of(struct lw_bstmt *b)
{
    return (lw_cell_rows *)(void *)b;
}

lw_type lw_cells_column_type(struct lw_bstmt *b, int col)
{
    lw_cell c = rows_of(b)->cell(b, col);
    return lw_cell_type(&c);
}

int64_t lw_cells_column_int64(struct lw_bstmt *b, int col)
{
    lw_cell_rows *r = rows_of(b);
    lw_cell c = r->cell(b, col);
    return lw_cell_int64(&c, &r->bufs[col], r->row_stamp);
}

double lw_cells_column_double(struct lw_bstmt *b, int col)
{
    lw_cell_rows *r = rows_of(b);
    lw_cell c = r->cell(b, col);
    return lw_cell_double(&c, &r->bufs[col], r->row_stamp);
}

const char *lw_cells_column_text(struct lw_bstmt *b, int col)
{
    lw_cell_rows *r = rows_of(b);
    lw_cell c = r->cell(b, col);
    return lw_cell_text(&c, &r->bufs[col], r->row_stamp);
}

const void *lw_cells_column_blob(struct lw_bstmt *b, int col)
{
    lw_cell_rows *r = rows_of(b);
    lw_cell c = r->cell(b, col);
    return lw_cell_blob(&c, &r->bufs[col], r->row_stamp);
}

int lw_cells_column_bytes(struct lw_bstmt *b, int col)
{
    lw_cell_rows *r = rows_of(b);
    lw_cell c = r->cell(b, col);
    return lw_cell_bytes(&c, &r->bufs[col], r->row_stamp);
}

const char *lw_cells_column_display(struct lw_bstmt *b, int col)
{
    lw_cell c = rows_of(b)->cell(b, col);
    return lw_cell_display(&c);
}

void lw_int64_text(int64_t v, char *out)
{
    /* Written by hand: snprintf's format machinery is most of a parameter's cost. */
    char digits[24];
    int n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    int k = 0;
    if (v < 0)
        out[k++] = '-';
    while (n)
        out[k++] = digits[--n];
    out[k] = 0;
}

void lw_double_text(double v, char *out)
{
    if (isnan(v)) {
        snprintf(out, LW_NUMBER_TEXT_MAX, "NaN");
    } else if (isinf(v)) {
        snprintf(out, LW_NUMBER_TEXT_MAX, "%s", v < 0 ? "-Infinity" : "Infinity");
    } else {
        /* The shortest of 15, 16 or 17 significant digits that reads back exactly. */
        for (int digits = 15; digits <= 17; digits++) {
            snprintf(out, LW_NUMBER_TEXT_MAX, "%.*g", digits, v);
            if (strtod(out, NULL) == v)
                break;
        }
    }
}
