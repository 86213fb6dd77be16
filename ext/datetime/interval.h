/*
 * Intervals as PostgreSQL keeps them (ext/datetime): months, days and microseconds,
 * three fields that never convert into each other by themselves, because a month
 * and a day have no fixed length on a calendar (a day across a DST change is 23 or
 * 25 hours). The dialects store an interval as its text in PostgreSQL's default
 * output style ("1 year 2 mons 3 days 04:05:06"), which lw_interval_read reads back
 * quickly and exactly; comparison uses PostgreSQL's linear key (a month is 30 days,
 * a day 24 hours), so '1 mon' = '30 days' while both keep their own text.
 *
 * Arithmetic follows PostgreSQL 15 (timestamp.c): field-wise sums with overflow
 * checks, multiplication and division by a double that cascade fractions down
 * (a fraction of a month into days of 30, of a day into microseconds of 24 hours),
 * and the justify_* functions. Every function that can overflow returns -1 and leaves
 * its result unspecified; PostgreSQL's message for that is "interval out of range".
 */
#ifndef LW_DATETIME_INTERVAL_H
#define LW_DATETIME_INTERVAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct lw_interval {
    int32_t months;
    int32_t days;
    int64_t usec;
} lw_interval;

/* PostgreSQL's IntervalStyle values. */
typedef enum lw_interval_style {
    LW_INTERVAL_POSTGRES = 0,     /* 1 year 2 mons 3 days 04:05:06 */
    LW_INTERVAL_POSTGRES_VERBOSE, /* @ 1 year 2 mons 3 days 4 hours 5 mins 6 secs */
    LW_INTERVAL_SQL_STANDARD,     /* +1-2 +3 +4:05:06 */
    LW_INTERVAL_ISO_8601,         /* P1Y2M3DT4H5M6S */
} lw_interval_style;

/* Output never needs more than this (with the terminating NUL). */
#define LW_INTERVAL_TEXT_MAX 128

/* Writes iv in style into buf (LW_INTERVAL_TEXT_MAX bytes); returns the length. */
int lw_interval_format(const lw_interval *iv, lw_interval_style style, char *buf);
/*
 * Reads the postgres-style text s[0..n) that lw_interval_format wrote (the stored
 * form): "[N year[s]] [N mon[s]] [N day[s]] [+|-]HH:MM:SS[.ffffff]" with the fields
 * it has. Returns 0, or -1 when s is not in exactly that form (the caller then uses
 * a full interval parser).
 */
int lw_interval_read(const char *s, size_t n, lw_interval *out);

/* PostgreSQL's comparison: -1, 0, 1 by the linear key (months of 30 days). */
int lw_interval_cmp(const lw_interval *a, const lw_interval *b);
/* The sign of the linear key: -1, 0 or 1. */
int lw_interval_sign(const lw_interval *a);

/* a + b, a - b, -a: 0, or -1 on overflow. */
int lw_interval_add(const lw_interval *a, const lw_interval *b, lw_interval *out);
int lw_interval_sub(const lw_interval *a, const lw_interval *b, lw_interval *out);
int lw_interval_neg(const lw_interval *a, lw_interval *out);
/* a * factor and a / factor (factor not 0: the caller raises division by zero),
 * PostgreSQL's interval_mul and interval_div. 0, or -1 on overflow or NaN. */
int lw_interval_mul(const lw_interval *a, double factor, lw_interval *out);
int lw_interval_div(const lw_interval *a, double factor, lw_interval *out);
/* justify_hours, justify_days, justify_interval. 0, or -1 on overflow. */
int lw_interval_justify_hours(const lw_interval *a, lw_interval *out);
int lw_interval_justify_days(const lw_interval *a, lw_interval *out);
int lw_interval_justify(const lw_interval *a, lw_interval *out);

/*
 * Moves a civil date by `months` calendar months, the day clamped to the end of the
 * month it lands in (January 31 + 1 month is February 28 or 29), as PostgreSQL and
 * MySQL add months. Returns 0, or -1 when the year leaves the int range.
 */
int lw_add_months(int *year, int *month, int *day, int64_t months);

#endif
