/*
 * DATE and TIMESTAMP for the oracle dialect. A small date core of its own (civil
 * dates as days since 1970, wall-clock seconds, nanoseconds), kept apart from the
 * format models (runtime_dtfmt.c) so that it can move onto a shared time core.
 *
 *   ora_date_lit(T)            DATE 'YYYY-MM-DD' (ORA-01847, ORA-01843 for bad fields)
 *   ora_ts_lit(T)              TIMESTAMP 'YYYY-MM-DD HH24:MI:SS[.FF] [tz]': a tz offset
 *                              (+hh:mi) or region name (Europe/Warsaw) makes it a
 *                              TIMESTAMP WITH TIME ZONE
 *   ora_date_add(D, N)         D + N days (a fraction is hours, minutes, seconds): DATE
 *   ora_date_sub(A, B)         A - B in days, a NUMBER
 *   ora_add_months(D, N)       SQLRF ADD_MONTHS: the last day stays the last day
 *   ora_months_between(A, B)   SQLRF MONTHS_BETWEEN: 31-day months for the fraction
 *   ora_last_day(D), ora_next_day(D, DAY)   DAY in English, full or abbreviated
 *   ora_trunc_date(D [, F]), ora_round_date(D [, F])   SQLRF "ROUND and TRUNC Date
 *                              Functions": CC SCC, YYYY YEAR..., Q, MONTH MON MM RM,
 *                              WW IW W, DDD DD J, DAY DY D, HH HH12 HH24, MI
 *   ora_extract(FIELD, X, KIND)   EXTRACT; KIND 'D' (DATE: only YEAR MONTH DAY, else
 *                              ORA-30076), 'T', 'Z', 'I' (an interval: runtime_interval.c)
 *   ora_sysdate(), ora_systimestamp(), ora_current_date(), ora_current_timestamp(),
 *   ora_localtimestamp(), ora_sessiontimezone(), ora_dbtimezone()
 *   ora_store_date(X), ora_store_ts(X, P), ora_store_tstz(X, P)   a value stored into
 *                              a DATE, TIMESTAMP(P) or TIMESTAMP(P) WITH TIME ZONE column
 *                              (text converted with the session's NLS formats)
 *   ora_cast_date(X), ora_cast_ts(X)   CAST(x AS DATE | TIMESTAMP)
 *   ora_ts9(X)                 a DATE or TIMESTAMP as TIMESTAMP text, so the two compare
 *   ora_utc(X)                 a TIMESTAMP WITH TIME ZONE as UTC TIMESTAMP text
 *
 * The session time zone (ALTER SESSION SET TIME_ZONE) is an offset; SYSDATE and
 * SYSTIMESTAMP are the server's clock in UTC, CURRENT_DATE and CURRENT_TIMESTAMP in
 * the session's time zone. Years run from 1 to 9999 (no BC dates).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "dialect/oracle/runtime_int.h"
#include "django/tz.h"

/* ---- The civil calendar -------------------------------------------------------------- */

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). */
int64_t ora_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ora_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int ora_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2)
        return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    return days[m - 1];
}

int64_t ora_dt_seconds(const ora_dt *dt)
{
    return ora_days_from_civil(dt->year, dt->month, dt->day) * 86400 + dt->hour * 3600 +
           dt->minute * 60 + dt->second;
}

void ora_dt_from_seconds(int64_t secs, ora_dt *dt)
{
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rest = secs - days * 86400;
    ora_civil_from_days(days, &dt->year, &dt->month, &dt->day);
    dt->hour = (int)(rest / 3600);
    dt->minute = (int)(rest / 60 % 60);
    dt->second = (int)(rest % 60);
}

/* ---- The stored forms ------------------------------------------------------------------ */

static int digits(const char *s, size_t n, size_t *i, int count, int *out)
{
    int v = 0;
    for (int k = 0; k < count; k++, (*i)++) {
        if (*i >= n || s[*i] < '0' || s[*i] > '9')
            return -1;
        v = v * 10 + (s[*i] - '0');
    }
    *out = v;
    return 0;
}

int ora_dt_parse(const char *s, size_t n, ora_dt *dt)
{
    memset(dt, 0, sizeof *dt);
    size_t i = 0;
    if (digits(s, n, &i, 4, &dt->year) || i >= n || s[i++] != '-' ||
        digits(s, n, &i, 2, &dt->month) || i >= n || s[i++] != '-' || digits(s, n, &i, 2, &dt->day))
        return -1;
    if (i < n && s[i] == ' ' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
        i++;
        if (digits(s, n, &i, 2, &dt->hour) || i >= n || s[i++] != ':' ||
            digits(s, n, &i, 2, &dt->minute) || i >= n || s[i++] != ':' ||
            digits(s, n, &i, 2, &dt->second))
            return -1;
        if (i < n && s[i] == '.') {
            int k = 0, v = 0;
            for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, k++)
                if (k < 9)
                    v = v * 10 + (s[i] - '0');
            for (; k < 9; k++)
                v *= 10;
            dt->nanos = v;
        }
    }
    if (i < n && s[i] == ' ' && i + 6 < n + 1 && (s[i + 1] == '+' || s[i + 1] == '-')) {
        int sign = s[i + 1] == '-' ? -1 : 1, h, m;
        i += 2;
        if (digits(s, n, &i, 2, &h) || i >= n || s[i++] != ':' || digits(s, n, &i, 2, &m))
            return -1;
        dt->has_tz = 1;
        dt->tz_minutes = sign * (h * 60 + m);
        if (i < n && s[i] == ' ') {
            /* the region name the value was given in */
            size_t len = n - i - 1;
            if (len >= sizeof dt->tz_name)
                return -1;
            memcpy(dt->tz_name, s + i + 1, len);
            dt->tz_name[len] = 0;
            i = n;
        }
    }
    if (i != n || dt->month < 1 || dt->month > 12 || dt->day < 1 ||
        dt->day > ora_days_in_month(dt->year, dt->month) || dt->hour > 23 || dt->minute > 59 ||
        dt->second > 59)
        return -1;
    return 0;
}

char *ora_dt_text(const ora_dt *dt, char kind, size_t *len)
{
    char buf[128];
    int n = snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", dt->year, dt->month, dt->day,
                     dt->hour, dt->minute, dt->second);
    if (kind != 'D')
        n += snprintf(buf + n, sizeof buf - (size_t)n, ".%09d", dt->nanos);
    if (kind == 'Z') {
        int a = dt->tz_minutes < 0 ? -dt->tz_minutes : dt->tz_minutes;
        n += snprintf(buf + n, sizeof buf - (size_t)n, " %c%02d:%02d",
                      dt->tz_minutes < 0 ? '-' : '+', a / 60, a % 60);
        if (dt->tz_name[0])
            n += snprintf(buf + n, sizeof buf - (size_t)n, " %s", dt->tz_name);
    }
    *len = (size_t)n;
    return sqlite3_mprintf("%s", buf);
}

static void result_dt(sqlite3_context *ctx, const ora_dt *dt, char kind)
{
    if (dt->year < 1 || dt->year > 9999) {
        ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
        return;
    }
    size_t n;
    char *t = ora_dt_text(dt, kind, &n);
    if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, t, n, sqlite3_free, SQLITE_UTF8);
}

int ora_dt_arg(sqlite3_context *ctx, sqlite3_value *v, ora_dt *dt)
{
    const char *s = (const char *)sqlite3_value_text(v);
    size_t n = s ? (size_t)sqlite3_value_bytes(v) : 0;
    if (!s || n == 0)
        return 1;
    if (sqlite3_value_type(v) == SQLITE_TEXT && ora_dt_parse(s, n, dt) == 0)
        return 0;
    /* A string where a date is expected: Oracle reads it with NLS_DATE_FORMAT. */
    ora_session *sess = ora_session_of(ctx);
    const char *fmt = sess ? sess->date_format : "DD-MON-RR";
    const char *msg = NULL;
    int code = ora_dt_scan(s, n, fmt, strlen(fmt), dt, &msg);
    if (code) {
        ora_error(ctx, code, "%s", msg);
        return -1;
    }
    return 0;
}

int ora_dt_args(sqlite3_context *ctx, sqlite3_value **argv, ora_dt *a, ora_dt *b)
{
    int rc = ora_dt_arg(ctx, argv[0], a);
    if (rc == 0 && b)
        rc = ora_dt_arg(ctx, argv[1], b);
    if (rc > 0)
        sqlite3_result_null(ctx);
    return rc != 0;
}

int ora_dt_args_difference(sqlite3_context *ctx, sqlite3_value **argv, int64_t *secs,
                           int64_t *nanos)
{
    ora_dt a, b;
    if (ora_dt_args(ctx, argv, &a, &b))
        return 1;
    *secs = ora_dt_seconds(&a) - ora_dt_seconds(&b);
    if (a.has_tz && b.has_tz)
        *secs -= (int64_t)(a.tz_minutes - b.tz_minutes) * 60;
    *nanos = (int64_t)a.nanos - b.nanos;
    return 0;
}

/* The session time zone of a stateful function (0 without one). */
static int session_tz(sqlite3_context *ctx)
{
    ora_session *s = ora_session_of(ctx);
    return s ? s->tz_minutes : 0;
}

void ora_now(sqlite3_context *ctx, ora_dt *dt, int utc)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    int tz = utc ? 0 : session_tz(ctx);
    memset(dt, 0, sizeof *dt);
    ora_dt_from_seconds((int64_t)tv.tv_sec + tz * 60, dt);
    dt->nanos = (int)tv.tv_usec * 1000;
    dt->has_tz = 1;
    dt->tz_minutes = tz;
}

/* ---- Time zones ---------------------------------------------------------------------- */

/* The offset of region `name` at local wall-clock seconds `local`, in minutes. Returns
 * 0 or -1 for a name the zone files do not know. */
static int region_offset(const char *name, int64_t local, int *minutes)
{
    static lw_tz_cache *cache; /* the zone files do not change while we run */
    static sqlite3_mutex *guard;
    if (!guard)
        guard = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1);
    sqlite3_mutex_enter(guard);
    if (!cache)
        cache = lw_tz_cache_new(LW_DJANGO_ZONEINFO);
    const lw_tz *tz = NULL;
    int rc = cache && lw_tz_cache_get(cache, name, strlen(name), &tz) == LW_TZ_OK ? 0 : -1;
    if (rc == 0) {
        /* ticks: microseconds since 0001-01-01 */
        int64_t epoch = -ora_days_from_civil(1, 1, 1) * 86400;
        int32_t off = lw_tz_fromutc_offset(tz, (local + epoch) * 1000000);
        off = lw_tz_fromutc_offset(tz, (local - off + epoch) * 1000000);
        *minutes = off / 60;
    }
    sqlite3_mutex_leave(guard);
    return rc;
}

/* ---- Literals ----------------------------------------------------------------------- */

/* Reads [+|-]h[h]:mi. Returns 0 or -1. */
static int read_offset(const char *s, size_t n, int *minutes)
{
    size_t i = 0;
    int sign = 1, h = 0, m = 0, k = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        sign = s[i++] == '-' ? -1 : 1;
    else
        return -1;
    for (; i < n && s[i] >= '0' && s[i] <= '9' && k < 2; i++, k++)
        h = h * 10 + s[i] - '0';
    if (!k || i >= n || s[i++] != ':')
        return -1;
    for (k = 0; i < n && s[i] >= '0' && s[i] <= '9' && k < 2; i++, k++)
        m = m * 10 + s[i] - '0';
    if (!k || i != n || h > 14 || m > 59)
        return -1;
    *minutes = sign * (h * 60 + m);
    return 0;
}

/* Reads the date part 'Y-M-D' of a datetime literal. Returns 0 or raises. */
static int literal_date(sqlite3_context *ctx, const char *s, size_t n, size_t *i, ora_dt *dt)
{
    int part[3] = {0, 0, 0};
    for (int p = 0; p < 3; p++) {
        int k = 0;
        for (; *i < n && s[*i] >= '0' && s[*i] <= '9' && k < 9; (*i)++, k++)
            part[p] = part[p] * 10 + s[*i] - '0';
        if (!k || (p < 2 && (*i >= n || s[(*i)++] != '-'))) {
            ora_error(ctx, 1861, "literal does not match format string");
            return -1;
        }
    }
    dt->year = part[0];
    dt->month = part[1];
    dt->day = part[2];
    if (dt->month < 1 || dt->month > 12) {
        ora_error(ctx, 1843, "not a valid month");
        return -1;
    }
    if (dt->day < 1 || dt->day > ora_days_in_month(dt->year, dt->month)) {
        ora_error(ctx, 1847, "day of month must be between 1 and last day of month");
        return -1;
    }
    if (dt->year < 1 || dt->year > 9999) {
        ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
        return -1;
    }
    return 0;
}

static void date_lit_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    const char *s = ora_arg_text(argv, 0, &n);
    ora_dt dt;
    memset(&dt, 0, sizeof dt);
    size_t i = 0;
    if (!s) {
        ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
        return;
    }
    if (literal_date(ctx, s, n, &i, &dt))
        return;
    if (i != n) {
        ora_error(ctx, 1861, "literal does not match format string");
        return;
    }
    result_dt(ctx, &dt, 'D');
}

static void ts_lit_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    const char *s = ora_arg_text(argv, 0, &n);
    ora_dt dt;
    memset(&dt, 0, sizeof dt);
    size_t i = 0;
    if (!s || literal_date(ctx, s, n, &i, &dt))
        return;
    int f[3] = {0, 0, 0};
    if (i < n && s[i] == ' ') {
        i++;
        for (int p = 0; p < 3; p++) {
            int k = 0;
            for (; i < n && s[i] >= '0' && s[i] <= '9' && k < 2; i++, k++)
                f[p] = f[p] * 10 + s[i] - '0';
            if (!k || (p < 2 && (i >= n || s[i++] != ':'))) {
                ora_error(ctx, 1861, "literal does not match format string");
                return;
            }
        }
        if (i < n && s[i] == '.') {
            int k = 0, v = 0;
            for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, k++)
                if (k < 9)
                    v = v * 10 + s[i] - '0';
            for (; k < 9; k++)
                v *= 10;
            dt.nanos = v;
        }
    }
    if (f[0] > 23) {
        ora_error(ctx, 1850, "hour must be between 0 and 23");
        return;
    }
    if (f[1] > 59 || f[2] > 59) {
        ora_error(ctx, f[1] > 59 ? 1851 : 1852,
                  f[1] > 59 ? "minutes must be between 0 and 59"
                            : "seconds must be between 0 and 59");
        return;
    }
    dt.hour = f[0];
    dt.minute = f[1];
    dt.second = f[2];
    while (i < n && s[i] == ' ')
        i++;
    if (i == n) {
        result_dt(ctx, &dt, 'T');
        return;
    }
    dt.has_tz = 1;
    if (read_offset(s + i, n - i, &dt.tz_minutes)) {
        if (n - i >= sizeof dt.tz_name) {
            ora_error(ctx, 1882, "timezone region not found");
            return;
        }
        memcpy(dt.tz_name, s + i, n - i);
        dt.tz_name[n - i] = 0;
        if (region_offset(dt.tz_name, ora_dt_seconds(&dt), &dt.tz_minutes)) {
            ora_error(ctx, 1882, "timezone region not found");
            return;
        }
    }
    result_dt(ctx, &dt, 'Z');
}

/* ---- Arithmetic ---------------------------------------------------------------------- */

/* DATE + n days: n's fraction is rounded to the second. */
static void date_add_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ora_dt dt;
    lw_decimal n;
    lw_decimal_init(&n);
    int rc = ora_dt_arg(ctx, argv[0], &dt);
    if (rc == 0)
        rc = ora_number_arg(ctx, argv[1], &n);
    if (rc) {
        lw_decimal_clear(&n);
        if (rc > 0)
            sqlite3_result_null(ctx);
        return;
    }
    if (argc > 2 && sqlite3_value_int(argv[2]) < 0)
        lw_decimal_neg(&n, &n);
    lw_decimal secs;
    lw_decimal_init(&secs);
    lw_decimal day;
    lw_decimal_init(&day);
    lw_decimal_from_int64(&day, 86400);
    lw_decimal_mul(&secs, &n, &day);
    lw_decimal_round(&secs, &secs, 0, 0);
    char buf[64];
    int64_t add = 0;
    if (lw_decimal_text_size(&secs) <= sizeof buf) {
        lw_decimal_format(&secs, buf);
        add = strtoll(buf, NULL, 10);
    } else {
        add = INT64_MAX / 4;
    }
    lw_decimal_clear(&secs);
    lw_decimal_clear(&day);
    lw_decimal_clear(&n);
    if (add > 400000LL * 366 * 86400 || add < -400000LL * 366 * 86400) {
        ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
        return;
    }
    ora_dt out;
    memset(&out, 0, sizeof out);
    ora_dt_from_seconds(ora_dt_seconds(&dt) + add, &out);
    result_dt(ctx, &out, 'D');
}

/* Seconds (with nanoseconds) between two values, as a NUMBER of days. */
static void date_sub_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t secs, nanos;
    if (ora_dt_args_difference(ctx, argv, &secs, &nanos))
        return;
    char buf[64];
    snprintf(buf, sizeof buf, "%lld", (long long)(secs * 1000000000LL + nanos));
    lw_decimal d, day, r;
    lw_decimal_init(&d);
    lw_decimal_init(&day);
    lw_decimal_init(&r);
    ora_number_parse(buf, strlen(buf), &d);
    ora_number_parse("86400000000000", 14, &day);
    lw_decimal_div(&r, &d, &day, 60);
    lw_decimal_clear(&d);
    lw_decimal_clear(&day);
    ora_result_number(ctx, &r);
}

static void add_months_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_dt dt;
    int64_t months;
    int rc = ora_dt_arg(ctx, argv[0], &dt);
    if (rc == 0)
        rc = ora_int_arg(ctx, argv[1], &months);
    if (rc) {
        if (rc > 0)
            sqlite3_result_null(ctx);
        return;
    }
    if (months > 120000 || months < -120000) {
        ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
        return;
    }
    int last = dt.day == ora_days_in_month(dt.year, dt.month);
    int64_t index = (int64_t)dt.year * 12 + (dt.month - 1) + months;
    dt.year = (int)(index / 12);
    dt.month = (int)(index % 12) + 1;
    int dim = ora_days_in_month(dt.year, dt.month);
    if (last || dt.day > dim)
        dt.day = dim;
    dt.nanos = 0;
    result_dt(ctx, &dt, 'D');
}

static void months_between_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_dt a, b;
    if (ora_dt_args(ctx, argv, &a, &b))
        return;
    int64_t months = ((int64_t)a.year * 12 + a.month) - ((int64_t)b.year * 12 + b.month);
    int a_last = a.day == ora_days_in_month(a.year, a.month);
    int b_last = b.day == ora_days_in_month(b.year, b.month);
    char buf[96];
    if (a.day == b.day || (a_last && b_last)) {
        snprintf(buf, sizeof buf, "%lld", (long long)months);
    } else {
        /* The fraction is based on a 31-day month and counts the time of day. */
        int64_t sa = a.day * 86400LL + a.hour * 3600 + a.minute * 60 + a.second;
        int64_t sb = b.day * 86400LL + b.hour * 3600 + b.minute * 60 + b.second;
        int64_t num = months * 31 * 86400 + (sa - sb);
        snprintf(buf, sizeof buf, "%lld", (long long)num);
    }
    lw_decimal d, den, r;
    lw_decimal_init(&d);
    lw_decimal_init(&den);
    lw_decimal_init(&r);
    ora_number_parse(buf, strlen(buf), &d);
    if (a.day == b.day || (a_last && b_last)) {
        ora_result_number(ctx, &d);
        return;
    }
    lw_decimal_from_int64(&den, 31 * 86400);
    lw_decimal_div(&r, &d, &den, 60);
    lw_decimal_clear(&d);
    lw_decimal_clear(&den);
    ora_result_number(ctx, &r);
}

static void last_day_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_dt dt;
    if (ora_dt_args(ctx, argv, &dt, NULL))
        return;
    dt.day = ora_days_in_month(dt.year, dt.month);
    result_dt(ctx, &dt, 'D');
}

/* The weekday of a civil date: 0 Sunday .. 6 Saturday. */
static int weekday(const ora_dt *dt)
{
    int64_t z = ora_days_from_civil(dt->year, dt->month, dt->day);
    return (int)((z % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
}

static const char *const day_names[] = {"SUNDAY",   "MONDAY", "TUESDAY", "WEDNESDAY",
                                        "THURSDAY", "FRIDAY", "SATURDAY"};

static void next_day_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_dt dt;
    size_t n;
    int rc = ora_dt_arg(ctx, argv[0], &dt);
    const char *name = ora_arg_text(argv, 1, &n);
    if (rc || !name) {
        if (rc >= 0)
            sqlite3_result_null(ctx);
        return;
    }
    /* The full name or its three-letter abbreviation; characters after a valid
     * abbreviation are ignored (SQLRF NEXT_DAY). */
    int want = -1;
    for (int d = 0; d < 7 && want < 0; d++) {
        size_t full = strlen(day_names[d]);
        if ((n >= 3 && sqlite3_strnicmp(name, day_names[d], 3) == 0) ||
            (n == full && sqlite3_strnicmp(name, day_names[d], (int)full) == 0))
            want = d;
    }
    if (want < 0) {
        ora_error(ctx, 1846, "not a valid day of the week");
        return;
    }
    int have = weekday(&dt);
    int ahead = (want - have + 7) % 7;
    if (ahead == 0)
        ahead = 7;
    ora_dt out = dt;
    ora_dt_from_seconds(ora_dt_seconds(&dt) + ahead * 86400LL, &out);
    out.nanos = 0;
    result_dt(ctx, &out, 'D');
}

/* ---- ROUND and TRUNC of dates ---------------------------------------------------------- */

/* The ISO week-numbering year's first Monday. */
static int64_t iso_year_start(int y)
{
    int64_t jan4 = ora_days_from_civil(y, 1, 4);
    int wd = (int)((jan4 % 7 + 11) % 7); /* 0 Sunday */
    return jan4 - ((wd + 6) % 7);
}

/* The start of the unit named by fmt that holds day z (seconds s past midnight), and
 * the start of the next one; returns 0, or -1 for a format Oracle does not take. With
 * time units the days are seconds since the epoch. */
static int unit_bounds(const char *fmt, const ora_dt *dt, int64_t *lo, int64_t *hi)
{
    int64_t z = ora_days_from_civil(dt->year, dt->month, dt->day);
    int64_t t = z * 86400 + dt->hour * 3600 + dt->minute * 60 + dt->second;
    char f[8] = {0};
    size_t n = strlen(fmt);
    if (n >= sizeof f)
        return -1;
    for (size_t i = 0; i < n; i++)
        f[i] = (char)(fmt[i] >= 'a' && fmt[i] <= 'z' ? fmt[i] - 32 : fmt[i]);
#define IS(x) (strcmp(f, x) == 0)
    if (IS("CC") || IS("SCC")) {
        int c = (dt->year - 1) / 100 * 100 + 1;
        *lo = ora_days_from_civil(c, 1, 1) * 86400;
        *hi = ora_days_from_civil(c + 100, 1, 1) * 86400;
    } else if (IS("SYYYY") || IS("YYYY") || IS("YEAR") || IS("SYEAR") || IS("YYY") || IS("YY") ||
               IS("Y")) {
        *lo = ora_days_from_civil(dt->year, 1, 1) * 86400;
        *hi = ora_days_from_civil(dt->year + 1, 1, 1) * 86400;
    } else if (IS("IYYY") || IS("IYY") || IS("IY") || IS("I")) {
        int y = dt->year;
        if (z < iso_year_start(y))
            y--;
        else if (z >= iso_year_start(y + 1))
            y++;
        *lo = iso_year_start(y) * 86400;
        *hi = iso_year_start(y + 1) * 86400;
    } else if (IS("Q")) {
        int m = (dt->month - 1) / 3 * 3 + 1;
        *lo = ora_days_from_civil(dt->year, m, 1) * 86400;
        *hi = ora_days_from_civil(dt->year + (m == 10), m == 10 ? 1 : m + 3, 1) * 86400;
    } else if (IS("MONTH") || IS("MON") || IS("MM") || IS("RM")) {
        *lo = ora_days_from_civil(dt->year, dt->month, 1) * 86400;
        *hi = ora_days_from_civil(dt->year + (dt->month == 12), dt->month % 12 + 1, 1) * 86400;
    } else if (IS("WW")) {
        /* the same day of the week as the first day of the year */
        int64_t jan1 = ora_days_from_civil(dt->year, 1, 1);
        int64_t start = jan1 + (z - jan1) / 7 * 7;
        *lo = start * 86400;
        *hi = (start + 7) * 86400;
    } else if (IS("IW")) {
        int64_t start = z - (((z % 7 + 11) % 7 + 6) % 7);
        *lo = start * 86400;
        *hi = (start + 7) * 86400;
    } else if (IS("W")) {
        int64_t first = ora_days_from_civil(dt->year, dt->month, 1);
        int64_t start = first + (z - first) / 7 * 7;
        *lo = start * 86400;
        *hi = (start + 7) * 86400;
    } else if (IS("DDD") || IS("DD") || IS("J")) {
        *lo = z * 86400;
        *hi = (z + 1) * 86400;
    } else if (IS("DAY") || IS("DY") || IS("D")) {
        int64_t start = z - weekday(dt); /* Sunday starts the week in AMERICA */
        *lo = start * 86400;
        *hi = (start + 7) * 86400;
    } else if (IS("HH") || IS("HH12") || IS("HH24")) {
        *lo = t - t % 3600 - (t < 0 && t % 3600 ? 3600 : 0);
        *hi = *lo + 3600;
    } else if (IS("MI")) {
        *lo = t - ((t % 60) + 60) % 60;
        *hi = *lo + 60;
    } else {
        return -1;
    }
#undef IS
    return 0;
}

/* TRUNC and ROUND of a date. ROUND goes up from the half of the unit: July 1 for a
 * year, the 16th for a month, noon for a day. */
static void date_round(sqlite3_context *ctx, int argc, sqlite3_value **argv, int truncate)
{
    ora_dt dt;
    int rc = ora_dt_arg(ctx, argv[0], &dt);
    size_t n = 2;
    const char *fmt = argc > 1 ? ora_arg_text(argv, 1, &n) : "DD";
    if (rc || !fmt) {
        if (rc >= 0)
            sqlite3_result_null(ctx);
        return;
    }
    char f[16];
    snprintf(f, sizeof f, "%.*s", (int)(n < 15 ? n : 15), fmt);
    int64_t lo, hi;
    if (unit_bounds(f, &dt, &lo, &hi)) {
        ora_error(ctx, 1898, "too many precision specifiers");
        return;
    }
    int64_t t = ora_dt_seconds(&dt), r = lo;
    if (!truncate) {
        int year = !sqlite3_stricmp(f, "YYYY") || !sqlite3_stricmp(f, "YEAR") ||
                   !sqlite3_stricmp(f, "SYYYY") || !sqlite3_stricmp(f, "YYY") ||
                   !sqlite3_stricmp(f, "YY") || !sqlite3_stricmp(f, "Y") ||
                   !sqlite3_stricmp(f, "SYEAR");
        int month = !sqlite3_stricmp(f, "MONTH") || !sqlite3_stricmp(f, "MON") ||
                    !sqlite3_stricmp(f, "MM") || !sqlite3_stricmp(f, "RM");
        int quarter = !sqlite3_stricmp(f, "Q");
        int64_t half;
        if (year)
            half = ora_days_from_civil(dt.year, 7, 1) * 86400;
        else if (month)
            half = ora_days_from_civil(dt.year, dt.month, 16) * 86400;
        else if (quarter) {
            int m = (dt.month - 1) / 3 * 3 + 2;
            half = ora_days_from_civil(dt.year, m, 16) * 86400;
        } else
            half = lo + (hi - lo) / 2;
        r = t >= half ? hi : lo;
    }
    ora_dt out;
    memset(&out, 0, sizeof out);
    ora_dt_from_seconds(r, &out);
    result_dt(ctx, &out, 'D');
}

static void round_date_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    date_round(ctx, argc, argv, 0);
}

static void trunc_date_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    date_round(ctx, argc, argv, 1);
}

/* ---- EXTRACT ------------------------------------------------------------------------- */

static void extract_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t fn;
    const char *field = ora_arg_text(argv, 0, &fn);
    size_t kn;
    const char *kind = ora_arg_text(argv, 2, &kn);
    char k = kind ? kind[0] : 'T';
    if (!field)
        return;
    if (k == 'I') {
        ora_interval_extract(ctx, field, argv[1]);
        return;
    }
    int is_time = !sqlite3_stricmp(field, "hour") || !sqlite3_stricmp(field, "minute") ||
                  !sqlite3_stricmp(field, "second");
    int is_zone = !sqlite3_strnicmp(field, "timezone_", 9);
    if ((k == 'D' && (is_time || is_zone)) || (k == 'T' && is_zone)) {
        ora_error(ctx, 30076, "invalid extract field for extract source");
        return;
    }
    ora_dt dt;
    if (ora_dt_args(ctx, argv + 1, &dt, NULL))
        return;
    int64_t v = 0;
    if (!sqlite3_stricmp(field, "year"))
        v = dt.year;
    else if (!sqlite3_stricmp(field, "month"))
        v = dt.month;
    else if (!sqlite3_stricmp(field, "day"))
        v = dt.day;
    else if (!sqlite3_stricmp(field, "hour") || !sqlite3_stricmp(field, "minute")) {
        /* a TIMESTAMP WITH TIME ZONE's fields are in UTC */
        int64_t t = ora_dt_seconds(&dt) - (dt.has_tz ? dt.tz_minutes * 60 : 0);
        ora_dt u;
        ora_dt_from_seconds(t, &u);
        v = field[0] == 'h' || field[0] == 'H' ? u.hour : u.minute;
    } else if (!sqlite3_stricmp(field, "second")) {
        char buf[32];
        snprintf(buf, sizeof buf, "%d.%09d", dt.second, dt.nanos);
        lw_decimal d;
        lw_decimal_init(&d);
        ora_number_parse(buf, strlen(buf), &d);
        ora_result_number(ctx, &d);
        return;
    } else if (!sqlite3_stricmp(field, "timezone_hour")) {
        v = dt.tz_minutes / 60;
    } else if (!sqlite3_stricmp(field, "timezone_minute")) {
        v = dt.tz_minutes % 60;
    } else if (!sqlite3_stricmp(field, "timezone_region") ||
               !sqlite3_stricmp(field, "timezone_abbr")) {
        if (dt.tz_name[0])
            sqlite3_result_text(ctx, dt.tz_name, -1, SQLITE_TRANSIENT);
        else
            sqlite3_result_text(ctx, "UNKNOWN", -1, SQLITE_STATIC);
        return;
    } else {
        ora_error(ctx, 907, "missing right parenthesis");
        return;
    }
    sqlite3_result_int64(ctx, v);
}

/* ---- The clock and the session time zone ---------------------------------------------- */

/* Which clock: SYSDATE 0, SYSTIMESTAMP 1, CURRENT_DATE 2, CURRENT_TIMESTAMP 3,
 * LOCALTIMESTAMP 4. */
static void clock_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int which = sqlite3_value_int(argv[0]);
    ora_dt dt;
    ora_now(ctx, &dt, which <= 1);
    if (which == 0 || which == 2) {
        dt.nanos = 0;
        result_dt(ctx, &dt, 'D');
    } else {
        dt.nanos = dt.nanos / 1000 * 1000;
        result_dt(ctx, &dt, which == 4 ? 'T' : 'Z');
    }
}

static void sessiontimezone_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    ora_session *s = ora_session_of(ctx);
    sqlite3_result_text(ctx, s ? s->tz_text : "+00:00", -1, SQLITE_TRANSIENT);
}

static void dbtimezone_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, "+00:00", -1, SQLITE_STATIC);
}

/* ---- Assignment and casts ----------------------------------------------------------- */

/* Precision p rounds the nanoseconds (TIMESTAMP(p)). */
static void round_nanos(ora_dt *dt, int64_t p)
{
    if (p < 0 || p >= 9)
        return;
    int64_t unit = 1;
    for (int64_t i = p; i < 9; i++)
        unit *= 10;
    int64_t v = (dt->nanos + unit / 2) / unit * unit;
    if (v >= 1000000000) {
        int tz = dt->tz_minutes, has = dt->has_tz;
        char name[48];
        memcpy(name, dt->tz_name, sizeof name);
        ora_dt_from_seconds(ora_dt_seconds(dt) + 1, dt);
        dt->tz_minutes = tz;
        dt->has_tz = has;
        memcpy(dt->tz_name, name, sizeof name);
        v = 0;
    }
    dt->nanos = (int)v;
}

/* ora_store_date (user data 'D'), ora_cast_date: a DATE (fraction dropped);
 * ora_store_ts / ora_cast_ts ('T', precision in argument 2); ora_store_tstz ('Z'). */
static void store_dt_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ora_dt dt;
    if (ora_dt_args(ctx, argv, &dt, NULL))
        return;
    const char *kind = argc > 2 ? (const char *)sqlite3_value_text(argv[2]) : NULL;
    int target = kind ? kind[0] : 'D';
    int64_t p =
        argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL ? sqlite3_value_int64(argv[1]) : 6;
    if (target == 'D') {
        if (dt.has_tz)
            dt.has_tz = 0;
        dt.nanos = 0;
        result_dt(ctx, &dt, 'D');
        return;
    }
    round_nanos(&dt, p);
    if (target == 'Z' && !dt.has_tz) {
        dt.has_tz = 1;
        dt.tz_minutes = session_tz(ctx);
    }
    if (target == 'L') {
        /* WITH LOCAL TIME ZONE: stored in UTC (the database time zone) */
        int64_t t = ora_dt_seconds(&dt) - (dt.has_tz ? dt.tz_minutes : session_tz(ctx)) * 60;
        int nanos = dt.nanos;
        memset(&dt, 0, sizeof dt);
        ora_dt_from_seconds(t, &dt);
        dt.nanos = nanos;
        result_dt(ctx, &dt, 'T');
        return;
    }
    result_dt(ctx, &dt, target == 'Z' ? 'Z' : 'T');
}

/* A TIMESTAMP WITH LOCAL TIME ZONE value (UTC) in the session time zone. */
static void from_ltz_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_dt dt;
    if (ora_dt_args(ctx, argv, &dt, NULL))
        return;
    int nanos = dt.nanos;
    ora_dt_from_seconds(ora_dt_seconds(&dt) + session_tz(ctx) * 60, &dt);
    dt.nanos = nanos;
    result_dt(ctx, &dt, 'T');
}

/* ora_ts9(X): TIMESTAMP text of a DATE or TIMESTAMP; ora_utc(X): UTC of a value with a
 * time zone (others unchanged), for comparisons. */
static void normalize(sqlite3_context *ctx, sqlite3_value **argv, int utc)
{
    ora_dt dt;
    if (ora_dt_args(ctx, argv, &dt, NULL))
        return;
    if (utc && dt.has_tz) {
        int nanos = dt.nanos;
        ora_dt_from_seconds(ora_dt_seconds(&dt) - dt.tz_minutes * 60, &dt);
        dt.nanos = nanos;
    }
    result_dt(ctx, &dt, 'T');
}

static void ts9_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    normalize(ctx, argv, 0);
}

static void utc_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    normalize(ctx, argv, 1);
}

const ora_function_def ora_datetime_functions[] = {
    ORA_PURE("ora_date_lit", 1, date_lit_fn),
    ORA_PURE("ora_ts_lit", 1, ts_lit_fn),
    ORA_STATE("ora_date_add", 2, date_add_fn),
    ORA_STATE("ora_date_add", 3, date_add_fn),
    ORA_STATE("ora_date_sub", 2, date_sub_fn),
    ORA_STATE("ora_add_months", 2, add_months_fn),
    ORA_STATE("ora_months_between", 2, months_between_fn),
    ORA_STATE("ora_last_day", 1, last_day_fn),
    ORA_STATE("ora_next_day", 2, next_day_fn),
    ORA_STATE("ora_extract", 3, extract_fn),
    ORA_STATE("ora_clock", 1, clock_fn),
    ORA_STATE("ora_sessiontimezone", 0, sessiontimezone_fn),
    ORA_PURE("ora_dbtimezone", 0, dbtimezone_fn),
    ORA_STATE("ora_store_dt", 3, store_dt_fn),
    ORA_STATE("ora_from_ltz", 1, from_ltz_fn),
    ORA_STATE("ora_ts9", 1, ts9_fn),
    ORA_STATE("ora_utc", 1, utc_fn),
    ORA_STATE("ora_round_date", 1, round_date_fn),
    ORA_STATE("ora_round_date", 2, round_date_fn),
    ORA_STATE("ora_trunc_date", 1, trunc_date_fn),
    ORA_STATE("ora_trunc_date", 2, trunc_date_fn),
    {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};
