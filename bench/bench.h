/*
 * Shared timing helpers for the benchmarks under bench/<question>/bench.c.
 *
 * Every benchmark measures a baseline and likewise in the same process, on the same
 * data, alternating them over several rounds after a warm-up, and reports the
 * median of each and their ratio. The machines are shared and noisy, so only the
 * ratio means something; absolute times are printed for context. Benchmarks are
 * never part of make test.
 */
#ifndef LW_BENCH_H
#define LW_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>
#include "likewise_ext.h"

#ifndef BENCH_ROUNDS
#define BENCH_ROUNDS 5
#endif

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline void bench_die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}

/* Opens an in-memory database with likewise registered. */
static inline sqlite3 *bench_open(void)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        bench_die(db, "open");
    if (sqlite3_likewise_init(db, &err, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench: likewise: %s\n", err ? err : "?");
        exit(1);
    }
    return db;
}

static inline void bench_exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench: %s\n  SQL: %s\n", err ? err : "?", sql);
        exit(1);
    }
}

/* Runs sql to completion once (every row stepped) and returns the seconds taken. */
static inline double bench_query_once(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    double t0 = bench_now();
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        bench_die(db, sql);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    if (rc != SQLITE_DONE)
        bench_die(db, sql);
    sqlite3_finalize(stmt);
    return bench_now() - t0;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (v is sorted in place). */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], bench_cmp_double);
    return v[n / 2];
}

/*
 * Times baseline_sql on baseline_db and ours_sql on ours_db: one warm-up each, then
 * BENCH_ROUNDS alternating runs; prints one line with both medians, the ratio
 * ours/baseline and whether it meets target (ratio <= target). Returns the ratio.
 * Two connections serve a baseline that cannot run beside the extension (SQLite's own
 * like() or lower(), which likewise replaces); most benchmarks pass one for both.
 */
static inline double bench_compare_on(sqlite3 *baseline_db, sqlite3 *ours_db, const char *name,
                                      const char *baseline_sql, const char *ours_sql, double target)
{
    double base[BENCH_ROUNDS], ours[BENCH_ROUNDS];
    bench_query_once(baseline_db, baseline_sql);
    bench_query_once(ours_db, ours_sql);
    for (int r = 0; r < BENCH_ROUNDS; r++) {
        base[r] = bench_query_once(baseline_db, baseline_sql);
        ours[r] = bench_query_once(ours_db, ours_sql);
    }
    double b = bench_median(base, BENCH_ROUNDS), o = bench_median(ours, BENCH_ROUNDS),
           ratio = o / b;
    printf("%-52s baseline %8.1f ms  likewise %8.1f ms  ratio %5.2fx  (target <= %.2fx) %s\n", name,
           b * 1e3, o * 1e3, ratio, target, ratio <= target ? "MET" : "MISSED");
    fflush(stdout);
    return ratio;
}

/* bench_compare_on with both queries on the one connection db. */
static inline double bench_compare(sqlite3 *db, const char *name, const char *baseline_sql,
                                   const char *ours_sql, double target)
{
    return bench_compare_on(db, db, name, baseline_sql, ours_sql, target);
}

#endif
