/*
 * The postgresql dialect's date and time functions (registered by runtime.c). TS is
 * ISO text ('2024-05-17 13:45:12[.ffffff][+00]'), as the dialect stores timestamps.
 * NULL in gives NULL out.
 *
 *   date_trunc(UNIT, TS), date_part(FIELD, TS), pg_extract(FIELD, TS), to_char(TS, FMT),
 *   pg_ts_add(TS, INTERVAL, SIGN)   ts + INTERVAL '1 day' (months, days, then time);
 *                             to_char of a number is refused (0A000)
 *   now(), transaction_timestamp(), current_timestamp(): the transaction's start with
 *   microseconds, as timestamptz text ('2024-05-17 13:45:12.123456+00'); in autocommit
 *   mode the statement's. statement_timestamp(), clock_timestamp(): the call's time.
 *   pg_current_date(), pg_localtimestamp(): the same instant as date / timestamp.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dialect/postgresql/runtime_int.h"

int lw_pg_ts_arg(sqlite3_context *ctx, sqlite3_value **argv, int i, lw_pg_ts *ts)
{
    size_t n;
    const char *s = lw_pg_arg_text(argv, i, &n);
    int rc = s ? lw_pg_ts_parse(s, n, ts) : -1;
    if (rc == -1)
        lw_pg_error(ctx, "22007", "invalid input syntax for type timestamp: \"%s\"", s ? s : "");
    else if (rc == -2)
        lw_pg_error(ctx, "22008", "date/time field value out of range: \"%s\"", s);
    return rc;
}

void lw_pg_result_ts(sqlite3_context *ctx, const lw_pg_ts *ts)
{
    char buf[64];
    int n = lw_pg_ts_format(ts, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

static void date_trunc_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts;
    size_t un;
    if (lw_any_null(argc, argv) || lw_pg_ts_arg(ctx, argv, 1, &ts))
        return;
    const char *unit = lw_pg_arg_text(argv, 0, &un);
    if (lw_pg_date_trunc(unit, un, &ts) != 0) {
        lw_pg_error(ctx, "22023", "unit \"%s\" not recognized for type timestamp without time zone",
                    unit);
        return;
    }
    lw_pg_result_ts(ctx, &ts);
}

static void extract_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts;
    size_t fn;
    char buf[64];
    int is_integer;
    if (lw_any_null(argc, argv) || lw_pg_ts_arg(ctx, argv, 1, &ts))
        return;
    const char *field = lw_pg_arg_text(argv, 0, &fn);
    int rc = lw_pg_extract(field, fn, &ts, buf, sizeof buf, &is_integer);
    if (rc == -1) {
        lw_pg_error(ctx, "22023", "unit \"%s\" not recognized for type %s", field,
                    ts.has_time ? "timestamp without time zone" : "date");
        return;
    }
    if (rc == -2) {
        lw_pg_error(ctx, "0A000", "unit \"%s\" not supported for type date", field);
        return;
    }
    if (is_integer)
        sqlite3_result_int64(ctx, strtoll(buf, NULL, 10));
    else
        sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* pg_ts_add(TS, INTERVAL, SIGN): the rewriter's form of ts + INTERVAL '...' and
 * ts - INTERVAL '...'. */
static void ts_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts;
    size_t n;
    if (lw_any_null(argc, argv) || lw_pg_ts_arg(ctx, argv, 0, &ts))
        return;
    const char *iv = lw_pg_arg_text(argv, 1, &n);
    int rc = lw_pg_ts_add_interval(&ts, iv, n, sqlite3_value_int(argv[2]) < 0 ? -1 : 1);
    if (rc == -1)
        lw_pg_error(ctx, "22007", "invalid input syntax for type interval: \"%s\"", iv);
    else if (rc == -2)
        lw_pg_error(ctx, "22008", "timestamp out of range");
    else
        lw_pg_result_ts(ctx, &ts);
}

static void to_char_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts;
    size_t fn, out_n;
    if (lw_any_null(argc, argv))
        return;
    int t = sqlite3_value_type(argv[0]);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        lw_pg_error(ctx, "0A000",
                    "to_char() of a number is not supported by the postgresql "
                    "dialect: format it with printf()");
        return;
    }
    if (lw_pg_ts_arg(ctx, argv, 0, &ts))
        return;
    const char *fmt = lw_pg_arg_text(argv, 1, &fn);
    char *out = lw_pg_to_char(&ts, fmt, fn, &out_n);
    lw_pg_result_text(ctx, out, out_n);
}

static int64_t wall_clock_usec(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

/* The instant now() means: the transaction's first call, or the call's time outside a
 * transaction. The cache is dropped whenever a call sees autocommit mode, and by
 * lw_pg_funcs_txn_reset() when the dialect sees a transaction end. */
static int64_t txn_usec(sqlite3_context *ctx)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    if (sqlite3_get_autocommit(sqlite3_context_db_handle(ctx))) {
        f->txn_valid = 0;
        return wall_clock_usec();
    }
    if (!f->txn_valid) {
        f->txn_usec = wall_clock_usec();
        f->txn_valid = 1;
    }
    return f->txn_usec;
}

/* user data of the time functions: which instant and how it prints. */
enum { TIME_TXN_TZ, TIME_CLOCK_TZ, TIME_TXN_DATE, TIME_TXN_LOCAL };

static void time_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, int which)
{
    (void)argc;
    (void)argv;
    lw_pg_ts ts;
    lw_pg_ts_from_unix_usec(which == TIME_CLOCK_TZ ? wall_clock_usec() : txn_usec(ctx), &ts);
    if (which == TIME_TXN_DATE)
        ts.has_time = 0;
    if (which == TIME_TXN_LOCAL)
        ts.has_tz = 0;
    lw_pg_result_ts(ctx, &ts);
}

static void now_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    time_func(ctx, argc, argv, TIME_TXN_TZ);
}

static void clock_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    time_func(ctx, argc, argv, TIME_CLOCK_TZ);
}

static void current_date_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    time_func(ctx, argc, argv, TIME_TXN_DATE);
}

static void localtimestamp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    time_func(ctx, argc, argv, TIME_TXN_LOCAL);
}

const lw_pg_function_def lw_pg_datetime_functions[] = {
    F("date_trunc", 2, LW_PURE, date_trunc_func, 0, 0),
    F("date_part", 2, LW_PURE, extract_func, 0, 0),
    F("pg_extract", 2, LW_PURE, extract_func, 0, 0),
    F("to_char", 2, LW_PURE, to_char_func, 0, 0),
    F("pg_ts_add", 3, LW_PURE, ts_add_func, 0, 0),
    F("clock_timestamp", 0, VOLATILE, clock_func, 0, 0),
    F("statement_timestamp", 0, VOLATILE, clock_func, 0, 0),
    F("now", 0, VOLATILE, now_func, 0, 1),
    F("transaction_timestamp", 0, VOLATILE, now_func, 0, 1),
    F("pg_current_date", 0, VOLATILE, current_date_func, 0, 1),
    F("pg_localtimestamp", 0, VOLATILE, localtimestamp_func, 0, 1),
    LW_PG_END_OF_FUNCTIONS,
};
