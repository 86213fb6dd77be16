/*
 * Dates, times and durations as Django 3.2's SQLite functions compute them with
 * Python's datetime module: the text parsers of django.db.backends.utils
 * (typecast_date, typecast_time, typecast_timestamp), the proleptic Gregorian
 * calendar of years 1 to 9999, arithmetic that raises OverflowError outside it, and
 * the text forms str() and isoformat() give.
 *
 * A moment is counted in "ticks": microseconds since 0001-01-01 00:00:00, the range
 * of datetime (0 to LW_DT_TICKS_END - 1). A timedelta is a signed microsecond count.
 */
#ifndef LW_DJANGO_DT_H
#define LW_DJANGO_DT_H

#include <stddef.h>
#include <stdint.h>

struct lw_tz;

#define LW_DT_US_PER_DAY INT64_C(86400000000)
/* Days from 0001-01-01 to 10000-01-01. */
#define LW_DT_DAYS_END INT64_C(3652059)
#define LW_DT_TICKS_END (LW_DT_DAYS_END * LW_DT_US_PER_DAY)

/* How a Python step ended: a value, or the exception it raised. The callers decide
 * which exceptions Django catches (it catches ValueError and TypeError around
 * typecast_timestamp, so those become NULL; the others propagate). */
typedef enum lw_pyexc {
    LW_PY_OK = 0,
    LW_PY_VALUE_ERROR,
    LW_PY_TYPE_ERROR,
    LW_PY_INDEX_ERROR,
    LW_PY_OVERFLOW_ERROR,
    LW_PY_ATTRIBUTE_ERROR,
} lw_pyexc;

typedef enum lw_dt_kind {
    LW_DT_NONE = 0, /* the parser returned None (empty text) */
    LW_DT_DATE,     /* datetime.date */
    LW_DT_DATETIME, /* datetime.datetime */
    LW_DT_TIME,     /* datetime.time */
    LW_DT_DELTA,    /* datetime.timedelta (delta_us) */
} lw_dt_kind;

typedef struct lw_dt {
    lw_dt_kind kind;
    int year, month, day;
    int hour, minute, second, usec;
    int64_t delta_us;
    const struct lw_tz *tz; /* DATETIME made aware by replace(tzinfo=...); NULL: naive */
} lw_dt;

/* typecast_timestamp(s) for text s (n bytes, valid UTF-8): NONE for '', a DATE when s
 * has no ASCII space (typecast_date), else a DATETIME. On an exception, *why (static
 * text) says what was wrong, for the error message. */
lw_pyexc lw_dt_typecast_timestamp(const char *s, size_t n, lw_dt *out, const char **why);

/* typecast_time(s): NONE for '', else a TIME. */
lw_pyexc lw_dt_typecast_time(const char *s, size_t n, lw_dt *out, const char **why);

/* Days since 0001-01-01 of a valid date, and back. */
int64_t lw_dt_days(int year, int month, int day);
void lw_dt_civil(int64_t days, int *year, int *month, int *day);

/* Ticks of a DATE or DATETIME (a date is its midnight), and a DATETIME (tz NULL)
 * from ticks in range. */
int64_t lw_dt_ticks(const lw_dt *dt);
void lw_dt_from_ticks(int64_t ticks, lw_dt *out);

/* date/datetime + timedelta (negate 0) or - timedelta (negate 1):
 * LW_PY_OVERFLOW_ERROR outside years 1-9999. A date moves by the delta's days only
 * (timedelta.days, the floor), as Python's date arithmetic does. */
lw_pyexc lw_dt_add(lw_dt *dt, int64_t delta_us, int negate);

/* date.weekday() (Monday 0) and date.isocalendar() of a DATE or DATETIME. */
int lw_dt_weekday(const lw_dt *dt);
void lw_dt_isocalendar(const lw_dt *dt, int *iso_year, int *iso_week, int *iso_weekday);

/* Text forms, written into buf (at least 48 bytes); each returns the length.
 *   lw_dt_str          str(x): date 'YYYY-MM-DD', datetime 'YYYY-MM-DD HH:MM:SS[.ffffff]',
 *                      timedelta '[-]D day[s], H:MM:SS[.ffffff]'
 *   lw_dt_time_iso     the time part: 'HH:MM:SS[.ffffff]' */
int lw_dt_str(const lw_dt *dt, char *buf);
int lw_dt_time_iso(const lw_dt *dt, char *buf);

#endif
