/*
 * shim_workload: one writer process of the read-modify-write workload that the
 * concurrency and fault tests (tests/load/shim-*) and the writers benchmark
 * (bench/shim-writers) run several of at once against one database file.
 *
 *   build/shim_workload MODE PATH N WORKER [HOLD_MS [START_AT]]
 *
 * PATH is a database file, or (MODE shim only) a server URL (postgresql://...,
 * mariadb://...), used as given: the same transactions through the shim's server
 * backend (tests/differential/server-concurrency).
 *
 * Each of the N transactions reads the counter, writes it back plus one and inserts
 * a log row (worker, seq, the counter value it wrote):
 *   MODE shim   through liblikewise_shim: lw_transaction (BEGIN IMMEDIATE, our busy
 *               handler, retried on 40001 until a 30 s deadline)
 *   MODE raw    the raw SQLite C API the way careful code does it without the shim:
 *               sqlite3_busy_timeout(5000) and BEGIN IMMEDIATE, no retry
 *   MODE rawpoll  the same raw statements on the SQLite handle of a connection opened
 *               by lw_open(timeout=5000): the shim's busy handler does the waiting and
 *               nothing else of the shim runs, which separates the busy policy's share
 *               of the latency from the rest of the shim's transaction path
 * HOLD_MS sleeps inside each transaction between the UPDATE and the INSERT (the fault
 * test kills a writer there). START_AT (seconds since the epoch, CLOCK_REALTIME) makes
 * the worker open its connection, then wait until that instant before its first
 * transaction, so that writers started one after another by a script all contend
 * from the first transaction on (the benchmark uses it; without it the first writers
 * run alone for a while, and how long is an accident of process start-up). After every commit the
 * worker prints "committed SEQ MS" (flushed, so a killed worker's output lists exactly what it
 * committed); at the end "errors=E txns=N seconds=S p50_ms=X p99_ms=Y". Exit status 1 when any
 * transaction failed, 2 on usage or setup errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "likewise.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Sleeps until the CLOCK_REALTIME instant at (seconds since the epoch); 0: no wait. */
static void wait_until(double at)
{
    struct timespec ts = {(time_t)at, (long)((at - (double)(time_t)at) * 1e9)};
    if (at > 0)
        while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL) != 0)
            ;
}

typedef struct job {
    int worker, seq, hold_ms;
} job;

static int shim_txn(lw_conn *conn, void *arg)
{
    const job *j = arg;
    lw_rows *rows = NULL;
    int rc = lw_query(conn, "SELECT n FROM counter WHERE id = 1", NULL, 0, &rows);
    if (rc)
        return rc;
    rc = lw_rows_next(rows);
    int64_t n = rc == LW_ROW ? lw_column_int64(rows, 0) : -1;
    lw_rows_close(rows);
    if (rc < 0)
        return rc;
    rc = lw_exec(conn, "UPDATE counter SET n = $1 WHERE id = 1", LW_ARGS(LW_INT(n + 1)));
    if (rc)
        return rc;
    if (j->hold_ms)
        sleep_ms(j->hold_ms);
    return lw_exec(conn, "INSERT INTO log(worker, seq, n) VALUES (:w, :s, :n)",
                   LW_ARGS(LW_NAMED("w", LW_INT(j->worker)), LW_NAMED("s", LW_INT(j->seq)),
                           LW_NAMED("n", LW_INT(n + 1))));
}

/* The raw API: one prepared statement per step, as a careful program would. */
typedef struct raw {
    sqlite3 *db;
    sqlite3_stmt *begin, *select, *update, *insert, *commit, *rollback;
} raw;

static int raw_step(sqlite3_stmt *stmt)
{
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? 0 : rc;
}

static int raw_txn(raw *r, const job *j)
{
    int rc = raw_step(r->begin);
    if (rc)
        return rc;
    int64_t n = -1;
    if ((rc = sqlite3_step(r->select)) == SQLITE_ROW)
        n = sqlite3_column_int64(r->select, 0);
    sqlite3_reset(r->select);
    if (rc != SQLITE_ROW)
        goto fail;
    sqlite3_bind_int64(r->update, 1, n + 1);
    if ((rc = raw_step(r->update)) != 0)
        goto fail;
    if (j->hold_ms)
        sleep_ms(j->hold_ms);
    sqlite3_bind_int(r->insert, 1, j->worker);
    sqlite3_bind_int(r->insert, 2, j->seq);
    sqlite3_bind_int64(r->insert, 3, n + 1);
    if ((rc = raw_step(r->insert)) != 0)
        goto fail;
    if ((rc = raw_step(r->commit)) != 0)
        goto fail;
    return 0;
fail:
    raw_step(r->rollback);
    return rc ? rc : SQLITE_ERROR;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: shim_workload shim|raw|rawpoll PATH N WORKER [HOLD_MS [START_AT]]\n", stderr);
        return 2;
    }
    int shim = strcmp(argv[1], "shim") == 0, rawpoll = strcmp(argv[1], "rawpoll") == 0;
    const char *path = argv[2];
    int n = atoi(argv[3]), worker = atoi(argv[4]), hold = argc > 5 ? atoi(argv[5]) : 0;
    double start_at = argc > 6 ? atof(argv[6]) : 0;
    double *lat = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    if (!lat || n <= 0)
        return 2;
    lw_conn *conn = NULL;
    raw r = {0};
    if (shim || rawpoll) {
        char url[4096];
        if (strstr(path, "://")) {
            if (!shim) {
                fputs("shim_workload: a server URL needs MODE shim\n", stderr);
                return 2;
            }
            snprintf(url, sizeof url, "%s", path);
        } else {
            snprintf(url, sizeof url, "sqlite:///%s?timeout=%d", path, shim ? 30000 : 5000);
        }
        lw_error *err = NULL;
        if (lw_open(url, &conn, &err)) {
            fprintf(stderr, "shim_workload: %s\n", lw_error_message(err));
            lw_error_free(err);
            return 2;
        }
    }
    if (!shim) {
        if (rawpoll) {
            r.db = lw_conn_sqlite(conn); /* WAL and synchronous=NORMAL set by lw_open */
        } else {
            if (sqlite3_open(path, &r.db) != SQLITE_OK)
                return 2;
            sqlite3_busy_timeout(r.db, 5000);
            sqlite3_exec(r.db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL, NULL,
                         NULL);
        }
        if (sqlite3_prepare_v2(r.db, "BEGIN IMMEDIATE", -1, &r.begin, NULL) ||
            sqlite3_prepare_v2(r.db, "SELECT n FROM counter WHERE id = 1", -1, &r.select, NULL) ||
            sqlite3_prepare_v2(r.db, "UPDATE counter SET n = ?1 WHERE id = 1", -1, &r.update,
                               NULL) ||
            sqlite3_prepare_v2(r.db, "INSERT INTO log(worker, seq, n) VALUES (?1, ?2, ?3)", -1,
                               &r.insert, NULL) ||
            sqlite3_prepare_v2(r.db, "COMMIT", -1, &r.commit, NULL) ||
            sqlite3_prepare_v2(r.db, "ROLLBACK", -1, &r.rollback, NULL)) {
            fprintf(stderr, "shim_workload: %s\n", sqlite3_errmsg(r.db));
            return 2;
        }
    }
    wait_until(start_at);
    int errors = 0;
    double start = now();
    for (int i = 0; i < n; i++) {
        job j = {worker, i, hold};
        double t0 = now();
        int rc = shim ? lw_transaction(conn, LW_TXN_DEFAULT, 30000, shim_txn, &j) : raw_txn(&r, &j);
        lat[i] = (now() - t0) * 1e3;
        if (rc) {
            errors++;
            fprintf(stderr, "worker %d txn %d: %s\n", worker, i,
                    shim ? lw_error_message(lw_last_error(conn)) : sqlite3_errmsg(r.db));
        } else {
            printf("committed %d %.3f\n", i, lat[i]);
            fflush(stdout);
        }
    }
    double seconds = now() - start;
    qsort(lat, (size_t)n, sizeof *lat, cmp_double);
    printf("errors=%d txns=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f\n", errors, n, seconds,
           lat[n / 2], lat[(int)(n * 0.99) < n ? (int)(n * 0.99) : n - 1]);
    free(lat);
    if (!shim) {
        sqlite3_stmt *all[] = {r.begin, r.select, r.update, r.insert, r.commit, r.rollback};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            sqlite3_finalize(all[i]);
        if (!rawpoll)
            sqlite3_close(r.db);
    }
    lw_close(conn); /* NULL in raw mode: a no-op */
    return errors ? 1 : 0;
}
