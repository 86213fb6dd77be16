/*
 * Unit tests of the busy module: the policy's handler alone (polling to the deadline,
 * NOWAIT, a zero timeout, a fresh deadline per wait) and lw_busy_timeout() on plain
 * SQLite connections to one file: it returns the timeout before the call, a second
 * connection waits for the lock to its deadline (and gets it when the holder lets go
 * in time), and without it the same statement fails at once.
 */
#include "lw_test.h"
#include "busy/busy.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

static char db_path[256];

static double now_ms(void)
{
    return lw_busy_now() * 1000.0;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A connection to the test's database file with likewise registered. */
static sqlite3 *open_file(void)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    if (sqlite3_likewise_init(db, &err, NULL) != SQLITE_OK) {
        fprintf(stderr, "likewise init failed: %s\n", err ? err : "?");
        fail();
    }
    return db;
}

static int exec_rc(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) & 0xff;
}

static int make_file(void **state)
{
    (void)state;
    snprintf(db_path, sizeof db_path, "/tmp/lw_test_busy_%d.db", (int)getpid());
    unlink(db_path);
    sqlite3 *db = NULL;
    if (sqlite3_open(db_path, &db) != SQLITE_OK)
        return -1;
    int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE t(a)", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

static int remove_file(void **state)
{
    (void)state;
    char path[300];
    unlink(db_path);
    snprintf(path, sizeof path, "%s-wal", db_path);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", db_path);
    unlink(path);
    return 0;
}

/* 1. The handler polls, about every 1 to 2 ms, until the deadline, then gives up
 * and records that it waited to the deadline. */
static void test_handler_polls_to_deadline(void **state)
{
    (void)state;
    lw_busy busy;
    lw_busy_init(&busy, 60);
    double t0 = now_ms();
    int calls = 0;
    while (lw_busy_handler(&busy, calls))
        calls++;
    double waited = now_ms() - t0;
    assert_true(waited >= 59 && waited < 1000);
    assert_true(calls >= 10); /* a growing-sleep handler would call far fewer times */
    assert_int_equal(busy.timed_out, 1);
}

/* 2. NOWAIT gives up at once without calling it a timeout; a zero timeout gives up at
 * once and does; each wait (count 0) starts its own deadline. */
static void test_handler_nowait_and_zero(void **state)
{
    (void)state;
    lw_busy busy;
    lw_busy_init(&busy, 1000);
    busy.nowait = 1;
    double t0 = now_ms();
    assert_int_equal(lw_busy_handler(&busy, 0), 0);
    assert_true(now_ms() - t0 < 50);
    assert_int_equal(busy.timed_out, 0);

    lw_busy_init(&busy, 0);
    assert_int_equal(lw_busy_handler(&busy, 0), 0);
    assert_int_equal(busy.timed_out, 1);

    lw_busy_init(&busy, 30);
    int calls = 0;
    while (lw_busy_handler(&busy, calls))
        calls++;
    busy.timed_out = 0;
    t0 = now_ms();
    assert_int_equal(lw_busy_handler(&busy, 0), 1); /* a new wait, a new deadline */
    assert_true(now_ms() - t0 < 30);
    assert_int_equal(busy.timed_out, 0);
}

/* 3. lw_busy_sleep sleeps the time asked plus at most the jitter. */
static void test_sleep_with_jitter(void **state)
{
    (void)state;
    lw_busy busy;
    lw_busy_init(&busy, 0);
    for (int i = 0; i < 5; i++) {
        double t0 = now_ms();
        lw_busy_sleep(&busy, 2, 1);
        double slept = now_ms() - t0;
        assert_true(slept >= 2 && slept < 50);
    }
}

/* 4. lw_busy_timeout() returns the timeout before the call: SQLite's own until the
 * policy is installed, the policy's after, SQLite's again once PRAGMA busy_timeout
 * has put SQLite's handler back. */
static void test_sql_returns_timeout_before(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db, "SELECT lw_busy_timeout()", "0");
    assert_sql(db, "PRAGMA busy_timeout = 1500", "1500");
    assert_sql(db, "SELECT lw_busy_timeout()", "1500");
    assert_sql(db, "SELECT lw_busy_timeout(250)", "1500");
    assert_sql(db, "SELECT lw_busy_timeout()", "250");
    assert_sql(db, "SELECT lw_busy_timeout(2500.0)", "250");
    assert_sql(db, "PRAGMA busy_timeout", "0"); /* SQLite reports its own handler only */
    assert_sql(db, "SELECT lw_busy_timeout(0)", "2500");
    assert_sql(db, "PRAGMA busy_timeout = 700", "700");
    assert_sql(db, "SELECT lw_busy_timeout()", "700");
    assert_sql(db, "SELECT lw_busy_timeout(2147483647)", "700");
    assert_sql(db, "SELECT lw_busy_timeout()", "2147483647");
}

/* 5. A bad timeout is an error naming the value; the function cannot run from a
 * view or a trigger (DIRECTONLY). */
static void test_sql_errors(void **state)
{
    sqlite3 *db = *state;
    const char *expected =
        "lw_busy_timeout(): argument 1 must be milliseconds (an integer from 0 to 2147483647), ";
    char fragment[256];
    static const struct {
        const char *arg, *got;
    } bad[] = {
        {"-1", "got -1"},     {"2147483648", "got 2147483648"}, {"1.5", "got 1.5"},
        {"NULL", "got NULL"}, {"'5000'", "got text '5000'"},    {"x'00'", "got a blob"},
        {"-0.5", "got -0.5"}, {"1e300", "got 1.0e+300"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT lw_busy_timeout(%s)", bad[i].arg);
        snprintf(fragment, sizeof fragment, "%s%s", expected, bad[i].got);
        assert_sql_error(db, sql, fragment);
    }
    assert_sql_error(db, "SELECT lw_busy_timeout(1, 2)", "wrong number of arguments");
    assert_sql(db, "CREATE VIEW busy_view AS SELECT lw_busy_timeout() AS ms", "(no rows)");
    assert_sql_error(db, "SELECT ms FROM busy_view", "unsafe use of lw_busy_timeout()");
    assert_sql(db, "DROP VIEW busy_view", "(no rows)");
}

typedef struct holder {
    sqlite3 *db;
    int hold_ms;
} holder;

static void *release_later(void *arg)
{
    holder *h = arg;
    sleep_ms(h->hold_ms);
    assert_int_equal(exec_rc(h->db, "COMMIT"), SQLITE_OK);
    return NULL;
}

/* 6. With the policy a writer waits for the lock: to its deadline when the holder
 * keeps it, and only until the holder lets go when that comes first. Without it the
 * same statement fails at once (what this module exists to change). */
static void test_sql_waits_for_the_lock(void **state)
{
    (void)state;
    sqlite3 *a = open_file(), *b = open_file();
    assert_int_equal(exec_rc(a, "BEGIN IMMEDIATE"), SQLITE_OK);

    double t0 = now_ms();
    assert_int_equal(exec_rc(b, "INSERT INTO t VALUES (1)"), SQLITE_BUSY);
    assert_true(now_ms() - t0 < 50);

    assert_sql(b, "SELECT lw_busy_timeout(150)", "0");
    t0 = now_ms();
    assert_int_equal(exec_rc(b, "INSERT INTO t VALUES (1)"), SQLITE_BUSY);
    double waited = now_ms() - t0;
    assert_true(waited >= 145 && waited < 1000);

    assert_sql(b, "SELECT lw_busy_timeout(10000)", "150");
    holder h = {a, 120};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, release_later, &h), 0);
    t0 = now_ms();
    assert_int_equal(exec_rc(b, "INSERT INTO t VALUES (2)"), SQLITE_OK);
    waited = now_ms() - t0;
    pthread_join(thread, NULL);
    assert_true(waited >= 100 && waited < 5000);
    assert_sql(b, "SELECT group_concat(a) FROM t", "2");
    sqlite3_close(a);
    sqlite3_close(b);
}

static void other_timeout(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, -1);
}

/* 7. Replacing both lw_busy_timeout functions frees the policy's state and takes
 * the handler away with it: the connection then fails at once instead of calling
 * freed memory (the sanitizer build would catch that). */
static void test_replaced_functions_uninstall_the_handler(void **state)
{
    (void)state;
    sqlite3 *a = open_file(), *b = open_file();
    assert_sql(b, "SELECT lw_busy_timeout(5000)", "0");
    for (int n_arg = 0; n_arg <= 1; n_arg++)
        assert_int_equal(sqlite3_create_function(b, "lw_busy_timeout", n_arg, SQLITE_UTF8, NULL,
                                                 other_timeout, NULL, NULL),
                         SQLITE_OK);
    assert_sql(b, "SELECT lw_busy_timeout()", "-1");
    assert_int_equal(exec_rc(a, "BEGIN IMMEDIATE"), SQLITE_OK);
    double t0 = now_ms();
    assert_int_equal(exec_rc(b, "INSERT INTO t VALUES (3)"), SQLITE_BUSY);
    assert_true(now_ms() - t0 < 1000);
    assert_int_equal(exec_rc(a, "ROLLBACK"), SQLITE_OK);
    sqlite3_close(a);
    sqlite3_close(b);
}

static int setup(void **state)
{
    return make_file(state) == 0 ? lw_test_open(state) : -1;
}

static int teardown(void **state)
{
    int rc = lw_test_close(state);
    return remove_file(state) == 0 ? rc : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handler_polls_to_deadline),
        cmocka_unit_test(test_handler_nowait_and_zero),
        cmocka_unit_test(test_sleep_with_jitter),
        cmocka_unit_test(test_sql_returns_timeout_before),
        cmocka_unit_test(test_sql_errors),
        cmocka_unit_test(test_sql_waits_for_the_lock),
        cmocka_unit_test(test_replaced_functions_uninstall_the_handler),
    };
    return cmocka_run_group_tests_name("busy", tests, setup, teardown);
}
