/*
 * What does the oracle dialect cost?
 *
 *  1. The shim's INSERT benchmark: 100,000 single-row INSERTs with two parameters in
 *     one transaction. dialect=sqlite: t(id INTEGER, name TEXT), BEGIN, "INSERT ...
 *     VALUES ($1, $2)", COMMIT. dialect=oracle: t(id NUMBER(10), name CLOB), no
 *     BEGIN (Oracle's transaction begins with the first INSERT), "INSERT ... VALUES
 *     (:1, :2)", COMMIT; each row goes through the column's assignment (NUMBER(10) as
 *     an integer with its precision check, in C when the value is bound). Target: ratio
 *     <= 1.10. Then the same with name VARCHAR2(100), whose length is checked in C too.
 *  2. A cached statement: lw_exec("SELECT v FROM kv WHERE k = :1") 100,000 times (the
 *     translation is cached; what remains is the dialect's per-execution hook).
 *  3. Translation per statement, first time: lexing and rewriting a mix of Oracle
 *     statements, against lexing and copying them (the sqlite dialect).
 */
#define BENCH_ROUNDS 9 /* a noisy shared machine: more rounds for steadier medians */
#include "bench.h"
#include "dialect_bench.h"

#define ROWS 100000
#define TRANSLATIONS 20000

static const char *const statements[] = {
    "SELECT id, name FROM accounts WHERE id = :1",
    "SELECT a.owner, COUNT(e.id) FROM accounts a LEFT JOIN events e ON e.account_id = a.id "
    "GROUP BY a.owner ORDER BY a.owner",
    "UPDATE accounts SET balance = balance - :1 WHERE id = :2 AND owner LIKE :3",
    "SELECT NVL(name, 'none') || '-' || TO_CHAR(balance, 'FM999G990D00'), SUBSTR(owner, 2, 3) "
    "FROM accounts",
    "SELECT TO_CHAR(SYSDATE, 'YYYY-MM-DD'), ADD_MONTHS(DATE '2024-01-31', 1) FROM DUAL",
    "DELETE FROM events WHERE created < SYSDATE - 30 AND kind <> 'keep'",
    "SELECT DECODE(kind, 'a', 1, 'b', 2, 0), ROUND(balance / 3, 2) FROM accounts",
};
#define N_STATEMENTS (sizeof statements / sizeof statements[0])

static double translate_all(const lw_dialect *d)
{
    return dialect_bench_translate(d, statements, N_STATEMENTS, TRANSLATIONS);
}

static int is_oracle(const char *url)
{
    return strstr(url, "oracle") != NULL;
}

/* The Oracle table of the INSERT benchmark: name is a CLOB (like SQLite's TEXT, no
 * length to check) or a VARCHAR2(100) (its length checked for every bound value). */
static const char *ora_table = "CREATE TABLE t (id NUMBER(10), name CLOB)";

static double insert_run(const char *url)
{
    lw_conn *conn = dialect_bench_open(url);
    int ora = is_oracle(url);
    dialect_bench_exec(conn, ora ? ora_table : "CREATE TABLE t(id INTEGER, name TEXT)", NULL, 0);
    const char *sql = ora ? "INSERT INTO t (id, name) VALUES (:1, :2)"
                          : "INSERT INTO t(id, name) VALUES ($1, $2)";
    double t = dialect_bench_inserts(conn, sql, ROWS, !ora);
    lw_close(conn);
    return t;
}

static double cached_run(const char *url)
{
    lw_conn *conn = dialect_bench_open(url);
    int ora = is_oracle(url);
    dialect_bench_exec(conn,
                       ora ? "CREATE TABLE kv (k NUMBER(10), v VARCHAR2(10))"
                           : "CREATE TABLE kv (k INTEGER, v TEXT)",
                       NULL, 0);
    dialect_bench_exec(conn, "INSERT INTO kv VALUES (1, 'one')", NULL, 0);
    if (ora)
        dialect_bench_exec(conn, "COMMIT", NULL, 0);
    const char *sql = ora ? "SELECT v FROM kv WHERE k = :1" : "SELECT v FROM kv WHERE k = $1";
    double t = dialect_bench_selects(conn, sql, ROWS);
    lw_close(conn);
    return t;
}

static double translate_either(const char *url)
{
    return translate_all(is_oracle(url) ? &lw_dialect_oracle : &lw_dialect_sqlite);
}

/* The medians of sqlite and oracle and their ratio (dialect_bench.h). */
static void compare(const char *name, dialect_bench_run fn, double target, double per)
{
    dialect_bench_compare(name, fn, target, per, "oracle", 0);
}

int main(void)
{
    compare("100k parameterised INSERTs (per row)", insert_run, 1.10, ROWS);
    ora_table = "CREATE TABLE t (id NUMBER(10), name VARCHAR2(100))";
    compare("the same, name VARCHAR2(100) (length checked)", insert_run, 0, ROWS);
    compare("cached statement per execution (SELECT by key)", cached_run, 0, ROWS);
    compare("translation per statement, first time (lex+rewrite)", translate_either, 0,
            TRANSLATIONS);
    return 0;
}
