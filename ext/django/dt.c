/*
 * Dates, times and durations the way Django 3.2 and Python's datetime compute them
 * (dt.h). The parsers follow django/db/backends/utils.py line by line, because which
 * malformed text gives None, which raises and which exception it raises is part of
 * what the SQL functions return:
 *
 *   typecast_date(s):      date(*map(int, s.split('-')))
 *   typecast_time(s):      hour, minutes, seconds = s.split(':'); seconds may carry
 *                          '.' and a fraction, of which the first 6 characters count
 *   typecast_timestamp(s): no ' ' in s: typecast_date(s); else d, t = s.split(); any
 *                          '-' or '+' in t ends the time (a zone suffix); dates =
 *                          d.split('-'); times = t.split(':'); datetime(int(dates[0]),
 *                          ..., int(seconds), int(fraction)) evaluated left to right
 */
#include "django/dt.h"
#include "django/pytext.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's days_from_civil, shifted so that 0001-01-01 is day 0. Valid for
 * any year, which the ISO week computation needs (year 10000's first Monday). */
int64_t lw_dt_days(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 + 719162;
}

void lw_dt_civil(int64_t days, int *year, int *month, int *day)
{
    int64_t z = days - 719162 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (m <= 2));
    *month = m;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int64_t lw_dt_ticks(const lw_dt *dt)
{
    int64_t t = lw_dt_days(dt->year, dt->month, dt->day) * LW_DT_US_PER_DAY;
    if (dt->kind == LW_DT_DATETIME)
        t += ((int64_t)dt->hour * 3600 + dt->minute * 60 + dt->second) * 1000000 + dt->usec;
    return t;
}

void lw_dt_from_ticks(int64_t ticks, lw_dt *out)
{
    int64_t days = ticks / LW_DT_US_PER_DAY, rest = ticks % LW_DT_US_PER_DAY;
    out->kind = LW_DT_DATETIME;
    lw_dt_civil(days, &out->year, &out->month, &out->day);
    out->usec = (int)(rest % 1000000);
    rest /= 1000000;
    out->second = (int)(rest % 60);
    out->minute = (int)(rest / 60 % 60);
    out->hour = (int)(rest / 3600);
}

lw_pyexc lw_dt_add(lw_dt *dt, int64_t delta_us, int negate)
{
    if (dt->kind == LW_DT_DATE) {
        /* timedelta.days is the floor of the delta in days. */
        int64_t days = delta_us / LW_DT_US_PER_DAY - (delta_us % LW_DT_US_PER_DAY < 0);
        if (negate)
            days = -days;
        int64_t d = lw_dt_days(dt->year, dt->month, dt->day) + days;
        if (d < 0 || d >= LW_DT_DAYS_END)
            return LW_PY_OVERFLOW_ERROR;
        lw_dt_civil(d, &dt->year, &dt->month, &dt->day);
        return LW_PY_OK;
    }
    if (negate && delta_us == INT64_MIN)
        return LW_PY_OVERFLOW_ERROR; /* 106 million days: far outside the calendar */
    if (negate)
        delta_us = -delta_us;
    int64_t t = lw_dt_ticks(dt);
    /* 0 <= t < 2^59, so neither test can overflow, whatever the delta. */
    if ((delta_us > 0 && t > LW_DT_TICKS_END - 1 - delta_us) || (delta_us < 0 && t + delta_us < 0))
        return LW_PY_OVERFLOW_ERROR;
    const struct lw_tz *tz = dt->tz;
    lw_dt_from_ticks(t + delta_us, dt);
    dt->tz = tz;
    return LW_PY_OK;
}

int lw_dt_weekday(const lw_dt *dt)
{
    /* 0001-01-01 was a Monday. */
    return (int)(lw_dt_days(dt->year, dt->month, dt->day) % 7);
}

static int64_t iso_week1_monday(int year)
{
    int64_t first = lw_dt_days(year, 1, 1);
    int64_t weekday = ((first % 7) + 7) % 7;
    int64_t monday = first - weekday;
    return weekday > 3 ? monday + 7 : monday;
}

void lw_dt_isocalendar(const lw_dt *dt, int *iso_year, int *iso_week, int *iso_weekday)
{
    /* datetime.date.isocalendar() of CPython. */
    int year = dt->year;
    int64_t today = lw_dt_days(dt->year, dt->month, dt->day);
    int64_t monday = iso_week1_monday(year);
    int64_t diff = today - monday;
    int64_t week = diff >= 0 ? diff / 7 : -((-diff + 6) / 7);
    int64_t day = diff - week * 7;
    if (week < 0) {
        year--;
        monday = iso_week1_monday(year);
        diff = today - monday;
        week = diff / 7;
        day = diff % 7;
    } else if (week >= 52 && today >= iso_week1_monday(year + 1)) {
        year++;
        week = 0;
    }
    *iso_year = year;
    *iso_week = (int)week + 1;
    *iso_weekday = (int)day + 1;
}

/* ---- the parsers ---------------------------------------------------------------- */

/* int() of one field into *v: LW_PY_OK, LW_PY_VALUE_ERROR, or LW_PY_OVERFLOW_ERROR
 * remembered in *big for the constructor's C int conversion. */
static lw_pyexc field_int(const char *s, size_t n, int64_t *v, int *big)
{
    lw_py_int_rc rc = lw_py_int(s, n, v);
    if (rc == LW_PY_INT_INVALID)
        return LW_PY_VALUE_ERROR;
    if (rc == LW_PY_INT_BIG || *v > INT_MAX || *v < INT_MIN)
        *big = 1;
    return LW_PY_OK;
}

/* (fraction + '000000')[:6] into buf, NUL-terminated; returns its length. */
static size_t fraction6(const char *s, size_t n, char *buf)
{
    size_t end = lw_py_offset(s, n, 6), chars = lw_py_len(s, end);
    memcpy(buf, s, end);
    for (size_t k = chars; k < 6; k++)
        buf[end++] = '0';
    buf[end] = 0;
    return end;
}

static lw_pyexc check_date(int64_t y, int64_t m, int64_t d, const char **why)
{
    if (y < 1 || y > 9999)
        *why = "year out of range";
    else if (m < 1 || m > 12)
        *why = "month must be in 1..12";
    else if (d < 1 || d > days_in_month(y, (int)m))
        *why = "day is out of range for month";
    else
        return LW_PY_OK;
    return LW_PY_VALUE_ERROR;
}

static lw_pyexc check_time(int64_t h, int64_t mi, int64_t s, int64_t us, const char **why)
{
    if (h < 0 || h > 23)
        *why = "hour must be in 0..23";
    else if (mi < 0 || mi > 59)
        *why = "minute must be in 0..59";
    else if (s < 0 || s > 59)
        *why = "second must be in 0..59";
    else if (us < 0 || us > 999999)
        *why = "microsecond must be in 0..999999";
    else
        return LW_PY_OK;
    return LW_PY_VALUE_ERROR;
}

static lw_pyexc typecast_date(const char *s, size_t n, lw_dt *out, const char **why)
{
    int64_t v[3] = {0, 0, 0};
    int big = 0;
    size_t count = 0, field = 0;
    /* Every field goes through int() before date() sees how many there are. */
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '-')
            continue;
        int64_t x;
        if (field_int(s + field, i - field, &x, &big) != LW_PY_OK) {
            *why = "a part of its date is not an integer";
            return LW_PY_VALUE_ERROR;
        }
        if (count < 3)
            v[count] = x;
        count++;
        field = i + 1;
    }
    if (count != 3) {
        *why = "it is neither a date nor a date and a time";
        return LW_PY_TYPE_ERROR;
    }
    if (big) {
        *why = "a part of its date does not fit a C int";
        return LW_PY_OVERFLOW_ERROR;
    }
    lw_pyexc rc = check_date(v[0], v[1], v[2], why);
    if (rc != LW_PY_OK)
        return rc;
    out->kind = LW_DT_DATE;
    out->year = (int)v[0];
    out->month = (int)v[1];
    out->day = (int)v[2];
    return LW_PY_OK;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/*
 * The form Django writes, 'YYYY-MM-DD HH:MM:SS' with an optional '.' and digits, or
 * 'YYYY-MM-DD', in ASCII: parsed directly, with the result the general path gives
 * (the same fields, the first six fraction digits, the same range checks). Returns
 * -1 when s has another form, for the general path.
 */
static int fast_timestamp(const char *s, size_t n, lw_dt *out, const char **why, lw_pyexc *rc)
{
    if ((n != 10 && n < 19) || s[4] != '-' || s[7] != '-')
        return -1;
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || mo < 0 || d < 0)
        return -1;
    int h = 0, mi = 0, sec = 0, us = 0;
    if (n > 10) {
        if (s[10] != ' ' || s[13] != ':' || s[16] != ':')
            return -1;
        h = digits(s + 11, 2);
        mi = digits(s + 14, 2);
        sec = digits(s + 17, 2);
        if (h < 0 || mi < 0 || sec < 0)
            return -1;
        if (n > 19) {
            if (s[19] != '.')
                return -1;
            for (size_t i = 20; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                    return -1;
            for (size_t i = 20; i < 26; i++)
                us = us * 10 + (i < n ? s[i] - '0' : 0);
        }
    }
    *rc = check_date(y, mo, d, why);
    if (*rc == LW_PY_OK && n > 10)
        *rc = check_time(h, mi, sec, us, why);
    if (*rc == LW_PY_OK) {
        out->kind = n > 10 ? LW_DT_DATETIME : LW_DT_DATE;
        out->year = y;
        out->month = mo;
        out->day = d;
        out->hour = h;
        out->minute = mi;
        out->second = sec;
        out->usec = us;
    }
    return 0;
}

lw_pyexc lw_dt_typecast_timestamp(const char *s, size_t n, lw_dt *out, const char **why)
{
    memset(out, 0, sizeof *out);
    *why = "";
    if (n == 0)
        return LW_PY_OK; /* `if not s: return None` */
    lw_pyexc fast;
    if (fast_timestamp(s, n, out, why, &fast) == 0)
        return fast;
    if (!memchr(s, ' ', n))
        return typecast_date(s, n, out, why);
    size_t start[3], len[3];
    if (lw_py_split_ws(s, n, 3, start, len) != 2) {
        *why = "it is not a date and a time separated by whitespace";
        return LW_PY_VALUE_ERROR;
    }
    const char *d = s + start[0], *t = s + start[1];
    size_t dn = len[0], tn = len[1];
    const char *cut = memchr(t, '-', tn);
    if (!cut)
        cut = memchr(t, '+', tn);
    if (cut)
        tn = (size_t)(cut - t);
    size_t ds[3], dl[3], ts[3], tl[3];
    size_t nd = lw_py_split(d, dn, "-", 1, 3, ds, dl);
    size_t nt = lw_py_split(t, tn, ":", 1, 3, ts, tl);
    if (nt < 3) {
        *why = "its time has no seconds";
        return LW_PY_INDEX_ERROR; /* times[2] */
    }
    const char *sec = t + ts[2], *frac = "0";
    size_t sec_n = tl[2], frac_n = 1;
    if (memchr(sec, '.', sec_n)) {
        size_t ps[2], pl[2];
        if (lw_py_split(sec, sec_n, ".", 1, 2, ps, pl) != 2) {
            *why = "its seconds have more than one '.'";
            return LW_PY_VALUE_ERROR;
        }
        frac = sec + ps[1];
        frac_n = pl[1];
        sec_n = pl[0];
    }
    int64_t v[7];
    int big = 0;
    /* datetime(int(dates[0]), int(dates[1]), int(dates[2]), int(times[0]),
     * int(times[1]), int(seconds), int(fraction)), left to right. */
    if (field_int(d + ds[0], dl[0], &v[0], &big) != LW_PY_OK)
        goto not_integer;
    if (nd < 2) {
        *why = "its date has no month";
        return LW_PY_INDEX_ERROR;
    }
    if (field_int(d + ds[1], dl[1], &v[1], &big) != LW_PY_OK)
        goto not_integer;
    if (nd < 3) {
        *why = "its date has no day";
        return LW_PY_INDEX_ERROR;
    }
    char buf[32];
    size_t frac6 = fraction6(frac, frac_n, buf);
    if (field_int(d + ds[2], dl[2], &v[2], &big) != LW_PY_OK ||
        field_int(t + ts[0], tl[0], &v[3], &big) != LW_PY_OK ||
        field_int(t + ts[1], tl[1], &v[4], &big) != LW_PY_OK ||
        field_int(sec, sec_n, &v[5], &big) != LW_PY_OK ||
        field_int(buf, frac6, &v[6], &big) != LW_PY_OK)
        goto not_integer;
    if (big) {
        *why = "a part of it does not fit a C int";
        return LW_PY_OVERFLOW_ERROR;
    }
    lw_pyexc rc = check_date(v[0], v[1], v[2], why);
    if (rc == LW_PY_OK)
        rc = check_time(v[3], v[4], v[5], v[6], why);
    if (rc != LW_PY_OK)
        return rc;
    out->kind = LW_DT_DATETIME;
    out->year = (int)v[0];
    out->month = (int)v[1];
    out->day = (int)v[2];
    out->hour = (int)v[3];
    out->minute = (int)v[4];
    out->second = (int)v[5];
    out->usec = (int)v[6];
    return LW_PY_OK;
not_integer:
    *why = "a part of it is not an integer";
    return LW_PY_VALUE_ERROR;
}

lw_pyexc lw_dt_typecast_time(const char *s, size_t n, lw_dt *out, const char **why)
{
    memset(out, 0, sizeof *out);
    *why = "";
    if (n == 0)
        return LW_PY_OK;
    /* Django's form, 'HH:MM:SS' with an optional '.' and digits, in ASCII: directly. */
    if (n >= 8 && s[2] == ':' && s[5] == ':' && (n == 8 || s[8] == '.')) {
        int h = digits(s, 2), mi = digits(s + 3, 2), sec = digits(s + 6, 2), us = 0, plain = 1;
        for (size_t i = 9; i < n && plain; i++)
            plain = s[i] >= '0' && s[i] <= '9';
        if (h >= 0 && mi >= 0 && sec >= 0 && plain) {
            for (size_t i = 9; i < 15; i++)
                us = us * 10 + (i < n ? s[i] - '0' : 0);
            lw_pyexc rc = check_time(h, mi, sec, us, why);
            if (rc == LW_PY_OK) {
                out->kind = LW_DT_TIME;
                out->hour = h;
                out->minute = mi;
                out->second = sec;
                out->usec = us;
            }
            return rc;
        }
    }
    size_t ps[3], pl[3];
    if (lw_py_split(s, n, ":", 1, 3, ps, pl) != 3) {
        *why = "it is not hours:minutes:seconds";
        return LW_PY_VALUE_ERROR;
    }
    const char *sec = s + ps[2], *frac = "0";
    size_t sec_n = pl[2], frac_n = 1;
    if (memchr(sec, '.', sec_n)) {
        size_t fs[2], fl[2];
        if (lw_py_split(sec, sec_n, ".", 1, 2, fs, fl) != 2) {
            *why = "its seconds have more than one '.'";
            return LW_PY_VALUE_ERROR;
        }
        frac = sec + fs[1];
        frac_n = fl[1];
        sec_n = fl[0];
    }
    char buf[32];
    size_t frac6 = fraction6(frac, frac_n, buf);
    int64_t v[4];
    int big = 0;
    if (field_int(s + ps[0], pl[0], &v[0], &big) != LW_PY_OK ||
        field_int(s + ps[1], pl[1], &v[1], &big) != LW_PY_OK ||
        field_int(sec, sec_n, &v[2], &big) != LW_PY_OK ||
        field_int(buf, frac6, &v[3], &big) != LW_PY_OK) {
        *why = "a part of it is not an integer";
        return LW_PY_VALUE_ERROR;
    }
    if (big) {
        *why = "a part of it does not fit a C int";
        return LW_PY_OVERFLOW_ERROR;
    }
    lw_pyexc rc = check_time(v[0], v[1], v[2], v[3], why);
    if (rc != LW_PY_OK)
        return rc;
    out->kind = LW_DT_TIME;
    out->hour = (int)v[0];
    out->minute = (int)v[1];
    out->second = (int)v[2];
    out->usec = (int)v[3];
    return LW_PY_OK;
}

/* ---- text forms ------------------------------------------------------------------ */

int lw_dt_time_iso(const lw_dt *dt, char *buf)
{
    if (dt->usec)
        return sprintf(buf, "%02d:%02d:%02d.%06d", dt->hour, dt->minute, dt->second, dt->usec);
    return sprintf(buf, "%02d:%02d:%02d", dt->hour, dt->minute, dt->second);
}

int lw_dt_str(const lw_dt *dt, char *buf)
{
    switch (dt->kind) {
    case LW_DT_DATE:
        return sprintf(buf, "%04d-%02d-%02d", dt->year, dt->month, dt->day);
    case LW_DT_DATETIME: {
        int n = sprintf(buf, "%04d-%02d-%02d ", dt->year, dt->month, dt->day);
        return n + lw_dt_time_iso(dt, buf + n);
    }
    case LW_DT_TIME:
        return lw_dt_time_iso(dt, buf);
    case LW_DT_DELTA: {
        /* timedelta.__str__: days (floored), then H:MM:SS of the rest. */
        int64_t us = dt->delta_us;
        int64_t days = us / LW_DT_US_PER_DAY - (us % LW_DT_US_PER_DAY < 0);
        int64_t rest = us - days * LW_DT_US_PER_DAY;
        int64_t seconds = rest / 1000000, micro = rest % 1000000;
        int n = 0;
        if (days)
            n = sprintf(buf, "%lld day%s, ", (long long)days, days == 1 || days == -1 ? "" : "s");
        n += sprintf(buf + n, "%lld:%02lld:%02lld", (long long)(seconds / 3600),
                     (long long)(seconds / 60 % 60), (long long)(seconds % 60));
        if (micro)
            n += sprintf(buf + n, ".%06lld", (long long)micro);
        return n;
    }
    default:
        buf[0] = 0;
        return 0;
    }
}
