/*
 * What does reading a MariaDB TIMESTAMP column on the session's wall clock cost?
 *
 * One dialect=mariadb connection holds events(id INT, ts TIMESTAMP, dt DATETIME) with
 * 1,000,000 rows (2000-2031): ts holds UTC (the dialect's stored form), dt the same
 * text. With time_zone 'Europe/Berlin' every reference to ts is read through
 * my_tz_local (runtime_zone.c: the text parsed, the zone's offset at that instant
 * looked up in its transitions, the wall clock written back). Each line runs two
 * statements through the same connection and lw_query, every row stepped, alternating
 * over BENCH_ROUNDS rounds after a warm-up, and prints the medians and their ratio:
 *
 *   SELECT ts (Europe/Berlin)   against SQLite's strftime('%Y-%m-%d %H:%M:%S', dt)
 *   YEAR(ts)  (Europe/Berlin)   against strftime('%Y', dt)
 *   YEAR(dt)                    against strftime('%Y', dt) (no zone: the dialect's
 *                               YEAR() alone)
 *   DATE_FORMAT(dt, '%Y-%m-%d %H')   against strftime('%Y-%m-%d %H', dt)
 *
 * strftime is what a SQLite user has for the same column (it knows no time zones; its
 * 'localtime' modifier would use the process's TZ). Target: each ratio <= 1.50.
 */
#define BENCH_ROUNDS 7
#include "bench.h"
#include "shim_query.h"

#define ROWS 1000000

int main(void)
{
    lw_conn *conn = NULL;
    if (lw_open("sqlite::memory:?dialect=mariadb", &conn, NULL))
        shim_bench_die(NULL, "lw_open");
    if (lw_exec(conn, "CREATE TABLE events (id INT PRIMARY KEY, ts TIMESTAMP NULL, dt DATETIME)",
                NULL, 0))
        shim_bench_die(conn, "CREATE TABLE");
    /* Rows written through SQLite in the columns' stored form (UTC for ts). */
    char sql[512];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d) "
             "INSERT INTO events SELECT i, strftime('%%Y-%%m-%%d %%H:%%M:%%S', 946684800 + i * "
             "997, 'unixepoch'), strftime('%%Y-%%m-%%d %%H:%%M:%%S', 946684800 + i * 997, "
             "'unixepoch') FROM s",
             ROWS);
    bench_exec(lw_conn_sqlite(conn), "BEGIN");
    bench_exec(lw_conn_sqlite(conn), sql);
    bench_exec(lw_conn_sqlite(conn), "COMMIT");
    if (lw_exec(conn, "SET time_zone = 'Europe/Berlin'", NULL, 0))
        shim_bench_die(conn, "SET time_zone");
    printf("%d rows, e.g. ", ROWS);
    lw_rows *rows = NULL;
    if (lw_query(conn, "SELECT dt, ts FROM events WHERE id IN (1, 200000)", NULL, 0, &rows))
        shim_bench_die(conn, "sample");
    while (lw_rows_next(rows) == LW_ROW)
        printf("UTC '%s' -> Berlin '%s'; ", lw_column_text(rows, 0), lw_column_text(rows, 1));
    lw_rows_close(rows);
    printf("\n");
    double r1 = shim_bench_compare(conn, "SELECT ts in Europe/Berlin, 1M rows",
                                   "SELECT strftime('%Y-%m-%d %H:%M:%S', dt) FROM events",
                                   "SELECT ts FROM events", 1.5);
    double r2 = shim_bench_compare(conn, "YEAR(ts) in Europe/Berlin, 1M rows",
                                   "SELECT strftime('%Y', dt) FROM events",
                                   "SELECT YEAR(ts) FROM events", 1.5);
    double r3 =
        shim_bench_compare(conn, "YEAR(dt), 1M rows", "SELECT strftime('%Y', dt) FROM events",
                           "SELECT YEAR(dt) FROM events", 1.5);
    double r4 = shim_bench_compare(conn, "DATE_FORMAT(dt, '%Y-%m-%d %H'), 1M",
                                   "SELECT strftime('%Y-%m-%d %H', dt) FROM events",
                                   "SELECT DATE_FORMAT(dt, '%Y-%m-%d %H') FROM events", 1.5);
    lw_close(conn);
    return r1 <= 1.5 && r2 <= 1.5 && r3 <= 1.5 && r4 <= 1.5 ? 0 : 1;
}
