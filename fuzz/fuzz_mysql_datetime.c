/*
 * libFuzzer target of the mysql dialect's date/time parsers (runtime_temporal.c,
 * runtime_calendar.c, runtime_zone.c): DATE/DATETIME and TIME input, INTERVAL values of
 * every unit, STR_TO_DATE/DATE_FORMAT/TIME_FORMAT formats, zone names and offsets.
 *
 * Input: one byte of mode, then text (any bytes; the parsers take a length). Checks, on
 * every input:
 *   - a DATETIME that my_parse_datetime accepts prints (six fraction digits) and reads
 *     back as the same value; the same for a TIME and my_parse_time, whose accepted
 *     values stay within +-838:59:59.999999;
 *   - a zone my_zone_lookup accepts: for instants across 1970..2038, the wall clock of
 *     an instant read back through my_zone_to_utc is the same instant, or an earlier
 *     one with the same wall clock (a repeated autumn hour), and no instant's wall clock
 *     is in a gap;
 *   - through SQL on a connection with the dialect's functions: the text (split at its
 *     first '|' into a value and a second argument) given to my_date_add with every
 *     unit, my_str_to_date, my_date_format, my_time_format, my_convert_tz,
 *     my_temporal_as, my_addtime, my_timediff, my_sec_to_time and my_time_to_sec does
 *     not crash, and a result is NULL or text of a bounded length.
 * Any difference aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/mysql/runtime_int.h"
#include "likewise_ext.h"

#define FUZZ_MAX_INPUT 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static my_session *session;

static const char *const units[] = {
    "microsecond",
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "second_microsecond",
    "minute_microsecond",
    "minute_second",
    "hour_microsecond",
    "hour_second",
    "hour_minute",
    "day_microsecond",
    "day_second",
    "day_minute",
    "day_hour",
    "year_month",
};
#define N_UNITS (sizeof units / sizeof units[0])

static void fail(const char *what, const char *s, size_t n)
{
    fprintf(stderr, "fuzz_mysql_datetime: %s: '%.*s'\n", what, (int)n, s);
    abort();
}

static void init(void)
{
    if (db)
        return;
    char *msg = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_likewise_init(db, &msg, NULL) ||
        my_runtime_open(db, &my_mariadb_flavor, &session, &msg) != SQLITE_OK)
        abort();
}

static int same(const my_datetime *a, const my_datetime *b, int date)
{
    return (!date || (a->year == b->year && a->month == b->month && a->day == b->day)) &&
           a->hour == b->hour && a->minute == b->minute && a->second == b->second &&
           a->micro == b->micro && a->negative == b->negative;
}

static void check_parsers(const char *s, size_t n)
{
    my_datetime dt, back;
    char buf[96];
    if (my_parse_datetime(s, n, &dt) == 0) {
        size_t k = my_format_datetime(&dt, MY_TEMPORAL_DATETIME, 6, buf, sizeof buf);
        if (k >= sizeof buf || my_parse_datetime(buf, k, &back) != 0 || !same(&dt, &back, 1))
            fail("datetime does not read back", s, n);
    }
    if (my_parse_time(s, n, &dt) == 0) {
        if (dt.hour > 838)
            fail("time beyond 838 hours accepted", s, n);
        size_t k = my_format_datetime(&dt, MY_TEMPORAL_TIME, 6, buf, sizeof buf);
        if (k >= sizeof buf || my_parse_time(buf, k, &back) != 0 || !same(&dt, &back, 0))
            fail("time does not read back", s, n);
    }
}

static void check_zone(const char *s, size_t n)
{
    my_zone z;
    if (memchr(s, 0, n) || my_zone_lookup(session, s, n, &z, NULL, 0))
        return;
    for (long long utc = 0; utc < 2147483647LL; utc += 86400LL * 97 + 3607) {
        long long local = utc + my_zone_offset_at(&z, utc);
        int gap;
        long long again = my_zone_to_utc(&z, local, &gap);
        if (gap)
            fail("an instant's wall clock is in a gap", s, n);
        if (again > utc || again + my_zone_offset_at(&z, again) != local)
            fail("wall clock does not read back", s, n);
    }
}

/* Runs sql with the two texts bound; its result must be NULL or short text. */
static void run(const char *sql, const char *a, size_t an, const char *b, size_t bn)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        abort();
    sqlite3_bind_text(stmt, 1, a, (int)an, SQLITE_STATIC);
    if (sqlite3_bind_parameter_count(stmt) > 1)
        sqlite3_bind_text(stmt, 2, b, (int)bn, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) == SQLITE_TEXT &&
        sqlite3_column_bytes(stmt, 0) > 4096 + 64 * FUZZ_MAX_INPUT)
        fail("result too long", a, an);
    sqlite3_finalize(stmt);
    my_clear_warnings(session);
}

static void check_functions(const char *s, size_t n, unsigned mode)
{
    const char *bar = memchr(s, '|', n);
    size_t an = bar ? (size_t)(bar - s) : n;
    const char *b = bar ? bar + 1 : "1";
    size_t bn = bar ? n - an - 1 : 1;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT my_date_add(?1, ?2, '%s', %d)", units[mode % N_UNITS],
             mode & 0x80 ? -1 : 1);
    run(sql, s, an, b, bn);
    run("SELECT my_str_to_date(?1, ?2)", s, an, b, bn);
    run("SELECT my_date_format(?1, ?2)", s, an, b, bn);
    run("SELECT my_time_format(?1, ?2)", s, an, b, bn);
    run("SELECT my_convert_tz(?1, ?2, 'Europe/Berlin')", s, an, b, bn);
    run("SELECT my_temporal_as(?1, 'date', -1), my_temporal_as(?1, 'time', 3)", s, an, b, bn);
    run("SELECT my_addtime(?1, ?2, -1), my_timediff(?1, ?2)", s, an, b, bn);
    run("SELECT my_sec_to_time(?1), my_time_to_sec(?1), my_temporal(?1, 'time', 6)", s, an, b, bn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FUZZ_MAX_INPUT)
        return 0;
    init();
    unsigned mode = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    check_parsers(s, n);
    if (mode % 4 == 0)
        check_zone(s, n);
    check_functions(s, n, mode);
    return 0;
}
