/*
 * A query benchmark through the shim (bench/pg_datetime, bench/my_timestamp): a baseline
 * statement and the dialect's, each run with lw_query and every row stepped, alternating
 * over BENCH_ROUNDS rounds after one warm-up each; the medians and their ratio are
 * printed with the target. Include after bench.h (BENCH_ROUNDS defined first).
 */
#ifndef LW_BENCH_SHIM_QUERY_H
#define LW_BENCH_SHIM_QUERY_H

#include <stdio.h>
#include <stdlib.h>

#include "likewise.h"

static void shim_bench_die(lw_conn *conn, const char *what)
{
    fprintf(stderr, "bench: %s: %s\n", what, conn ? lw_error_message(lw_last_error(conn)) : "");
    exit(1);
}

/* Runs sql through the dialect, every row stepped; the seconds taken. */
static double shim_bench_run(lw_conn *conn, const char *sql)
{
    lw_rows *rows = NULL;
    double t0 = bench_now();
    if (lw_query(conn, sql, NULL, 0, &rows))
        shim_bench_die(conn, sql);
    int rc;
    while ((rc = lw_rows_next(rows)) == LW_ROW)
        ;
    if (rc != LW_DONE)
        shim_bench_die(conn, sql);
    lw_rows_close(rows);
    return bench_now() - t0;
}

/* The medians of baseline and ours, printed as one line; returns their ratio. */
static double shim_bench_compare(lw_conn *conn, const char *name, const char *baseline,
                                 const char *ours, double target)
{
    double base[BENCH_ROUNDS], mine[BENCH_ROUNDS];
    shim_bench_run(conn, baseline);
    shim_bench_run(conn, ours);
    for (int r = 0; r < BENCH_ROUNDS; r++) {
        base[r] = shim_bench_run(conn, baseline);
        mine[r] = shim_bench_run(conn, ours);
    }
    double b = bench_median(base, BENCH_ROUNDS), o = bench_median(mine, BENCH_ROUNDS),
           ratio = o / b;
    printf("%-40s baseline %7.1f ms  dialect %7.1f ms  ratio %5.2fx  (target <= %.2fx) %s\n", name,
           b * 1e3, o * 1e3, ratio, target, ratio <= target ? "MET" : "MISSED");
    fflush(stdout);
    return ratio;
}

#endif
