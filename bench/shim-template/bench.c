/*
 * How fast is a fresh test database from a template?
 *
 * A 5 MB database (schema with indexes, 32,000 rows) is built once from a SQL script
 * and saved to a file. Then each round makes a fresh in-memory database with the
 * same schema and data:
 *   baseline  run the schema+data script into a new sqlite::memory: connection
 *   likewise  lw_clone_template() into a new sqlite::memory: connection (the file
 *             was loaded once with lw_template_open)
 * Also timed: opening sqlite::memory:?template=PATH, which reads the file each time.
 * Target: a clone (lw_clone_template) under 2 ms.
 */
#include <unistd.h>

#include "bench.h"
#include "likewise.h"

#define CLONES 50

static void die(lw_conn *conn, const char *what)
{
    fprintf(stderr, "bench: %s: %s\n", what, conn ? lw_error_message(lw_last_error(conn)) : "");
    exit(1);
}

static const char script[] =
    "CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE,"
    " note TEXT);"
    "CREATE INDEX customer_name ON customer(name);"
    "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 32000)"
    " INSERT INTO customer SELECT i, 'customer ' || i, 'c' || i || '@example.com',"
    " printf('%.60c', 'x') FROM s;";

static lw_conn *open_memory(void)
{
    lw_conn *conn = NULL;
    if (lw_open("sqlite::memory:", &conn, NULL))
        die(NULL, "lw_open");
    return conn;
}

int main(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/lw_bench_template_%d.db", (int)getpid());
    unlink(path);
    char url[128];
    snprintf(url, sizeof url, "sqlite:///%s?journal_mode=delete", path);
    lw_conn *src = NULL;
    if (lw_open(url, &src, NULL) || lw_exec(src, script, NULL, 0))
        die(src, "building the template");
    lw_close(src);
    lw_template *tpl = NULL;
    if (lw_template_open(path, &tpl, NULL))
        die(NULL, "lw_template_open");
    double mb = (double)lw_template_size(tpl) / 1e6;

    double script_s[5], clone_s[CLONES], url_s[CLONES];
    for (int r = 0; r < 5; r++) {
        lw_conn *c = open_memory();
        double t0 = bench_now();
        if (lw_exec(c, script, NULL, 0))
            die(c, "script");
        script_s[r] = bench_now() - t0;
        lw_close(c);
    }
    for (int r = 0; r < CLONES; r++) {
        lw_conn *c = open_memory();
        double t0 = bench_now();
        if (lw_clone_template(c, tpl))
            die(c, "clone");
        clone_s[r] = bench_now() - t0;
        lw_close(c);
    }
    char turl[160];
    snprintf(turl, sizeof turl, "sqlite::memory:?template=%s", path);
    for (int r = 0; r < CLONES; r++) {
        lw_conn *c = NULL;
        double t0 = bench_now();
        if (lw_open(turl, &c, NULL))
            die(NULL, "open with template");
        url_s[r] = bench_now() - t0;
        lw_close(c);
    }
    qsort(script_s, 5, sizeof(double), bench_cmp_double);
    qsort(clone_s, CLONES, sizeof(double), bench_cmp_double);
    qsort(url_s, CLONES, sizeof(double), bench_cmp_double);
    double s = script_s[2], c = clone_s[CLONES / 2], u = url_s[CLONES / 2];
    printf("template %.1f MB: schema+data script %.1f ms; lw_clone_template %.3f ms (%.0fx faster);"
           " open ?template=PATH %.3f ms (%.0fx faster)\n",
           mb, s * 1e3, c * 1e3, s / c, u * 1e3, s / u);
    printf("%-52s baseline %8.3f ms  likewise %8.3f ms  ratio %5.3fx  (target clone < 2 ms) %s\n",
           "fresh 5 MB test database (script vs clone)", s * 1e3, c * 1e3, c / s,
           c < 0.002 ? "MET" : "MISSED");
    lw_template_close(tpl);
    unlink(path);
    return 0;
}
