/*
 * The postgresql dialect's date and time values (registered by runtime.c): reading and
 * writing them, casts and conversions between the types, their arithmetic, AT TIME
 * ZONE, the clock and the constructors. The values are the dialect's stored text
 * (pgtime.h): dates, timestamps and times as PostgreSQL prints them in ISO DateStyle,
 * timestamptz as its UTC text ('2024-05-17 11:45:12+00'), intervals in IntervalStyle
 * postgres. NULL in gives NULL out. Functions that read the session's TimeZone or
 * IntervalStyle are registered with the connection's state; within one statement the
 * settings cannot change, so they stay deterministic there.
 *
 *   conversions   pg_tz_to_date, pg_tz_to_ts, pg_tz_to_time, pg_tz_to_timetz,
 *                 pg_tz_text (in the session zone), pg_ts_to_tz, pg_d_to_tz,
 *                 pg_iv_text (in IntervalStyle), pg_iv_to_time
 *   arithmetic    pg_date_add(D, N, SIGN), pg_date_diff(A, B), pg_d_add_iv, pg_ts_add_iv,
 *                 pg_tz_add_iv, pg_t_add_iv, pg_ttz_add_iv (X, INTERVAL, SIGN),
 *                 pg_d_add_t, pg_d_add_ttz, pg_ts_diff, pg_tz_diff, pg_t_diff,
 *                 pg_iv_add(A, B, SIGN), pg_iv_neg, pg_iv_mul, pg_iv_div
 *   AT TIME ZONE  pg_tz_at, pg_ts_at, pg_ttz_at (X, ZONE), pg_tz_at_iv, pg_ts_at_iv,
 *                 pg_ttz_at_iv (X, INTERVAL): 22023 for a zone that is none
 *   clock         now(), transaction_timestamp(): the transaction's start;
 *                 statement_timestamp(): the statement's; clock_timestamp(): the wall
 *                 clock; pg_current_date(), pg_localtimestamp(), pg_current_time(),
 *                 pg_localtime(): now() in the session zone
 *   constructors  make_date, make_time, make_timestamp, make_timestamptz [zone],
 *                 isfinite
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dialect/postgresql/runtime_int.h"

#define T_DATE "date"
#define T_TS "timestamp"
#define T_TSTZ "timestamp with time zone"
#define T_TIME "time"
#define T_TIMETZ "time with time zone"
#define T_INTERVAL "interval"

/* Seconds between 1970-01-01 and 2000-01-01. */
#define PG_UNIX_OFFSET_USEC ((int64_t)(PG_EPOCH_JDATE - PG_UNIX_EPOCH_JDATE) * LW_USEC_PER_DAY)

static int64_t wall_clock_usec(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

/* now(): the transaction's start as the dialect stamped it (session.c), or the
 * statement's outside a transaction; the wall clock when nothing was stamped. */
static pg_timestamp txn_now(const lw_pg_funcs *f)
{
    int64_t unix_usec = f->txn_usec ? f->txn_usec : wall_clock_usec();
    return unix_usec - PG_UNIX_OFFSET_USEC;
}

void lw_pg_dtctx(lw_pg_funcs *f, pg_dtctx *ctx)
{
    ctx->session = f->zone;
    ctx->zones = f->zones;
    ctx->now = txn_now(f);
    ctx->style = f->interval_style;
    ctx->bad_zone[0] = 0;
}

void lw_pg_dt_error(sqlite3_context *ctx, pg_dterr err, const char *type_name, const char *str,
                    const pg_dtctx *dt)
{
    char state[6], msg[512];
    if (err == PG_DTERR_NOMEM) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    pg_dt_error(err, type_name, str, dt && dt->bad_zone[0] ? dt->bad_zone : NULL, state, msg,
                sizeof msg);
    lw_pg_error(ctx, state, "%s", msg);
}

/* ---- Arguments and results ---------------------------------------------------------------- */

static const char *value_text(sqlite3_value *v, size_t *n)
{
    const char *s = (const char *)sqlite3_value_text(v);
    *n = s ? (size_t)sqlite3_value_bytes(v) : 0;
    return s;
}

#define READ_ARG(fn, type_name, reader, out_type)                                                  \
    int fn(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, out_type *out)                    \
    {                                                                                              \
        size_t n;                                                                                  \
        if (sqlite3_value_type(v) == SQLITE_NULL)                                                  \
            return -1;                                                                             \
        const char *s = value_text(v, &n);                                                         \
        if (!s) {                                                                                  \
            sqlite3_result_error_nomem(ctx);                                                       \
            return -1;                                                                             \
        }                                                                                          \
        pg_dterr err = reader(dt, s, n, out);                                                      \
        if (err) {                                                                                 \
            lw_pg_dt_error(ctx, err, type_name, s, dt);                                            \
            return -1;                                                                             \
        }                                                                                          \
        return 0;                                                                                  \
    }

READ_ARG(lw_pg_arg_date, T_DATE, pg_read_date, pg_date)
READ_ARG(lw_pg_arg_timestamp, T_TS, pg_read_timestamp, pg_timestamp)
READ_ARG(lw_pg_arg_timestamptz, T_TSTZ, pg_read_timestamptz, pg_timestamp)
READ_ARG(lw_pg_arg_time, T_TIME, pg_read_time, pg_time)
READ_ARG(lw_pg_arg_timetz, T_TIMETZ, pg_read_timetz, pg_timetz)
READ_ARG(lw_pg_arg_interval, T_INTERVAL, pg_read_interval, lw_interval)

void lw_pg_result_date(sqlite3_context *ctx, pg_date d)
{
    char buf[PG_DT_TEXT_MAX];
    int n = pg_date_out(d, buf);
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

void lw_pg_result_timestamp(sqlite3_context *ctx, pg_timestamp t)
{
    char buf[PG_DT_TEXT_MAX];
    int n = pg_timestamp_out(t, buf);
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

void lw_pg_result_timestamptz(sqlite3_context *ctx, pg_timestamp t)
{
    char buf[PG_DT_TEXT_MAX];
    int n = pg_timestamptz_out(t, NULL, buf); /* stored in UTC */
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

void lw_pg_result_time(sqlite3_context *ctx, pg_time t)
{
    char buf[PG_DT_TEXT_MAX];
    int n = pg_time_out(t, buf);
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

void lw_pg_result_timetz(sqlite3_context *ctx, const pg_timetz *t)
{
    char buf[PG_DT_TEXT_MAX];
    int n = pg_timetz_out(t, buf);
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

void lw_pg_result_interval(sqlite3_context *ctx, const lw_interval *iv)
{
    char buf[LW_INTERVAL_TEXT_MAX];
    int n = lw_interval_format(iv, LW_INTERVAL_POSTGRES, buf);
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

/* ---- Casts ------------------------------------------------------------------------------------
 */

int lw_pg_time_cast(sqlite3_context *ctx, lw_pg_funcs *f, sqlite3_value *v, const char *type,
                    int typmod)
{
    if (strcmp(type, "date") && strcmp(type, "timestamp") && strcmp(type, "timestamptz") &&
        strcmp(type, "time") && strcmp(type, "timetz") && strcmp(type, "interval"))
        return 0;
    pg_dtctx dt;
    lw_pg_dtctx(f, &dt);
    size_t n;
    const char *s = value_text(v, &n);
    pg_dterr err;
    const char *name;
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return 1;
    }
    if (!strcmp(type, "date")) {
        pg_date d;
        name = T_DATE;
        if ((err = pg_read_date(&dt, s, n, &d)) == 0)
            lw_pg_result_date(ctx, d);
    } else if (!strcmp(type, "timestamp")) {
        pg_timestamp t;
        name = T_TS;
        if ((err = pg_read_timestamp(&dt, s, n, &t)) == 0) {
            pg_timestamp_round(&t, typmod);
            lw_pg_result_timestamp(ctx, t);
        }
    } else if (!strcmp(type, "timestamptz")) {
        pg_timestamp t;
        name = T_TSTZ;
        if ((err = pg_read_timestamptz(&dt, s, n, &t)) == 0) {
            pg_timestamp_round(&t, typmod);
            lw_pg_result_timestamptz(ctx, t);
        }
    } else if (!strcmp(type, "time")) {
        pg_time t;
        name = T_TIME;
        if ((err = pg_read_time(&dt, s, n, &t)) == 0) {
            pg_time_round(&t, typmod);
            lw_pg_result_time(ctx, t);
        }
    } else if (!strcmp(type, "timetz")) {
        pg_timetz t;
        name = T_TIMETZ;
        if ((err = pg_read_timetz(&dt, s, n, &t)) == 0) {
            pg_time_round(&t.time, typmod);
            lw_pg_result_timetz(ctx, &t);
        }
    } else if (!strcmp(type, "interval")) {
        lw_interval iv;
        name = T_INTERVAL;
        err =
            typmod >= 0 ? pg_interval_in(&dt, s, n, typmod, &iv) : pg_read_interval(&dt, s, n, &iv);
        if (!err)
            lw_pg_result_interval(ctx, &iv);
    } else {
        return 0;
    }
    if (err)
        lw_pg_dt_error(ctx, err, name, s, &dt);
    return 1;
}

int lw_pg_show_time(lw_pg_funcs *funcs, const char *s, size_t n, int interval, char *buf)
{
    pg_dtctx dt;
    if (!funcs || !s)
        return -1;
    lw_pg_dtctx(funcs, &dt);
    if (interval) {
        lw_interval iv;
        if (pg_read_interval(&dt, s, n, &iv))
            return -1;
        return lw_interval_format(&iv, dt.style, buf);
    }
    pg_timestamp t;
    if (pg_read_timestamptz(&dt, s, n, &t))
        return -1;
    return pg_timestamptz_out(t, dt.session, buf);
}

/* ---- Conversions between the types -------------------------------------------------------------
 */

/* user data of the conversions */
enum {
    CONV_TZ_TO_DATE,
    CONV_TZ_TO_TS,
    CONV_TZ_TO_TIME,
    CONV_TZ_TO_TIMETZ,
    CONV_TZ_TEXT,
    CONV_TS_TO_TZ,
    CONV_D_TO_TZ,
    CONV_IV_TEXT,
    CONV_IV_TO_TIME,
};

static void convert(sqlite3_context *ctx, sqlite3_value *v, int which)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    pg_dtctx dt;
    lw_pg_dtctx(f, &dt);
    pg_timestamp t, r;
    pg_date d;
    lw_interval iv;
    pg_dterr err = PG_DT_OK;
    switch (which) {
    case CONV_TZ_TO_DATE:
        if (lw_pg_arg_timestamptz(ctx, &dt, v, &t))
            return;
        if (!(err = pg_timestamp2date(t, dt.session, &d)))
            lw_pg_result_date(ctx, d);
        break;
    case CONV_TZ_TO_TS:
        if (lw_pg_arg_timestamptz(ctx, &dt, v, &t))
            return;
        if (pg_tstz_to_local(t, dt.session, &r))
            err = PG_DTERR_TS_RANGE;
        else
            lw_pg_result_timestamp(ctx, r);
        break;
    case CONV_TZ_TO_TIME:
    case CONV_TZ_TO_TIMETZ: {
        pg_timetz tt;
        if (lw_pg_arg_timestamptz(ctx, &dt, v, &t))
            return;
        if ((err = pg_timestamp2time(t, dt.session, &tt.time, &tt.tz)) != 0)
            break;
        if (which == CONV_TZ_TO_TIME)
            lw_pg_result_time(ctx, tt.time);
        else
            lw_pg_result_timetz(ctx, &tt);
        break;
    }
    case CONV_TZ_TEXT: {
        char buf[PG_DT_TEXT_MAX];
        if (lw_pg_arg_timestamptz(ctx, &dt, v, &t))
            return;
        int n = pg_timestamptz_out(t, dt.session, buf);
        sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
        break;
    }
    case CONV_TS_TO_TZ:
        if (lw_pg_arg_timestamp(ctx, &dt, v, &t))
            return;
        if (pg_local_to_tstz(t, dt.session, &r))
            err = PG_DTERR_TS_RANGE;
        else
            lw_pg_result_timestamptz(ctx, r);
        break;
    case CONV_D_TO_TZ:
        if (lw_pg_arg_date(ctx, &dt, v, &d))
            return;
        if (!(err = pg_date2timestamptz(d, dt.session, &r)))
            lw_pg_result_timestamptz(ctx, r);
        break;
    case CONV_IV_TEXT: {
        char buf[LW_INTERVAL_TEXT_MAX];
        if (lw_pg_arg_interval(ctx, &dt, v, &iv))
            return;
        int n = lw_interval_format(&iv, dt.style, buf);
        sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
        break;
    }
    case CONV_IV_TO_TIME: {
        if (lw_pg_arg_interval(ctx, &dt, v, &iv))
            return;
        int64_t t2 = iv.usec % LW_USEC_PER_DAY;
        if (t2 < 0)
            t2 += LW_USEC_PER_DAY;
        lw_pg_result_time(ctx, t2);
        break;
    }
    default:
        break;
    }
    if (err)
        lw_pg_dt_error(ctx, err, T_TS, NULL, &dt);
}

#define CONVERSION(fn, which)                                                                      \
    static void fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)                           \
    {                                                                                              \
        (void)argc;                                                                                \
        convert(ctx, argv[0], which);                                                              \
    }
CONVERSION(tz_to_date_func, CONV_TZ_TO_DATE)
CONVERSION(tz_to_ts_func, CONV_TZ_TO_TS)
CONVERSION(tz_to_time_func, CONV_TZ_TO_TIME)
CONVERSION(tz_to_timetz_func, CONV_TZ_TO_TIMETZ)
CONVERSION(tz_text_func, CONV_TZ_TEXT)
CONVERSION(ts_to_tz_func, CONV_TS_TO_TZ)
CONVERSION(d_to_tz_func, CONV_D_TO_TZ)
CONVERSION(iv_text_func, CONV_IV_TEXT)
CONVERSION(iv_to_time_func, CONV_IV_TO_TIME)

/* ---- Arithmetic --------------------------------------------------------------------------------
 */

/* The dt context of a stateful function. */
static lw_pg_funcs *funcs_of(sqlite3_context *ctx, pg_dtctx *dt)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    lw_pg_dtctx(f, dt);
    return f;
}

/* pg_date_add(D, N, SIGN): date + N days (SIGN -1: date - N), as date_pli/date_mii. */
static void date_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_dtctx dt;
    pg_date d, r;
    int64_t days;
    double unused;
    int minus = sqlite3_value_int(argv[2]) < 0;
    const char *op = minus ? "-" : "+";
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    size_t n;
    const char *s = value_text(argv[0], &n);
    if (s && memchr(s, ':', n)) {
        /* A timestamp's text: PostgreSQL has no timestamp + integer. */
        lw_pg_error(ctx, "42883", "operator does not exist: timestamp without time zone %s integer",
                    op);
        return;
    }
    if (lw_pg_arg_date(ctx, &dt, argv[0], &d))
        return;
    int kind = lw_pg_arith_operand(ctx, op, argv[1], &days, &unused);
    if (kind < 0)
        return;
    if (kind == 1) {
        lw_pg_error(ctx, "42883", "operator does not exist: date %s double precision", op);
        return;
    }
    if ((minus && days == INT64_MIN) || pg_date_pl_days(d, minus ? -days : days, &r))
        lw_pg_error(ctx, "22008", "date out of range");
    else
        lw_pg_result_date(ctx, r);
}

/* pg_date_diff(A, B): date - date, the days between them (an integer). */
static void date_diff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_dtctx dt;
    pg_date a, b;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    if (lw_pg_arg_date(ctx, &dt, argv[0], &a) || lw_pg_arg_date(ctx, &dt, argv[1], &b))
        return;
    if (!PG_DATE_FINITE(a) || !PG_DATE_FINITE(b)) {
        lw_pg_error(ctx, "22008", "cannot subtract infinite dates");
        return;
    }
    sqlite3_result_int64(ctx, (int64_t)a - b);
}

/* The interval argument i with the sign of argument 2 applied. */
static int signed_interval(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value **argv, int i,
                           lw_interval *iv)
{
    if (lw_pg_arg_interval(ctx, dt, argv[i], iv))
        return -1;
    if (sqlite3_value_int(argv[2]) < 0 && lw_interval_neg(iv, iv)) {
        lw_pg_error(ctx, "22008", "interval out of range");
        return -1;
    }
    return 0;
}

enum { ADD_D, ADD_TS, ADD_TZ, ADD_T, ADD_TTZ };

/* pg_X_add_iv(X, INTERVAL, SIGN): X + INTERVAL (SIGN -1: X - INTERVAL). */
static void add_interval(sqlite3_context *ctx, sqlite3_value **argv, int which)
{
    pg_dtctx dt;
    lw_interval iv;
    funcs_of(ctx, &dt);
    pg_timestamp t, r;
    pg_dterr err = PG_DT_OK;
    switch (which) {
    case ADD_D: {
        pg_date d;
        if (lw_pg_arg_date(ctx, &dt, argv[0], &d) || signed_interval(ctx, &dt, argv, 1, &iv))
            return;
        if (!(err = pg_date2timestamp(d, &t)) &&
            !(err = pg_timestamp_pl_interval(t, &iv, NULL, &r)))
            lw_pg_result_timestamp(ctx, r);
        break;
    }
    case ADD_TS:
    case ADD_TZ:
        if ((which == ADD_TS ? lw_pg_arg_timestamp(ctx, &dt, argv[0], &t)
                             : lw_pg_arg_timestamptz(ctx, &dt, argv[0], &t)) ||
            signed_interval(ctx, &dt, argv, 1, &iv))
            return;
        if ((err = pg_timestamp_pl_interval(t, &iv, which == ADD_TZ ? dt.session : NULL, &r)))
            break;
        if (which == ADD_TS)
            lw_pg_result_timestamp(ctx, r);
        else
            lw_pg_result_timestamptz(ctx, r);
        break;
    case ADD_T: {
        pg_time tm;
        if (lw_pg_arg_time(ctx, &dt, argv[0], &tm) || signed_interval(ctx, &dt, argv, 1, &iv))
            return;
        lw_pg_result_time(ctx, pg_time_pl_interval(tm, &iv));
        break;
    }
    case ADD_TTZ: {
        pg_timetz tt;
        if (lw_pg_arg_timetz(ctx, &dt, argv[0], &tt) || signed_interval(ctx, &dt, argv, 1, &iv))
            return;
        tt.time = pg_time_pl_interval(tt.time, &iv);
        lw_pg_result_timetz(ctx, &tt);
        break;
    }
    default:
        break;
    }
    if (err)
        lw_pg_dt_error(ctx, err, T_TS, NULL, &dt);
}

#define ADDER(fn, which)                                                                           \
    static void fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)                           \
    {                                                                                              \
        if (!lw_any_null(argc, argv))                                                              \
            add_interval(ctx, argv, which);                                                        \
    }
ADDER(d_add_iv_func, ADD_D)
ADDER(ts_add_iv_func, ADD_TS)
ADDER(tz_add_iv_func, ADD_TZ)
ADDER(t_add_iv_func, ADD_T)
ADDER(ttz_add_iv_func, ADD_TTZ)

/* pg_d_add_t(DATE, TIME): a timestamp; pg_d_add_ttz(DATE, TIMETZ): a timestamptz. */
static void d_add_time(sqlite3_context *ctx, int argc, sqlite3_value **argv, int with_tz)
{
    pg_dtctx dt;
    pg_date d;
    pg_timestamp t;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    pg_timetz tt = {0, 0};
    if (lw_pg_arg_date(ctx, &dt, argv[0], &d) ||
        (with_tz ? lw_pg_arg_timetz(ctx, &dt, argv[1], &tt)
                 : lw_pg_arg_time(ctx, &dt, argv[1], &tt.time)))
        return;
    pg_dterr err = pg_date2timestamp(d, &t);
    if (!err && PG_TS_FINITE(t) &&
        (__builtin_add_overflow(t, tt.time + (with_tz ? (int64_t)tt.tz * LW_USEC_PER_SEC : 0),
                                &t) ||
         !PG_VALID_TIMESTAMP(t)))
        err = PG_DTERR_TS_RANGE;
    if (err)
        lw_pg_dt_error(ctx, err, T_TS, NULL, &dt);
    else if (with_tz)
        lw_pg_result_timestamptz(ctx, t);
    else
        lw_pg_result_timestamp(ctx, t);
}

static void d_add_t_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    d_add_time(ctx, argc, argv, 0);
}

static void d_add_ttz_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    d_add_time(ctx, argc, argv, 1);
}

/* pg_ts_diff, pg_tz_diff (A, B): A - B as an interval of days and time. */
static void ts_diff(sqlite3_context *ctx, int argc, sqlite3_value **argv, int tz)
{
    pg_dtctx dt;
    pg_timestamp a, b;
    lw_interval iv;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    if (tz ? lw_pg_arg_timestamptz(ctx, &dt, argv[0], &a) ||
                 lw_pg_arg_timestamptz(ctx, &dt, argv[1], &b)
           : lw_pg_arg_timestamp(ctx, &dt, argv[0], &a) ||
                 lw_pg_arg_timestamp(ctx, &dt, argv[1], &b))
        return;
    pg_dterr err = pg_timestamp_mi(a, b, &iv);
    if (err)
        lw_pg_dt_error(ctx, err, T_INTERVAL, NULL, &dt);
    else
        lw_pg_result_interval(ctx, &iv);
}

static void ts_diff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_diff(ctx, argc, argv, 0);
}

static void tz_diff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_diff(ctx, argc, argv, 1);
}

/* pg_t_diff(A, B): time - time, an interval. */
static void t_diff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_dtctx dt;
    pg_time a, b;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    if (lw_pg_arg_time(ctx, &dt, argv[0], &a) || lw_pg_arg_time(ctx, &dt, argv[1], &b))
        return;
    lw_interval iv = {0, 0, a - b};
    lw_pg_result_interval(ctx, &iv);
}

/* pg_iv_add(A, B, SIGN): A + B or A - B. */
static void iv_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_dtctx dt;
    lw_interval a, b, r;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    if (lw_pg_arg_interval(ctx, &dt, argv[0], &a) || lw_pg_arg_interval(ctx, &dt, argv[1], &b))
        return;
    int rc =
        sqlite3_value_int(argv[2]) < 0 ? lw_interval_sub(&a, &b, &r) : lw_interval_add(&a, &b, &r);
    if (rc)
        lw_pg_error(ctx, "22008", "interval out of range");
    else
        lw_pg_result_interval(ctx, &r);
}

static void iv_neg_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_dtctx dt;
    lw_interval a, r;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    if (lw_pg_arg_interval(ctx, &dt, argv[0], &a))
        return;
    if (lw_interval_neg(&a, &r))
        lw_pg_error(ctx, "22008", "interval out of range");
    else
        lw_pg_result_interval(ctx, &r);
}

/* A number operand of interval * n and / n: integer, double or numeric text. */
static int factor_operand(sqlite3_context *ctx, sqlite3_value *v, const char *op, double *out)
{
    int t = sqlite3_value_numeric_type(v);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        *out = sqlite3_value_double(v);
        return 0;
    }
    const char *s = (const char *)sqlite3_value_text(v);
    lw_pg_error(ctx, "22P02", "invalid input syntax for type double precision: \"%s\"", s ? s : "");
    (void)op;
    return -1;
}

/* pg_iv_mul(INTERVAL, N), pg_iv_div(INTERVAL, N). */
static void iv_scale(sqlite3_context *ctx, int argc, sqlite3_value **argv, int divide)
{
    pg_dtctx dt;
    lw_interval a, r;
    double factor;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    if (lw_pg_arg_interval(ctx, &dt, argv[0], &a) ||
        factor_operand(ctx, argv[1], divide ? "/" : "*", &factor))
        return;
    if (divide && factor == 0.0) {
        lw_pg_error(ctx, "22012", "division by zero");
        return;
    }
    if (divide ? lw_interval_div(&a, factor, &r) : lw_interval_mul(&a, factor, &r))
        lw_pg_error(ctx, "22008", "interval out of range");
    else
        lw_pg_result_interval(ctx, &r);
}

static void iv_mul_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    iv_scale(ctx, argc, argv, 0);
}

static void iv_div_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    iv_scale(ctx, argc, argv, 1);
}

/* ---- AT TIME ZONE --------------------------------------------------------------------------- */

enum { AT_TZ, AT_TS, AT_TTZ };

/* The zone argument: 0, or -1 after 22023 'time zone "x" not recognized'. */
static int zone_arg(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, pg_zone *z)
{
    size_t n;
    const char *s = value_text(v, &n);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    if (pg_zone_lookup(dt, s, n, z)) {
        lw_pg_error(ctx, "22023", "time zone \"%s\" not recognized", s);
        return -1;
    }
    return 0;
}

/* An interval zone's offset (seconds east): 0, or -1 after 22023 for months or days. */
static int interval_zone_arg(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, int32_t *east)
{
    lw_interval iv;
    if (lw_pg_arg_interval(ctx, dt, v, &iv))
        return -1;
    if (iv.months || iv.days) {
        char buf[LW_INTERVAL_TEXT_MAX];
        lw_interval_format(&iv, dt->style, buf);
        lw_pg_error(ctx, "22023", "interval time zone \"%s\" must not include months or days", buf);
        return -1;
    }
    *east = (int32_t)(iv.usec / LW_USEC_PER_SEC);
    return 0;
}

/* pg_X_at(X, ZONE) and pg_X_at_iv(X, INTERVAL): X AT TIME ZONE zone. */
static void at_zone(sqlite3_context *ctx, sqlite3_value **argv, int which, int interval_zone)
{
    pg_dtctx dt;
    funcs_of(ctx, &dt);
    pg_zone z;
    int32_t east = 0;
    pg_timestamp t, r = 0;
    pg_timetz tt;
    int fail = 0;
    if (which == AT_TTZ  ? lw_pg_arg_timetz(ctx, &dt, argv[0], &tt)
        : which == AT_TS ? lw_pg_arg_timestamp(ctx, &dt, argv[0], &t)
                         : lw_pg_arg_timestamptz(ctx, &dt, argv[0], &t))
        return;
    if (interval_zone ? interval_zone_arg(ctx, &dt, argv[1], &east)
                      : zone_arg(ctx, &dt, argv[1], &z))
        return;
    if (interval_zone) {
        z.fixed = 1;
        z.gmtoff = east;
        z.zone = NULL;
    }
    if (which == AT_TTZ) {
        /* The zone's offset now (a time has no date to decide DST by). */
        int32_t tz = pg_zone_offset_at(&z, dt.now);
        int64_t time = tt.time + ((int64_t)tt.tz - tz) * LW_USEC_PER_SEC;
        time %= LW_USEC_PER_DAY;
        if (time < 0)
            time += LW_USEC_PER_DAY;
        pg_timetz out = {time, tz};
        lw_pg_result_timetz(ctx, &out);
        return;
    }
    if (!PG_TS_FINITE(t)) {
        r = t;
    } else if (which == AT_TZ) {
        /* The wall clock of the instant in the zone: a timestamp. */
        int32_t tz = pg_zone_offset_at(&z, t);
        fail = __builtin_sub_overflow(t, (int64_t)tz * LW_USEC_PER_SEC, &r);
    } else {
        /* The instant of the wall-clock time in the zone: a timestamptz. */
        pg_tm tm;
        if (pg_timestamp2tm(t, NULL, &tm, NULL)) {
            fail = 1;
        } else {
            int32_t tz = pg_zone_local_offset(&dt, &tm, &z);
            fail = pg_tm2timestamp(&tm, &tz, &r);
        }
    }
    if (fail || (PG_TS_FINITE(r) && !PG_VALID_TIMESTAMP(r)))
        lw_pg_error(ctx, "22008", "timestamp out of range");
    else if (which == AT_TZ)
        lw_pg_result_timestamp(ctx, r);
    else
        lw_pg_result_timestamptz(ctx, r);
}

#define AT_FUNC(fn, which, iv)                                                                     \
    static void fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)                           \
    {                                                                                              \
        if (!lw_any_null(argc, argv))                                                              \
            at_zone(ctx, argv, which, iv);                                                         \
    }
AT_FUNC(tz_at_func, AT_TZ, 0)
AT_FUNC(ts_at_func, AT_TS, 0)
AT_FUNC(ttz_at_func, AT_TTZ, 0)
AT_FUNC(tz_at_iv_func, AT_TZ, 1)
AT_FUNC(ts_at_iv_func, AT_TS, 1)
AT_FUNC(ttz_at_iv_func, AT_TTZ, 1)

/* ---- The clock ---------------------------------------------------------------------------------
 */

enum { CLOCK_NOW, CLOCK_STATEMENT, CLOCK_WALL, CLOCK_DATE, CLOCK_LOCAL, CLOCK_TIMETZ, CLOCK_TIME };

static void clock_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, int which)
{
    (void)argc;
    (void)argv;
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    pg_timestamp t = which == CLOCK_WALL ? wall_clock_usec() - PG_UNIX_OFFSET_USEC
                     : which == CLOCK_STATEMENT
                         ? (f->stmt_usec ? f->stmt_usec : wall_clock_usec()) - PG_UNIX_OFFSET_USEC
                         : txn_now(f);
    pg_date d;
    pg_timestamp local;
    pg_timetz tt;
    switch (which) {
    case CLOCK_DATE:
        if (pg_timestamp2date(t, f->zone, &d) == 0)
            lw_pg_result_date(ctx, d);
        break;
    case CLOCK_LOCAL:
        if (pg_tstz_to_local(t, f->zone, &local) == 0)
            lw_pg_result_timestamp(ctx, local);
        break;
    case CLOCK_TIMETZ:
    case CLOCK_TIME:
        if (pg_timestamp2time(t, f->zone, &tt.time, &tt.tz) == 0) {
            if (which == CLOCK_TIME)
                lw_pg_result_time(ctx, tt.time);
            else
                lw_pg_result_timetz(ctx, &tt);
        }
        break;
    default:
        lw_pg_result_timestamptz(ctx, t);
        break;
    }
}

#define CLOCK(fn, which)                                                                           \
    static void fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)                           \
    {                                                                                              \
        clock_func(ctx, argc, argv, which);                                                        \
    }
CLOCK(now_func, CLOCK_NOW)
CLOCK(statement_func, CLOCK_STATEMENT)
CLOCK(wall_func, CLOCK_WALL)
CLOCK(current_date_func, CLOCK_DATE)
CLOCK(localtimestamp_func, CLOCK_LOCAL)
CLOCK(current_time_func, CLOCK_TIMETZ)
CLOCK(localtime_func, CLOCK_TIME)

/* ---- Constructors
 * ----------------------------------------------------------------------------------- */

/* ValidateDate for make_date and make_timestamp: negative years are BC. Returns 0, or
 * -1 after 22008 "date field value out of range". */
static int valid_fields(sqlite3_context *ctx, int64_t y, int64_t m, int64_t d, pg_tm *tm)
{
    int ok = y >= INT32_MIN && y <= INT32_MAX && m >= 1 && m <= 12 && d >= 1 && y != 0;
    int year = (int)(y < 0 ? y + 1 : y); /* -44 is 44 BC, year -43 */
    if (ok && d > lw_days_in_month(year, (int)m))
        ok = 0;
    if (!ok) {
        lw_pg_error(ctx, "22008", "date field value out of range: %lld-%02lld-%02lld", (long long)y,
                    (long long)m, (long long)d);
        return -1;
    }
    if (!pg_valid_julian(year, (int)m, (int)d)) {
        lw_pg_error(ctx, "22008", "date out of range: %lld-%02lld-%02lld", (long long)y,
                    (long long)m, (long long)d);
        return -1;
    }
    memset(tm, 0, sizeof *tm);
    tm->year = year, tm->mon = (int)m, tm->mday = (int)d;
    return 0;
}

/* A time of day from hours, minutes and fractional seconds; -1 after 22008. */
static int valid_time(sqlite3_context *ctx, int64_t h, int64_t m, double s, pg_time *out)
{
    if (h < 0 || h > 24 || m < 0 || m > 59 || !(s >= 0 && s <= 60) ||
        (double)(h * 3600 + m * 60) + s > 86400.0) {
        lw_pg_error(ctx, "22008", "time field value out of range: %lld:%02lld:%02g", (long long)h,
                    (long long)m, s);
        return -1;
    }
    *out = (h * 60 + m) * 60 * LW_USEC_PER_SEC + (int64_t)rint(s * 1000000.0);
    return 0;
}

static void make_date_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_tm tm;
    if (lw_any_null(argc, argv) ||
        valid_fields(ctx, sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]),
                     sqlite3_value_int64(argv[2]), &tm))
        return;
    lw_pg_result_date(ctx, pg_date2j(tm.year, tm.mon, tm.mday) - PG_EPOCH_JDATE);
}

static void make_time_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pg_time t;
    if (lw_any_null(argc, argv) ||
        valid_time(ctx, sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]),
                   sqlite3_value_double(argv[2]), &t))
        return;
    lw_pg_result_time(ctx, t);
}

/* make_timestamp(Y, M, D, H, MI, S) and make_timestamptz(Y, M, D, H, MI, S [, ZONE]). */
static void make_ts(sqlite3_context *ctx, int argc, sqlite3_value **argv, int with_tz)
{
    pg_dtctx dt;
    pg_tm tm;
    pg_time time;
    pg_timestamp t;
    if (lw_any_null(argc, argv))
        return;
    funcs_of(ctx, &dt);
    if (valid_fields(ctx, sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]),
                     sqlite3_value_int64(argv[2]), &tm) ||
        valid_time(ctx, sqlite3_value_int64(argv[3]), sqlite3_value_int64(argv[4]),
                   sqlite3_value_double(argv[5]), &time))
        return;
    pg_time2tm(time, &tm);
    if (pg_tm2timestamp(&tm, NULL, &t)) {
        lw_pg_error(ctx, "22008", "timestamp out of range");
        return;
    }
    if (!with_tz) {
        lw_pg_result_timestamp(ctx, t);
        return;
    }
    int32_t tz;
    if (argc > 6) {
        size_t n;
        const char *s = value_text(argv[6], &n);
        pg_zone z;
        if (s && (s[0] == '+' || s[0] == '-')) {
            /* A numeric offset, east of Greenwich (+05:30). */
            pg_timestamp probe;
            char buf[96];
            snprintf(buf, sizeof buf, "2000-01-01 00:00 %.60s", s);
            pg_timestamp base = 0;
            if (pg_timestamptz_in(&dt, buf, strlen(buf), -1, &probe)) {
                lw_pg_error(ctx, "22023", "invalid input syntax for type numeric time zone: \"%s\"",
                            s);
                return;
            }
            tz = (int32_t)((probe - base) / LW_USEC_PER_SEC);
        } else {
            if (zone_arg(ctx, &dt, argv[6], &z))
                return;
            tz = pg_zone_local_offset(&dt, &tm, &z);
        }
    } else {
        tz = pg_local_offset(&tm, dt.session);
    }
    if (pg_tm2timestamp(&tm, &tz, &t))
        lw_pg_error(ctx, "22008", "timestamp out of range");
    else
        lw_pg_result_timestamptz(ctx, t);
}

static void make_timestamp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    make_ts(ctx, argc, argv, 0);
}

static void make_timestamptz_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    make_ts(ctx, argc, argv, 1);
}

/* isfinite(X) of a date, timestamp or interval. */
static void isfinite_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    if (lw_any_null(argc, argv))
        return;
    const char *s = value_text(argv[0], &n);
    int inf = s && ((n == 8 && !sqlite3_stricmp(s, "infinity")) ||
                    (n == 9 && !sqlite3_stricmp(s, "-infinity")) ||
                    (n == 9 && !sqlite3_stricmp(s, "+infinity")));
    sqlite3_result_int(ctx, !inf);
}

/* ---- The interval collation
 * ------------------------------------------------------------------------ */

int lw_pg_interval_collate(void *unused, int n1, const void *p1, int n2, const void *p2)
{
    (void)unused;
    lw_interval a, b;
    int ra = lw_interval_read(p1, (size_t)n1, &a) == 0 ||
             pg_interval_in(NULL, p1, (size_t)n1, -1, &a) == PG_DT_OK;
    int rb = lw_interval_read(p2, (size_t)n2, &b) == 0 ||
             pg_interval_in(NULL, p2, (size_t)n2, -1, &b) == PG_DT_OK;
    if (ra && rb)
        return lw_interval_cmp(&a, &b);
    if (ra != rb)
        return ra ? -1 : 1; /* intervals before text that is none */
    int c = memcmp(p1, p2, (size_t)(n1 < n2 ? n1 : n2));
    return c ? c : (n1 > n2) - (n1 < n2);
}

int lw_pg_timetz_collate(void *funcs, int n1, const void *p1, int n2, const void *p2)
{
    pg_timetz a, b;
    pg_dtctx dt;
    lw_pg_dtctx(funcs, &dt);
    int ra = pg_read_timetz(&dt, p1, (size_t)n1, &a) == PG_DT_OK;
    int rb = pg_read_timetz(&dt, p2, (size_t)n2, &b) == PG_DT_OK;
    if (ra && rb) {
        int64_t ua = a.time + (int64_t)a.tz * LW_USEC_PER_SEC;
        int64_t ub = b.time + (int64_t)b.tz * LW_USEC_PER_SEC;
        if (ua != ub)
            return ua < ub ? -1 : 1;
        return (a.tz > b.tz) - (a.tz < b.tz);
    }
    if (ra != rb)
        return ra ? -1 : 1;
    int c = memcmp(p1, p2, (size_t)(n1 < n2 ? n1 : n2));
    return c ? c : (n1 > n2) - (n1 < n2);
}

/* Stateful (user data: the lw_pg_funcs), deterministic within a statement. */
#define S(name, n, fn) F(name, n, LW_PURE, fn, 0, 1)
#define SV(name, n, fn) F(name, n, VOLATILE, fn, 0, 1)

const lw_pg_function_def lw_pg_datetime_functions[] = {
    S("pg_tz_to_date", 1, tz_to_date_func),
    S("pg_tz_to_ts", 1, tz_to_ts_func),
    S("pg_tz_to_time", 1, tz_to_time_func),
    S("pg_tz_to_timetz", 1, tz_to_timetz_func),
    S("pg_tz_text", 1, tz_text_func),
    S("pg_ts_to_tz", 1, ts_to_tz_func),
    S("pg_d_to_tz", 1, d_to_tz_func),
    S("pg_iv_text", 1, iv_text_func),
    S("pg_iv_to_time", 1, iv_to_time_func),
    S("pg_date_add", 3, date_add_func),
    S("pg_date_diff", 2, date_diff_func),
    S("pg_d_add_iv", 3, d_add_iv_func),
    S("pg_ts_add_iv", 3, ts_add_iv_func),
    S("pg_tz_add_iv", 3, tz_add_iv_func),
    S("pg_t_add_iv", 3, t_add_iv_func),
    S("pg_ttz_add_iv", 3, ttz_add_iv_func),
    S("pg_d_add_t", 2, d_add_t_func),
    S("pg_d_add_ttz", 2, d_add_ttz_func),
    S("pg_ts_diff", 2, ts_diff_func),
    S("pg_tz_diff", 2, tz_diff_func),
    S("pg_t_diff", 2, t_diff_func),
    S("pg_iv_add", 3, iv_add_func),
    S("pg_iv_neg", 1, iv_neg_func),
    S("pg_iv_mul", 2, iv_mul_func),
    S("pg_iv_div", 2, iv_div_func),
    S("pg_tz_at", 2, tz_at_func),
    S("pg_ts_at", 2, ts_at_func),
    S("pg_ttz_at", 2, ttz_at_func),
    S("pg_tz_at_iv", 2, tz_at_iv_func),
    S("pg_ts_at_iv", 2, ts_at_iv_func),
    S("pg_ttz_at_iv", 2, ttz_at_iv_func),
    SV("now", 0, now_func),
    SV("transaction_timestamp", 0, now_func),
    SV("statement_timestamp", 0, statement_func),
    SV("clock_timestamp", 0, wall_func),
    SV("pg_current_date", 0, current_date_func),
    SV("pg_localtimestamp", 0, localtimestamp_func),
    SV("pg_current_time", 0, current_time_func),
    SV("pg_localtime", 0, localtime_func),
    F("make_date", 3, LW_PURE, make_date_func, 0, 0),
    F("make_time", 3, LW_PURE, make_time_func, 0, 0),
    S("make_timestamp", 6, make_timestamp_func),
    S("make_timestamptz", 6, make_timestamptz_func),
    S("make_timestamptz", 7, make_timestamptz_func),
    F("isfinite", 1, LW_PURE, isfinite_func, 0, 0),
    LW_PG_END_OF_FUNCTIONS,
};
