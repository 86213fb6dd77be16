/*
 * Intervals as PostgreSQL keeps them (interval.h): its four output styles, the quick
 * reader of the stored (postgres-style) text, comparison, arithmetic and the
 * justify_* functions, each following PostgreSQL 15's timestamp.c and datetime.c
 * (EncodeInterval, interval_cmp_value, interval_mul, interval_div,
 * interval_justify_*), written for this representation.
 */
#include "datetime/interval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime/calendar.h"

#define DAYS_PER_MONTH 30
#define SECS_PER_DAY 86400

/* ---- Output ---------------------------------------------------------------------------- */

/* The broken-down interval: years and months from months, hours to microseconds from
 * usec, each with the sign of its source (C's truncating division). */
typedef struct itm {
    int64_t year, mon, mday, hour, min, sec, usec;
} itm;

static void breakdown(const lw_interval *iv, itm *t)
{
    t->year = iv->months / 12;
    t->mon = iv->months % 12;
    t->mday = iv->days;
    int64_t time = iv->usec;
    t->hour = time / LW_USEC_PER_HOUR;
    time -= t->hour * LW_USEC_PER_HOUR;
    t->min = time / LW_USEC_PER_MINUTE;
    time -= t->min * LW_USEC_PER_MINUTE;
    t->sec = time / LW_USEC_PER_SEC;
    t->usec = time - t->sec * LW_USEC_PER_SEC;
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

/* Seconds and their fraction without trailing zeros, signs dropped; two digits when
 * fill. */
static int append_seconds(char *p, int64_t sec, int64_t usec, int fill)
{
    int n = sprintf(p, fill ? "%02lld" : "%lld", (long long)abs64(sec));
    if (usec != 0) {
        char frac[24];
        snprintf(frac, sizeof frac, "%06lld", (long long)(abs64(usec) % LW_USEC_PER_SEC));
        int len = 6;
        while (len > 1 && frac[len - 1] == '0')
            len--;
        n += sprintf(p + n, ".%.*s", len, frac);
    }
    return n;
}

static int postgres_part(char *p, int64_t value, const char *unit, int *is_zero, int *is_before)
{
    if (value == 0)
        return 0;
    int n = sprintf(p, "%s%s%lld %s%s", *is_zero ? "" : " ", *is_before && value > 0 ? "+" : "",
                    (long long)value, unit, value != 1 ? "s" : "");
    *is_before = value < 0;
    *is_zero = 0;
    return n;
}

static int verbose_part(char *p, int64_t value, const char *unit, int *is_zero, int *is_before)
{
    if (value == 0)
        return 0;
    if (*is_zero) {
        *is_before = value < 0;
        value = abs64(value);
    } else if (*is_before) {
        value = -value;
    }
    *is_zero = 0;
    return sprintf(p, " %lld %s%s", (long long)value, unit, value == 1 ? "" : "s");
}

static int iso_part(char *p, int64_t value, char unit)
{
    return value ? sprintf(p, "%lld%c", (long long)value, unit) : 0;
}

int lw_interval_format(const lw_interval *iv, lw_interval_style style, char *buf)
{
    itm t;
    breakdown(iv, &t);
    char *p = buf;
    int is_zero = 1, is_before = 0;
    switch (style) {
    case LW_INTERVAL_SQL_STANDARD: {
        int neg = t.year < 0 || t.mon < 0 || t.mday < 0 || t.hour < 0 || t.min < 0 || t.sec < 0 ||
                  t.usec < 0;
        int pos = t.year > 0 || t.mon > 0 || t.mday > 0 || t.hour > 0 || t.min > 0 || t.sec > 0 ||
                  t.usec > 0;
        int year_month = t.year != 0 || t.mon != 0;
        int day_time = t.mday != 0 || t.hour != 0 || t.min != 0 || t.sec != 0 || t.usec != 0;
        int standard = !(neg && pos) && !(year_month && day_time);
        if (neg && standard) {
            *p++ = '-';
            t.year = -t.year, t.mon = -t.mon, t.mday = -t.mday, t.hour = -t.hour;
            t.min = -t.min, t.sec = -t.sec, t.usec = -t.usec;
        }
        if (!neg && !pos) {
            p += sprintf(p, "0");
        } else if (!standard) {
            char ys = t.year < 0 || t.mon < 0 ? '-' : '+';
            char ds = t.mday < 0 ? '-' : '+';
            char ts = t.hour < 0 || t.min < 0 || t.sec < 0 || t.usec < 0 ? '-' : '+';
            p += sprintf(p, "%c%lld-%lld %c%lld %c%lld:%02lld:", ys, (long long)abs64(t.year),
                         (long long)abs64(t.mon), ds, (long long)abs64(t.mday), ts,
                         (long long)abs64(t.hour), (long long)abs64(t.min));
            p += append_seconds(p, t.sec, t.usec, 1);
        } else if (year_month) {
            p += sprintf(p, "%lld-%lld", (long long)t.year, (long long)t.mon);
        } else if (t.mday != 0) {
            p += sprintf(p, "%lld %lld:%02lld:", (long long)t.mday, (long long)t.hour,
                         (long long)t.min);
            p += append_seconds(p, t.sec, t.usec, 1);
        } else {
            p += sprintf(p, "%lld:%02lld:", (long long)t.hour, (long long)t.min);
            p += append_seconds(p, t.sec, t.usec, 1);
        }
        break;
    }
    case LW_INTERVAL_ISO_8601:
        if (!t.year && !t.mon && !t.mday && !t.hour && !t.min && !t.sec && !t.usec) {
            p += sprintf(p, "PT0S");
            break;
        }
        *p++ = 'P';
        p += iso_part(p, t.year, 'Y');
        p += iso_part(p, t.mon, 'M');
        p += iso_part(p, t.mday, 'D');
        if (t.hour || t.min || t.sec || t.usec)
            *p++ = 'T';
        p += iso_part(p, t.hour, 'H');
        p += iso_part(p, t.min, 'M');
        if (t.sec || t.usec) {
            if (t.sec < 0 || t.usec < 0)
                *p++ = '-';
            p += append_seconds(p, t.sec, t.usec, 0);
            *p++ = 'S';
        }
        break;
    case LW_INTERVAL_POSTGRES_VERBOSE:
        *p++ = '@';
        p += verbose_part(p, t.year, "year", &is_zero, &is_before);
        p += verbose_part(p, t.mon, "mon", &is_zero, &is_before);
        p += verbose_part(p, t.mday, "day", &is_zero, &is_before);
        p += verbose_part(p, t.hour, "hour", &is_zero, &is_before);
        p += verbose_part(p, t.min, "min", &is_zero, &is_before);
        if (t.sec || t.usec) {
            *p++ = ' ';
            if (t.sec < 0 || (t.sec == 0 && t.usec < 0)) {
                if (is_zero)
                    is_before = 1;
                else if (!is_before)
                    *p++ = '-';
            } else if (is_before) {
                *p++ = '-';
            }
            p += append_seconds(p, t.sec, t.usec, 0);
            p += sprintf(p, " sec%s", (abs64(t.sec) != 1 || t.usec != 0) ? "s" : "");
            is_zero = 0;
        }
        if (is_zero)
            p += sprintf(p, " 0");
        if (is_before)
            p += sprintf(p, " ago");
        break;
    case LW_INTERVAL_POSTGRES:
    default:
        p += postgres_part(p, t.year, "year", &is_zero, &is_before);
        p += postgres_part(p, t.mon, "mon", &is_zero, &is_before);
        p += postgres_part(p, t.mday, "day", &is_zero, &is_before);
        if (is_zero || t.hour || t.min || t.sec || t.usec) {
            int minus = t.hour < 0 || t.min < 0 || t.sec < 0 || t.usec < 0;
            p += sprintf(p, "%s%s%02lld:%02lld:", is_zero ? "" : " ",
                         minus       ? "-"
                         : is_before ? "+"
                                     : "",
                         (long long)abs64(t.hour), (long long)abs64(t.min));
            p += append_seconds(p, t.sec, t.usec, 1);
        }
        break;
    }
    *p = 0;
    return (int)(p - buf);
}

/* ---- The stored form ------------------------------------------------------------------- */

/* An optionally signed decimal integer of at most 18 digits at s[*i]. */
static int read_signed(const char *s, size_t n, size_t *i, int64_t *v)
{
    size_t k = *i;
    int neg = 0;
    if (k < n && (s[k] == '+' || s[k] == '-'))
        neg = s[k++] == '-';
    size_t start = k;
    int64_t x = 0;
    while (k < n && s[k] >= '0' && s[k] <= '9' && k - start < 18)
        x = x * 10 + (s[k++] - '0');
    if (k == start || (k < n && s[k] >= '0' && s[k] <= '9'))
        return -1;
    *v = neg ? -x : x;
    *i = k;
    return 0;
}

static int word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t len = strlen(w);
    return n - i >= len && memcmp(s + i, w, len) == 0 && (i + len == n || s[i + len] == ' ');
}

int lw_interval_read(const char *s, size_t n, lw_interval *out)
{
    int64_t years = 0, months = 0, days = 0;
    int seen = 0; /* 1 years, 2 months, 4 days */
    size_t i = 0;
    memset(out, 0, sizeof *out);
    while (i < n) {
        size_t field = i;
        int64_t v;
        if (read_signed(s, n, &i, &v))
            return -1;
        if (i < n && s[i] == ':') {
            /* The time part: [+-]HH:MM:SS[.ffffff], last. */
            int neg = s[field] == '-';
            int64_t h = v < 0 ? -v : v, m = 0, sec = 0, frac = 0;
            if (i + 6 > n || s[i] != ':' || s[i + 3] != ':')
                return -1;
            for (int k = 1; k <= 5; k++)
                if (k != 3 && (s[i + k] < '0' || s[i + k] > '9'))
                    return -1;
            m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
            sec = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
            i += 6;
            if (m > 59 || sec > 59 || i - field < 8)
                return -1;
            if (i < n && s[i] == '.') {
                int digits = 0;
                for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
                    if (digits == 6)
                        return -1;
                    frac = frac * 10 + (s[i] - '0');
                }
                if (digits == 0)
                    return -1;
                for (; digits < 6; digits++)
                    frac *= 10;
            }
            if (i != n || h > INT64_MAX / LW_USEC_PER_HOUR - 1)
                return -1;
            int64_t t =
                h * LW_USEC_PER_HOUR + m * LW_USEC_PER_MINUTE + sec * LW_USEC_PER_SEC + frac;
            out->usec = neg ? -t : t;
            break;
        }
        if (i >= n || s[i] != ' ')
            return -1;
        i++;
        int unit = word_at(s, n, i, "year") || word_at(s, n, i, "years") ? 1
                   : word_at(s, n, i, "mon") || word_at(s, n, i, "mons") ? 2
                   : word_at(s, n, i, "day") || word_at(s, n, i, "days") ? 4
                                                                         : 0;
        if (!unit || (seen & ~(unit - 1)) || (seen & unit))
            return -1; /* units in order, each once */
        seen |= unit;
        while (i < n && s[i] >= 'a' && s[i] <= 'z')
            i++;
        if (unit == 1)
            years = v;
        else if (unit == 2)
            months = v;
        else
            days = v;
        if (i < n) {
            if (s[i] != ' ')
                return -1;
            i++;
            if (i == n)
                return -1;
        }
    }
    if (n == 0 || years < -178956970 || years > 178956970 || days < INT32_MIN || days > INT32_MAX)
        return -1;
    int64_t total = years * 12 + months;
    if (total < INT32_MIN || total > INT32_MAX)
        return -1;
    out->months = (int32_t)total;
    out->days = (int32_t)days;
    return 0;
}

/* ---- Comparison and arithmetic ------------------------------------------------------------ */

static __int128 linear_key(const lw_interval *a)
{
    int64_t days = (int64_t)a->months * DAYS_PER_MONTH + a->days;
    return (__int128)days * LW_USEC_PER_DAY + a->usec;
}

int lw_interval_cmp(const lw_interval *a, const lw_interval *b)
{
    __int128 x = linear_key(a), y = linear_key(b);
    return x < y ? -1 : x > y;
}

int lw_interval_sign(const lw_interval *a)
{
    __int128 x = linear_key(a);
    return x < 0 ? -1 : x > 0;
}

int lw_interval_add(const lw_interval *a, const lw_interval *b, lw_interval *out)
{
    return __builtin_add_overflow(a->months, b->months, &out->months) ||
                   __builtin_add_overflow(a->days, b->days, &out->days) ||
                   __builtin_add_overflow(a->usec, b->usec, &out->usec)
               ? -1
               : 0;
}

int lw_interval_sub(const lw_interval *a, const lw_interval *b, lw_interval *out)
{
    return __builtin_sub_overflow(a->months, b->months, &out->months) ||
                   __builtin_sub_overflow(a->days, b->days, &out->days) ||
                   __builtin_sub_overflow(a->usec, b->usec, &out->usec)
               ? -1
               : 0;
}

int lw_interval_neg(const lw_interval *a, lw_interval *out)
{
    static const lw_interval zero = {0, 0, 0};
    return lw_interval_sub(&zero, a, out);
}

static int fits_int32(double x)
{
    return x >= -2147483648.0 && x < 2147483648.0;
}

static int fits_int64(double x)
{
    return x >= -9223372036854775808.0 && x < 9223372036854775808.0;
}

/* PostgreSQL's TSROUND: rounded to microsecond precision. */
static double ts_round(double x)
{
    return rint(x * 1000000.0) / 1000000.0;
}

/* interval_mul and interval_div: months and days scaled, their fractions cascaded down
 * (never up), the time scaled. factor_is_divisor: divide by factor. */
static int scale(const lw_interval *a, double factor, int divide, lw_interval *out)
{
    if (isnan(factor))
        return -1;
    double m = divide ? a->months / factor : a->months * factor;
    double d = divide ? a->days / factor : a->days * factor;
    if (isnan(m) || !fits_int32(m) || isnan(d) || !fits_int32(d))
        return -1;
    lw_interval r;
    r.months = (int32_t)m;
    r.days = (int32_t)d;
    double month_days = ts_round((m - r.months) * DAYS_PER_MONTH);
    double sec = ts_round((d - r.days + month_days - (int)month_days) * SECS_PER_DAY);
    if (fabs(sec) >= SECS_PER_DAY) {
        if (__builtin_add_overflow(r.days, (int)(sec / SECS_PER_DAY), &r.days))
            return -1;
        sec -= (int)(sec / SECS_PER_DAY) * (double)SECS_PER_DAY;
    }
    if (__builtin_add_overflow(r.days, (int32_t)month_days, &r.days))
        return -1;
    double t = rint((divide ? a->usec / factor : a->usec * factor) + sec * 1000000.0);
    if (isnan(t) || !fits_int64(t))
        return -1;
    r.usec = (int64_t)t;
    *out = r;
    return 0;
}

int lw_interval_mul(const lw_interval *a, double factor, lw_interval *out)
{
    return scale(a, factor, 0, out);
}

int lw_interval_div(const lw_interval *a, double factor, lw_interval *out)
{
    return scale(a, factor, 1, out);
}

int lw_interval_justify_hours(const lw_interval *a, lw_interval *out)
{
    lw_interval r = *a;
    int64_t whole = r.usec / LW_USEC_PER_DAY;
    r.usec -= whole * LW_USEC_PER_DAY;
    if (whole < INT32_MIN || whole > INT32_MAX ||
        __builtin_add_overflow(r.days, (int32_t)whole, &r.days))
        return -1;
    if (r.days > 0 && r.usec < 0) {
        r.usec += LW_USEC_PER_DAY;
        r.days--;
    } else if (r.days < 0 && r.usec > 0) {
        r.usec -= LW_USEC_PER_DAY;
        r.days++;
    }
    *out = r;
    return 0;
}

int lw_interval_justify_days(const lw_interval *a, lw_interval *out)
{
    lw_interval r = *a;
    int32_t whole = r.days / DAYS_PER_MONTH;
    r.days -= whole * DAYS_PER_MONTH;
    if (__builtin_add_overflow(r.months, whole, &r.months))
        return -1;
    if (r.months > 0 && r.days < 0) {
        r.days += DAYS_PER_MONTH;
        r.months--;
    } else if (r.months < 0 && r.days > 0) {
        r.days -= DAYS_PER_MONTH;
        r.months++;
    }
    *out = r;
    return 0;
}

int lw_interval_justify(const lw_interval *a, lw_interval *out)
{
    lw_interval r = *a;
    int32_t whole_month;
    if ((r.days > 0 && r.usec > 0) || (r.days < 0 && r.usec < 0)) {
        /* Days first when that keeps the sum from overflowing. */
        whole_month = r.days / DAYS_PER_MONTH;
        r.days -= whole_month * DAYS_PER_MONTH;
        if (__builtin_add_overflow(r.months, whole_month, &r.months))
            return -1;
    }
    int64_t whole_day = r.usec / LW_USEC_PER_DAY;
    r.usec -= whole_day * LW_USEC_PER_DAY;
    r.days += (int32_t)whole_day;
    whole_month = r.days / DAYS_PER_MONTH;
    r.days -= whole_month * DAYS_PER_MONTH;
    if (__builtin_add_overflow(r.months, whole_month, &r.months))
        return -1;
    if (r.months > 0 && (r.days < 0 || (r.days == 0 && r.usec < 0))) {
        r.days += DAYS_PER_MONTH;
        r.months--;
    } else if (r.months < 0 && (r.days > 0 || (r.days == 0 && r.usec > 0))) {
        r.days -= DAYS_PER_MONTH;
        r.months++;
    }
    if (r.days > 0 && r.usec < 0) {
        r.usec += LW_USEC_PER_DAY;
        r.days--;
    } else if (r.days < 0 && r.usec > 0) {
        r.usec -= LW_USEC_PER_DAY;
        r.days++;
    }
    *out = r;
    return 0;
}

int lw_add_months(int *year, int *month, int *day, int64_t months)
{
    int64_t total = (int64_t)*year * 12 + (*month - 1) + months;
    int64_t y = lw_floor_div(total, 12);
    if (y < INT32_MIN || y > INT32_MAX)
        return -1;
    *year = (int)y;
    *month = (int)lw_floor_mod(total, 12) + 1;
    int dim = lw_days_in_month(*year, *month);
    if (*day > dim)
        *day = dim;
    return 0;
}
