/*
 * The plain-C core of the postgresql dialect's functions. See runtime_core.h.
 */
#include "dialect/postgresql/runtime_core.h"
#include "common/hex.h"
#include "decimal/decimal.h"
#include "json/json.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "core/sqlbuf.h"

/* ---- Text ------------------------------------------------------------------------ */

/* Advances *i past one code point; an invalid sequence advances as U8_NEXT does, so
 * every byte belongs to exactly one counted unit. */
static void next_char(const char *s, size_t n, size_t *i)
{
    UChar32 c;
    int32_t k = (int32_t)*i;
    U8_NEXT((const uint8_t *)s, k, (int32_t)n, c);
    (void)c;
    *i = (size_t)k;
}

int64_t lw_pg_char_length(const char *s, size_t n)
{
    int64_t count = 0;
    for (size_t i = 0; i < n; count++)
        next_char(s, n, &i);
    return count;
}

size_t lw_pg_skip_chars(const char *s, size_t n, int64_t k)
{
    size_t i = 0;
    for (int64_t c = 0; c < k && i < n; c++)
        next_char(s, n, &i);
    return i;
}

int64_t lw_pg_strpos(const char *s, size_t n, const char *sub, size_t sub_n)
{
    if (sub_n == 0)
        return 1;
    int64_t pos = 1;
    for (size_t i = 0; i + sub_n <= n; pos++) {
        if (memcmp(s + i, sub, sub_n) == 0)
            return pos;
        next_char(s, n, &i);
    }
    return 0;
}

int lw_pg_split_part(const char *s, size_t n, const char *delim, size_t delim_n, int64_t field,
                     size_t *from, size_t *to)
{
    if (field == 0)
        return -1;
    *from = *to = 0;
    if (delim_n == 0) {
        /* The whole string is the one field, first and last. */
        if (field == 1 || field == -1)
            *to = n;
        return 0;
    }
    /* Field boundaries: starts[k] .. ends[k]; counted in one pass from the left. */
    size_t count = 1;
    for (size_t i = 0; i + delim_n <= n;) {
        if (memcmp(s + i, delim, delim_n) == 0) {
            count++;
            i += delim_n;
        } else {
            i++;
        }
    }
    int64_t want = field > 0 ? field : (int64_t)count + field + 1;
    if (want < 1 || want > (int64_t)count)
        return 0;
    size_t start = 0, k = 1;
    for (size_t i = 0; i + delim_n <= n;) {
        if (memcmp(s + i, delim, delim_n) == 0) {
            if ((int64_t)k == want) {
                *from = start;
                *to = i;
                return 0;
            }
            k++;
            i += delim_n;
            start = i;
        } else {
            i++;
        }
    }
    *from = start;
    *to = n;
    return 0;
}

void lw_pg_left(const char *s, size_t n, int64_t k, size_t *from, size_t *to)
{
    *from = 0;
    if (k >= 0) {
        *to = lw_pg_skip_chars(s, n, k);
    } else {
        int64_t total = lw_pg_char_length(s, n);
        *to = total + k > 0 ? lw_pg_skip_chars(s, n, total + k) : 0;
    }
}

void lw_pg_right(const char *s, size_t n, int64_t k, size_t *from, size_t *to)
{
    *to = n;
    if (k >= 0) {
        int64_t total = lw_pg_char_length(s, n);
        *from = total > k ? lw_pg_skip_chars(s, n, total - k) : 0;
    } else {
        *from = lw_pg_skip_chars(s, n, -k);
    }
}

char *lw_pg_pad(const char *s, size_t n, int64_t len, const char *fill, size_t fill_n, int left,
                size_t *out_n)
{
    lw_sqlbuf b = {0};
    if (len < 0)
        len = 0;
    int64_t have = lw_pg_char_length(s, n);
    if (have >= len || fill_n == 0) {
        /* Cut to len code points (or unchanged when there is nothing to fill with). */
        lw_sqlbuf_append(&b, s, have >= len ? lw_pg_skip_chars(s, n, len) : n);
    } else {
        if (!left)
            lw_sqlbuf_append(&b, s, n);
        size_t f = 0;
        for (int64_t c = have; c < len; c++) {
            size_t start = f;
            next_char(fill, fill_n, &f);
            lw_sqlbuf_append(&b, fill + start, f - start);
            if (f >= fill_n)
                f = 0;
        }
        if (left)
            lw_sqlbuf_append(&b, s, n);
    }
    *out_n = b.len;
    return lw_sqlbuf_finish(&b);
}

/* ---- Date and time ----------------------------------------------------------------- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian), and back. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(y + (m <= 2));
    *month = m;
    *day = d;
}

static int64_t ts_to_unix_usec(const lw_pg_ts *ts)
{
    int64_t days = days_from_civil(ts->year, ts->month, ts->day);
    return ((days * 86400 + ts->hour * 3600 + ts->minute * 60 + ts->second) * 1000000) + ts->usec;
}

void lw_pg_ts_from_unix_usec(int64_t usec, lw_pg_ts *ts)
{
    int64_t secs = usec >= 0 ? usec / 1000000 : -((-usec + 999999) / 1000000);
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rest = secs - days * 86400;
    memset(ts, 0, sizeof *ts);
    civil_from_days(days, &ts->year, &ts->month, &ts->day);
    ts->hour = (int)(rest / 3600);
    ts->minute = (int)(rest / 60 % 60);
    ts->second = (int)(rest % 60);
    ts->usec = (int)(usec - secs * 1000000);
    ts->has_time = 1;
    ts->has_tz = 1;
}

/* The range of days this dialect prints: years 1 to 9999. */
#define FIRST_DAY (-719162) /* 0001-01-01 */
#define LAST_DAY (2932896)  /* 9999-12-31 */

int lw_pg_date_add_days(const lw_pg_ts *ts, int64_t days, lw_pg_ts *out)
{
    int64_t day = days_from_civil(ts->year, ts->month, ts->day);
    memset(out, 0, sizeof *out);
    if (days < FIRST_DAY - day || days > LAST_DAY - day)
        return -2;
    civil_from_days(day + days, &out->year, &out->month, &out->day);
    return 0;
}

int64_t lw_pg_date_diff(const lw_pg_ts *a, const lw_pg_ts *b)
{
    return days_from_civil(a->year, a->month, a->day) - days_from_civil(b->year, b->month, b->day);
}

/* Reads exactly `digits` decimal digits at *p (bounded by end). */
static int read_digits(const char **p, const char *end, int digits, int *value)
{
    int v = 0;
    for (int k = 0; k < digits; k++) {
        if (*p >= end || (unsigned)(**p - '0') > 9)
            return -1;
        v = v * 10 + (*(*p)++ - '0');
    }
    *value = v;
    return 0;
}

int lw_pg_ts_parse(const char *s, size_t n, lw_pg_ts *ts)
{
    const char *p = s, *end = s + n;
    memset(ts, 0, sizeof *ts);
    while (p < end && *p == ' ')
        p++;
    while (end > p && end[-1] == ' ')
        end--;
    if (read_digits(&p, end, 4, &ts->year) || p >= end || *p++ != '-' ||
        read_digits(&p, end, 2, &ts->month) || p >= end || *p++ != '-' ||
        read_digits(&p, end, 2, &ts->day))
        return -1;
    if (p < end && (*p == ' ' || *p == 'T')) {
        p++;
        ts->has_time = 1;
        if (read_digits(&p, end, 2, &ts->hour) || p >= end || *p++ != ':' ||
            read_digits(&p, end, 2, &ts->minute))
            return -1;
        if (p < end && *p == ':') {
            p++;
            if (read_digits(&p, end, 2, &ts->second))
                return -1;
            if (p < end && *p == '.') {
                p++;
                int digits = 0, frac = 0;
                while (p < end && (unsigned)(*p - '0') <= 9) {
                    /* Microseconds; a seventh digit rounds, further ones are ignored. */
                    if (digits < 6)
                        frac = frac * 10 + (*p - '0');
                    else if (digits == 6 && *p >= '5')
                        frac++;
                    digits++;
                    p++;
                }
                if (digits == 0)
                    return -1;
                for (; digits < 6; digits++)
                    frac *= 10;
                ts->usec = frac;
            }
        }
        if (p < end && (*p == 'Z' || *p == 'z')) {
            p++;
            ts->has_tz = 1;
        } else if (p < end && (*p == '+' || *p == '-')) {
            int sign = *p++ == '-' ? -1 : 1, hh = 0, mm = 0;
            if (read_digits(&p, end, 2, &hh))
                return -1;
            if (p < end && *p == ':')
                p++;
            if (p < end && read_digits(&p, end, 2, &mm))
                return -1;
            ts->has_tz = 1;
            ts->tz_seconds = sign * (hh * 3600 + mm * 60);
        }
    }
    if (p != end)
        return -1;
    if (ts->month < 1 || ts->month > 12 || ts->day < 1 ||
        ts->day > days_in_month(ts->year, ts->month) || ts->hour > 24 || ts->minute > 59 ||
        ts->second > 60)
        return -2;
    if (ts->usec >= 1000000 || ts->tz_seconds || ts->hour == 24 || ts->second == 60) {
        /* Fold the zone, a rounded-up fraction, 24:00 and leap seconds into UTC. */
        int has_tz = ts->has_tz;
        int64_t usec = ts_to_unix_usec(ts) - (int64_t)ts->tz_seconds * 1000000;
        lw_pg_ts_from_unix_usec(usec, ts);
        ts->has_tz = has_tz;
    }
    return 0;
}

int lw_pg_ts_format(const lw_pg_ts *ts, char *buf, size_t cap)
{
    int len = snprintf(buf, cap, "%04d-%02d-%02d", ts->year, ts->month, ts->day);
    if (!ts->has_time)
        return len;
    len +=
        snprintf(buf + len, cap - (size_t)len, " %02d:%02d:%02d", ts->hour, ts->minute, ts->second);
    if (ts->usec) {
        char frac[8];
        snprintf(frac, sizeof frac, "%06d", ts->usec);
        int k = 6;
        while (k > 0 && frac[k - 1] == '0')
            k--;
        len += snprintf(buf + len, cap - (size_t)len, ".%.*s", k, frac);
    }
    if (ts->has_tz)
        len += snprintf(buf + len, cap - (size_t)len, "+00");
    return len;
}

static int word_eq(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    if (n != k)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != word[i])
            return 0;
    }
    return 1;
}

int lw_pg_ts_add_interval(lw_pg_ts *ts, const char *iv, size_t n, int sign)
{
    static const struct {
        const char *name;
        int months;   /* months per unit (0 for time units) */
        int64_t usec; /* microseconds per unit (days count as 86400 s here) */
        int is_day;
    } units[] = {
        {"microseconds", 0, 1, 0},
        {"microsecond", 0, 1, 0},
        {"us", 0, 1, 0},
        {"milliseconds", 0, 1000, 0},
        {"millisecond", 0, 1000, 0},
        {"ms", 0, 1000, 0},
        {"seconds", 0, 1000000, 0},
        {"second", 0, 1000000, 0},
        {"secs", 0, 1000000, 0},
        {"sec", 0, 1000000, 0},
        {"s", 0, 1000000, 0},
        {"minutes", 0, 60000000, 0},
        {"minute", 0, 60000000, 0},
        {"mins", 0, 60000000, 0},
        {"min", 0, 60000000, 0},
        {"m", 0, 60000000, 0},
        {"hours", 0, 3600000000LL, 0},
        {"hour", 0, 3600000000LL, 0},
        {"hrs", 0, 3600000000LL, 0},
        {"hr", 0, 3600000000LL, 0},
        {"h", 0, 3600000000LL, 0},
        {"days", 0, 1, 1},
        {"day", 0, 1, 1},
        {"d", 0, 1, 1},
        {"weeks", 0, 7, 1},
        {"week", 0, 7, 1},
        {"w", 0, 7, 1},
        {"months", 1, 0, 0},
        {"month", 1, 0, 0},
        {"mons", 1, 0, 0},
        {"mon", 1, 0, 0},
        {"years", 12, 0, 0},
        {"year", 12, 0, 0},
        {"yrs", 12, 0, 0},
        {"yr", 12, 0, 0},
        {"y", 12, 0, 0},
        {"decades", 120, 0, 0},
        {"decade", 120, 0, 0},
        {"centuries", 1200, 0, 0},
        {"century", 1200, 0, 0},
        {"millennia", 12000, 0, 0},
        {"millennium", 12000, 0, 0},
    };
    int64_t months = 0, days = 0, usec = 0;
    size_t i = 0;
    int any = 0;
    while (i < n) {
        while (i < n && (iv[i] == ' ' || iv[i] == '@'))
            i++;
        if (i >= n)
            break;
        size_t start = i;
        if (iv[i] == '+' || iv[i] == '-')
            i++;
        size_t digits = i;
        while (i < n && ((iv[i] >= '0' && iv[i] <= '9') || iv[i] == '.'))
            i++;
        if (i == digits)
            return -1;
        char num[40];
        if (i - start >= sizeof num)
            return -1;
        memcpy(num, iv + start, i - start);
        num[i - start] = 0;
        if (i < n && iv[i] == ':') {
            /* [-]HH:MM[:SS[.ffffff]] */
            int neg = num[0] == '-';
            int hh = atoi(num + (num[0] == '+' || neg)), mm = 0;
            double ss = 0;
            i++;
            size_t m0 = i;
            while (i < n && iv[i] >= '0' && iv[i] <= '9')
                i++;
            if (i == m0)
                return -1;
            mm = atoi(iv + m0);
            if (i < n && iv[i] == ':') {
                size_t s0 = ++i;
                while (i < n && ((iv[i] >= '0' && iv[i] <= '9') || iv[i] == '.'))
                    i++;
                char sec[40];
                if (i == s0 || i - s0 >= sizeof sec)
                    return -1;
                memcpy(sec, iv + s0, i - s0);
                sec[i - s0] = 0;
                ss = strtod(sec, NULL);
            }
            int64_t t = ((int64_t)hh * 3600 + mm * 60) * 1000000 + (int64_t)(ss * 1e6 + 0.5);
            usec += neg ? -t : t;
            any = 1;
            continue;
        }
        while (i < n && iv[i] == ' ')
            i++;
        size_t u0 = i;
        while (i < n && ((iv[i] >= 'a' && iv[i] <= 'z') || (iv[i] >= 'A' && iv[i] <= 'Z')))
            i++;
        if (i == u0) {
            /* A bare number is seconds, as PostgreSQL reads '90'. */
            usec += (int64_t)(strtod(num, NULL) * 1e6);
            any = 1;
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof units / sizeof units[0]; k++)
            if (word_eq(iv + u0, i - u0, units[k].name))
                break;
        if (k == sizeof units / sizeof units[0])
            return -1;
        double v = strtod(num, NULL);
        if (units[k].months) {
            if (v != (double)(int64_t)v)
                return -1;
            months += (int64_t)v * units[k].months;
        } else if (units[k].is_day) {
            double whole = (double)(int64_t)v;
            days += (int64_t)whole * units[k].usec;
            usec += (int64_t)((v - whole) * units[k].usec * 86400e6);
        } else {
            usec += (int64_t)(v * (double)units[k].usec);
        }
        any = 1;
    }
    if (!any)
        return -1;
    int has_tz = ts->has_tz;
    ts->has_time = 1;
    int64_t m = (int64_t)ts->year * 12 + (ts->month - 1) + sign * months;
    ts->year = (int)(m / 12);
    ts->month = (int)(m % 12) + 1;
    if (ts->year < 1 || ts->year > 9999)
        return -2;
    int dim = days_in_month(ts->year, ts->month);
    if (ts->day > dim)
        ts->day = dim;
    int64_t at = ts_to_unix_usec(ts) + sign * (days * 86400000000LL + usec);
    lw_pg_ts_from_unix_usec(at, ts);
    ts->has_tz = has_tz;
    if (ts->year < 1 || ts->year > 9999)
        return -2;
    return 0;
}

/* ISO day of week, Monday 1 .. Sunday 7. */
static int iso_dow(const lw_pg_ts *ts)
{
    int64_t days = days_from_civil(ts->year, ts->month, ts->day);
    int64_t dow = (days + 3) % 7; /* 1970-01-01 was a Thursday */
    if (dow < 0)
        dow += 7;
    return (int)dow + 1;
}

static int day_of_year(const lw_pg_ts *ts)
{
    return (int)(days_from_civil(ts->year, ts->month, ts->day) - days_from_civil(ts->year, 1, 1)) +
           1;
}

int lw_pg_date_trunc(const char *unit, size_t n, lw_pg_ts *ts)
{
    int level;
    static const char *const units[] = {
        "microseconds", "milliseconds", "second", "minute", "hour",    "day",       "week",
        "month",        "quarter",      "year",   "decade", "century", "millennium"};
    for (level = 0; level < (int)(sizeof units / sizeof units[0]); level++)
        if (word_eq(unit, n, units[level]))
            break;
    if (level == (int)(sizeof units / sizeof units[0]))
        return -1;
    ts->has_time = 1;
    if (level >= 1)
        ts->usec = level == 1 ? ts->usec / 1000 * 1000 : 0;
    if (level >= 3)
        ts->second = 0;
    if (level >= 4)
        ts->minute = 0;
    if (level >= 5)
        ts->hour = 0;
    if (level == 6) {
        int64_t days = days_from_civil(ts->year, ts->month, ts->day) - (iso_dow(ts) - 1);
        civil_from_days(days, &ts->year, &ts->month, &ts->day);
        return 0;
    }
    if (level >= 7)
        ts->day = 1;
    if (level == 8)
        ts->month = (ts->month - 1) / 3 * 3 + 1;
    if (level >= 9)
        ts->month = 1;
    if (level == 10)
        ts->year = ts->year - ((ts->year % 10) + 10) % 10;
    if (level == 11)
        ts->year = ts->year > 0 ? (ts->year - 1) / 100 * 100 + 1 : ts->year;
    if (level == 12)
        ts->year = ts->year > 0 ? (ts->year - 1) / 1000 * 1000 + 1 : ts->year;
    return 0;
}

int lw_pg_extract(const char *field, size_t n, const lw_pg_ts *ts, char *buf, size_t cap,
                  int *is_integer)
{
    int64_t v;
    *is_integer = 1;
    if (word_eq(field, n, "year"))
        v = ts->year;
    else if (word_eq(field, n, "month"))
        v = ts->month;
    else if (word_eq(field, n, "day"))
        v = ts->day;
    else if (word_eq(field, n, "quarter"))
        v = (ts->month - 1) / 3 + 1;
    else if (word_eq(field, n, "dow"))
        v = iso_dow(ts) % 7;
    else if (word_eq(field, n, "isodow"))
        v = iso_dow(ts);
    else if (word_eq(field, n, "doy"))
        v = day_of_year(ts);
    else if (word_eq(field, n, "decade"))
        v = ts->year >= 0 ? ts->year / 10 : -((-ts->year + 9) / 10);
    else if (word_eq(field, n, "century"))
        v = ts->year > 0 ? (ts->year + 99) / 100 : -((-ts->year + 99) / 100);
    else if (word_eq(field, n, "millennium"))
        v = ts->year > 0 ? (ts->year + 999) / 1000 : -((-ts->year + 999) / 1000);
    else if (word_eq(field, n, "epoch")) {
        int64_t usec = ts_to_unix_usec(ts);
        if (!ts->has_time) {
            v = usec / 1000000;
        } else {
            *is_integer = 0;
            int64_t whole = usec / 1000000, frac = usec % 1000000;
            if (frac < 0) {
                frac += 1000000;
                whole--;
            }
            const char *sign = whole < 0 && frac ? "-" : "";
            if (whole < 0 && frac) {
                whole = -whole - 1;
                frac = 1000000 - frac;
            }
            snprintf(buf, cap, "%s%lld.%06lld", sign, (long long)whole, (long long)frac);
            return 0;
        }
    } else if (!ts->has_time) {
        if (word_eq(field, n, "hour") || word_eq(field, n, "minute") ||
            word_eq(field, n, "second") || word_eq(field, n, "microseconds") ||
            word_eq(field, n, "milliseconds"))
            return -2;
        return -1;
    } else if (word_eq(field, n, "hour"))
        v = ts->hour;
    else if (word_eq(field, n, "minute"))
        v = ts->minute;
    else if (word_eq(field, n, "second")) {
        *is_integer = 0;
        snprintf(buf, cap, "%d.%06d", ts->second, ts->usec);
        return 0;
    } else if (word_eq(field, n, "milliseconds")) {
        *is_integer = 0;
        snprintf(buf, cap, "%d.%03d", ts->second * 1000 + ts->usec / 1000, ts->usec % 1000);
        return 0;
    } else if (word_eq(field, n, "microseconds"))
        v = (int64_t)ts->second * 1000000 + ts->usec;
    else
        return -1;
    snprintf(buf, cap, "%lld", (long long)v);
    return 0;
}

static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
static const char *const day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};

/* Appends name in the case style of the pattern (Xxx, XXX or xxx), cut to `cut`
 * characters (0: whole), padded to 9 unless fill mode. */
static void put_name(lw_sqlbuf *b, const char *name, int style, int cut, int fm)
{
    char tmp[16] = {0};
    size_t len = strlen(name);
    if (cut && (size_t)cut < len)
        len = (size_t)cut;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (style == 2 && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (style == 0 && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        tmp[i] = c;
    }
    lw_sqlbuf_append(b, tmp, len);
    if (!cut && !fm)
        for (size_t i = len; i < 9; i++)
            lw_sqlbuf_append(b, " ", 1);
}

static void put_number(lw_sqlbuf *b, long long v, int width, int fm)
{
    if (fm)
        lw_sqlbuf_appendf(b, "%lld", v);
    else
        lw_sqlbuf_appendf(b, "%0*lld", width, v);
}

/* 1 for Xxx, 2 for XXX, 0 for xxx, from the first two letters of a pattern. */
static int name_style(const char *p)
{
    if (p[0] >= 'a' && p[0] <= 'z')
        return 0;
    return p[1] >= 'A' && p[1] <= 'Z' ? 2 : 1;
}

static int starts(const char *p, const char *end, const char *pat)
{
    size_t k = strlen(pat);
    return (size_t)(end - p) >= k && memcmp(p, pat, k) == 0;
}

static int starts_ci(const char *p, const char *end, const char *pat)
{
    size_t k = strlen(pat);
    if ((size_t)(end - p) < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = p[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (c != pat[i])
            return 0;
    }
    return 1;
}

char *lw_pg_to_char(const lw_pg_ts *ts, const char *fmt, size_t fmt_n, size_t *out_n)
{
    lw_sqlbuf b = {0};
    const char *p = fmt, *end = fmt + fmt_n;
    int hour12 = ts->hour % 12 == 0 ? 12 : ts->hour % 12;
    int dow = iso_dow(ts) % 7; /* 0 = Sunday */
    while (p < end) {
        int fm = 0;
        if (starts_ci(p, end, "FM")) {
            fm = 1;
            p += 2;
            if (p >= end)
                break;
        }
        if (*p == '"') {
            for (p++; p < end && *p != '"'; p++) {
                if (*p == '\\' && p + 1 < end)
                    p++;
                lw_sqlbuf_append(&b, p, 1);
            }
            if (p < end)
                p++;
        } else if (starts_ci(p, end, "YYYY")) {
            put_number(&b, ts->year, 4, fm);
            p += 4;
        } else if (starts_ci(p, end, "YYY")) {
            put_number(&b, ts->year % 1000, 3, fm);
            p += 3;
        } else if (starts_ci(p, end, "YY")) {
            put_number(&b, ts->year % 100, 2, fm);
            p += 2;
        } else if (starts_ci(p, end, "HH24")) {
            put_number(&b, ts->hour, 2, fm);
            p += 4;
        } else if (starts_ci(p, end, "HH12")) {
            put_number(&b, hour12, 2, fm);
            p += 4;
        } else if (starts_ci(p, end, "HH")) {
            put_number(&b, hour12, 2, fm);
            p += 2;
        } else if (starts_ci(p, end, "MI")) {
            put_number(&b, ts->minute, 2, fm);
            p += 2;
        } else if (starts_ci(p, end, "SS")) {
            put_number(&b, ts->second, 2, fm);
            p += 2;
        } else if (starts_ci(p, end, "MS")) {
            put_number(&b, ts->usec / 1000, 3, fm);
            p += 2;
        } else if (starts_ci(p, end, "US")) {
            put_number(&b, ts->usec, 6, fm);
            p += 2;
        } else if (starts_ci(p, end, "AM") || starts_ci(p, end, "PM")) {
            const char *word = ts->hour < 12 ? "AM" : "PM";
            put_name(&b, word, *p >= 'a' ? 0 : 2, 2, 1);
            p += 2;
        } else if (starts_ci(p, end, "A.M.") || starts_ci(p, end, "P.M.")) {
            lw_sqlbuf_appends(&b, ts->hour < 12 ? (*p >= 'a' ? "a.m." : "A.M.")
                                                : (*p >= 'a' ? "p.m." : "P.M."));
            p += 4;
        } else if (starts_ci(p, end, "MONTH")) {
            put_name(&b, month_names[ts->month - 1], name_style(p), 0, fm);
            p += 5;
        } else if (starts_ci(p, end, "MON")) {
            put_name(&b, month_names[ts->month - 1], name_style(p), 3, fm);
            p += 3;
        } else if (starts_ci(p, end, "MM")) {
            put_number(&b, ts->month, 2, fm);
            p += 2;
        } else if (starts_ci(p, end, "DAY")) {
            put_name(&b, day_names[dow], name_style(p), 0, fm);
            p += 3;
        } else if (starts_ci(p, end, "DY")) {
            put_name(&b, day_names[dow], name_style(p), 3, fm);
            p += 2;
        } else if (starts_ci(p, end, "DDD")) {
            put_number(&b, day_of_year(ts), 3, fm);
            p += 3;
        } else if (starts_ci(p, end, "DD")) {
            put_number(&b, ts->day, 2, fm);
            p += 2;
        } else if (starts(p, end, "D")) {
            put_number(&b, dow + 1, 1, fm);
            p += 1;
        } else if (starts(p, end, "Q")) {
            put_number(&b, (ts->month - 1) / 3 + 1, 1, fm);
            p += 1;
        } else {
            size_t start = (size_t)(p - fmt), i = start;
            next_char(fmt, fmt_n, &i);
            lw_sqlbuf_append(&b, p, i - start);
            p = fmt + i;
        }
    }
    *out_n = b.len;
    return lw_sqlbuf_finish(&b);
}

/* ---- UUID ------------------------------------------------------------------------ */

static const char hex_digits[] = "0123456789abcdef";

void lw_pg_uuid_v4(const unsigned char random[16], char out[37])
{
    unsigned char u[16];
    memcpy(u, random, 16);
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex_digits[u[i] >> 4];
        *o++ = hex_digits[u[i] & 15];
    }
    *o = 0;
}

int lw_pg_uuid_canon(const char *s, size_t n, char out[37])
{
    size_t i = 0, digits = 0;
    int braces = n > 0 && s[0] == '{';
    if (braces) {
        if (n < 2 || s[n - 1] != '}')
            return -1;
        i = 1;
        n--;
    }
    char *o = out;
    for (; i < n; i++) {
        if (s[i] == '-' && digits % 4 == 0 && digits > 0 && digits < 32 && s[i - 1] != '-')
            continue;
        if (lw_hex_value((unsigned char)s[i]) < 0 || digits == 32)
            return -1;
        if (digits == 8 || digits == 12 || digits == 16 || digits == 20)
            *o++ = '-';
        *o++ = hex_digits[lw_hex_value((unsigned char)s[i])];
        digits++;
    }
    *o = 0;
    return digits == 32 ? 0 : -1;
}

/* ---- jsonb output form ------------------------------------------------------------- */

/*
 * The text is parsed by the json module (ext/json), whose tree already holds objects
 * the way jsonb does: members sorted by key (shorter first, then bytewise) with only
 * the last of duplicate keys kept, strings unescaped. Printing it with jsonb's
 * separators, and each number as the numeric jsonb stores it (1e2 is 100, 1.50 stays
 * 1.50, -0 is 0), gives jsonb's output form.
 */

typedef struct jsonb_printer {
    const lw_json *doc;
    lw_sqlbuf *out;
    const char *error;
} jsonb_printer;

/* Appends a string value as jsonb prints it. The json module accepts two escapes
 * PostgreSQL rejects; they are the only ways a decoded string can hold a zero byte
 * (\u0000) or an encoded surrogate (an unpaired \ud800-\udfff escape), since raw
 * control characters and invalid UTF-8 are refused by the parser. */
static int put_json_string(jsonb_printer *pr, const char *s, size_t n)
{
    lw_sqlbuf *b = pr->out;
    lw_sqlbuf_append(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            lw_sqlbuf_append(b, "\\\"", 2);
            break;
        case '\\':
            lw_sqlbuf_append(b, "\\\\", 2);
            break;
        case '\b':
            lw_sqlbuf_append(b, "\\b", 2);
            break;
        case '\f':
            lw_sqlbuf_append(b, "\\f", 2);
            break;
        case '\n':
            lw_sqlbuf_append(b, "\\n", 2);
            break;
        case '\r':
            lw_sqlbuf_append(b, "\\r", 2);
            break;
        case '\t':
            lw_sqlbuf_append(b, "\\t", 2);
            break;
        case 0:
            pr->error = "unsupported Unicode escape sequence \\u0000";
            return -1;
        default:
            if (c == 0xED && i + 1 < n && (unsigned char)s[i + 1] >= 0xA0) {
                pr->error = "invalid surrogate pair in a \\u escape";
                return -1;
            }
            if (c < 0x20)
                lw_sqlbuf_appendf(b, "\\u%04x", c);
            else
                lw_sqlbuf_append(b, (const char *)&c, 1);
        }
    }
    lw_sqlbuf_append(b, "\"", 1);
    return 0;
}

/* Appends a number as jsonb prints it: jsonb stores numbers as numerics, so the text
 * is numeric's output form (no exponent, the scale PostgreSQL's numeric input gives). */
static int put_json_number(jsonb_printer *pr, const char *s, size_t n)
{
    lw_decimal d;
    lw_decimal_init(&d);
    lw_decimal_status st = lw_decimal_from_text(&d, s, n);
    if (st == LW_DECIMAL_OK) {
        size_t len;
        char *text = lw_decimal_to_text(&d, &len);
        if (text)
            lw_sqlbuf_append(pr->out, text, len);
        else
            pr->out->oom = 1;
        sqlite3_free(text);
    } else if (st == LW_DECIMAL_NOMEM) {
        pr->out->oom = 1;
    } else {
        pr->error = "value overflows numeric format";
    }
    lw_decimal_clear(&d);
    return pr->error ? -1 : 0;
}

/* Prints node index of the document at nesting depth (the root is 1, and scalars
 * count as a level), failing past LW_PG_JSON_MAX_DEPTH. */
static int print_jsonb(jsonb_printer *pr, uint32_t index, int depth)
{
    if (depth > LW_PG_JSON_MAX_DEPTH) {
        pr->error = "nesting too deep";
        return -1;
    }
    const lw_json *doc = pr->doc;
    const lw_json_node *node = &doc->nodes[index];
    switch ((lw_json_type)node->type) {
    case LW_JSON_NULL:
        lw_sqlbuf_appends(pr->out, "null");
        return 0;
    case LW_JSON_FALSE:
        lw_sqlbuf_appends(pr->out, "false");
        return 0;
    case LW_JSON_TRUE:
        lw_sqlbuf_appends(pr->out, "true");
        return 0;
    case LW_JSON_NUMBER:
        return put_json_number(pr, doc->bytes + node->off, node->len);
    case LW_JSON_STRING:
        return put_json_string(pr, doc->bytes + node->off, node->len);
    case LW_JSON_ARRAY:
        lw_sqlbuf_append(pr->out, "[", 1);
        for (uint32_t i = 0; i < node->len; i++) {
            if (i)
                lw_sqlbuf_append(pr->out, ", ", 2);
            if (print_jsonb(pr, doc->kids[node->off + i], depth + 1))
                return -1;
        }
        lw_sqlbuf_append(pr->out, "]", 1);
        return 0;
    case LW_JSON_OBJECT:
        lw_sqlbuf_append(pr->out, "{", 1);
        for (uint32_t i = 0; i < node->len; i++) {
            const lw_json_node *key = &doc->nodes[doc->kids[node->off + 2 * i]];
            if (i)
                lw_sqlbuf_append(pr->out, ", ", 2);
            if (put_json_string(pr, doc->bytes + key->off, key->len))
                return -1;
            lw_sqlbuf_append(pr->out, ": ", 2);
            if (print_jsonb(pr, doc->kids[node->off + 2 * i + 1], depth + 1))
                return -1;
        }
        lw_sqlbuf_append(pr->out, "}", 1);
        return 0;
    }
    pr->error = "invalid JSON node";
    return -1;
}

char *lw_pg_jsonb_normalize(const char *s, size_t n, size_t *out_n, const char **error)
{
    lw_json doc;
    lw_json_error parse_error = {0, NULL};
    lw_sqlbuf out = {0};
    jsonb_printer pr = {&doc, &out, NULL};
    *error = NULL;
    lw_json_init(&doc);
    lw_json_status status = lw_json_parse(&doc, s, n, 0, &parse_error);
    if (status == LW_JSON_OK)
        print_jsonb(&pr, 0, 1);
    else if (status == LW_JSON_TOO_DEEP)
        pr.error = "nesting too deep";
    else if (status == LW_JSON_BAD_UTF8)
        pr.error = "invalid UTF-8";
    else if (status != LW_JSON_NOMEM)
        pr.error = parse_error.detail ? parse_error.detail : "invalid JSON";
    lw_json_clear(&doc);
    if (status == LW_JSON_NOMEM || pr.error || out.oom) {
        *error = pr.error;
        lw_sqlbuf_free(&out);
        return NULL;
    }
    *out_n = out.len;
    return lw_sqlbuf_finish(&out);
}

/* Parses s into doc as lw_pg_jsonb_normalize() does; 0, or -1 with *error set (NULL
 * for out of memory). */
static int parse_jsonb(lw_json *doc, const char *s, size_t n, const char **error)
{
    lw_json_error parse_error = {0, NULL};
    lw_json_status status = lw_json_parse(doc, s, n, 0, &parse_error);
    *error = NULL;
    if (status == LW_JSON_OK)
        return 0;
    if (status == LW_JSON_TOO_DEEP)
        *error = "nesting too deep";
    else if (status == LW_JSON_BAD_UTF8)
        *error = "invalid UTF-8";
    else if (status != LW_JSON_NOMEM)
        *error = parse_error.detail ? parse_error.detail : "invalid JSON";
    return -1;
}

/* The node of the value that `->` selects from container node c, or UINT32_MAX. */
static uint32_t jsonb_child(const lw_json *doc, const lw_json_node *c, const char *key,
                            size_t key_len, int64_t index)
{
    if (key && c->type == LW_JSON_OBJECT) {
        for (uint32_t i = 0; i < c->len; i++) {
            const lw_json_node *k = &doc->nodes[doc->kids[c->off + 2 * i]];
            if (k->len == key_len && memcmp(doc->bytes + k->off, key, key_len) == 0)
                return doc->kids[c->off + 2 * i + 1];
        }
    } else if (!key && c->type == LW_JSON_ARRAY) {
        if (index < 0)
            index += c->len;
        if (index >= 0 && index < (int64_t)c->len)
            return doc->kids[c->off + (uint32_t)index];
    }
    return UINT32_MAX;
}

int lw_pg_jsonb_get(const char *s, size_t n, const char *key, size_t key_len, int64_t index,
                    int as_text, char **out, size_t *out_n, const char **error)
{
    lw_json doc;
    lw_sqlbuf buf = {0};
    jsonb_printer pr = {&doc, &buf, NULL};
    int rc = 0;
    *out = NULL;
    *out_n = 0;
    lw_json_init(&doc);
    if (parse_jsonb(&doc, s, n, error)) {
        lw_json_clear(&doc);
        return *error ? -1 : -2;
    }
    uint32_t at = jsonb_child(&doc, &doc.nodes[0], key, key_len, index);
    if (at != UINT32_MAX) {
        const lw_json_node *v = &doc.nodes[at];
        if (as_text && v->type == LW_JSON_NULL) {
            rc = 0; /* ->> of a JSON null is SQL NULL */
        } else if (as_text && v->type == LW_JSON_STRING) {
            /* The string itself; put_json_string() refuses what jsonb cannot hold. */
            if (put_json_string(&pr, doc.bytes + v->off, v->len) == 0) {
                buf.len = 0;
                lw_sqlbuf_append(&buf, doc.bytes + v->off, v->len);
            }
            rc = 1;
        } else {
            print_jsonb(&pr, at, 2);
            rc = 1;
        }
    }
    lw_json_clear(&doc);
    if (pr.error || buf.oom) {
        *error = pr.error;
        lw_sqlbuf_free(&buf);
        return pr.error ? -1 : -2;
    }
    if (rc == 1) {
        *out_n = buf.len;
        *out = lw_sqlbuf_finish(&buf);
        if (!*out)
            return -2;
    }
    return rc;
}

/* ---- MD5 (RFC 1321), for md5() ------------------------------------------------------- */

static uint32_t rotl32(uint32_t x, int c)
{
    return (x << c) | (x >> (32 - c));
}

static void md5_block(uint32_t h[4], const unsigned char *p)
{
    static const uint32_t K[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
        0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
        0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
        0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
        0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
        0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391};
    static const int R[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                              5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                              4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                              6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    uint32_t w[16];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
               (uint32_t)p[4 * i + 3] << 24;
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        if (i < 16) {
            f = (b & c) | (~b & d);
            g = i;
        } else if (i < 32) {
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
        } else if (i < 48) {
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
        } else {
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
        }
        uint32_t tmp = d;
        d = c;
        c = b;
        b = b + rotl32(a + f + K[i] + w[g], R[i]);
        a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
}

void lw_pg_md5_hex(const void *data, size_t n, char out[33])
{
    uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    const unsigned char *p = data;
    size_t i = 0;
    for (; i + 64 <= n; i += 64)
        md5_block(h, p + i);
    unsigned char tail[128] = {0};
    size_t rest = n - i;
    memcpy(tail, p + i, rest);
    tail[rest] = 0x80;
    size_t len = rest + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int k = 0; k < 8; k++)
        tail[len - 8 + k] = (unsigned char)(bits >> (8 * k));
    md5_block(h, tail);
    if (len == 128)
        md5_block(h, tail + 64);
    for (int k = 0; k < 16; k++) {
        unsigned char byte = (unsigned char)(h[k / 4] >> (8 * (k % 4)));
        out[2 * k] = hex_digits[byte >> 4];
        out[2 * k + 1] = hex_digits[byte & 15];
    }
    out[32] = 0;
}
