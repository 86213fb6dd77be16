/*
 * Does the shim's statement path (cache lookup, parameter check, binding) cost
 * anything next to a prepared statement on the raw C API?
 *
 * 100,000 single-row INSERTs with two parameters in one transaction into an
 * in-memory table (no I/O, so the per-call overhead is all there is to see):
 *   baseline  sqlite3_prepare_v2 once, then bind/step/reset per row
 *   likewise  lw_exec(conn, "INSERT ... VALUES ($1, $2)", values) per row
 * Target: ratio <= 1.15.
 */
#include "bench.h"
#include "likewise.h"

#define ROWS 100000

static double raw_run(void)
{
    sqlite3 *db = bench_open();
    bench_exec(db, "CREATE TABLE t(id INTEGER, name TEXT)");
    sqlite3_stmt *stmt = NULL;
    double t0 = bench_now();
    bench_exec(db, "BEGIN");
    if (sqlite3_prepare_v2(db, "INSERT INTO t(id, name) VALUES (?1, ?2)", -1, &stmt, NULL))
        bench_die(db, "prepare");
    for (int i = 0; i < ROWS; i++) {
        sqlite3_bind_int64(stmt, 1, i);
        sqlite3_bind_text(stmt, 2, "a name of some length", -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            bench_die(db, "step");
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    bench_exec(db, "COMMIT");
    double t = bench_now() - t0;
    sqlite3_close(db);
    return t;
}

static double shim_run(void)
{
    lw_conn *conn = NULL;
    if (lw_open("sqlite::memory:", &conn, NULL) ||
        lw_exec(conn, "CREATE TABLE t(id INTEGER, name TEXT)", NULL, 0)) {
        fputs("bench: lw_open failed\n", stderr);
        exit(1);
    }
    double t0 = bench_now();
    lw_begin(conn, LW_TXN_DEFAULT);
    for (int i = 0; i < ROWS; i++)
        if (lw_exec(conn, "INSERT INTO t(id, name) VALUES ($1, $2)",
                    LW_ARGS(LW_INT(i), LW_TEXT("a name of some length")))) {
            fprintf(stderr, "bench: %s\n", lw_error_message(lw_last_error(conn)));
            exit(1);
        }
    lw_commit(conn);
    double t = bench_now() - t0;
    lw_close(conn);
    return t;
}

int main(void)
{
    double base[BENCH_ROUNDS], ours[BENCH_ROUNDS];
    raw_run();
    shim_run();
    for (int r = 0; r < BENCH_ROUNDS; r++) {
        base[r] = raw_run();
        ours[r] = shim_run();
    }
    double b = bench_median(base, BENCH_ROUNDS), o = bench_median(ours, BENCH_ROUNDS),
           ratio = o / b;
    printf("%-52s baseline %8.1f ms  likewise %8.1f ms  ratio %5.2fx  (target <= %.2fx) %s\n",
           "100k parameterised INSERTs (raw prepared vs lw_exec)", b * 1e3, o * 1e3, ratio, 1.15,
           ratio <= 1.15 ? "MET" : "MISSED");
    return 0;
}
