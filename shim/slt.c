/*
 * The sqllogictest runner, shared by build/slt (tools/slt.c) and lwsql --slt: both run
 * files through the shim, so a file means the same in both. It reads two dialects of
 * the format, detected per file (below): likewise's own, and SQLite's canonical one,
 * which SQLite's corpus (millions of queries) and the suites derived from it use.
 *
 * Records (separated by blank lines; a line starting with '#' is a comment):
 *
 *   statement ok                  the SQL must succeed (one or more statements)
 *   statement error [PATTERN]     the SQL must fail; PATTERN, when given, is a POSIX
 *                                 extended regular expression searched in the message,
 *                                 in "SQLSTATE: message" (so 23505 matches too) and,
 *                                 when the error has a MySQL errno, in the mariadb
 *                                 client's "ERRNO (SQLSTATE): message"
 *   query TYPES [nosort|rowsort|valuesort] [LABEL]
 *   SQL...                        one statement
 *   ----
 *   expected results
 *
 *   onlyif ENGINE / skipif ENGINE (any number, before a record) run the record only on
 *   (or skip it on) an engine; words after ENGINE are a comment. "halt" stops the file
 *   (unless skipped). "hash-threshold N" sets the threshold below.
 *
 * TYPES has one letter per result column: T text, I integer, R real.
 *
 * likewise's format (sql_tests/): a row per line, its fields joined by '|'; a value's
 * line breaks continue its row on the next line (SHOW CREATE TABLE). Values
 * print as the connection's dialect displays them (lw_column_display: SQLite's text,
 * psql's with dialect=postgresql), NULL as "NULL", the empty string as "(empty)"; an R
 * column with three decimals. rowsort sorts the printed rows, valuesort every printed
 * value, both byte-wise, the expected lines as well. The engine is "likewise" on the
 * embedded backend, and on a server URL the server itself: "postgresql", or "mysql"
 * for MariaDB (the names the differential runners use), so a dialect's files run
 * unchanged on the real server. A TYPES/column-count mismatch is noticed on the
 * first row.
 *
 * SQLite's format (sqllogictest.c and slt_sqlite.c in SQLite's sqllogictest): a value
 * per line, row after row. Values are formatted as that reference runner does: NULL
 * as "NULL"; I as an integer (SQLite's conversion of the value: 2.9 is 2, 'abc' 0);
 * R with three decimals (SQLite's printf rounding); T as the dialect displays it, the
 * empty string as "(empty)", and every byte below ' ' or above '~' (so every byte of a
 * non-ASCII character) as '@'. rowsort sorts rows comparing value by value, valuesort
 * sorts all values; both with strcmp. A result is checked against its MD5 when the
 * expected result is the line "N values hashing to H": H is the MD5 of every (sorted)
 * value followed by "\n", N the number of values. Otherwise the values are compared
 * one by one (a file may list a long result instead of hashing it; the reference
 * would insist on the hash above the threshold). hash-threshold N (default 8, 0: never)
 * only decides how a failing result is shown: hashed when it has more than N values.
 * A LABEL names a result: every query with the same label in the file must hash the
 * same. The engine is the connection's dialect: "sqlite", "postgresql", "mysql" (for
 * mysql and mariadb) or "oracle", compared without regard to case. As in the reference,
 * comment lines inside a record are skipped, the column count is checked even when no
 * row comes back, and a type letter other than T, I, R fails the record.
 *
 * Detecting the format (lw_slt_detect), first rule that applies:
 *   1. a "hash-threshold" line, or a result line "N values hashing to <32 hex digits>":
 *      SQLite's format (likewise's never hashes);
 *   2. an onlyif/skipif naming "likewise": likewise's format;
 *   3. an onlyif/skipif naming "sqlite" or "mssql" (engines only SQLite's corpus
 *      names): SQLite's format;
 *   4. the first query with two or more columns and a non-empty result: likewise's
 *      format when every result line holds at least (columns - 1) '|' characters (a row
 *      per line), SQLite's otherwise (a value per line). So a file in likewise's format
 *      whose first such result has a value with line breaks reads as SQLite's: a
 *      query before it, or "onlyif likewise"/"skipif likewise", decides;
 *   5. otherwise likewise's format. Such a file has only one-column results, where the
 *      formats differ only in how I and T values are printed.
 *
 * Each file runs on its own connection opened from the URL, so files are independent.
 * Limits: a file is read whole into memory; the SQL of a record and its results are
 * bounded only by memory. The runner is a test tool: running out of memory aborts it
 * with a message (exit status 2) instead of being threaded through every call.
 */
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "likewise.h"
#include <nettle/md5.h>
#include "slt.h"

/* The reference runner's default hash threshold. */
#define DEFAULT_HASH_THRESHOLD 8
/* Lines of expected or actual results a failure report shows. */
#define REPORT_MAX_LINES 40

/* ---- Small containers ---------------------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("slt: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

/* A growable array of strings, each owned by the list. */
typedef struct strlist {
    char **items;
    size_t len, cap;
} strlist;

static void strlist_push(strlist *l, char *s)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->len++] = s;
}

static void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A growable string. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static void sbuf_add(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void sbuf_adds(sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

/* ---- The text as lines ---------------------------------------------------------------- */

/* A copy of the text cut into lines (without their "\n" or "\r\n"); lines point into
 * buf, which the struct owns. */
typedef struct lines {
    char *buf;
    char **at;
    size_t n;
} lines;

static void lines_split(lines *ls, const char *text, size_t len)
{
    ls->buf = xrealloc(NULL, len + 1);
    memcpy(ls->buf, text, len);
    ls->buf[len] = 0;
    size_t cap = 16;
    ls->at = xrealloc(NULL, cap * sizeof *ls->at);
    ls->n = 0;
    for (size_t start = 0; start < len;) {
        char *nl = memchr(ls->buf + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - ls->buf) : len;
        ls->buf[end] = 0;
        if (end > start && ls->buf[end - 1] == '\r')
            ls->buf[end - 1] = 0;
        if (ls->n == cap) {
            cap *= 2;
            ls->at = xrealloc(ls->at, cap * sizeof *ls->at);
        }
        ls->at[ls->n++] = ls->buf + start;
        start = end + 1;
    }
}

static void lines_free(lines *ls)
{
    free(ls->buf);
    free(ls->at);
}

static int is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v')
        s++;
    return *s == 0;
}

/* The first words of a line, each cut to its buffer's size. */
typedef struct words {
    char w[4][256];
} words;

static void split_words(const char *line, words *out)
{
    memset(out, 0, sizeof *out);
    const char *p = line;
    for (int k = 0; k < 4; k++) {
        while (*p && isspace((unsigned char)*p))
            p++;
        size_t n = 0;
        while (p[n] && !isspace((unsigned char)p[n]))
            n++;
        if (!n)
            break;
        size_t keep = n < sizeof out->w[k] - 1 ? n : sizeof out->w[k] - 1;
        memcpy(out->w[k], p, keep);
        p += n;
    }
}

/* "N values hashing to H" with 32 lowercase hex digits. */
static int is_hash_line(const char *s)
{
    const char *p = s;
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    static const char middle[] = " values hashing to ";
    if (strncmp(p, middle, sizeof middle - 1) != 0)
        return 0;
    p += sizeof middle - 1;
    for (int i = 0; i < 32; i++, p++)
        if (!(isdigit((unsigned char)*p) || (*p >= 'a' && *p <= 'f')))
            return 0;
    return *p == 0;
}

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

/* ---- Detection -------------------------------------------------------------------------- */

static lw_slt_format detect_lines(const lines *ls)
{
    int likewise_engine = 0, sqlite_engine = 0, shape = -1;
    for (size_t i = 0; i < ls->n; i++) {
        const char *line = ls->at[i];
        if (is_blank(line) || line[0] == '#')
            continue;
        words t;
        split_words(line, &t);
        if (!strcmp(t.w[0], "hash-threshold"))
            return LW_SLT_CANONICAL;
        if (!strcmp(t.w[0], "onlyif") || !strcmp(t.w[0], "skipif")) {
            likewise_engine |= !strcasecmp(t.w[1], "likewise");
            sqlite_engine |= !strcasecmp(t.w[1], "sqlite") || !strcasecmp(t.w[1], "mssql");
            continue;
        }
        if (strcmp(t.w[0], "query") != 0)
            continue;
        int columns = (int)strlen(t.w[1]);
        for (i++; i < ls->n && !is_blank(ls->at[i]) && strcmp(ls->at[i], "----") != 0; i++)
            continue;
        if (i >= ls->n || strcmp(ls->at[i], "----") != 0)
            continue;
        int rows_shaped = 1, results = 0;
        for (i++; i < ls->n && !is_blank(ls->at[i]); i++) {
            if (is_hash_line(ls->at[i]))
                return LW_SLT_CANONICAL;
            results++;
            rows_shaped &= count_char(ls->at[i], '|') >= columns - 1;
        }
        if (shape < 0 && columns >= 2 && results > 0)
            shape = rows_shaped ? LW_SLT_LIKEWISE : LW_SLT_CANONICAL;
    }
    if (likewise_engine)
        return LW_SLT_LIKEWISE;
    if (sqlite_engine)
        return LW_SLT_CANONICAL;
    return shape >= 0 ? (lw_slt_format)shape : LW_SLT_LIKEWISE;
}

lw_slt_format lw_slt_detect(const char *text, size_t len)
{
    lines ls;
    lines_split(&ls, text, len);
    lw_slt_format f = detect_lines(&ls);
    lines_free(&ls);
    return f;
}

const char *lw_slt_engine(const char *dialect)
{
    if (!dialect)
        return "sqlite";
    if (!strcmp(dialect, "mariadb"))
        return "mysql";
    return dialect;
}

/* ---- One file's run -------------------------------------------------------------------- */

/* A label and the hash of the first result that carried it (SQLite's format). */
typedef struct label {
    char *name;
    char hash[33];
} label;

typedef struct run {
    lw_conn *db;
    const char *name;
    FILE *log;
    lw_slt_format format;
    const char *engine;
    int hash_threshold;
    lines ls;
    label *labels;
    size_t n_labels;
    lw_slt_counts counts;
    char *step_error; /* the error that ended the current query's rows (SQLite's format) */
} run;

/* The next line at or after i that belongs to a record: SQLite's format skips comment
 * lines inside records, as its reference runner does. */
static size_t skip_comments(const run *r, size_t i)
{
    if (r->format == LW_SLT_CANONICAL)
        while (i < r->ls.n && r->ls.at[i][0] == '#')
            i++;
    return i;
}

/* "SQLSTATE: message" of the connection's last error (malloc'ed). */
static char *error_text(lw_conn *conn)
{
    const lw_error *e = lw_last_error(conn);
    sbuf b = {0};
    sbuf_adds(&b, lw_error_sqlstate(e));
    sbuf_adds(&b, ": ");
    sbuf_adds(&b, lw_error_message(e));
    return b.s;
}

/* "ERRNO (SQLSTATE): message" of the connection's last error (malloc'ed), the form
 * the mariadb client prints without "ERROR " and " at line N", in which the patterns
 * of sql_tests/mysql are written (tests/differential/mysql searches the same text on
 * MariaDB); NULL when the error has no MySQL errno. */
static char *mysql_error_text(lw_conn *conn)
{
    const lw_error *e = lw_last_error(conn);
    if (lw_error_mysql_errno(e) == 0)
        return NULL;
    char head[64];
    snprintf(head, sizeof head, "%d (%s): ", lw_error_mysql_errno(e), lw_error_sqlstate(e));
    sbuf b = {0};
    sbuf_adds(&b, head);
    sbuf_adds(&b, lw_error_message(e));
    return b.s;
}

/* Appends the lines of a printed row (likewise's format) to rows and frees it: a value
 * with line breaks (SHOW CREATE TABLE's text) spans several lines of the expected
 * result, as the differential runners print it. SQLite's format never needs this: it
 * prints every byte below ' ' as '@'. */
static void push_lines(strlist *rows, char *row)
{
    char *line = row;
    for (char *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
        *nl = 0;
        strlist_push(rows, xstrdup(line));
    }
    strlist_push(rows, xstrdup(line));
    free(row);
}

/* A value as likewise's format prints it. */
static void format_likewise(sbuf *out, lw_rows *rows, int col, char type)
{
    if (lw_column_is_null(rows, col)) {
        sbuf_adds(out, "NULL");
        return;
    }
    if (type == 'R') {
        char buf[64];
        snprintf(buf, sizeof buf, "%.3f", lw_column_double(rows, col));
        sbuf_adds(out, buf);
        return;
    }
    const char *text = lw_column_display(rows, col);
    sbuf_adds(out, text && *text ? text : "(empty)");
}

/*
 * An R value as SQLite's reference runner prints it (malloc'ed): "%.3f" through SQLite's
 * printf, which rounds halves up where the C library rounds to even (0.0625 is 0.063),
 * and which gives at most 16 significant digits, the rest of the integer part as zeros:
 * the corpus expects -9223372036854776000.000 for -2^63. SQLite's printf changed how it
 * fills those digits across versions (3.40 truncates to ...775000.000, 3.43 prints all
 * 19), so values of 1e16 and more are written here from the correctly rounded 16
 * digits, as the corpus was generated.
 */
static char *format_real(double v)
{
    char buf[400];
    if (isfinite(v) && fabs(v) >= 1e16) {
        char e[40];
        snprintf(e, sizeof e, "%.15e", v); /* "-9.223372036854776e+18" */
        const char *p = e;
        size_t n = 0;
        if (*p == '-')
            buf[n++] = *p++;
        int exponent = atoi(strchr(p, 'e') + 1);
        for (int i = 0; i <= exponent; i++) {
            char digit = '0';
            if (i == 0)
                digit = p[0];
            else if (i <= 15)
                digit = p[i + 1]; /* past the '.' */
            buf[n++] = digit;
        }
        memcpy(buf + n, ".000", 5);
        return xstrdup(buf);
    }
    sqlite3_snprintf((int)sizeof buf, buf, "%.3f", v);
    return xstrdup(buf);
}

/* A value as SQLite's reference runner prints it (malloc'ed). */
static char *format_canonical(lw_rows *rows, int col, char type)
{
    char buf[64];
    if (lw_column_is_null(rows, col))
        return xstrdup("NULL");
    if (type == 'I') {
        snprintf(buf, sizeof buf, "%lld", (long long)lw_column_int64(rows, col));
        return xstrdup(buf);
    }
    if (type == 'R')
        return format_real(lw_column_double(rows, col));
    const char *text = lw_column_display(rows, col);
    char *v = xstrdup(text && *text ? text : "(empty)");
    for (unsigned char *p = (unsigned char *)v; *p; p++)
        if (*p < ' ' || *p > '~')
            *p = '@';
    return v;
}

/* Runs a query record: its values (SQLite's format) or rows (likewise's) appended to
 * out. Returns NULL, or why the record failed (malloc'ed). In SQLite's format an error
 * while stepping ends the result without failing the record, as in the reference runner
 * (its loop steps while there are rows); the corpus relies on it: SQLite's sum()
 * overflow in evidence/slt_lang_aggfunc.test expects an empty result. An error before
 * the first step (parse, translation, prepare) fails the record in both formats. */
static char *run_query(run *r, const char *sql, const char *types, strlist *out)
{
    lw_rows *rows = NULL;
    if (lw_query(r->db, sql, NULL, 0, &rows)) {
        char *err = error_text(r->db), *why = NULL;
        size_t n = strlen(err) + 32;
        why = xrealloc(NULL, n);
        snprintf(why, n, "query failed: %s", err);
        free(err);
        return why;
    }
    int ncol = lw_column_count(rows), ntypes = (int)strlen(types), rc = 0, mismatch = 0;
    if (r->format == LW_SLT_CANONICAL && ncol != ntypes)
        mismatch = 1;
    while (!mismatch && (rc = lw_rows_next(rows)) == LW_ROW) {
        if (ncol != ntypes) {
            mismatch = 1;
            break;
        }
        if (r->format == LW_SLT_CANONICAL) {
            for (int c = 0; c < ncol; c++)
                strlist_push(out, format_canonical(rows, c, types[c]));
            continue;
        }
        sbuf row = {0};
        sbuf_adds(&row, "");
        for (int c = 0; c < ncol; c++) {
            if (c)
                sbuf_adds(&row, "|");
            format_likewise(&row, rows, c, types[c]);
        }
        push_lines(out, row.s);
    }
    char *why = NULL;
    if (mismatch) {
        char buf[512];
        snprintf(buf, sizeof buf, "query returned %d columns, TYPES '%s' says %d", ncol, types,
                 ntypes);
        why = xstrdup(buf);
    } else if (rc < 0 && r->format == LW_SLT_LIKEWISE) {
        char *err = error_text(r->db);
        size_t n = strlen(err) + 32;
        why = xrealloc(NULL, n);
        snprintf(why, n, "query failed: %s", err);
        free(err);
    } else if (rc < 0) {
        /* Kept to explain a wrong result. */
        r->step_error = error_text(r->db);
    }
    lw_rows_close(rows);
    return why;
}

/* Splits every row into its '|'-separated values, for likewise's valuesort. */
static void explode_values(strlist *rows)
{
    strlist values = {0};
    for (size_t i = 0; i < rows->len; i++) {
        char *save = NULL;
        for (char *tok = strtok_r(rows->items[i], "|", &save); tok;
             tok = strtok_r(NULL, "|", &save))
            strlist_push(&values, xstrdup(tok));
    }
    strlist_free(rows);
    *rows = values;
}

static void sort_strings(strlist *l)
{
    if (l->len > 1)
        qsort(l->items, l->len, sizeof *l->items, cmp_str);
}

/* A row of SQLite's format: its first value and the column count, for sorting. */
typedef struct row_ref {
    char **values;
    size_t columns;
} row_ref;

static int cmp_row(const void *a, const void *b)
{
    const row_ref *x = a, *y = b;
    for (size_t i = 0; i < x->columns; i++) {
        int c = strcmp(x->values[i], y->values[i]);
        if (c)
            return c;
    }
    return 0;
}

/* Sorts values in rows of `columns` values (SQLite's rowsort); a count that is not a
 * multiple of columns is left as it is (it cannot match a real result anyway). */
static void sort_rows(strlist *values, size_t columns)
{
    if (!columns || values->len % columns || values->len <= columns)
        return;
    size_t n = values->len / columns;
    row_ref *refs = xrealloc(NULL, n * sizeof *refs);
    for (size_t i = 0; i < n; i++)
        refs[i] = (row_ref){values->items + i * columns, columns};
    qsort(refs, n, sizeof *refs, cmp_row);
    char **sorted = xrealloc(NULL, values->len * sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        memcpy(sorted + i * columns, refs[i].values, columns * sizeof *sorted);
    memcpy(values->items, sorted, values->len * sizeof *sorted);
    free(sorted);
    free(refs);
}

/* The line "N values hashing to H" of values, into out. MD5 comes from Nettle, which
 * the extension already links for Django's digests (ext/django). */
static void hash_values(const strlist *values, char *out, size_t cap)
{
    struct md5_ctx m;
    md5_init(&m);
    for (size_t i = 0; i < values->len; i++) {
        md5_update(&m, strlen(values->items[i]), (const uint8_t *)values->items[i]);
        md5_update(&m, 1, (const uint8_t *)"\n");
    }
    uint8_t digest[MD5_DIGEST_SIZE];
    md5_digest(&m, sizeof digest, digest);
    char hex[2 * MD5_DIGEST_SIZE + 1];
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    snprintf(out, cap, "%zu values hashing to %s", values->len, hex);
}

static void report_list(const run *r, const char *title, const strlist *l, int hashed)
{
    fprintf(r->log, "  %s:\n", title);
    if (hashed) {
        char line[128];
        hash_values(l, line, sizeof line);
        fprintf(r->log, "    %s\n", line);
        return;
    }
    for (size_t i = 0; i < l->len && i < REPORT_MAX_LINES; i++)
        fprintf(r->log, "    %s\n", l->items[i]);
    if (l->len > REPORT_MAX_LINES)
        fprintf(r->log, "    ... %zu more\n", l->len - REPORT_MAX_LINES);
}

static void report_failure(const run *r, size_t line, const char *sql, const char *why,
                           const strlist *expected, const strlist *actual)
{
    if (!r->log)
        return;
    fprintf(r->log, "FAIL %s:%zu: %s\n  SQL: %s\n", r->name, line + 1, why, sql);
    if (expected)
        report_list(r, "expected", expected, 0);
    if (actual) {
        int hashed = r->format == LW_SLT_CANONICAL && r->hash_threshold > 0 &&
                     actual->len > (size_t)r->hash_threshold;
        report_list(r, "actual", actual, hashed);
        if (r->step_error)
            fprintf(r->log, "  (the rows ended with an error: %s)\n", r->step_error);
    }
}

/* Checks a label's hash against the first result that carried the label; records it
 * when it is new. Returns 1 when they agree. */
static int check_label(run *r, const char *name, const char *hash_line)
{
    const char *hash = strrchr(hash_line, ' ') + 1;
    for (size_t i = 0; i < r->n_labels; i++)
        if (!strcmp(r->labels[i].name, name))
            return strcmp(r->labels[i].hash, hash) == 0;
    r->labels = xrealloc(r->labels, (r->n_labels + 1) * sizeof *r->labels);
    r->labels[r->n_labels].name = xstrdup(name);
    snprintf(r->labels[r->n_labels].hash, sizeof r->labels[0].hash, "%s", hash);
    r->n_labels++;
    return 1;
}

/* Compares a query's results with the record's; returns 1 when they agree. */
static int check_query(run *r, size_t line, const char *sql, const words *t, strlist *expected,
                       strlist *actual)
{
    const char *types = t->w[1], *sort = t->w[2], *label_name = t->w[3];
    int valuesort = !strcmp(sort, "valuesort"), rowsort = !strcmp(sort, "rowsort");
    if (!valuesort && !rowsort && sort[0] && strcmp(sort, "nosort") != 0) {
        report_failure(r, line, sql, "unknown sort mode", NULL, NULL);
        return 0;
    }
    if (r->format == LW_SLT_LIKEWISE) {
        if (valuesort) {
            explode_values(actual);
            explode_values(expected);
        }
        if (valuesort || rowsort) {
            sort_strings(actual);
            sort_strings(expected);
        }
    } else {
        size_t columns = valuesort ? 1 : strlen(types);
        if (valuesort || rowsort) {
            sort_rows(actual, columns);
            if (!(expected->len == 1 && is_hash_line(expected->items[0])))
                sort_rows(expected, columns);
        }
        char hash[128];
        hash_values(actual, hash, sizeof hash);
        if (label_name[0] && !check_label(r, label_name, hash)) {
            char why[512];
            snprintf(why, sizeof why, "labeled result [%s] does not agree with previous values",
                     label_name);
            report_failure(r, line, sql, why, NULL, actual);
            return 0;
        }
        if (expected->len == 1 && is_hash_line(expected->items[0])) {
            if (strcmp(expected->items[0], hash) != 0) {
                report_failure(r, line, sql, "wrong result hash", expected, actual);
                return 0;
            }
            return 1;
        }
    }
    int same = actual->len == expected->len;
    for (size_t k = 0; same && k < actual->len; k++)
        same = strcmp(actual->items[k], expected->items[k]) == 0;
    if (!same)
        report_failure(r, line, sql, "wrong result", expected, actual);
    return same;
}

/* Runs a statement record; returns 1 when it behaved as the record says. */
static int check_statement(run *r, size_t line, const char *header, const char *sql)
{
    words t;
    split_words(header, &t);
    int want_error = !strcmp(t.w[1], "error");
    if (!want_error && strcmp(t.w[1], "ok") != 0) {
        report_failure(r, line, sql, "statement wants 'ok' or 'error'", NULL, NULL);
        return 0;
    }
    char *err = lw_exec(r->db, sql, NULL, 0) ? error_text(r->db) : NULL;
    int ok = 1;
    if (!want_error && err) {
        size_t n = strlen(err) + 64;
        char *why = xrealloc(NULL, n);
        snprintf(why, n, "expected success, got error: %s", err);
        report_failure(r, line, sql, why, NULL, NULL);
        free(why);
        ok = 0;
    } else if (want_error && !err) {
        report_failure(r, line, sql, "expected an error, got success", NULL, NULL);
        ok = 0;
    } else if (want_error) {
        /* The pattern is everything after "statement error "; it may name the message,
         * the SQLSTATE or, in the MySQL form, the errno (the connection still holds the
         * error). */
        const char *pattern = strstr(header, "error") + strlen("error");
        pattern += strspn(pattern, " \t");
        regex_t re;
        if (*pattern && regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
            report_failure(r, line, sql, "invalid error pattern", NULL, NULL);
            ok = 0;
        } else if (*pattern) {
            const char *message = strstr(err, ": ") ? strstr(err, ": ") + 2 : err;
            char *mysql_err = mysql_error_text(r->db);
            int matched = regexec(&re, message, 0, NULL, 0) == 0 ||
                          regexec(&re, err, 0, NULL, 0) == 0 ||
                          (mysql_err && regexec(&re, mysql_err, 0, NULL, 0) == 0);
            if (!matched) {
                size_t n = strlen(err) + (mysql_err ? strlen(mysql_err) : 0) + strlen(pattern) + 64;
                char *why = xrealloc(NULL, n);
                snprintf(why, n, "error '%s'%s%s%s does not match /%s/", err,
                         mysql_err ? " or '" : "", mysql_err ? mysql_err : "", mysql_err ? "'" : "",
                         pattern);
                report_failure(r, line, sql, why, NULL, NULL);
                free(why);
                ok = 0;
            }
            free(mysql_err);
            regfree(&re);
        }
    }
    free(err);
    return ok;
}

/* The type letters SQLite's format allows. */
static int valid_types(const char *types)
{
    if (!*types)
        return 0;
    for (; *types; types++)
        if (*types != 'T' && *types != 'I' && *types != 'R')
            return 0;
    return 1;
}

static void run_records(run *r)
{
    size_t i = 0, n = r->ls.n;
    char **L = r->ls.at;
    int skip = 0;
    while (i < n) {
        const char *line = L[i];
        if (is_blank(line) || line[0] == '#') {
            i++;
            continue;
        }
        words t;
        split_words(line, &t);
        if (!strcmp(t.w[0], "onlyif") || !strcmp(t.w[0], "skipif")) {
            int match = strcasecmp(t.w[1], r->engine) == 0;
            skip |= t.w[0][0] == 'o' ? !match : match;
            i++;
            continue;
        }
        if (!strcmp(t.w[0], "halt")) {
            if (!skip)
                break;
            r->counts.skipped++;
            skip = 0;
            i++;
            continue;
        }
        if (!strcmp(t.w[0], "hash-threshold")) {
            r->hash_threshold = atoi(t.w[1]);
            i++;
            continue;
        }
        size_t record_line = i;
        int is_statement = !strcmp(t.w[0], "statement");
        int is_query = !strcmp(t.w[0], "query");
        if (!is_statement && !is_query) {
            report_failure(r, i, "", "unknown record type", NULL, NULL);
            r->counts.failed++;
            while (i < n && !is_blank(L[i]))
                i++;
            skip = 0;
            continue;
        }
        /* The SQL runs to a blank line, or to "----" in a query. */
        sbuf sql = {0};
        sbuf_adds(&sql, "");
        for (i = skip_comments(r, i + 1); i < n && !is_blank(L[i]) && strcmp(L[i], "----") != 0;
             i = skip_comments(r, i + 1)) {
            if (sql.len)
                sbuf_adds(&sql, "\n");
            sbuf_adds(&sql, L[i]);
        }
        strlist expected = {0}, actual = {0};
        if (i < n && !strcmp(L[i], "----"))
            for (i = skip_comments(r, i + 1); i < n && !is_blank(L[i]); i = skip_comments(r, i + 1))
                strlist_push(&expected, xstrdup(L[i]));
        int ok;
        if (skip) {
            r->counts.skipped++;
            skip = 0;
            goto next;
        }
        if (is_statement) {
            ok = check_statement(r, record_line, line, sql.s);
        } else if (r->format == LW_SLT_CANONICAL && !valid_types(t.w[1])) {
            report_failure(r, record_line, sql.s, "TYPES must be letters T, I and R", NULL, NULL);
            ok = 0;
        } else {
            char *why = run_query(r, sql.s, t.w[1], &actual);
            if (why) {
                report_failure(r, record_line, sql.s, why, &expected, NULL);
                free(why);
                ok = 0;
            } else {
                ok = check_query(r, record_line, sql.s, &t, &expected, &actual);
            }
        }
        if (ok)
            r->counts.passed++;
        else
            r->counts.failed++;
    next:
        free(r->step_error);
        r->step_error = NULL;
        free(sql.s);
        strlist_free(&expected);
        strlist_free(&actual);
    }
}

lw_slt_format lw_slt_run_text(lw_conn *conn, const char *name, const char *text, size_t len,
                              FILE *log, lw_slt_counts *counts)
{
    run r = {0};
    r.db = conn;
    r.name = name;
    r.log = log;
    r.hash_threshold = DEFAULT_HASH_THRESHOLD;
    lines_split(&r.ls, text, len);
    r.format = detect_lines(&r.ls);
    /* A server connection is the server's engine in either format. */
    int embedded = strcmp(lw_conn_backend(conn), "sqlite") == 0;
    r.engine = r.format == LW_SLT_CANONICAL || !embedded ? lw_slt_engine(lw_conn_dialect(conn))
                                                         : "likewise";
    run_records(&r);
    counts->passed += r.counts.passed;
    counts->failed += r.counts.failed;
    counts->skipped += r.counts.skipped;
    for (size_t i = 0; i < r.n_labels; i++)
        free(r.labels[i].name);
    free(r.labels);
    lines_free(&r.ls);
    return r.format;
}

/* Reads a whole file (malloc'ed, NUL-terminated); NULL when it cannot be read. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0, got;
    char *buf = xrealloc(NULL, cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

int lw_slt_run(const char *url, int n_files, char **files)
{
    lw_slt_counts total = {0};
    for (int a = 0; a < n_files; a++) {
        size_t len = 0;
        char *text = read_file(files[a], &len);
        if (!text) {
            fprintf(stderr, "slt: cannot open %s\n", files[a]);
            total.failed++;
            continue;
        }
        lw_conn *db = NULL;
        lw_error *open_err = NULL;
        if (lw_open(url, &db, &open_err) != 0) {
            fprintf(stderr, "slt: cannot open %s: %s\n", url, lw_error_message(open_err));
            lw_error_free(open_err);
            free(text);
            exit(2);
        }
        lw_slt_counts file = {0};
        lw_slt_format format = lw_slt_run_text(db, files[a], text, len, stderr, &file);
        fflush(stderr);
        printf("%s: %d passed, %d failed, %d skipped", files[a], file.passed, file.failed,
               file.skipped);
        if (format == LW_SLT_CANONICAL)
            printf(" (SQLite's format, engine %s)", lw_slt_engine(lw_conn_dialect(db)));
        putchar('\n');
        lw_close(db);
        free(text);
        total.passed += file.passed;
        total.failed += file.failed;
        total.skipped += file.skipped;
    }
    printf("%d passed, %d failed\n", total.passed, total.failed);
    return total.failed ? 1 : 0;
}
