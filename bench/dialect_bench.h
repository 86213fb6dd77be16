/*
 * What a dialect costs against the sqlite dialect through the shim (bench/pg_dialect,
 * bench/ora_dialect): the first translation of a mix of statements, and a run of work on
 * a connection (lw_open of a URL) measured on sqlite::memory: (the baseline) and
 * sqlite::memory:?dialect=NAME, alternating over BENCH_ROUNDS rounds after one warm-up
 * each; the medians per operation and their ratio are printed, with the target when
 * there is one. Include after bench.h (BENCH_ROUNDS defined first).
 */
#ifndef LW_BENCH_DIALECT_BENCH_H
#define LW_BENCH_DIALECT_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/dialect.h"
#include "likewise.h"

/* Lexes and translates statements[k % n_statements] with d, k < translations: the
 * seconds taken. */
static inline double dialect_bench_translate(const lw_dialect *d, const char *const *statements,
                                             size_t n_statements, int translations)
{
    double t0 = bench_now();
    for (int k = 0; k < translations; k++) {
        const char *sql = statements[(size_t)k % n_statements];
        lw_tokens toks = {0};
        lw_lex_error lerr = {NULL, 0};
        if (lw_lex(sql, strlen(sql), d->lex_flags, &toks, &lerr))
            exit(1);
        lw_sqlbuf out = {0};
        lw_param_map params = {0};
        lw_dialect_error err = {{0}, 0, NULL, 0};
        lw_translation t = {sql, toks.items, toks.len, &out, &params, &err, NULL, NULL, NULL};
        if (d->translate(d, &t)) {
            fprintf(stderr, "bench: %s: %s\n", sql, err.message ? err.message : "?");
            exit(1);
        }
        if (t.stmt_data && d->free_stmt_data)
            d->free_stmt_data(t.stmt_data);
        lw_sqlbuf_free(&out);
        sqlite3_free(params.refs);
        lw_dialect_error_clear(&err);
        lw_tokens_free(&toks);
    }
    return bench_now() - t0;
}

static inline lw_conn *dialect_bench_open(const char *url)
{
    lw_conn *conn = NULL;
    if (lw_open(url, &conn, NULL)) {
        fprintf(stderr, "bench: cannot open %s\n", url);
        exit(1);
    }
    return conn;
}

static inline void dialect_bench_exec(lw_conn *conn, const char *sql, const lw_value *v, int n)
{
    if (lw_exec(conn, sql, v, n)) {
        fprintf(stderr, "bench: %s\n  SQL: %s\n", lw_error_message(lw_last_error(conn)), sql);
        exit(1);
    }
}

/* The shim's INSERT benchmark on conn, whose table t(id, name) exists: rows runs of sql
 * (an INSERT of two parameters) with (i, a short text), in a transaction the benchmark
 * begins with BEGIN when begin (Oracle's begins by itself), then COMMIT: the seconds
 * taken. */
static inline double dialect_bench_inserts(lw_conn *conn, const char *sql, int rows, int begin)
{
    double t0 = bench_now();
    if (begin)
        dialect_bench_exec(conn, "BEGIN", NULL, 0);
    for (int i = 0; i < rows; i++)
        dialect_bench_exec(conn, sql, LW_ARGS(LW_INT(i), LW_TEXT("a name of some length")));
    dialect_bench_exec(conn, "COMMIT", NULL, 0);
    return bench_now() - t0;
}

/* A cached statement: rows runs of sql (a SELECT of one parameter) with 1, the seconds
 * taken. */
static inline double dialect_bench_selects(lw_conn *conn, const char *sql, int rows)
{
    double t0 = bench_now();
    for (int i = 0; i < rows; i++)
        dialect_bench_exec(conn, sql, LW_ARGS(LW_INT(1)));
    return bench_now() - t0;
}

/* One run of the work on a connection to url: the seconds taken. */
typedef double (*dialect_bench_run)(const char *url);

/* Runs fn on the baseline and on the dialect, alternating, and prints one line: name,
 * the medians per `per` operations, the dialect's name (padded to name_width) and the
 * ratio, then the target and whether it was met when target > 0. */
static inline void dialect_bench_compare(const char *name, dialect_bench_run fn, double target,
                                         double per, const char *dialect, int name_width)
{
    double base[BENCH_ROUNDS], ours[BENCH_ROUNDS];
    char url[64];
    snprintf(url, sizeof url, "sqlite::memory:?dialect=%s", dialect);
    fn("sqlite::memory:");
    fn(url);
    for (int r = 0; r < BENCH_ROUNDS; r++) {
        base[r] = fn("sqlite::memory:");
        ours[r] = fn(url);
    }
    double b = bench_median(base, BENCH_ROUNDS), o = bench_median(ours, BENCH_ROUNDS),
           ratio = o / b;
    printf("%-52s sqlite %7.3f us  %-*s %7.3f us  ratio %5.2fx", name, b / per * 1e6, name_width,
           dialect, o / per * 1e6, ratio);
    if (target > 0)
        printf("  (target <= %.2fx) %s", target, ratio <= target ? "MET" : "MISSED");
    printf("\n");
    fflush(stdout);
}

#endif
