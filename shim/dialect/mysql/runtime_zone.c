/*
 * MariaDB's time zones (registered by runtime.c): the session's time_zone, CONVERT_TZ,
 * and TIMESTAMP columns, which hold UTC and show the session's wall clock.
 *
 *   my_convert_tz(D, FROM, TO)  CONVERT_TZ: D read on FROM's wall clock, shown on TO's,
 *                               its fraction kept; a D outside TIMESTAMP's range
 *                               (1970-01-01 00:00:01 ..
 *                               2038-01-19 03:14:07 UTC) is returned unchanged, as
 *                               MariaDB does. NULL for a NULL argument or an unknown
 *                               zone (no warning, as MariaDB); D not a date, or one with
 *                               a zero part: NULL with warning 1292
 *   my_tz_local(X)              a TIMESTAMP column's stored UTC text on the session's
 *                               wall clock (the rewriter wraps every reference to
 *                               such a column: types.c); 0000-00-00 00:00:00 as it is
 *
 * Zones, as MariaDB names them: SYSTEM (the machine's zone, through localtime_r), an
 * offset '+hh:mm' from -12:59 to +13:00 (shown as '+05:00' for '+5:0'), or a name of the
 * system's tz database (Debian's tzdata, ext/datetime/zone.h: the same files
 * mysql_tzinfo_to_sql loads into the server's mysql.time_zone* tables; the name is
 * matched ignoring case and shown as the file is spelled, Europe/Berlin). Anything else
 * is 1298 "Unknown or incorrect time zone: 'x'" when time_zone is SET.
 *
 * Local time to UTC follows MariaDB's Time_zone_db::TIME_to_gmt_sec: a time a
 * transition repeats (autumn) is the earlier instant (summer time); a time a transition
 * skips (spring) is the transition's instant (02:30 in Berlin's gap is 01:00 UTC).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "datetime/zone.h"
#include "dialect/mysql/runtime_int.h"

#define SECS_PER_DAY 86400LL
/* TIMESTAMP's range in seconds since the epoch (MariaDB 10.11: 32-bit). */
#define TIMESTAMP_MAX 2147483647LL

/* ---- Zones ----------------------------------------------------------------------------------- */

/* The seconds since 1970-01-01 of a datetime's wall clock (its fraction apart). */
long long my_epoch_seconds(const my_datetime *dt)
{
    long long day = my_day_number(dt->year, dt->month, dt->day) - my_day_number(1970, 1, 1);
    return day * SECS_PER_DAY + (dt->hour * 60 + dt->minute) * 60 + dt->second;
}

/* The datetime of seconds since 1970-01-01 (the fraction and its digits left alone). */
void my_datetime_of_epoch(long long secs, my_datetime *dt)
{
    long long day = secs / SECS_PER_DAY, rest = secs % SECS_PER_DAY;
    if (rest < 0) {
        rest += SECS_PER_DAY;
        day--;
    }
    long long micro = dt->micro;
    int digits = dt->frac_digits;
    my_date_of_day_number(day + my_day_number(1970, 1, 1), dt);
    dt->micro = micro;
    dt->frac_digits = digits;
    dt->hour = rest / 3600;
    dt->minute = rest / 60 % 60;
    dt->second = rest % 60;
    dt->has_time = 1;
}

static lw_zone_db *zone_db(my_session *s)
{
    if (!s->zones)
        s->zones = lw_zone_db_new(LW_ZONEINFO_DIR);
    return s->zones;
}

/* An offset '+hh:mm' / '-hh:mm' as MariaDB reads it (str_to_offset): one or two hour
 * digits, two minute digits or one, -12:59 .. +13:00. Returns 0 with *secs east. */
static int parse_offset(const char *name, size_t n, int32_t *secs)
{
    if (n < 4 || (name[0] != '+' && name[0] != '-'))
        return -1;
    size_t i = 1;
    int h = 0, m = 0, hd = 0, md = 0;
    while (i < n && name[i] >= '0' && name[i] <= '9' && hd < 2) {
        h = h * 10 + (name[i++] - '0');
        hd++;
    }
    if (!hd || i >= n || name[i++] != ':')
        return -1;
    while (i < n && name[i] >= '0' && name[i] <= '9' && md < 2) {
        m = m * 10 + (name[i++] - '0');
        md++;
    }
    if (!md || i != n || m > 59)
        return -1;
    int total = h * 60 + m;
    if (name[0] == '-' ? total > 12 * 60 + 59 : total > 13 * 60)
        return -1;
    *secs = (name[0] == '-' ? -1 : 1) * total * 60;
    return 0;
}

int my_zone_lookup(my_session *s, const char *name, size_t n, my_zone *z, char *shown, size_t cap)
{
    memset(z, 0, sizeof *z);
    if (n == 6 && !sqlite3_strnicmp(name, "SYSTEM", 6)) {
        z->kind = MY_ZONE_SYSTEM;
        if (shown)
            snprintf(shown, cap, "SYSTEM");
        return 0;
    }
    if (!parse_offset(name, n, &z->offset)) {
        z->kind = MY_ZONE_FIXED;
        if (shown) {
            int32_t a = z->offset < 0 ? -z->offset : z->offset;
            snprintf(shown, cap, "%c%02d:%02d", z->offset < 0 ? '-' : '+', (int)(a / 3600),
                     (int)(a / 60 % 60));
        }
        return 0;
    }
    lw_zone_db *db = zone_db(s);
    if (!db || !n || name[0] == '+' || name[0] == '-')
        return -1;
    if (lw_zone_db_get(db, name, n, 0, &z->zone) != LW_ZONE_OK)
        return -1;
    z->kind = MY_ZONE_NAMED;
    if (shown)
        snprintf(shown, cap, "%s", lw_zone_name(z->zone));
    return 0;
}

int my_session_zone(sqlite3_context *ctx, my_zone *z)
{
    /* SET time_zone resolved and checked it (runtime_session.c). */
    my_session *s = MY_SESSION(ctx);
    z->kind = s->tz_kind;
    z->offset = s->tz_offset;
    z->zone = s->tz_zone;
    if (z->kind == MY_ZONE_NAMED && !z->zone) {
        my_error(ctx, 1298, "Unknown or incorrect time zone: '%s'", s->time_zone);
        return -1;
    }
    return 0;
}

int32_t my_zone_offset_at(const my_zone *z, long long utc)
{
    if (z->kind == MY_ZONE_FIXED)
        return z->offset;
    if (z->kind == MY_ZONE_NAMED) {
        lw_zone_local local;
        lw_zone_at(z->zone, utc, &local);
        return local.utoff;
    }
    time_t t = (time_t)utc;
    struct tm tm;
    return localtime_r(&t, &tm) ? (int32_t)tm.tm_gmtoff : 0;
}

long long my_zone_to_utc(const my_zone *z, long long local, int *gap)
{
    if (gap)
        *gap = 0;
    if (z->kind == MY_ZONE_FIXED)
        return local - z->offset;
    if (z->kind == MY_ZONE_NAMED) {
        long long utc = lw_zone_local_to_utc(z->zone, local, LW_ZONE_EARLIER, NULL);
        lw_zone_local now;
        lw_zone_at(z->zone, utc, &now);
        if (utc + now.utoff != local) {
            /* In a spring gap: the instant of the transition, the first one after the
             * local time read with the later offset. */
            int64_t at;
            lw_zone_local before, after;
            if (lw_zone_next_transition(z->zone, local - now.utoff, &at, &before, &after))
                utc = at;
            if (gap)
                *gap = 1;
        }
        return utc;
    }
    /* SYSTEM: the offset at the UTC guess, then at the instant it gives. */
    int32_t off = my_zone_offset_at(z, local);
    off = my_zone_offset_at(z, local - off);
    return local - off;
}

int my_timestamp_to_utc(sqlite3_context *ctx, my_datetime *dt)
{
    if (!dt->year && !dt->month && !dt->day)
        return 0; /* the zero TIMESTAMP */
    if (!dt->month || !dt->day)
        return 1;
    my_zone z;
    if (my_session_zone(ctx, &z))
        return -1;
    int gap;
    long long utc = my_zone_to_utc(&z, my_epoch_seconds(dt), &gap);
    if (utc < 1 || utc > TIMESTAMP_MAX)
        return 1;
    my_datetime_of_epoch(utc, dt);
    return gap ? 2 : 0;
}

/* ---- SQL functions ------------------------------------------------------------------------- */

/* A zone argument: 0 with *z, -1 when it names none. */
static int zone_arg(sqlite3_context *ctx, sqlite3_value *v, my_zone *z)
{
    const char *name = (const char *)sqlite3_value_text(v);
    return name ? my_zone_lookup(MY_SESSION(ctx), name, (size_t)sqlite3_value_bytes(v), z, NULL, 0)
                : -1;
}

/* my_convert_tz(D, FROM, TO) */
static void convert_tz_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(3, argv))
        return;
    my_datetime dt;
    if (my_read_temporal(ctx, argv[0], 0, &dt))
        return;
    if (!dt.month || !dt.day) {
        /* A zero date or a zero part is no instant (MariaDB reads D with
         * TIME_NO_ZERO_IN_DATE). */
        char *q = my_quote_value((const char *)sqlite3_value_text(argv[0]),
                                 (size_t)sqlite3_value_bytes(argv[0]));
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Incorrect datetime value: '%s'",
                q ? q : "");
        sqlite3_free(q);
        return;
    }
    my_zone from, to;
    if (zone_arg(ctx, argv[1], &from) || zone_arg(ctx, argv[2], &to))
        return;
    int fsp = dt.frac_digits > 6 ? 6 : dt.frac_digits;
    /* MariaDB converts only inside TIMESTAMP's range (Item_func_convert_tz). */
    if (dt.year >= 1969 && dt.year <= 2038) {
        long long utc = my_zone_to_utc(&from, my_epoch_seconds(&dt), NULL);
        if (utc >= 1 && utc <= TIMESTAMP_MAX)
            my_datetime_of_epoch(utc + my_zone_offset_at(&to, utc), &dt);
    }
    char buf[48];
    size_t k = my_format_datetime(&dt, MY_TEMPORAL_DATETIME, fsp, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

static int two_digits(const char *p)
{
    return p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' ? (p[0] - '0') * 10 + p[1] - '0'
                                                                    : -1;
}

static void put_digits(char *p, long long v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
}

/* The stored form 'YYYY-MM-DD hh:mm:ss[.f...]' read and shown on the zone's wall clock
 * without the general parser and printf (a TIMESTAMP column is read this way on every
 * row). Returns the length written to out (cap >= 48), 0 when t is not in that form. */
static size_t fast_local(const my_zone *z, const char *t, size_t n, char *out)
{
    if (n < 19 || n > 26 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' ||
        t[16] != ':' || (n > 19 && (n == 20 || t[19] != '.')))
        return 0;
    int c = two_digits(t), y = two_digits(t + 2), mo = two_digits(t + 5), d = two_digits(t + 8);
    int h = two_digits(t + 11), mi = two_digits(t + 14), se = two_digits(t + 17);
    if (c < 0 || y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || se < 0 || se > 59)
        return 0;
    for (size_t i = 20; i < n; i++)
        if (t[i] < '0' || t[i] > '9')
            return 0;
    my_datetime dt;
    memset(&dt, 0, sizeof dt);
    dt.year = c * 100 + y;
    dt.month = mo;
    dt.day = d;
    dt.hour = h;
    dt.minute = mi;
    dt.second = se;
    long long utc = my_epoch_seconds(&dt);
    my_datetime_of_epoch(utc + my_zone_offset_at(z, utc), &dt);
    if (dt.year < 0 || dt.year > 9999)
        return 0;
    put_digits(out, dt.year, 4);
    out[4] = '-';
    put_digits(out + 5, dt.month, 2);
    out[7] = '-';
    put_digits(out + 8, dt.day, 2);
    out[10] = ' ';
    put_digits(out + 11, dt.hour, 2);
    out[13] = ':';
    put_digits(out + 14, dt.minute, 2);
    out[16] = ':';
    put_digits(out + 17, dt.second, 2);
    memcpy(out + 19, t + 19, n - 19); /* the fraction as stored */
    return n;
}

/* my_tz_local(X) */
static void tz_local_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    my_zone z;
    if (my_session_zone(ctx, &z))
        return;
    char fast[48];
    size_t k = fast_local(&z, t, n, fast);
    if (k) {
        sqlite3_result_text(ctx, fast, (int)k, SQLITE_TRANSIENT);
        return;
    }
    my_datetime dt;
    if (my_parse_datetime(t, n, &dt) || !dt.month || !dt.day) {
        sqlite3_result_value(ctx, argv[0]); /* the zero date, or not ours to read */
        return;
    }
    long long utc = my_epoch_seconds(&dt);
    my_datetime_of_epoch(utc + my_zone_offset_at(&z, utc), &dt);
    char buf[48];
    k = my_format_datetime(&dt, MY_TEMPORAL_DATETIME, dt.frac_digits, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

const lw_function_def my_zone_functions[] = {
    {"my_convert_tz", 3, MY_SESSION_FN, convert_tz_func, NULL, NULL, NULL, NULL},
    {"my_tz_local", 1, MY_SESSION_FN, tz_local_func, NULL, NULL, NULL, NULL},
};
const size_t my_zone_functions_n = sizeof my_zone_functions / sizeof my_zone_functions[0];
