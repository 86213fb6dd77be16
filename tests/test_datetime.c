/*
 * ext/datetime, the date/time core the dialects and ext/django share: the calendar,
 * zones from the system tz database (Debian's tzdata; the facts used here are all
 * before 2023), POSIX TZ strings and their rules past a file's table, local times a
 * transition skips or repeats, and intervals (PostgreSQL's output styles, the stored
 * form read back, comparison and arithmetic).
 */
#include "lw_test.h"

#include "datetime/calendar.h"
#include "datetime/interval.h"
#include "datetime/zone.h"

/* Seconds since 1970 of a UTC civil time. */
static int64_t utc(int64_t y, int mo, int d, int h, int mi)
{
    return lw_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

static void test_calendar(void **state)
{
    (void)state;
    assert_int_equal(lw_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(lw_days_from_civil(2000, 3, 1), 11017);
    int64_t y;
    int m, d;
    lw_civil_from_days(-719468, &y, &m, &d); /* 0000-03-01 */
    assert_true(y == 0 && m == 3 && d == 1);
    assert_true(lw_is_leap_year(2000) && !lw_is_leap_year(1900) && lw_is_leap_year(-4));
    assert_int_equal(lw_days_in_month(2024, 2), 29);
    assert_int_equal(lw_weekday(lw_days_from_civil(2022, 8, 7)), 0); /* a Sunday */
    int64_t iy;
    int w;
    lw_iso_week(2021, 1, 3, &iy, &w);
    assert_true(iy == 2020 && w == 53);
    lw_iso_week(2022, 8, 17, &iy, &w);
    assert_true(iy == 2022 && w == 33);
    assert_int_equal(lw_iso_week_start(2022, 32), lw_days_from_civil(2022, 8, 8));
    int year = 2022, month = 1, day = 31;
    assert_int_equal(lw_add_months(&year, &month, &day, 1), 0);
    assert_true(year == 2022 && month == 2 && day == 28);
    year = 2024, month = 2, day = 29;
    assert_int_equal(lw_add_months(&year, &month, &day, -12), 0);
    assert_true(year == 2023 && month == 2 && day == 28);
}

static void test_tz_database(void **state)
{
    (void)state;
    lw_zone_db *db = lw_zone_db_new(LW_ZONEINFO_DIR);
    assert_non_null(db);
    const lw_zone *berlin = NULL, *again = NULL, *z = NULL;
    assert_int_equal(lw_zone_db_get(db, "Europe/Berlin", 13, 0, &berlin), LW_ZONE_OK);
    /* Every spelling of a file is the one zone, named as the files spell it. */
    assert_int_equal(lw_zone_db_get(db, "europe/BERLIN", 13, 0, &again), LW_ZONE_OK);
    assert_ptr_equal(berlin, again);
    assert_string_equal(lw_zone_name(again), "Europe/Berlin");
    assert_int_equal(lw_zone_db_get(db, "Mars/Olympus", 12, 0, &z), LW_ZONE_UNKNOWN);
    assert_int_equal(lw_zone_db_get(db, "../etc/passwd", 13, 0, &z), LW_ZONE_UNKNOWN);
    lw_zone_local l;
    lw_zone_at(berlin, utc(2022, 1, 15, 12, 0), &l);
    assert_true(l.utoff == 3600 && !l.isdst && !strcmp(l.abbr, "CET"));
    lw_zone_at(berlin, utc(2022, 7, 15, 12, 0), &l);
    assert_true(l.utoff == 7200 && l.isdst && !strcmp(l.abbr, "CEST"));
    /* Past the file's table, the footer's POSIX rule: 2100 still has summer time. */
    lw_zone_at(berlin, utc(2100, 7, 1, 0, 0), &l);
    assert_int_equal(l.utoff, 7200);
    int64_t at;
    lw_zone_local before, after;
    assert_int_equal(lw_zone_next_transition(berlin, utc(2022, 3, 1, 0, 0), &at, &before, &after),
                     1);
    assert_int_equal(at, utc(2022, 3, 27, 1, 0));
    assert_true(before.utoff == 3600 && after.utoff == 7200);
    /* 02:30 on 2022-03-27 does not exist in Berlin: PostgreSQL reads it with the offset
     * before the transition (03:30 CEST); 02:30 on 2022-10-30 happens twice: standard
     * time for PostgreSQL, the earlier instant for LW_ZONE_EARLIER. */
    int64_t local = utc(2022, 3, 27, 2, 30);
    assert_int_equal(lw_zone_local_to_utc(berlin, local, LW_ZONE_POSTGRESQL, NULL),
                     utc(2022, 3, 27, 1, 30));
    local = utc(2022, 10, 30, 2, 30);
    assert_int_equal(lw_zone_local_to_utc(berlin, local, LW_ZONE_POSTGRESQL, NULL),
                     utc(2022, 10, 30, 1, 30));
    assert_int_equal(lw_zone_local_to_utc(berlin, local, LW_ZONE_EARLIER, NULL),
                     utc(2022, 10, 30, 0, 30));
    /* Sao Paulo had summer time until 2019; Lord Howe moves by 30 minutes. */
    assert_int_equal(lw_zone_db_get(db, "America/Sao_Paulo", 17, 0, &z), LW_ZONE_OK);
    lw_zone_at(z, utc(2019, 1, 1, 0, 0), &l);
    assert_int_equal(l.utoff, -7200);
    lw_zone_at(z, utc(2020, 1, 1, 0, 0), &l);
    assert_int_equal(l.utoff, -10800);
    assert_int_equal(lw_zone_db_get(db, "Australia/Lord_Howe", 19, 0, &z), LW_ZONE_OK);
    lw_zone_at(z, utc(2022, 7, 1, 0, 0), &l);
    assert_int_equal(l.utoff, 37800);
    lw_zone_at(z, utc(2022, 12, 1, 0, 0), &l);
    assert_int_equal(l.utoff, 39600);
    /* A name that is no file may be a POSIX string when the caller says so. */
    assert_int_equal(lw_zone_db_get(db, "UTC+3", 5, 0, &z), LW_ZONE_UNKNOWN);
    assert_int_equal(lw_zone_db_get(db, "UTC+3", 5, LW_ZONE_DB_POSIX, &z), LW_ZONE_OK);
    lw_zone_at(z, 0, &l);
    assert_int_equal(l.utoff, -10800);
    lw_zone_db_free(db);
}

static void test_posix_zones(void **state)
{
    (void)state;
    lw_zone *z = NULL;
    lw_zone_local l;
    static const char us[] = "EST5EDT,M3.2.0,M11.1.0";
    assert_int_equal(lw_zone_posix(NULL, us, sizeof us - 1, &z), LW_ZONE_OK);
    lw_zone_at(z, utc(2030, 7, 1, 0, 0), &l);
    assert_true(l.utoff == -4 * 3600 && l.isdst && !strcmp(l.abbr, "EDT"));
    lw_zone_at(z, utc(2030, 3, 10, 6, 59), &l);
    assert_int_equal(l.utoff, -5 * 3600);
    lw_zone_at(z, utc(2030, 3, 10, 7, 0), &l);
    assert_int_equal(l.utoff, -4 * 3600);
    lw_zone_free(z);
    /* PostgreSQL's nameless offsets: '+05:30' is 5:30 west, as POSIX reads it. */
    assert_int_equal(lw_zone_posix(NULL, "+05:30", 6, &z), LW_ZONE_OK);
    lw_zone_at(z, 0, &l);
    assert_true(l.utoff == -19800 && !strcmp(l.abbr, ""));
    int32_t off;
    assert_true(lw_zone_fixed_offset(z, &off) && off == -19800);
    lw_zone_free(z);
    assert_int_equal(lw_zone_posix(NULL, "<-03>+03", 8, &z), LW_ZONE_OK);
    lw_zone_at(z, 0, &l);
    assert_true(l.utoff == -10800 && !strcmp(l.abbr, "-03"));
    lw_zone_free(z);
    assert_int_equal(lw_zone_posix(NULL, "Mars/Olympus", 12, &z), LW_ZONE_UNKNOWN);
    assert_int_equal(lw_zone_fixed("X", 3600, "X", &z), LW_ZONE_OK);
    assert_true(lw_zone_fixed_offset(z, &off) && off == 3600);
    lw_zone_free(z);
}

static void interval_is(const lw_interval *iv, lw_interval_style style, const char *want)
{
    char buf[LW_INTERVAL_TEXT_MAX];
    int n = lw_interval_format(iv, style, buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, (int)strlen(want));
    if (style == LW_INTERVAL_POSTGRES) {
        lw_interval back;
        assert_int_equal(lw_interval_read(buf, (size_t)n, &back), 0);
        assert_true(back.months == iv->months && back.days == iv->days && back.usec == iv->usec);
    }
}

static void test_interval(void **state)
{
    (void)state;
    lw_interval iv = {14, 3, INT64_C(14706500000)}; /* 1 year 2 mons 3 days 04:05:06.5 */
    interval_is(&iv, LW_INTERVAL_POSTGRES, "1 year 2 mons 3 days 04:05:06.5");
    interval_is(&iv, LW_INTERVAL_POSTGRES_VERBOSE,
                "@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs");
    interval_is(&iv, LW_INTERVAL_SQL_STANDARD, "+1-2 +3 +4:05:06.5");
    interval_is(&iv, LW_INTERVAL_ISO_8601, "P1Y2M3DT4H5M6.5S");
    lw_interval mixed = {0, -1, INT64_C(7200000000)};
    interval_is(&mixed, LW_INTERVAL_POSTGRES, "-1 days +02:00:00");
    interval_is(&mixed, LW_INTERVAL_POSTGRES_VERBOSE, "@ 1 day -2 hours ago");
    interval_is(&mixed, LW_INTERVAL_ISO_8601, "P-1DT2H");
    lw_interval zero = {0, 0, 0};
    interval_is(&zero, LW_INTERVAL_POSTGRES, "00:00:00");
    interval_is(&zero, LW_INTERVAL_ISO_8601, "PT0S");
    lw_interval neg = {-14, 0, 0};
    interval_is(&neg, LW_INTERVAL_POSTGRES, "-1 years -2 mons");
    /* Text that is not the stored form is left to the full parser. */
    lw_interval out;
    assert_int_equal(lw_interval_read("1 day", 5, &out), 0);
    assert_int_equal(lw_interval_read("1 fortnight", 11, &out), -1);
    assert_int_equal(lw_interval_read("P1D", 3, &out), -1);
    /* Comparison: a month is 30 days, a day 24 hours. */
    lw_interval month = {1, 0, 0}, days30 = {0, 30, 0}, days31 = {0, 31, 0};
    assert_int_equal(lw_interval_cmp(&month, &days30), 0);
    assert_int_equal(lw_interval_cmp(&month, &days31), -1);
    assert_int_equal(lw_interval_sign(&mixed), -1);
    /* Arithmetic, as PostgreSQL 15 computes it. */
    lw_interval r;
    lw_interval hour = {0, 0, INT64_C(3600000000)};
    assert_int_equal(lw_interval_mul(&hour, 2.5, &r), 0);
    interval_is(&r, LW_INTERVAL_POSTGRES, "02:30:00");
    assert_int_equal(lw_interval_mul(&month, 1.5, &r), 0);
    interval_is(&r, LW_INTERVAL_POSTGRES, "1 mon 15 days");
    lw_interval year = {12, 0, 0};
    assert_int_equal(lw_interval_div(&year, 7, &r), 0);
    interval_is(&r, LW_INTERVAL_POSTGRES, "1 mon 21 days 10:17:08.5344"); /* PostgreSQL's */
    lw_interval odd = {12, 5, INT64_C(3) * 3600000000};
    assert_int_equal(lw_interval_div(&odd, 7, &r), 0);
    interval_is(&r, LW_INTERVAL_POSTGRES, "1 mon 22 days 03:51:25.677257");
    lw_interval mon_sec = {1, 0, 1000000};
    assert_int_equal(lw_interval_mul(&mon_sec, 0.3, &r), 0);
    interval_is(&r, LW_INTERVAL_POSTGRES, "9 days 00:00:00.3");
    lw_interval big = {0, INT32_MAX, 0}, day = {0, 1, 0};
    assert_int_equal(lw_interval_add(&big, &day, &r), -1);
    assert_int_equal(lw_interval_sub(&day, &big, &r), 0);
    lw_interval h50 = {0, 0, -INT64_C(50) * 3600000000 + INT64_C(600000000)};
    assert_int_equal(lw_interval_justify_hours(&h50, &r), 0);
    interval_is(&r, LW_INTERVAL_POSTGRES, "-2 days -01:50:00");
    lw_interval d35 = {0, -35, 0};
    assert_int_equal(lw_interval_justify_days(&d35, &r), 0);
    interval_is(&r, LW_INTERVAL_POSTGRES, "-1 mons -5 days");
    lw_interval m1h = {1, 0, -INT64_C(3600000000)};
    assert_int_equal(lw_interval_justify(&m1h, &r), 0);
    interval_is(&r, LW_INTERVAL_POSTGRES, "29 days 23:00:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_tz_database),
        cmocka_unit_test(test_posix_zones),
        cmocka_unit_test(test_interval),
    };
    return cmocka_run_group_tests_name("datetime", tests, NULL, NULL);
}
