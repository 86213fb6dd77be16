/*
 * bench/case_mapping: what does Unicode case mapping cost over SQLite's ASCII-only
 * lower()? See README.md. Baseline: SQLite's built-in lower() on a connection without
 * the extension; ours: likewise's lower() and casefold() on the same data.
 */
#include "text_bench.h"

int main(void)
{
    sqlite3 *plain, *ours;
    text_bench_open(&plain, &ours);
    printf("%d rows per table, %d rounds, median times\n", TEXT_BENCH_ROWS, BENCH_ROUNDS);
    static const struct {
        const char *name, *baseline, *ours;
        double target;
    } cases[] = {
        {"lower(x) (ASCII set)", "SELECT count(lower(x)) FROM text_ascii",
         "SELECT count(lower(x)) FROM text_ascii", 2.0},
        {"casefold(x) vs built-in lower(x) (ASCII set)", "SELECT count(lower(x)) FROM text_ascii",
         "SELECT count(casefold(x)) FROM text_ascii", 2.0},
        {"upper(x) (ASCII set)", "SELECT count(upper(x)) FROM text_ascii",
         "SELECT count(upper(x)) FROM text_ascii", 2.0},
        /* No target on mixed text: the built-in leaves non-ASCII letters alone, while
         * ours runs ICU's full case mapping on the 30% of rows that need it. */
        {"lower(x) (mixed set; built-in is wrong)", "SELECT count(lower(x)) FROM text_mixed",
         "SELECT count(lower(x)) FROM text_mixed", 4.0},
        {"casefold(x) vs lower(x) (mixed set)", "SELECT count(lower(x)) FROM text_mixed",
         "SELECT count(casefold(x)) FROM text_mixed", 4.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        bench_compare_on(plain, ours, cases[i].name, cases[i].baseline, cases[i].ours,
                         cases[i].target);
    sqlite3_close(ours);
    sqlite3_close(plain);
    return 0;
}
