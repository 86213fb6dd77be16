/*
 * The mysql dialect's time zones and times (runtime_zone.c, runtime_temporal.c,
 * runtime_calendar.c): zone names and offsets as MariaDB reads them, wall clock to UTC
 * across daylight-saving transitions (MariaDB's rules: a skipped time is the
 * transition's instant, a repeated one the earlier instant), TIMESTAMP columns stored
 * in UTC, CONVERT_TZ, TIME beyond 24 hours, and a temporal compared with a string.
 * sql_tests/mysql/18_time_zones.test holds the differential records; these tests pin
 * down the C API and the translated text.
 */
#include "lw_shim_test.h"
#include "lw_dialect_test.h"

#include "dialect/dialect.h"
#include "dialect/mysql/runtime_int.h"
#include "likewise.h"

#define MARIADB_URL "sqlite::memory:?dialect=mariadb"

#define assert_display(conn, sql, expected)                                                        \
    assert_string_equal(mysql_display((conn), (sql), NULL, 0), (expected))

/* A session of the dialect's runtime on its own connection. */
typedef struct fixture {
    sqlite3 *db;
    my_session *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char *msg = NULL;
    if (!f || sqlite3_open(":memory:", &f->db) != SQLITE_OK ||
        my_runtime_open(f->db, &my_mariadb_flavor, &f->s, &msg) != SQLITE_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    my_runtime_close(f->s);
    sqlite3_close(f->db);
    free(f);
    return 0;
}

static int lookup(fixture *f, const char *name, my_zone *z, char *shown)
{
    return my_zone_lookup(f->s, name, strlen(name), z, shown, 64);
}

/* 1. Names: SYSTEM, offsets from -12:59 to +13:00 written as MariaDB reads them, and
 * names of the tz database matched ignoring case. */
static void test_zone_names(void **state)
{
    fixture *f = *state;
    my_zone z;
    char shown[64];
    assert_int_equal(lookup(f, "system", &z, shown), 0);
    assert_int_equal(z.kind, MY_ZONE_SYSTEM);
    assert_int_equal(lookup(f, "+5:0", &z, shown), 0);
    assert_int_equal(z.kind, MY_ZONE_FIXED);
    assert_int_equal(z.offset, 5 * 3600);
    assert_string_equal(shown, "+05:00");
    assert_int_equal(lookup(f, "-12:59", &z, shown), 0);
    assert_int_equal(z.offset, -(12 * 3600 + 59 * 60));
    assert_int_equal(lookup(f, "+13:00", &z, shown), 0);
    assert_int_equal(lookup(f, "+13:01", &z, shown), -1);
    assert_int_equal(lookup(f, "+14:00", &z, shown), -1);
    assert_int_equal(lookup(f, "+05:60", &z, shown), -1);
    assert_int_equal(lookup(f, "+05", &z, shown), -1);
    assert_int_equal(lookup(f, "europe/berlin", &z, shown), 0);
    assert_int_equal(z.kind, MY_ZONE_NAMED);
    assert_string_equal(shown, "Europe/Berlin");
    assert_int_equal(lookup(f, "Nowhere/Special", &z, shown), -1);
    assert_int_equal(lookup(f, "../../etc/passwd", &z, shown), -1);
    assert_int_equal(lookup(f, "", &z, shown), -1);
}

/* 2. Wall clock to UTC across transitions: Berlin's spring gap (02:30 is the
 * transition, 01:00 UTC), its autumn repeat (02:30 is the earlier, summer-time
 * instant), New York's, and Lord Howe's half-hour shift. */
static void test_zone_transitions(void **state)
{
    fixture *f = *state;
    my_zone z;
    int gap;
    assert_int_equal(lookup(f, "Europe/Berlin", &z, NULL), 0);
    /* 2024-03-31 02:30 local; 1711852200 is that wall clock read as UTC. */
    assert_int_equal(my_zone_to_utc(&z, 1711852200, &gap), 1711846800);
    assert_int_equal(gap, 1);
    assert_int_equal(my_zone_to_utc(&z, 1729996200, &gap), 1729989000);
    assert_int_equal(gap, 0);
    assert_int_equal(my_zone_offset_at(&z, 1729989000), 7200);
    assert_int_equal(my_zone_offset_at(&z, 1729989000 + 3600), 3600);
    assert_int_equal(lookup(f, "Australia/Lord_Howe", &z, NULL), 0);
    /* 2024-10-06 02:10 local is in the 30-minute gap: 2024-10-05 15:30 UTC. */
    assert_int_equal(my_zone_to_utc(&z, 1728180600, &gap), 1728142200);
    assert_int_equal(gap, 1);
    assert_int_equal(lookup(f, "-05:00", &z, NULL), 0);
    assert_int_equal(my_zone_to_utc(&z, 0, &gap), 5 * 3600);
    assert_int_equal(gap, 0);
}

/* 3. Through SQL: SET time_zone checks the name, TIMESTAMP columns hold UTC, a time in
 * a gap is refused in strict mode and warned about otherwise, CONVERT_TZ. */
static void test_timestamp_columns(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    assert_display(c, "SET time_zone = 'Mars/Base'",
                   "ERROR 1298 (HY000): Unknown or incorrect time zone: 'Mars/Base'");
    exec_ok(c, "SET time_zone = 'europe/berlin'");
    assert_display(c, "SELECT @@time_zone", "Europe/Berlin");
    exec_ok(c, "CREATE TABLE s (id INT, ts TIMESTAMP(3) NULL, dt DATETIME)");
    exec_ok(c, "INSERT INTO s VALUES (1, '2024-07-01 12:00:00.5', '2024-07-01 12:00:00')");
    assert_display(c, "INSERT INTO s VALUES (2, '2024-03-31 02:30:00', NULL)",
                   "ERROR 1292 (22007): Incorrect datetime value: '2024-03-31 02:30:00' for column "
                   "`main`.`s`.`ts` at row 1");
    exec_ok(c, "SET sql_mode = ''");
    exec_ok(c, "INSERT INTO s VALUES (2, '2024-03-31 02:30:00', NULL)");
    assert_int_equal(lw_warning_code(c, 0), 1299);
    exec_ok(c, "SET time_zone = '+00:00'");
    assert_display(c, "SELECT ts, dt FROM s WHERE id = 1",
                   "2024-07-01 10:00:00.500|2024-07-01 12:00:00");
    assert_display(c, "SELECT ts FROM s WHERE id = 2", "2024-03-31 01:00:00.000");
    assert_display(c, "SELECT COUNT(*) FROM s WHERE ts = '2024-7-1 10:00:00.5'", "1");
    exec_ok(c, "SET time_zone = 'America/New_York'");
    assert_display(c, "SELECT HOUR(ts), UNIX_TIMESTAMP(ts) FROM s WHERE id = 1",
                   "6|1719828000.500");
    assert_display(c,
                   "SELECT CONVERT_TZ('2024-11-03 01:30:00', 'America/New_York', 'UTC'), "
                   "CONVERT_TZ('2040-01-01 00:00:00', 'UTC', '+01:00'), "
                   "CONVERT_TZ('2024-01-01', 'UTC', 'Nowhere')",
                   "2024-11-03 05:30:00|2040-01-01 00:00:00|NULL");
    lw_close(c);
}

/* 4. TIME beyond 24 hours, clipped at 838:59:59 with MariaDB's warnings; fractions of
 * TIMEDIFF, SEC_TO_TIME and TIME_TO_SEC; a temporal compared with a string. */
static void test_times(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE d (t TIME)");
    exec_ok(c, "INSERT INTO d VALUES ('838:59:59'), ('-838:59:59'), ('1 02:00')");
    assert_display(c, "SELECT COUNT(*) FROM d", "3");
    assert_display(c, "SELECT CAST('900:00:00' AS TIME)", "838:59:59");
    assert_int_equal(lw_warning_code(c, 0), 1292);
    assert_string_equal(lw_warning(c, 0), "Truncated incorrect time value: '900:00:00'");
    assert_display(c,
                   "SELECT TIMEDIFF('10:00:00.5', '00:00:00'), SEC_TO_TIME(-1.5), "
                   "TIME_TO_SEC('-01:00:00.5'), ADDTIME('838:00:00', '10:00:00')",
                   "10:00:00.5|-00:00:01.5|-3600.5|838:59:59.999999");
    assert_string_equal(lw_warning(c, 0), "Truncated incorrect time value: '848:00:00'");
    assert_display(c,
                   "SELECT DATE '2024-01-02' = '2024-1-2', DATE '2024-01-02' = "
                   "'2024-01-02 00:00:01', DATE '2024-01-02' = 20240102",
                   "1|0|1");
    const char *sql =
        lw_test_translate(&lw_dialect_mariadb, "SELECT DATE '2024-01-02' = '2024-1-2'", 1);
    assert_non_null(strstr(sql, "my_temporal_as('2024-1-2' , 'date', -1)"));
    lw_close(c);
}

/* 5. MY_TIME orders durations; text that is no TIME comes after them. DEFAULT
 * CURRENT_TIMESTAMP(3) of a TIMESTAMP(3) keeps three fraction digits. */
static void test_time_order_and_defaults(void **state)
{
    (void)state;
    assert_true(my_time_collate(NULL, 10, "-100:00:00", 9, "-01:02:03") < 0);
    assert_true(my_time_collate(NULL, 8, "25:00:00", 9, "100:00:00") < 0);
    assert_true(my_time_collate(NULL, 10, "00:00:00.5", 8, "00:00:00") > 0);
    assert_int_equal(my_time_collate(NULL, 8, "01:00:00", 8, "01:00:00"), 0);
    assert_true(my_time_collate(NULL, 8, "01:00:00", 3, "abc") < 0);
    assert_true(my_time_collate(NULL, 3, "abd", 3, "abc") > 0);
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "SET time_zone = '+05:00'");
    exec_ok(c, "CREATE TABLE k (id INT, ts TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
               "dt DATETIME DEFAULT CURRENT_TIMESTAMP)");
    exec_ok(c, "INSERT INTO k (id) VALUES (1)");
    assert_display(c,
                   "SELECT LENGTH(ts), TIMESTAMPDIFF(SECOND, ts, NOW()) BETWEEN 0 AND 5, "
                   "TIMESTAMPDIFF(SECOND, dt, NOW()) BETWEEN 0 AND 5 FROM k",
                   "23|1|1");
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_zone_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zone_transitions, setup, teardown),
        cmocka_unit_test(test_timestamp_columns),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_time_order_and_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
