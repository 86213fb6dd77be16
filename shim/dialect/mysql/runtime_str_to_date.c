/*
 * STR_TO_DATE for the mysql and mariadb dialects (registered by runtime.c), MariaDB's
 * extract_date_time:
 *
 *   my_str_to_date(S, FORMAT)   DATE_FORMAT's specifiers read back; a DATE, TIME or
 *                               DATETIME as the format's parts say; the day is not
 *                               checked against the month (MariaDB's); the week forms
 *                               (%X%V, %x%v with a weekday; %U/%u with %Y) give the
 *                               day they name
 *
 * NULL in gives NULL. A string that does not match is NULL with warning 1411; text
 * after the format's last part is warning 1292 "Truncated incorrect date value".
 */
#include <string.h>

#include "dialect/mysql/runtime_int.h"

/* Reads at most max digits at *p into *v. Returns 0, or -1 when there is none. */
static int read_number(const char **p, const char *end, int max, long long *v, int *digits)
{
    long long x = 0;
    int k = 0;
    while (*p < end && k < max && **p >= '0' && **p <= '9') {
        x = x * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    if (digits)
        *digits = k;
    *v = x;
    return k ? 0 : -1;
}

/* The index of the name (full, or its first three letters) at *p among names, moving
 * past it; -1 when none. */
static int read_name(const char **p, const char *end, const char *const *names, int n, int abbrev)
{
    for (int i = 0; i < n; i++) {
        size_t len = abbrev ? 3 : strlen(names[i]);
        if ((size_t)(end - *p) >= len && sqlite3_strnicmp(*p, names[i], (int)len) == 0) {
            *p += len;
            return i;
        }
    }
    return -1;
}

/* STR_TO_DATE's reading of s by format f (MariaDB's extract_date_time): fills dt and
 * says which parts the format has. Returns 0, or -1 when s does not match. */
static int str_to_date(const char *s, size_t n, const char *f, my_datetime *dt, int *has_date,
                       int *has_time, int *has_frac)
{
    const char *p = s, *end = s + n;
    memset(dt, 0, sizeof *dt);
    *has_date = *has_time = *has_frac = 0;
    int pm = -1, h12 = 0;
    long long v;
    /* The week forms (MariaDB's extract_date_time): a weekday 1 (Monday) to 7 (Sunday),
     * %U/%u/%V/%v's week number, %X/%x's year, and which kind of week they name. */
    long long weekday = 0, week = -1, week_year = -1;
    int sunday_first = 0, strict_week = 0, week_year_sunday = 0;
    for (; *f; f++) {
        if (*f == ' ' || *f == '\t') {
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            continue;
        }
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (*f != '%' || !f[1]) {
            if (p == end || *p != *f)
                return -1;
            p++;
            continue;
        }
        char c = *++f;
        int digits = 0, r = 0;
        switch (c) {
        case 'Y':
            r = read_number(&p, end, 4, &dt->year, &digits);
            if (!r && digits <= 2)
                dt->year += dt->year < 70 ? 2000 : 1900;
            *has_date = 1;
            break;
        case 'y':
            r = read_number(&p, end, 2, &dt->year, NULL);
            dt->year += dt->year < 70 ? 2000 : 1900;
            *has_date = 1;
            break;
        case 'm':
        case 'c':
            r = read_number(&p, end, 2, &dt->month, NULL);
            *has_date = 1;
            break;
        case 'M':
        case 'b': {
            int i = read_name(&p, end, my_month_names, 12, c == 'b');
            r = i < 0 ? -1 : 0;
            dt->month = i + 1;
            *has_date = 1;
            break;
        }
        case 'd':
        case 'e':
            r = read_number(&p, end, 2, &dt->day, NULL);
            *has_date = 1;
            break;
        case 'D':
            r = read_number(&p, end, 2, &dt->day, NULL);
            if (!r && end - p >= 2)
                p += 2; /* st, nd, rd, th */
            *has_date = 1;
            break;
        case 'W':
        case 'a': {
            int i = read_name(&p, end, my_day_names, 7, c == 'a');
            r = i < 0 ? -1 : 0;
            weekday = i + 1;
            break;
        }
        case 'w':
            r = read_number(&p, end, 1, &weekday, NULL);
            if (!r && weekday >= 7)
                r = -1;
            if (!r && weekday == 0)
                weekday = 7; /* %w's Sunday is 0; the week arithmetic counts it as 7 */
            break;
        case 'U':
        case 'u':
        case 'V':
        case 'v':
            sunday_first = c == 'U' || c == 'V';
            strict_week = c == 'V' || c == 'v';
            r = read_number(&p, end, 2, &week, NULL);
            if (!r && ((strict_week && week == 0) || week > 53))
                r = -1;
            *has_date = 1;
            break;
        case 'X':
        case 'x':
            week_year_sunday = c == 'X';
            r = read_number(&p, end, 4, &week_year, NULL);
            *has_date = 1;
            break;
        case 'H':
        case 'k':
            r = read_number(&p, end, 2, &dt->hour, NULL);
            *has_time = 1;
            break;
        case 'h':
        case 'I':
        case 'l':
            r = read_number(&p, end, 2, &dt->hour, NULL);
            h12 = 1;
            *has_time = 1;
            break;
        case 'i':
            r = read_number(&p, end, 2, &dt->minute, NULL);
            *has_time = 1;
            break;
        case 's':
        case 'S':
            r = read_number(&p, end, 2, &dt->second, NULL);
            *has_time = 1;
            break;
        case 'f':
            r = read_number(&p, end, 6, &v, &digits);
            for (int k = digits; k < 6; k++)
                v *= 10;
            dt->micro = v;
            *has_time = *has_frac = 1;
            break;
        case 'p':
            if (end - p >= 2 &&
                (sqlite3_strnicmp(p, "AM", 2) == 0 || sqlite3_strnicmp(p, "PM", 2) == 0)) {
                pm = (p[0] | 0x20) == 'p';
                p += 2;
            } else {
                r = -1;
            }
            break;
        case 'j':
            r = read_number(&p, end, 3, &v, NULL);
            if (!r && v >= 1 && dt->year) {
                my_datetime d;
                my_date_of_day_number(my_day_number(dt->year, 1, 1) + v - 1, &d);
                dt->month = d.month;
                dt->day = d.day;
            }
            *has_date = 1;
            break;
        case 'T':
        case 'r': {
            r = read_number(&p, end, 2, &dt->hour, NULL);
            if (!r && p < end && *p == ':') {
                p++;
                r = read_number(&p, end, 2, &dt->minute, NULL);
            }
            if (!r && p < end && *p == ':') {
                p++;
                r = read_number(&p, end, 2, &dt->second, NULL);
            }
            if (!r && c == 'r') {
                while (p < end && *p == ' ')
                    p++;
                if (end - p >= 2 &&
                    (sqlite3_strnicmp(p, "AM", 2) == 0 || sqlite3_strnicmp(p, "PM", 2) == 0)) {
                    pm = (p[0] | 0x20) == 'p';
                    p += 2;
                }
                h12 = 1;
            }
            *has_time = 1;
            break;
        }
        case '%':
            r = p < end && *p == '%' ? (p++, 0) : -1;
            break;
        default:
            r = p < end && *p == c ? (p++, 0) : -1;
            break;
        }
        if (r)
            return -1;
    }
    if (week >= 0 && weekday) {
        /* %V/%v need %X/%x of the same kind; %U/%u go with %Y, not %X/%x. */
        if (strict_week ? week_year < 0 || week_year_sunday != sunday_first : week_year >= 0)
            return -1;
        long long days = my_day_number(strict_week ? week_year : dt->year, 1, 1);
        long long first = (days + 5 + sunday_first) % 7; /* 1 January's weekday, from 0 */
        if (sunday_first)
            days += (first == 0 ? 0 : 7) - first + (week - 1) * 7 + weekday % 7;
        else
            days += (first <= 3 ? 0 : 7) - first + (week - 1) * 7 + (weekday - 1);
        if (days <= 0 || days > MY_MAX_DAY_NUMBER)
            return -1;
        my_datetime d;
        my_date_of_day_number(days, &d);
        dt->year = d.year;
        dt->month = d.month;
        dt->day = d.day;
    }
    if (h12) {
        if (dt->hour > 12 || dt->hour < 1)
            return -1;
        if (pm >= 0)
            dt->hour = dt->hour % 12 + (pm ? 12 : 0);
    }
    if (dt->month > 12 || dt->day > 31 || dt->hour > 23 || dt->minute > 59 || dt->second > 59)
        return -1;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p < end ? 1 : 0; /* 1: text after the format's last part */
}

/* my_str_to_date(S, FORMAT): a DATE, TIME or DATETIME as the format's parts say; a string
 * that does not match is NULL with warning 1411; text after the format's last part is
 * warning 1292 "Truncated incorrect date value". */
static void str_to_date_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (lw_any_null(2, argv))
        return;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    const char *f = (const char *)sqlite3_value_text(argv[1]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    my_datetime dt;
    int has_date, has_time, has_frac;
    int rc = t && f ? str_to_date(t, n, f, &dt, &has_date, &has_time, &has_frac) : -1;
    if (rc > 0) {
        char *q = my_quote_value(t, n);
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1292, "Truncated incorrect %s value: '%s'",
                !has_date  ? "time"
                : has_time ? "datetime"
                           : "date",
                q ? q : "");
        sqlite3_free(q);
    }
    if (rc < 0) {
        char *q = my_quote_value(t ? t : "", n);
        my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1411,
                "Incorrect datetime value: '%s' for function str_to_date", q ? q : "");
        sqlite3_free(q);
        return;
    }
    char buf[48];
    size_t k = my_format_datetime(&dt,
                                  !has_date  ? MY_TEMPORAL_TIME
                                  : has_time ? MY_TEMPORAL_DATETIME
                                             : MY_TEMPORAL_DATE,
                                  has_frac ? 6 : 0, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, (int)k, SQLITE_TRANSIENT);
}

const lw_function_def my_str_to_date_functions[] = {
    {"my_str_to_date", 2, MY_SESSION_FN, str_to_date_func, NULL, NULL, NULL, NULL},
};
const size_t my_str_to_date_functions_n =
    sizeof my_str_to_date_functions / sizeof my_str_to_date_functions[0];
