/*
 * The shim's INSERT benchmark for one dialect, as bench/pg_dialect and bench/ora_dialect
 * run it: ROWS single-row INSERTs with two parameters in one transaction. The program
 * callgrind counts (run, beside it): `dialect_instructions DIALECT ROWS`, DIALECT one of
 * sqlite (the baseline: t(id INTEGER, name TEXT), BEGIN, $1 and $2), postgresql (the
 * same), mariadb (? and ?) and oracle (t(id NUMBER(10), name CLOB), no BEGIN, :1 and
 * :2). It prints nothing: only the instructions it takes mean something.
 */
#include "bench.h"
#include "dialect_bench.h"

int main(int argc, char **argv)
{
    if (argc != 3 || atoi(argv[2]) < 0) {
        fprintf(stderr, "usage: %s sqlite|postgresql|mariadb|oracle ROWS\n", argv[0]);
        return 2;
    }
    const char *dialect = argv[1];
    int rows = atoi(argv[2]);
    int sqlite = !strcmp(dialect, "sqlite"), ora = !strcmp(dialect, "oracle");
    int qmark = !strcmp(dialect, "mariadb") || !strcmp(dialect, "mysql");
    char url[64];
    snprintf(url, sizeof url, sqlite ? "sqlite::memory:" : "sqlite::memory:?dialect=%s", dialect);
    lw_conn *conn = dialect_bench_open(url);
    dialect_bench_exec(conn,
                       ora ? "CREATE TABLE t (id NUMBER(10), name CLOB)"
                           : "CREATE TABLE t(id INTEGER, name TEXT)",
                       NULL, 0);
    const char *sql = ora     ? "INSERT INTO t (id, name) VALUES (:1, :2)"
                      : qmark ? "INSERT INTO t(id, name) VALUES (?, ?)"
                              : "INSERT INTO t(id, name) VALUES ($1, $2)";
    dialect_bench_inserts(conn, sql, rows, !ora);
    lw_close(conn);
    return 0;
}
