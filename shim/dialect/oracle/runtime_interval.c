/*
 * The oracle dialect's INTERVAL values at run time (interval.c has their forms,
 * YM:<months> and DS:[-]<seconds>.<nanoseconds>):
 *
 *   ora_dt_add_interval(D, I, SIGN, KIND)   SQLRF "Datetime/Interval Arithmetic": a
 *                              DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE (KIND 'D', 'T',
 *                              'Z') plus (SIGN 1) or minus (-1) an interval, of D's type.
 *                              Months are added to the month without moving the day:
 *                              a day the month lacks is ORA-01839. A DATE keeps whole
 *                              seconds.
 *   ora_dt_diff(A, B)          A - B as INTERVAL DAY TO SECOND (time zones in UTC)
 *   ora_interval_show(I, LEAD, FRAC)   I as Oracle shows it (an INTERVAL literal alone
 *                              in a select list): +YY-MM, +DD HH:MI:SS.FFFFFF, the leading
 *                              field padded to LEAD digits and the fraction to FRAC
 *   EXTRACT(F FROM I)          ora_interval_extract, called by ora_extract with KIND 'I':
 *                              YEAR and MONTH of a YEAR TO MONTH interval, DAY, HOUR,
 *                              MINUTE and SECOND (with its fraction) of a DAY TO SECOND
 *                              one, each with the interval's sign; another field is
 *                              ORA-30076
 *
 * NULL in, NULL out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/oracle/runtime_int.h"

/* A parsed interval: months, or seconds and nanoseconds (both carrying the sign). */
typedef struct ora_iv {
    int year_month;
    long long months;
    long long secs, nanos;
} ora_iv;

/* Reads an interval value. Returns 0, 1 for NULL, -1 after raising an error. */
static int iv_arg(sqlite3_context *ctx, sqlite3_value *v, ora_iv *iv)
{
    size_t n;
    sqlite3_value *argv[1] = {v};
    const char *s = ora_arg_text(argv, 0, &n);
    memset(iv, 0, sizeof *iv);
    if (!s)
        return 1;
    char *end = NULL;
    if (n > 3 && !strncmp(s, "YM:", 3)) {
        iv->year_month = 1;
        iv->months = strtoll(s + 3, &end, 10);
        if (end == s + n)
            return 0;
    } else if (n > 3 && !strncmp(s, "DS:", 3)) {
        int neg = s[3] == '-';
        iv->secs = strtoll(s + 3 + neg, &end, 10);
        if (end && *end == '.') {
            char *fend = NULL;
            iv->nanos = strtoll(end + 1, &fend, 10);
            end = fend;
        }
        if (neg) {
            iv->secs = -iv->secs;
            iv->nanos = -iv->nanos;
        }
        if (end == s + n)
            return 0;
    }
    ora_error(ctx, 1867, "the interval is invalid");
    return -1;
}

static void result_iv_ds(sqlite3_context *ctx, long long secs, long long nanos)
{
    /* one sign for both parts */
    if (secs > 0 && nanos < 0) {
        secs--;
        nanos += 1000000000;
    } else if (secs < 0 && nanos > 0) {
        secs++;
        nanos -= 1000000000;
    }
    int neg = secs < 0 || nanos < 0;
    char *t = sqlite3_mprintf("DS:%s%lld.%09lld", neg ? "-" : "", neg ? -secs : secs,
                              neg ? -nanos : nanos);
    if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, t, -1, sqlite3_free);
}

static void dt_add_interval_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_dt dt;
    ora_iv iv;
    int rc = ora_dt_arg(ctx, argv[0], &dt);
    if (rc == 0)
        rc = iv_arg(ctx, argv[1], &iv);
    if (rc) {
        if (rc > 0)
            sqlite3_result_null(ctx);
        return;
    }
    int sign = sqlite3_value_int(argv[2]) < 0 ? -1 : 1;
    size_t kn;
    const char *kind = ora_arg_text(argv, 3, &kn);
    char k = kind ? kind[0] : 'T';
    if (iv.year_month) {
        long long m = (long long)dt.year * 12 + (dt.month - 1) + sign * iv.months;
        if (m < 12 || m >= 10000LL * 12) {
            ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
            return;
        }
        dt.year = (int)(m / 12);
        dt.month = (int)(m % 12) + 1;
        if (dt.day > ora_days_in_month(dt.year, dt.month)) {
            ora_error(ctx, 1839, "date not valid for month specified");
            return;
        }
    } else {
        long long nanos = dt.nanos + sign * iv.nanos;
        long long secs = ora_dt_seconds(&dt) + sign * iv.secs;
        while (nanos < 0) {
            nanos += 1000000000;
            secs--;
        }
        while (nanos >= 1000000000) {
            nanos -= 1000000000;
            secs++;
        }
        ora_dt out = dt;
        ora_dt_from_seconds(secs, &out);
        out.nanos = k == 'D' ? 0 : (int)nanos;
        out.has_tz = dt.has_tz;
        out.tz_minutes = dt.tz_minutes;
        memcpy(out.tz_name, dt.tz_name, sizeof out.tz_name);
        dt = out;
    }
    if (dt.year < 1 || dt.year > 9999) {
        ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
        return;
    }
    size_t n;
    char *t = ora_dt_text(&dt, k, &n);
    if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, t, n, sqlite3_free, SQLITE_UTF8);
}

static void dt_diff_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_dt a, b;
    int rc = ora_dt_arg(ctx, argv[0], &a);
    if (rc == 0)
        rc = ora_dt_arg(ctx, argv[1], &b);
    if (rc) {
        if (rc > 0)
            sqlite3_result_null(ctx);
        return;
    }
    long long secs = ora_dt_seconds(&a) - ora_dt_seconds(&b);
    if (a.has_tz && b.has_tz)
        secs -= (long long)(a.tz_minutes - b.tz_minutes) * 60;
    result_iv_ds(ctx, secs, (long long)a.nanos - b.nanos);
}

void ora_interval_extract(sqlite3_context *ctx, const char *field, sqlite3_value *v)
{
    ora_iv iv;
    int rc = iv_arg(ctx, v, &iv);
    if (rc) {
        if (rc > 0)
            sqlite3_result_null(ctx);
        return;
    }
    if (iv.year_month) {
        if (!sqlite3_stricmp(field, "year"))
            sqlite3_result_int64(ctx, iv.months / 12);
        else if (!sqlite3_stricmp(field, "month"))
            sqlite3_result_int64(ctx, iv.months % 12);
        else
            ora_error(ctx, 30076, "invalid extract field for extract source");
        return;
    }
    if (!sqlite3_stricmp(field, "day"))
        sqlite3_result_int64(ctx, iv.secs / 86400);
    else if (!sqlite3_stricmp(field, "hour"))
        sqlite3_result_int64(ctx, iv.secs % 86400 / 3600);
    else if (!sqlite3_stricmp(field, "minute"))
        sqlite3_result_int64(ctx, iv.secs % 3600 / 60);
    else if (!sqlite3_stricmp(field, "second")) {
        long long s = iv.secs % 60, ns = iv.nanos;
        int neg = s < 0 || ns < 0;
        char buf[48];
        snprintf(buf, sizeof buf, "%s%lld.%09lld", neg ? "-" : "", neg ? -s : s, neg ? -ns : ns);
        lw_decimal d;
        lw_decimal_init(&d);
        ora_number_parse(buf, strlen(buf), &d);
        ora_result_number(ctx, &d);
    } else {
        ora_error(ctx, 30076, "invalid extract field for extract source");
    }
}

#define STATE(name, n, fn)                                                                         \
    {                                                                                              \
        {name, n, SQLITE_UTF8, fn, NULL, NULL, NULL, NULL}, 1                                      \
    }

/* ora_interval_show(I, LEAD, FRAC): I as Oracle shows an INTERVAL YEAR(LEAD) TO MONTH
 * (+YY-MM) or DAY(LEAD) TO SECOND(FRAC) (+DD HH:MI:SS.FFFFFF) value: the sign, the
 * leading field zero-padded to LEAD digits, the others to two, the fraction to FRAC. */
static void interval_show_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_iv iv;
    if (iv_arg(ctx, argv[0], &iv))
        return;
    int lead = sqlite3_value_int(argv[1]), frac = sqlite3_value_int(argv[2]);
    if (lead < 0 || lead > 9 || frac < 0 || frac > 9) {
        lw_result_errorf(ctx, "ora_interval_show(): precision %d, %d is out of range", lead, frac);
        return;
    }
    char *t;
    if (iv.year_month) {
        long long m = iv.months < 0 ? -iv.months : iv.months;
        t = sqlite3_mprintf("%c%0*lld-%02lld", iv.months < 0 ? '-' : '+', lead, m / 12, m % 12);
    } else {
        int neg = iv.secs < 0 || iv.nanos < 0;
        long long secs = neg ? -iv.secs : iv.secs, nanos = neg ? -iv.nanos : iv.nanos;
        long long unit = 1;
        for (int k = frac; k < 9; k++)
            unit *= 10;
        char fraction[16] = "";
        if (frac > 0)
            snprintf(fraction, sizeof fraction, ".%0*lld", frac, nanos / unit);
        t = sqlite3_mprintf("%c%0*lld %02lld:%02lld:%02lld%s", neg ? '-' : '+', lead, secs / 86400,
                            secs / 3600 % 24, secs / 60 % 60, secs % 60, fraction);
    }
    if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, t, -1, sqlite3_free);
}

const ora_function_def ora_interval_functions[] = {
    {{"ora_interval_show", 3, LW_PURE, interval_show_fn, NULL, NULL, NULL, NULL}, 0},
    STATE("ora_dt_add_interval", 4, dt_add_interval_fn),
    STATE("ora_dt_diff", 2, dt_diff_fn),
    {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};
