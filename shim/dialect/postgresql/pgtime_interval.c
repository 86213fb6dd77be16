/*
 * PostgreSQL's interval input (pgtime.h): DecodeInterval reads the fields from right
 * to left, so a bare number takes the unit after it, or the least significant field
 * of the type modifier (INTERVAL '1' YEAR); fractions spill into smaller units (a
 * month is 30 days, a day 24 hours); each field is checked against 32 bits (22015
 * "interval field value out of range") and the months against the interval's range
 * (22008 "interval out of range"). Text that is no such interval is read as ISO 8601
 * (P1Y2M3DT4H5M6S, P0001-02-03T04:05:06). The type modifier's range and precision
 * then round or cut the value, and extract/date_trunc read their unit words here.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/postgresql/pgtime_int.h"

/* ---- Intervals: DecodeInterval and ISO 8601 ------------------------------------------------- */

typedef struct itm_in {
    int64_t usec;
    int32_t mday, mon, year;
} itm_in;

static int mul_add(int64_t val, int64_t mult, int64_t *sum)
{
    int64_t p;
    return !__builtin_mul_overflow(val, mult, &p) && !__builtin_add_overflow(*sum, p, sum);
}

static int adjust_fract_usec(double frac, int64_t scale, itm_in *it)
{
    if (frac == 0)
        return 1;
    frac *= (double)scale;
    int64_t usec = (int64_t)frac;
    frac -= (double)usec;
    if (frac > 0.5)
        usec++;
    else if (frac < -0.5)
        usec--;
    return !__builtin_add_overflow(it->usec, usec, &it->usec);
}

static int adjust_fract_days(double frac, int scale, itm_in *it)
{
    if (frac == 0)
        return 1;
    frac *= scale;
    int extra = (int)frac;
    if (__builtin_add_overflow(it->mday, extra, &it->mday))
        return 0;
    return adjust_fract_usec(frac - extra, LW_USEC_PER_DAY, it);
}

static int adjust_fract_years(double frac, int scale, itm_in *it)
{
    int extra = (int)rint(frac * scale * 12);
    return !__builtin_add_overflow(it->mon, extra, &it->mon);
}

static int adjust_usec(int64_t val, double fval, int64_t scale, itm_in *it)
{
    return mul_add(val, scale, &it->usec) && adjust_fract_usec(fval, scale, it);
}

static int adjust_days(int64_t val, int scale, itm_in *it)
{
    int32_t days;
    return val >= INT32_MIN && val <= INT32_MAX &&
           !__builtin_mul_overflow((int32_t)val, scale, &days) &&
           !__builtin_add_overflow(it->mday, days, &it->mday);
}

static int adjust_months(int64_t val, itm_in *it)
{
    return val >= INT32_MIN && val <= INT32_MAX &&
           !__builtin_add_overflow(it->mon, (int32_t)val, &it->mon);
}

static int adjust_years(int64_t val, int scale, itm_in *it)
{
    int32_t years;
    return val >= INT32_MIN && val <= INT32_MAX &&
           !__builtin_mul_overflow((int32_t)val, scale, &years) &&
           !__builtin_add_overflow(it->year, years, &it->year);
}

/* Adds val of a unit and the fraction fval of one to it, each fraction spread down as
 * PostgreSQL does: a year's to months, a month's (30 days) and a week's to days, and a
 * day's to microseconds. 0 on overflow (or for a unit an interval does not have). */
static int add_units(int unit, int64_t val, double fval, itm_in *it)
{
    switch (unit) {
    case PG_U_MICROSEC:
        return adjust_usec(val, fval, 1, it);
    case PG_U_MILLISEC:
        return adjust_usec(val, fval, 1000, it);
    case PG_U_SECOND:
        return adjust_usec(val, fval, LW_USEC_PER_SEC, it);
    case PG_U_MINUTE:
        return adjust_usec(val, fval, LW_USEC_PER_MINUTE, it);
    case PG_U_HOUR:
        return adjust_usec(val, fval, LW_USEC_PER_HOUR, it);
    case PG_U_DAY:
        return adjust_days(val, 1, it) && adjust_fract_usec(fval, LW_USEC_PER_DAY, it);
    case PG_U_WEEK:
        return adjust_days(val, 7, it) && adjust_fract_days(fval, 7, it);
    case PG_U_MONTH:
        return adjust_months(val, it) && adjust_fract_days(fval, 30, it);
    case PG_U_YEAR:
        return adjust_years(val, 1, it) && adjust_fract_years(fval, 1, it);
    case PG_U_DECADE:
        return adjust_years(val, 10, it) && adjust_fract_years(fval, 10, it);
    case PG_U_CENTURY:
        return adjust_years(val, 100, it) && adjust_fract_years(fval, 100, it);
    case PG_U_MILLENNIUM:
        return adjust_years(val, 1000, it) && adjust_fract_years(fval, 1000, it);
    default:
        return 0;
    }
}

/* The part of an interval a unit gives (its mask bit refuses the unit twice), or -1
 * for a unit an interval does not have. */
static int unit_field(int unit)
{
    static const struct {
        int unit, field;
    } fields[] = {
        {PG_U_MICROSEC, T_MICROSECOND},
        {PG_U_MILLISEC, T_MILLISECOND},
        {PG_U_SECOND, T_SECOND},
        {PG_U_MINUTE, T_MINUTE},
        {PG_U_HOUR, T_HOUR},
        {PG_U_DAY, T_DAY},
        {PG_U_WEEK, T_WEEK},
        {PG_U_MONTH, T_MONTH},
        {PG_U_YEAR, T_YEAR},
        {PG_U_DECADE, T_DECADE},
        {PG_U_CENTURY, T_CENTURY},
        {PG_U_MILLENNIUM, T_MILLENNIUM},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].unit == unit)
            return fields[i].field;
    return -1;
}

/* DecodeTimeForInterval: the time field's microseconds replace itm's. */
static pg_dterr decode_interval_time(const char *s, int range, itm_in *it)
{
    int64_t hour;
    int min, sec;
    int32_t usec;
    pg_dterr err = pg_decode_time_common(s, range, &hour, &min, &sec, &usec);
    if (err)
        return err;
    it->usec = usec;
    if (!mul_add(hour, LW_USEC_PER_HOUR, &it->usec) ||
        !mul_add(min, LW_USEC_PER_MINUTE, &it->usec) || !mul_add(sec, LW_USEC_PER_SEC, &it->usec))
        return PG_DTERR_FIELD_OVERFLOW;
    return PG_DT_OK;
}

static pg_dterr decode_interval(const pg_fields *f, int range, lw_interval_style style, itm_in *it)
{
    int force_negative = 0, is_before = 0, type = T_IGNORE;
    unsigned fmask = 0, tmask;
    memset(it, 0, sizeof *it);
    /* SQL standard style: a leading minus applies to every field without a sign. */
    if (style == LW_INTERVAL_SQL_STANDARD && f->n > 0 && f->field[0][0] == '-') {
        force_negative = 1;
        for (int i = 1; i < f->n; i++)
            if (f->field[i][0] == '-' || f->field[i][0] == '+') {
                force_negative = 0;
                break;
            }
    }
    for (int i = f->n - 1; i >= 0; i--) {
        const char *field = f->field[i];
        pg_dterr err;
        switch (f->type[i]) {
        case F_TIME:
            if ((err = decode_interval_time(field, range, it)) != 0)
                return err;
            if (force_negative && it->usec > 0)
                it->usec = -it->usec;
            tmask = TIME_M;
            type = PG_U_DAY;
            break;
        case F_TZ:
            if (strchr(field + 1, ':') && decode_interval_time(field + 1, range, it) == 0) {
                if (field[0] == '-') {
                    if (it->usec == INT64_MIN)
                        return PG_DTERR_FIELD_OVERFLOW;
                    it->usec = -it->usec;
                }
                if (force_negative && it->usec > 0)
                    it->usec = -it->usec;
                tmask = TIME_M;
                type = PG_U_DAY;
                break;
            }
            /* A signed number, or years-months: */
            /* fall through */
        case F_DATE:
        case F_NUMBER: {
            if (type == T_IGNORE) {
                /* The modifier's least significant field. */
                switch (range) {
                case PG_IV_YEAR:
                    type = PG_U_YEAR;
                    break;
                case PG_IV_MONTH:
                case PG_IV_YEAR | PG_IV_MONTH:
                    type = PG_U_MONTH;
                    break;
                case PG_IV_DAY:
                    type = PG_U_DAY;
                    break;
                case PG_IV_HOUR:
                case PG_IV_DAY | PG_IV_HOUR:
                    type = PG_U_HOUR;
                    break;
                case PG_IV_MINUTE:
                case PG_IV_HOUR | PG_IV_MINUTE:
                case PG_IV_DAY | PG_IV_HOUR | PG_IV_MINUTE:
                    type = PG_U_MINUTE;
                    break;
                default:
                    type = PG_U_SECOND;
                    break;
                }
            }
            char *cp;
            errno = 0;
            long long v = strtoll(field, &cp, 10);
            if (errno == ERANGE)
                return PG_DTERR_FIELD_OVERFLOW;
            int64_t val = v;
            double fval = 0;
            if (*cp == '-') {
                /* SQL years-months */
                int ov, val2 = pg_str_to_int(cp + 1, &cp, &ov);
                if (ov || val2 < 0 || val2 >= 12)
                    return PG_DTERR_FIELD_OVERFLOW;
                if (*cp != 0)
                    return PG_DTERR_BAD_FORMAT;
                type = PG_U_MONTH;
                if (field[0] == '-')
                    val2 = -val2;
                if (__builtin_mul_overflow(val, (int64_t)12, &val) ||
                    __builtin_add_overflow(val, (int64_t)val2, &val))
                    return PG_DTERR_FIELD_OVERFLOW;
            } else if (*cp == '.') {
                if (pg_parse_fraction(cp, &fval))
                    return PG_DTERR_BAD_FORMAT;
                if (field[0] == '-')
                    fval = -fval;
            } else if (*cp != 0) {
                return PG_DTERR_BAD_FORMAT;
            }
            if (force_negative) {
                if (val > 0)
                    val = -val;
                if (fval > 0)
                    fval = -fval;
            }
            int part = unit_field(type);
            if (part < 0)
                return PG_DTERR_BAD_FORMAT;
            /* Seconds with a fraction give the milli- and microseconds too. */
            tmask = type == PG_U_SECOND && fval != 0 ? ALL_SECS_M : M(part);
            if (!add_units(type, val, fval, it))
                return PG_DTERR_FIELD_OVERFLOW;
            if (type == PG_U_HOUR)
                type = PG_U_DAY; /* the unit of a bare number after hours */
            break;
        }
        case F_STRING:
        case F_SPECIAL: {
            int uval, t = pg_tok_units(field, &uval);
            if (t == T_IGNORE)
                continue;
            tmask = 0;
            if (t == T_UNITS)
                type = uval;
            else if (t == T_AGO)
                is_before = 1, type = uval;
            else
                return PG_DTERR_BAD_FORMAT;
            break;
        }
        default:
            return PG_DTERR_BAD_FORMAT;
        }
        if (tmask & fmask)
            return PG_DTERR_BAD_FORMAT;
        fmask |= tmask;
    }
    if (fmask == 0)
        return PG_DTERR_BAD_FORMAT;
    if (is_before) {
        if (it->usec == INT64_MIN || it->mday == INT32_MIN || it->mon == INT32_MIN ||
            it->year == INT32_MIN)
            return PG_DTERR_FIELD_OVERFLOW;
        it->usec = -it->usec;
        it->mday = -it->mday;
        it->mon = -it->mon;
        it->year = -it->year;
    }
    return PG_DT_OK;
}

/* A number of an ISO 8601 field (strtod's forms, |v| <= 1e15): integer and fraction. */
static pg_dterr iso_number(const char *s, const char **end, int64_t *ipart, double *fpart)
{
    if (!(pg_is_digit(*s) || *s == '-' || *s == '.'))
        return PG_DTERR_BAD_FORMAT;
    char *e;
    double v = strtod(s, &e);
    if (e == s)
        return PG_DTERR_BAD_FORMAT;
    if (isnan(v) || v < -1.0e15 || v > 1.0e15)
        return PG_DTERR_FIELD_OVERFLOW;
    *ipart = v >= 0 ? (int64_t)floor(v) : -(int64_t)floor(-v);
    *fpart = v - (double)*ipart;
    *end = e;
    return PG_DT_OK;
}

static int iso_int_width(const char *s)
{
    if (*s == '-')
        s++;
    int k = 0;
    while (pg_is_digit(s[k]))
        k++;
    return k;
}

/* The unit an ISO 8601 designator stands for: Y, M, W, D in the date part, H, M, S in
 * the time part (after T); 0 for any other character. */
static int designator_unit(int datepart, char c)
{
    switch (c) {
    case 'Y':
        return datepart ? PG_U_YEAR : 0;
    case 'M':
        return datepart ? PG_U_MONTH : PG_U_MINUTE;
    case 'W':
        return datepart ? PG_U_WEEK : 0;
    case 'D':
        return datepart ? PG_U_DAY : 0;
    case 'H':
        return datepart ? 0 : PG_U_HOUR;
    case 'S':
        return datepart ? 0 : PG_U_SECOND;
    default:
        return 0;
    }
}

/* DecodeISO8601Interval: s is NUL-terminated. */
static pg_dterr decode_iso_interval(const char *s, itm_in *it)
{
    int datepart = 1, havefield = 0;
    pg_dterr err;
    memset(it, 0, sizeof *it);
    if (strlen(s) < 2 || s[0] != 'P')
        return PG_DTERR_BAD_FORMAT;
    s++;
    while (*s) {
        if (*s == 'T') {
            datepart = 0;
            havefield = 0;
            s++;
            continue;
        }
        const char *start = s;
        int64_t val;
        double fval;
        if ((err = iso_number(s, &s, &val, &fval)) != 0)
            return err;
        char unit = *s;
        if (unit)
            s++;
        int designated = designator_unit(datepart, unit);
        if (designated) {
            if (!add_units(designated, val, fval, it))
                return PG_DTERR_FIELD_OVERFLOW;
        } else if (datepart) {
            switch (unit) {
            case 'T':
            case 0:
                if (iso_int_width(start) == 8 && !havefield) {
                    if (!adjust_years(val / 10000, 1, it) || !adjust_months(val / 100 % 100, it) ||
                        !adjust_days(val % 100, 1, it) ||
                        !adjust_fract_usec(fval, LW_USEC_PER_DAY, it))
                        return PG_DTERR_FIELD_OVERFLOW;
                    if (unit == 0)
                        return PG_DT_OK;
                    datepart = 0;
                    havefield = 0;
                    continue;
                }
                /* The extended alternative format: */
                /* fall through */
            case '-':
                if (havefield)
                    return PG_DTERR_BAD_FORMAT;
                if (!add_units(PG_U_YEAR, val, fval, it))
                    return PG_DTERR_FIELD_OVERFLOW;
                if (unit == 0)
                    return PG_DT_OK;
                if (unit == 'T') {
                    datepart = 0;
                    havefield = 0;
                    continue;
                }
                if ((err = iso_number(s, &s, &val, &fval)) != 0)
                    return err;
                if (!add_units(PG_U_MONTH, val, fval, it))
                    return PG_DTERR_FIELD_OVERFLOW;
                if (*s == 0)
                    return PG_DT_OK;
                if (*s == 'T') {
                    datepart = 0;
                    havefield = 0;
                    s++;
                    continue;
                }
                if (*s != '-')
                    return PG_DTERR_BAD_FORMAT;
                s++;
                if ((err = iso_number(s, &s, &val, &fval)) != 0)
                    return err;
                if (!add_units(PG_U_DAY, val, fval, it))
                    return PG_DTERR_FIELD_OVERFLOW;
                if (*s == 0)
                    return PG_DT_OK;
                if (*s == 'T') {
                    datepart = 0;
                    havefield = 0;
                    s++;
                    continue;
                }
                return PG_DTERR_BAD_FORMAT;
            default:
                return PG_DTERR_BAD_FORMAT;
            }
        } else {
            switch (unit) {
            case 0:
                if (iso_int_width(start) == 6 && !havefield) {
                    if (!adjust_usec(val / 10000, 0, LW_USEC_PER_HOUR, it) ||
                        !adjust_usec(val / 100 % 100, 0, LW_USEC_PER_MINUTE, it) ||
                        !adjust_usec(val % 100, 0, LW_USEC_PER_SEC, it) ||
                        !adjust_fract_usec(fval, 1, it))
                        return PG_DTERR_FIELD_OVERFLOW;
                    return PG_DT_OK;
                }
                /* fall through */
            case ':':
                if (havefield)
                    return PG_DTERR_BAD_FORMAT;
                if (!add_units(PG_U_HOUR, val, fval, it))
                    return PG_DTERR_FIELD_OVERFLOW;
                if (unit == 0)
                    return PG_DT_OK;
                if ((err = iso_number(s, &s, &val, &fval)) != 0)
                    return err;
                if (!add_units(PG_U_MINUTE, val, fval, it))
                    return PG_DTERR_FIELD_OVERFLOW;
                if (*s == 0)
                    return PG_DT_OK;
                if (*s != ':')
                    return PG_DTERR_BAD_FORMAT;
                s++;
                if ((err = iso_number(s, &s, &val, &fval)) != 0)
                    return err;
                if (!add_units(PG_U_SECOND, val, fval, it))
                    return PG_DTERR_FIELD_OVERFLOW;
                return *s == 0 ? PG_DT_OK : PG_DTERR_BAD_FORMAT;
            default:
                return PG_DTERR_BAD_FORMAT;
            }
        }
        havefield = 1;
    }
    return PG_DT_OK;
}

int pg_interval_typmod(int range, int precision)
{
    if (range == PG_IV_FULL_RANGE && precision == PG_IV_FULL_PRECISION)
        return -1;
    return (range << 16) | (precision & 0xFFFF);
}

int pg_interval_adjust(lw_interval *iv, int typmod)
{
    static const int64_t scales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (typmod < 0)
        return 0;
    int range = (typmod >> 16) & 0x7FFF, precision = typmod & 0xFFFF;
    if (range == PG_IV_YEAR) {
        iv->months = iv->months / 12 * 12;
        iv->days = 0;
        iv->usec = 0;
    } else if (range == PG_IV_MONTH || range == (PG_IV_YEAR | PG_IV_MONTH)) {
        iv->days = 0;
        iv->usec = 0;
    } else if (range == PG_IV_DAY) {
        iv->usec = 0;
    } else if (range == PG_IV_HOUR || range == (PG_IV_DAY | PG_IV_HOUR)) {
        iv->usec = iv->usec / LW_USEC_PER_HOUR * LW_USEC_PER_HOUR;
    } else if (range == PG_IV_MINUTE || range == (PG_IV_HOUR | PG_IV_MINUTE) ||
               range == (PG_IV_DAY | PG_IV_HOUR | PG_IV_MINUTE)) {
        iv->usec = iv->usec / LW_USEC_PER_MINUTE * LW_USEC_PER_MINUTE;
    }
    if (precision != PG_IV_FULL_PRECISION && precision >= 0 && precision <= 6) {
        int64_t s = scales[precision], off = s / 2;
        if (iv->usec >= 0) {
            if (__builtin_add_overflow(iv->usec, off, &iv->usec))
                return -1;
        } else if (__builtin_sub_overflow(iv->usec, off, &iv->usec)) {
            return -1;
        }
        iv->usec -= iv->usec % s;
    }
    return 0;
}

pg_dterr pg_interval_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, lw_interval *out)
{
    pg_fields f;
    itm_in it;
    int range = typmod >= 0 ? (typmod >> 16) & 0x7FFF : PG_IV_FULL_RANGE;
    pg_dterr err = pg_split_input(s, n, 256, &f);
    if (!err)
        err = decode_interval(&f, range, ctx ? ctx->style : LW_INTERVAL_POSTGRES, &it);
    if (err == PG_DTERR_BAD_FORMAT) {
        char buf[1025];
        if (n >= sizeof buf || memchr(s, 0, n))
            return PG_DTERR_BAD_FORMAT;
        memcpy(buf, s, n);
        buf[n] = 0;
        err = decode_iso_interval(buf, &it);
    }
    if (err)
        return err == PG_DTERR_FIELD_OVERFLOW ? PG_DTERR_INTERVAL_FIELD : err;
    int64_t months = (int64_t)it.year * 12 + it.mon;
    if (months < INT32_MIN || months > INT32_MAX)
        return PG_DTERR_INTERVAL_RANGE;
    out->months = (int32_t)months;
    out->days = it.mday;
    out->usec = it.usec;
    if (pg_interval_adjust(out, typmod))
        return PG_DTERR_INTERVAL_RANGE;
    return PG_DT_OK;
}

/* ---- Units for extract, date_part, date_trunc ------------------------------------------------ */

int pg_decode_unit(const char *low, int *value, int *reserved)
{
    *reserved = 0;
    int type = pg_tok_units(low, value);
    if (type == T_UNITS)
        return 1;
    type = pg_tok_special(low, value);
    if (type == T_RESERV) {
        *reserved = 1;
        return 1;
    }
    if (type == T_UNITS)
        return 1;
    return 0;
}
