/*
 * MariaDB's date arithmetic, formatting and clocks (registered by runtime.c):
 *
 *   my_date_add(D, N, UNIT, SIGN)   DATE_ADD, DATE_SUB, ADDDATE, SUBDATE, TIMESTAMPADD and
 *                               D + INTERVAL N UNIT: N (a number, or for the compound
 *                               units 'D H:M:S'-style text) UNITs added (SIGN 1) or
 *                               taken away (-1). Months clamp the day to the month's
 *                               last; the result is a date when D had no time and the
 *                               unit is YEAR..DAY, else a datetime (fraction digits when
 *                               D or N had them). D not a date: NULL, warning 1292; a
 *                               result outside 0000..9999: NULL, warning 1441
 *   my_time_add(T, N, UNIT, SIGN)   the same for a TIME T: a TIME, NULL with warning 1441
 *                               for months, years and results past 838:59:59
 *   my_timestampdiff(UNIT, A, B)   B - A in whole UNITs, MariaDB's month counting
 *   my_extract(UNIT, D)         EXTRACT(UNIT FROM D), compound units as digits
 *                               (DAY_MINUTE of 2024-03-05 06:07 is 50607)
 *   my_week(D, MODE, YEARWEEK)  WEEK and YEARWEEK (MariaDB's calc_week, modes 0-7)
 *   my_date_format(D, FORMAT)   DATE_FORMAT: %a %b %c %D %d %e %f %H %h %I %i %j %k %l
 *                               %M %m %p %r %S %s %T %U %u %V %v %W %w %X %x %Y %y %%,
 *                               any other %c is c; English names
 *   my_unix_timestamp([D])      seconds since 1970-01-01 UTC of D read in the session's
 *                               time zone (its fraction kept); before 1970: NULL
 *   my_from_unixtime(N, FSP)    the datetime of N in the session's time zone, FSP
 *                               fraction digits
 *   my_time_to_sec(T), my_sec_to_time(N [, DIGITS])   TIME_TO_SEC, SEC_TO_TIME (clipped to
 *                               838:59:59 with warning 1292), fraction digits kept
 *   my_makedate(Y, D), my_maketime(H, M, S)   MAKEDATE, MAKETIME (NULL for a day below
 *                               1, a minute or second outside 0..59)
 *   my_period_add(P, N), my_period_diff(P1, P2)   PERIOD_ADD, PERIOD_DIFF (YYMM or
 *                               YYYYMM)
 *   my_addtime(A, T, SIGN)      ADDTIME, SUBTIME: a DATETIME or TIME plus a TIME
 *   my_timediff(A, B)           TIMEDIFF: A - B as a TIME (clipped to 838:59:59 with
 *                               warning 1292); a DATETIME and a TIME is NULL
 *   my_time_format(T, FORMAT)   TIME_FORMAT: the time specifiers (hours past 23 kept)
 *   (STR_TO_DATE is runtime_str_to_date.c's)
 *   my_temporal_number(X, KIND)  a DATE, DATETIME or TIME in arithmetic: 20240102,
 *                               20240102030405, 30405 (with the value's fraction)
 *   my_sleep(SECONDS)           SLEEP: waits, 0
 *   my_literal(X, WHAT)         DATE 'x', TIME 'x', TIMESTAMP 'x': the canonical
 *                               text, 1525 "Incorrect DATE value: 'x'" for none
 *   my_now(WHAT, FSP)           NOW/CURRENT_TIMESTAMP/LOCALTIME ('n'), CURDATE ('d'),
 *                               CURTIME ('t'), UTC_TIMESTAMP ('N'), UTC_DATE ('D'),
 *                               UTC_TIME ('T'): the statement's time (read when the
 *                               statement first asks; every call in it agrees), in the
 *                               session's time zone
 *
 * Time zones: the session's time_zone (runtime_zone.c: SYSTEM, an offset, a tz database
 * name).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dialect/mysql/runtime_int.h"

#define US_PER_DAY 86400000000LL

/* ---- Units ----------------------------------------------------------------------------------- */

typedef enum unit {
    U_MICROSECOND,
    U_SECOND,
    U_MINUTE,
    U_HOUR,
    U_DAY,
    U_WEEK,
    U_MONTH,
    U_QUARTER,
    U_YEAR,
    U_SECOND_MICROSECOND,
    U_MINUTE_MICROSECOND,
    U_MINUTE_SECOND,
    U_HOUR_MICROSECOND,
    U_HOUR_SECOND,
    U_HOUR_MINUTE,
    U_DAY_MICROSECOND,
    U_DAY_SECOND,
    U_DAY_MINUTE,
    U_DAY_HOUR,
    U_YEAR_MONTH,
    U_NONE
} unit;

static const struct {
    const char *name;
    int parts;  /* the numbers a compound value has */
    int first;  /* its first part: 0 year, 1 month, 2 day, 3 hour, 4 minute, 5 second, 6 us */
    int timely; /* the result has a time of day */
} units[] = {
    {"microsecond", 1, 6, 1},
    {"second", 1, 5, 1},
    {"minute", 1, 4, 1},
    {"hour", 1, 3, 1},
    {"day", 1, 2, 0},
    {"week", 1, 2, 0},
    {"month", 1, 1, 0},
    {"quarter", 1, 1, 0},
    {"year", 1, 0, 0},
    {"second_microsecond", 2, 5, 1},
    {"minute_microsecond", 3, 4, 1},
    {"minute_second", 2, 4, 1},
    {"hour_microsecond", 4, 3, 1},
    {"hour_second", 3, 3, 1},
    {"hour_minute", 2, 3, 1},
    {"day_microsecond", 5, 2, 1},
    {"day_second", 4, 2, 1},
    {"day_minute", 3, 2, 1},
    {"day_hour", 2, 2, 1},
    {"year_month", 2, 0, 0},
};

static unit unit_of(const char *name)
{
    for (int i = 0; name && i < (int)(sizeof units / sizeof units[0]); i++)
        if (!sqlite3_stricmp(name, units[i].name))
            return (unit)i;
    return U_NONE;
}

/* An interval: its parts (years, months, days, hours, minutes, seconds, microseconds)
 * and its sign. */
typedef struct interval {
    long long part[7];
    int negative;
    int digits; /* the fraction digits it was written with (MariaDB's decimals) */
} interval;

/* Reads N as an interval of the unit (MariaDB's get_interval_value). Returns 0, or -1
 * when N is NULL. */
#define INTERVAL_PART_MAX 100000000000LL

static int read_interval(sqlite3_value *v, unit u, interval *iv)
{
    memset(iv, 0, sizeof *iv);
    int type = sqlite3_value_type(v);
    if (type == SQLITE_NULL)
        return -1;
    int first = units[u].first;
    if (first + units[u].parts - 1 == 6)
        iv->digits = 6; /* a unit of microseconds */
    if (units[u].parts == 1) {
        if (u == U_SECOND && type != SQLITE_INTEGER) {
            /* SECOND keeps a fraction: 1.5 SECOND is 1 second 500000 microseconds. */
            double d = sqlite3_value_double(v);
            const char *text = (const char *)sqlite3_value_text(v);
            const char *dot = text ? strchr(text, '.') : NULL;
            if (dot) {
                while (dot[1 + iv->digits] >= '0' && dot[1 + iv->digits] <= '9')
                    iv->digits++;
                if (iv->digits > 6)
                    iv->digits = 6;
            }
            iv->negative = d < 0;
            d = fabs(d);
            if (!(d <= INTERVAL_PART_MAX)) /* beyond any date's range (and NaN) */
                d = INTERVAL_PART_MAX;
            iv->part[5] = (long long)d;
            iv->part[6] = llround((d - floor(d)) * 1e6);
            return 0;
        }
        long long n;
        if (type == SQLITE_INTEGER) {
            n = sqlite3_value_int64(v);
        } else {
            double d = sqlite3_value_double(v);
            n = d != d                        ? 0
                : fabs(d) > INTERVAL_PART_MAX ? (d < 0 ? -1 : 1) * INTERVAL_PART_MAX
                                              : llround(d);
        }
        iv->negative = n < 0;
        /* Parts beyond any date's range are that range's bound (the sum overflows no
         * integer and the result is out of range all the same). */
        n = n < -INTERVAL_PART_MAX || n > INTERVAL_PART_MAX ? INTERVAL_PART_MAX : n < 0 ? -n : n;
        if (u == U_WEEK)
            n *= 7;
        else if (u == U_QUARTER)
            n *= 3;
        iv->part[first] = n;
        return 0;
    }
    /* A compound value: its numbers, right-aligned to the unit's last parts. */
    const char *s = (const char *)sqlite3_value_text(v);
    const char *end = s + sqlite3_value_bytes(v);
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s < end && *s == '-') {
        iv->negative = 1;
        s++;
    }
    long long nums[5] = {0};
    int digits[5] = {0};
    int n = 0, parts = units[u].parts;
    while (s < end && n < parts) {
        while (s < end && !(*s >= '0' && *s <= '9'))
            s++;
        if (s == end)
            break;
        long long x = 0;
        int k = 0;
        while (s < end && *s >= '0' && *s <= '9') {
            if (x < 100000000000LL)
                x = x * 10 + (*s - '0');
            s++;
            k++;
        }
        digits[n] = k;
        nums[n++] = x;
    }
    int shift = parts - n;
    for (int i = 0; i < n; i++) {
        int part = first + shift + i;
        long long x = nums[i];
        /* A fraction written with fewer than six digits is tenths, hundredths... */
        if (part == 6)
            for (int k = digits[i]; k < 6; k++)
                x *= 10;
        iv->part[part] = x;
    }
    return 0;
}

/* ---- Reading and writing values -----------------------------------------------------------------
 */

/* A date with a calendar day (warning 1292 otherwise, as MariaDB's date functions). */
static int read_day(sqlite3_context *ctx, sqlite3_value *v, my_datetime *dt)
{
    if (my_read_temporal(ctx, v, 0, dt))
        return -1;
    if (dt->month && dt->day)
        return 0;
    char *q = my_quote_value((const char *)sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
    my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Incorrect datetime value: '%s'", q ? q : "");
    sqlite3_free(q);
    return -1;
}

/* Microseconds since day 0 of a datetime. */
static long long micros_of(const my_datetime *dt)
{
    long long day = my_day_number(dt->year, dt->month, dt->day);
    return day * US_PER_DAY + ((dt->hour * 60 + dt->minute) * 60 + dt->second) * 1000000LL +
           dt->micro;
}

/* The datetime of microseconds since day 0. Returns -1 outside 0000..9999. */
static int datetime_of(long long us, my_datetime *dt)
{
    if (us < 0)
        return -1;
    long long day = us / US_PER_DAY, rest = us % US_PER_DAY;
    if (day > MY_MAX_DAY_NUMBER)
        return -1;
    my_date_of_day_number(day, dt);
    if (!dt->month)
        return -1;
    dt->micro = rest % 1000000;
    rest /= 1000000;
    dt->second = rest % 60;
    dt->minute = rest / 60 % 60;
    dt->hour = rest / 3600;
    return 0;
}

/* A date or datetime result: a datetime when timely, fraction digits when fsp. */
static void result_datetime(sqlite3_context *ctx, const my_datetime *dt, int timely, int fsp)
{
    char buf[48];
    size_t k = my_format_datetime(dt, timely ? MY_TEMPORAL_DATETIME : MY_TEMPORAL_DATE, fsp, buf,
                                  sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

static void overflow(sqlite3_context *ctx)
{
    my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1441, "Datetime function: datetime field overflow");
}

/* ---- Date arithmetic
 * ------------------------------------------------------------------------------ */

/* Adds iv (times sign) to dt; returns -1 on overflow. */
static int add_interval(my_datetime *dt, const interval *iv, int sign)
{
    if (iv->negative)
        sign = -sign;
    long long months = iv->part[0] * 12 + iv->part[1];
    if (months) {
        long long period = dt->year * 12 + dt->month - 1 + sign * months;
        if (period < 0 || period >= 120000)
            return -1;
        dt->year = period / 12;
        dt->month = period % 12 + 1;
        int last = my_days_in_month(dt->year, dt->month);
        if (dt->day > last)
            dt->day = last;
    }
    long long delta = ((iv->part[2] * 24 + iv->part[3]) * 60 + iv->part[4]) * 60 + iv->part[5];
    if (delta > 400000LL * 86400 || iv->part[6] > 400000LL * US_PER_DAY)
        return -1;
    long long us = delta * 1000000LL + iv->part[6];
    if (us) {
        long long total = micros_of(dt) + sign * us;
        if (datetime_of(total, dt))
            return -1;
    }
    return dt->year > 9999 ? -1 : 0;
}

/* The arguments (D, N, UNIT, SIGN) of my_date_add and my_time_add: *dt the value (a TIME
 * when time_only), *iv the interval N UNIT, *u the unit, and *fsp the fractional digits
 * the result shows (the value's or the interval's, the more). Returns 1 when the result
 * is already settled: NULL for a NULL value, or the error or warning raised. */
static int read_add_arguments(sqlite3_context *ctx, sqlite3_value **argv, int time_only,
                              my_datetime *dt, interval *iv, unit *u, int *fsp)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return 1;
    *u = unit_of((const char *)sqlite3_value_text(argv[2]));
    if (*u == U_NONE) {
        my_error(ctx, 1064, "unknown INTERVAL unit");
        return 1;
    }
    if (read_interval(argv[1], *u, iv) ||
        (time_only ? my_read_temporal(ctx, argv[0], 1, dt) : read_day(ctx, argv[0], dt)))
        return 1;
    *fsp = dt->frac_digits > 6 ? 6 : dt->frac_digits;
    if (iv->digits > *fsp)
        *fsp = iv->digits;
    return 0;
}

/* my_date_add(D, N, UNIT, SIGN) */
static void date_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    unit u;
    interval iv;
    my_datetime dt;
    int fsp;
    if (read_add_arguments(ctx, argv, 0, &dt, &iv, &u, &fsp))
        return;
    int timely = dt.has_time || units[u].timely;
    if (add_interval(&dt, &iv, sqlite3_value_int(argv[3]))) {
        overflow(ctx);
        return;
    }
    result_datetime(ctx, &dt, timely, fsp);
}

/* Seconds of the time of day. */
static long long day_seconds(const my_datetime *dt)
{
    return (dt->hour * 60 + dt->minute) * 60 + dt->second;
}

/* A TIME result of signed microseconds (below, beside my_sec_to_time). */
static void result_time(sqlite3_context *ctx, long long us, int fsp);

/* my_time_add(T, N, UNIT, SIGN): a TIME plus or minus an interval, as a TIME (MariaDB's
 * Item_date_add_interval on a TIME): NULL with warning 1441 "time field overflow" for
 * months or years and past +-838:59:59.999999. */
static void time_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    unit u;
    interval iv;
    my_datetime t;
    int fsp;
    if (read_add_arguments(ctx, argv, 1, &t, &iv, &u, &fsp))
        return;
    long long base = day_seconds(&t) * 1000000LL + t.micro;
    if (t.negative)
        base = -base;
    long long delta = ((iv.part[2] * 24 + iv.part[3]) * 60 + iv.part[4]) * 60 + iv.part[5];
    long long max_us = (838LL * 3600 + 59 * 60 + 59) * 1000000 + 999999;
    long long r = 0;
    int sign = sqlite3_value_int(argv[3]) * (iv.negative ? -1 : 1);
    int over = iv.part[0] || iv.part[1] || delta > max_us / 1000000 + 1 || iv.part[6] > max_us;
    if (!over) {
        r = base + sign * (delta * 1000000LL + iv.part[6]);
        over = r > max_us || r < -max_us;
    }
    if (over) {
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1441, "Datetime function: time field overflow");
        return;
    }
    result_time(ctx, r, fsp);
}

/* my_timestampdiff(UNIT, A, B) */
static void timestampdiff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(3, argv))
        return;
    unit u = unit_of((const char *)sqlite3_value_text(argv[0]));
    my_datetime a, b;
    if (u == U_NONE || units[u].parts != 1) {
        my_error(ctx, 1064, "unknown TIMESTAMPDIFF unit");
        return;
    }
    if (read_day(ctx, argv[1], &a) || read_day(ctx, argv[2], &b))
        return;
    long long diff = micros_of(&b) - micros_of(&a);
    int neg = diff < 0 ? -1 : 1;
    long long us = diff < 0 ? -diff : diff, seconds = us / 1000000;
    long long r;
    switch (u) {
    case U_YEAR:
    case U_QUARTER:
    case U_MONTH: {
        const my_datetime *beg = neg < 0 ? &b : &a, *end = neg < 0 ? &a : &b;
        long long years = end->year - beg->year;
        int before = end->month < beg->month || (end->month == beg->month && end->day < beg->day);
        if (before)
            years--;
        long long months = 12 * years;
        months += before ? 12 - (beg->month - end->month) : end->month - beg->month;
        if (end->day < beg->day)
            months--;
        else if (end->day == beg->day &&
                 (day_seconds(end) < day_seconds(beg) ||
                  (day_seconds(end) == day_seconds(beg) && end->micro < beg->micro)))
            months--;
        r = u == U_YEAR ? months / 12 : u == U_QUARTER ? months / 3 : months;
        break;
    }
    case U_WEEK:
        r = seconds / 86400 / 7;
        break;
    case U_DAY:
        r = seconds / 86400;
        break;
    case U_HOUR:
        r = seconds / 3600;
        break;
    case U_MINUTE:
        r = seconds / 60;
        break;
    case U_SECOND:
        r = seconds;
        break;
    default:
        r = us;
        break;
    }
    sqlite3_result_int64(ctx, r * neg);
}

/* ---- Weeks (MariaDB's calc_week) ----------------------------------------------------------------
 */

enum { WEEK_MONDAY_FIRST = 1, WEEK_YEAR = 2, WEEK_FIRST_WEEKDAY = 4 };

static int weekday_of(long long daynr, int sunday_first)
{
    return (int)((daynr + 5 + (sunday_first ? 1 : 0)) % 7);
}

static long long days_in_year(long long y)
{
    return my_leap(y) ? 366 : 365;
}

static long long calc_week(const my_datetime *dt, int behaviour, long long *year)
{
    long long daynr = my_day_number(dt->year, dt->month, dt->day);
    long long first_daynr = my_day_number(dt->year, 1, 1);
    int monday_first = behaviour & WEEK_MONDAY_FIRST;
    int week_year = behaviour & WEEK_YEAR;
    int first_weekday = behaviour & WEEK_FIRST_WEEKDAY;
    int weekday = weekday_of(first_daynr, !monday_first);
    long long days;
    *year = dt->year;
    if (dt->month == 1 && dt->day <= 7 - weekday) {
        if (!week_year && ((first_weekday && weekday != 0) || (!first_weekday && weekday >= 4)))
            return 0;
        week_year = 1;
        (*year)--;
        first_daynr -= (days = days_in_year(*year));
        weekday = (int)((weekday + 53 * 7 - days) % 7);
    }
    if ((first_weekday && weekday != 0) || (!first_weekday && weekday >= 4))
        days = daynr - (first_daynr + (7 - weekday));
    else
        days = daynr - (first_daynr - weekday);
    if (week_year && days >= 52 * 7) {
        weekday = (int)((weekday + days_in_year(*year)) % 7);
        if ((!first_weekday && weekday < 4) || (first_weekday && weekday == 0)) {
            (*year)++;
            return 1;
        }
    }
    return days / 7 + 1;
}

/* WEEK's mode as calc_week's behaviour (MariaDB's week_mode). */
static int week_mode(long long mode)
{
    int format = (int)(mode & 7);
    if (!(format & WEEK_MONDAY_FIRST))
        format ^= WEEK_FIRST_WEEKDAY;
    return format;
}

/* my_week(D, MODE, YEARWEEK) */
static void week_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    my_datetime dt;
    if (read_day(ctx, argv[0], &dt))
        return;
    long long mode = sqlite3_value_type(argv[1]) == SQLITE_NULL ? 0 : sqlite3_value_int64(argv[1]);
    int yearweek = sqlite3_value_int(argv[2]);
    long long year;
    int behaviour = week_mode(mode) | (yearweek ? WEEK_YEAR : 0);
    long long week = calc_week(&dt, behaviour, &year);
    sqlite3_result_int64(ctx, yearweek ? year * 100 + week : week);
}

/* my_extract(UNIT, D) */
static void extract_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    unit u = unit_of((const char *)sqlite3_value_text(argv[0]));
    if (u == U_NONE) {
        my_error(ctx, 1064, "unknown EXTRACT unit");
        return;
    }
    my_datetime dt;
    int time_first = units[u].first >= 3, is_time = 0;
    const char *text = (const char *)sqlite3_value_text(argv[1]);
    size_t len = (size_t)sqlite3_value_bytes(argv[1]);
    size_t lead = 0;
    while (text && lead < len && (text[lead] == ' ' || text[lead] == '-'))
        lead++;
    while (text && lead < len && text[lead] >= '0' && text[lead] <= '9')
        lead++;
    int looks_time = text && lead < len && text[lead] == ':'; /* 'hh:mm...', not a date */
    if (units[u].first == 2 && text && (looks_time || my_parse_datetime(text, len, &dt) != 0)) {
        /* DAY and DAY_x of a TIME: its hours past 24 are days ('838:59:59' is day 34). */
        int rc = my_parse_time(text, len, &dt);
        if (rc == -2)
            my_clip_time(MY_SESSION(ctx), text, len, &dt);
        else if (rc)
            time_first = 0, text = NULL;
        is_time = text != NULL;
    }
    if (!is_time) {
        if (my_read_temporal(ctx, argv[1], time_first, &dt))
            return;
        /* Read as a TIME first: no date parts (a datetime's hours are below 24 anyway). */
        is_time = time_first && !dt.year && !dt.month && !dt.day;
    }
    if (is_time) {
        /* A TIME's hours are days and hours of the day, as MariaDB's EXTRACT reads it. */
        dt.day = dt.hour / 24;
        dt.hour %= 24;
    }
    long long f[7] = {dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.micro};
    long long r = 0;
    if (u == U_WEEK) {
        long long year;
        r = calc_week(&dt, week_mode(0), &year);
    } else if (u == U_QUARTER) {
        r = (dt.month + 2) / 3;
    } else {
        int last = units[u].first + units[u].parts - 1;
        for (int i = units[u].first; i <= last; i++)
            r = r * (i == 6 ? 1000000 : i == 0 ? 1 : 100) + f[i];
    }
    sqlite3_result_int64(ctx, dt.negative ? -r : r);
}

/* ---- DATE_FORMAT --------------------------------------------------------------------------------
 */

/* v in decimal, zero-padded to width digits (DATE_FORMAT's numbers, without printf). */
static void append_padded(lw_sqlbuf *out, long long v, int width)
{
    char buf[24];
    int k = (int)sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        buf[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u && k > 1);
    while ((int)sizeof buf - k < width && k > 1)
        buf[--k] = '0';
    if (v < 0)
        buf[--k] = '-';
    lw_sqlbuf_append(out, buf + k, sizeof buf - (size_t)k);
}

/* Returns 0, or -1 when a specifier needs the day of a date without a month (%a of
 * 0000-00-00 is NULL in MariaDB; a zero day counts as the month's day 0: %W of
 * 2024-02-00 is Wednesday, January 31st's). */
static int format_date(lw_sqlbuf *out, const my_datetime *dt, const char *f, size_t n)
{
    long long daynr = dt->month ? my_day_number(dt->year, dt->month, dt->day) : 0;
    int wd = daynr ? (int)((daynr + 5) % 7) : 0; /* 0 = Monday */
    long long h12 = dt->hour % 12 == 0 ? 12 : dt->hour % 12;
    long long year;
    for (size_t i = 0; i < n; i++) {
        if (f[i] != '%' || i + 1 == n) {
            lw_sqlbuf_append(out, f + i, 1);
            continue;
        }
        char c = f[++i];
        if (!dt->month && strchr("aWwjUuVvXx", c))
            return -1;
        switch (c) {
        case 'a':
            lw_sqlbuf_appendf(out, "%.3s", my_day_names[wd]);
            break;
        case 'b':
            lw_sqlbuf_appendf(out, "%.3s", dt->month ? my_month_names[dt->month - 1] : "");
            break;
        case 'c':
            append_padded(out, dt->month, 1);
            break;
        case 'D': {
            long long d = dt->day;
            const char *suffix = d >= 11 && d <= 13 ? "th"
                                 : d % 10 == 1      ? "st"
                                 : d % 10 == 2      ? "nd"
                                 : d % 10 == 3      ? "rd"
                                                    : "th";
            lw_sqlbuf_appendf(out, "%lld%s", d, suffix);
            break;
        }
        case 'd':
            append_padded(out, dt->day, 2);
            break;
        case 'e':
            append_padded(out, dt->day, 1);
            break;
        case 'f':
            append_padded(out, dt->micro, 6);
            break;
        case 'H':
            append_padded(out, dt->hour, 2);
            break;
        case 'h':
        case 'I':
            append_padded(out, h12, 2);
            break;
        case 'i':
            append_padded(out, dt->minute, 2);
            break;
        case 'j':
            append_padded(out, daynr ? daynr - my_day_number(dt->year, 1, 1) + 1 : 0, 3);
            break;
        case 'k':
            append_padded(out, dt->hour, 1);
            break;
        case 'l':
            append_padded(out, h12, 1);
            break;
        case 'M':
            lw_sqlbuf_appends(out, dt->month ? my_month_names[dt->month - 1] : "");
            break;
        case 'm':
            append_padded(out, dt->month, 2);
            break;
        case 'p':
            lw_sqlbuf_appends(out, dt->hour % 24 < 12 ? "AM" : "PM");
            break;
        case 'r':
            lw_sqlbuf_appendf(out, "%02lld:%02lld:%02lld %s", h12, dt->minute, dt->second,
                              dt->hour % 24 < 12 ? "AM" : "PM");
            break;
        case 'S':
        case 's':
            append_padded(out, dt->second, 2);
            break;
        case 'T':
            append_padded(out, dt->hour, 2);
            lw_sqlbuf_append(out, ":", 1);
            append_padded(out, dt->minute, 2);
            lw_sqlbuf_append(out, ":", 1);
            append_padded(out, dt->second, 2);
            break;
        case 'U':
        case 'u':
            lw_sqlbuf_appendf(
                out, "%02lld",
                calc_week(dt, c == 'U' ? WEEK_FIRST_WEEKDAY : WEEK_MONDAY_FIRST, &year));
            break;
        case 'V':
        case 'v':
            lw_sqlbuf_appendf(
                out, "%02lld",
                calc_week(dt,
                          c == 'V' ? WEEK_YEAR | WEEK_FIRST_WEEKDAY : WEEK_YEAR | WEEK_MONDAY_FIRST,
                          &year));
            break;
        case 'X':
        case 'x':
            calc_week(dt, c == 'X' ? WEEK_YEAR | WEEK_FIRST_WEEKDAY : WEEK_YEAR | WEEK_MONDAY_FIRST,
                      &year);
            append_padded(out, year, 4);
            break;
        case 'W':
            lw_sqlbuf_appends(out, my_day_names[wd]);
            break;
        case 'w':
            lw_sqlbuf_appendf(out, "%d", (wd + 1) % 7);
            break;
        case 'Y':
            append_padded(out, dt->year, 4);
            break;
        case 'y':
            append_padded(out, dt->year % 100, 2);
            break;
        default:
            lw_sqlbuf_append(out, &c, 1);
            break;
        }
    }
    return 0;
}

static void result_format(sqlite3_context *ctx, const my_datetime *dt, sqlite3_value *format)
{
    const char *f = (const char *)sqlite3_value_text(format);
    if (!f)
        return;
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "", 0);
    if (format_date(&out, dt, f, (size_t)sqlite3_value_bytes(format))) {
        lw_sqlbuf_free(&out);
        return; /* NULL */
    }
    if (out.oom) {
        lw_sqlbuf_free(&out);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text64(ctx, out.s, out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
}

/* my_date_format(D, FORMAT) */
static void date_format_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    my_datetime dt;
    if (my_read_temporal(ctx, argv[0], 0, &dt))
        return;
    result_format(ctx, &dt, argv[1]);
}

/* The statement's time: read once, when a function of the statement first asks. */
static long long statement_time(my_session *s)
{
    if (!s->stmt_time_us) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s->stmt_time_us = (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
    }
    return s->stmt_time_us;
}

/* ---- Clocks and time zones
 * ------------------------------------------------------------------------ */

/* The session's offset from UTC in seconds at UTC time t (runtime_zone.c). Returns 0,
 * or -1 after raising 1298. */
static int zone_offset(sqlite3_context *ctx, time_t t, long *offset)
{
    my_zone z;
    if (my_session_zone(ctx, &z))
        return -1;
    *offset = my_zone_offset_at(&z, (long long)t);
    return 0;
}

/* Microseconds since day 0 of UTC's 1970-01-01. */
static long long epoch_micros(void)
{
    static long long e;
    if (!e)
        e = my_day_number(1970, 1, 1) * US_PER_DAY;
    return e;
}

/* my_unix_timestamp([D]) */
static void unix_timestamp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc == 0) {
        sqlite3_result_int64(ctx, statement_time(MY_SESSION(ctx)) / 1000000);
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    my_datetime dt;
    if (read_day(ctx, argv[0], &dt))
        return;
    my_zone z;
    if (my_session_zone(ctx, &z))
        return;
    long long utc = my_zone_to_utc(&z, my_epoch_seconds(&dt), NULL) * 1000000LL + dt.micro;
    if (utc < 0)
        return;
    if (dt.frac_digits > 0) {
        int digits = dt.frac_digits > 6 ? 6 : dt.frac_digits;
        long long scale = 1;
        for (int i = digits; i < 6; i++)
            scale *= 10;
        char buf[48];
        snprintf(buf, sizeof buf, "%lld.%0*lld", utc / 1000000, digits, utc % 1000000 / scale);
        sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
        return;
    }
    sqlite3_result_int64(ctx, utc / 1000000);
}

/* The local datetime of microseconds since the epoch (UTC). */
static int local_datetime(sqlite3_context *ctx, long long utc_us, int utc, my_datetime *dt)
{
    long offset = 0;
    if (!utc && zone_offset(ctx, (time_t)(utc_us / 1000000), &offset))
        return -1;
    memset(dt, 0, sizeof *dt);
    if (datetime_of(utc_us + offset * 1000000LL + epoch_micros(), dt))
        return -1;
    dt->has_time = 1;
    return 0;
}

/* my_from_unixtime(N, FSP[, FORMAT]) */
static void from_unixtime_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    double d = 0;
    if (my_value_double(MY_SESSION(ctx), argv[0], &d))
        return;
    if (d < 0 || d > 32536771199.999999)
        return;
    long long us = sqlite3_value_type(argv[0]) == SQLITE_INTEGER
                       ? sqlite3_value_int64(argv[0]) * 1000000LL
                       : llround(d * 1e6);
    my_datetime dt;
    if (local_datetime(ctx, us, 0, &dt))
        return;
    if (argc > 2) {
        result_format(ctx, &dt, argv[2]);
        return;
    }
    int fsp = sqlite3_value_int(argv[1]);
    result_datetime(ctx, &dt, 1, fsp < 0 ? 0 : fsp > 6 ? 6 : fsp);
}

/* my_now(WHAT, FSP) */
static void now_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *what = (const char *)sqlite3_value_text(argv[0]);
    int fsp = sqlite3_value_int(argv[1]);
    if (!what)
        return;
    char w = what[0];
    int utc = w == 'N' || w == 'D' || w == 'T';
    my_datetime dt;
    if (local_datetime(ctx, statement_time(MY_SESSION(ctx)), utc, &dt))
        return;
    char buf[48];
    size_t k;
    if (w == 'd' || w == 'D')
        k = my_format_datetime(&dt, MY_TEMPORAL_DATE, 0, buf, sizeof buf);
    else if (w == 't' || w == 'T')
        k = my_format_datetime(&dt, MY_TEMPORAL_TIME, fsp, buf, sizeof buf);
    else
        k = my_format_datetime(&dt, MY_TEMPORAL_DATETIME, fsp, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

/* my_literal(X, WHAT): DATE 'x' (WHAT 'date'), TIME 'x', TIMESTAMP 'x' ('datetime'): the
 * canonical text with the fraction digits written, or 1525 "Incorrect DATE value". */
static void literal_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    const char *what = (const char *)sqlite3_value_text(argv[1]);
    if (!t || !what)
        return;
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    int kind = what[0] == 't' ? MY_TEMPORAL_TIME
               : what[4] == 0 ? MY_TEMPORAL_DATE
                              : MY_TEMPORAL_DATETIME;
    my_datetime dt;
    int rc = kind == MY_TEMPORAL_TIME ? my_parse_time(t, n, &dt) : my_parse_datetime(t, n, &dt);
    if (rc || (kind == MY_TEMPORAL_DATE && dt.has_time)) {
        char *q = my_quote_value(t, n);
        my_error(ctx, 1525, "Incorrect %s value: '%s'",
                 kind == MY_TEMPORAL_TIME   ? "TIME"
                 : kind == MY_TEMPORAL_DATE ? "DATE"
                                            : "DATETIME",
                 q ? q : "");
        sqlite3_free(q);
        return;
    }
    int fsp = kind == MY_TEMPORAL_DATE ? 0 : dt.frac_digits > 6 ? 6 : dt.frac_digits;
    char buf[48];
    size_t k = my_format_datetime(&dt, kind, fsp, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

/* ---- TIME_TO_SEC, SEC_TO_TIME, MAKEDATE, MAKETIME, PERIOD_ADD, PERIOD_DIFF ----------------- */

/* my_time_to_sec(T): seconds of a time (a datetime's time of day), with the value's
 * fraction digits ('01:00:00.50' is 3600.50, as decimal text). */
static void time_to_sec_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    my_datetime t;
    if (my_read_temporal(ctx, argv[0], 1, &t))
        return;
    long long secs = day_seconds(&t);
    int digits = t.frac_digits > 6 ? 6 : t.frac_digits;
    if (!digits) {
        sqlite3_result_int64(ctx, t.negative ? -secs : secs);
        return;
    }
    long long f = t.micro;
    for (int z = digits; z < 6; z++)
        f /= 10;
    char buf[48];
    snprintf(buf, sizeof buf, "%s%lld.%0*lld", t.negative ? "-" : "", secs, digits, f);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* my_sec_to_time(N [, DIGITS]): the TIME of N seconds with N's fraction digits (a
 * DECIMAL's scale, six for a DOUBLE; DIGITS when the translation knows them from N's
 * type: six for a string, as MariaDB's), clipped to +-838:59:59 with warning 1292. */
static void sec_to_time_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int type = sqlite3_value_type(argv[0]);
    if (type == SQLITE_NULL)
        return;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    size_t len = (size_t)sqlite3_value_bytes(argv[0]);
    /* Whole seconds and microseconds, exactly for decimal text. */
    int negative = 0, digits = 0;
    unsigned long long whole = 0, micro = 0;
    if (type == SQLITE_INTEGER) {
        long long n = sqlite3_value_int64(argv[0]);
        negative = n < 0;
        whole = negative ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    } else {
        my_number num;
        my_parse_number(text ? text : "", len, &num);
        double d = num.is_int ? (double)num.i : num.d;
        if (type == SQLITE_FLOAT || !text || !memchr(text, '.', len)) {
            digits = type == SQLITE_FLOAT ? 6 : 0;
        } else {
            const char *dot = memchr(text, '.', len);
            for (const char *p = dot + 1; p < text + len && *p >= '0' && *p <= '9'; p++)
                digits++;
        }
        negative = d < 0;
        double a = negative ? -d : d;
        if (a > 1e15)
            a = 1e15;
        whole = (unsigned long long)a;
        micro = (unsigned long long)llround((a - (double)whole) * 1e6);
        if (digits < 6) {
            unsigned long long scale = 1;
            for (int z = digits; z < 6; z++)
                scale *= 10;
            micro = micro / scale * scale;
        }
        if (micro >= 1000000) {
            whole++;
            micro -= 1000000;
        }
    }
    if (argc > 1)
        digits = sqlite3_value_int(argv[1]);
    if (digits > 6)
        digits = 6;
    if (whole > 838ULL * 3600 + 59 * 60 + 59) {
        char *q = my_quote_value(text ? text : "", len);
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Truncated incorrect seconds value: '%s'",
                q ? q : "");
        sqlite3_free(q);
        whole = 838ULL * 3600 + 59 * 60 + 59;
        micro = 999999;
    }
    long long us = (long long)(whole * 1000000 + micro);
    result_time(ctx, negative ? -us : us, digits);
}

/* my_makedate(Y, DAYOFYEAR): NULL for a day below 1 or a date past 9999. */
static void makedate_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    long long y = sqlite3_value_int64(argv[0]), d = sqlite3_value_int64(argv[1]);
    if (d <= 0 || y < 0 || y > 9999)
        return;
    if (y < 100)
        y += y < 70 ? 2000 : 1900;
    long long n = my_day_number(y, 1, 1) + d - 1;
    if (n > MY_MAX_DAY_NUMBER)
        return;
    my_datetime dt;
    my_date_of_day_number(n, &dt);
    result_datetime(ctx, &dt, 0, 0);
}

/* my_maketime(H, M, S): NULL when M or S is outside 0..59. */
static void maketime_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(3, argv))
        return;
    long long h = sqlite3_value_int64(argv[0]), m = sqlite3_value_int64(argv[1]);
    long long sec = sqlite3_value_int64(argv[2]);
    if (m < 0 || m > 59 || sec < 0 || sec > 59)
        return;
    /* The seconds' fraction: a DECIMAL's digits, six for a string or a DOUBLE. */
    int digits = 0;
    long long micro = 0;
    if (sqlite3_value_type(argv[2]) != SQLITE_INTEGER) {
        double d = sqlite3_value_double(argv[2]);
        const char *text = (const char *)sqlite3_value_text(argv[2]);
        const char *dot = text ? strchr(text, '.') : NULL;
        if (sqlite3_value_type(argv[2]) == SQLITE_FLOAT) {
            digits = 6;
        } else if (dot) {
            while (dot[1 + digits] >= '0' && dot[1 + digits] <= '9')
                digits++;
        }
        if (digits > 6)
            digits = 6;
        micro = llround((d - floor(d)) * 1e6);
        if (micro > 999999)
            micro = 999999;
    }
    my_datetime t;
    memset(&t, 0, sizeof t);
    t.negative = h < 0;
    t.hour = h < 0 ? -h : h;
    if (t.hour > 838) {
        t.hour = 838, m = 59, sec = 59;
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292,
                "Truncated incorrect time value: '%lld:%02lld:%02lld'", h,
                sqlite3_value_int64(argv[1]), sqlite3_value_int64(argv[2]));
    }
    t.minute = m;
    t.second = sec;
    t.micro = t.hour == 838 && m == 59 && sec == 59 && (h > 838 || h < -838) ? 999999 : micro;
    char buf[32];
    size_t k = my_format_datetime(&t, MY_TEMPORAL_TIME, digits, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

/* A period YYMM or YYYYMM as months since year 0 (YY: 70-99 are 19YY, else 20YY). */
static long long period_months(long long p)
{
    if (p <= 0)
        return 0;
    long long y = p / 100, m = p % 100;
    if (y < 70)
        y += 2000;
    else if (y < 100)
        y += 1900;
    return y * 12 + m - 1;
}

/* my_period_add(P, N): the period N months after P, YYYYMM; 0 for P 0. */
static void period_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    long long p = sqlite3_value_int64(argv[0]);
    if (p <= 0) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    long long months = period_months(p) + sqlite3_value_int64(argv[1]);
    sqlite3_result_int64(ctx, months / 12 * 100 + months % 12 + 1);
}

/* my_period_diff(P1, P2): months from P2 to P1. */
static void period_diff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    sqlite3_result_int64(ctx, period_months(sqlite3_value_int64(argv[0])) -
                                  period_months(sqlite3_value_int64(argv[1])));
}

/* ---- ADDTIME, SUBTIME, TIMEDIFF, TIME_FORMAT ------------------------------------------------- */

#define MAX_TIME_US ((838LL * 3600 + 59 * 60 + 59) * 1000000 + 999999)

/* A value as a DATETIME (returns 1) or a TIME (returns 2), as microseconds (since day 0
 * for a DATETIME, signed for a TIME) and its fraction digits; 0 after warning 1292. */
static int read_time_or_datetime(sqlite3_context *ctx, sqlite3_value *v, long long *us, int *fsp)
{
    const char *t = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    my_datetime dt;
    if (!t)
        return 0;
    /* A date without a time of day is read as a TIME, as MariaDB reads it here. */
    if (memchr(t, '-', n > 5 ? 5 : n) == NULL || t[0] == '-' || my_parse_datetime(t, n, &dt) ||
        !dt.has_time) {
        if (my_parse_time(t, n, &dt) == 0) {
            long long x = day_seconds(&dt) * 1000000LL + dt.micro;
            *us = dt.negative ? -x : x;
            *fsp = dt.frac_digits > 6 ? 6 : dt.frac_digits;
            return 2;
        }
        if (my_parse_datetime(t, n, &dt) == 0 && !dt.has_time) {
            /* A date alone: MariaDB reads its leading digits as hhmmss ('2024-03-01' is
             * 00:20:24) and warns. */
            long long x = 0;
            for (size_t i = 0; i < n && t[i] >= '0' && t[i] <= '9' && x < 100000000; i++)
                x = x * 10 + (t[i] - '0');
            char *q = my_quote_value(t, n);
            my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Truncated incorrect time value: '%s'",
                    q ? q : "");
            sqlite3_free(q);
            *us = ((x / 10000) * 3600 + (x / 100 % 100) * 60 + x % 100) * 1000000LL;
            *fsp = 0;
            return 2;
        }
        if (my_parse_datetime(t, n, &dt)) {
            char *q = my_quote_value(t, n);
            my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Incorrect time value: '%s'",
                    q ? q : "");
            sqlite3_free(q);
            return 0;
        }
    }
    if (!dt.month || !dt.day)
        return 0;
    *us = micros_of(&dt);
    *fsp = dt.frac_digits > 6 ? 6 : dt.frac_digits;
    return 1;
}

/* A TIME result of signed microseconds, clipped to +-838:59:59.999999 (shown to fsp
 * digits) with warning 1292 naming the value it had. */
static void result_time(sqlite3_context *ctx, long long us, int fsp)
{
    if (us > MAX_TIME_US || us < -MAX_TIME_US) {
        long long a = us < 0 ? -us : us;
        char frac[16] = "";
        if (fsp > 0 && fsp <= 6 && a % 1000000) {
            long long f = a % 1000000;
            for (int z = fsp; z < 6; z++)
                f /= 10;
            snprintf(frac, sizeof frac, ".%0*d", fsp, (int)f);
        }
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292,
                "Truncated incorrect time value: '%s%02lld:%02lld:%02lld%s'", us < 0 ? "-" : "",
                a / 3600000000LL, a / 60000000 % 60, a / 1000000 % 60, frac);
        us = us < 0 ? -MAX_TIME_US : MAX_TIME_US;
    }
    my_datetime t;
    memset(&t, 0, sizeof t);
    t.negative = us < 0;
    long long a = us < 0 ? -us : us;
    t.micro = a % 1000000;
    a /= 1000000;
    t.second = a % 60;
    t.minute = a / 60 % 60;
    t.hour = a / 3600;
    char buf[40];
    size_t k = my_format_datetime(&t, MY_TEMPORAL_TIME, fsp, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

/* my_addtime(A, T, SIGN [, TYPED]): ADDTIME (SIGN 1) and SUBTIME (-1): a DATETIME or TIME
 * A plus T (a TIME; a DATETIME there is NULL). TYPED 1: A is a temporal value, whose
 * result shows the larger of A's and T's fraction digits (MariaDB's time_precision). */
static void addtime_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(2, argv))
        return;
    long long a, b;
    int fa, fb;
    int ka = read_time_or_datetime(ctx, argv[0], &a, &fa);
    int kb = ka ? read_time_or_datetime(ctx, argv[1], &b, &fb) : 0;
    if (!ka || kb != 2)
        return;
    long long r = a + sqlite3_value_int(argv[2]) * b;
    /* With a string A (the result is a string): six fraction digits when there is a
     * fraction, none otherwise. */
    int fsp = r % 1000000 || (ka == 2 && (r > MAX_TIME_US || r < -MAX_TIME_US)) ? 6 : 0;
    if (argc > 3 && sqlite3_value_int(argv[3]))
        fsp = fa > fb ? fa : fb;
    if (ka == 2) {
        result_time(ctx, r, fsp);
        return;
    }
    my_datetime dt;
    if (datetime_of(r, &dt)) {
        overflow(ctx);
        return;
    }
    result_datetime(ctx, &dt, 1, fsp);
}

/* my_timediff(A, B): A - B as a TIME; NULL when one is a DATETIME and the other a TIME. */
static void timediff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    long long a, b;
    int fa, fb;
    int ka = read_time_or_datetime(ctx, argv[0], &a, &fa);
    int kb = ka ? read_time_or_datetime(ctx, argv[1], &b, &fb) : 0;
    if (!ka || ka != kb)
        return;
    result_time(ctx, a - b, fa > fb ? fa : fb);
}

/* my_time_format(T, FORMAT): DATE_FORMAT's time specifiers for a TIME (hours past 23
 * as they are for %H and %k); a date specifier makes the result NULL. */
static void time_format_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    my_datetime t;
    if (my_read_temporal(ctx, argv[0], 1, &t))
        return;
    const char *f = (const char *)sqlite3_value_text(argv[1]);
    for (const char *p = f; p && *p; p++)
        if (*p == '%' && p[1] && !strchr("HkhIlisSfprT%", *++p))
            return;
    t.year = 0; /* the date parts are not shown */
    /* A negative TIME's sign leads the whole result, as MariaDB writes it. */
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "-", t.negative ? 1 : 0);
    (void)format_date(&out, &t, f, (size_t)sqlite3_value_bytes(argv[1]));
    if (out.oom) {
        lw_sqlbuf_free(&out);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text64(ctx, out.s ? out.s : "", out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
}

/* my_temporal_number(X, KIND): a DATE ('d'), DATETIME ('t') or TIME ('T') as the number
 * MariaDB computes with: YYYYMMDD, YYYYMMDDhhmmss, hhmmss, and the fraction digits the
 * value has (a decimal then). */
static void temporal_number_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *k = (const char *)sqlite3_value_text(argv[1]);
    char kind = k ? k[0] : 't';
    my_datetime dt;
    if (my_read_temporal(ctx, argv[0], kind == 'T', &dt))
        return;
    long long n = kind == 'T' ? (dt.hour * 100 + dt.minute) * 100 + dt.second
                  : kind == 'd'
                      ? (dt.year * 100 + dt.month) * 100 + dt.day
                      : (((dt.year * 100 + dt.month) * 100 + dt.day) * 100 + dt.hour) * 10000 +
                            dt.minute * 100 + dt.second;
    if (kind == 'T' && dt.negative)
        n = -n;
    int digits = kind == 'd' ? 0 : dt.frac_digits > 6 ? 6 : dt.frac_digits;
    if (!digits) {
        sqlite3_result_int64(ctx, n);
        return;
    }
    long long f = dt.micro;
    for (int i = digits; i < 6; i++)
        f /= 10;
    char buf[48];
    snprintf(buf, sizeof buf, "%s%lld.%0*lld", kind == 'T' && dt.negative && n == 0 ? "-" : "", n,
             digits, f);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* my_sleep(SECONDS): waits, and returns 0 (NULL for NULL; a negative wait is none). */
static void sleep_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    double d = 0;
    if (my_value_double(MY_SESSION(ctx), argv[0], &d))
        return;
    if (d > 0) {
        struct timespec ts = {(time_t)d, (long)((d - floor(d)) * 1e9)};
        while (nanosleep(&ts, &ts) != 0)
            ;
    }
    sqlite3_result_int(ctx, 0);
}

void my_statement_clock(my_session *s)
{
    s->stmt_time_us = 0;
}

const lw_function_def my_calendar_functions[] = {
    {"my_date_add", 4, MY_SESSION_FN, date_add_func, NULL, NULL, NULL, NULL},
    {"my_time_add", 4, MY_SESSION_FN, time_add_func, NULL, NULL, NULL, NULL},
    {"my_timestampdiff", 3, MY_SESSION_FN, timestampdiff_func, NULL, NULL, NULL, NULL},
    {"my_extract", 2, MY_SESSION_FN, extract_func, NULL, NULL, NULL, NULL},
    {"my_week", 3, MY_SESSION_FN, week_func, NULL, NULL, NULL, NULL},
    {"my_date_format", 2, MY_SESSION_FN, date_format_func, NULL, NULL, NULL, NULL},
    {"my_unix_timestamp", 0, SQLITE_UTF8, unix_timestamp_func, NULL, NULL, NULL, NULL},
    {"my_unix_timestamp", 1, MY_SESSION_FN, unix_timestamp_func, NULL, NULL, NULL, NULL},
    {"my_from_unixtime", 2, MY_SESSION_FN, from_unixtime_func, NULL, NULL, NULL, NULL},
    {"my_from_unixtime", 3, MY_SESSION_FN, from_unixtime_func, NULL, NULL, NULL, NULL},
    {"my_now", 2, SQLITE_UTF8, now_func, NULL, NULL, NULL, NULL},
    {"my_literal", 2, MY_SESSION_FN, literal_func, NULL, NULL, NULL, NULL},
    {"my_sleep", 1, SQLITE_UTF8, sleep_func, NULL, NULL, NULL, NULL},
    {"my_temporal_number", 2, MY_SESSION_FN, temporal_number_func, NULL, NULL, NULL, NULL},
    {"my_addtime", 3, MY_SESSION_FN, addtime_func, NULL, NULL, NULL, NULL},
    {"my_addtime", 4, MY_SESSION_FN, addtime_func, NULL, NULL, NULL, NULL},
    {"my_timediff", 2, MY_SESSION_FN, timediff_func, NULL, NULL, NULL, NULL},
    {"my_time_format", 2, MY_SESSION_FN, time_format_func, NULL, NULL, NULL, NULL},
    {"my_time_to_sec", 1, MY_SESSION_FN, time_to_sec_func, NULL, NULL, NULL, NULL},
    {"my_sec_to_time", 1, MY_SESSION_FN, sec_to_time_func, NULL, NULL, NULL, NULL},
    {"my_sec_to_time", 2, MY_SESSION_FN, sec_to_time_func, NULL, NULL, NULL, NULL},
    {"my_makedate", 2, MY_SESSION_FN, makedate_func, NULL, NULL, NULL, NULL},
    {"my_maketime", 3, MY_SESSION_FN, maketime_func, NULL, NULL, NULL, NULL},
    {"my_period_add", 2, MY_SESSION_FN, period_add_func, NULL, NULL, NULL, NULL},
    {"my_period_diff", 2, MY_SESSION_FN, period_diff_func, NULL, NULL, NULL, NULL},
};
const size_t my_calendar_functions_n =
    sizeof my_calendar_functions / sizeof my_calendar_functions[0];
