/*
 * MariaDB's temporal values as text (runtime_int.h): parsing DATE, DATETIME, TIME and
 * YEAR input as MariaDB reads it, and the casts to them (registered by runtime.c):
 *
 *   my_temporal(X, WHAT, FSP)   CAST(X AS DATE | DATETIME[(FSP)] | TIME[(FSP)]): the
 *                               canonical text, or NULL with warning 1292 "Incorrect
 *                               datetime value: 'x'" ("Incorrect time value")
 *
 *   my_datepart(X, PART)        a part of a date or time as MariaDB's YEAR(), MONTH(),
 *                               DAY(), QUARTER(), DAYOFYEAR(), DAYOFWEEK(), WEEKDAY(),
 *                               DAYNAME(), MONTHNAME(), TO_DAYS(), LAST_DAY(), HOUR(),
 *                               MINUTE(), SECOND(), MICROSECOND() give it (PART is the function's
 *                               name); not a date (a time for HOUR, MINUTE, SECOND,
 *                               tried first) is NULL with warning 1292; a zero month or
 *                               day is 0 for the parts that name it, NULL for the
 *                               ones that need a calendar day (with the warning,
 *                               except LAST_DAY and MONTHNAME, as MariaDB)
 *   my_datediff(A, B)           TO_DAYS(A) - TO_DAYS(B)
 *   my_from_days(N)             the date of MariaDB's day number N (0000-00-00 below
 *                               366)
 *
 * Day numbers are MariaDB's calc_daynr (days since the proleptic year 0).
 *
 * Input forms: 'YYYY-MM-DD', any punctuation between the parts ('2024/3/2'), the
 * digits-only forms 'YYYYMMDD' and 'YYYYMMDDhhmmss' (also as numbers: 20240102), an
 * optional time 'hh:mm[:ss[.ffffff]]' after a space or 'T'; two-digit years mean
 * 1970-2069. Days are checked against the month (2023-02-29 is invalid); zero parts
 * are valid, 0000-00-00 and 2024-00-00 (NO_ZERO_DATE and NO_ZERO_IN_DATE are off in
 * MariaDB's default sql_mode). Fractions
 * beyond the precision are truncated, as MariaDB does (MySQL 8 rounds). TIME is a
 * duration: '-01:02:03', '838:59:59', '1 02:00' (days), 123 (00:01:23).
 */
#include <stdio.h>
#include <string.h>

#include "dialect/mysql/runtime_int.h"

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads up to max digits at *p; returns the count (0: none) and the value in *v. */
static int read_digits(const char **p, const char *end, int max, long long *v)
{
    int n = 0;
    *v = 0;
    while (*p < end && n < max && digit(**p)) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n;
}

int my_leap(long long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int my_days_in_month(long long y, long long m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && my_leap(y) ? 29 : days[m - 1];
}

/* A two-digit year as MariaDB reads it: 70-99 are 19xx, 00-69 20xx. */
static long long full_year(long long y, int digits)
{
    if (digits > 2)
        return y;
    return y < 70 ? 2000 + y : 1900 + y;
}

int my_parse_datetime(const char *s, size_t n, my_datetime *dt)
{
    memset(dt, 0, sizeof *dt);
    const char *p = s, *end = s + n;
    while (p < end && *p == ' ')
        p++;
    while (end > p && end[-1] == ' ')
        end--;
    if (p == end)
        return -1;
    /* Digits only: YYYYMMDD[hhmmss[.f]] or YYMMDD[hhmmss]. */
    const char *q = p;
    while (q < end && digit(*q))
        q++;
    long long v;
    if (q == end || (q < end && *q == '.' && q - p >= 12)) {
        size_t len = (size_t)(q - p);
        if (len != 6 && len != 8 && len != 12 && len != 14)
            return -1;
        int ylen = len == 6 || len == 12 ? 2 : 4;
        const char *r = p;
        read_digits(&r, q, ylen, &v);
        dt->year = full_year(v, ylen);
        read_digits(&r, q, 2, &dt->month);
        read_digits(&r, q, 2, &dt->day);
        if (len > 8) {
            read_digits(&r, q, 2, &dt->hour);
            read_digits(&r, q, 2, &dt->minute);
            read_digits(&r, q, 2, &dt->second);
            dt->has_time = 1;
        }
        p = q;
    } else {
        int yd = read_digits(&p, end, 4, &v);
        if (!yd)
            return -1;
        dt->year = full_year(v, yd);
        long long *parts[] = {&dt->month, &dt->day};
        for (int k = 0; k < 2; k++) {
            if (p >= end || digit(*p))
                return -1;
            while (p < end && !digit(*p) && *p != ' ' && *p != 'T')
                p++;
            if (!read_digits(&p, end, 2, parts[k]))
                return -1;
        }
        if (p < end && (*p == ' ' || *p == 'T')) {
            while (p < end && (*p == ' ' || *p == 'T'))
                p++;
            long long *tparts[] = {&dt->hour, &dt->minute, &dt->second};
            for (int k = 0; k < 3 && p < end; k++) {
                if (k && (p >= end || digit(*p) || *p == '.'))
                    break;
                if (k)
                    p++;
                if (!read_digits(&p, end, 2, tparts[k]))
                    return -1;
            }
            dt->has_time = 1;
        }
    }
    if (p < end && *p == '.' && dt->has_time) {
        p++;
        int k = 0;
        while (p < end && digit(*p)) {
            if (k < 6)
                dt->micro = dt->micro * 10 + (*p - '0');
            if (k < 6)
                dt->frac_digits++;
            k++;
            p++;
        }
        for (int z = dt->frac_digits; z < 6; z++)
            dt->micro *= 10;
    }
    if (p != end)
        return -1;
    /* Zero parts are valid (NO_ZERO_IN_DATE and NO_ZERO_DATE are off by default):
     * 2024-00-00 and 2024-02-00 are dates; a day is checked when there is a month. */
    if (dt->month > 12 || dt->day > (dt->month ? my_days_in_month(dt->year, dt->month) : 31))
        return -1;
    if (dt->hour > 23 || dt->minute > 59 || dt->second > 59)
        return -1;
    return 0;
}

int my_parse_time(const char *s, size_t n, my_datetime *t)
{
    memset(t, 0, sizeof *t);
    const char *p = s, *end = s + n;
    while (p < end && *p == ' ')
        p++;
    while (end > p && end[-1] == ' ')
        end--;
    if (p < end && *p == '-') {
        t->negative = 1;
        p++;
    }
    const char *q = p;
    while (q < end && digit(*q))
        q++;
    long long v;
    if (q == end || (q < end && *q == '.')) {
        /* Digits: [[H]H]MMSS. */
        if (q - p > 7)
            return -1;
        long long all = 0;
        for (const char *r = p; r < q; r++)
            all = all * 10 + (*r - '0');
        t->hour = all / 10000;
        t->minute = all / 100 % 100;
        t->second = all % 100;
        p = q;
    } else {
        long long first;
        read_digits(&p, end, 7, &first);
        if (p < end && *p == ' ') {
            /* D hh[:mm[:ss]] */
            p++;
            if (!read_digits(&p, end, 3, &v))
                return -1;
            t->hour = first * 24 + v;
        } else {
            t->hour = first;
        }
        if (p < end && *p == ':') {
            p++;
            if (!read_digits(&p, end, 2, &t->minute))
                return -1;
            if (p < end && *p == ':') {
                p++;
                if (!read_digits(&p, end, 2, &t->second))
                    return -1;
            }
        }
    }
    if (p < end && *p == '.') {
        p++;
        int k = 0;
        while (p < end && digit(*p)) {
            if (k < 6) {
                t->micro = t->micro * 10 + (*p - '0');
                t->frac_digits++;
            }
            k++;
            p++;
        }
        for (int z = t->frac_digits; z < 6; z++)
            t->micro *= 10;
    }
    if (p != end || t->minute > 59 || t->second > 59)
        return -1;
    if (t->hour > 838)
        return -2; /* out of range: beyond 838:59:59.999999 */
    t->has_time = 1;
    return 0;
}

void my_clip_time(my_session *s, const char *text, size_t n, my_datetime *t)
{
    char *q = my_quote_value(text, n);
    my_warn(s, LW_LEVEL_WARNING, 1292, "Truncated incorrect time value: '%s'", q ? q : "");
    sqlite3_free(q);
    t->hour = 838;
    t->minute = t->second = 59;
    t->micro = 0;
    t->has_time = 1;
}

size_t my_format_datetime(const my_datetime *dt, int what, int fsp, char *buf, size_t cap)
{
    size_t k;
    if (what == MY_TEMPORAL_TIME)
        k = (size_t)snprintf(buf, cap, "%s%02lld:%02lld:%02lld", dt->negative ? "-" : "", dt->hour,
                             dt->minute, dt->second);
    else if (what == MY_TEMPORAL_DATE)
        return (size_t)snprintf(buf, cap, "%04lld-%02lld-%02lld", dt->year, dt->month, dt->day);
    else
        k = (size_t)snprintf(buf, cap, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", dt->year,
                             dt->month, dt->day, dt->hour, dt->minute, dt->second);
    if (fsp > 0 && k < cap) {
        long long f = dt->micro;
        for (int z = fsp; z < 6; z++)
            f /= 10;
        k += (size_t)snprintf(buf + k, cap - k, ".%0*lld", fsp, f);
    }
    return k;
}

/* my_temporal(X, WHAT, FSP) */
static void temporal_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    my_session *s = MY_SESSION(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    /* my_date(X), DATE(X), is my_temporal(X, 'date', 0). */
    const char *what_name = argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : "date";
    int what = !strcmp(what_name ? what_name : "", "date")   ? MY_TEMPORAL_DATE
               : !strcmp(what_name ? what_name : "", "time") ? MY_TEMPORAL_TIME
                                                             : MY_TEMPORAL_DATETIME;
    int fsp = argc > 2 ? sqlite3_value_int(argv[2]) : 0;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    my_datetime dt;
    int rc = what == MY_TEMPORAL_TIME ? my_parse_time(t ? t : "", n, &dt)
                                      : my_parse_datetime(t ? t : "", n, &dt);
    if (rc == -2) {
        my_clip_time(s, t, n, &dt);
        rc = 0;
    }
    if (rc && what == MY_TEMPORAL_TIME && my_parse_datetime(t ? t : "", n, &dt) == 0 &&
        dt.has_time) {
        rc = 0; /* a DATETIME's time of day */
        dt.year = dt.month = dt.day = 0;
    }
    if (rc) {
        char *q = my_quote_value(t ? t : "", n);
        my_warn(s, LW_LEVEL_WARNING, 1292, "Incorrect %s value: '%s'",
                what == MY_TEMPORAL_TIME ? "time" : "datetime", q ? q : "");
        sqlite3_free(q);
        return;
    }
    char buf[64];
    size_t k = my_format_datetime(&dt, what, fsp, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

/* The signed microseconds of a TIME my_parse_time read. */
static long long time_micros(const my_datetime *t)
{
    long long us = ((t->hour * 60 + t->minute) * 60 + t->second) * 1000000LL + t->micro;
    return t->negative ? -us : us;
}

int my_time_collate(void *unused, int na, const void *a, int nb, const void *b)
{
    (void)unused;
    my_datetime x, y;
    int ra = my_parse_time(a, (size_t)na, &x), rb = my_parse_time(b, (size_t)nb, &y);
    if (ra == 0 && rb == 0) {
        long long ux = time_micros(&x), uy = time_micros(&y);
        return ux < uy ? -1 : ux > uy;
    }
    if (ra == 0 || rb == 0)
        return ra == 0 ? -1 : 1; /* durations before anything else */
    int c = memcmp(a, b, (size_t)(na < nb ? na : nb));
    return c ? c : (na > nb) - (na < nb);
}

/* my_temporal_as(X, WHAT, FSP): a string compared with a DATE, DATETIME or TIME
 * (types.c), as the canonical text of that type the other operand has: a DATE's
 * string with a time of day other than midnight is a DATETIME (so it differs from
 * the date and sorts after it), a fraction beyond FSP digits keeps all six (FSP -1:
 * the fraction's significant digits). Not a
 * temporal: the zero value, with warning 1292 "Truncated incorrect datetime value". */
static void temporal_as_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *what = (const char *)sqlite3_value_text(argv[1]);
    int kind = !strcmp(what ? what : "", "date")   ? MY_TEMPORAL_DATE
               : !strcmp(what ? what : "", "time") ? MY_TEMPORAL_TIME
                                                   : MY_TEMPORAL_DATETIME;
    int fsp = sqlite3_value_int(argv[2]);
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    my_datetime dt;
    int rc = kind == MY_TEMPORAL_TIME ? my_parse_time(t ? t : "", n, &dt)
                                      : my_parse_datetime(t ? t : "", n, &dt);
    if (rc == -2) {
        my_clip_time(MY_SESSION(ctx), t, n, &dt);
        rc = 0;
    }
    if (rc) {
        char *q = my_quote_value(t ? t : "", n);
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Truncated incorrect %s value: '%s'",
                kind == MY_TEMPORAL_TIME ? "time" : "datetime", q ? q : "");
        sqlite3_free(q);
        memset(&dt, 0, sizeof dt);
    }
    if (kind == MY_TEMPORAL_DATE && (dt.hour || dt.minute || dt.second || dt.micro))
        kind = MY_TEMPORAL_DATETIME;
    if (fsp < 0) {
        /* The other operand's digits are not known: the fraction's significant ones. */
        fsp = 0;
        for (long long m = dt.micro; m; m = m * 10 % 1000000)
            fsp++;
    } else if (dt.micro) {
        long long scale = 1;
        for (int z = fsp; z < 6; z++)
            scale *= 10;
        if (dt.micro % scale)
            fsp = 6;
    }
    char buf[64];
    size_t k = my_format_datetime(&dt, kind, fsp, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

/* ---- Parts of dates and times ------------------------------------------------------------- */

static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
const char *const my_day_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};
const char *const my_month_names[12] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};

/* MariaDB's day number of a date (calc_daynr); the date has a month and a day. */
long long my_day_number(long long year, long long month, long long day)
{
    long long delsum = 365 * year + 31 * (month - 1) + day;
    if (month <= 2)
        year--;
    else
        delsum -= (month * 4 + 23) / 10;
    long long temp = ((year / 100 + 1) * 3) / 4;
    return delsum + year / 4 - temp;
}

/* The date of day number n (MariaDB's get_date_from_daynr); 0000-00-00 outside its
 * range. */
void my_date_of_day_number(long long n, my_datetime *dt)
{
    memset(dt, 0, sizeof *dt);
    if (n < 366 || n > 3652424)
        return;
    long long year = n * 100 / 36525;
    long long temp = (((year - 1) / 100 + 1) * 3) / 4;
    long long day_of_year = n - year * 365 - (year - 1) / 4 + temp;
    long long in_year;
    while (day_of_year > (in_year = my_leap(year) ? 366 : 365)) {
        day_of_year -= in_year;
        year++;
    }
    int leap_day = 0;
    if (in_year == 366 && day_of_year > 31 + 28) {
        day_of_year--;
        if (day_of_year == 31 + 28)
            leap_day = 1;
    }
    long long month = 1;
    for (int i = 0; i < 12 && day_of_year > month_days[i]; i++, month++)
        day_of_year -= month_days[i];
    dt->year = year;
    dt->month = month;
    dt->day = day_of_year + leap_day;
}

/* Reads argument v as a date (or, time_first, as a time before a date). Returns 0, or
 * -1 (NULL) after warning 1292 when it is neither. */
int my_read_temporal(sqlite3_context *ctx, sqlite3_value *v, int time_first, my_datetime *dt)
{
    const char *t = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    if (!t)
        return -1;
    int rc = time_first ? my_parse_time(t, n, dt) : -1;
    if (rc == 0)
        return 0;
    if (rc == -2) {
        my_clip_time(MY_SESSION(ctx), t, n, dt);
        return 0;
    }
    if (my_parse_datetime(t, n, dt) == 0)
        return 0;
    char *q = my_quote_value(t, n);
    my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Incorrect %s value: '%s'",
            time_first ? "time" : "datetime", q ? q : "");
    sqlite3_free(q);
    return -1;
}

/* A date without a zero month or day, else NULL: with warning 1292 when warn. */
static int calendar_day(sqlite3_context *ctx, sqlite3_value *v, const my_datetime *dt, int warn)
{
    if (dt->month && dt->day)
        return 1;
    if (warn) {
        char *q =
            my_quote_value((const char *)sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Incorrect datetime value: '%s'",
                q ? q : "");
        sqlite3_free(q);
    }
    return 0;
}

static void result_date(sqlite3_context *ctx, const my_datetime *dt)
{
    char buf[32];
    size_t k = my_format_datetime(dt, MY_TEMPORAL_DATE, 0, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

/* my_datepart(X, PART) */
static void datepart_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *part = (const char *)sqlite3_value_text(argv[1]);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !part)
        return;
    int time_part = !strcmp(part, "hour") || !strcmp(part, "minute") || !strcmp(part, "second") ||
                    !strcmp(part, "microsecond");
    my_datetime dt;
    if (my_read_temporal(ctx, argv[0], time_part, &dt))
        return;
    if (!strcmp(part, "hour"))
        sqlite3_result_int64(ctx, dt.hour);
    else if (!strcmp(part, "minute"))
        sqlite3_result_int64(ctx, dt.minute);
    else if (!strcmp(part, "second"))
        sqlite3_result_int64(ctx, dt.second);
    else if (!strcmp(part, "microsecond"))
        sqlite3_result_int64(ctx, dt.micro);
    else if (!strcmp(part, "year"))
        sqlite3_result_int64(ctx, dt.year);
    else if (!strcmp(part, "month"))
        sqlite3_result_int64(ctx, dt.month);
    else if (!strcmp(part, "day"))
        sqlite3_result_int64(ctx, dt.day);
    else if (!strcmp(part, "quarter"))
        sqlite3_result_int64(ctx, (dt.month + 2) / 3);
    else if (!strcmp(part, "monthname")) {
        if (dt.month)
            sqlite3_result_text(ctx, my_month_names[dt.month - 1], -1, SQLITE_STATIC);
    } else if (!strcmp(part, "last_day")) {
        if (dt.month) { /* a zero day is still in its month: LAST_DAY('2024-02-00') */
            dt.day = my_days_in_month(dt.year, dt.month);
            result_date(ctx, &dt);
        }
    } else if (calendar_day(ctx, argv[0], &dt, 1)) {
        long long n = my_day_number(dt.year, dt.month, dt.day);
        if (!strcmp(part, "to_days"))
            sqlite3_result_int64(ctx, n);
        else if (!strcmp(part, "dayofyear"))
            sqlite3_result_int64(ctx, n - my_day_number(dt.year, 1, 1) + 1);
        else if (!strcmp(part, "weekday"))
            sqlite3_result_int64(ctx, (n + 5) % 7);
        else if (!strcmp(part, "dayofweek"))
            sqlite3_result_int64(ctx, (n + 6) % 7 + 1);
        else if (!strcmp(part, "dayname"))
            sqlite3_result_text(ctx, my_day_names[(n + 5) % 7], -1, SQLITE_STATIC);
    }
}

/* my_datediff(A, B) */
static void datediff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    my_datetime a, b;
    if (my_read_temporal(ctx, argv[0], 0, &a) || !calendar_day(ctx, argv[0], &a, 1) ||
        my_read_temporal(ctx, argv[1], 0, &b) || !calendar_day(ctx, argv[1], &b, 1))
        return;
    sqlite3_result_int64(ctx, my_day_number(a.year, a.month, a.day) -
                                  my_day_number(b.year, b.month, b.day));
}

/* my_from_days(N) */
static void from_days_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    my_datetime dt;
    my_date_of_day_number(sqlite3_value_int64(argv[0]), &dt);
    result_date(ctx, &dt);
}

const lw_function_def my_temporal_functions[] = {
    {"my_temporal", 3, MY_SESSION_FN, temporal_func, NULL, NULL, NULL, NULL},
    {"my_date", 1, MY_SESSION_FN, temporal_func, NULL, NULL, NULL, NULL},
    {"my_temporal_as", 3, MY_SESSION_FN, temporal_as_func, NULL, NULL, NULL, NULL},
    {"my_datepart", 2, MY_SESSION_FN, datepart_func, NULL, NULL, NULL, NULL},
    {"my_datediff", 2, MY_SESSION_FN, datediff_func, NULL, NULL, NULL, NULL},
    {"my_from_days", 1, MY_SESSION_FN, from_days_func, NULL, NULL, NULL, NULL},
};
const size_t my_temporal_functions_n =
    sizeof my_temporal_functions / sizeof my_temporal_functions[0];
