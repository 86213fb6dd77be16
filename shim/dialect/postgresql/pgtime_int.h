/*
 * Internals of the dialect's date/time input shared by pgtime_fields.c (splitting
 * text into fields, word tables, numbers), pgtime_parse.c (dates, times, timestamps)
 * and pgtime_interval.c (intervals): the field kinds and token types of PostgreSQL's
 * datetime.c, and the readers they share.
 */
#ifndef LW_SHIM_PG_TIME_INT_H
#define LW_SHIM_PG_TIME_INT_H

#include "dialect/postgresql/pgtime.h"

/* Field kinds (ParseDateTime). */
enum { F_NUMBER, F_STRING, F_DATE, F_TIME, F_TZ, F_SPECIAL };

/* Token types, and the mask bits of the parts a field gives (DTK_M). */
enum {
    T_RESERV = 0,
    T_MONTH = 1,
    T_YEAR = 2,
    T_DAY = 3,
    T_JULIAN = 4,
    T_TZ = 5,
    T_DTZ = 6,
    T_DYNTZ = 7,
    T_IGNORE = 8,
    T_AMPM = 9,
    T_HOUR = 10,
    T_MINUTE = 11,
    T_SECOND = 12,
    T_MILLISECOND = 13,
    T_MICROSECOND = 14,
    T_DOY = 15,
    T_DOW = 16,
    T_UNITS = 17,
    T_ADBC = 18,
    T_AGO = 19,
    T_ISOTIME = 23,
    T_WEEK = 24,
    T_DECADE = 25,
    T_CENTURY = 26,
    T_MILLENNIUM = 27,
    T_DTZMOD = 28,
    T_UNKNOWN = 31,
};

#define M(t) (1u << (t))
#define DATE_M (M(T_YEAR) | M(T_MONTH) | M(T_DAY))
#define TIME_M (M(T_HOUR) | M(T_MINUTE) | M(T_SECOND))
#define ALL_SECS_M (M(T_SECOND) | M(T_MILLISECOND) | M(T_MICROSECOND))

enum { AM = 0, PM = 1, HR24 = 2 };
enum { AD = 0, BC = 1 };

/* The fields of one input (ParseDateTime): lower-cased, NUL-terminated in buf. */
typedef struct pg_fields {
    char buf[512];
    char *field[PG_MAXDATEFIELDS];
    int type[PG_MAXDATEFIELDS];
    int n;
} pg_fields;

static inline int pg_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int pg_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Splits s[0..n) into fields; bufsize bounds them as PostgreSQL's work buffer does (a
 * longer input is invalid: 153 bytes for dates and times, 256 for intervals). */
pg_dterr pg_split_input(const char *s, size_t n, size_t bufsize, pg_fields *f);
pg_dterr pg_split_fields(const char *s, size_t n, size_t bufsize, pg_fields *f);
/* The date/time word low (datetktbl) or unit word (deltatktbl): its token type (T_*)
 * and value (*value), T_UNKNOWN when there is none. Words compare over 10 characters. */
int pg_tok_special(const char *low, int *value);
int pg_tok_units(const char *low, int *value);
/* strtol into an int; *overflow set past 32 bits. */
int pg_str_to_int(const char *s, char **end, int *overflow);
/* ".digits" to the end of the string: 0 with the fraction, -1 for anything else. */
int pg_parse_fraction(const char *cp, double *frac);
int pg_parse_fractional_second(const char *cp, int32_t *usec);
/* DecodeTimeCommon: h:m[:s[.f]] (m:s.f with a fraction after two parts, and for an
 * INTERVAL MINUTE TO SECOND range). */
pg_dterr pg_decode_time_common(const char *s, int range, int64_t *hour, int *min, int *sec,
                               int32_t *usec);

#endif
