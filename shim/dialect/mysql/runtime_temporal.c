/*
 * MariaDB's temporal values as text (runtime_int.h): parsing DATE, DATETIME, TIME and
 * YEAR input as MariaDB reads it, and the casts to them (registered by runtime.c):
 *
 *   my_temporal(X, WHAT, FSP)   CAST(X AS DATE | DATETIME[(FSP)] | TIME[(FSP)]): the
 *                               canonical text, or NULL with warning 1292 "Incorrect
 *                               datetime value: 'x'" ("Incorrect time value")
 *
 * Input forms: 'YYYY-MM-DD', any punctuation between the parts ('2024/3/2'), the
 * digits-only forms 'YYYYMMDD' and 'YYYYMMDDhhmmss' (also as numbers: 20240102), an
 * optional time 'hh:mm[:ss[.ffffff]]' after a space or 'T'; two-digit years mean
 * 1970-2069. Days are checked against the month (2023-02-29 is invalid); the zero date
 * 0000-00-00 is valid (NO_ZERO_DATE is off in MariaDB's default sql_mode). Fractions
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

static int leap(long long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long long y, long long m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
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
    int zero_date = dt->year == 0 && dt->month == 0 && dt->day == 0;
    if (!zero_date && (dt->month < 1 || dt->month > 12 || dt->day < 1 ||
                       dt->day > days_in_month(dt->year, dt->month)))
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
        long long all = 0;
        for (const char *r = p; r < q; r++)
            all = all * 10 + (*r - '0');
        if (q - p > 7)
            return -1;
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
    if (t->hour > 838 || (t->hour == 838 && (t->minute || t->second || t->micro)))
        return -2; /* out of range */
    t->has_time = 1;
    return 0;
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
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *what_name = (const char *)sqlite3_value_text(argv[1]);
    int what = !strcmp(what_name ? what_name : "", "date")   ? MY_TEMPORAL_DATE
               : !strcmp(what_name ? what_name : "", "time") ? MY_TEMPORAL_TIME
                                                             : MY_TEMPORAL_DATETIME;
    int fsp = sqlite3_value_int(argv[2]);
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    my_datetime dt;
    int rc = what == MY_TEMPORAL_TIME ? my_parse_time(t ? t : "", n, &dt)
                                      : my_parse_datetime(t ? t : "", n, &dt);
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

const lw_function_def my_temporal_functions[] = {
    {"my_temporal", 3, MY_SESSION_FN, temporal_func, NULL, NULL, NULL, NULL},
};
const size_t my_temporal_functions_n =
    sizeof my_temporal_functions / sizeof my_temporal_functions[0];
