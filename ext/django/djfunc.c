/*
 * Django 3.2's SQLite date and time functions in C (djfunc.h).
 *
 * Each function follows its Python original (django/db/backends/sqlite3/base.py)
 * statement by statement, because Python's control flow decides the result on odd
 * input: a ValueError or TypeError inside typecast_timestamp gives None (NULL), an
 * IndexError there propagates (an error), `if not s` makes '' and 0 None, a date
 * string has no .hour, getattr(dt, lookup) answers any attribute name. Where the
 * Python raises, these return an error that names the function's argument and value.
 *
 * Known and intended differences (tests/differential/django lists them too):
 *   - getattr(dt, lookup) returns the docstring for '__doc__' and the module name
 *     for '__module__'; these are an unknown lookup type here.
 *   - _sqlite_datetime_parse with TZ but a falsy CONN_TZ and an empty datetime calls
 *     timezone.localtime(None), which is now() when Django is configured (so the
 *     answer changes every second); here it is an error, as the Python is whenever
 *     the datetime is not empty.
 */
#include "django/djfunc.h"
#include "django/pytext.h"

#include "common/lw_sqlite.h"

#include <stdio.h>
#include <string.h>

const lw_dj_tzplan lw_dj_no_tz = {0, NULL, 0, 0, NULL, NULL, 0};

/* bool(v) in Python. */
static int truthy(const lw_pv *v)
{
    switch (v->kind) {
    case LW_PV_INT:
        return v->i != 0;
    case LW_PV_FLOAT:
        return v->f != 0;
    case LW_PV_STR:
    case LW_PV_BYTES:
        return v->n > 0;
    default:
        return 0;
    }
}

/* a == b in Python (int and float compare as numbers, exactly). */
static int py_equal(const lw_pv *a, const lw_pv *b)
{
    if (a->kind == LW_PV_INT && b->kind == LW_PV_FLOAT)
        return b->f >= -9223372036854775808.0 && b->f < 9223372036854775808.0 &&
               (double)(int64_t)b->f == b->f && (int64_t)b->f == a->i;
    if (a->kind == LW_PV_FLOAT && b->kind == LW_PV_INT)
        return py_equal(b, a);
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case LW_PV_NONE:
        return 1;
    case LW_PV_INT:
        return a->i == b->i;
    case LW_PV_FLOAT:
        return a->f == b->f;
    default:
        return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
    }
}

static int text_is(const lw_pv *v, const char *word)
{
    size_t n = strlen(word);
    return v->kind == LW_PV_STR && v->n == n && memcmp(v->s, word, n) == 0;
}

/* Sets an error whose message ends with the description of v. */
static void error_with(lw_pr *r, const char *what, const lw_pv *v, const char *tail)
{
    char *d = lw_pv_describe(v);
    if (!d) {
        lw_pr_error(r, NULL);
        return;
    }
    lw_pr_error(r, "%s%s%s", what, d, tail ? tail : "");
    sqlite3_free(d);
}

/* ---- time zone plans ------------------------------------------------------------ */

static char *zone_error(lw_tz_rc rc, const char *name, size_t n, int arg, int *nomem)
{
    if (rc == LW_TZ_NOMEM) {
        *nomem = 1;
        return NULL;
    }
    lw_pv v = {LW_PV_STR, 0, 0, name, n, 0};
    char *d = lw_pv_describe(&v);
    char *msg = rc == LW_TZ_UNKNOWN
                    ? sqlite3_mprintf("unknown time zone %s in argument %d", d ? d : "", arg)
                    : sqlite3_mprintf("time zone %s in argument %d: its file in %s is not a "
                                      "zone file pytz can read",
                                      d ? d : "", arg, LW_DJANGO_ZONEINFO);
    sqlite3_free(d);
    if (!msg)
        *nomem = 1;
    return msg;
}

static void plan_fail(lw_dj_tzplan *plan, const lw_pv *v, int arg, const char *why)
{
    char *d = lw_pv_describe(v);
    plan->error = d ? sqlite3_mprintf("time zone %s in argument %d: %s", d, arg, why) : NULL;
    if (!plan->error)
        plan->nomem = 1;
    sqlite3_free(d);
}

/* The suffix part of _sqlite_datetime_parse: sign, name and offset of TZ. */
static void plan_convert(lw_tz_cache *cache, const lw_pv *tz, int arg, lw_dj_tzplan *plan)
{
    const char *name = tz->s;
    size_t name_n = tz->n;
    int64_t index = lw_py_find(tz->s, tz->n, '+') + lw_py_find(tz->s, tz->n, '-') + 1;
    if (index > -1) {
        size_t length = lw_py_len(tz->s, tz->n);
        if ((size_t)index >= length) {
            plan_fail(plan, tz, arg, "Django looks for the sign of an offset past its end");
            return;
        }
        size_t at = lw_py_offset(tz->s, tz->n, (size_t)index), after = at;
        lw_py_next(tz->s, &after);
        const char *sign = tz->s + at;
        size_t sign_n = after - at, start[2], len[2];
        if (lw_py_split(tz->s, tz->n, sign, sign_n, 2, start, len) != 2) {
            plan_fail(plan, tz, arg, "Django splits it at its sign into more than two parts");
            return;
        }
        name = tz->s + start[0];
        name_n = len[0];
        const char *offset = tz->s + start[1];
        if (len[1] > 0) {
            size_t os[2], ol[2];
            int64_t hours, minutes;
            if (lw_py_split(offset, len[1], ":", 1, 2, os, ol) != 2) {
                plan_fail(plan, tz, arg, "the offset after the sign must be hours:minutes");
                return;
            }
            lw_py_int_rc h = lw_py_int(offset + os[0], ol[0], &hours);
            lw_py_int_rc m = lw_py_int(offset + os[1], ol[1], &minutes);
            if (h == LW_PY_INT_INVALID || m == LW_PY_INT_INVALID) {
                plan_fail(plan, tz, arg, "the hours and minutes of its offset must be integers");
                return;
            }
            /* Anything near these bounds moves every datetime out of years 1-9999,
             * which Python reports as OverflowError once it adds the offset. */
            if (h == LW_PY_INT_BIG || m == LW_PY_INT_BIG || hours > INT64_C(100000000) ||
                hours < -INT64_C(100000000) || minutes > INT64_C(10000000000) ||
                minutes < -INT64_C(10000000000)) {
                plan_fail(plan, tz, arg, "its offset moves every date out of years 1 to 9999");
                return;
            }
            int64_t us = (hours * 3600 + minutes * 60) * 1000000;
            plan->shift_us = sign_n == 1 && sign[0] == '+' ? us : -us;
        }
    }
    lw_tz_rc rc = lw_tz_cache_get(cache, name, name_n, &plan->zone);
    if (rc != LW_TZ_OK)
        plan->error = zone_error(rc, name, name_n, arg, &plan->nomem);
}

void lw_dj_tzplan_build(lw_tz_cache *cache, const lw_pv *tz, const lw_pv *conn_tz, int tz_arg,
                        lw_dj_tzplan *plan)
{
    memset(plan, 0, sizeof *plan);
    if (truthy(conn_tz)) {
        plan->replace = 1;
        if (conn_tz->kind != LW_PV_STR) {
            plan_fail(plan, conn_tz, tz_arg + 1, "a time zone name must be text");
            return;
        }
        lw_tz_rc rc = lw_tz_cache_get(cache, conn_tz->s, conn_tz->n, &plan->conn_zone);
        if (rc != LW_TZ_OK) {
            plan->error = zone_error(rc, conn_tz->s, conn_tz->n, tz_arg + 1, &plan->nomem);
            return;
        }
    }
    if (tz->kind == LW_PV_NONE || py_equal(tz, conn_tz))
        return;
    plan->convert = 1;
    if (tz->kind != LW_PV_STR) {
        plan_fail(plan, tz, tz_arg, "a time zone name must be text");
        return;
    }
    plan_convert(cache, tz, tz_arg, plan);
    if (!plan->error && !plan->nomem && !plan->replace) {
        char *d = lw_pv_describe(tz);
        plan->error = d ? sqlite3_mprintf("time zone %s in argument %d needs the connection's "
                                          "time zone in argument %d: Django converts only "
                                          "datetimes that have one",
                                          d, tz_arg, tz_arg + 1)
                        : NULL;
        plan->nomem = !plan->error;
        sqlite3_free(d);
    }
}

void lw_dj_tzplan_clear(lw_dj_tzplan *plan)
{
    sqlite3_free(plan->error);
    memset(plan, 0, sizeof *plan);
}

/* ---- _sqlite_datetime_parse ------------------------------------------------------- */

/* typecast_timestamp(v) for any kind of value. */
static lw_pyexc typecast_timestamp(const lw_pv *v, lw_dt *out, const char **why)
{
    memset(out, 0, sizeof *out);
    *why = "";
    switch (v->kind) {
    case LW_PV_STR:
        return lw_dt_typecast_timestamp(v->s, v->n, out, why);
    case LW_PV_NONE:
        return LW_PY_OK;
    default:
        /* `if not s: return None`, then `' ' not in s` fails for numbers and bytes. */
        if (!truthy(v))
            return LW_PY_OK;
        *why = "it is not text";
        return LW_PY_TYPE_ERROR;
    }
}

/* typecast_time(v) for any kind of value: numbers have no split (AttributeError), and
 * bytes.split(':') is a TypeError. */
static lw_pyexc typecast_time(const lw_pv *v, lw_dt *out, const char **why)
{
    memset(out, 0, sizeof *out);
    *why = "";
    if (v->kind == LW_PV_STR)
        return lw_dt_typecast_time(v->s, v->n, out, why);
    if (!truthy(v))
        return LW_PY_OK;
    *why = "it is not text";
    return v->kind == LW_PV_BYTES ? LW_PY_TYPE_ERROR : LW_PY_ATTRIBUTE_ERROR;
}

static void parse_error(lw_pr *r, const lw_pv *v, int arg, const char *what, const char *why)
{
    char *d = lw_pv_describe(v);
    if (d)
        lw_pr_error(r, "%s %s in argument %d: %s", what, d, arg, why);
    else
        lw_pr_error(r, NULL);
    sqlite3_free(d);
}

/* Returns 1 with a date or datetime in *out, 0 for None, -1 after setting an error. */
static int datetime_parse(const lw_pv *v, int arg, const lw_dj_tzplan *plan, lw_dt *out, lw_pr *r)
{
    if (v->kind == LW_PV_NONE)
        return 0;
    const char *why;
    lw_pyexc exc = typecast_timestamp(v, out, &why);
    if (exc == LW_PY_VALUE_ERROR || exc == LW_PY_TYPE_ERROR)
        return 0;
    if (exc != LW_PY_OK) {
        parse_error(r, v, arg, "invalid datetime", why);
        return -1;
    }
    if (plan->nomem) {
        lw_pr_error(r, NULL);
        return -1;
    }
    if (plan->error) {
        lw_pr_error(r, "%s", plan->error);
        return -1;
    }
    if (plan->replace) {
        if (out->kind != LW_DT_DATETIME) {
            parse_error(r, v, arg, "cannot give a time zone to",
                        out->kind == LW_DT_DATE ? "a date has no time" : "it is empty");
            return -1;
        }
        out->tz = plan->conn_zone;
    }
    if (plan->convert) {
        if (lw_dt_add(out, plan->shift_us, 0) != LW_PY_OK)
            goto overflow;
        if (plan->zone != plan->conn_zone) {
            /* astimezone: to UTC with the offset replace() gave, then zone.fromutc. */
            int64_t utc =
                lw_dt_ticks(out) - (int64_t)lw_tz_replace_offset(plan->conn_zone) * 1000000;
            if (utc < 0 || utc >= LW_DT_TICKS_END)
                goto overflow;
            int64_t local = utc + (int64_t)lw_tz_fromutc_offset(plan->zone, utc) * 1000000;
            if (local < 0 || local >= LW_DT_TICKS_END)
                goto overflow;
            lw_dt_from_ticks(local, out);
            out->tz = plan->zone;
        }
    }
    return out->kind == LW_DT_NONE ? 0 : 1;
overflow:
    parse_error(r, v, arg, "cannot convert", "the time zone moves it out of years 1 to 9999");
    return -1;
}

/* ---- the functions ----------------------------------------------------------------- */

static void result_int(lw_pr *r, int64_t v)
{
    r->kind = LW_PR_INT;
    r->i = v;
}

static void result_buf(lw_pr *r, int n)
{
    r->kind = LW_PR_TEXT;
    r->s = NULL;
    r->n = (size_t)n;
}

/* getattr(x, lookup) failed: AttributeError (or TypeError for a name that is not
 * text). what names x: "a date", "a datetime", "a time", "None". */
static void attribute_error(lw_pr *r, const lw_pv *lookup, const char *what)
{
    char *d = lw_pv_describe(lookup);
    if (!d)
        lw_pr_error(r, NULL);
    else if (lookup->kind != LW_PV_STR)
        lw_pr_error(r, "lookup type in argument 1 must be text, got %s", d);
    else
        lw_pr_error(r, "unknown lookup type %s in argument 1 for %s", d, what);
    sqlite3_free(d);
}

/* getattr(dt, lookup) for the int attributes of date, datetime and time, and tzinfo.
 * Returns 1 with *r set, 0 when the attribute does not exist (or is not an int). */
static int int_attribute(const lw_dt *dt, const lw_pv *lookup, lw_pr *r)
{
    int has_date = dt->kind == LW_DT_DATE || dt->kind == LW_DT_DATETIME;
    int has_time = dt->kind == LW_DT_DATETIME || dt->kind == LW_DT_TIME;
    if (has_date && text_is(lookup, "year"))
        result_int(r, dt->year);
    else if (has_date && text_is(lookup, "month"))
        result_int(r, dt->month);
    else if (has_date && text_is(lookup, "day"))
        result_int(r, dt->day);
    else if (has_time && text_is(lookup, "hour"))
        result_int(r, dt->hour);
    else if (has_time && text_is(lookup, "minute"))
        result_int(r, dt->minute);
    else if (has_time && text_is(lookup, "second"))
        result_int(r, dt->second);
    else if (has_time && text_is(lookup, "microsecond"))
        result_int(r, dt->usec);
    else if (has_time && text_is(lookup, "fold"))
        result_int(r, 0); /* parsed and pytz-converted datetimes have fold 0 */
    else if (has_time && text_is(lookup, "tzinfo") && !dt->tz)
        r->kind = LW_PR_NULL;
    else if (has_time && text_is(lookup, "tzinfo"))
        lw_pr_error(r, "lookup type 'tzinfo' in argument 1 gives a time zone object, which "
                       "SQLite cannot hold");
    else
        return 0;
    return 1;
}

static const char *kind_name(const lw_dt *dt)
{
    switch (dt->kind) {
    case LW_DT_DATE:
        return "a date";
    case LW_DT_DATETIME:
        return "a datetime";
    case LW_DT_TIME:
        return "a time";
    default:
        return "None (an empty value)";
    }
}

void lw_dj_datetime_extract(const lw_pv *lookup, const lw_pv *v, int dt_arg,
                            const lw_dj_tzplan *plan, lw_pr *r)
{
    lw_dt dt;
    if (datetime_parse(v, dt_arg, plan, &dt, r) <= 0)
        return;
    int year, week, weekday;
    if (text_is(lookup, "week_day") || text_is(lookup, "iso_week_day")) {
        weekday = lw_dt_weekday(&dt) + 1; /* isoweekday() */
        result_int(r, text_is(lookup, "week_day") ? weekday % 7 + 1 : weekday);
    } else if (text_is(lookup, "week") || text_is(lookup, "iso_year")) {
        lw_dt_isocalendar(&dt, &year, &week, &weekday);
        result_int(r, text_is(lookup, "week") ? week : year);
    } else if (text_is(lookup, "quarter")) {
        result_int(r, (dt.month + 2) / 3); /* math.ceil(month / 3) */
    } else if (!int_attribute(&dt, lookup, r)) {
        attribute_error(r, lookup, kind_name(&dt));
    }
}

/* Writes the truncation of a date or datetime; returns 1, or 0 for an unknown
 * lookup type (Python falls off the end: None), or -1 after an error. with_time
 * selects _sqlite_datetime_trunc's forms (a time part) over _sqlite_date_trunc's. */
static int truncate(const lw_pv *lookup, lw_dt *dt, int with_time, lw_pr *r)
{
    const char *zero = with_time ? " 00:00:00" : "";
    int n;
    if (text_is(lookup, "year")) {
        n = sprintf(r->buf, "%d-01-01%s", dt->year, zero);
    } else if (text_is(lookup, "quarter")) {
        n = sprintf(r->buf, "%d-%02d-01%s", dt->year, dt->month - (dt->month - 1) % 3, zero);
    } else if (text_is(lookup, "month")) {
        n = sprintf(r->buf, "%d-%02d-01%s", dt->year, dt->month, zero);
    } else if (text_is(lookup, "week") || text_is(lookup, "day")) {
        if (text_is(lookup, "week") &&
            lw_dt_add(dt, (int64_t)lw_dt_weekday(dt) * LW_DT_US_PER_DAY, 1) != LW_PY_OK) {
            lw_pr_error(r, "the week's Monday is before year 1");
            return -1;
        }
        n = sprintf(r->buf, "%d-%02d-%02d%s", dt->year, dt->month, dt->day, zero);
    } else if (with_time && (text_is(lookup, "hour") || text_is(lookup, "minute") ||
                             text_is(lookup, "second"))) {
        if (dt->kind != LW_DT_DATETIME) {
            attribute_error(r, lookup, kind_name(dt));
            return -1;
        }
        int minute = text_is(lookup, "hour") ? 0 : dt->minute;
        int second = text_is(lookup, "second") ? dt->second : 0;
        n = sprintf(r->buf, "%d-%02d-%02d %02d:%02d:%02d", dt->year, dt->month, dt->day, dt->hour,
                    minute, second);
    } else {
        return 0;
    }
    result_buf(r, n);
    return 1;
}

void lw_dj_date_trunc(const lw_pv *lookup, const lw_pv *v, const lw_dj_tzplan *plan, lw_pr *r)
{
    lw_dt dt;
    if (datetime_parse(v, 2, plan, &dt, r) > 0)
        truncate(lookup, &dt, 0, r);
}

void lw_dj_datetime_trunc(const lw_pv *lookup, const lw_pv *v, const lw_dj_tzplan *plan, lw_pr *r)
{
    lw_dt dt;
    if (datetime_parse(v, 2, plan, &dt, r) > 0)
        truncate(lookup, &dt, 1, r);
}

void lw_dj_time_trunc(const lw_pv *lookup, const lw_pv *v, const lw_dj_tzplan *plan, lw_pr *r)
{
    if (v->kind == LW_PV_NONE)
        return;
    lw_dt dt;
    int rc = datetime_parse(v, 2, plan, &dt, r);
    if (rc < 0)
        return;
    if (rc == 0) {
        const char *why;
        lw_pyexc exc = typecast_time(v, &dt, &why);
        if (exc == LW_PY_VALUE_ERROR || exc == LW_PY_TYPE_ERROR)
            return;
        if (exc != LW_PY_OK) {
            parse_error(r, v, 2, "invalid time", why);
            return;
        }
    }
    int hour = text_is(lookup, "hour"), minute = text_is(lookup, "minute");
    if (!hour && !minute && !text_is(lookup, "second"))
        return;
    if (dt.kind != LW_DT_DATETIME && dt.kind != LW_DT_TIME) {
        attribute_error(r, lookup, kind_name(&dt));
        return;
    }
    result_buf(r, sprintf(r->buf, "%02d:%02d:%02d", dt.hour, hour ? 0 : dt.minute,
                          hour || minute ? 0 : dt.second));
}

void lw_dj_datetime_cast_date(const lw_pv *v, const lw_dj_tzplan *plan, lw_pr *r)
{
    lw_dt dt;
    if (datetime_parse(v, 1, plan, &dt, r) <= 0)
        return;
    if (dt.kind != LW_DT_DATETIME) {
        parse_error(r, v, 1, "cannot take the date of", "it is a date, not a datetime");
        return;
    }
    dt.kind = LW_DT_DATE;
    result_buf(r, lw_dt_str(&dt, r->buf));
}

void lw_dj_datetime_cast_time(const lw_pv *v, const lw_dj_tzplan *plan, lw_pr *r)
{
    lw_dt dt;
    if (datetime_parse(v, 1, plan, &dt, r) <= 0)
        return;
    if (dt.kind != LW_DT_DATETIME) {
        parse_error(r, v, 1, "cannot take the time of", "it is a date, not a datetime");
        return;
    }
    result_buf(r, lw_dt_time_iso(&dt, r->buf));
}

void lw_dj_time_extract(const lw_pv *lookup, const lw_pv *v, lw_pr *r)
{
    if (v->kind == LW_PV_NONE)
        return;
    lw_dt t;
    const char *why;
    lw_pyexc exc = typecast_time(v, &t, &why);
    if (exc == LW_PY_VALUE_ERROR || exc == LW_PY_TYPE_ERROR)
        return;
    if (exc != LW_PY_OK) {
        parse_error(r, v, 2, "invalid time", why);
        return;
    }
    if (!int_attribute(&t, lookup, r))
        attribute_error(r, lookup, kind_name(&t));
}

static int64_t time_us(const lw_dt *t)
{
    return ((int64_t)t->hour * 3600 + t->minute * 60 + t->second) * 1000000 + t->usec;
}

void lw_dj_time_diff(const lw_pv *a, const lw_pv *b, lw_pr *r)
{
    if (a->kind == LW_PV_NONE || b->kind == LW_PV_NONE)
        return;
    lw_dt left, right;
    const char *why;
    /* No try: every failure propagates, an empty time included (None has no .hour). */
    if (typecast_time(a, &left, &why) != LW_PY_OK || left.kind == LW_DT_NONE) {
        parse_error(r, a, 1, "invalid time",
                    left.kind == LW_DT_NONE && !*why ? "it is empty" : why);
        return;
    }
    if (typecast_time(b, &right, &why) != LW_PY_OK || right.kind == LW_DT_NONE) {
        parse_error(r, b, 2, "invalid time",
                    right.kind == LW_DT_NONE && !*why ? "it is empty" : why);
        return;
    }
    result_int(r, time_us(&left) - time_us(&right));
}

/* typecast_timestamp for the functions that do not catch its exceptions. */
static int timestamp_or_error(const lw_pv *v, int arg, lw_dt *out, lw_pr *r)
{
    const char *why;
    if (typecast_timestamp(v, out, &why) != LW_PY_OK) {
        parse_error(r, v, arg, "invalid datetime", why);
        return 0;
    }
    return 1;
}

void lw_dj_timestamp_diff(const lw_pv *a, const lw_pv *b, lw_pr *r)
{
    if (a->kind == LW_PV_NONE || b->kind == LW_PV_NONE)
        return;
    lw_dt left, right;
    if (!timestamp_or_error(a, 1, &left, r) || !timestamp_or_error(b, 2, &right, r))
        return;
    if (left.kind == LW_DT_NONE || right.kind == LW_DT_NONE || left.kind != right.kind) {
        lw_pr_error(r, "cannot subtract %s in argument 2 from %s in argument 1", kind_name(&right),
                    kind_name(&left));
        return;
    }
    result_int(r, lw_dt_ticks(&left) - lw_dt_ticks(&right));
}

/* str() of a timedelta of us microseconds (any 128-bit value two int64 can make). */
static int delta_str(__int128 us, char *buf)
{
    __int128 day = LW_DT_US_PER_DAY;
    __int128 days = us / day - (us % day < 0);
    lw_dt d = {LW_DT_DELTA, 0, 0, 0, 0, 0, 0, 0, 0, NULL};
    /* Days fit an int64 (at most 2^64 microseconds), the rest is under a day. */
    int n = 0;
    if (days)
        n = sprintf(buf, "%lld day%s, ", (long long)days, days == 1 || days == -1 ? "" : "s");
    d.delta_us = (int64_t)(us - days * day);
    return n + lw_dt_str(&d, buf + n);
}

void lw_dj_format_dtdelta(const lw_pv *op, const lw_pv *a, const lw_pv *b, lw_pr *r)
{
    if (op->kind == LW_PV_NONE || a->kind == LW_PV_NONE || b->kind == LW_PV_NONE)
        return;
    lw_dt x[2];
    const lw_pv *side[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        if (side[k]->kind == LW_PV_INT) {
            memset(&x[k], 0, sizeof x[k]);
            x[k].kind = LW_DT_DELTA;
            x[k].delta_us = side[k]->i;
            continue;
        }
        const char *why;
        lw_pyexc exc = typecast_timestamp(side[k], &x[k], &why);
        if (exc == LW_PY_VALUE_ERROR || exc == LW_PY_TYPE_ERROR)
            return; /* caught: None */
        if (exc != LW_PY_OK) {
            parse_error(r, side[k], k + 2, "invalid datetime", why);
            return;
        }
    }
    int plus = 0;
    if (op->kind == LW_PV_STR) {
        /* conn.strip() == '+' */
        size_t i = 0, first = op->n, last = 0;
        while (i < op->n) {
            size_t at = i;
            if (!lw_py_isspace(lw_py_next(op->s, &i))) {
                if (first == op->n)
                    first = at;
                last = i;
            }
        }
        plus = first < op->n && last - first == 1 && op->s[first] == '+';
    } else if (op->kind != LW_PV_BYTES) { /* bytes.strip() is never the str '+' */
        error_with(r, "operator in argument 1 must be text, got ", op, NULL);
        return;
    }
    lw_dt_kind ka = x[0].kind, kb = x[1].kind;
    lw_dt out = x[0];
    __int128 delta = 0;
    int is_delta = 0;
    if (ka == LW_DT_DELTA && kb == LW_DT_DELTA) {
        delta = plus ? (__int128)x[0].delta_us + x[1].delta_us
                     : (__int128)x[0].delta_us - x[1].delta_us;
        is_delta = 1;
    } else if ((ka == LW_DT_DATE || ka == LW_DT_DATETIME) && kb == LW_DT_DELTA) {
        if (lw_dt_add(&out, x[1].delta_us, !plus) != LW_PY_OK)
            goto overflow;
    } else if (plus && ka == LW_DT_DELTA && (kb == LW_DT_DATE || kb == LW_DT_DATETIME)) {
        out = x[1];
        if (lw_dt_add(&out, x[0].delta_us, 0) != LW_PY_OK)
            goto overflow;
    } else if (!plus && ka == kb && (ka == LW_DT_DATE || ka == LW_DT_DATETIME)) {
        delta = (__int128)lw_dt_ticks(&x[0]) - lw_dt_ticks(&x[1]);
        is_delta = 1;
    } else {
        return; /* TypeError: unsupported operand types, caught: None */
    }
    result_buf(r, is_delta ? delta_str(delta, r->buf) : lw_dt_str(&out, r->buf));
    return;
overflow:
    lw_pr_error(r, "the result is outside years 1 to 9999");
}
