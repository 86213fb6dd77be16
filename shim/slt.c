/*
 * The sqllogictest runner, shared by build/slt (tools/slt.c) and lwsql --slt: both run
 * files through the shim, so a file means the same in both.
 *
 * The format (one record per blank-line separated block; '#' starts a comment line):
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
 *   expected rows, one per line, fields joined by '|'; a value's line breaks
 *   continue its row on the next line
 *
 *   onlyif ENGINE / skipif ENGINE before a record limit it to (or skip it on) an
 *   engine: this runner is "likewise"; the differential runners are "postgresql"
 *   and "mysql". "halt" stops the file; "hash-threshold N" is accepted and ignored.
 *
 * Values print as the connection's dialect displays them (lw_column_display: SQLite's
 * text, psql's with dialect=postgresql), NULL as "NULL", the empty string as
 * "(empty)"; a column whose type letter is R prints with three decimals. TYPES must
 * have one letter (T, I or R) per column. rowsort sorts the printed rows, valuesort
 * every printed value, both byte-wise. Each file runs on its own connection opened
 * from the URL, so files are independent.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "likewise.h"
#include "slt.h"

#define ENGINE "likewise"

/* A growable array of strings; the runner is a test tool, so allocation failure
 * aborts with a message instead of being threaded through every call. */
typedef struct strlist {
    char **items;
    size_t len, cap;
} strlist;

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

/* The lines of one file, without their line terminators. */
typedef struct source {
    const char *path;
    strlist lines;
} source;

static int source_read(source *src, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "slt: cannot open %s\n", path);
        return -1;
    }
    src->path = path;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        strlist_push(&src->lines, xstrdup(line));
    }
    free(line);
    fclose(f);
    return 0;
}

typedef struct counts {
    int passed, failed, skipped;
} counts;

static void format_value(sbuf *out, lw_rows *rows, int col, char type)
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
    if (!text || !*text)
        sbuf_adds(out, "(empty)");
    else
        sbuf_adds(out, text);
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

/* Appends the lines of a printed row to rows and frees it: a value with line breaks
 * (SHOW CREATE TABLE's text) spans several lines of the expected result, as the
 * differential runners print it. */
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

/* Runs sql: a statement record with lw_exec (any number of statements), a query
 * record (types given) with lw_query, its rows appended to rows. Returns NULL on
 * success or the error as "SQLSTATE: message" (malloc'ed). */
static char *run_sql(lw_conn *conn, const char *sql, const char *types, strlist *rows,
                     int *column_mismatch)
{
    if (!types)
        return lw_exec(conn, sql, NULL, 0) ? error_text(conn) : NULL;
    lw_rows *r = NULL;
    if (lw_query(conn, sql, NULL, 0, &r))
        return error_text(conn);
    int ncol = lw_column_count(r), rc;
    while ((rc = lw_rows_next(r)) == LW_ROW) {
        if ((int)strlen(types) != ncol)
            *column_mismatch = ncol;
        sbuf row = {0};
        sbuf_adds(&row, "");
        for (int c = 0; c < ncol; c++) {
            if (c)
                sbuf_adds(&row, "|");
            format_value(&row, r, c, c < (int)strlen(types) ? types[c] : 'T');
        }
        push_lines(rows, row.s);
    }
    char *err = rc < 0 ? error_text(conn) : NULL;
    lw_rows_close(r);
    return err;
}

static void report_failure(const source *src, size_t line, const char *sql, const char *why,
                           const strlist *expected, const strlist *actual)
{
    fprintf(stderr, "FAIL %s:%zu: %s\n  SQL: %s\n", src->path, line + 1, why, sql);
    if (expected) {
        fputs("  expected:\n", stderr);
        for (size_t i = 0; i < expected->len; i++)
            fprintf(stderr, "    %s\n", expected->items[i]);
    }
    if (actual) {
        fputs("  actual:\n", stderr);
        for (size_t i = 0; i < actual->len; i++)
            fprintf(stderr, "    %s\n", actual->items[i]);
    }
}

static int is_blank(const char *s)
{
    return s[strspn(s, " \t")] == 0;
}

/* Splits every row into its '|'-separated values, for valuesort. */
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

static void run_file(const char *url, const char *path, counts *total)
{
    source src = {0};
    counts file = {0};
    if (source_read(&src, path) != 0) {
        total->failed++;
        return;
    }
    lw_conn *db = NULL;
    lw_error *open_err = NULL;
    if (lw_open(url, &db, &open_err) != 0) {
        fprintf(stderr, "slt: cannot open %s: %s\n", url, lw_error_message(open_err));
        lw_error_free(open_err);
        exit(2);
    }
    size_t i = 0, n = src.lines.len;
    char **L = src.lines.items;
    int skip = 0;
    while (i < n) {
        const char *line = L[i];
        if (is_blank(line) || line[0] == '#') {
            i++;
            continue;
        }
        char word[32] = {0}, arg[256] = {0}, arg2[64] = {0};
        sscanf(line, "%31s %255s %63s", word, arg, arg2);
        if (!strcmp(word, "onlyif")) {
            skip |= strcmp(arg, ENGINE) != 0;
            i++;
            continue;
        }
        if (!strcmp(word, "skipif")) {
            skip |= strcmp(arg, ENGINE) == 0;
            i++;
            continue;
        }
        if (!strcmp(word, "halt")) {
            if (!skip)
                break;
            skip = 0;
            i++;
            continue;
        }
        if (!strcmp(word, "hash-threshold")) {
            i++;
            continue;
        }
        size_t record_line = i;
        int is_statement = !strcmp(word, "statement");
        int is_query = !strcmp(word, "query");
        if (!is_statement && !is_query) {
            report_failure(&src, i, "", "unknown record type", NULL, NULL);
            file.failed++;
            while (i < n && !is_blank(L[i]))
                i++;
            continue;
        }
        /* The SQL runs to a blank line, or to "----" in a query. */
        sbuf sql = {0};
        sbuf_adds(&sql, "");
        for (i++; i < n && !is_blank(L[i]) && strcmp(L[i], "----") != 0; i++) {
            if (sql.len)
                sbuf_adds(&sql, "\n");
            sbuf_adds(&sql, L[i]);
        }
        strlist expected = {0};
        if (i < n && !strcmp(L[i], "----"))
            for (i++; i < n && !is_blank(L[i]); i++)
                strlist_push(&expected, xstrdup(L[i]));
        if (skip) {
            skip = 0;
            file.skipped++;
            free(sql.s);
            strlist_free(&expected);
            continue;
        }
        strlist actual = {0};
        int column_mismatch = -1;
        char *err = run_sql(db, sql.s, is_query ? arg : NULL, &actual, &column_mismatch);
        int ok = 1;
        if (is_statement && !strcmp(arg, "ok")) {
            if (err) {
                char why[1024];
                snprintf(why, sizeof why, "expected success, got error: %s", err);
                report_failure(&src, record_line, sql.s, why, NULL, NULL);
                ok = 0;
            }
        } else if (is_statement && !strcmp(arg, "error")) {
            /* The pattern is everything after "statement error ". */
            const char *pattern = line + strlen("statement error");
            pattern += strspn(pattern, " \t");
            if (!err) {
                report_failure(&src, record_line, sql.s, "expected an error, got success", NULL,
                               NULL);
                ok = 0;
            } else if (*pattern) {
                regex_t re;
                if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
                    report_failure(&src, record_line, sql.s, "invalid error pattern", NULL, NULL);
                    ok = 0;
                } else {
                    /* The pattern may name the message, the SQLSTATE or, in the
                     * MySQL form, the errno; the connection still holds the error
                     * run_sql reported. */
                    char *mysql_err = mysql_error_text(db);
                    int matched = regexec(&re, err + 7, 0, NULL, 0) == 0 ||
                                  regexec(&re, err, 0, NULL, 0) == 0 ||
                                  (mysql_err && regexec(&re, mysql_err, 0, NULL, 0) == 0);
                    if (!matched) {
                        char why[2048];
                        snprintf(why, sizeof why, "error '%s'%s%s%s does not match /%s/", err,
                                 mysql_err ? " or '" : "", mysql_err ? mysql_err : "",
                                 mysql_err ? "'" : "", pattern);
                        report_failure(&src, record_line, sql.s, why, NULL, NULL);
                        ok = 0;
                    }
                    free(mysql_err);
                    regfree(&re);
                }
            }
        } else if (is_statement) {
            report_failure(&src, record_line, sql.s, "statement wants 'ok' or 'error'", NULL, NULL);
            ok = 0;
        } else if (err) {
            char why[1024];
            snprintf(why, sizeof why, "query failed: %s", err);
            report_failure(&src, record_line, sql.s, why, &expected, NULL);
            ok = 0;
        } else if (column_mismatch >= 0) {
            char why[512];
            snprintf(why, sizeof why, "query returned %d columns, TYPES '%s' says %zu",
                     column_mismatch, arg, strlen(arg));
            report_failure(&src, record_line, sql.s, why, &expected, &actual);
            ok = 0;
        } else {
            if (!strcmp(arg2, "rowsort") || !strcmp(arg2, "valuesort")) {
                if (!strcmp(arg2, "valuesort")) {
                    explode_values(&actual);
                    explode_values(&expected);
                }
                qsort(actual.items, actual.len, sizeof *actual.items, cmp_str);
                qsort(expected.items, expected.len, sizeof *expected.items, cmp_str);
            } else if (arg2[0] && strcmp(arg2, "nosort") != 0) {
                report_failure(&src, record_line, sql.s, "unknown sort mode", NULL, NULL);
                ok = 0;
            }
            int same = ok && actual.len == expected.len;
            for (size_t k = 0; same && k < actual.len; k++)
                same = strcmp(actual.items[k], expected.items[k]) == 0;
            if (ok && !same) {
                report_failure(&src, record_line, sql.s, "wrong result", &expected, &actual);
                ok = 0;
            }
        }
        if (ok)
            file.passed++;
        else
            file.failed++;
        free(err);
        free(sql.s);
        strlist_free(&expected);
        strlist_free(&actual);
    }
    lw_close(db);
    printf("%s: %d passed, %d failed, %d skipped\n", path, file.passed, file.failed, file.skipped);
    total->passed += file.passed;
    total->failed += file.failed;
    total->skipped += file.skipped;
    strlist_free(&src.lines);
}

int lw_slt_run(const char *url, int n_files, char **files)
{
    counts total = {0};
    for (int a = 0; a < n_files; a++)
        run_file(url, files[a], &total);
    printf("%d passed, %d failed\n", total.passed, total.failed);
    return total.failed ? 1 : 0;
}
