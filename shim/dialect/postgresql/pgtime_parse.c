/*
 * PostgreSQL's date/time input (pgtime.h), as its datetime.c reads text:
 *
 *   split     the text into fields, lower-cased: numbers, dates (digits with - / .
 *             or a month name), times (digits with colons), signed numbers and
 *             offsets, words, and words after a sign (-infinity); other punctuation
 *             only separates fields
 *   decode    each field by its kind and by what the fields before it gave (a mask
 *             of the parts seen): a 1- or 2-digit first number is the month (DateStyle
 *             MDY), a 3-digit one after a year a day of year, 6 or 8 digits run
 *             together a date or a time, a word a month, weekday, AM/PM, BC, a zone
 *             abbreviation, a zone name, 'epoch', 'infinity', 'now', 'today'...
 *   validate  the date (no year 0, the day within its month, two-digit years in
 *             1970-2069) and apply AM/PM and the zone
 *
 * Intervals read their fields from right to left, so a bare number takes the unit
 * after it (or the least significant field of the type modifier), and fall back to
 * ISO 8601 (P1Y2M3DT4H5M6S and P0001-02-03T04:05:06). Errors are PostgreSQL's codes
 * (pgtime.h pg_dterr); the callers quote the input.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/postgresql/pgtime_int.h"

static pg_dterr decode_time(const char *s, unsigned *tmask, pg_tm *tm)
{
    int64_t hour;
    pg_dterr err = pg_decode_time_common(s, PG_IV_FULL_RANGE, &hour, &tm->min, &tm->sec, &tm->usec);
    *tmask = TIME_M;
    if (err)
        return err;
    if (hour > INT32_MAX)
        return PG_DTERR_FIELD_OVERFLOW;
    tm->hour = (int)hour;
    return PG_DT_OK;
}

static int time_overflows(int hour, int min, int sec, int32_t usec)
{
    if (hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60 || usec < 0 ||
        usec > 1000000)
        return 1;
    return (((int64_t)hour * 60 + min) * 60 + sec) * LW_USEC_PER_SEC + usec > LW_USEC_PER_DAY;
}

/* DecodeTimezone: +hh[:mm[:ss]] or +hhmm; *tz gets the offset west. */
static pg_dterr decode_timezone(const char *s, int32_t *tz)
{
    if (*s != '+' && *s != '-')
        return PG_DTERR_BAD_FORMAT;
    char *cp;
    int ov, hr, min, sec = 0;
    hr = pg_str_to_int(s + 1, &cp, &ov);
    if (ov)
        return PG_DTERR_TZDISP_OVERFLOW;
    if (*cp == ':') {
        min = pg_str_to_int(cp + 1, &cp, &ov);
        if (ov)
            return PG_DTERR_TZDISP_OVERFLOW;
        if (*cp == ':') {
            sec = pg_str_to_int(cp + 1, &cp, &ov);
            if (ov)
                return PG_DTERR_TZDISP_OVERFLOW;
        }
    } else if (*cp == 0 && strlen(s) > 3) {
        min = hr % 100;
        hr /= 100;
    } else {
        min = 0;
    }
    if (hr < 0 || hr > PG_MAX_TZDISP_HOUR || min < 0 || min >= 60 || sec < 0 || sec >= 60)
        return PG_DTERR_TZDISP_OVERFLOW;
    int32_t v = (hr * 60 + min) * 60 + sec;
    *tz = *s == '-' ? v : -v;
    return *cp == 0 ? PG_DT_OK : PG_DTERR_BAD_FORMAT;
}

/* ---- Dates ------------------------------------------------------------------------------- */

static pg_dterr decode_number_field(size_t len, char *s, unsigned fmask, unsigned *tmask, pg_tm *tm,
                                    int *is2digits, int *kind);

/* DecodeNumber: a plain number in context. */
static pg_dterr decode_number(size_t flen, char *s, int text_month, unsigned fmask, unsigned *tmask,
                              pg_tm *tm, int *is2digits)
{
    char *cp;
    int ov, kind;
    *tmask = 0;
    int val = pg_str_to_int(s, &cp, &ov);
    if (ov)
        return PG_DTERR_FIELD_OVERFLOW;
    if (cp == s)
        return PG_DTERR_BAD_FORMAT;
    if (*cp == '.') {
        if (cp - s > 2)
            return decode_number_field(flen, s, fmask | DATE_M, tmask, tm, is2digits, &kind);
        if (pg_parse_fractional_second(cp, &tm->usec))
            return PG_DTERR_BAD_FORMAT;
    } else if (*cp != 0) {
        return PG_DTERR_BAD_FORMAT;
    }
    if (flen == 3 && (fmask & DATE_M) == M(T_YEAR) && val >= 1 && val <= 366) {
        *tmask = M(T_DOY) | M(T_MONTH) | M(T_DAY);
        tm->yday = val;
        return PG_DT_OK;
    }
    switch (fmask & DATE_M) {
    case 0:
        /* YYYY-... with three or more digits; else DateStyle MDY's month. */
        if (flen >= 3) {
            *tmask = M(T_YEAR);
            tm->year = val;
        } else {
            *tmask = M(T_MONTH);
            tm->mon = val;
        }
        break;
    case M(T_YEAR):
        *tmask = M(T_MONTH);
        tm->mon = val;
        break;
    case M(T_MONTH):
        if (text_month) {
            if (flen >= 3) {
                *tmask = M(T_YEAR);
                tm->year = val;
            } else {
                *tmask = M(T_DAY);
                tm->mday = val;
            }
        } else {
            *tmask = M(T_DAY);
            tm->mday = val;
        }
        break;
    case M(T_YEAR) | M(T_MONTH):
        if (text_month && flen >= 3 && *is2digits) {
            *tmask = M(T_DAY);
            tm->mday = tm->year;
            tm->year = val;
            *is2digits = 0;
        } else {
            *tmask = M(T_DAY);
            tm->mday = val;
        }
        break;
    case M(T_DAY):
        *tmask = M(T_MONTH);
        tm->mon = val;
        break;
    case M(T_MONTH) | M(T_DAY):
        *tmask = M(T_YEAR);
        tm->year = val;
        break;
    case DATE_M:
        return decode_number_field(flen, s, fmask, tmask, tm, is2digits, &kind);
    default:
        return PG_DTERR_BAD_FORMAT;
    }
    if (*tmask == M(T_YEAR))
        *is2digits = flen <= 2;
    return PG_DT_OK;
}

/* DecodeNumberField: digits run together (yyyymmdd, hhmmss, hhmm), maybe with a
 * fraction. *kind is 1 for a date, 2 for a time. */
static pg_dterr decode_number_field(size_t len, char *s, unsigned fmask, unsigned *tmask, pg_tm *tm,
                                    int *is2digits, int *kind)
{
    char *cp = strchr(s, '.');
    *kind = 0;
    if (cp) {
        if (cp[1] == 0) {
            tm->usec = 0;
        } else {
            double frac = strtod(cp, NULL);
            tm->usec = (int32_t)rint(frac * 1000000);
        }
        *cp = 0;
        len = strlen(s);
    } else if ((fmask & DATE_M) != DATE_M && len >= 6) {
        *tmask = DATE_M;
        tm->mday = atoi(s + len - 2);
        s[len - 2] = 0;
        tm->mon = atoi(s + len - 4);
        s[len - 4] = 0;
        tm->year = atoi(s);
        if (len - 4 == 2)
            *is2digits = 1;
        *kind = 1;
        return PG_DT_OK;
    }
    if ((fmask & TIME_M) != TIME_M) {
        if (len == 6) {
            *tmask = TIME_M;
            tm->sec = atoi(s + 4);
            s[4] = 0;
            tm->min = atoi(s + 2);
            s[2] = 0;
            tm->hour = atoi(s);
            *kind = 2;
            return PG_DT_OK;
        }
        if (len == 4) {
            *tmask = TIME_M;
            tm->sec = 0;
            tm->min = atoi(s + 2);
            s[2] = 0;
            tm->hour = atoi(s);
            *kind = 2;
            return PG_DT_OK;
        }
    }
    return PG_DTERR_BAD_FORMAT;
}

/* DecodeDate: a date with separators, text month first. */
static pg_dterr decode_date(char *s, unsigned fmask, unsigned *tmask, int *is2digits, pg_tm *tm)
{
    char *field[PG_MAXDATEFIELDS];
    int nf = 0, text_month = 0;
    *tmask = 0;
    while (*s && nf < PG_MAXDATEFIELDS) {
        while (*s && !pg_is_digit(*s) && !pg_is_alpha(*s))
            s++;
        if (!*s)
            return PG_DTERR_BAD_FORMAT;
        field[nf] = s;
        if (pg_is_digit(*s))
            while (pg_is_digit(*s))
                s++;
        else
            while (pg_is_alpha(*s))
                s++;
        if (*s)
            *s++ = 0;
        nf++;
    }
    for (int i = 0; i < nf; i++) {
        if (!pg_is_alpha(*field[i]))
            continue;
        int val, type = pg_tok_special(field[i], &val);
        if (type == T_IGNORE)
            continue;
        if (type != T_MONTH)
            return PG_DTERR_BAD_FORMAT;
        unsigned dmask = M(type);
        tm->mon = val;
        text_month = 1;
        if (fmask & dmask)
            return PG_DTERR_BAD_FORMAT;
        fmask |= dmask;
        *tmask |= dmask;
        field[i] = NULL;
    }
    for (int i = 0; i < nf; i++) {
        if (!field[i])
            continue;
        size_t len = strlen(field[i]);
        if (len == 0)
            return PG_DTERR_BAD_FORMAT;
        unsigned dmask;
        pg_dterr err = decode_number(len, field[i], text_month, fmask, &dmask, tm, is2digits);
        if (err)
            return err;
        if (fmask & dmask)
            return PG_DTERR_BAD_FORMAT;
        fmask |= dmask;
        *tmask |= dmask;
    }
    if ((fmask & ~(M(T_DOY) | M(T_TZ))) != DATE_M)
        return PG_DTERR_BAD_FORMAT;
    return PG_DT_OK;
}

/* ValidateDate: years AD/BC and two-digit years, day of year, month and day ranges. */
static pg_dterr validate_date(unsigned fmask, int julian, int is2digits, int bc, pg_tm *tm)
{
    if (fmask & M(T_YEAR)) {
        if (julian) {
            /* the year is right as it is */
        } else if (bc) {
            if (tm->year <= 0)
                return PG_DTERR_FIELD_OVERFLOW;
            tm->year = -(tm->year - 1);
        } else if (is2digits) {
            if (tm->year < 0)
                return PG_DTERR_FIELD_OVERFLOW;
            if (tm->year < 70)
                tm->year += 2000;
            else if (tm->year < 100)
                tm->year += 1900;
        } else if (tm->year <= 0) {
            return PG_DTERR_FIELD_OVERFLOW;
        }
    }
    if (fmask & M(T_DOY))
        pg_j2date(pg_date2j(tm->year, 1, 1) + tm->yday - 1, &tm->year, &tm->mon, &tm->mday);
    if ((fmask & M(T_MONTH)) && (tm->mon < 1 || tm->mon > 12))
        return PG_DTERR_MD_OVERFLOW;
    if ((fmask & M(T_DAY)) && (tm->mday < 1 || tm->mday > 31))
        return PG_DTERR_MD_OVERFLOW;
    if ((fmask & DATE_M) == DATE_M && tm->mday > lw_days_in_month(tm->year, tm->mon))
        return PG_DTERR_FIELD_OVERFLOW;
    return PG_DT_OK;
}

/* The session's date now (for 'today' and zones that need a date). */
static void current_date(pg_dtctx *ctx, pg_tm *tm)
{
    pg_tm now;
    if (pg_timestamp2tm(ctx->now, ctx->session, &now, NULL) == 0) {
        tm->year = now.year;
        tm->mon = now.mon;
        tm->mday = now.mday;
    }
}

/* DecodeTimezoneAbbrev: a word of PostgreSQL's abbreviation set. Returns the token
 * type (T_TZ, T_DTZ, T_DYNTZ) with the offset west or the zone, or T_UNKNOWN. */
static int decode_abbrev(pg_dtctx *ctx, const char *low, int32_t *tz, const lw_zone **zone)
{
    int32_t gmtoff;
    int isdst;
    const char *zone_name;
    *zone = NULL;
    if (!pg_abbrev_lookup(low, &gmtoff, &isdst, &zone_name))
        return T_UNKNOWN;
    if (zone_name) {
        if (!ctx->zones ||
            lw_zone_db_get(ctx->zones, zone_name, strlen(zone_name), 0, zone) != LW_ZONE_OK)
            return T_UNKNOWN;
        return T_DYNTZ;
    }
    *tz = -gmtoff;
    return isdst ? T_DTZ : T_TZ;
}

/* pg_tzset: a zone name or POSIX string; NULL when it is neither (the name noted). */
static const lw_zone *named_zone(pg_dtctx *ctx, const char *name)
{
    const lw_zone *z = NULL;
    if (ctx->zones &&
        lw_zone_db_get(ctx->zones, name, strlen(name), LW_ZONE_DB_POSIX, &z) == LW_ZONE_OK)
        return z;
    snprintf(ctx->bad_zone, sizeof ctx->bad_zone, "%s", name);
    return NULL;
}

/* The offset (west) of an abbreviation standing for a zone, at local time tm. */
static int32_t dyn_abbrev_offset(pg_tm *tm, const char *abbr, const lw_zone *zone)
{
    int32_t tz = pg_local_offset(tm, zone);
    /* The abbreviation's own offset when the zone used it around that time. */
    pg_timestamp local;
    if (pg_tm2timestamp(tm, &tz, &local) == 0) {
        int64_t t = lw_floor_div(local, LW_USEC_PER_SEC) + 946684800;
        char up[16];
        size_t k = 0;
        for (; abbr[k] && k < sizeof up - 1; k++)
            up[k] = abbr[k] >= 'a' && abbr[k] <= 'z' ? (char)(abbr[k] - 32) : abbr[k];
        up[k] = 0;
        lw_zone_local at;
        for (int64_t probe = t - 2 * 86400 * 365; probe <= t; probe += 86400 * 30) {
            lw_zone_at(zone, probe, &at);
            if (strcmp(at.abbr, up) == 0) {
                tz = -at.utoff;
                tm->isdst = at.isdst;
            }
        }
    }
    return tz;
}

/* A word of the input: a zone abbreviation (T_TZ, T_DTZ, T_DYNTZ: tz its offset west, or
 * zone the zone of one whose offset changed over the years), else pg_tok_special's type
 * and value. */
typedef struct pg_word {
    int type, val;
    int32_t tz;
    const lw_zone *zone;
} pg_word;

static pg_word read_word(pg_dtctx *ctx, const char *field)
{
    pg_word w = {0, 0, 0, NULL};
    w.type = decode_abbrev(ctx, field, &w.tz, &w.zone);
    if (w.type == T_UNKNOWN)
        w.type = pg_tok_special(field, &w.val);
    return w;
}

/* The zone an input names, resolved once its date is known (the offset depends on it):
 * a zone name, or an abbreviation whose offset changed over the years (its spelling and
 * zone). */
typedef struct pg_named_zone {
    const lw_zone *named;
    const lw_zone *abbrev_zone;
    const char *abbrev;
} pg_named_zone;

/* A zone abbreviation word (T_TZ, T_DTZ, T_DYNTZ) or the DST modifier (T_DTZMOD): a
 * fixed offset goes to *tz with the DST flag, a dynamic one waits in z. *tmask gets the
 * parts it gives beyond its own. A type without a zone (tz NULL) has no place for it. */
static pg_dterr decode_zone_word(const pg_word *w, const char *field, pg_tm *tm, int32_t *tz,
                                 unsigned *tmask, pg_named_zone *z)
{
    switch (w->type) {
    case T_DTZMOD:
        *tmask |= M(T_DTZ);
        tm->isdst = 1;
        if (!tz)
            return PG_DTERR_BAD_FORMAT;
        *tz -= w->val;
        break;
    case T_DTZ:
        *tmask |= M(T_TZ);
        tm->isdst = 1;
        if (!tz)
            return PG_DTERR_BAD_FORMAT;
        *tz = w->tz;
        break;
    case T_TZ:
        tm->isdst = 0;
        if (!tz)
            return PG_DTERR_BAD_FORMAT;
        *tz = w->tz;
        break;
    default: /* T_DYNTZ */
        *tmask |= M(T_TZ);
        if (!tz)
            return PG_DTERR_BAD_FORMAT;
        z->abbrev_zone = w->zone;
        z->abbrev = field;
        break;
    }
    return PG_DT_OK;
}

/* A number after a unit word (ptype): a Julian day, its fraction of a day a time
 * (J2451187.5; only where the type holds a date, julian_ok), or the time run together
 * after ISO 8601's T (T040506). Sets *tmask, and *julian for a Julian day. */
static pg_dterr decode_unit_number(char *field, int ptype, int julian_ok, unsigned fmask,
                                   unsigned *tmask, pg_tm *tm, int *julian, int *is2digits)
{
    char *cp;
    int ov, value = pg_str_to_int(field, &cp, &ov);
    if (ov)
        return PG_DTERR_FIELD_OVERFLOW;
    if (*cp != '.' && *cp != 0)
        return PG_DTERR_BAD_FORMAT;
    if (ptype == PG_U_JULIAN) {
        if (!julian_ok)
            return PG_DTERR_BAD_FORMAT;
        if (value < 0)
            return PG_DTERR_FIELD_OVERFLOW;
        *tmask = DATE_M;
        pg_j2date(value, &tm->year, &tm->mon, &tm->mday);
        *julian = 1;
        if (*cp == '.') {
            double frac;
            if (pg_parse_fraction(cp, &frac))
                return PG_DTERR_BAD_FORMAT;
            pg_time2tm((pg_time)(frac * (double)LW_USEC_PER_DAY), tm);
            *tmask |= TIME_M;
        }
    } else if (ptype == PG_U_TIME) {
        int kind;
        pg_dterr err =
            decode_number_field(strlen(field), field, fmask | DATE_M, tmask, tm, is2digits, &kind);
        if (err)
            return err;
        if (*tmask != TIME_M)
            return PG_DTERR_BAD_FORMAT;
    } else {
        return PG_DTERR_BAD_FORMAT;
    }
    return PG_DT_OK;
}

/* AM and PM on the hour of a 12-hour clock (mer HR24: a 24-hour clock, left as it is). */
static pg_dterr apply_meridian(int mer, pg_tm *tm)
{
    if (mer != HR24 && tm->hour > 12)
        return PG_DTERR_FIELD_OVERFLOW;
    if (mer == AM && tm->hour == 12)
        tm->hour = 0;
    else if (mer == PM && tm->hour != 12)
        tm->hour += 12;
    return PG_DT_OK;
}

/* ---- Dates and times: DecodeDateTime ---------------------------------------------------- */

enum { DT_DATE, DT_TIME_ONLY, DT_EPOCH, DT_LATE, DT_EARLY };

/*
 * DecodeDateTime: f's fields as a date and time. *dtype is DT_DATE or a special
 * value; *tz (when tz is not NULL) the offset west the input gave or the session's at
 * that time. Returns PG_DT_OK, or DT_TIME_ONLY as a format error's cause when only a
 * time was given.
 */
static pg_dterr decode_datetime(pg_dtctx *ctx, pg_fields *f, int *dtype, pg_tm *tm, int32_t *tz)
{
    unsigned fmask = 0, tmask;
    int ptype = 0, mer = HR24, text_month = 0, julian = 0, is2digits = 0, bc = 0;
    pg_named_zone zone = {NULL, NULL, NULL};
    pg_dterr err;
    *dtype = DT_DATE;
    memset(tm, 0, sizeof *tm);
    tm->isdst = -1;
    if (tz)
        *tz = 0;
    for (int i = 0; i < f->n; i++) {
        char *field = f->field[i];
        switch (f->type[i]) {
        case F_DATE:
            if (ptype == PG_U_JULIAN) {
                if (!tz)
                    return PG_DTERR_BAD_FORMAT;
                char *cp;
                int ov, jday = pg_str_to_int(field, &cp, &ov);
                if (ov || jday < 0)
                    return PG_DTERR_FIELD_OVERFLOW;
                pg_j2date(jday, &tm->year, &tm->mon, &tm->mday);
                julian = 1;
                if ((err = decode_timezone(cp, tz)) != 0)
                    return err;
                tmask = DATE_M | TIME_M | M(T_TZ);
                ptype = 0;
            } else if (ptype != 0 || (fmask & (M(T_MONTH) | M(T_DAY))) == (M(T_MONTH) | M(T_DAY))) {
                /* A zone name with punctuation, or a time run together with its zone. */
                if (!tz)
                    return PG_DTERR_BAD_FORMAT;
                if (pg_is_digit(*field) || ptype != 0) {
                    if (ptype != 0) {
                        if (ptype != PG_U_TIME)
                            return PG_DTERR_BAD_FORMAT;
                        ptype = 0;
                    }
                    if ((fmask & TIME_M) == TIME_M)
                        return PG_DTERR_BAD_FORMAT;
                    char *cp = strchr(field, '-');
                    if (!cp)
                        return PG_DTERR_BAD_FORMAT;
                    if ((err = decode_timezone(cp, tz)) != 0)
                        return err;
                    *cp = 0;
                    int kind;
                    err = decode_number_field(strlen(field), field, fmask, &tmask, tm, &is2digits,
                                              &kind);
                    if (err)
                        return err;
                    tmask |= M(T_TZ);
                } else {
                    if (!(zone.named = named_zone(ctx, field)))
                        return PG_DTERR_BAD_TIMEZONE;
                    tmask = M(T_TZ);
                }
            } else {
                if ((err = decode_date(field, fmask, &tmask, &is2digits, tm)) != 0)
                    return err;
            }
            break;
        case F_TIME:
            if (ptype != 0) {
                if (ptype != PG_U_TIME)
                    return PG_DTERR_BAD_FORMAT;
                ptype = 0;
            }
            if ((err = decode_time(field, &tmask, tm)) != 0)
                return err;
            if (time_overflows(tm->hour, tm->min, tm->sec, tm->usec))
                return PG_DTERR_FIELD_OVERFLOW;
            break;
        case F_TZ:
            if (!tz)
                return PG_DTERR_BAD_FORMAT;
            if ((err = decode_timezone(field, tz)) != 0)
                return err;
            tmask = M(T_TZ);
            break;
        case F_NUMBER:
            if (ptype != 0) {
                err = decode_unit_number(field, ptype, 1, fmask, &tmask, tm, &julian, &is2digits);
                if (err)
                    return err;
                ptype = 0;
                *dtype = DT_DATE;
            } else {
                size_t flen = strlen(field);
                char *cp = strchr(field, '.');
                int kind;
                if (cp && !(fmask & DATE_M)) {
                    if ((err = decode_date(field, fmask, &tmask, &is2digits, tm)) != 0)
                        return err;
                } else if (cp && flen - strlen(cp) > 2) {
                    err = decode_number_field(flen, field, fmask, &tmask, tm, &is2digits, &kind);
                    if (err)
                        return err;
                } else if (flen >= 6 && (!(fmask & DATE_M) || !(fmask & TIME_M))) {
                    err = decode_number_field(flen, field, fmask, &tmask, tm, &is2digits, &kind);
                    if (err)
                        return err;
                } else {
                    err = decode_number(flen, field, text_month, fmask, &tmask, tm, &is2digits);
                    if (err)
                        return err;
                }
            }
            break;
        case F_STRING:
        case F_SPECIAL: {
            pg_word w = read_word(ctx, field);
            if (w.type == T_IGNORE)
                continue;
            tmask = M(w.type);
            switch (w.type) {
            case T_RESERV:
                switch (w.val) {
                case PG_U_NOW:
                    tmask = DATE_M | TIME_M | M(T_TZ);
                    *dtype = DT_DATE;
                    pg_timestamp2tm(ctx->now, ctx->session, tm, tz);
                    break;
                case PG_U_YESTERDAY:
                case PG_U_TODAY:
                case PG_U_TOMORROW: {
                    tmask = DATE_M;
                    *dtype = DT_DATE;
                    pg_tm cur;
                    memset(&cur, 0, sizeof cur);
                    current_date(ctx, &cur);
                    pg_j2date(pg_date2j(cur.year, cur.mon, cur.mday) + (w.val == PG_U_YESTERDAY ? -1
                                                                        : w.val == PG_U_TOMORROW
                                                                            ? 1
                                                                            : 0),
                              &tm->year, &tm->mon, &tm->mday);
                    break;
                }
                case PG_U_ZULU:
                    tmask = TIME_M | M(T_TZ);
                    *dtype = DT_DATE;
                    tm->hour = tm->min = tm->sec = 0;
                    if (tz)
                        *tz = 0;
                    break;
                case PG_U_EPOCH:
                case PG_U_LATE:
                case PG_U_EARLY:
                    tmask = DATE_M | TIME_M | M(T_TZ);
                    *dtype = w.val == PG_U_EPOCH  ? DT_EPOCH
                             : w.val == PG_U_LATE ? DT_LATE
                                                  : DT_EARLY;
                    break;
                default:
                    return PG_DTERR_BAD_FORMAT;
                }
                break;
            case T_MONTH:
                if ((fmask & M(T_MONTH)) && !text_month && !(fmask & M(T_DAY)) && tm->mon >= 1 &&
                    tm->mon <= 31) {
                    tm->mday = tm->mon;
                    tmask = M(T_DAY);
                }
                text_month = 1;
                tm->mon = w.val;
                break;
            case T_DTZMOD:
            case T_DTZ:
            case T_TZ:
            case T_DYNTZ:
                if ((err = decode_zone_word(&w, field, tm, tz, &tmask, &zone)) != 0)
                    return err;
                break;
            case T_AMPM:
                mer = w.val;
                break;
            case T_ADBC:
                bc = w.val == BC;
                break;
            case T_DOW:
                break;
            case T_UNITS:
                tmask = 0;
                if (ptype != 0)
                    return PG_DTERR_BAD_FORMAT;
                ptype = w.val;
                break;
            case T_ISOTIME:
                tmask = 0;
                if ((fmask & DATE_M) != DATE_M || ptype != 0)
                    return PG_DTERR_BAD_FORMAT;
                ptype = w.val;
                break;
            case T_UNKNOWN:
                /* An all-letters zone name. */
                if (!(zone.named = named_zone(ctx, field)))
                    return PG_DTERR_BAD_FORMAT;
                tmask = M(T_TZ);
                break;
            default:
                return PG_DTERR_BAD_FORMAT;
            }
            break;
        }
        default:
            return PG_DTERR_BAD_FORMAT;
        }
        if (tmask & fmask)
            return PG_DTERR_BAD_FORMAT;
        fmask |= tmask;
    }
    if (ptype != 0)
        return PG_DTERR_BAD_FORMAT;
    if (*dtype == DT_DATE) {
        if ((err = validate_date(fmask, julian, is2digits, bc, tm)) != 0)
            return err;
        if ((err = apply_meridian(mer, tm)) != 0)
            return err;
        if ((fmask & DATE_M) != DATE_M) {
            if ((fmask & TIME_M) == TIME_M)
                *dtype = DT_TIME_ONLY;
            return PG_DTERR_BAD_FORMAT;
        }
        if (zone.named) {
            if (fmask & M(T_DTZMOD))
                return PG_DTERR_BAD_FORMAT;
            *tz = pg_local_offset(tm, zone.named);
        }
        if (zone.abbrev_zone) {
            if (fmask & M(T_DTZMOD))
                return PG_DTERR_BAD_FORMAT;
            *tz = dyn_abbrev_offset(tm, zone.abbrev, zone.abbrev_zone);
        }
        if (tz && !(fmask & M(T_TZ))) {
            if (fmask & M(T_DTZMOD))
                return PG_DTERR_BAD_FORMAT;
            *tz = pg_local_offset(tm, ctx->session);
        }
    }
    return PG_DT_OK;
}

/* ---- Times alone: DecodeTimeOnly ---------------------------------------------------------- */

static pg_dterr decode_time_only(pg_dtctx *ctx, pg_fields *f, pg_tm *tm, int32_t *tz)
{
    unsigned fmask = 0, tmask;
    int ptype = 0, mer = HR24, julian = 0, is2digits = 0, bc = 0;
    pg_named_zone zone = {NULL, NULL, NULL};
    pg_dterr err;
    memset(tm, 0, sizeof *tm);
    tm->isdst = -1;
    if (tz)
        *tz = 0;
    for (int i = 0; i < f->n; i++) {
        char *field = f->field[i];
        int kind;
        switch (f->type[i]) {
        case F_DATE:
            if (!tz)
                return PG_DTERR_BAD_FORMAT;
            if (i == 0 && f->n >= 2 && (f->type[f->n - 1] == F_DATE || f->type[1] == F_TIME)) {
                if ((err = decode_date(field, fmask, &tmask, &is2digits, tm)) != 0)
                    return err;
            } else if (pg_is_digit(*field)) {
                if ((fmask & TIME_M) == TIME_M)
                    return PG_DTERR_BAD_FORMAT;
                char *cp = strchr(field, '-');
                if (!cp)
                    return PG_DTERR_BAD_FORMAT;
                if ((err = decode_timezone(cp, tz)) != 0)
                    return err;
                *cp = 0;
                err = decode_number_field(strlen(field), field, fmask | DATE_M, &tmask, tm,
                                          &is2digits, &kind);
                if (err)
                    return err;
                tmask |= M(T_TZ);
            } else {
                if (!(zone.named = named_zone(ctx, field)))
                    return PG_DTERR_BAD_TIMEZONE;
                tmask = M(T_TZ);
            }
            break;
        case F_TIME:
            if (ptype != 0) {
                if (ptype != PG_U_TIME)
                    return PG_DTERR_BAD_FORMAT;
                ptype = 0;
            }
            if ((err = decode_time(field, &tmask, tm)) != 0)
                return err;
            break;
        case F_TZ:
            if (!tz)
                return PG_DTERR_BAD_FORMAT;
            if ((err = decode_timezone(field, tz)) != 0)
                return err;
            tmask = M(T_TZ);
            break;
        case F_NUMBER:
            if (ptype != 0) {
                err = decode_unit_number(field, ptype, tz != NULL, fmask, &tmask, tm, &julian,
                                         &is2digits);
                if (err)
                    return err;
                ptype = 0;
            } else {
                size_t flen = strlen(field);
                char *cp = strchr(field, '.');
                if (cp) {
                    if (i == 0 && f->n >= 2 && f->type[f->n - 1] == F_DATE) {
                        if ((err = decode_date(field, fmask, &tmask, &is2digits, tm)) != 0)
                            return err;
                    } else if (flen - strlen(cp) > 2) {
                        err = decode_number_field(flen, field, fmask | DATE_M, &tmask, tm,
                                                  &is2digits, &kind);
                        if (err)
                            return err;
                    } else {
                        return PG_DTERR_BAD_FORMAT;
                    }
                } else if (flen > 4) {
                    err = decode_number_field(flen, field, fmask | DATE_M, &tmask, tm, &is2digits,
                                              &kind);
                    if (err)
                        return err;
                } else {
                    err = decode_number(flen, field, 0, fmask | DATE_M, &tmask, tm, &is2digits);
                    if (err)
                        return err;
                }
            }
            break;
        case F_STRING:
        case F_SPECIAL: {
            pg_word w = read_word(ctx, field);
            if (w.type == T_IGNORE)
                continue;
            tmask = M(w.type);
            switch (w.type) {
            case T_RESERV:
                if (w.val == PG_U_NOW) {
                    tmask = TIME_M;
                    pg_tm now;
                    if (pg_timestamp2tm(ctx->now, ctx->session, &now, NULL) == 0) {
                        tm->hour = now.hour;
                        tm->min = now.min;
                        tm->sec = now.sec;
                        tm->usec = now.usec;
                    }
                } else if (w.val == PG_U_ZULU) {
                    tmask = TIME_M | M(T_TZ);
                    tm->hour = tm->min = tm->sec = 0;
                    tm->isdst = 0;
                } else {
                    return PG_DTERR_BAD_FORMAT;
                }
                break;
            case T_DTZMOD:
            case T_DTZ:
            case T_TZ:
            case T_DYNTZ:
                if ((err = decode_zone_word(&w, field, tm, tz, &tmask, &zone)) != 0)
                    return err;
                break;
            case T_AMPM:
                mer = w.val;
                break;
            case T_ADBC:
                bc = w.val == BC;
                break;
            case T_UNITS:
            case T_ISOTIME:
                tmask = 0;
                if (ptype != 0)
                    return PG_DTERR_BAD_FORMAT;
                ptype = w.val;
                break;
            case T_UNKNOWN:
                if (!(zone.named = named_zone(ctx, field)))
                    return PG_DTERR_BAD_FORMAT;
                tmask = M(T_TZ);
                break;
            default:
                return PG_DTERR_BAD_FORMAT;
            }
            break;
        }
        default:
            return PG_DTERR_BAD_FORMAT;
        }
        if (tmask & fmask)
            return PG_DTERR_BAD_FORMAT;
        fmask |= tmask;
    }
    if (ptype != 0)
        return PG_DTERR_BAD_FORMAT;
    if ((err = validate_date(fmask, julian, is2digits, bc, tm)) != 0)
        return err;
    if ((err = apply_meridian(mer, tm)) != 0)
        return err;
    if (time_overflows(tm->hour, tm->min, tm->sec, tm->usec))
        return PG_DTERR_FIELD_OVERFLOW;
    if ((fmask & TIME_M) != TIME_M)
        return PG_DTERR_BAD_FORMAT;
    /* The zone's offset needs a date: the one given, or today's. */
    pg_tm day = *tm;
    if (!(fmask & DATE_M)) {
        day.year = 2000, day.mon = 1, day.mday = 1;
        current_date(ctx, &day);
    } else if ((fmask & DATE_M) != DATE_M &&
               (zone.named || zone.abbrev_zone || (tz && !(fmask & M(T_TZ))))) {
        return PG_DTERR_BAD_FORMAT;
    }
    if (zone.named) {
        int32_t fixed;
        if (fmask & M(T_DTZMOD))
            return PG_DTERR_BAD_FORMAT;
        if (lw_zone_fixed_offset(zone.named, &fixed))
            *tz = -fixed;
        else if ((fmask & DATE_M) != DATE_M)
            return PG_DTERR_BAD_FORMAT;
        else
            *tz = pg_local_offset(&day, zone.named);
    }
    if (zone.abbrev_zone) {
        if (fmask & M(T_DTZMOD))
            return PG_DTERR_BAD_FORMAT;
        *tz = dyn_abbrev_offset(&day, zone.abbrev, zone.abbrev_zone);
        tm->isdst = day.isdst;
    }
    if (tz && !(fmask & M(T_TZ))) {
        if (fmask & M(T_DTZMOD))
            return PG_DTERR_BAD_FORMAT;
        *tz = pg_local_offset(&day, ctx->session);
        tm->isdst = day.isdst;
    }
    return PG_DT_OK;
}

/* ---- The input functions ------------------------------------------------------------------ */

/* The work buffer of date and time input (MAXDATELEN + MAXDATEFIELDS). */
#define DATE_BUF (PG_MAXDATELEN + PG_MAXDATEFIELDS)

pg_dterr pg_date_in(pg_dtctx *ctx, const char *s, size_t n, pg_date *out)
{
    pg_fields f;
    pg_tm tm;
    int dtype;
    int32_t tz;
    pg_dterr err = pg_split_input(s, n, DATE_BUF, &f);
    if (!err)
        err = decode_datetime(ctx, &f, &dtype, &tm, &tz);
    if (err)
        return err == PG_DTERR_MD_OVERFLOW ? PG_DTERR_FIELD_OVERFLOW : err;
    switch (dtype) {
    case DT_DATE:
        break;
    case DT_EPOCH:
        tm.year = 1970, tm.mon = 1, tm.mday = 1;
        break;
    case DT_LATE:
        *out = PG_DATE_NOEND;
        return PG_DT_OK;
    case DT_EARLY:
        *out = PG_DATE_NOBEGIN;
        return PG_DT_OK;
    default:
        return PG_DTERR_BAD_FORMAT;
    }
    if (!pg_valid_julian(tm.year, tm.mon, tm.mday))
        return PG_DTERR_DATE_RANGE;
    int64_t d = (int64_t)pg_date2j(tm.year, tm.mon, tm.mday) - PG_EPOCH_JDATE;
    if (!PG_VALID_DATE(d))
        return PG_DTERR_DATE_RANGE;
    *out = (pg_date)d;
    return PG_DT_OK;
}

pg_dterr pg_time_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, pg_time *out)
{
    pg_fields f;
    pg_tm tm;
    int32_t tz;
    pg_dterr err = pg_split_input(s, n, DATE_BUF, &f);
    if (!err)
        err = decode_time_only(ctx, &f, &tm, &tz);
    if (err)
        return err == PG_DTERR_MD_OVERFLOW ? PG_DTERR_FIELD_OVERFLOW : err;
    *out = pg_tm2time(&tm);
    pg_time_round(out, typmod);
    return PG_DT_OK;
}

pg_dterr pg_timetz_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, pg_timetz *out)
{
    pg_fields f;
    pg_tm tm;
    int32_t tz;
    pg_dterr err = pg_split_input(s, n, DATE_BUF, &f);
    if (!err)
        err = decode_time_only(ctx, &f, &tm, &tz);
    if (err)
        return err == PG_DTERR_MD_OVERFLOW ? PG_DTERR_FIELD_OVERFLOW : err;
    out->time = pg_tm2time(&tm);
    pg_time_round(&out->time, typmod);
    out->tz = tz;
    return PG_DT_OK;
}

static pg_dterr timestamp_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, int with_tz,
                             pg_timestamp *out)
{
    pg_fields f;
    pg_tm tm;
    int dtype;
    int32_t tz;
    pg_dterr err = pg_split_input(s, n, DATE_BUF, &f);
    if (!err)
        err = decode_datetime(ctx, &f, &dtype, &tm, &tz);
    if (err)
        return err == PG_DTERR_MD_OVERFLOW ? PG_DTERR_FIELD_OVERFLOW : err;
    switch (dtype) {
    case DT_DATE:
        if (pg_tm2timestamp(&tm, with_tz ? &tz : NULL, out))
            return PG_DTERR_TS_RANGE;
        break;
    case DT_EPOCH:
        *out = -(int64_t)(PG_EPOCH_JDATE - PG_UNIX_EPOCH_JDATE) * LW_USEC_PER_DAY;
        break;
    case DT_LATE:
        *out = PG_TS_NOEND;
        break;
    case DT_EARLY:
        *out = PG_TS_NOBEGIN;
        break;
    default:
        return PG_DTERR_BAD_FORMAT;
    }
    pg_timestamp_round(out, typmod);
    return PG_DT_OK;
}

pg_dterr pg_timestamp_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, pg_timestamp *out)
{
    return timestamp_in(ctx, s, n, typmod, 0, out);
}

pg_dterr pg_timestamptz_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, pg_timestamp *out)
{
    return timestamp_in(ctx, s, n, typmod, 1, out);
}
