/*
 * lwsql's result formats.
 *
 *   unaligned  (default for scripts) a row per line, fields joined by '|', NULL as an
 *              empty field, no header: what psql -XAt prints.
 *   aligned    (default on a terminal, --aligned) psql's table with border 1: a header
 *              centred over each column, a rule of '-' with '+' where columns meet,
 *              cells padded to the widest, "(N rows)" and a blank line after. A cell
 *              holding newlines continues on the next lines with '+' at the right of
 *              every line but its last; a tab moves to the next multiple of 8 columns,
 *              a carriage return prints as \r and other control characters as \xHH
 *              (\u00HH for C1), as psql formats them. Widths are terminal columns: East
 *              Asian wide characters count 2, combining marks 0 (ICU's properties).
 *              A column is right-aligned when every value in it is a number (psql aligns
 *              numeric types right): an INTEGER or REAL value, a server's numeric or
 *              DECIMAL column, and with dialect=postgresql embedded a NUMERIC column's
 *              decimal text or an expression's value that reads as a decimal (the
 *              emulation does not carry PostgreSQL's types of expressions, so SELECT
 *              '12' is right-aligned where psql would not).
 *   csv        RFC 4180 as psql --csv: a header line, then the rows; a field with a
 *              comma, a double quote, a CR or LF (or exactly "\.") is quoted, quotes
 *              doubled; NULL and the empty string both print as an empty field.
 *   json       one JSON object per row on its own line, keys the column names in
 *              order: numbers bare (those above, when the text is a JSON number; NaN and
 *              infinities become strings), PostgreSQL's booleans true/false, NULL null,
 *              everything else a string (blobs as "\x" and hex digits); invalid UTF-8
 *              becomes U+FFFD.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "lwsql.h"

/* ---- Memory ------------------------------------------------------------------------------ */

void *lwsql_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("lwsql: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

char *lwsql_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(lwsql_xrealloc(NULL, n), s, n);
}

static char *vxprintf(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *s = lwsql_xrealloc(NULL, (size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *lwsql_xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vxprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* ---- Tables ------------------------------------------------------------------------------ */

void lwsql_table_init(lwsql_table *t, int ncol, const char *const *headers)
{
    memset(t, 0, sizeof *t);
    t->ncol = ncol;
    t->headers = lwsql_xrealloc(NULL, (size_t)ncol * sizeof *t->headers);
    for (int i = 0; i < ncol; i++)
        t->headers[i] = lwsql_xstrdup(headers[i] ? headers[i] : "");
}

void lwsql_table_add(lwsql_table *t, const char *const *cells, const lwsql_kind *kinds)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        size_t n = t->cap * (size_t)(t->ncol ? t->ncol : 1);
        t->cells = lwsql_xrealloc(t->cells, n * sizeof *t->cells);
        t->kinds = lwsql_xrealloc(t->kinds, n * sizeof *t->kinds);
    }
    size_t at = t->nrows * (size_t)t->ncol;
    for (int i = 0; i < t->ncol; i++) {
        t->cells[at + i] = cells[i] ? lwsql_xstrdup(cells[i]) : NULL;
        t->kinds[at + i] = !cells[i] ? LWSQL_NULL : kinds ? kinds[i] : LWSQL_STRING;
    }
    t->nrows++;
}

void lwsql_table_footer(lwsql_table *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = vxprintf(fmt, ap);
    va_end(ap);
    t->footers = lwsql_xrealloc(t->footers, (t->nfooters + 1) * sizeof *t->footers);
    t->footers[t->nfooters++] = line;
}

void lwsql_table_free(lwsql_table *t)
{
    for (int i = 0; i < t->ncol; i++)
        free(t->headers[i]);
    for (size_t i = 0; i < t->nrows * (size_t)t->ncol; i++)
        free(t->cells[i]);
    for (size_t i = 0; i < t->nfooters; i++)
        free(t->footers[i]);
    free(t->headers);
    free(t->cells);
    free(t->kinds);
    free(t->footers);
    free(t->title);
    memset(t, 0, sizeof *t);
}

/* ---- Display width ----------------------------------------------------------------------- */

/* Decodes one UTF-8 character at s (n > 0 bytes left): its code point and length; an
 * invalid byte is U+FFFD of length 1. */
static int32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    unsigned char c = s[0];
    *len = 1;
    if (c < 0x80)
        return c;
    int need = c >= 0xc2 && c <= 0xdf   ? 1
               : c >= 0xe0 && c <= 0xef ? 2
               : c >= 0xf0 && c <= 0xf4 ? 3
                                        : 0;
    if (!need || (size_t)need + 1 > n)
        return 0xfffd;
    int32_t cp = need == 1 ? c & 0x1f : need == 2 ? c & 0x0f : c & 0x07;
    for (int i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0xfffd;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
    if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0xfffd;
    *len = (size_t)need + 1;
    return cp;
}

/* Columns a printable code point takes up. */
static int char_width(int32_t cp)
{
    if (cp < 0x300)
        return 1;
    int8_t type = u_charType(cp);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR)
        return 0;
    int ea = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

int lwsql_display_width(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    int width = 0;
    for (size_t i = 0, n; i < len; i += n)
        width += char_width(utf8_next(s + i, len - i, &n));
    return width;
}

/* ---- Aligned ------------------------------------------------------------------------------ */

/* A cell as psql formats it: lines, each with its display width. */
typedef struct fline {
    char *text;
    int width;
} fline;

typedef struct fcell {
    fline *lines;
    int n;
} fcell;

static void fcell_push(fcell *c, char *text, int width)
{
    c->lines = lwsql_xrealloc(c->lines, (size_t)(c->n + 1) * sizeof *c->lines);
    c->lines[c->n++] = (fline){text, width};
}

static void fcell_free(fcell *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->lines[i].text);
    free(c->lines);
}

static void format_cell(const char *text, fcell *out)
{
    memset(out, 0, sizeof *out);
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t len = strlen((const char *)s);
    /* Each byte grows to at most 8 ("\xHH" or a tab's spaces, \u00HH for C1). */
    char *line = lwsql_xrealloc(NULL, len * 8 + 1);
    size_t at = 0;
    int width = 0;
    for (size_t i = 0, n; i <= len; i += n) {
        if (i == len || s[i] == '\n') {
            line[at] = 0;
            fcell_push(out, lwsql_xstrdup(line), width);
            at = 0;
            width = 0;
            n = 1;
            continue;
        }
        int32_t cp = utf8_next(s + i, len - i, &n);
        if (cp == '\r') {
            memcpy(line + at, "\\r", 2);
            at += 2;
            width += 2;
        } else if (cp == '\t') {
            do {
                line[at++] = ' ';
                width++;
            } while (width % 8 != 0);
        } else if (cp < 0x20 || cp == 0x7f) {
            at += (size_t)sprintf(line + at, "\\x%02X", (unsigned)cp);
            width += 4;
        } else if (cp >= 0x80 && cp < 0xa0) {
            at += (size_t)sprintf(line + at, "\\u%04X", (unsigned)cp);
            width += 6;
        } else {
            memcpy(line + at, s + i, n);
            at += n;
            width += char_width(cp);
        }
    }
    free(line);
}

static void pad(int n)
{
    for (; n > 0; n--)
        fputc(' ', stdout);
}

static void print_aligned(const lwsql_table *t)
{
    int ncol = t->ncol;
    size_t ncells = t->nrows * (size_t)ncol;
    int *width = lwsql_xrealloc(NULL, (size_t)ncol * sizeof *width);
    char *align = lwsql_xrealloc(NULL, (size_t)ncol);
    fcell *heads = lwsql_xrealloc(NULL, (size_t)ncol * sizeof *heads);
    fcell *cells = lwsql_xrealloc(NULL, (ncells ? ncells : 1) * sizeof *cells);
    int head_lines = 0;
    for (int c = 0; c < ncol; c++) {
        format_cell(t->headers[c], &heads[c]);
        width[c] = 0;
        for (int l = 0; l < heads[c].n; l++)
            width[c] = heads[c].lines[l].width > width[c] ? heads[c].lines[l].width : width[c];
        head_lines = heads[c].n > head_lines ? heads[c].n : head_lines;
        int numbers = 0, others = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            lwsql_kind k = t->kinds[r * (size_t)ncol + (size_t)c];
            numbers += k == LWSQL_NUMBER;
            others += k == LWSQL_STRING || k == LWSQL_BOOL;
        }
        align[c] = numbers && !others ? 'r' : 'l';
    }
    for (size_t i = 0; i < ncells; i++) {
        format_cell(t->cells[i], &cells[i]);
        int c = (int)(i % (size_t)ncol);
        for (int l = 0; l < cells[i].n; l++)
            width[c] = cells[i].lines[l].width > width[c] ? cells[i].lines[l].width : width[c];
    }

    if (t->title) {
        int total = ncol * 3 - (ncol > 0 ? 1 : 0);
        for (int c = 0; c < ncol; c++)
            total += width[c];
        int w = lwsql_display_width(t->title, strlen(t->title));
        if (w < total)
            pad((total - w) / 2);
        printf("%s\n", t->title);
    }
    /* The header: every line of every header centred, '+' after a line that continues. */
    for (int l = 0; l < head_lines; l++) {
        for (int c = 0; c < ncol; c++) {
            fputc(' ', stdout);
            int last = l == heads[c].n - 1;
            if (l < heads[c].n) {
                int space = width[c] - heads[c].lines[l].width;
                pad(space / 2);
                fputs(heads[c].lines[l].text, stdout);
                pad((space + 1) / 2);
            } else {
                pad(width[c]);
            }
            fputc(l < heads[c].n && !last ? '+' : ' ', stdout);
            if (c < ncol - 1)
                fputc('|', stdout);
        }
        fputc('\n', stdout);
    }
    for (int c = 0; c < ncol; c++) {
        fputc('-', stdout);
        for (int k = 0; k < width[c]; k++)
            fputc('-', stdout);
        fputs(c < ncol - 1 ? "-+" : "-", stdout);
    }
    fputc('\n', stdout);
    /* The rows, one output line per line of their tallest cell. */
    for (size_t r = 0; r < t->nrows; r++) {
        fcell *row = cells + r * (size_t)ncol;
        int lines = 1;
        for (int c = 0; c < ncol; c++)
            lines = row[c].n > lines ? row[c].n : lines;
        for (int l = 0; l < lines; l++) {
            for (int c = 0; c < ncol; c++) {
                int final_spaces = c < ncol - 1;
                fputc(' ', stdout);
                int more = l + 1 < row[c].n;
                if (l >= row[c].n) {
                    if (final_spaces)
                        pad(width[c]);
                } else if (align[c] == 'r') {
                    pad(width[c] - row[c].lines[l].width);
                    fputs(row[c].lines[l].text, stdout);
                } else {
                    fputs(row[c].lines[l].text, stdout);
                    if (final_spaces || more)
                        pad(width[c] - row[c].lines[l].width);
                }
                if (more)
                    fputc('+', stdout);
                else if (final_spaces)
                    fputc(' ', stdout);
                if (c < ncol - 1)
                    fputc('|', stdout);
            }
            fputc('\n', stdout);
        }
    }
    for (size_t i = 0; i < t->nfooters; i++)
        printf("%s\n", t->footers[i]);
    if (t->count_footer)
        printf("(%zu row%s)\n", t->nrows, t->nrows == 1 ? "" : "s");
    fputc('\n', stdout);

    for (int c = 0; c < ncol; c++)
        fcell_free(&heads[c]);
    for (size_t i = 0; i < ncells; i++)
        fcell_free(&cells[i]);
    free(heads);
    free(cells);
    free(width);
    free(align);
}

/* ---- CSV and JSON --------------------------------------------------------------------- */

static void csv_field(const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n") && strcmp(s, "\\.") != 0) {
        fputs(s, stdout);
        return;
    }
    fputc('"', stdout);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', stdout);
        fputc(*s, stdout);
    }
    fputc('"', stdout);
}

static void csv_line(const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', stdout);
        csv_field(fields[i]);
    }
    fputc('\n', stdout);
}

static void json_string(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    fputc('"', stdout);
    for (size_t i = 0, n; i < len; i += n) {
        int32_t cp = utf8_next(p + i, len - i, &n);
        switch (cp) {
        case '"':
            fputs("\\\"", stdout);
            break;
        case '\\':
            fputs("\\\\", stdout);
            break;
        case '\n':
            fputs("\\n", stdout);
            break;
        case '\r':
            fputs("\\r", stdout);
            break;
        case '\t':
            fputs("\\t", stdout);
            break;
        case '\b':
            fputs("\\b", stdout);
            break;
        case '\f':
            fputs("\\f", stdout);
            break;
        default:
            if (cp < 0x20)
                printf("\\u%04x", (unsigned)cp);
            else if (cp == 0xfffd && n == 1)
                fputs("\xef\xbf\xbd", stdout); /* an invalid byte */
            else
                fwrite(p + i, 1, n, stdout);
        }
    }
    fputc('"', stdout);
}

/* True when s is a number as JSON writes them. */
static int is_json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return 0;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == 0;
}

static void json_row(const char *const *names, const char *const *cells, const lwsql_kind *kinds,
                     int n)
{
    fputc('{', stdout);
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', stdout);
        json_string(names[i]);
        fputc(':', stdout);
        if (!cells[i])
            fputs("null", stdout);
        else if (kinds[i] == LWSQL_NUMBER && is_json_number(cells[i]))
            fputs(cells[i], stdout);
        else if (kinds[i] == LWSQL_BOOL)
            fputs(cells[i][0] == 't' ? "true" : "false", stdout);
        else
            json_string(cells[i]);
    }
    fputs("}\n", stdout);
}

static void unaligned_row(const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc('|', stdout);
        if (cells[i])
            fputs(cells[i], stdout);
    }
    fputc('\n', stdout);
}

void lwsql_print_table(const lwsql *s, const lwsql_table *t)
{
    const char *const *headers = (const char *const *)t->headers;
    switch (s->format) {
    case LWSQL_ALIGNED:
        print_aligned(t);
        return;
    case LWSQL_CSV:
        csv_line(headers, t->ncol);
        break;
    default:
        break;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const char *const *cells = (const char *const *)t->cells + r * (size_t)t->ncol;
        if (s->format == LWSQL_CSV)
            csv_line(cells, t->ncol);
        else if (s->format == LWSQL_JSON)
            json_row(headers, cells, t->kinds + r * (size_t)t->ncol, t->ncol);
        else
            unaligned_row(cells, t->ncol);
    }
}

/* ---- Query results ---------------------------------------------------------------------- */

/* A decimal as PostgreSQL prints numeric: digits, at most one point, a sign. */
static int is_decimal_text(const char *s)
{
    if (!strcmp(s, "NaN"))
        return 1;
    const char *p = s + (*s == '-');
    int digits = 0, points = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.' && !points++)
            continue;
        else
            return 0;
    }
    return digits > 0;
}

/* The current row's value for output: *text (NULL for SQL NULL) is *owned, a copy the
 * caller frees. */
static lwsql_kind value_of(const lwsql *s, lw_rows *rows, int col, const char **text, char **owned)
{
    *owned = NULL;
    /* The type first: SQLite's says nothing reliable once the value was read as text. */
    lw_type type = lw_column_type(rows, col);
    *text = lw_column_display(rows, col);
    if (!*text)
        return LWSQL_NULL;
    /* lw_column_display's text lasts only until it is called for another column. */
    *text = *owned = lwsql_xstrdup(*text);
    int pg = !strcmp(s->dialect, "postgresql");
    switch (type) {
    case LW_TYPE_INT:
    case LW_TYPE_REAL:
        if (pg && (!strcmp(*text, "t") || !strcmp(*text, "f")))
            return LWSQL_BOOL;
        return LWSQL_NUMBER;
    case LW_TYPE_BLOB:
        if (s->format == LWSQL_JSON && !pg) {
            /* JSON text must be UTF-8: a blob is written as PostgreSQL writes bytea. */
            const unsigned char *b = lw_column_blob(rows, col);
            int n = lw_column_bytes(rows, col);
            free(*owned);
            *owned = lwsql_xrealloc(NULL, 2 * (size_t)n + 3);
            memcpy(*owned, "\\x", 2);
            for (int i = 0; i < n; i++)
                sprintf(*owned + 2 + 2 * i, "%02x", b[i]);
            (*owned)[2 + 2 * n] = 0;
            *text = *owned;
        }
        return LWSQL_STRING;
    default: {
        const char *decl = lw_column_decltype(rows, col);
        /* A server names every column's type; its exact numerics come as text. */
        if (decl && strcmp(lw_conn_backend(s->conn), "sqlite") != 0 &&
            (!strcmp(decl, "numeric") || !strcmp(decl, "DECIMAL")))
            return LWSQL_NUMBER;
        if (pg && (decl ? !strncmp(decl, "NUMERIC_TEXT", 12) : is_decimal_text(*text)))
            return LWSQL_NUMBER;
        return LWSQL_STRING;
    }
    }
}

int lwsql_print_rows(const lwsql *s, lw_rows *rows)
{
    int ncol = lw_column_count(rows), rc;
    const char **names = lwsql_xrealloc(NULL, (size_t)(ncol ? ncol : 1) * sizeof *names);
    const char **cells = lwsql_xrealloc(NULL, (size_t)(ncol ? ncol : 1) * sizeof *cells);
    char **owned = lwsql_xrealloc(NULL, (size_t)(ncol ? ncol : 1) * sizeof *owned);
    lwsql_kind *kinds = lwsql_xrealloc(NULL, (size_t)(ncol ? ncol : 1) * sizeof *kinds);
    for (int c = 0; c < ncol; c++) {
        names[c] = lw_column_name(rows, c);
        cells[c] = NULL;
        owned[c] = NULL;
    }
    lwsql_table table;
    if (s->format == LWSQL_ALIGNED) {
        lwsql_table_init(&table, ncol, names);
        table.count_footer = 1;
    } else if (s->format == LWSQL_CSV) {
        csv_line(names, ncol);
    }
    while ((rc = lw_rows_next(rows)) == LW_ROW) {
        for (int c = 0; c < ncol; c++)
            kinds[c] = value_of(s, rows, c, &cells[c], &owned[c]);
        switch (s->format) {
        case LWSQL_ALIGNED:
            lwsql_table_add(&table, cells, kinds);
            break;
        case LWSQL_CSV:
            csv_line(cells, ncol);
            break;
        case LWSQL_JSON:
            json_row(names, cells, kinds, ncol);
            break;
        default:
            unaligned_row(cells, ncol);
        }
        for (int c = 0; c < ncol; c++)
            free(owned[c]);
    }
    /* After an error while stepping an aligned result shows nothing but the error, as
     * psql shows nothing of a statement that failed. */
    if (s->format == LWSQL_ALIGNED) {
        if (rc >= 0)
            print_aligned(&table);
        lwsql_table_free(&table);
    }
    free(names);
    free(cells);
    free(owned);
    free(kinds);
    return rc < 0 ? rc : 0;
}
