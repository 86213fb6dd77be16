/*
 * The postgresql dialect's dates, times and intervals: the plain-C core (pgtime.h)
 * on its own, then through a connection what the differential files cannot pin down
 * (the clock functions against each other, the stored forms, the translation of the
 * time constructs). sql_tests/postgresql/15-18 hold the records compared with
 * PostgreSQL 15; the zone facts used here are all before 2023.
 */
#include "lw_shim_test.h"

#include <time.h>

#include "dialect/postgresql/pgtime.h"
#include "dialect/postgresql/pgtime_tochar.h"
#include "likewise.h"

#define PG_URL "sqlite::memory:?dialect=postgresql"

static lw_zone_db *zones;

static pg_dtctx context(const char *zone)
{
    pg_dtctx dt;
    memset(&dt, 0, sizeof dt);
    const lw_zone *z = NULL;
    assert_int_equal(lw_zone_db_get(zones, zone, strlen(zone), LW_ZONE_DB_POSIX, &z), LW_ZONE_OK);
    dt.session = z;
    dt.zones = zones;
    dt.now = INT64_C(713000000000000); /* 2022-08-05 07:33:20 UTC */
    dt.style = LW_INTERVAL_POSTGRES;
    return dt;
}

/* A timestamptz read in zone and shown in show_zone. */
static const char *tstz(const char *zone, const char *in, const char *show_zone)
{
    static char buf[PG_DT_TEXT_MAX];
    pg_dtctx dt = context(zone), shown = context(show_zone);
    pg_timestamp t;
    pg_dterr err = pg_timestamptz_in(&dt, in, strlen(in), -1, &t);
    if (err) {
        snprintf(buf, sizeof buf, "ERROR %d", (int)err);
        return buf;
    }
    pg_timestamptz_out(t, shown.session, buf);
    return buf;
}

static void test_input_forms(void **state)
{
    (void)state;
    pg_dtctx dt = context("UTC");
    char buf[PG_DT_TEXT_MAX];
    static const struct {
        const char *in, *out;
    } dates[] = {
        {"2022-08-07", "2022-08-07"}, {"Aug 7, 2022", "2022-08-07"},
        {"20220807", "2022-08-07"},   {"2022.219", "2022-08-07"},
        {"8/7/2022", "2022-08-07"},   {"7-Aug-2022", "2022-08-07"},
        {"J2459799", "2022-08-07"},   {"0044-03-15 BC", "0044-03-15 BC"},
        {"infinity", "infinity"},     {"epoch", "1970-01-01"},
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        pg_date d;
        assert_int_equal(pg_date_in(&dt, dates[i].in, strlen(dates[i].in), &d), PG_DT_OK);
        pg_date_out(d, buf);
        assert_string_equal(buf, dates[i].out);
    }
    pg_date d;
    assert_int_equal(pg_date_in(&dt, "today", 5, &d), PG_DT_OK);
    pg_date_out(d, buf);
    assert_string_equal(buf, "2022-08-05");
    pg_timestamp t;
    assert_int_equal(pg_timestamp_in(&dt, "Sun Aug 07 13:14:15 2022", 24, -1, &t), PG_DT_OK);
    pg_timestamp_out(t, buf);
    assert_string_equal(buf, "2022-08-07 13:14:15");
    assert_int_equal(pg_timestamp_in(&dt, "2022-08-07 13:14:15.123456", 26, 3, &t), PG_DT_OK);
    pg_timestamp_out(t, buf);
    assert_string_equal(buf, "2022-08-07 13:14:15.123");
    assert_int_equal(pg_timestamp_in(&dt, "294277-01-01", 12, -1, &t), PG_DTERR_TS_RANGE);
    assert_int_equal(pg_timestamp_in(&dt, "2022-01-01 25:00", 16, -1, &t), PG_DTERR_FIELD_OVERFLOW);
    pg_time tm;
    assert_int_equal(pg_time_in(&dt, "01:00 PM", 8, -1, &tm), PG_DT_OK);
    pg_time_out(tm, buf);
    assert_string_equal(buf, "13:00:00");
    assert_int_equal(pg_time_in(&dt, "24:00:00", 8, -1, &tm), PG_DT_OK);
    assert_int_equal(pg_time_in(&dt, "24:00:01", 8, -1, &tm), PG_DTERR_FIELD_OVERFLOW);
    lw_interval iv;
    assert_int_equal(pg_interval_in(&dt, "1-2 3 4:05:06", 13, -1, &iv), PG_DT_OK);
    assert_true(iv.months == 14 && iv.days == 3 && iv.usec == INT64_C(14706000000));
    assert_int_equal(pg_interval_in(&dt, "@ 1 day 2 hours ago", 19, -1, &iv), PG_DT_OK);
    assert_true(iv.days == -1 && iv.usec == -INT64_C(7200000000));
    assert_int_equal(pg_interval_in(&dt, "2147483648 days", 15, -1, &iv), PG_DTERR_INTERVAL_FIELD);
    assert_int_equal(pg_interval_in(&dt, "1 fortnight", 11, -1, &iv), PG_DTERR_BAD_FORMAT);
    /* INTERVAL '1 day 2 hours 3 minutes' HOUR keeps the hours. */
    int typmod = pg_interval_typmod(PG_IV_HOUR, PG_IV_FULL_PRECISION);
    assert_int_equal(pg_interval_in(&dt, "1 day 2 hours 3 minutes", 23, typmod, &iv), PG_DT_OK);
    assert_true(iv.days == 1 && iv.usec == INT64_C(7200000000));
}

static void test_zones(void **state)
{
    (void)state;
    /* The session zone reads and shows timestamptz; DST in both directions. */
    assert_string_equal(tstz("Europe/Berlin", "2022-03-27 02:30", "Europe/Berlin"),
                        "2022-03-27 03:30:00+02");
    assert_string_equal(tstz("Europe/Berlin", "2022-10-30 02:30", "UTC"), "2022-10-30 01:30:00+00");
    assert_string_equal(tstz("UTC", "2022-10-30 02:30 CEST", "Europe/Berlin"),
                        "2022-10-30 02:30:00+02");
    assert_string_equal(tstz("UTC", "2022-08-07 13:14:15 Asia/Kolkata", "UTC"),
                        "2022-08-07 07:44:15+00");
    assert_string_equal(tstz("Australia/Lord_Howe", "2022-10-02 02:15", "Australia/Lord_Howe"),
                        "2022-10-02 02:45:00+11");
    assert_string_equal(tstz("UTC", "2022-01-01 12:00 +25", "UTC"), "ERROR 5");
    assert_string_equal(tstz("UTC", "2022-01-01 12:00 Mars/Olympus", "UTC"), "ERROR 6");
    assert_string_equal(tstz("<-03>+03", "2022-01-01 12:00", "UTC"), "2022-01-01 15:00:00+00");
    /* Zones by name for AT TIME ZONE: abbreviations, tz names, POSIX strings. */
    pg_dtctx dt = context("UTC");
    pg_zone z;
    assert_int_equal(pg_zone_lookup(&dt, "EST", 3, &z), PG_DT_OK);
    assert_true(z.fixed && z.gmtoff == -5 * 3600);
    assert_int_equal(pg_zone_lookup(&dt, "America/New_York", 16, &z), PG_DT_OK);
    assert_true(!z.fixed && z.zone);
    assert_int_equal(pg_zone_lookup(&dt, "UTC-2", 5, &z), PG_DT_OK);
    assert_int_equal(pg_zone_offset_at(&z, 0), -7200);
    assert_int_equal(pg_zone_lookup(&dt, "Mars/Olympus", 12, &z), PG_DTERR_BAD_TIMEZONE);
    /* + 1 day across the spring change keeps the wall clock: 23 hours. */
    pg_dtctx berlin = context("Europe/Berlin");
    pg_timestamp t, r;
    char buf[PG_DT_TEXT_MAX];
    assert_int_equal(pg_timestamptz_in(&berlin, "2022-03-26 12:00", 16, -1, &t), PG_DT_OK);
    lw_interval day = {0, 1, 0};
    assert_int_equal(pg_timestamp_pl_interval(t, &day, berlin.session, &r), PG_DT_OK);
    pg_timestamptz_out(r, berlin.session, buf);
    assert_string_equal(buf, "2022-03-27 12:00:00+02");
    assert_int_equal((r - t) / LW_USEC_PER_HOUR, 23);
    lw_interval age;
    assert_int_equal(pg_timestamp_age(r, t, berlin.session, &age), PG_DT_OK);
    assert_true(age.months == 0 && age.days == 1 && age.usec == 0);
    assert_int_equal(pg_timestamp_trunc("day", r, berlin.session, &t), PG_DT_OK);
    pg_timestamptz_out(t, berlin.session, buf);
    assert_string_equal(buf, "2022-03-27 00:00:00+01");
}

static void test_parts_and_templates(void **state)
{
    (void)state;
    pg_dtctx dt = context("UTC");
    pg_timestamp t;
    pg_part p;
    assert_int_equal(pg_timestamp_in(&dt, "2022-08-17 13:45:56.123456", 26, -1, &t), PG_DT_OK);
    assert_int_equal(pg_timestamp_part("julian", t, NULL, &p), PG_DT_OK);
    assert_true(p.kind == PG_PART_JULIAN && p.value == 2459809);
    assert_int_equal(pg_timestamp_part("second", t, NULL, &p), PG_DT_OK);
    assert_true(p.kind == PG_PART_FIXED && p.value == 56123456 && p.scale == 6);
    assert_true(pg_part_double(&p) > 56.12 && pg_part_double(&p) < 56.13);
    assert_int_equal(pg_timestamp_part("timezone", t, NULL, &p), PG_DTERR_UNIT_UNSUPPORTED);
    assert_int_equal(pg_timestamp_part("fortnight", t, NULL, &p), PG_DTERR_UNIT_UNKNOWN);
    assert_int_equal(pg_timestamp_part("year", PG_TS_NOEND, NULL, &p), PG_DT_OK);
    assert_int_equal(p.kind, PG_PART_INFINITY);
    lw_interval iv = {26, 40, INT64_C(93598500000)};
    assert_int_equal(pg_interval_part("hour", &iv, &p), PG_DT_OK);
    assert_true(p.kind == PG_PART_INT && p.value == 25);
    assert_int_equal(pg_interval_part("dow", &iv, &p), PG_DTERR_UNIT_UNSUPPORTED);
    /* to_char's fields and to_date's reading. */
    pg_fmt_tm tm;
    memset(&tm, 0, sizeof tm);
    tm.year = 2022, tm.mon = 8, tm.mday = 7, tm.hour = 21, tm.min = 5, tm.sec = 3, tm.wday = 0;
    tm.yday = 219;
    size_t n;
    static const char fmt[] = "FMDay, FMDDth FMMonth YYYY HH12:MI pm \"Q\"Q RM";
    char *s = pg_to_char(&tm, fmt, sizeof fmt - 1, &n);
    assert_string_equal(s, "Sunday, 7th August 2022 09:05 pm Q3 VIII");
    sqlite3_free(s);
    pg_fromchar fc;
    char state6[6], msg[256];
    assert_int_equal(
        pg_from_char("2022-W32-1", 10, "IYYY-\"W\"IW-ID", 13, &fc, state6, msg, sizeof msg), 0);
    assert_true(fc.year == 2022 && fc.mon == 8 && fc.mday == 8);
    assert_int_equal(pg_from_char("2022-13-01", 10, "YYYY-MM-DD", 10, &fc, state6, msg, sizeof msg),
                     -1);
    assert_string_equal(state6, "22008");
    assert_string_equal(msg, "date/time field value out of range: \"2022-13-01\"");
    assert_int_equal(pg_from_char("abc", 3, "YYYY", 4, &fc, state6, msg, sizeof msg), -1);
    assert_string_equal(msg, "invalid value \"abc\" for \"YYYY\"");
}

/* The first value as psql shows it, or "ERROR <sqlstate>". */
static const char *display(lw_conn *conn, const char *sql)
{
    static char buf[512];
    lw_rows *rows = NULL;
    int rc = lw_query(conn, sql, NULL, 0, &rows);
    if (rc == 0)
        rc = lw_rows_next(rows);
    if (rc < 0)
        snprintf(buf, sizeof buf, "ERROR %s", lw_error_sqlstate(lw_last_error(conn)));
    else if (rc == LW_DONE)
        snprintf(buf, sizeof buf, "(no rows)");
    else
        snprintf(buf, sizeof buf, "%s",
                 lw_column_is_null(rows, 0) ? "NULL" : lw_column_display(rows, 0));
    lw_rows_close(rows);
    return buf;
}

static void test_clock(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    /* now() is the transaction's start: earlier than the wall clock read in the same
     * statement, equal across the statements of a transaction. */
    assert_string_equal(display(c, "SELECT clock_timestamp() >= now()"), "t");
    assert_string_equal(display(c, "SELECT statement_timestamp() >= transaction_timestamp()"), "t");
    exec_ok(c, "BEGIN");
    char first[64];
    snprintf(first, sizeof first, "%s", display(c, "SELECT now()::text"));
    struct timespec pause = {0, 5000000};
    nanosleep(&pause, NULL);
    assert_string_equal(display(c, "SELECT now()::text"), first);
    assert_string_equal(display(c, "SELECT statement_timestamp() > now()"), "t");
    assert_string_equal(display(c, "SELECT clock_timestamp() > now()"), "t");
    exec_ok(c, "COMMIT");
    assert_string_not_equal(display(c, "SELECT now()::text"), first);
    lw_close(c);
}

static void test_stored_forms(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    exec_ok(c, "SET TIME ZONE 'America/New_York'");
    exec_ok(c, "CREATE TABLE e (id INT, at TIMESTAMPTZ, d INTERVAL, t TIME(0))");
    exec_ok(c, "INSERT INTO e VALUES (1, '2022-07-01 12:00', '25 hours', '08:00:00.6')");
    /* Stored as UTC text (sortable), shown in the session zone. */
    lw_rows *rows = NULL;
    assert_int_equal(lw_query(c, "SELECT at, d, t FROM e", NULL, 0, &rows), 0);
    assert_int_equal(lw_rows_next(rows), LW_ROW);
    assert_string_equal(lw_column_text(rows, 0), "2022-07-01 16:00:00+00");
    assert_string_equal(lw_column_display(rows, 0), "2022-07-01 12:00:00-04");
    assert_string_equal(lw_column_text(rows, 1), "25:00:00");
    assert_string_equal(lw_column_text(rows, 2), "08:00:01");
    lw_rows_close(rows);
    /* An interval column compares as intervals: 25 hours > 1 day. */
    assert_string_equal(display(c, "SELECT count(*) FROM e WHERE d > interval '1 day'"), "1");
    assert_string_equal(display(c, "SELECT count(*) FROM e WHERE d = '1 day 01:00:00'"), "1");
    assert_string_equal(display(c, "SELECT at::date FROM e"), "2022-07-01");
    exec_ok(c, "SET TIME ZONE 'Asia/Tokyo'");
    assert_string_equal(display(c, "SELECT at::date FROM e"), "2022-07-02");
    assert_string_equal(display(c, "SELECT at FROM e WHERE at = '2022-07-02 01:00'"),
                        "2022-07-02 01:00:00+09");
    exec_ok(c, "SET IntervalStyle = 'sql_standard'");
    assert_string_equal(display(c, "SELECT d FROM e"), "25:00:00");
    assert_string_equal(display(c, "SELECT d + interval '1 year'"), "ERROR 42703");
    assert_string_equal(display(c, "SELECT interval '1 year 2 days'"), "+1-0 +2 +0:00:00");
    assert_string_equal(display(c, "SET IntervalStyle = 'nonsense'"), "ERROR 22023");
    assert_string_equal(display(c, "SELECT time '12:00' + time '01:00'"), "ERROR 42725");
    lw_close(c);
}

int main(void)
{
    zones = lw_zone_db_new(LW_ZONEINFO_DIR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_forms),         cmocka_unit_test(test_zones),
        cmocka_unit_test(test_parts_and_templates), cmocka_unit_test(test_clock),
        cmocka_unit_test(test_stored_forms),
    };
    int rc = cmocka_run_group_tests_name("pg_datetime", tests, NULL, NULL);
    lw_zone_db_free(zones);
    return rc;
}
