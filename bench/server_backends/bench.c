/*
 * What does the shim cost on a real server, next to the server's own C API?
 *
 * 100,000 parameterised INSERTs (one transaction) and 100,000 point SELECTs (one row
 * by primary key, its text read) on PostgreSQL 15 and MariaDB 10.11 (scripts/oracle),
 * in a database of the benchmark's own:
 *   baseline  libpq: PQprepare once, then PQexecPrepared per row (text parameters and
 *             results, what the shim sends); MariaDB Connector/C: mysql_stmt_prepare
 *             once, then bind, execute (and store_result, fetch) per row
 *   likewise  lw_exec / lw_query + lw_rows_next + lw_column_text on a postgresql:// or
 *             mariadb:// URL, the same SQL with $1 / ? parameters
 *
 * Both sides run over the same unix socket to the same server. A round runs each
 * side's 100,000 statements in BLOCKS blocks of 1,000 that alternate between the sides
 * (each side on its own open connection, INSERTs into a table of its own; which side
 * goes first in a pair alternates), so the load of a shared machine falls on both
 * alike. The ratio is the median, over every pair of every round, of the pair's
 * likewise / baseline time (the two blocks ran back to back); the times printed are
 * each side's median round, "rounds" the lowest and highest round's wall ratio, and
 * "CPU" the median round's ratio of the client thread's CPU time, the only part the
 * shim can add to (both sides make the same system calls and round trips, which on
 * a shared 2-core machine are what moves). Target: ratio <= 1.05.
 *
 * Beside them, the same two loops through the shim on the embedded emulation
 * (sqlite::memory:?dialect=postgresql and ?dialect=mariadb), to show what a test
 * suite gains by running embedded. The ratios are printed last.
 */
#include <libpq-fe.h>
#include <mysql.h>
#include <unistd.h>

#include "bench.h"
#include "likewise.h"

#define ROWS 100000
#ifndef BLOCKS
#define BLOCKS 100
#endif
#ifndef ROUNDS
#define ROUNDS 9
#endif
#define NAME "a name of some length"

static char sock[256], db[64];

static void die(const char *what, const char *why)
{
    fprintf(stderr, "bench: %s: %s\n", what, why ? why : "?");
    exit(1);
}

static lw_conn *open_lw(const char *url)
{
    lw_conn *conn = NULL;
    lw_error *err = NULL;
    if (lw_open(url, &conn, &err))
        die(url, lw_error_message(err)); /* scripts/oracle start? */
    return conn;
}

static void exec_lw(lw_conn *conn, const char *sql)
{
    if (lw_exec(conn, sql, NULL, 0))
        die(sql, lw_error_message(lw_last_error(conn)));
}

/* The point SELECTs' keys: every row once, in a scrambled order. */
static int64_t key(int i)
{
    return (int64_t)(((uint64_t)i * 48271u) % ROWS);
}

/* One side of a comparison: connect, run rows [from, from + n), finish. */
typedef struct side {
    void (*open)(struct side *);
    void (*rows)(struct side *, int from, int n);
    void (*close)(struct side *);
    const char *url, *sql, *table; /* the shim's URL and statement; the table it fills */
    lw_conn *lw;
    PGconn *pg;
    MYSQL *my;
    MYSQL_STMT *st;
    size_t bytes; /* text read by SELECTs, checked at the end */
} side;

/* ---- Through the shim ---------------------------------------------------------------- */

static void lw_open_insert(side *s)
{
    s->lw = open_lw(s->url);
    char sql[64];
    snprintf(sql, sizeof sql, "DELETE FROM %s", s->table);
    exec_lw(s->lw, sql);
    if (lw_begin(s->lw, LW_TXN_DEFERRED))
        die("begin", lw_error_message(lw_last_error(s->lw)));
}

static void lw_insert_rows(side *s, int from, int n)
{
    for (int i = from; i < from + n; i++)
        if (lw_exec(s->lw, s->sql, LW_ARGS(LW_INT(i), LW_TEXT(NAME))))
            die(s->sql, lw_error_message(lw_last_error(s->lw)));
}

static void lw_close_insert(side *s)
{
    if (lw_commit(s->lw))
        die("commit", lw_error_message(lw_last_error(s->lw)));
    lw_close(s->lw);
}

static void lw_open_select(side *s)
{
    s->lw = open_lw(s->url);
    s->bytes = 0;
}

static void lw_select_rows(side *s, int from, int n)
{
    for (int i = from; i < from + n; i++) {
        lw_rows *rows = NULL;
        if (lw_query(s->lw, s->sql, LW_ARGS(LW_INT(key(i))), &rows) || lw_rows_next(rows) != LW_ROW)
            die(s->sql, lw_error_message(lw_last_error(s->lw)));
        s->bytes += strlen(lw_column_text(rows, 0));
        lw_rows_close(rows);
    }
}

static void lw_close_select(side *s)
{
    if (s->bytes != (size_t)ROWS * strlen(NAME))
        die(s->url, "wrong rows");
    lw_close(s->lw);
}

/* ---- libpq ------------------------------------------------------------------------- */

static void pg_ok(PGconn *pg, PGresult *res, ExecStatusType want)
{
    if (PQresultStatus(res) != want)
        die("libpq", PQerrorMessage(pg));
    PQclear(res);
}

static void pq_open(side *s, const char *prepare)
{
    char conninfo[600];
    snprintf(conninfo, sizeof conninfo, "host=%s user=postgres dbname=%s", sock, db);
    s->pg = PQconnectdb(conninfo);
    if (PQstatus(s->pg) != CONNECTION_OK)
        die("libpq", PQerrorMessage(s->pg));
    pg_ok(s->pg, PQprepare(s->pg, "q", prepare, 0, NULL), PGRES_COMMAND_OK);
    s->bytes = 0;
}

static void pq_open_insert(side *s)
{
    pq_open(s, "INSERT INTO t_base(id, name) VALUES ($1, $2)");
    pg_ok(s->pg, PQexec(s->pg, "DELETE FROM t_base"), PGRES_COMMAND_OK);
    pg_ok(s->pg, PQexec(s->pg, "BEGIN"), PGRES_COMMAND_OK);
}

static void pq_insert_rows(side *s, int from, int n)
{
    for (int i = from; i < from + n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%d", i);
        const char *values[2] = {id, NAME};
        pg_ok(s->pg, PQexecPrepared(s->pg, "q", 2, values, NULL, NULL, 0), PGRES_COMMAND_OK);
    }
}

static void pq_open_select(side *s)
{
    pq_open(s, "SELECT name FROM t_base WHERE id = $1");
}

static void pq_select_rows(side *s, int from, int n)
{
    for (int i = from; i < from + n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)key(i));
        const char *values[1] = {id};
        PGresult *res = PQexecPrepared(s->pg, "q", 1, values, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
            die("libpq", PQerrorMessage(s->pg));
        s->bytes += strlen(PQgetvalue(res, 0, 0));
        PQclear(res);
    }
}

static void pq_close(side *s)
{
    if (PQtransactionStatus(s->pg) == PQTRANS_INTRANS)
        pg_ok(s->pg, PQexec(s->pg, "COMMIT"), PGRES_COMMAND_OK);
    if (s->bytes && s->bytes != (size_t)ROWS * strlen(NAME))
        die("libpq", "wrong rows");
    PQfinish(s->pg);
}

/* ---- MariaDB Connector/C ----------------------------------------------------------- */

static void my_die(side *s)
{
    die("mariadb", s->st ? mysql_stmt_error(s->st) : mysql_error(s->my));
}

static void my_open(side *s, const char *prepare)
{
    char path[300];
    snprintf(path, sizeof path, "%s/my.sock", sock);
    s->my = mysql_init(NULL);
    mysql_optionsv(s->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(s->my, NULL, "root", NULL, db, 0, path, CLIENT_FOUND_ROWS))
        my_die(s);
    s->st = mysql_stmt_init(s->my);
    if (mysql_stmt_prepare(s->st, prepare, strlen(prepare)))
        my_die(s);
    s->bytes = 0;
}

static void my_open_insert(side *s)
{
    my_open(s, "INSERT INTO t_base(id, name) VALUES (?, ?)");
    if (mysql_query(s->my, "DELETE FROM t_base") || mysql_query(s->my, "START TRANSACTION"))
        my_die(s);
}

static void my_insert_rows(side *s, int from, int n)
{
    long long id = 0;
    MYSQL_BIND p[2];
    memset(p, 0, sizeof p);
    p[0].buffer_type = MYSQL_TYPE_LONGLONG;
    p[0].buffer = &id;
    p[1].buffer_type = MYSQL_TYPE_STRING;
    p[1].buffer = (void *)NAME;
    p[1].buffer_length = strlen(NAME);
    for (int i = from; i < from + n; i++) {
        id = i;
        if (mysql_stmt_bind_param(s->st, p) || mysql_stmt_execute(s->st))
            my_die(s);
    }
}

static void my_open_select(side *s)
{
    my_open(s, "SELECT name FROM t_base WHERE id = ?");
}

static void my_select_rows(side *s, int from, int n)
{
    long long id = 0;
    MYSQL_BIND p, r;
    memset(&p, 0, sizeof p);
    memset(&r, 0, sizeof r);
    p.buffer_type = MYSQL_TYPE_LONGLONG;
    p.buffer = &id;
    char buf[256];
    unsigned long length = 0;
    my_bool is_null = 0;
    r.buffer_type = MYSQL_TYPE_STRING;
    r.buffer = buf;
    r.buffer_length = sizeof buf;
    r.length = &length;
    r.is_null = &is_null;
    if (mysql_stmt_bind_result(s->st, &r))
        my_die(s);
    for (int i = from; i < from + n; i++) {
        id = key(i);
        if (mysql_stmt_bind_param(s->st, &p) || mysql_stmt_execute(s->st) ||
            mysql_stmt_store_result(s->st) || mysql_stmt_fetch(s->st) != 0)
            my_die(s);
        s->bytes += length;
        mysql_stmt_free_result(s->st);
    }
}

static void my_close(side *s)
{
    if (mysql_query(s->my, "COMMIT"))
        my_die(s);
    if (s->bytes && s->bytes != (size_t)ROWS * strlen(NAME))
        die("mariadb", "wrong rows");
    mysql_stmt_close(s->st);
    s->st = NULL;
    mysql_close(s->my);
}

/* ---- Rounds -------------------------------------------------------------------------- */

/* The calling thread's CPU time in seconds: the client's own work, which is all the
 * shim can add (both sides make the same system calls and round trips). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* What a round measured of one side: wall and client CPU seconds. */
typedef struct spent {
    double wall, cpu;
} spent;

static void run_rows(side *s, int from, int n, spent *t, double *wall)
{
    double w0 = bench_now(), c0 = cpu_now();
    s->rows(s, from, n);
    *wall = bench_now() - w0;
    t->wall += *wall;
    t->cpu += cpu_now() - c0;
}

static void run_close(side *s, spent *t)
{
    double w0 = bench_now(), c0 = cpu_now();
    s->close(s);
    t->wall += bench_now() - w0;
    t->cpu += cpu_now() - c0;
}

/* One round: both sides' ROWS rows in alternating blocks (the side that runs first in
 * a pair alternates too); the time each side spent running its rows (connecting and
 * preparing excluded, beginning and committing included), and each pair's wall-clock
 * ratio likewise / baseline into ratios[0..BLOCKS). */
static void round_of(side *base, side *ours, spent *tb, spent *to, double *ratios)
{
    *tb = (spent){0, 0};
    *to = (spent){0, 0};
    base->open(base);
    ours->open(ours);
    int block = ROWS / BLOCKS;
    for (int b = 0; b < BLOCKS; b++) {
        double wb, wo;
        if (b % 2) {
            run_rows(ours, b * block, block, to, &wo);
            run_rows(base, b * block, block, tb, &wb);
        } else {
            run_rows(base, b * block, block, tb, &wb);
            run_rows(ours, b * block, block, to, &wo);
        }
        ratios[b] = wo / wb;
    }
    run_close(base, tb);
    run_close(ours, to);
}

typedef struct result {
    double base, ours; /* median round, wall seconds */
    double ratio;      /* median of every pair's wall ratio */
    double lo, hi;     /* the rounds' wall ratios, lowest and highest */
    double cpu;        /* median of the rounds' client CPU ratios */
} result;

/* A warm-up round, then ROUNDS rounds. */
static result compare(side *base, side *ours)
{
    spent tb[ROUNDS], to[ROUNDS];
    double ratios[ROUNDS * BLOCKS], wb[ROUNDS], wo[ROUNDS], round_ratio[ROUNDS], cpu[ROUNDS];
    round_of(base, ours, &tb[0], &to[0], ratios);
    for (int r = 0; r < ROUNDS; r++) {
        round_of(base, ours, &tb[r], &to[r], ratios + r * BLOCKS);
        wb[r] = tb[r].wall;
        wo[r] = to[r].wall;
        round_ratio[r] = to[r].wall / tb[r].wall;
        cpu[r] = to[r].cpu / tb[r].cpu;
    }
    qsort(wb, ROUNDS, sizeof wb[0], bench_cmp_double);
    qsort(wo, ROUNDS, sizeof wo[0], bench_cmp_double);
    qsort(round_ratio, ROUNDS, sizeof round_ratio[0], bench_cmp_double);
    qsort(cpu, ROUNDS, sizeof cpu[0], bench_cmp_double);
    qsort(ratios, ROUNDS * BLOCKS, sizeof ratios[0], bench_cmp_double);
    result res = {wb[ROUNDS / 2], wo[ROUNDS / 2],          ratios[ROUNDS * BLOCKS / 2],
                  round_ratio[0], round_ratio[ROUNDS - 1], cpu[ROUNDS / 2]};
    return res;
}

/* The embedded emulation alone: the median of ROUNDS whole runs. */
static double embedded(side *s)
{
    double t[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        s->open(s);
        double t0 = bench_now();
        s->rows(s, 0, ROWS);
        s->close(s);
        t[r] = bench_now() - t0;
    }
    qsort(t, ROUNDS, sizeof t[0], bench_cmp_double);
    return t[ROUNDS / 2];
}

static void fill(const char *url, const char *insert)
{
    side s = {.url = url, .sql = insert, .table = "t_base"};
    lw_open_insert(&s);
    lw_insert_rows(&s, 0, ROWS);
    lw_close_insert(&s);
}

int main(void)
{
    const char *dir = getenv("LW_ORACLE_DIR");
    snprintf(sock, sizeof sock, "%s/sock", dir ? dir : "/tmp/likewise-oracle");
    snprintf(db, sizeof db, "lwbench_%d", (int)getpid());
    char pg_admin[600], my_admin[600], pg_url[600], my_url[600], sql[200];
    snprintf(pg_admin, sizeof pg_admin, "postgresql:///postgres?host=%s&user=postgres", sock);
    snprintf(my_admin, sizeof my_admin, "mariadb://root@/?socket=%s/my.sock", sock);
    snprintf(pg_url, sizeof pg_url, "postgresql:///%s?host=%s&user=postgres", db, sock);
    snprintf(my_url, sizeof my_url, "mariadb://root@/%s?socket=%s/my.sock", db, sock);
    lw_conn *admin[2] = {open_lw(pg_admin), open_lw(my_admin)};
    const char *urls[2] = {pg_url, my_url};
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
    for (int k = 0; k < 2; k++) {
        exec_lw(admin[k], sql);
        lw_conn *c = open_lw(urls[k]);
        exec_lw(c, "CREATE TABLE t_base (id INT PRIMARY KEY, name VARCHAR(40)); "
                   "CREATE TABLE t_ours (id INT PRIMARY KEY, name VARCHAR(40))");
        lw_close(c);
    }

    static const char *const ins[2] = {"INSERT INTO t_ours(id, name) VALUES ($1, $2)",
                                       "INSERT INTO t_ours(id, name) VALUES (?, ?)"};
    static const char *const sel[2] = {"SELECT name FROM t_base WHERE id = $1",
                                       "SELECT name FROM t_base WHERE id = ?"};
    result res[4];
    double emb[4];
    side pq_ins = {.open = pq_open_insert, .rows = pq_insert_rows, .close = pq_close},
         pq_sel = {.open = pq_open_select, .rows = pq_select_rows, .close = pq_close},
         my_ins = {.open = my_open_insert, .rows = my_insert_rows, .close = my_close},
         my_sel = {.open = my_open_select, .rows = my_select_rows, .close = my_close};
    side *baselines[4] = {&pq_ins, &pq_sel, &my_ins, &my_sel};
    for (int i = 0; i < 4; i++) {
        int k = i / 2, select = i % 2;
        side lw = {.open = select ? lw_open_select : lw_open_insert,
                   .rows = select ? lw_select_rows : lw_insert_rows,
                   .close = select ? lw_close_select : lw_close_insert,
                   .url = urls[k],
                   .sql = select ? sel[k] : ins[k],
                   .table = "t_ours"};
        if (select)
            fill(urls[k], k ? "INSERT INTO t_base(id, name) VALUES (?, ?)"
                            : "INSERT INTO t_base(id, name) VALUES ($1, $2)");
        res[i] = compare(baselines[i], &lw);
    }

    /* The embedded emulation: the same loops on a shared in-memory database, kept
     * alive by one connection. */
    static const char *const embedded_urls[2] = {
        "sqlite::memory:?dialect=postgresql&shared=lwbench_pg",
        "sqlite::memory:?dialect=mariadb&shared=lwbench_my"};
    for (int k = 0; k < 2; k++) {
        lw_conn *keep = open_lw(embedded_urls[k]);
        exec_lw(keep, "CREATE TABLE t_base (id INT PRIMARY KEY, name VARCHAR(40)); "
                      "CREATE TABLE t_ours (id INT PRIMARY KEY, name VARCHAR(40))");
        side e_ins = {.open = lw_open_insert,
                      .rows = lw_insert_rows,
                      .close = lw_close_insert,
                      .url = embedded_urls[k],
                      .sql = ins[k],
                      .table = "t_ours"};
        side e_sel = {.open = lw_open_select,
                      .rows = lw_select_rows,
                      .close = lw_close_select,
                      .url = embedded_urls[k],
                      .sql = sel[k],
                      .table = "t_ours"};
        emb[2 * k] = embedded(&e_ins);
        fill(embedded_urls[k], k ? "INSERT INTO t_base(id, name) VALUES (?, ?)"
                                 : "INSERT INTO t_base(id, name) VALUES ($1, $2)");
        emb[2 * k + 1] = embedded(&e_sel);
        lw_close(keep);
    }

    snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", db);
    exec_lw(admin[0], sql);
    snprintf(sql, sizeof sql, "DROP DATABASE %s", db);
    exec_lw(admin[1], sql);
    lw_close(admin[0]);
    lw_close(admin[1]);

    static const char *const names[4] = {
        "PostgreSQL INSERT (libpq)", "PostgreSQL point SELECT (libpq)",
        "MariaDB INSERT (Connector/C)", "MariaDB point SELECT (Connector/C)"};
    printf("%-36s %9s %9s %9s %8s %13s %6s\n", "100,000 each (medians)", "baseline", "likewise",
           "embedded", "ratio", "rounds", "CPU");
    for (int i = 0; i < 4; i++)
        printf("%-36s %6.0f ms %6.0f ms %6.0f ms %7.3fx %5.2f-%5.2fx %5.2fx %-6s embedded "
               "%4.1fx faster\n",
               names[i], res[i].base * 1e3, res[i].ours * 1e3, emb[i] * 1e3, res[i].ratio,
               res[i].lo, res[i].hi, res[i].cpu, res[i].ratio <= 1.05 ? "MET" : "MISSED",
               res[i].ours / emb[i]);
    printf("ratio likewise/baseline, median of %d pairs of blocks of %d statements (target <= "
           "1.05): PostgreSQL INSERT %.3fx, SELECT %.3fx; MariaDB INSERT %.3fx, SELECT "
           "%.3fx\n",
           ROUNDS * BLOCKS, ROWS / BLOCKS, res[0].ratio, res[1].ratio, res[2].ratio, res[3].ratio);
    return 0;
}
