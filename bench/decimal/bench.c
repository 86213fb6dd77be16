/*
 * Are exact decimals as fast as SQLite's floating point? 1,000,000 rows of text
 * decimals with 2 to 6 fraction digits; each line times SQLite's built-in (float)
 * form and the decimal one in the same run (see README.md).
 */
#include "bench.h"

#define ROWS 1000000

/* Fills t(x TEXT) with deterministic pseudo-random decimals: a sign now and then, up
 * to 7 integer digits and 2-6 fraction digits. */
static void fill(sqlite3 *db)
{
    bench_exec(db, "CREATE TABLE t(x TEXT)");
    bench_exec(db, "BEGIN");
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?)", -1, &stmt, NULL) != SQLITE_OK)
        bench_die(db, "prepare insert");
    unsigned long long state = 88172645463325252ULL;
    for (int i = 0; i < ROWS; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        int frac_digits = 2 + (int)(state % 5);
        unsigned long long frac_mod = 1;
        for (int k = 0; k < frac_digits; k++)
            frac_mod *= 10;
        char buf[64];
        int n = snprintf(buf, sizeof buf, "%s%llu.%0*llu", (state >> 20) % 10 == 0 ? "-" : "",
                         (state >> 24) % 10000000ULL, frac_digits, (state >> 8) % frac_mod);
        sqlite3_bind_text(stmt, 1, buf, n, SQLITE_TRANSIENT);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            bench_die(db, "insert");
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    bench_exec(db, "COMMIT");
}

int main(void)
{
    sqlite3 *db = bench_open();
    fill(db);
    printf("decimal: %d rows of text decimals with 2-6 fraction digits\n", ROWS);
    bench_compare(db, "decimal_sum(x) vs sum(x)", "SELECT sum(x) FROM t",
                  "SELECT decimal_sum(x) FROM t", 1.0);
    bench_compare(db, "decimal_add(x, '0.01') vs x + 0.01", "SELECT x + 0.01 FROM t",
                  "SELECT decimal_add(x, '0.01') FROM t", 1.5);
    bench_compare(db, "decimal_mul(x, '1.07') vs x * 1.07", "SELECT x * 1.07 FROM t",
                  "SELECT decimal_mul(x, '1.07') FROM t", 2.0);
    bench_compare(db, "decimal_div(x, '3.7') vs x / 3.7", "SELECT x / 3.7 FROM t",
                  "SELECT decimal_div(x, '3.7') FROM t", 2.0);
    bench_compare(db, "ORDER BY x COLLATE DECIMAL vs CAST(x AS REAL)",
                  "SELECT x FROM t ORDER BY CAST(x AS REAL)",
                  "SELECT x FROM t ORDER BY x COLLATE DECIMAL", 2.0);
    sqlite3_close(db);
    return 0;
}
