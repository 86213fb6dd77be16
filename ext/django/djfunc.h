/*
 * The date and time functions Django 3.2's SQLite backend registers on every
 * connection (django/db/backends/sqlite3/base.py), in C with the same results:
 *
 *   django_date_extract(LOOKUP, DT)                    _sqlite_datetime_extract
 *   django_datetime_extract(LOOKUP, DT, TZ, CONN_TZ)   _sqlite_datetime_extract
 *   django_date_trunc(LOOKUP, DT, TZ, CONN_TZ)         _sqlite_date_trunc
 *   django_datetime_trunc(LOOKUP, DT, TZ, CONN_TZ)     _sqlite_datetime_trunc
 *   django_time_trunc(LOOKUP, DT, TZ, CONN_TZ)         _sqlite_time_trunc
 *   django_datetime_cast_date(DT, TZ, CONN_TZ)         _sqlite_datetime_cast_date
 *   django_datetime_cast_time(DT, TZ, CONN_TZ)         _sqlite_datetime_cast_time
 *   django_time_extract(LOOKUP, T)                     _sqlite_time_extract
 *   django_time_diff(A, B)                             _sqlite_time_diff
 *   django_timestamp_diff(A, B)                        _sqlite_timestamp_diff
 *   django_format_dtdelta(OP, A, B)                    _sqlite_format_dtdelta
 *
 * Time zones follow _sqlite_datetime_parse: a truthy CONN_TZ makes the datetime
 * aware with dt.replace(tzinfo=pytz.timezone(CONN_TZ)); a TZ that is not NULL and
 * differs from CONN_TZ converts it with timezone.localtime(dt, pytz.timezone(name)),
 * after adding the offset of a suffix such as 'Europe/Paris+05:00' or 'UTC-03:30'
 * (the sign found at index s.find('+') + s.find('-') + 1, as Django computes it).
 * What is decided from TZ and CONN_TZ alone is a plan, built once per statement.
 */
#ifndef LW_DJANGO_DJFUNC_H
#define LW_DJANGO_DJFUNC_H

#include "django/dt.h"
#include "django/pyvalue.h"
#include "django/tz.h"

/* What _sqlite_datetime_parse will do with a pair (TZ, CONN_TZ). */
typedef struct lw_dj_tzplan {
    int replace;            /* CONN_TZ is truthy: the datetime becomes aware */
    const lw_tz *conn_zone; /* its zone */
    int convert;            /* TZ is not NULL and differs from CONN_TZ */
    int64_t shift_us;       /* the suffix's offset, added before converting */
    const lw_tz *zone;      /* the zone converted to */
    char *error;            /* raised once a datetime parsed (sqlite3_malloc); NULL: none */
    int nomem;              /* building the plan ran out of memory */
} lw_dj_tzplan;

/* Builds the plan of TZ (argument tz_arg, 1-based, for messages) and CONN_TZ
 * (argument tz_arg + 1), reading zones through cache. */
void lw_dj_tzplan_build(lw_tz_cache *cache, const lw_pv *tz, const lw_pv *conn_tz, int tz_arg,
                        lw_dj_tzplan *plan);
void lw_dj_tzplan_clear(lw_dj_tzplan *plan);

/* The plan of (NULL, NULL): no time zone work. */
extern const lw_dj_tzplan lw_dj_no_tz;

/* Each sets *r (LW_PR_NULL, an integer, a text or an error); the plan comes from
 * lw_dj_tzplan_build, or is &lw_dj_no_tz for the functions without time zones. DT is
 * argument dt_arg (1-based) in error messages. */
void lw_dj_datetime_extract(const lw_pv *lookup, const lw_pv *dt, int dt_arg,
                            const lw_dj_tzplan *plan, lw_pr *r);
void lw_dj_date_trunc(const lw_pv *lookup, const lw_pv *dt, const lw_dj_tzplan *plan, lw_pr *r);
void lw_dj_datetime_trunc(const lw_pv *lookup, const lw_pv *dt, const lw_dj_tzplan *plan, lw_pr *r);
void lw_dj_time_trunc(const lw_pv *lookup, const lw_pv *dt, const lw_dj_tzplan *plan, lw_pr *r);
void lw_dj_datetime_cast_date(const lw_pv *dt, const lw_dj_tzplan *plan, lw_pr *r);
void lw_dj_datetime_cast_time(const lw_pv *dt, const lw_dj_tzplan *plan, lw_pr *r);
void lw_dj_time_extract(const lw_pv *lookup, const lw_pv *t, lw_pr *r);
void lw_dj_time_diff(const lw_pv *a, const lw_pv *b, lw_pr *r);
void lw_dj_timestamp_diff(const lw_pv *a, const lw_pv *b, lw_pr *r);
void lw_dj_format_dtdelta(const lw_pv *op, const lw_pv *a, const lw_pv *b, lw_pr *r);

#endif
