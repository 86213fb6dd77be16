/*
 * libFuzzer target of the postgresql dialect's date/time parsers (pgtime.h) and the
 * interval core they build on (ext/datetime/interval.h).
 *
 * Input: one byte of mode, then text (any bytes, NULs included: the parsers take a
 * length). The session zone is a POSIX zone with daylight saving
 * ("CET-1CEST,M3.5.0,M10.5.0/3"); named zones come from the system's tz database.
 * Checks, on every input:
 *   - interval: what interval_in accepts prints in each IntervalStyle and reads back
 *     (in that style) as the same months, days and microseconds; the postgres form also
 *     through the fast reader of the stored text; a + b - b is a when nothing
 *     overflows; comparison is antisymmetric; justify_* and extract/date_trunc of
 *     every unit do not crash;
 *   - timestamp, timestamptz, date, time, timetz: an accepted value prints and reads
 *     back as the same value (a timetz whose offset PostgreSQL's own input refuses, past
 *     15 hours, aside) (a timestamptz both in UTC, the stored form, and in the
 *     session zone); date_trunc and extract of every unit, + and - of an interval and
 *     age do not crash and give values in range;
 *   - to_char with the input as the template, and to_date's reading of the input by
 *     a template taken from it, do not crash.
 * Any difference aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lw_sqlite.h"
#include "datetime/interval.h"
#include "dialect/postgresql/pgtime.h"
#include "dialect/postgresql/pgtime_tochar.h"

#define FUZZ_MAX_INPUT 512

static lw_zone *session;
static lw_zone_db *zones;

static const char *const units[] = {
    "microseconds",  "milliseconds",
    "second",        "minute",
    "hour",          "day",
    "week",          "month",
    "quarter",       "year",
    "decade",        "century",
    "millennium",    "epoch",
    "dow",           "isodow",
    "doy",           "julian",
    "isoyear",       "timezone",
    "timezone_hour", "timezone_minute",
    "fortnight",
};
#define N_UNITS (sizeof units / sizeof units[0])

static void fail(const char *what, const char *s, size_t n)
{
    fprintf(stderr, "fuzz_pg_datetime: %s: '%.*s'\n", what, (int)n, s);
    abort();
}

static void init(void)
{
    if (session)
        return;
    static const char spec[] = "CET-1CEST,M3.5.0,M10.5.0/3";
    if (lw_zone_posix(NULL, spec, sizeof spec - 1, &session) != LW_ZONE_OK)
        fail("session zone", spec, sizeof spec - 1);
    zones = lw_zone_db_new(LW_ZONEINFO_DIR);
}

static void context(pg_dtctx *dt, lw_interval_style style)
{
    memset(dt, 0, sizeof *dt);
    dt->session = session;
    dt->zones = zones;
    dt->now = INT64_C(711111111000000); /* 2022-07-14 */
    dt->style = style;
}

static int same_interval(const lw_interval *a, const lw_interval *b)
{
    return a->months == b->months && a->days == b->days && a->usec == b->usec;
}

static void check_interval(const char *s, size_t n)
{
    pg_dtctx dt;
    context(&dt, LW_INTERVAL_POSTGRES);
    lw_interval iv, back, sum, diff, j;
    if (pg_interval_in(&dt, s, n, -1, &iv) != PG_DT_OK)
        return;
    char buf[LW_INTERVAL_TEXT_MAX];
    for (int style = 0; style < 4; style++) {
        int len = lw_interval_format(&iv, (lw_interval_style)style, buf);
        if (len <= 0 || len >= LW_INTERVAL_TEXT_MAX)
            fail("interval output length", s, n);
        context(&dt, (lw_interval_style)style);
        if (pg_interval_in(&dt, buf, (size_t)len, -1, &back) != PG_DT_OK ||
            !same_interval(&iv, &back))
            fail("interval does not read back in its style", buf, (size_t)len);
        if (style == LW_INTERVAL_POSTGRES &&
            (lw_interval_read(buf, (size_t)len, &back) != 0 || !same_interval(&iv, &back)))
            fail("stored interval text does not read back", buf, (size_t)len);
    }
    lw_interval other = {iv.days, (int32_t)(iv.usec % 1000), iv.months};
    if (lw_interval_add(&iv, &other, &sum) == 0 && lw_interval_sub(&sum, &other, &diff) == 0 &&
        !same_interval(&diff, &iv))
        fail("a + b - b is not a", s, n);
    if (lw_interval_cmp(&iv, &other) != -lw_interval_cmp(&other, &iv))
        fail("interval comparison is not antisymmetric", s, n);
    (void)lw_interval_justify(&iv, &j);
    (void)lw_interval_justify_days(&iv, &j);
    (void)lw_interval_justify_hours(&iv, &j);
    for (size_t u = 0; u < N_UNITS; u++) {
        pg_part p;
        (void)pg_interval_part(units[u], &iv, &p);
        (void)pg_interval_trunc(units[u], &iv, &j);
    }
    (void)lw_interval_mul(&iv, 1.5, &j);
    (void)lw_interval_div(&iv, 7.0, &j);
}

/* Checks what a timestamp (zone NULL) or timestamptz can be put through. */
static void timestamp_ops(pg_timestamp t, const lw_zone *zone, const char *s, size_t n)
{
    pg_timestamp r;
    pg_part p;
    for (size_t u = 0; u < N_UNITS; u++) {
        if (pg_timestamp_trunc(units[u], t, zone, &r) == PG_DT_OK && PG_TS_FINITE(r) &&
            !PG_VALID_TIMESTAMP(r))
            fail("date_trunc out of range", s, n);
        (void)pg_timestamp_part(units[u], t, zone, &p);
    }
    static const lw_interval steps[] = {
        {1, 0, 0}, {-13, 0, 0}, {0, 1, 0}, {0, -1, 1}, {14, 40, -1}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (pg_timestamp_pl_interval(t, &steps[i], zone, &r) == PG_DT_OK && PG_TS_FINITE(r) &&
            !PG_VALID_TIMESTAMP(r))
            fail("timestamp + interval out of range", s, n);
    }
    lw_interval iv;
    (void)pg_timestamp_mi(t, 0, &iv);
    (void)pg_timestamp_age(t, 0, zone, &iv);
    pg_date d;
    pg_time tm;
    int32_t tz;
    (void)pg_timestamp2date(t, zone, &d);
    (void)pg_timestamp2time(t, zone, &tm, &tz);
}

static void check_timestamp(const char *s, size_t n, int with_zone)
{
    pg_dtctx dt;
    context(&dt, LW_INTERVAL_POSTGRES);
    pg_timestamp t, back;
    char buf[PG_DT_TEXT_MAX];
    if (with_zone) {
        if (pg_timestamptz_in(&dt, s, n, -1, &t) != PG_DT_OK)
            return;
        int len = pg_timestamptz_out(t, NULL, buf);
        if (pg_read_timestamptz(&dt, buf, (size_t)len, &back) != PG_DT_OK || back != t)
            fail("stored timestamptz does not read back", buf, (size_t)len);
        len = pg_timestamptz_out(t, session, buf);
        if (pg_timestamptz_in(&dt, buf, (size_t)len, -1, &back) != PG_DT_OK || back != t)
            fail("timestamptz in the session zone does not read back", buf, (size_t)len);
        timestamp_ops(t, session, s, n);
    } else {
        if (pg_timestamp_in(&dt, s, n, -1, &t) != PG_DT_OK)
            return;
        int len = pg_timestamp_out(t, buf);
        if (pg_read_timestamp(&dt, buf, (size_t)len, &back) != PG_DT_OK || back != t)
            fail("timestamp does not read back", buf, (size_t)len);
        timestamp_ops(t, NULL, s, n);
    }
}

static void check_date_time(const char *s, size_t n)
{
    pg_dtctx dt;
    context(&dt, LW_INTERVAL_POSTGRES);
    char buf[PG_DT_TEXT_MAX];
    pg_date d, d2;
    if (pg_date_in(&dt, s, n, &d) == PG_DT_OK) {
        int len = pg_date_out(d, buf);
        if (pg_read_date(&dt, buf, (size_t)len, &d2) != PG_DT_OK || d2 != d)
            fail("date does not read back", buf, (size_t)len);
        pg_part p;
        for (size_t u = 0; u < N_UNITS; u++)
            (void)pg_date_part(units[u], d, &p);
        (void)pg_date_pl_days(d, 1000000, &d2);
    }
    pg_time t, t2;
    if (pg_time_in(&dt, s, n, -1, &t) == PG_DT_OK) {
        if (t < 0 || t > LW_USEC_PER_DAY)
            fail("time out of range", s, n);
        int len = pg_time_out(t, buf);
        if (pg_read_time(&dt, buf, (size_t)len, &t2) != PG_DT_OK || t2 != t)
            fail("time does not read back", buf, (size_t)len);
    }
    pg_timetz z, z2;
    /* An offset past 15 hours prints but does not read back, in PostgreSQL too (some
     * inputs reach one without a displacement: '0:DDYYYYsunYYYYYYYYYYYD23:0:0'). */
    if (pg_timetz_in(&dt, s, n, -1, &z) == PG_DT_OK && z.tz <= PG_MAX_TZDISP_HOUR * 3600 &&
        z.tz >= -PG_MAX_TZDISP_HOUR * 3600) {
        int len = pg_timetz_out(&z, buf);
        if (pg_read_timetz(&dt, buf, (size_t)len, &z2) != PG_DT_OK || z2.time != z.time ||
            z2.tz != z.tz)
            fail("timetz does not read back", buf, (size_t)len);
    }
}

/* to_char with the input as template; to_date of the input's first line by the rest. */
static void check_templates(const char *s, size_t n)
{
    pg_fmt_tm tm;
    memset(&tm, 0, sizeof tm);
    tm.year = 2022, tm.mon = 8, tm.mday = 7, tm.hour = 13, tm.min = 14, tm.sec = 15;
    tm.usec = 123456, tm.wday = 0, tm.yday = 219, tm.has_zone = 1, tm.gmtoff = 7200;
    tm.abbr = "CEST";
    size_t out_n;
    char *out = pg_to_char(&tm, s, n, &out_n);
    sqlite3_free(out);
    tm.is_interval = 1;
    tm.year = -3, tm.hour = 50;
    out = pg_to_char(&tm, s, n, &out_n);
    sqlite3_free(out);
    const char *nl = memchr(s, '\n', n);
    if (!nl || memchr(s, 0, n))
        return;
    pg_fromchar fc;
    char state[6], msg[256];
    (void)pg_from_char(s, (size_t)(nl - s), nl + 1, n - (size_t)(nl - s) - 1, &fc, state, msg,
                       sizeof msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FUZZ_MAX_INPUT)
        return 0;
    init();
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    switch (data[0] % 5) {
    case 0:
        check_interval(s, n);
        break;
    case 1:
        check_timestamp(s, n, 0);
        break;
    case 2:
        check_timestamp(s, n, 1);
        break;
    case 3:
        check_date_time(s, n);
        break;
    default:
        check_templates(s, n);
        break;
    }
    return 0;
}
