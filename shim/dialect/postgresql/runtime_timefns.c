/*
 * The postgresql dialect's functions of dates, times and intervals (registered by
 * runtime.c): the rewriter picks the variant of each for the type of its argument, as
 * PostgreSQL's overloads do.
 *
 *   extract       pg_extract_ts, pg_extract_tz, pg_extract_d, pg_extract_t,
 *                 pg_extract_ttz, pg_extract_iv (UNIT, X): numeric (an integer, or
 *                 decimal text with PostgreSQL's scale)
 *   date_part     pg_part_ts, pg_part_tz, pg_part_t, pg_part_ttz, pg_part_iv (UNIT, X):
 *                 double precision (date_part of a date reads it as a timestamp)
 *   date_trunc    pg_trunc_ts (UNIT, X), pg_trunc_tz (UNIT, X [, ZONE]), pg_trunc_iv
 *   age           pg_age_ts, pg_age_tz (A [, B]): one argument is age from midnight of
 *                 current_date
 *   justify_*     justify_hours, justify_days, justify_interval
 *   make_interval pg_make_interval(YEARS, MONTHS, WEEKS, DAYS, HOURS, MINS, SECS)
 *   to_char       pg_to_char_ts, pg_to_char_tz, pg_to_char_iv (X, FMT)
 *   to_date, to_timestamp (TEXT, FMT), to_timestamp(SECONDS)
 *   intervals     pg_sum_iv, pg_avg_iv (aggregates, also windows), pg_greatest_iv,
 *                 pg_least_iv (any number of arguments)
 *   pg_*_any      the same of a value whose type the rewriter could not tell (a
 *                 parameter, an untyped subquery column): decided by its text
 *   pg_typeof_kind(X, NAME): NAME (the rewriter knows the type; X is evaluated so that a
 *                 set-returning argument still gives its rows)
 *
 * Units are read in lower case, as PostgreSQL downcases them, and named so in errors.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dialect/postgresql/pgtime_tochar.h"
#include "dialect/postgresql/runtime_int.h"
#include "decimal/decimal.h"

#define T_DATE "date"
#define T_TS "timestamp without time zone"
#define T_TSTZ "timestamp with time zone"
#define T_TIME "time without time zone"
#define T_TIMETZ "time with time zone"
#define T_INTERVAL "interval"

/* PostgreSQL truncates identifiers to 63 bytes. */
#define UNIT_MAX 64

/* The unit argument in lower case into low (UNIT_MAX bytes): 0, -1 for NULL. */
static int unit_arg(sqlite3_value *v, char *low)
{
    const char *s = (const char *)sqlite3_value_text(v);
    if (!s)
        return -1;
    size_t i = 0;
    for (; s[i] && i < UNIT_MAX - 1; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    low[i] = 0;
    return 0;
}

static lw_pg_funcs *funcs_of(sqlite3_context *ctx, pg_dtctx *dt)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    lw_pg_dtctx(f, dt);
    return f;
}

/* The unit errors name the unit and the type. */
static void unit_error(sqlite3_context *ctx, pg_dterr err, const char *unit, const char *type,
                       const pg_dtctx *dt)
{
    lw_pg_dt_error(ctx, err, type, unit, dt);
}

/* ---- extract and date_part --------------------------------------------------------------- */

enum { X_TS, X_TZ, X_D, X_T, X_TTZ, X_IV };

static const char *const part_type_names[] = {T_TS, T_TSTZ, T_DATE, T_TIME, T_TIMETZ, T_INTERVAL};

/* The part of argv[1] (of type which) named by argv[0]: 0, or -1 when the result was
 * set (NULL, or an error). */
static int part_of(sqlite3_context *ctx, sqlite3_value **argv, int which, pg_dtctx *dt, pg_part *p,
                   char *unit)
{
    pg_dterr err = PG_DT_OK;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL || unit_arg(argv[0], unit))
        return -1;
    switch (which) {
    case X_TS:
    case X_TZ: {
        pg_timestamp t;
        if (which == X_TS ? lw_pg_arg_timestamp(ctx, dt, argv[1], &t)
                          : lw_pg_arg_timestamptz(ctx, dt, argv[1], &t))
            return -1;
        err = pg_timestamp_part(unit, t, which == X_TZ ? dt->session : NULL, p);
        break;
    }
    case X_D: {
        pg_date d;
        if (lw_pg_arg_date(ctx, dt, argv[1], &d))
            return -1;
        err = pg_date_part(unit, d, p);
        break;
    }
    case X_T: {
        pg_time t;
        if (lw_pg_arg_time(ctx, dt, argv[1], &t))
            return -1;
        err = pg_time_part(unit, t, p);
        break;
    }
    case X_TTZ: {
        pg_timetz t;
        if (lw_pg_arg_timetz(ctx, dt, argv[1], &t))
            return -1;
        err = pg_timetz_part(unit, &t, p);
        break;
    }
    default: {
        lw_interval iv;
        if (lw_pg_arg_interval(ctx, dt, argv[1], &iv))
            return -1;
        err = pg_interval_part(unit, &iv, p);
        break;
    }
    }
    if (err == PG_DTERR_UNIT_UNKNOWN || err == PG_DTERR_UNIT_UNSUPPORTED) {
        unit_error(ctx, err, unit, part_type_names[which], dt);
        return -1;
    }
    if (err) {
        lw_pg_dt_error(ctx, err, part_type_names[which], NULL, dt);
        return -1;
    }
    return 0;
}

/* A fixed-point value as decimal text: value / 10^scale with scale decimals. */
static void result_fixed(sqlite3_context *ctx, int64_t value, int scale)
{
    char buf[48];
    uint64_t mag = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    uint64_t pow = 1;
    for (int i = 0; i < scale; i++)
        pow *= 10;
    int n = snprintf(buf, sizeof buf, "%s%llu.%0*llu", value < 0 ? "-" : "",
                     (unsigned long long)(mag / pow), scale, (unsigned long long)(mag % pow));
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

/* The Julian date as numeric: day + usec / 86400000000, PostgreSQL's division scale. */
static void result_julian(sqlite3_context *ctx, int64_t day, int64_t usec)
{
    lw_decimal a, b, q;
    lw_decimal_init(&a);
    lw_decimal_init(&b);
    lw_decimal_init(&q);
    lw_decimal_from_int64(&a, usec);
    lw_decimal_from_int64(&b, INT64_C(86400000000));
    lw_decimal_status st = lw_decimal_div(&q, &a, &b, LW_DECIMAL_DIV_AUTO_SCALE);
    if (st == LW_DECIMAL_OK) {
        lw_decimal_from_int64(&a, day);
        st = lw_decimal_add(&q, &q, &a);
    }
    size_t n = 0;
    char *s = st == LW_DECIMAL_OK ? lw_decimal_to_text(&q, &n) : NULL;
    lw_decimal_clear(&a);
    lw_decimal_clear(&b);
    lw_decimal_clear(&q);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, s, (int)n, SQLITE_TRANSIENT);
    sqlite3_free(s);
}

static void extract(sqlite3_context *ctx, sqlite3_value **argv, int which)
{
    pg_dtctx dt;
    pg_part p;
    char unit[UNIT_MAX];
    funcs_of(ctx, &dt);
    if (part_of(ctx, argv, which, &dt, &p, unit))
        return;
    switch (p.kind) {
    case PG_PART_INT:
        sqlite3_result_int64(ctx, p.value);
        break;
    case PG_PART_FIXED:
        result_fixed(ctx, p.value, p.scale);
        break;
    case PG_PART_JULIAN:
        result_julian(ctx, p.value, p.usec);
        break;
    case PG_PART_INFINITY:
        sqlite3_result_text(ctx, "Infinity", -1, SQLITE_STATIC);
        break;
    case PG_PART_NEG_INFINITY:
        sqlite3_result_text(ctx, "-Infinity", -1, SQLITE_STATIC);
        break;
    default:
        break;
    }
}

static void date_part(sqlite3_context *ctx, sqlite3_value **argv, int which)
{
    pg_dtctx dt;
    pg_part p;
    char unit[UNIT_MAX];
    funcs_of(ctx, &dt);
    if (part_of(ctx, argv, which, &dt, &p, unit) || p.kind == PG_PART_NULL)
        return;
    sqlite3_result_double(ctx, pg_part_double(&p));
}

#define PART_FUNC(fn, impl, which)                                                                 \
    static void fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)                           \
    {                                                                                              \
        (void)argc;                                                                                \
        impl(ctx, argv, which);                                                                    \
    }
PART_FUNC(extract_ts_func, extract, X_TS)
PART_FUNC(extract_tz_func, extract, X_TZ)
PART_FUNC(extract_d_func, extract, X_D)
PART_FUNC(extract_t_func, extract, X_T)
PART_FUNC(extract_ttz_func, extract, X_TTZ)
PART_FUNC(extract_iv_func, extract, X_IV)
PART_FUNC(part_ts_func, date_part, X_TS)
PART_FUNC(part_tz_func, date_part, X_TZ)
PART_FUNC(part_t_func, date_part, X_T)
PART_FUNC(part_ttz_func, date_part, X_TTZ)
PART_FUNC(part_iv_func, date_part, X_IV)

/* ---- date_trunc ----------------------------------------------------------------------------- */

/* The zone argument of date_trunc(unit, ts, zone) as a zone object: *tmp receives a
 * zone to free (a fixed offset). 0, or -1 after 22023. */
static int zone_object(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, const lw_zone **z,
                       lw_zone **tmp)
{
    const char *s = (const char *)sqlite3_value_text(v);
    pg_zone pz;
    *tmp = NULL;
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    if (pg_zone_lookup(dt, s, (size_t)sqlite3_value_bytes(v), &pz)) {
        lw_pg_error(ctx, "22023", "time zone \"%s\" not recognized", s);
        return -1;
    }
    if (!pz.fixed) {
        *z = pz.zone;
        return 0;
    }
    if (lw_zone_fixed(s, pz.gmtoff, s, tmp) != LW_ZONE_OK) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    *z = *tmp;
    return 0;
}

enum { TR_TS, TR_TZ, TR_IV };

static void trunc_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, int which)
{
    pg_dtctx dt;
    char unit[UNIT_MAX];
    if (lw_any_null(argc, argv) || unit_arg(argv[0], unit))
        return;
    funcs_of(ctx, &dt);
    pg_dterr err;
    if (which == TR_IV) {
        lw_interval iv, r;
        if (lw_pg_arg_interval(ctx, &dt, argv[1], &iv))
            return;
        if ((err = pg_interval_trunc(unit, &iv, &r)) == 0)
            lw_pg_result_interval(ctx, &r);
    } else {
        pg_timestamp t, r;
        const lw_zone *zone = which == TR_TZ ? dt.session : NULL;
        lw_zone *tmp = NULL;
        if (which == TR_TS ? lw_pg_arg_timestamp(ctx, &dt, argv[1], &t)
                           : lw_pg_arg_timestamptz(ctx, &dt, argv[1], &t))
            return;
        if (argc > 2 && zone_object(ctx, &dt, argv[2], &zone, &tmp))
            return;
        err = pg_timestamp_trunc(unit, t, zone, &r);
        lw_zone_free(tmp);
        if (!err) {
            if (which == TR_TS)
                lw_pg_result_timestamp(ctx, r);
            else
                lw_pg_result_timestamptz(ctx, r);
        }
    }
    const char *type = which == TR_TS ? T_TS : which == TR_TZ ? T_TSTZ : T_INTERVAL;
    if (err == PG_DTERR_UNIT_UNKNOWN || err == PG_DTERR_UNIT_UNSUPPORTED)
        unit_error(ctx, err, unit, type, &dt);
    else if (err)
        lw_pg_dt_error(ctx, err, type, NULL, &dt);
}

static void trunc_ts_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    trunc_func(ctx, argc, argv, TR_TS);
}

static void trunc_tz_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    trunc_func(ctx, argc, argv, TR_TZ);
}

static void trunc_iv_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    trunc_func(ctx, argc, argv, TR_IV);
}

/* ---- age ------------------------------------------------------------------------------------ */

static void age_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, int tz)
{
    pg_dtctx dt;
    pg_timestamp a, b;
    lw_interval iv;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    pg_dterr err = PG_DT_OK;
    if (argc == 1) {
        /* age(x): from midnight of current_date (in the session zone). */
        pg_date today;
        if ((err = pg_timestamp2date(dt.now, dt.session, &today)) == 0)
            err = tz ? pg_date2timestamptz(today, dt.session, &a) : pg_date2timestamp(today, &a);
        if (err) {
            lw_pg_dt_error(ctx, err, T_TS, NULL, &dt);
            return;
        }
    } else if (tz ? lw_pg_arg_timestamptz(ctx, &dt, argv[0], &a)
                  : lw_pg_arg_timestamp(ctx, &dt, argv[0], &a)) {
        return;
    }
    sqlite3_value *bv = argv[argc - 1];
    if (tz ? lw_pg_arg_timestamptz(ctx, &dt, bv, &b) : lw_pg_arg_timestamp(ctx, &dt, bv, &b))
        return;
    if ((err = pg_timestamp_age(a, b, tz ? dt.session : NULL, &iv)))
        lw_pg_dt_error(ctx, err, T_INTERVAL, NULL, &dt);
    else
        lw_pg_result_interval(ctx, &iv);
}

static void age_ts_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    age_func(ctx, argc, argv, 0);
}

static void age_tz_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    age_func(ctx, argc, argv, 1);
}

/* ---- justify_*, make_interval ------------------------------------------------------------------
 */

enum { J_HOURS, J_DAYS, J_INTERVAL };

static void justify(sqlite3_context *ctx, int argc, sqlite3_value **argv, int which)
{
    pg_dtctx dt;
    lw_interval iv, r;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    if (lw_pg_arg_interval(ctx, &dt, argv[0], &iv))
        return;
    int rc = which == J_HOURS  ? lw_interval_justify_hours(&iv, &r)
             : which == J_DAYS ? lw_interval_justify_days(&iv, &r)
                               : lw_interval_justify(&iv, &r);
    if (rc)
        lw_pg_error(ctx, "22008", "interval out of range");
    else
        lw_pg_result_interval(ctx, &r);
}

static void justify_hours_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    justify(ctx, argc, argv, J_HOURS);
}

static void justify_days_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    justify(ctx, argc, argv, J_DAYS);
}

static void justify_interval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    justify(ctx, argc, argv, J_INTERVAL);
}

/* An integer argument of make_interval: 0, or -1 after 22P02 for text that is none. */
static int int_arg(sqlite3_context *ctx, sqlite3_value *v, int64_t *out)
{
    int t = sqlite3_value_numeric_type(v);
    if (t == SQLITE_INTEGER) {
        *out = sqlite3_value_int64(v);
        return 0;
    }
    const char *s = (const char *)sqlite3_value_text(v);
    if (t == SQLITE_FLOAT) {
        double d = sqlite3_value_double(v);
        if (d >= -2147483648.0 && d <= 2147483647.0) {
            *out = (int64_t)rint(d);
            return 0;
        }
        lw_pg_error(ctx, "22003", "integer out of range");
        return -1;
    }
    lw_pg_error(ctx, "22P02", "invalid input syntax for type integer: \"%s\"", s ? s : "");
    return -1;
}

/* pg_make_interval(years, months, weeks, days, hours, mins, secs): overflow is an
 * error here (PostgreSQL 15.18 wraps around silently). */
static void make_interval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t v[6];
    if (lw_any_null(argc, argv))
        return;
    for (int i = 0; i < 6; i++)
        if (int_arg(ctx, argv[i], &v[i]))
            return;
    double secs = sqlite3_value_double(argv[6]);
    int64_t months, days, usec;
    double us = rint(secs * 1000000.0);
    int bad = isnan(secs) || isinf(secs) || __builtin_mul_overflow(v[0], 12, &months) ||
              __builtin_add_overflow(months, v[1], &months) || months < INT32_MIN ||
              months > INT32_MAX || __builtin_mul_overflow(v[2], 7, &days) ||
              __builtin_add_overflow(days, v[3], &days) || days < INT32_MIN || days > INT32_MAX ||
              !(us > -9.2e18 && us < 9.2e18) ||
              __builtin_mul_overflow(v[4], LW_USEC_PER_HOUR, &usec) ||
              __builtin_add_overflow(usec, v[5] * LW_USEC_PER_MINUTE, &usec) ||
              __builtin_add_overflow(usec, (int64_t)us, &usec);
    if (bad) {
        lw_pg_error(ctx, "22008", "interval out of range");
        return;
    }
    lw_interval iv = {(int32_t)months, (int32_t)days, usec};
    lw_pg_result_interval(ctx, &iv);
}

/* ---- to_char -----------------------------------------------------------------------------------
 */

static void fmt_from_tm(const pg_tm *tm, pg_fmt_tm *out)
{
    memset(out, 0, sizeof *out);
    out->year = tm->year;
    out->mon = tm->mon;
    out->mday = tm->mday;
    out->hour = tm->hour;
    out->min = tm->min;
    out->sec = tm->sec;
    out->usec = tm->usec;
    int jd = pg_date2j(tm->year, tm->mon, tm->mday);
    out->wday = pg_j2day(jd);
    out->yday = jd - pg_date2j(tm->year, 1, 1) + 1;
}

enum { C_TS, C_TZ, C_IV };

static void to_char_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, int which)
{
    pg_dtctx dt;
    pg_fmt_tm ft;
    size_t fn, out_n;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    const char *fmt = lw_pg_arg_text(argv, 1, &fn);
    if (!fmt || fn == 0)
        return; /* PostgreSQL: an empty template gives NULL */
    if (which == C_IV) {
        lw_interval iv;
        if (lw_pg_arg_interval(ctx, &dt, argv[0], &iv))
            return;
        memset(&ft, 0, sizeof ft);
        ft.is_interval = 1;
        ft.year = iv.months / 12;
        ft.mon = iv.months % 12;
        ft.mday = iv.days;
        int64_t t = iv.usec;
        ft.hour = t / LW_USEC_PER_HOUR;
        t -= ft.hour * LW_USEC_PER_HOUR;
        ft.min = (int)(t / LW_USEC_PER_MINUTE);
        t -= (int64_t)ft.min * LW_USEC_PER_MINUTE;
        ft.sec = (int)(t / LW_USEC_PER_SEC);
        ft.usec = (int32_t)(t - (int64_t)ft.sec * LW_USEC_PER_SEC);
        ft.yday = (int)((ft.year * 12 + ft.mon) * 30 + ft.mday);
    } else {
        pg_timestamp t;
        pg_tm tm;
        if (which == C_TS ? lw_pg_arg_timestamp(ctx, &dt, argv[0], &t)
                          : lw_pg_arg_timestamptz(ctx, &dt, argv[0], &t))
            return;
        if (!PG_TS_FINITE(t))
            return; /* PostgreSQL: to_char of infinity is NULL */
        if (pg_timestamp2tm(t, which == C_TZ ? dt.session : NULL, &tm, NULL)) {
            lw_pg_error(ctx, "22008", "timestamp out of range");
            return;
        }
        fmt_from_tm(&tm, &ft);
        if (which == C_TZ) {
            ft.has_zone = 1;
            ft.gmtoff = tm.gmtoff;
            ft.abbr = tm.abbr;
        }
    }
    char *out = pg_to_char(&ft, fmt, fn, &out_n);
    lw_pg_result_text(ctx, out, out_n);
}

static void to_char_ts_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    to_char_func(ctx, argc, argv, C_TS);
}

static void to_char_tz_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    to_char_func(ctx, argc, argv, C_TZ);
}

static void to_char_iv_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    to_char_func(ctx, argc, argv, C_IV);
}

/* ---- to_date, to_timestamp ------------------------------------------------------------------- */

/* Reads argv[0] by the template argv[1]: 0, or -1 when the result was set. */
static int from_char(sqlite3_context *ctx, sqlite3_value **argv, pg_fromchar *fc)
{
    size_t n, fn;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    const char *fmt = lw_pg_arg_text(argv, 1, &fn);
    char state[6], msg[512];
    if (!s || !fmt) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    if (pg_from_char(s, n, fmt, fn, fc, state, msg, sizeof msg)) {
        if (!state[0])
            sqlite3_result_error_nomem(ctx);
        else
            lw_pg_error(ctx, state, "%s", msg);
        return -1;
    }
    return 0;
}

static void to_date_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_fromchar fc;
    if (lw_any_null(argc, argv) || from_char(ctx, argv, &fc))
        return;
    if (!pg_valid_julian(fc.year, fc.mon, fc.mday)) {
        const char *s = (const char *)sqlite3_value_text(argv[0]);
        lw_pg_error(ctx, "22008", "date out of range: \"%s\"", s ? s : "");
        return;
    }
    lw_pg_result_date(ctx, pg_date2j(fc.year, fc.mon, fc.mday) - PG_EPOCH_JDATE);
}

/* to_timestamp(seconds since 1970) */
static void to_timestamp_seconds(sqlite3_context *ctx, sqlite3_value *v)
{
    int t = sqlite3_value_numeric_type(v);
    if (t != SQLITE_INTEGER && t != SQLITE_FLOAT) {
        const char *s = (const char *)sqlite3_value_text(v);
        lw_pg_error(ctx, "22P02", "invalid input syntax for type double precision: \"%s\"",
                    s ? s : "");
        return;
    }
    double secs = sqlite3_value_double(v);
    if (isnan(secs)) {
        lw_pg_error(ctx, "22008", "timestamp cannot be NaN");
        return;
    }
    if (isinf(secs)) {
        lw_pg_result_timestamptz(ctx, secs < 0 ? PG_TS_NOBEGIN : PG_TS_NOEND);
        return;
    }
    /* The range of timestamps: Julian day 0 to 294277-01-01 (Julian day 109203528). */
    if (secs < -86400.0 * PG_UNIX_EPOCH_JDATE ||
        secs >= 86400.0 * (109203528.0 - PG_UNIX_EPOCH_JDATE)) {
        lw_pg_error(ctx, "22008", "timestamp out of range: \"%g\"", secs);
        return;
    }
    secs -= 86400.0 * (PG_EPOCH_JDATE - PG_UNIX_EPOCH_JDATE);
    pg_timestamp r = (pg_timestamp)rint(secs * 1000000.0);
    if (!PG_VALID_TIMESTAMP(r)) {
        lw_pg_error(ctx, "22008", "timestamp out of range: \"%g\"", sqlite3_value_double(v));
        return;
    }
    lw_pg_result_timestamptz(ctx, r);
}

static void to_timestamp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_dtctx dt;
    pg_fromchar fc;
    if (lw_any_null(argc, argv))
        return;
    if (argc == 1) {
        to_timestamp_seconds(ctx, argv[0]);
        return;
    }
    funcs_of(ctx, &dt);
    if (from_char(ctx, argv, &fc))
        return;
    pg_tm tm;
    memset(&tm, 0, sizeof tm);
    tm.year = fc.year, tm.mon = fc.mon, tm.mday = fc.mday;
    tm.hour = fc.hour, tm.min = fc.min, tm.sec = fc.sec, tm.usec = fc.usec;
    tm.isdst = -1;
    int32_t tz = fc.has_tz ? -fc.gmtoff : pg_local_offset(&tm, dt.session);
    pg_timestamp r;
    if (!pg_valid_julian(tm.year, tm.mon, tm.mday) || pg_tm2timestamp(&tm, &tz, &r)) {
        lw_pg_error(ctx, "22008", "timestamp out of range");
        return;
    }
    lw_pg_result_timestamptz(ctx, r);
}

/* ---- Aggregates and comparisons of intervals ------------------------------------------------ */

/* An interval from a value with no session at hand (an interval never needs one). */
static int read_interval(sqlite3_context *ctx, sqlite3_value *v, lw_interval *out)
{
    size_t n = 0;
    const char *s = (const char *)sqlite3_value_text(v);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    n = (size_t)sqlite3_value_bytes(v);
    pg_dterr err = pg_read_interval(NULL, s, n, out);
    if (err) {
        lw_pg_dt_error(ctx, err, T_INTERVAL, s, NULL);
        return -1;
    }
    return 0;
}

typedef struct iv_agg {
    lw_interval sum;
    int64_t count;
    int failed;
} iv_agg;

static void iv_sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    iv_agg *a = sqlite3_aggregate_context(ctx, sizeof *a);
    lw_interval iv;
    if (!a) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (a->failed || sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    if (read_interval(ctx, argv[0], &iv)) {
        a->failed = 1;
        return;
    }
    if (lw_interval_add(&a->sum, &iv, &a->sum)) {
        lw_pg_error(ctx, "22008", "interval out of range");
        a->failed = 1;
        return;
    }
    a->count++;
}

static void iv_sum_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    iv_agg *a = sqlite3_aggregate_context(ctx, sizeof *a);
    lw_interval iv;
    if (!a || a->failed || sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    if (read_interval(ctx, argv[0], &iv) || lw_interval_sub(&a->sum, &iv, &a->sum)) {
        a->failed = 1;
        return;
    }
    a->count--;
}

static void iv_agg_result(sqlite3_context *ctx, int avg)
{
    iv_agg *a = sqlite3_aggregate_context(ctx, 0);
    if (!a || a->failed || a->count == 0)
        return;
    lw_interval r = a->sum;
    if (avg && lw_interval_div(&a->sum, (double)a->count, &r)) {
        lw_pg_error(ctx, "22008", "interval out of range");
        return;
    }
    lw_pg_result_interval(ctx, &r);
}

static void iv_sum_final(sqlite3_context *ctx)
{
    iv_agg_result(ctx, 0);
}

static void iv_avg_final(sqlite3_context *ctx)
{
    iv_agg_result(ctx, 1);
}

/* pg_greatest_iv / pg_least_iv (variant 1): NULLs are skipped, as greatest() does. */
static void iv_extreme_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int least = lw_pg_variant(ctx);
    lw_interval best, iv;
    int have = 0, at = 0;
    for (int i = 0; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        if (read_interval(ctx, argv[i], &iv))
            return;
        int c = have ? lw_interval_cmp(&iv, &best) : 0;
        if (!have || (least ? c < 0 : c > 0)) {
            best = iv;
            at = i;
            have = 1;
        }
    }
    if (have)
        sqlite3_result_value(ctx, argv[at]);
}

static void typeof_kind_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_value(ctx, argv[1]);
}

/* ---- Values of a type the rewriter could not tell ------------------------------------------ */

/* The type of a value by its text, for the pg_*_any variants: the dialect's stored forms
 * tell them apart (a timestamptz ends in its offset, a date has no time, an interval has
 * words or more than 24 hours); text that is none of them is a timestamp, whose input
 * error is then reported. */
static int sniff_kind(sqlite3_value *v)
{
    const unsigned char *s = sqlite3_value_text(v);
    int n = sqlite3_value_bytes(v);
    if (!s)
        return X_TS;
    int colon = -1, letters = 0, dashes = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] == ':' && colon < 0)
            colon = i;
        else if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '@')
            letters++;
        else if (s[i] == '-' && colon < 0 && i > 0)
            dashes++;
    }
    if (letters &&
        !(n >= 8 && sqlite3_strnicmp((const char *)s + (s[0] == '-'), "infinity", 8) == 0))
        return dashes == 2 && (n < 3 || sqlite3_strnicmp((const char *)s + n - 2, "BC", 2) == 0)
                   ? X_D
                   : X_IV;
    if (colon < 0)
        return dashes == 2 ? X_D : X_TS;
    int zone = 0;
    for (int i = colon; i < n; i++)
        if (s[i] == '+' || s[i] == '-')
            zone = 1;
    if (dashes == 2)
        return zone ? X_TZ : X_TS;
    if (zone)
        return X_TTZ;
    return colon == 2 && s[0] <= '2' ? X_T : X_IV; /* 13:45:00 a time, 36:00:00 an interval */
}

static void extract_any_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    extract(ctx, argv, sniff_kind(argv[1]));
}

static void part_any_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int k = sniff_kind(argv[1]);
    date_part(ctx, argv, k == X_D ? X_TS : k);
}

static void trunc_any_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int k = sniff_kind(argv[1]);
    trunc_func(ctx, argc, argv, k == X_IV ? TR_IV : k == X_TZ || k == X_D ? TR_TZ : TR_TS);
}

static void age_any_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int k = sniff_kind(argv[0]);
    age_func(ctx, argc, argv, k == X_TZ || k == X_D);
}

static void to_char_any_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int k = sniff_kind(argv[0]);
    to_char_func(ctx, argc, argv, k == X_TZ ? C_TZ : k == X_IV || k == X_T ? C_IV : C_TS);
}

/* Stateful (user data: the lw_pg_funcs), deterministic within a statement. */
#define S(name, n, fn) F(name, n, LW_PURE, fn, 0, 1)

const lw_pg_function_def lw_pg_timefn_functions[] = {
    S("pg_extract_ts", 2, extract_ts_func),
    S("pg_extract_tz", 2, extract_tz_func),
    S("pg_extract_d", 2, extract_d_func),
    S("pg_extract_t", 2, extract_t_func),
    S("pg_extract_ttz", 2, extract_ttz_func),
    S("pg_extract_iv", 2, extract_iv_func),
    S("pg_extract_any", 2, extract_any_func),
    S("pg_part_ts", 2, part_ts_func),
    S("pg_part_tz", 2, part_tz_func),
    S("pg_part_t", 2, part_t_func),
    S("pg_part_ttz", 2, part_ttz_func),
    S("pg_part_iv", 2, part_iv_func),
    S("pg_part_any", 2, part_any_func),
    S("pg_trunc_ts", 2, trunc_ts_func),
    S("pg_trunc_tz", 2, trunc_tz_func),
    S("pg_trunc_tz", 3, trunc_tz_func),
    S("pg_trunc_iv", 2, trunc_iv_func),
    S("pg_trunc_any", 2, trunc_any_func),
    F("pg_age_ts", 1, VOLATILE, age_ts_func, 0, 1),
    S("pg_age_ts", 2, age_ts_func),
    F("pg_age_tz", 1, VOLATILE, age_tz_func, 0, 1),
    S("pg_age_tz", 2, age_tz_func),
    F("pg_age_any", 1, VOLATILE, age_any_func, 0, 1),
    S("pg_age_any", 2, age_any_func),
    S("justify_hours", 1, justify_hours_func),
    S("justify_days", 1, justify_days_func),
    S("justify_interval", 1, justify_interval_func),
    F("pg_make_interval", 7, LW_PURE, make_interval_func, 0, 0),
    S("pg_to_char_ts", 2, to_char_ts_func),
    S("pg_to_char_tz", 2, to_char_tz_func),
    S("pg_to_char_iv", 2, to_char_iv_func),
    S("pg_to_char_any", 2, to_char_any_func),
    F("to_date", 2, LW_PURE, to_date_func, 0, 0),
    S("to_timestamp", 1, to_timestamp_func),
    S("to_timestamp", 2, to_timestamp_func),
    {{"pg_sum_iv", 1, LW_PURE, NULL, iv_sum_step, iv_sum_final, iv_sum_final, iv_sum_inverse},
     0,
     0},
    {{"pg_avg_iv", 1, LW_PURE, NULL, iv_sum_step, iv_avg_final, iv_avg_final, iv_sum_inverse},
     0,
     0},
    F("pg_greatest_iv", -1, LW_PURE, iv_extreme_func, 0, 0),
    F("pg_least_iv", -1, LW_PURE, iv_extreme_func, 1, 0),
    F("pg_typeof_kind", 2, LW_PURE, typeof_kind_func, 0, 0),
    LW_PG_END_OF_FUNCTIONS,
};
