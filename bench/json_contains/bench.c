/*
 * Question: are jsonb-style containment and key tests as fast as the SQLite JSON
 * workarounds people write today? One run, 1,000,000 documents of about ten keys and
 * a tags array, in memory; see README.md.
 */
#include "bench.h"

#ifndef BENCH_ROWS
#define BENCH_ROWS 1000000
#endif

/* Both queries of a comparison must count the same rows, or the comparison is void. */
static void check_same_count(sqlite3 *db, const char *a, const char *b)
{
    long long counts[2];
    const char *sql[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *stmt = NULL;
        if (sqlite3_prepare_v2(db, sql[i], -1, &stmt, NULL) != SQLITE_OK ||
            sqlite3_step(stmt) != SQLITE_ROW)
            bench_die(db, sql[i]);
        counts[i] = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    if (counts[0] != counts[1]) {
        fprintf(stderr, "bench: different answers (%lld, %lld):\n  %s\n  %s\n", counts[0],
                counts[1], a, b);
        exit(1);
    }
    printf("  (both count %lld of %d rows)\n", counts[0], BENCH_ROWS);
}

int main(void)
{
    sqlite3 *db = bench_open();
    char sql[2048];
    double t0 = bench_now();
    bench_exec(db, "CREATE TABLE docs (id INTEGER PRIMARY KEY, doc TEXT)");
    /* About 10 keys and a tags array; "x" is among the tags of one row in 10 and the
     * key "k" is present in every other row. */
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
             "INSERT INTO docs (doc) SELECT json_object("
             "'id', i, 'name', 'user ' || i, 'email', 'user' || i || '@example.com', "
             "'age', 18 + i %% 60, 'active', json(CASE WHEN i %% 3 THEN 'true' ELSE 'false' "
             "END), 'score', (i %% 1000) / 10.0, 'city', 'city ' || (i %% 100), "
             "'created', '2024-01-' || (10 + i %% 20), "
             "'tags', json_array('t' || (i %% 7), CASE WHEN i %% 10 = 0 THEN 'x' ELSE 'y' END, "
             "'t' || (i %% 13)), "
             "CASE WHEN i %% 2 THEN 'k' ELSE 'other' END, i) FROM n",
             BENCH_ROWS);
    bench_exec(db, sql);
    printf("%d documents generated in %.1f s, e.g. ", BENCH_ROWS, bench_now() - t0);
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT doc FROM docs WHERE id = 10", -1, &stmt, NULL) !=
            SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW)
        bench_die(db, "sample");
    printf("%s\n", (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);

    const char *contains_base = "SELECT count(*) FROM docs WHERE EXISTS "
                                "(SELECT 1 FROM json_each(doc, '$.tags') WHERE value = 'x')";
    const char *contains_ours =
        "SELECT count(*) FROM docs WHERE json_contains(doc, '{\"tags\":[\"x\"]}')";
    const char *key_base = "SELECT count(*) FROM docs WHERE json_type(doc, '$.k') IS NOT NULL";
    const char *key_ours = "SELECT count(*) FROM docs WHERE json_has_key(doc, 'k')";

    check_same_count(db, contains_base, contains_ours);
    check_same_count(db, key_base, key_ours);
    double r1 = bench_compare(db, "json_contains(doc, '{\"tags\":[\"x\"]}') vs json_each",
                              contains_base, contains_ours, 2.0);
    double r2 = bench_compare(db, "json_has_key(doc, 'k') vs json_type IS NOT NULL", key_base,
                              key_ours, 1.5);
    printf("ratio json_contains %.2fx (target <= 2.00x), json_has_key %.2fx (target <= 1.50x)\n",
           r1, r2);
    sqlite3_close(db);
    return 0;
}
