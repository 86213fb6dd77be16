/*
 * bench/like_contains: is likewise's Unicode LIKE as fast as SQLite's ASCII-only one?
 * See README.md. Baseline: SQLite's built-in like() on a connection without the
 * extension; ours: likewise's like() (case-insensitive mode) on the same data.
 */
#include "text_bench.h"

int main(void)
{
    sqlite3 *plain, *ours;
    text_bench_open(&plain, &ours);
    printf("%d rows per table, %d rounds, median times\n", TEXT_BENCH_ROWS, BENCH_ROUNDS);
    static const struct {
        const char *name, *sql;
        double target;
    } cases[] = {
        {"x LIKE '%ing%' (ASCII set)", "SELECT count(*) FROM text_ascii WHERE x LIKE '%ing%'", 1.5},
        {"x LIKE '%ing%' (mixed set)", "SELECT count(*) FROM text_mixed WHERE x LIKE '%ing%'", 2.5},
        {"x LIKE '%Smith' (ASCII set)", "SELECT count(*) FROM text_ascii WHERE x LIKE '%smith'",
         1.5},
        {"x LIKE 'the%of%' (ASCII set)", "SELECT count(*) FROM text_ascii WHERE x LIKE 'the%of%'",
         1.5},
        {"x LIKE '%müller%' (mixed set; built-in misses)",
         "SELECT count(*) FROM text_mixed WHERE x LIKE '%müller%'", 2.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        bench_compare_on(plain, ours, cases[i].name, cases[i].sql, cases[i].sql, cases[i].target);
    sqlite3_close(ours);
    sqlite3_close(plain);
    return 0;
}
