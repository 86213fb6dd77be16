/*
 * PostgreSQL's date and time operations (pgtime.h): timestamp +- interval (in a zone
 * for timestamptz), timestamp - timestamp, age(), date + days, time + interval, the
 * conversions between the types, date_trunc() and extract()/date_part(), each as
 * PostgreSQL 15's timestamp.c and date.c compute them.
 */
#include <string.h>

#include "dialect/postgresql/pgtime.h"

/* ---- Arithmetic ---------------------------------------------------------------------- */

pg_dterr pg_timestamp_pl_interval(pg_timestamp t, const lw_interval *iv, const lw_zone *zone,
                                  pg_timestamp *out)
{
    if (!PG_TS_FINITE(t)) {
        *out = t;
        return PG_DT_OK;
    }
    pg_tm tm;
    int32_t tz;
    if (iv->months != 0) {
        if (pg_timestamp2tm(t, zone, &tm, &tz))
            return PG_DTERR_TS_RANGE;
        if (lw_add_months(&tm.year, &tm.mon, &tm.mday, iv->months))
            return PG_DTERR_TS_RANGE;
        if (zone)
            tz = pg_local_offset(&tm, zone);
        if (pg_tm2timestamp(&tm, zone ? &tz : NULL, &t))
            return PG_DTERR_TS_RANGE;
    }
    if (iv->days != 0) {
        if (pg_timestamp2tm(t, zone, &tm, &tz))
            return PG_DTERR_TS_RANGE;
        int julian = pg_date2j(tm.year, tm.mon, tm.mday);
        if (__builtin_add_overflow(julian, iv->days, &julian) || julian < (zone ? -1 : 0))
            return PG_DTERR_TS_RANGE;
        pg_j2date(julian, &tm.year, &tm.mon, &tm.mday);
        if (zone)
            tz = pg_local_offset(&tm, zone);
        if (pg_tm2timestamp(&tm, zone ? &tz : NULL, &t))
            return PG_DTERR_TS_RANGE;
    }
    if (__builtin_add_overflow(t, iv->usec, &t) || !PG_VALID_TIMESTAMP(t))
        return PG_DTERR_TS_RANGE;
    *out = t;
    return PG_DT_OK;
}

pg_dterr pg_timestamp_mi(pg_timestamp a, pg_timestamp b, lw_interval *out)
{
    if (!PG_TS_FINITE(a) || !PG_TS_FINITE(b))
        return PG_DTERR_INTERVAL_RANGE; /* PostgreSQL 15 has no infinite intervals */
    lw_interval iv = {0, 0, 0};
    if (__builtin_sub_overflow(a, b, &iv.usec) || lw_interval_justify_hours(&iv, out))
        return PG_DTERR_INTERVAL_RANGE;
    return PG_DT_OK;
}

pg_dterr pg_timestamp_age(pg_timestamp a, pg_timestamp b, const lw_zone *zone, lw_interval *out)
{
    pg_tm t1, t2;
    if (!PG_TS_FINITE(a) || !PG_TS_FINITE(b))
        return PG_DTERR_INTERVAL_RANGE;
    if (pg_timestamp2tm(a, zone, &t1, NULL) || pg_timestamp2tm(b, zone, &t2, NULL))
        return PG_DTERR_TS_RANGE;
    int64_t usec = t1.usec - t2.usec, sec = t1.sec - t2.sec, min = t1.min - t2.min,
            hour = t1.hour - t2.hour, mday = t1.mday - t2.mday, mon = t1.mon - t2.mon,
            year = (int64_t)t1.year - t2.year;
    int flip = a < b;
    if (flip) {
        usec = -usec, sec = -sec, min = -min, hour = -hour;
        mday = -mday, mon = -mon, year = -year;
    }
    /* Borrow from the next larger field, as a calendar counts: a month lends the days
     * of the month the earlier date is in. */
    while (usec < 0)
        usec += LW_USEC_PER_SEC, sec--;
    while (sec < 0)
        sec += 60, min--;
    while (min < 0)
        min += 60, hour--;
    while (hour < 0)
        hour += 24, mday--;
    while (mday < 0) {
        const pg_tm *lend = flip ? &t1 : &t2;
        mday += lw_days_in_month(lend->year, lend->mon);
        mon--;
    }
    while (mon < 0)
        mon += 12, year--;
    if (flip) {
        usec = -usec, sec = -sec, min = -min, hour = -hour;
        mday = -mday, mon = -mon, year = -year;
    }
    int64_t months = year * 12 + mon;
    if (months < INT32_MIN || months > INT32_MAX || mday < INT32_MIN || mday > INT32_MAX)
        return PG_DTERR_INTERVAL_RANGE;
    out->months = (int32_t)months;
    out->days = (int32_t)mday;
    out->usec = ((hour * 60 + min) * 60 + sec) * LW_USEC_PER_SEC + usec;
    return PG_DT_OK;
}

pg_dterr pg_date_pl_days(pg_date d, int64_t days, pg_date *out)
{
    if (!PG_DATE_FINITE(d)) {
        *out = d;
        return PG_DT_OK;
    }
    int64_t r;
    if (__builtin_add_overflow((int64_t)d, days, &r) || r < INT32_MIN || r > INT32_MAX ||
        !PG_VALID_DATE(r))
        return PG_DTERR_DATE_RANGE;
    *out = (pg_date)r;
    return PG_DT_OK;
}

pg_time pg_time_pl_interval(pg_time t, const lw_interval *iv)
{
    pg_time r = t + iv->usec % LW_USEC_PER_DAY;
    r -= r / LW_USEC_PER_DAY * LW_USEC_PER_DAY;
    if (r < 0)
        r += LW_USEC_PER_DAY;
    return r;
}

/* ---- Conversions --------------------------------------------------------------------------- */

pg_dterr pg_date2timestamp(pg_date d, pg_timestamp *out)
{
    if (d == PG_DATE_NOBEGIN)
        *out = PG_TS_NOBEGIN;
    else if (d == PG_DATE_NOEND)
        *out = PG_TS_NOEND;
    else if (d >= 109203528 - PG_EPOCH_JDATE) /* 294277-01-01 */
        return PG_DTERR_DATE_RANGE;
    else
        *out = (pg_timestamp)d * LW_USEC_PER_DAY;
    return PG_DT_OK;
}

pg_dterr pg_date2timestamptz(pg_date d, const lw_zone *zone, pg_timestamp *out)
{
    pg_timestamp local;
    pg_dterr err = pg_date2timestamp(d, &local);
    if (err)
        return err;
    if (!PG_TS_FINITE(local)) {
        *out = local;
        return PG_DT_OK;
    }
    return pg_local_to_tstz(local, zone, out) ? PG_DTERR_TS_RANGE : PG_DT_OK;
}

pg_dterr pg_timestamp2date(pg_timestamp t, const lw_zone *zone, pg_date *out)
{
    if (t == PG_TS_NOBEGIN) {
        *out = PG_DATE_NOBEGIN;
        return PG_DT_OK;
    }
    if (t == PG_TS_NOEND) {
        *out = PG_DATE_NOEND;
        return PG_DT_OK;
    }
    pg_tm tm;
    if (pg_timestamp2tm(t, zone, &tm, NULL))
        return PG_DTERR_TS_RANGE;
    *out = pg_date2j(tm.year, tm.mon, tm.mday) - PG_EPOCH_JDATE;
    return PG_DT_OK;
}

pg_dterr pg_timestamp2time(pg_timestamp t, const lw_zone *zone, pg_time *out, int32_t *tz)
{
    if (!PG_TS_FINITE(t))
        return PG_DTERR_TS_RANGE;
    pg_tm tm;
    int32_t offset = 0;
    if (pg_timestamp2tm(t, zone, &tm, &offset))
        return PG_DTERR_TS_RANGE;
    *out = pg_tm2time(&tm);
    if (tz)
        *tz = offset;
    return PG_DT_OK;
}

/* ---- date_trunc ------------------------------------------------------------------------------ */

/* The unit word: PG_DT_OK with its value, or PG_DTERR_UNIT_UNKNOWN. */
static pg_dterr unit_value(const char *unit, int *value, int *reserved)
{
    return pg_decode_unit(unit, value, reserved) ? PG_DT_OK : PG_DTERR_UNIT_UNKNOWN;
}

/* Years to the start of their decade, century, millennium (the fields fall through
 * as PostgreSQL's switch does). */
static void trunc_years(int unit, pg_tm *tm)
{
    switch (unit) {
    case PG_U_MILLENNIUM:
        tm->year = tm->year > 0 ? (tm->year + 999) / 1000 * 1000 - 999
                                : -((999 - (tm->year - 1)) / 1000) * 1000 + 1;
        /* fall through */
    case PG_U_CENTURY:
        tm->year = tm->year > 0 ? (tm->year + 99) / 100 * 100 - 99
                                : -((99 - (tm->year - 1)) / 100) * 100 + 1;
        /* fall through */
    case PG_U_DECADE:
        if (unit != PG_U_MILLENNIUM && unit != PG_U_CENTURY)
            tm->year = tm->year > 0 ? tm->year / 10 * 10 : -((8 - (tm->year - 1)) / 10) * 10;
        break;
    default:
        break;
    }
}

pg_dterr pg_timestamp_trunc(const char *unit, pg_timestamp t, const lw_zone *zone,
                            pg_timestamp *out)
{
    int val, reserved;
    if (unit_value(unit, &val, &reserved) || reserved)
        return PG_DTERR_UNIT_UNKNOWN;
    switch (val) {
    case PG_U_WEEK:
    case PG_U_MILLENNIUM:
    case PG_U_CENTURY:
    case PG_U_DECADE:
    case PG_U_YEAR:
    case PG_U_QUARTER:
    case PG_U_MONTH:
    case PG_U_DAY:
    case PG_U_HOUR:
    case PG_U_MINUTE:
    case PG_U_SECOND:
    case PG_U_MILLISEC:
    case PG_U_MICROSEC:
        break;
    default:
        return PG_DTERR_UNIT_UNSUPPORTED;
    }
    if (!PG_TS_FINITE(t)) {
        *out = t;
        return PG_DT_OK;
    }
    pg_tm tm;
    int32_t tz = 0;
    if (pg_timestamp2tm(t, zone, &tm, &tz))
        return PG_DTERR_TS_RANGE;
    int redo_tz = 0;
    if (val == PG_U_WEEK) {
        int woy = pg_date2isoweek(tm.year, tm.mon, tm.mday);
        /* Week 52/53 in January belongs to the year before; week 1 in December to the
         * next. */
        if (woy >= 52 && tm.mon == 1)
            tm.year--;
        if (woy <= 1 && tm.mon == 12)
            tm.year++;
        pg_j2date(pg_isoweek2j(tm.year, woy), &tm.year, &tm.mon, &tm.mday);
        tm.hour = tm.min = tm.sec = 0;
        tm.usec = 0;
        redo_tz = 1;
    } else {
        trunc_years(val, &tm);
        switch (val) {
        case PG_U_MILLENNIUM:
        case PG_U_CENTURY:
        case PG_U_DECADE:
        case PG_U_YEAR:
            tm.mon = 1;
            /* fall through */
        case PG_U_QUARTER:
            tm.mon = 3 * ((tm.mon - 1) / 3) + 1;
            /* fall through */
        case PG_U_MONTH:
            tm.mday = 1;
            /* fall through */
        case PG_U_DAY:
            tm.hour = 0;
            redo_tz = 1;
            /* fall through */
        case PG_U_HOUR:
            tm.min = 0;
            /* fall through */
        case PG_U_MINUTE:
            tm.sec = 0;
            /* fall through */
        case PG_U_SECOND:
            tm.usec = 0;
            break;
        case PG_U_MILLISEC:
            tm.usec = tm.usec / 1000 * 1000;
            break;
        default:
            break;
        }
    }
    if (zone && redo_tz)
        tz = pg_local_offset(&tm, zone);
    if (pg_tm2timestamp(&tm, zone ? &tz : NULL, out))
        return PG_DTERR_TS_RANGE;
    return PG_DT_OK;
}

pg_dterr pg_interval_trunc(const char *unit, const lw_interval *iv, lw_interval *out)
{
    int val, reserved;
    if (unit_value(unit, &val, &reserved) || reserved)
        return PG_DTERR_UNIT_UNKNOWN;
    int64_t year = iv->months / 12, mon = iv->months % 12, mday = iv->days;
    int64_t t = iv->usec;
    int64_t hour = t / LW_USEC_PER_HOUR;
    t -= hour * LW_USEC_PER_HOUR;
    int64_t min = t / LW_USEC_PER_MINUTE;
    t -= min * LW_USEC_PER_MINUTE;
    int64_t sec = t / LW_USEC_PER_SEC, usec = t - sec * LW_USEC_PER_SEC;
    switch (val) {
    case PG_U_MILLENNIUM:
        year = year / 1000 * 1000;
        /* fall through */
    case PG_U_CENTURY:
        year = year / 100 * 100;
        /* fall through */
    case PG_U_DECADE:
        year = year / 10 * 10;
        /* fall through */
    case PG_U_YEAR:
        mon = 0;
        /* fall through */
    case PG_U_QUARTER:
        mon = 3 * (mon / 3);
        /* fall through */
    case PG_U_MONTH:
        mday = 0;
        /* fall through */
    case PG_U_DAY:
        hour = 0;
        /* fall through */
    case PG_U_HOUR:
        min = 0;
        /* fall through */
    case PG_U_MINUTE:
        sec = 0;
        /* fall through */
    case PG_U_SECOND:
        usec = 0;
        break;
    case PG_U_MILLISEC:
        usec = usec / 1000 * 1000;
        break;
    case PG_U_MICROSEC:
        break;
    default:
        return PG_DTERR_UNIT_UNSUPPORTED;
    }
    out->months = (int32_t)(year * 12 + mon);
    out->days = (int32_t)mday;
    out->usec = ((hour * 60 + min) * 60 + sec) * LW_USEC_PER_SEC + usec;
    return PG_DT_OK;
}

/* ---- extract -----------------------------------------------------------------------------------
 */

static void part_int(pg_part *p, int64_t v)
{
    p->kind = PG_PART_INT;
    p->value = v;
    p->scale = 0;
}

static void part_fixed(pg_part *p, int64_t v, int scale)
{
    p->kind = PG_PART_FIXED;
    p->value = v;
    p->scale = scale;
}

double pg_part_double(const pg_part *p)
{
    static const double tens[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    switch (p->kind) {
    case PG_PART_FIXED:
        return (double)p->value / tens[p->scale];
    case PG_PART_JULIAN:
        return (double)p->value + (double)p->usec / 1000000.0 / 86400.0;
    case PG_PART_INFINITY:
        return 1.0 / 0.0;
    case PG_PART_NEG_INFINITY:
        return -1.0 / 0.0;
    default:
        return (double)p->value;
    }
}

/* The fields every date and timestamp gives (the date part of tm). Returns 0, or -1
 * for a unit dates do not have. */
static int date_field(int val, const pg_tm *tm, int ts_decade, pg_part *p)
{
    int y = tm->year;
    switch (val) {
    case PG_U_DAY:
        part_int(p, tm->mday);
        return 0;
    case PG_U_MONTH:
        part_int(p, tm->mon);
        return 0;
    case PG_U_QUARTER:
        part_int(p, (tm->mon - 1) / 3 + 1);
        return 0;
    case PG_U_WEEK:
        part_int(p, pg_date2isoweek(y, tm->mon, tm->mday));
        return 0;
    case PG_U_YEAR:
        part_int(p, y > 0 ? y : y - 1);
        return 0;
    case PG_U_DECADE:
        part_int(p, (ts_decade ? y >= 0 : y > 0) ? y / 10 : -((8 - (y - 1)) / 10));
        return 0;
    case PG_U_CENTURY:
        part_int(p, y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100));
        return 0;
    case PG_U_MILLENNIUM:
        part_int(p, y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000));
        return 0;
    case PG_U_ISOYEAR: {
        int iy = pg_date2isoyear(y, tm->mon, tm->mday);
        part_int(p, iy <= 0 ? iy - 1 : iy);
        return 0;
    }
    case PG_U_DOW:
    case PG_U_ISODOW: {
        int d = pg_j2day(pg_date2j(y, tm->mon, tm->mday));
        part_int(p, val == PG_U_ISODOW && d == 0 ? 7 : d);
        return 0;
    }
    case PG_U_DOY:
        part_int(p, pg_date2j(y, tm->mon, tm->mday) - pg_date2j(y, 1, 1) + 1);
        return 0;
    default:
        return -1;
    }
}

/* The fields of a time of day every time and timestamp gives, and with tz (its offset
 * west of UTC) the zone's. */
static pg_dterr clock_field(int val, const pg_tm *tm, const int32_t *tz, pg_part *p)
{
    int64_t secs = (int64_t)tm->sec * LW_USEC_PER_SEC + tm->usec;
    switch (val) {
    case PG_U_MICROSEC:
        part_int(p, secs);
        break;
    case PG_U_MILLISEC:
        part_fixed(p, secs, 3);
        break;
    case PG_U_SECOND:
        part_fixed(p, secs, 6);
        break;
    case PG_U_MINUTE:
        part_int(p, tm->min);
        break;
    case PG_U_HOUR:
        part_int(p, tm->hour);
        break;
    case PG_U_TZ:
    case PG_U_TZ_MINUTE:
    case PG_U_TZ_HOUR:
        if (!tz)
            return PG_DTERR_UNIT_UNSUPPORTED;
        part_int(p, val == PG_U_TZ ? -*tz : val == PG_U_TZ_HOUR ? -*tz / 3600 : (-*tz / 60) % 60);
        break;
    default:
        return PG_DTERR_UNIT_UNSUPPORTED;
    }
    return PG_DT_OK;
}

/* Infinite values: monotonic units are +-Infinity, the others NULL. */
static pg_dterr infinite_part(int val, int negative, int is_interval, pg_part *p)
{
    switch (val) {
    case PG_U_YEAR:
    case PG_U_DECADE:
    case PG_U_CENTURY:
    case PG_U_MILLENNIUM:
    case PG_U_JULIAN:
    case PG_U_ISOYEAR:
    case PG_U_EPOCH:
        p->kind = negative ? PG_PART_NEG_INFINITY : PG_PART_INFINITY;
        return PG_DT_OK;
    case PG_U_HOUR:
    case PG_U_DAY:
        if (is_interval) {
            p->kind = negative ? PG_PART_NEG_INFINITY : PG_PART_INFINITY;
            return PG_DT_OK;
        }
        /* fall through */
    case PG_U_MICROSEC:
    case PG_U_MILLISEC:
    case PG_U_SECOND:
    case PG_U_MINUTE:
    case PG_U_MONTH:
    case PG_U_QUARTER:
    case PG_U_WEEK:
    case PG_U_DOW:
    case PG_U_ISODOW:
    case PG_U_DOY:
    case PG_U_TZ:
    case PG_U_TZ_MINUTE:
    case PG_U_TZ_HOUR:
        p->kind = PG_PART_NULL;
        return PG_DT_OK;
    default:
        return PG_DTERR_UNIT_UNSUPPORTED;
    }
}

pg_dterr pg_timestamp_part(const char *unit, pg_timestamp t, const lw_zone *zone, pg_part *p)
{
    int val, reserved;
    memset(p, 0, sizeof *p);
    if (unit_value(unit, &val, &reserved))
        return PG_DTERR_UNIT_UNKNOWN;
    if (!PG_TS_FINITE(t))
        return infinite_part(val, t == PG_TS_NOBEGIN, 0, p);
    if (reserved) {
        if (val != PG_U_EPOCH)
            return PG_DTERR_UNIT_UNSUPPORTED;
        /* (t - epoch) in seconds; a timestamp reads as UTC. */
        part_fixed(p, t + (int64_t)(PG_EPOCH_JDATE - PG_UNIX_EPOCH_JDATE) * LW_USEC_PER_DAY, 6);
        return PG_DT_OK;
    }
    pg_tm tm;
    int32_t tz = 0;
    if (pg_timestamp2tm(t, zone, &tm, &tz))
        return PG_DTERR_TS_RANGE;
    if (date_field(val, &tm, zone == NULL, p) == 0)
        return PG_DT_OK;
    if (val == PG_U_JULIAN) {
        p->kind = PG_PART_JULIAN;
        p->value = pg_date2j(tm.year, tm.mon, tm.mday);
        p->usec = pg_tm2time(&tm);
        return PG_DT_OK;
    }
    return clock_field(val, &tm, zone ? &tz : NULL, p);
}

pg_dterr pg_date_part(const char *unit, pg_date d, pg_part *p)
{
    int val, reserved;
    memset(p, 0, sizeof *p);
    if (unit_value(unit, &val, &reserved))
        return PG_DTERR_UNIT_UNKNOWN;
    if (!PG_DATE_FINITE(d)) {
        switch (val) {
        case PG_U_DAY:
        case PG_U_MONTH:
        case PG_U_QUARTER:
        case PG_U_WEEK:
        case PG_U_DOW:
        case PG_U_ISODOW:
        case PG_U_DOY:
        case PG_U_YEAR:
        case PG_U_DECADE:
        case PG_U_CENTURY:
        case PG_U_MILLENNIUM:
        case PG_U_JULIAN:
        case PG_U_ISOYEAR:
        case PG_U_EPOCH:
            return infinite_part(val, d == PG_DATE_NOBEGIN, 0, p);
        default:
            return PG_DTERR_UNIT_UNSUPPORTED;
        }
    }
    if (reserved) {
        if (val != PG_U_EPOCH)
            return PG_DTERR_UNIT_UNSUPPORTED;
        part_int(p, ((int64_t)d + PG_EPOCH_JDATE - PG_UNIX_EPOCH_JDATE) * 86400);
        return PG_DT_OK;
    }
    pg_tm tm;
    memset(&tm, 0, sizeof tm);
    pg_j2date(d + PG_EPOCH_JDATE, &tm.year, &tm.mon, &tm.mday);
    if (val == PG_U_JULIAN) {
        part_int(p, d + PG_EPOCH_JDATE);
        return PG_DT_OK;
    }
    return date_field(val, &tm, 1, p) == 0 ? PG_DT_OK : PG_DTERR_UNIT_UNSUPPORTED;
}

/* The fields of a time of day (and its zone, tz set). */
static pg_dterr time_part(const char *unit, pg_time t, const int32_t *tz, pg_part *p)
{
    int val, reserved;
    memset(p, 0, sizeof *p);
    if (unit_value(unit, &val, &reserved))
        return PG_DTERR_UNIT_UNKNOWN;
    if (reserved) {
        if (val != PG_U_EPOCH)
            return PG_DTERR_UNIT_UNSUPPORTED;
        part_fixed(p, t + (tz ? (int64_t)*tz * LW_USEC_PER_SEC : 0), 6);
        return PG_DT_OK;
    }
    pg_tm tm;
    pg_time2tm(t, &tm);
    return clock_field(val, &tm, tz, p);
}

pg_dterr pg_time_part(const char *unit, pg_time t, pg_part *p)
{
    return time_part(unit, t, NULL, p);
}

pg_dterr pg_timetz_part(const char *unit, const pg_timetz *t, pg_part *p)
{
    return time_part(unit, t->time, &t->tz, p);
}

pg_dterr pg_interval_part(const char *unit, const lw_interval *iv, pg_part *p)
{
    int val, reserved;
    memset(p, 0, sizeof *p);
    if (unit_value(unit, &val, &reserved))
        return PG_DTERR_UNIT_UNKNOWN;
    if (reserved) {
        if (val != PG_U_EPOCH)
            return PG_DTERR_UNIT_UNSUPPORTED;
        /* Years of 365.25 days, months of 30: all times four to stay in integers. */
        int64_t secs = ((int64_t)(4 * 365.25) * (iv->months / 12) +
                        (int64_t)(4 * 30) * (iv->months % 12) + (int64_t)4 * iv->days) *
                       (86400 / 4);
        int64_t v;
        if (__builtin_mul_overflow(secs, LW_USEC_PER_SEC, &v) ||
            __builtin_add_overflow(v, iv->usec, &v))
            return PG_DTERR_INTERVAL_RANGE;
        part_fixed(p, v, 6);
        return PG_DT_OK;
    }
    int64_t year = iv->months / 12, mon = iv->months % 12, t = iv->usec;
    int64_t hour = t / LW_USEC_PER_HOUR;
    t -= hour * LW_USEC_PER_HOUR;
    int64_t min = t / LW_USEC_PER_MINUTE;
    t -= min * LW_USEC_PER_MINUTE;
    switch (val) {
    case PG_U_MICROSEC:
        part_int(p, t);
        break;
    case PG_U_MILLISEC:
        part_fixed(p, t, 3);
        break;
    case PG_U_SECOND:
        part_fixed(p, t, 6);
        break;
    case PG_U_MINUTE:
        part_int(p, min);
        break;
    case PG_U_HOUR:
        part_int(p, hour);
        break;
    case PG_U_DAY:
        part_int(p, iv->days);
        break;
    case PG_U_WEEK:
        part_int(p, iv->days / 7);
        break;
    case PG_U_MONTH:
        part_int(p, mon);
        break;
    case PG_U_QUARTER:
        part_int(p, iv->months >= 0 ? mon / 3 + 1 : -(((-iv->months % 12) / 3) + 1));
        break;
    case PG_U_YEAR:
        part_int(p, year);
        break;
    case PG_U_DECADE:
        part_int(p, year / 10);
        break;
    case PG_U_CENTURY:
        part_int(p, year / 100);
        break;
    case PG_U_MILLENNIUM:
        part_int(p, year / 1000);
        break;
    default:
        return PG_DTERR_UNIT_UNSUPPORTED;
    }
    return PG_DT_OK;
}
