/*
 * Do likewise's collations cost more than SQLite's NOCASE?
 *
 * 1,000,000 rows of mixed text (words in several languages, mostly ASCII, some
 * accented, CJK and emoji) and 1,000,000 rows of ASCII text, both generated from a
 * fixed seed. Baseline and likewise run on the same data in the same process:
 *   ORDER BY x COLLATE utf8mb4_general_ci   vs ORDER BY x COLLATE NOCASE (mixed)
 *   ORDER BY x COLLATE "und-x-icu"          vs ORDER BY x COLLATE NOCASE (ASCII)
 *   100,000 equality lookups through an index with the collation vs through a NOCASE
 *   index (general_ci, unicode_ci, "und-u-ks-level2")
 */
#include "bench.h"

#define ROWS 1000000
#define PROBES 100000

static const char *const words[] = {
    "apple",  "Banana",  "cherry",   "delta",  "Echo",     "foxtrot", "golf",    "hotel",  "India",
    "juliet", "kilo",    "Lima",     "mike",   "november", "oscar",   "papa",    "Quebec", "romeo",
    "sierra", "tango",   "uniform",  "victor", "whiskey",  "x-ray",   "yankee",  "zulu",   "data",
    "report", "Invoice", "customer", "order",  "status",   "pending", "shipped", "user",   "admin",
};
static const char *const foreign[] = {
    "Straße", "Müller", "café",   "naïve", "Ærø", "Łódź",   "İstanbul",   "résumé",
    "東京",   "서울",   "Москва", "Αθήνα", "😀ok", "ﬁnance", "Ｔｏｋｙｏ", "Zürich",
};

static unsigned long long rng_state = 0x9E3779B97F4A7C15ull;
static unsigned next_rand(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state >> 16);
}

static void make_text(char *buf, size_t size, int ascii_only)
{
    size_t n = 0;
    int parts = 1 + (int)(next_rand() % 3);
    buf[0] = 0;
    for (int p = 0; p < parts; p++) {
        const char *w = !ascii_only && next_rand() % 5 == 0
                            ? foreign[next_rand() % (sizeof foreign / sizeof foreign[0])]
                            : words[next_rand() % (sizeof words / sizeof words[0])];
        n += (size_t)snprintf(buf + n, size - n, "%s%s", p ? " " : "", w);
    }
    snprintf(buf + n, size - n, " %u", next_rand() % 1000);
}

static void fill(sqlite3 *db, const char *table, int rows, int ascii_only)
{
    char sql[128], text[256];
    snprintf(sql, sizeof sql, "CREATE TABLE %s (x TEXT)", table);
    bench_exec(db, sql);
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (?1)", table);
    sqlite3_stmt *stmt = NULL;
    bench_exec(db, "BEGIN");
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        bench_die(db, sql);
    for (int i = 0; i < rows; i++) {
        make_text(text, sizeof text, ascii_only);
        sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
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
    fill(db, "mixed", ROWS, 0);
    fill(db, "ascii", ROWS, 1);
    fill(db, "probe", PROBES, 0);
    printf("collations: %d mixed rows, %d ASCII rows, %d probes (median of %d rounds)\n", ROWS,
           ROWS, PROBES, BENCH_ROUNDS);
    int missed = 0;
    missed += bench_compare(db, "ORDER BY utf8mb4_general_ci vs NOCASE (mixed)",
                            "SELECT x FROM mixed ORDER BY x COLLATE NOCASE",
                            "SELECT x FROM mixed ORDER BY x COLLATE utf8mb4_general_ci", 1.5) > 1.5;
    missed += bench_compare(db, "ORDER BY \"und-x-icu\" vs NOCASE (ASCII)",
                            "SELECT x FROM ascii ORDER BY x COLLATE NOCASE",
                            "SELECT x FROM ascii ORDER BY x COLLATE \"und-x-icu\"", 3.0) > 3.0;
    bench_exec(db, "CREATE INDEX mixed_nocase ON mixed (x COLLATE NOCASE)");
    static const char *const collations[] = {"utf8mb4_general_ci", "utf8mb4_unicode_ci",
                                             "und-u-ks-level2"};
    for (size_t i = 0; i < sizeof collations / sizeof collations[0]; i++) {
        char sql[256], name[128];
        snprintf(sql, sizeof sql, "CREATE INDEX mixed_%zu ON mixed (x COLLATE \"%s\")", i,
                 collations[i]);
        bench_exec(db, sql);
        snprintf(sql, sizeof sql,
                 "SELECT sum((SELECT count(*) FROM mixed WHERE x = p.x COLLATE \"%s\")) "
                 "FROM probe p",
                 collations[i]);
        snprintf(name, sizeof name, "index lookups %s vs NOCASE", collations[i]);
        missed += bench_compare(db, name,
                                "SELECT sum((SELECT count(*) FROM mixed WHERE x = p.x COLLATE "
                                "NOCASE)) FROM probe p",
                                sql, 1.5) > 1.5;
    }
    sqlite3_close(db);
    printf("collations: %d target(s) missed\n", missed);
    return 0;
}
