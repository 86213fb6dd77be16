/*
 * PostgreSQL's date and time types (pgtime.h): the calendar as PostgreSQL counts it,
 * timestamps to fields and back (in a zone or not), output in ISO DateStyle, the quick
 * readers of stored values, and error messages. Input is pgtime_parse.c, zones by
 * name pgtime_zone.c.
 */
#include "dialect/postgresql/pgtime.h"

#include <stdio.h>
#include <string.h>

/* ---- Errors ----------------------------------------------------------------------------- */

void pg_dt_error(pg_dterr err, const char *type_name, const char *str, const char *zone,
                 char sqlstate[6], char *msg, size_t cap)
{
    const char *state = "22007";
    str = str ? str : "";
    switch (err) {
    case PG_DTERR_FIELD_OVERFLOW:
    case PG_DTERR_MD_OVERFLOW:
        state = "22008";
        snprintf(msg, cap, "date/time field value out of range: \"%s\"", str);
        break;
    case PG_DTERR_INTERVAL_FIELD:
        state = "22015";
        snprintf(msg, cap, "interval field value out of range: \"%s\"", str);
        break;
    case PG_DTERR_TZDISP_OVERFLOW:
        state = "22009";
        snprintf(msg, cap, "time zone displacement out of range: \"%s\"", str);
        break;
    case PG_DTERR_BAD_TIMEZONE:
        state = "22023";
        snprintf(msg, cap, "time zone \"%s\" not recognized", zone ? zone : str);
        break;
    case PG_DTERR_TS_RANGE:
        state = "22008";
        if (*str)
            snprintf(msg, cap, "timestamp out of range: \"%s\"", str);
        else
            snprintf(msg, cap, "timestamp out of range");
        break;
    case PG_DTERR_DATE_RANGE:
        state = "22008";
        if (*str)
            snprintf(msg, cap, "date out of range: \"%s\"", str);
        else
            snprintf(msg, cap, "date out of range");
        break;
    case PG_DTERR_INTERVAL_RANGE:
        state = "22008";
        snprintf(msg, cap, "interval out of range");
        break;
    case PG_DTERR_UNIT_UNKNOWN:
        state = "22023";
        snprintf(msg, cap, "unit \"%s\" not recognized for type %s", str, type_name);
        break;
    case PG_DTERR_UNIT_UNSUPPORTED:
        state = "0A000";
        snprintf(msg, cap, "unit \"%s\" not supported for type %s", str, type_name);
        break;
    case PG_DTERR_NOMEM:
        state = "53200";
        snprintf(msg, cap, "out of memory");
        break;
    case PG_DTERR_BAD_FORMAT:
    case PG_DT_OK:
    default:
        snprintf(msg, cap, "invalid input syntax for type %s: \"%s\"", type_name, str);
        break;
    }
    memcpy(sqlstate, state, 6);
}

/* ---- The calendar ------------------------------------------------------------------------- */

int pg_date2j(int year, int month, int day)
{
    return (int)(lw_days_from_civil(year, month, day) + PG_UNIX_EPOCH_JDATE);
}

void pg_j2date(int jd, int *year, int *month, int *day)
{
    int64_t y;
    lw_civil_from_days((int64_t)jd - PG_UNIX_EPOCH_JDATE, &y, month, day);
    *year = (int)y;
}

int pg_j2day(int jd)
{
    int d = (jd + 1) % 7;
    return d < 0 ? d + 7 : d;
}

int pg_valid_julian(int year, int month, int day)
{
    (void)day;
    return (year > -4713 || (year == -4713 && month >= 11)) &&
           (year < 5874898 || (year == 5874898 && month < 6));
}

int pg_isoweek2j(int year, int week)
{
    int day4 = pg_date2j(year, 1, 4);
    int day0 = pg_j2day(day4 - 1); /* Monday of that week, counted back */
    return (week - 1) * 7 + (day4 - day0);
}

int pg_date2isoweek(int year, int mon, int mday)
{
    int dayn = pg_date2j(year, mon, mday);
    int day4 = pg_date2j(year, 1, 4);
    int day0 = pg_j2day(day4 - 1);
    if (dayn < day4 - day0) {
        day4 = pg_date2j(year - 1, 1, 4);
        day0 = pg_j2day(day4 - 1);
    }
    int result = (dayn - (day4 - day0)) / 7 + 1;
    if (result >= 52) {
        day4 = pg_date2j(year + 1, 1, 4);
        day0 = pg_j2day(day4 - 1);
        if (dayn >= day4 - day0)
            result = (dayn - (day4 - day0)) / 7 + 1;
    }
    return result;
}

int pg_date2isoyear(int year, int mon, int mday)
{
    int dayn = pg_date2j(year, mon, mday);
    int day4 = pg_date2j(year, 1, 4);
    int day0 = pg_j2day(day4 - 1);
    if (dayn < day4 - day0) {
        day4 = pg_date2j(year - 1, 1, 4);
        day0 = pg_j2day(day4 - 1);
        year--;
    }
    int result = (dayn - (day4 - day0)) / 7 + 1;
    if (result >= 52) {
        day4 = pg_date2j(year + 1, 1, 4);
        day0 = pg_j2day(day4 - 1);
        if (dayn >= day4 - day0)
            year++;
    }
    return year;
}

int pg_date2isoyearday(int year, int mon, int mday)
{
    return pg_date2j(year, mon, mday) - pg_isoweek2j(pg_date2isoyear(year, mon, mday), 1) + 1;
}

/* ---- Timestamps and fields ----------------------------------------------------------------- */

pg_time pg_tm2time(const pg_tm *tm)
{
    return (((int64_t)tm->hour * 60 + tm->min) * 60 + tm->sec) * LW_USEC_PER_SEC + tm->usec;
}

void pg_time2tm(pg_time t, pg_tm *tm)
{
    tm->hour = (int)(t / LW_USEC_PER_HOUR);
    t -= (int64_t)tm->hour * LW_USEC_PER_HOUR;
    tm->min = (int)(t / LW_USEC_PER_MINUTE);
    t -= (int64_t)tm->min * LW_USEC_PER_MINUTE;
    tm->sec = (int)(t / LW_USEC_PER_SEC);
    tm->usec = (int32_t)(t - (int64_t)tm->sec * LW_USEC_PER_SEC);
}

int pg_tm2timestamp(const pg_tm *tm, const int32_t *tz, pg_timestamp *out)
{
    if (!pg_valid_julian(tm->year, tm->mon, tm->mday))
        return -1;
    int64_t date = (int64_t)pg_date2j(tm->year, tm->mon, tm->mday) - PG_EPOCH_JDATE;
    int64_t result;
    if (__builtin_mul_overflow(date, LW_USEC_PER_DAY, &result) ||
        __builtin_add_overflow(result, pg_tm2time(tm), &result))
        return -1;
    if (tz && __builtin_add_overflow(result, (int64_t)*tz * LW_USEC_PER_SEC, &result))
        return -1;
    if (!PG_VALID_TIMESTAMP(result))
        return -1;
    *out = result;
    return 0;
}

/* The naive fields of t. */
static int split(pg_timestamp t, pg_tm *tm)
{
    int64_t date = lw_floor_div(t, LW_USEC_PER_DAY);
    int64_t time = t - date * LW_USEC_PER_DAY;
    date += PG_EPOCH_JDATE;
    if (date < 0 || date > INT32_MAX)
        return -1;
    pg_j2date((int)date, &tm->year, &tm->mon, &tm->mday);
    pg_time2tm(time, tm);
    return 0;
}

/* Seconds since 1970 of a timestamp (floor). */
static int64_t unix_seconds(pg_timestamp t)
{
    return lw_floor_div(t, LW_USEC_PER_SEC) +
           (int64_t)(PG_EPOCH_JDATE - PG_UNIX_EPOCH_JDATE) * 86400;
}

int pg_timestamp2tm(pg_timestamp t, const lw_zone *zone, pg_tm *tm, int32_t *tz)
{
    memset(tm, 0, sizeof *tm);
    tm->isdst = -1;
    tm->abbr = NULL;
    if (!zone)
        return split(t, tm);
    lw_zone_local local;
    lw_zone_at(zone, unix_seconds(t), &local);
    if (split(t + (int64_t)local.utoff * LW_USEC_PER_SEC, tm))
        return -1;
    tm->isdst = local.isdst;
    tm->gmtoff = local.utoff;
    tm->abbr = local.abbr;
    if (tz)
        *tz = -local.utoff;
    return 0;
}

int32_t pg_local_offset(pg_tm *tm, const lw_zone *zone)
{
    if (!pg_valid_julian(tm->year, tm->mon, tm->mday)) {
        tm->isdst = 0;
        return 0;
    }
    int64_t local =
        ((int64_t)pg_date2j(tm->year, tm->mon, tm->mday) - PG_UNIX_EPOCH_JDATE) * 86400 +
        tm->hour * 3600 + tm->min * 60 + tm->sec;
    lw_zone_local info;
    lw_zone_local_to_utc(zone, local, LW_ZONE_POSTGRESQL, &info);
    tm->isdst = info.isdst;
    return -info.utoff;
}

int pg_local_to_tstz(pg_timestamp local, const lw_zone *zone, pg_timestamp *out)
{
    if (!PG_TS_FINITE(local)) {
        *out = local;
        return 0;
    }
    pg_tm tm;
    if (split(local, &tm))
        return -1;
    int32_t tz = pg_local_offset(&tm, zone);
    return pg_tm2timestamp(&tm, &tz, out);
}

int pg_tstz_to_local(pg_timestamp t, const lw_zone *zone, pg_timestamp *out)
{
    if (!PG_TS_FINITE(t)) {
        *out = t;
        return 0;
    }
    pg_tm tm;
    if (pg_timestamp2tm(t, zone, &tm, NULL))
        return -1;
    return pg_tm2timestamp(&tm, NULL, out);
}

void pg_timestamp_round(pg_timestamp *t, int precision)
{
    static const int64_t scales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (precision < 0 || precision >= 6 || !PG_TS_FINITE(*t))
        return;
    int64_t s = scales[precision], off = s / 2;
    if (*t >= 0)
        *t = (*t + off) / s * s;
    else
        *t = -(((-*t) + off) / s * s);
}

void pg_time_round(pg_time *t, int precision)
{
    static const int64_t scales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (precision < 0 || precision >= 6)
        return;
    int64_t s = scales[precision];
    *t = (*t + s / 2) / s * s;
}

/* ---- Output ---------------------------------------------------------------------------------- */

/* Two-digit fields; the seconds with their fraction (no trailing zeros). */
static char *put2(char *p, int v)
{
    *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

static char *put_seconds(char *p, int sec, int32_t usec)
{
    p = put2(p, sec);
    if (usec) {
        char digits[6];
        for (int i = 5; i >= 0; i--, usec /= 10)
            digits[i] = (char)('0' + usec % 10);
        int len = 6;
        while (digits[len - 1] == '0')
            len--;
        *p++ = '.';
        memcpy(p, digits, (size_t)len);
        p += len;
    }
    return p;
}

static char *put_date(char *p, int year, int mon, int mday)
{
    int y = year > 0 ? year : -(year - 1);
    if (y < 10000) { /* four digits, without printf: the common case, per row */
        p[0] = (char)('0' + y / 1000);
        p[1] = (char)('0' + y / 100 % 10);
        p[2] = (char)('0' + y / 10 % 10);
        p[3] = (char)('0' + y % 10);
        p += 4;
    } else {
        p += sprintf(p, "%d", y);
    }
    *p++ = '-';
    p = put2(p, mon);
    *p++ = '-';
    return put2(p, mday);
}

int pg_encode_tz(int32_t tz, char *buf)
{
    int32_t sec = tz < 0 ? -tz : tz;
    int min = sec / 60;
    sec -= min * 60;
    int hour = min / 60;
    min -= hour * 60;
    char *p = buf;
    *p++ = tz <= 0 ? '+' : '-';
    p = put2(p, hour);
    if (sec) {
        *p++ = ':';
        p = put2(p, min);
        *p++ = ':';
        p = put2(p, (int)sec);
    } else if (min) {
        *p++ = ':';
        p = put2(p, min);
    }
    *p = 0;
    return (int)(p - buf);
}

int pg_date_out(pg_date d, char *buf)
{
    if (d == PG_DATE_NOBEGIN)
        return sprintf(buf, "-infinity");
    if (d == PG_DATE_NOEND)
        return sprintf(buf, "infinity");
    int y, m, day;
    pg_j2date(d + PG_EPOCH_JDATE, &y, &m, &day);
    char *p = put_date(buf, y, m, day);
    if (y <= 0)
        p += sprintf(p, " BC");
    *p = 0;
    return (int)(p - buf);
}

int pg_time_out(pg_time t, char *buf)
{
    pg_tm tm;
    pg_time2tm(t, &tm);
    char *p = put2(buf, tm.hour);
    *p++ = ':';
    p = put2(p, tm.min);
    *p++ = ':';
    p = put_seconds(p, tm.sec, tm.usec);
    *p = 0;
    return (int)(p - buf);
}

int pg_timetz_out(const pg_timetz *t, char *buf)
{
    int n = pg_time_out(t->time, buf);
    return n + pg_encode_tz(t->tz, buf + n);
}

static int datetime_out(const pg_tm *tm, const int32_t *tz, char *buf)
{
    char *p = put_date(buf, tm->year, tm->mon, tm->mday);
    *p++ = ' ';
    p = put2(p, tm->hour);
    *p++ = ':';
    p = put2(p, tm->min);
    *p++ = ':';
    p = put_seconds(p, tm->sec, tm->usec);
    if (tz)
        p += pg_encode_tz(*tz, p);
    if (tm->year <= 0)
        p += sprintf(p, " BC");
    *p = 0;
    return (int)(p - buf);
}

int pg_timestamp_out(pg_timestamp t, char *buf)
{
    if (t == PG_TS_NOBEGIN)
        return sprintf(buf, "-infinity");
    if (t == PG_TS_NOEND)
        return sprintf(buf, "infinity");
    pg_tm tm;
    if (split(t, &tm))
        return sprintf(buf, "(timestamp out of range)");
    return datetime_out(&tm, NULL, buf);
}

int pg_timestamptz_out(pg_timestamp t, const lw_zone *zone, char *buf)
{
    if (t == PG_TS_NOBEGIN)
        return sprintf(buf, "-infinity");
    if (t == PG_TS_NOEND)
        return sprintf(buf, "infinity");
    pg_tm tm;
    int32_t tz = 0;
    if (zone ? pg_timestamp2tm(t, zone, &tm, &tz) : split(t, &tm))
        return sprintf(buf, "(timestamp out of range)");
    return datetime_out(&tm, &tz, buf);
}

/* ---- Reading stored values ------------------------------------------------------------------- */

/* Exactly k digits at s[*i]. */
static int digits(const char *s, size_t n, size_t *i, int k, int *v)
{
    if (n - *i < (size_t)k)
        return -1;
    int x = 0;
    for (int j = 0; j < k; j++) {
        char c = s[*i + (size_t)j];
        if (c < '0' || c > '9')
            return -1;
        x = x * 10 + (c - '0');
    }
    *i += (size_t)k;
    *v = x;
    return 0;
}

/*
 * The stored form "YYYY-MM-DD[ HH:MM:SS[.f]][+HH[:MM[:SS]]]" (four-digit year, AD):
 * fills tm, *has_time and *tz (west; *has_tz) and returns 0, or -1 for anything
 * else (a longer year, BC, infinity, another input form), which the full input
 * functions then read.
 */
static int read_stored(const char *s, size_t n, pg_tm *tm, int *has_time, int *has_tz, int32_t *tz)
{
    size_t i = 0;
    memset(tm, 0, sizeof *tm);
    *has_time = *has_tz = 0;
    if (digits(s, n, &i, 4, &tm->year) || i >= n || s[i++] != '-' ||
        digits(s, n, &i, 2, &tm->mon) || i >= n || s[i++] != '-' || digits(s, n, &i, 2, &tm->mday))
        return -1;
    if (tm->year == 0 || tm->mon < 1 || tm->mon > 12 || tm->mday < 1 ||
        tm->mday > lw_days_in_month(tm->year, tm->mon))
        return -1;
    if (i == n)
        return 0;
    if (s[i++] != ' ' || digits(s, n, &i, 2, &tm->hour) || i >= n || s[i++] != ':' ||
        digits(s, n, &i, 2, &tm->min) || i >= n || s[i++] != ':' || digits(s, n, &i, 2, &tm->sec))
        return -1;
    if (tm->hour > 23 || tm->min > 59 || tm->sec > 59)
        return -1;
    *has_time = 1;
    if (i < n && s[i] == '.') {
        int k = 0;
        int32_t f = 0;
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, k++) {
            if (k == 6)
                return -1;
            f = f * 10 + (s[i] - '0');
        }
        if (k == 0)
            return -1;
        for (; k < 6; k++)
            f *= 10;
        tm->usec = f;
    }
    if (i == n)
        return 0;
    if (s[i] != '+' && s[i] != '-')
        return -1;
    int sign = s[i++] == '-' ? 1 : -1, h, m = 0, sec = 0;
    if (digits(s, n, &i, 2, &h))
        return -1;
    if (i < n && s[i] == ':') {
        i++;
        if (digits(s, n, &i, 2, &m))
            return -1;
        if (i < n && s[i] == ':') {
            i++;
            if (digits(s, n, &i, 2, &sec))
                return -1;
        }
    }
    if (i != n || h > PG_MAX_TZDISP_HOUR || m > 59 || sec > 59)
        return -1;
    *has_tz = 1;
    *tz = sign * (h * 3600 + m * 60 + sec);
    return 0;
}

pg_dterr pg_read_date(pg_dtctx *ctx, const char *s, size_t n, pg_date *out)
{
    pg_tm tm;
    int has_time, has_tz;
    int32_t tz;
    if (read_stored(s, n, &tm, &has_time, &has_tz, &tz) == 0) {
        *out = pg_date2j(tm.year, tm.mon, tm.mday) - PG_EPOCH_JDATE;
        return PG_DT_OK;
    }
    return pg_date_in(ctx, s, n, out);
}

pg_dterr pg_read_timestamp(pg_dtctx *ctx, const char *s, size_t n, pg_timestamp *out)
{
    pg_tm tm;
    int has_time, has_tz;
    int32_t tz;
    if (read_stored(s, n, &tm, &has_time, &has_tz, &tz) == 0 &&
        pg_tm2timestamp(&tm, NULL, out) == 0)
        return PG_DT_OK;
    return pg_timestamp_in(ctx, s, n, -1, out);
}

pg_dterr pg_read_timestamptz(pg_dtctx *ctx, const char *s, size_t n, pg_timestamp *out)
{
    pg_tm tm;
    int has_time, has_tz;
    int32_t tz;
    if (read_stored(s, n, &tm, &has_time, &has_tz, &tz) == 0 && has_tz &&
        pg_tm2timestamp(&tm, &tz, out) == 0)
        return PG_DT_OK;
    return pg_timestamptz_in(ctx, s, n, -1, out);
}

/* "HH:MM:SS[.f]" with hours 0-24 (24:00:00 only). */
static int read_stored_time(const char *s, size_t n, size_t *i, pg_time *out)
{
    pg_tm tm;
    memset(&tm, 0, sizeof tm);
    if (digits(s, n, i, 2, &tm.hour) || *i >= n || s[(*i)++] != ':' ||
        digits(s, n, i, 2, &tm.min) || *i >= n || s[(*i)++] != ':' || digits(s, n, i, 2, &tm.sec) ||
        tm.hour > 24 || tm.min > 59 || tm.sec > 59)
        return -1;
    if (*i < n && s[*i] == '.') {
        int k = 0;
        int32_t f = 0;
        for ((*i)++; *i < n && s[*i] >= '0' && s[*i] <= '9'; (*i)++, k++) {
            if (k == 6)
                return -1;
            f = f * 10 + (s[*i] - '0');
        }
        if (k == 0)
            return -1;
        for (; k < 6; k++)
            f *= 10;
        tm.usec = f;
    }
    *out = pg_tm2time(&tm);
    return *out > LW_USEC_PER_DAY ? -1 : 0;
}

pg_dterr pg_read_time(pg_dtctx *ctx, const char *s, size_t n, pg_time *out)
{
    size_t i = 0;
    if (read_stored_time(s, n, &i, out) == 0 && i == n)
        return PG_DT_OK;
    return pg_time_in(ctx, s, n, -1, out);
}

pg_dterr pg_read_timetz(pg_dtctx *ctx, const char *s, size_t n, pg_timetz *out)
{
    return pg_timetz_in(ctx, s, n, -1, out);
}

pg_dterr pg_read_interval(pg_dtctx *ctx, const char *s, size_t n, lw_interval *out)
{
    if (lw_interval_read(s, n, out) == 0)
        return PG_DT_OK;
    return pg_interval_in(ctx, s, n, -1, out);
}
