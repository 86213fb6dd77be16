/*
 * What does a table rebuild cost? (bench/alter_table/README.md)
 *
 * A table of 100,000 rows with 3 indexes (its primary key and two more) changes a
 * column's type: ALTER TABLE t ALTER COLUMN n TYPE BIGINT through the shim
 * (dialect=postgresql: the rebuild engine, shim/dialect/rebuild.h), against
 *   1. SQLite's own ALTER TABLE ADD COLUMN plus an UPDATE of every row (what a SQLite
 *      user writes instead of changing a type), on the same table;
 *   2. the same rebuild written by hand in SQL: the new table the engine creates, the
 *      same copy (with the same conversion), DROP, RENAME, the indexes again, in one
 *      savepoint; what the engine adds is its checks (views, foreign keys), the
 *      dialect's records and the collation versions.
 * Each run gets a fresh copy of the table (not timed); medians of BENCH_ROUNDS
 * alternating runs; the ratios last.
 */
#define BENCH_ROUNDS 5
#include "bench.h"
#include "likewise.h"

#define ROWS 100000

static lw_conn *fresh(void)
{
    lw_conn *c = NULL;
    lw_error *err = NULL;
    if (lw_open("sqlite::memory:?dialect=postgresql", &c, &err)) {
        fprintf(stderr, "bench: open: %s\n", lw_error_message(err));
        exit(1);
    }
    if (lw_exec(c,
                "CREATE TABLE t (id SERIAL PRIMARY KEY, n INT, label TEXT, amount NUMERIC(12,2))",
                NULL, 0) ||
        lw_exec(c, "CREATE INDEX t_n ON t (n); CREATE INDEX t_label ON t (label)", NULL, 0)) {
        fprintf(stderr, "bench: %s\n", lw_error_message(lw_last_error(c)));
        exit(1);
    }
    char sql[300];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < %d) "
             "INSERT INTO t (id, n, label, amount) SELECT i, i %% 1000, 'label ' || i, "
             "CAST(i AS TEXT) || '.25' FROM r",
             ROWS);
    bench_exec(lw_conn_sqlite(c), sql);
    return c;
}

static double timed_shim(lw_conn *c, const char *sql)
{
    double t0 = bench_now();
    if (lw_exec(c, sql, NULL, 0)) {
        fprintf(stderr, "bench: %s: %s\n", sql, lw_error_message(lw_last_error(c)));
        exit(1);
    }
    return bench_now() - t0;
}

static double timed_sql(sqlite3 *db, const char *sql)
{
    double t0 = bench_now();
    bench_exec(db, sql);
    return bench_now() - t0;
}

/* The rebuild by hand: the new definition the engine writes (taken from a run of the
 * engine), the engine's copy, the indexes again. */
static char *hand_rebuild(void)
{
    lw_conn *c = fresh();
    if (lw_exec(c, "ALTER TABLE t ALTER COLUMN n TYPE BIGINT", NULL, 0))
        exit(1);
    sqlite3_stmt *stmt = NULL;
    sqlite3 *db = lw_conn_sqlite(c);
    if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = 't'", -1, &stmt, NULL) ||
        sqlite3_step(stmt) != SQLITE_ROW)
        bench_die(db, "schema");
    const char *create = (const char *)sqlite3_column_text(stmt, 0);
    /* CREATE TABLE "t" (...) -> CREATE TABLE "t_new" (...) */
    char *sql = sqlite3_mprintf(
        "PRAGMA foreign_keys = OFF; SAVEPOINT hand; CREATE TABLE \"t_new\"%s; "
        "INSERT INTO \"t_new\" (rowid, \"id\", \"n\", \"label\", \"amount\") SELECT rowid, \"id\", "
        "pg_cast((\"n\"), 'int8'), \"label\", \"amount\" FROM t; DROP TABLE t; "
        "ALTER TABLE \"t_new\" RENAME TO t; CREATE INDEX t_n ON t (n); "
        "CREATE INDEX t_label ON t (label); RELEASE hand; PRAGMA foreign_keys = ON",
        strchr(create, '('));
    sqlite3_finalize(stmt);
    lw_close(c);
    return sql;
}

int main(void)
{
    char *hand = hand_rebuild();
    double shim[BENCH_ROUNDS], native[BENCH_ROUNDS], byhand[BENCH_ROUNDS];
    for (int r = -1; r < BENCH_ROUNDS; r++) { /* round -1: the warm-up */
        lw_conn *c = fresh();
        double s = timed_shim(c, "ALTER TABLE t ALTER COLUMN n TYPE BIGINT");
        lw_close(c);
        c = fresh();
        double nat = timed_sql(lw_conn_sqlite(c), "ALTER TABLE t ADD COLUMN n2 BIGINT; "
                                                  "UPDATE t SET n2 = n");
        lw_close(c);
        c = fresh();
        double h = timed_sql(lw_conn_sqlite(c), hand);
        lw_close(c);
        if (r >= 0) {
            shim[r] = s;
            native[r] = nat;
            byhand[r] = h;
        }
    }
    double s = bench_median(shim, BENCH_ROUNDS), n = bench_median(native, BENCH_ROUNDS),
           h = bench_median(byhand, BENCH_ROUNDS);
    printf("ALTER COLUMN n TYPE BIGINT, %d rows, 3 indexes (shim)   %8.1f ms\n", ROWS, s * 1e3);
    printf("ADD COLUMN + UPDATE of every row (SQLite)                %8.1f ms\n", n * 1e3);
    printf("the same rebuild written by hand in SQL                  %8.1f ms\n", h * 1e3);
    printf("ratio shim / ADD COLUMN + UPDATE    %5.2fx\n", s / n);
    printf("ratio shim / rebuild by hand        %5.2fx\n", s / h);
    sqlite3_free(hand);
    return 0;
}
