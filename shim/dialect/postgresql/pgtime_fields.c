/*
 * The first step of PostgreSQL's date/time input (pgtime_int.h): the word tables
 * (datetktbl and deltatktbl: months, weekdays, reserved words, units), splitting text
 * into fields (ParseDateTime), and the number and time-of-day readers that date/time
 * and interval input share.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/postgresql/pgtime_int.h"

typedef struct token {
    const char *text; /* compared over at most TOKMAXLEN characters */
    int type;
    int value;
} token;

#define TOKMAXLEN 10

/* Date/time words (datetktbl), sorted. */
static const token date_tokens[] = {
    {"+infinity", T_RESERV, PG_U_LATE},
    {"-infinity", T_RESERV, PG_U_EARLY},
    {"ad", T_ADBC, AD},
    {"allballs", T_RESERV, PG_U_ZULU},
    {"am", T_AMPM, AM},
    {"apr", T_MONTH, 4},
    {"april", T_MONTH, 4},
    {"at", T_IGNORE, 0},
    {"aug", T_MONTH, 8},
    {"august", T_MONTH, 8},
    {"bc", T_ADBC, BC},
    {"d", T_UNITS, PG_U_DAY},
    {"dec", T_MONTH, 12},
    {"december", T_MONTH, 12},
    {"dow", T_UNITS, PG_U_DOW},
    {"doy", T_UNITS, PG_U_DOY},
    {"dst", T_DTZMOD, 3600},
    {"epoch", T_RESERV, PG_U_EPOCH},
    {"feb", T_MONTH, 2},
    {"february", T_MONTH, 2},
    {"fri", T_DOW, 5},
    {"friday", T_DOW, 5},
    {"h", T_UNITS, PG_U_HOUR},
    {"infinity", T_RESERV, PG_U_LATE},
    {"isodow", T_UNITS, PG_U_ISODOW},
    {"isoyear", T_UNITS, PG_U_ISOYEAR},
    {"j", T_UNITS, PG_U_JULIAN},
    {"jan", T_MONTH, 1},
    {"january", T_MONTH, 1},
    {"jd", T_UNITS, PG_U_JULIAN},
    {"jul", T_MONTH, 7},
    {"julian", T_UNITS, PG_U_JULIAN},
    {"july", T_MONTH, 7},
    {"jun", T_MONTH, 6},
    {"june", T_MONTH, 6},
    {"m", T_UNITS, PG_U_MONTH},
    {"mar", T_MONTH, 3},
    {"march", T_MONTH, 3},
    {"may", T_MONTH, 5},
    {"mm", T_UNITS, PG_U_MINUTE},
    {"mon", T_DOW, 1},
    {"monday", T_DOW, 1},
    {"nov", T_MONTH, 11},
    {"november", T_MONTH, 11},
    {"now", T_RESERV, PG_U_NOW},
    {"oct", T_MONTH, 10},
    {"october", T_MONTH, 10},
    {"on", T_IGNORE, 0},
    {"pm", T_AMPM, PM},
    {"s", T_UNITS, PG_U_SECOND},
    {"sat", T_DOW, 6},
    {"saturday", T_DOW, 6},
    {"sep", T_MONTH, 9},
    {"sept", T_MONTH, 9},
    {"september", T_MONTH, 9},
    {"sun", T_DOW, 0},
    {"sunday", T_DOW, 0},
    {"t", T_ISOTIME, PG_U_TIME},
    {"thu", T_DOW, 4},
    {"thur", T_DOW, 4},
    {"thurs", T_DOW, 4},
    {"thursday", T_DOW, 4},
    {"today", T_RESERV, PG_U_TODAY},
    {"tomorrow", T_RESERV, PG_U_TOMORROW},
    {"tue", T_DOW, 2},
    {"tues", T_DOW, 2},
    {"tuesday", T_DOW, 2},
    {"wed", T_DOW, 3},
    {"wednesday", T_DOW, 3},
    {"weds", T_DOW, 3},
    {"y", T_UNITS, PG_U_YEAR},
    {"yesterday", T_RESERV, PG_U_YESTERDAY},
};

/* Interval units (deltatktbl), sorted. */
static const token unit_tokens[] = {
    {"@", T_IGNORE, 0},
    {"ago", T_AGO, 0},
    {"c", T_UNITS, PG_U_CENTURY},
    {"cent", T_UNITS, PG_U_CENTURY},
    {"centuries", T_UNITS, PG_U_CENTURY},
    {"century", T_UNITS, PG_U_CENTURY},
    {"d", T_UNITS, PG_U_DAY},
    {"day", T_UNITS, PG_U_DAY},
    {"days", T_UNITS, PG_U_DAY},
    {"dec", T_UNITS, PG_U_DECADE},
    {"decade", T_UNITS, PG_U_DECADE},
    {"decades", T_UNITS, PG_U_DECADE},
    {"decs", T_UNITS, PG_U_DECADE},
    {"h", T_UNITS, PG_U_HOUR},
    {"hour", T_UNITS, PG_U_HOUR},
    {"hours", T_UNITS, PG_U_HOUR},
    {"hr", T_UNITS, PG_U_HOUR},
    {"hrs", T_UNITS, PG_U_HOUR},
    {"m", T_UNITS, PG_U_MINUTE},
    {"microsecon", T_UNITS, PG_U_MICROSEC},
    {"mil", T_UNITS, PG_U_MILLENNIUM},
    {"millennia", T_UNITS, PG_U_MILLENNIUM},
    {"millennium", T_UNITS, PG_U_MILLENNIUM},
    {"millisecon", T_UNITS, PG_U_MILLISEC},
    {"mils", T_UNITS, PG_U_MILLENNIUM},
    {"min", T_UNITS, PG_U_MINUTE},
    {"mins", T_UNITS, PG_U_MINUTE},
    {"minute", T_UNITS, PG_U_MINUTE},
    {"minutes", T_UNITS, PG_U_MINUTE},
    {"mon", T_UNITS, PG_U_MONTH},
    {"mons", T_UNITS, PG_U_MONTH},
    {"month", T_UNITS, PG_U_MONTH},
    {"months", T_UNITS, PG_U_MONTH},
    {"ms", T_UNITS, PG_U_MILLISEC},
    {"msec", T_UNITS, PG_U_MILLISEC},
    {"msecond", T_UNITS, PG_U_MILLISEC},
    {"mseconds", T_UNITS, PG_U_MILLISEC},
    {"msecs", T_UNITS, PG_U_MILLISEC},
    {"qtr", T_UNITS, PG_U_QUARTER},
    {"quarter", T_UNITS, PG_U_QUARTER},
    {"s", T_UNITS, PG_U_SECOND},
    {"sec", T_UNITS, PG_U_SECOND},
    {"second", T_UNITS, PG_U_SECOND},
    {"seconds", T_UNITS, PG_U_SECOND},
    {"secs", T_UNITS, PG_U_SECOND},
    {"timezone", T_UNITS, PG_U_TZ},
    {"timezone_h", T_UNITS, PG_U_TZ_HOUR},
    {"timezone_m", T_UNITS, PG_U_TZ_MINUTE},
    {"us", T_UNITS, PG_U_MICROSEC},
    {"usec", T_UNITS, PG_U_MICROSEC},
    {"usecond", T_UNITS, PG_U_MICROSEC},
    {"useconds", T_UNITS, PG_U_MICROSEC},
    {"usecs", T_UNITS, PG_U_MICROSEC},
    {"w", T_UNITS, PG_U_WEEK},
    {"week", T_UNITS, PG_U_WEEK},
    {"weeks", T_UNITS, PG_U_WEEK},
    {"y", T_UNITS, PG_U_YEAR},
    {"year", T_UNITS, PG_U_YEAR},
    {"years", T_UNITS, PG_U_YEAR},
    {"yr", T_UNITS, PG_U_YEAR},
    {"yrs", T_UNITS, PG_U_YEAR},
};

static const token *find_token(const char *key, const token *table, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(key, table[mid].text, TOKMAXLEN);
        if (c == 0)
            return &table[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

#define N_DATE_TOKENS (sizeof date_tokens / sizeof date_tokens[0])
#define N_UNIT_TOKENS (sizeof unit_tokens / sizeof unit_tokens[0])

int pg_tok_special(const char *low, int *value)
{
    const token *t = find_token(low, date_tokens, N_DATE_TOKENS);
    *value = t ? t->value : 0;
    return t ? t->type : T_UNKNOWN;
}

int pg_tok_units(const char *low, int *value)
{
    const token *t = find_token(low, unit_tokens, N_UNIT_TOKENS);
    *value = t ? t->value : 0;
    return t ? t->type : T_UNKNOWN;
}

/* ---- Splitting into fields ---------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_punct(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* ParseDateTime: s[0..n) into f; bufsize bounds the fields as PostgreSQL's work buffer
 * does (a longer input is invalid). */
pg_dterr pg_split_fields(const char *s, size_t n, size_t bufsize, pg_fields *f)
{
    size_t i = 0, b = 0;
    f->n = 0;
    if (bufsize > sizeof f->buf)
        bufsize = sizeof f->buf;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (b + 1 >= bufsize)                                                                      \
            return PG_DTERR_BAD_FORMAT;                                                            \
        f->buf[b++] = (c);                                                                         \
    } while (0)
    while (i < n) {
        char c = s[i];
        if (c == 0)
            return PG_DTERR_BAD_FORMAT;
        if (is_space(c)) {
            i++;
            continue;
        }
        if (f->n >= PG_MAXDATEFIELDS)
            return PG_DTERR_BAD_FORMAT;
        char *start = f->buf + b;
        int type;
        if (pg_is_digit(c)) {
            while (i < n && pg_is_digit(s[i]))
                PUT(s[i++]);
            if (i < n && s[i] == ':') {
                type = F_TIME;
                PUT(s[i++]);
                while (i < n && (pg_is_digit(s[i]) || s[i] == ':' || s[i] == '.'))
                    PUT(s[i++]);
            } else if (i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
                char delim = s[i];
                PUT(s[i++]);
                if (i < n && pg_is_digit(s[i])) {
                    type = delim == '.' ? F_NUMBER : F_DATE;
                    while (i < n && pg_is_digit(s[i]))
                        PUT(s[i++]);
                    if (i < n && s[i] == delim) {
                        type = F_DATE;
                        PUT(s[i++]);
                        while (i < n && (pg_is_digit(s[i]) || s[i] == delim))
                            PUT(s[i++]);
                    }
                } else {
                    type = F_DATE;
                    while (i < n && (pg_is_digit(s[i]) || pg_is_alpha(s[i]) || s[i] == delim))
                        PUT(lower(s[i++]));
                }
            } else {
                type = F_NUMBER;
            }
        } else if (c == '.') {
            PUT(s[i++]);
            while (i < n && pg_is_digit(s[i]))
                PUT(s[i++]);
            type = F_NUMBER;
        } else if (pg_is_alpha(c)) {
            type = F_STRING;
            while (i < n && pg_is_alpha(s[i]))
                PUT(lower(s[i++]));
            /* A date with a text month, or a zone name with / + - _ : in it, unless
             * what came so far is a date/time word. */
            int is_date = 0;
            if (i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
                is_date = 1;
            } else if (i < n && (s[i] == '+' || pg_is_digit(s[i]))) {
                f->buf[b] = 0;
                is_date = find_token(start, date_tokens, N_DATE_TOKENS) == NULL;
            }
            if (is_date) {
                type = F_DATE;
                do
                    PUT(lower(s[i++]));
                while (i < n &&
                       (s[i] == '+' || s[i] == '-' || s[i] == '/' || s[i] == '_' || s[i] == '.' ||
                        s[i] == ':' || pg_is_digit(s[i]) || pg_is_alpha(s[i])));
            }
        } else if (c == '+' || c == '-') {
            PUT(s[i++]);
            while (i < n && is_space(s[i]))
                i++;
            if (i < n && pg_is_digit(s[i])) {
                type = F_TZ;
                PUT(s[i++]);
                while (i < n && (pg_is_digit(s[i]) || s[i] == ':' || s[i] == '.' || s[i] == '-'))
                    PUT(s[i++]);
            } else if (i < n && pg_is_alpha(s[i])) {
                type = F_SPECIAL;
                while (i < n && pg_is_alpha(s[i]))
                    PUT(lower(s[i++]));
            } else {
                return PG_DTERR_BAD_FORMAT;
            }
        } else if (is_punct(c)) {
            i++;
            continue;
        } else {
            return PG_DTERR_BAD_FORMAT;
        }
        PUT(0);
        f->field[f->n] = start;
        f->type[f->n++] = type;
    }
#undef PUT
    return PG_DT_OK;
}

/* ---- Numbers ----------------------------------------------------------------------------- */

/* strtol into an int: -1 and *err on overflow. */
int pg_str_to_int(const char *s, char **end, int *overflow)
{
    errno = 0;
    long long v = strtoll(s, end, 10);
    *overflow = errno == ERANGE || v > INT32_MAX || v < INT32_MIN;
    return (int)v;
}

/* ".digits" through the end: the fraction, or -1 (BAD_FORMAT) for anything else. */
int pg_parse_fraction(const char *cp, double *frac)
{
    if (cp[1] == 0) {
        *frac = 0;
        return 0;
    }
    char *end;
    *frac = strtod(cp, &end);
    return *end == 0 ? 0 : -1;
}

int pg_parse_fractional_second(const char *cp, int32_t *usec)
{
    double frac;
    if (pg_parse_fraction(cp, &frac))
        return -1;
    *usec = (int32_t)rint(frac * 1000000);
    return 0;
}

/* ---- Times ------------------------------------------------------------------------------- */

/* DecodeTimeCommon: h:m[:s[.f]] (mm:ss.f when a fraction follows two parts, and for
 * INTERVAL MINUTE TO SECOND). */
pg_dterr pg_decode_time_common(const char *s, int range, int64_t *hour, int *min, int *sec,
                               int32_t *usec)
{
    char *cp;
    int ov;
    *usec = 0;
    errno = 0;
    long long h = strtoll(s, &cp, 10);
    if (errno == ERANGE)
        return PG_DTERR_FIELD_OVERFLOW;
    *hour = h;
    if (*cp != ':')
        return PG_DTERR_BAD_FORMAT;
    *min = pg_str_to_int(cp + 1, &cp, &ov);
    if (ov)
        return PG_DTERR_FIELD_OVERFLOW;
    if (*cp == 0) {
        *sec = 0;
        if (range == (PG_IV_MINUTE | PG_IV_SECOND)) {
            if (*hour > INT32_MAX || *hour < INT32_MIN)
                return PG_DTERR_FIELD_OVERFLOW;
            *sec = *min;
            *min = (int)*hour;
            *hour = 0;
        }
    } else if (*cp == '.') {
        if (pg_parse_fractional_second(cp, usec))
            return PG_DTERR_BAD_FORMAT;
        if (*hour > INT32_MAX || *hour < INT32_MIN)
            return PG_DTERR_FIELD_OVERFLOW;
        *sec = *min;
        *min = (int)*hour;
        *hour = 0;
    } else if (*cp == ':') {
        *sec = pg_str_to_int(cp + 1, &cp, &ov);
        if (ov)
            return PG_DTERR_FIELD_OVERFLOW;
        if (*cp == '.') {
            if (pg_parse_fractional_second(cp, usec))
                return PG_DTERR_BAD_FORMAT;
        } else if (*cp != 0) {
            return PG_DTERR_BAD_FORMAT;
        }
    } else {
        return PG_DTERR_BAD_FORMAT;
    }
    if (*hour < 0 || *min < 0 || *min > 59 || *sec < 0 || *sec > 60 || *usec < 0 || *usec > 1000000)
        return PG_DTERR_FIELD_OVERFLOW;
    return PG_DT_OK;
}

pg_dterr pg_split_input(const char *s, size_t n, size_t bufsize, pg_fields *f)
{
    if (n > 1024)
        return PG_DTERR_BAD_FORMAT;
    return pg_split_fields(s, n, bufsize, f);
}
