/*
 * What does the postgresql dialect cost?
 *
 *  1. Translation per statement, first time: lexing and translating a mix of
 *     PostgreSQL statements with the postgresql rewriter, against lexing them and
 *     copying the tokens (the sqlite dialect's identity translation).
 *  2. A cached statement: lw_exec of the same text again and again on a
 *     dialect=postgresql connection against a dialect=sqlite one (the translation is
 *     cached, what remains is the dialect's per-execution hook).
 *  3. The shim's INSERT benchmark (100,000 parameterised single-row INSERTs in one
 *     transaction) on dialect=postgresql against dialect=sqlite, the table declared
 *     the same way (id INTEGER, name TEXT). Target: ratio <= 1.10.
 *  4. A new statement text each time, through a connection: lexing, translating,
 *     the identifier-case check against the schema (which holds a quoted mixed-case
 *     table, so every statement is looked at) and SQLite's prepare, against lexing
 *     and preparing on dialect=sqlite.
 */
#define BENCH_ROUNDS 9 /* a noisy shared machine: more rounds for steadier medians */
#include "bench.h"
#include "dialect_bench.h"

#define ROWS 100000
#define TRANSLATIONS 20000

static const char *const pg_statements[] = {
    "SELECT id, name FROM accounts WHERE id = $1",
    "SELECT a.owner, count(e.id) FROM accounts a LEFT JOIN events e ON e.account_id = a.id "
    "GROUP BY a.owner ORDER BY a.owner",
    "INSERT INTO accounts (id, owner, balance) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE "
    "SET balance = accounts.balance + excluded.balance RETURNING id, balance",
    "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND owner ILIKE $3",
    "SELECT body ->> 'a', body @> '{\"tags\": [\"y\"]}' FROM docs WHERE body ? 'a' LIMIT 10",
    "SELECT '42'::int + 1, E'tab\\there', $$dollar$$, now(), w ~* '^a' FROM words",
    "DELETE FROM events WHERE created < now() AND kind IS DISTINCT FROM 'keep'",
};
#define N_STATEMENTS (sizeof pg_statements / sizeof pg_statements[0])

/* The same kinds of statements written for MariaDB. */
static const char *const my_statements[N_STATEMENTS] = {
    "SELECT id, name FROM accounts WHERE id = ?",
    "SELECT a.owner, count(e.id) FROM accounts a LEFT JOIN events e ON e.account_id = a.id "
    "GROUP BY a.owner ORDER BY a.owner",
    "INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)",
    "UPDATE accounts SET balance = balance - ? WHERE id = ? AND owner LIKE ?",
    "SELECT `body`, 'a' \"b\" 'c', 0x41, b'101' FROM docs WHERE flag || other LIMIT 10",
    "SELECT CAST('42' AS SIGNED) + 1, 'tab\\there', 7 DIV 2, 1 / 3, w REGEXP '^a' FROM words",
    "DELETE FROM events WHERE created < '2024-01-01' AND kind <=> 'keep'",
};

/* The dialect a run measures, and its statements. */
static const lw_dialect *dialect_of(const char *name)
{
    return lw_dialect_find(name, strlen(name));
}

static double translate_all(const lw_dialect *d, const char *const *statements)
{
    return dialect_bench_translate(d, statements, N_STATEMENTS, TRANSLATIONS);
}

/* The statements the sqlite baseline translates (the dialect's own, copied). */
static const char *const *translate_statements = pg_statements;

static double cached_run_sql(const char *url, const char *select)
{
    lw_conn *conn = dialect_bench_open(url);
    dialect_bench_exec(conn, "CREATE TABLE kv (k INTEGER, v TEXT)", NULL, 0);
    dialect_bench_exec(conn, "INSERT INTO kv VALUES (1, 'one')", NULL, 0);
    double t = dialect_bench_selects(conn, select, ROWS);
    lw_close(conn);
    return t;
}

static double insert_run_sql(const char *url, const char *insert)
{
    lw_conn *conn = dialect_bench_open(url);
    dialect_bench_exec(conn, "CREATE TABLE t(id INTEGER, name TEXT)", NULL, 0);
    double t = dialect_bench_inserts(conn, insert, ROWS, 1);
    lw_close(conn);
    return t;
}

static double new_text_run(const char *url)
{
    lw_conn *conn = dialect_bench_open(url);
    /* MariaDB quotes names with backticks, which SQLite reads too. */
    int pg = strstr(url, "=postgresql") != NULL;
    dialect_bench_exec(conn, "CREATE TABLE kv (k INTEGER, v TEXT)", NULL, 0);
    dialect_bench_exec(conn,
                       pg ? "CREATE TABLE \"Orders\" (\"OrderId\" INTEGER, \"Total\" INTEGER)"
                          : "CREATE TABLE `Orders` (`OrderId` INTEGER, `Total` INTEGER)",
                       NULL, 0);
    char sql[128];
    double t0 = bench_now();
    for (int i = 0; i < TRANSLATIONS; i++) {
        snprintf(sql, sizeof sql,
                 pg ? "SELECT v, \"Total\" FROM kv JOIN \"Orders\" ON \"OrderId\" = k WHERE k = %d"
                    : "SELECT v, `Total` FROM kv JOIN `Orders` ON `OrderId` = k WHERE k = %d",
                 i);
        dialect_bench_exec(conn, sql, NULL, 0);
    }
    double t = bench_now() - t0;
    lw_close(conn);
    return t;
}

/* Runs fn on sqlite (the baseline) and on the dialect, alternating; prints the medians
 * per `per` operations and their ratio (dialect_bench.h), both dialects' names in one
 * column. */
static void compare(const char *name, dialect_bench_run fn, double target, double per,
                    const char *dialect)
{
    dialect_bench_compare(name, fn, target, per, dialect, 10);
}

/* Translation alternates the two dialects itself (no connection involved): the
 * dialect's statements, lexed and copied by the sqlite dialect or translated. */
static double translate_either(const char *url)
{
    const char *name = strstr(url, "dialect=");
    int pg = !name || !strcmp(name + 8, "postgresql");
    const char *const *statements = pg ? pg_statements : my_statements;
    if (!name)
        return translate_all(&lw_dialect_sqlite, translate_statements);
    return translate_all(dialect_of(name + 8), statements);
}

/* The cached SELECT and the INSERT benchmark with the dialect's parameter style. */
static double cached_run(const char *url)
{
    return cached_run_sql(url, strstr(url, "=postgresql") ? "SELECT v FROM kv WHERE k = $1"
                                                          : "SELECT v FROM kv WHERE k = ?");
}

static double insert_run(const char *url)
{
    return insert_run_sql(url, strstr(url, "=postgresql")
                                   ? "INSERT INTO t(id, name) VALUES ($1, $2)"
                                   : "INSERT INTO t(id, name) VALUES (?, ?)");
}

static void run_dialect(const char *dialect, const char *const *statements)
{
    translate_statements = statements;
    compare("translation per statement, first time (lex+rewrite)", translate_either, 0,
            TRANSLATIONS, dialect);
    compare("cached statement per execution (SELECT by key)", cached_run, 0, ROWS, dialect);
    compare("100k parameterised INSERTs (per row)", insert_run, 1.10, ROWS, dialect);
    compare("new text each time (translate, case check, prepare)", new_text_run, 0, TRANSLATIONS,
            dialect);
}

int main(int argc, char **argv)
{
    /* bench/pg_dialect [postgresql | mariadb]: one dialect, or both. */
    const char *only = argc > 1 ? argv[1] : NULL;
    if (!only || !strcmp(only, "postgresql"))
        run_dialect("postgresql", pg_statements);
    if (!only || !strcmp(only, "mariadb"))
        run_dialect("mariadb", my_statements);
    return 0;
}
