/*
 * Does the postgresql dialect's extract() and date_trunc() keep up with SQLite's
 * strftime()?
 *
 * One dialect=postgresql connection holds events(id INT, ts TIMESTAMP) with 1,000,000
 * rows (timestamps spread over 2000-2031, some with fractions of a second). Each
 * question runs two statements through the same connection and lw_query, every row
 * stepped, alternating over BENCH_ROUNDS rounds after a warm-up:
 *
 *   extract(year FROM ts)       against strftime('%Y', ts)
 *   date_trunc('month', ts)     against strftime('%Y-%m-01 00:00:00', ts)
 *
 * strftime() is the baseline a SQLite user has for the same column; it reads the text
 * SQLite's way. For information, what a time zone costs: the same two functions on a
 * TIMESTAMPTZ column with the session in Europe/Berlin (every value is moved to the
 * zone's wall clock, and date_trunc's result back to an instant, through the zone's
 * transitions) against them on the TIMESTAMP column (strftime has no time zones; the
 * "baseline" column of these lines is the TIMESTAMP query). The dialect's functions read
 * PostgreSQL's timestamp text (the column's stored form) and give PostgreSQL's results: extract a
 * numeric, date_trunc a timestamp. Target: each ratio <= 1.50.
 */
#define BENCH_ROUNDS 9
#include "bench.h"
#include "shim_query.h"

#define ROWS 1000000

int main(void)
{
    lw_conn *conn = NULL;
    if (lw_open("sqlite::memory:?dialect=postgresql", &conn, NULL))
        shim_bench_die(NULL, "lw_open");
    if (lw_exec(conn, "CREATE TABLE events (id INT PRIMARY KEY, ts TIMESTAMP, tz TIMESTAMPTZ)",
                NULL, 0))
        shim_bench_die(conn, "CREATE TABLE");
    /* Rows written through SQLite: the column's triggers store PostgreSQL's text. */
    char sql[512];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d) "
             "INSERT INTO events SELECT i, strftime('%%Y-%%m-%%d %%H:%%M:%%f', "
             "946684800 + i * 997 + (i %% 4) * 0.25, 'unixepoch'), strftime('%%Y-%%m-%%d "
             "%%H:%%M:%%f+00', 946684800 + i * 997, 'unixepoch') FROM s",
             ROWS);
    bench_exec(lw_conn_sqlite(conn), "BEGIN");
    bench_exec(lw_conn_sqlite(conn), sql);
    bench_exec(lw_conn_sqlite(conn), "COMMIT");
    printf("%d rows of PostgreSQL timestamps, e.g. ", ROWS);
    lw_rows *rows = NULL;
    if (lw_query(conn,
                 "SELECT ts, extract(year FROM ts), date_trunc('month', ts) FROM events "
                 "WHERE id IN (1, 2)",
                 NULL, 0, &rows))
        shim_bench_die(conn, "sample");
    while (lw_rows_next(rows) == LW_ROW)
        printf("'%s' -> %s, %s; ", lw_column_text(rows, 0), lw_column_text(rows, 1),
               lw_column_text(rows, 2));
    lw_rows_close(rows);
    printf("\n");
    double r1 = shim_bench_compare(conn, "extract(year FROM ts), 1M rows",
                                   "SELECT strftime('%Y', ts) FROM events",
                                   "SELECT extract(year FROM ts) FROM events", 1.5);
    double r2 = shim_bench_compare(conn, "date_trunc('month', ts), 1M rows",
                                   "SELECT strftime('%Y-%m-01 00:00:00', ts) FROM events",
                                   "SELECT date_trunc('month', ts) FROM events", 1.5);
    /* For information: a timestamptz column read in a zone with daylight saving. */
    if (lw_exec(conn, "SET TIME ZONE 'Europe/Berlin'", NULL, 0))
        shim_bench_die(conn, "SET TIME ZONE");
    shim_bench_compare(conn, "extract(year FROM tz) / FROM ts",
                       "SELECT extract(year FROM ts) FROM events",
                       "SELECT extract(year FROM tz) FROM events", 2.0);
    shim_bench_compare(conn, "date_trunc('month', tz) / (.., ts)",
                       "SELECT date_trunc('month', ts) FROM events",
                       "SELECT date_trunc('month', tz) FROM events", 2.0);
    lw_close(conn);
    return r1 <= 1.5 && r2 <= 1.5 ? 0 : 1;
}
