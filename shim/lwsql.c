/*
 * lwsql: run SQL through the likewise shim.
 *
 *   lwsql URL -c "SQL"     run SQL (one or more statements)
 *   lwsql URL -f FILE      run a file of SQL
 *   lwsql URL              read SQL from standard input
 *   lwsql URL --slt FILE   run a sqllogictest file, print "N passed, N failed"
 *
 * Rows go to standard output as psql -XAt prints them: one line per row, fields
 * joined by '|', NULL as an empty string, values as the dialect's client shows them.
 * Errors go to standard error as "ERROR <SQLSTATE>: <message>"; like
 * psql -v ON_ERROR_STOP=1, lwsql stops at the first error and exits with status 1.
 * Warnings found when connecting (indexes to rebuild) print as "WARNING: ...".
 * Exit status 2: usage errors or an unreadable file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/dialect.h"
#include "core/lexer.h"
#include "likewise.h"
#include "slt.h"

static int usage(void)
{
    fputs("usage: lwsql URL [-c SQL | -f FILE | --slt FILE...]\n"
          "  URL: sqlite::memory: | sqlite:///relative.db | sqlite:////absolute.db\n"
          "       [?dialect=sqlite|postgresql|mysql|mariadb|oracle&timeout=MS&...]\n"
          "     | postgresql://[user[:password]@][host][:port][/dbname][?params]\n"
          "     | mysql:// or mariadb://[user[:password]@][host][:port][/database]"
          "[?socket=PATH&...]\n",
          stderr);
    return 2;
}

static char *read_all(FILE *f)
{
    size_t len = 0, cap = 65536;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    buf[len] = 0;
    return buf;
}

static int report(const lw_error *e)
{
    fflush(stdout);
    fprintf(stderr, "ERROR %s: %s\n", lw_error_sqlstate(e), lw_error_message(e));
    return 1;
}

static int print_rows(lw_conn *conn, const char *sql)
{
    lw_rows *rows = NULL;
    if (lw_query(conn, sql, NULL, 0, &rows) != 0)
        return report(lw_last_error(conn));
    int ncol = lw_column_count(rows), rc;
    while ((rc = lw_rows_next(rows)) == LW_ROW) {
        for (int c = 0; c < ncol; c++) {
            const char *v = lw_column_display(rows, c);
            if (c)
                fputc('|', stdout);
            if (v)
                fputs(v, stdout);
        }
        fputc('\n', stdout);
    }
    lw_rows_close(rows);
    return rc < 0 ? report(lw_last_error(conn)) : 0;
}

/* Splits the script into statements with the dialect's lexer and runs them in order,
 * printing each one's rows; stops at the first error. */
static int run_script(lw_conn *conn, const char *text)
{
    const lw_dialect *d = lw_dialect_find(lw_conn_dialect(conn), strlen(lw_conn_dialect(conn)));
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    size_t len = strlen(text);
    int rc = lw_lex(text, len, d ? d->lex_flags : 0, &toks, &lerr);
    if (rc) {
        fflush(stdout);
        if (rc == -2)
            fprintf(stderr, "ERROR 53200: out of memory\n");
        else
            fprintf(stderr, "ERROR 42601: %s at character %zu\n", lerr.message, lerr.offset + 1);
        lw_tokens_free(&toks);
        return 1;
    }
    rc = 0;
    for (size_t start = 0; start < toks.len && rc == 0;) {
        size_t end = lw_statement_end(text, toks.items, toks.len, start);
        size_t first = lw_tokens_skip_blank(toks.items, end, start);
        if (first < end) {
            size_t from = toks.items[start].offset;
            size_t to = end < toks.len ? toks.items[end].offset : len;
            char *stmt = malloc(to - from + 1);
            if (!stmt) {
                fprintf(stderr, "ERROR 53200: out of memory\n");
                rc = 1;
                break;
            }
            memcpy(stmt, text + from, to - from);
            stmt[to - from] = 0;
            rc = print_rows(conn, stmt);
            free(stmt);
        }
        start = end + 1;
    }
    lw_tokens_free(&toks);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return usage();
    const char *url = argv[1];
    if (argc >= 4 && strcmp(argv[2], "--slt") == 0)
        return lw_slt_run(url, argc - 3, argv + 3);
    char *text = NULL;
    if (argc == 4 && strcmp(argv[2], "-c") == 0) {
        text = strdup(argv[3]);
    } else if (argc == 4 && strcmp(argv[2], "-f") == 0) {
        FILE *f = fopen(argv[3], "rb");
        if (!f) {
            fprintf(stderr, "lwsql: cannot open %s\n", argv[3]);
            return 2;
        }
        text = read_all(f);
        fclose(f);
    } else if (argc == 2) {
        text = read_all(stdin);
    } else {
        return usage();
    }
    if (!text) {
        fputs("lwsql: out of memory\n", stderr);
        return 2;
    }
    lw_conn *conn = NULL;
    lw_error *err = NULL;
    if (lw_open(url, &conn, &err) != 0) {
        int status = report(err);
        lw_error_free(err);
        free(text);
        return status;
    }
    for (int i = 0; i < lw_warning_count(conn); i++)
        fprintf(stderr, "WARNING: %s\n", lw_warning(conn, i));
    int status = run_script(conn, text);
    free(text);
    lw_close(conn);
    fflush(stdout);
    return status;
}
