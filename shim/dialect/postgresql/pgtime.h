/*
 * PostgreSQL 15's date and time types for the postgresql dialect, in plain C (no
 * sqlite3_context: the runtime_* files are the SQL glue, tests/test_pg_datetime.c
 * checks these alone). Values are kept as PostgreSQL keeps them, and travel through
 * SQLite as the text PostgreSQL prints (its ISO DateStyle), which these functions read
 * back and write:
 *
 *   date          days since 2000-01-01          '2024-05-17', '0044-03-15 BC'
 *   timestamp     microseconds since 2000-01-01  '2024-05-17 13:45:12.5'
 *   timestamptz   microseconds since 2000-01-01 UTC, stored as its UTC text
 *                 '2024-05-17 11:45:12.5+00' (so text order is time order for years
 *                 1-9999) and shown in the session TimeZone
 *   time          microseconds since midnight    '13:45:12.5', '24:00:00'
 *   timetz        time and an offset             '13:45:12.5+05:30'
 *   interval      months, days, microseconds     '1 year 2 mons 3 days 04:05:06'
 *                 (datetime/interval.h), stored in IntervalStyle postgres
 * with 'infinity' and '-infinity' for dates and timestamps.
 *
 * Input follows PostgreSQL's datetime.c: ParseDateTime splits the text into fields,
 * DecodeDateTime / DecodeTimeOnly / DecodeInterval give them meaning by context
 * (DateStyle ISO, MDY: '8/7/2022' is August 7), named zones come from the tz database
 * (datetime/zone.h), abbreviations from PostgreSQL's own 'Default' set
 * (pgtime_abbrevs.inc), and errors carry PostgreSQL's SQLSTATE and message (pg_dt_error).
 *
 * Zones: offsets inside this API are seconds WEST of UTC when named `tz` (PostgreSQL's
 * convention) and seconds EAST when named `gmtoff` or `utoff` (ISO's).
 */
#ifndef LW_SHIM_PG_TIME_H
#define LW_SHIM_PG_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "datetime/calendar.h"
#include "datetime/interval.h"
#include "datetime/zone.h"

typedef int64_t pg_timestamp;
typedef int32_t pg_date;
typedef int64_t pg_time;

typedef struct pg_timetz {
    pg_time time;
    int32_t tz; /* seconds west */
} pg_timetz;

#define PG_EPOCH_JDATE 2451545 /* 2000-01-01 */
#define PG_UNIX_EPOCH_JDATE 2440588
#define PG_TS_NOBEGIN INT64_MIN
#define PG_TS_NOEND INT64_MAX
#define PG_TS_FINITE(t) ((t) != PG_TS_NOBEGIN && (t) != PG_TS_NOEND)
#define PG_DATE_NOBEGIN INT32_MIN
#define PG_DATE_NOEND INT32_MAX
#define PG_DATE_FINITE(d) ((d) != PG_DATE_NOBEGIN && (d) != PG_DATE_NOEND)
/* 4714-11-24 BC 00:00 and 294277-01-01 00:00, the ends of the timestamp range. */
#define PG_MIN_TIMESTAMP INT64_C(-211813488000000000)
#define PG_END_TIMESTAMP INT64_C(9223371331200000000)
#define PG_VALID_TIMESTAMP(t) (PG_MIN_TIMESTAMP <= (t) && (t) < PG_END_TIMESTAMP)
/* Julian days of the ends of the date range (4714-11-24 BC, 5874898-01-01). */
#define PG_DATE_END_JULIAN 2147483494
#define PG_VALID_DATE(d) (-PG_EPOCH_JDATE <= (d) && (d) < PG_DATE_END_JULIAN - PG_EPOCH_JDATE)
/* The largest time zone displacement input accepts: 15 hours (PostgreSQL 15). */
#define PG_MAX_TZDISP_HOUR 15
/* Longest input PostgreSQL reads as a date/time (MAXDATELEN 128, room for fields). */
#define PG_MAXDATELEN 128
#define PG_MAXDATEFIELDS 25

/* A broken-down date and time. year is astronomical (0 is 1 BC). */
typedef struct pg_tm {
    int year, mon, mday, hour, min, sec;
    int32_t usec;
    int isdst;      /* -1 unknown */
    int32_t gmtoff; /* seconds east, when a zone was applied */
    const char *abbr;
    int yday; /* day of year while parsing (1-366) */
} pg_tm;

/* ---- Errors ------------------------------------------------------------------------------- */

typedef enum pg_dterr {
    PG_DT_OK = 0,
    PG_DTERR_BAD_FORMAT,       /* 22007 invalid input syntax for type %s: "%s" */
    PG_DTERR_FIELD_OVERFLOW,   /* 22008 date/time field value out of range: "%s" */
    PG_DTERR_MD_OVERFLOW,      /* the same, in month or day position */
    PG_DTERR_INTERVAL_FIELD,   /* 22015 interval field value out of range: "%s" */
    PG_DTERR_TZDISP_OVERFLOW,  /* 22009 time zone displacement out of range: "%s" */
    PG_DTERR_BAD_TIMEZONE,     /* 22023 time zone "%s" not recognized */
    PG_DTERR_TS_RANGE,         /* 22008 timestamp out of range: "%s" */
    PG_DTERR_DATE_RANGE,       /* 22008 date out of range: "%s" */
    PG_DTERR_INTERVAL_RANGE,   /* 22008 interval out of range */
    PG_DTERR_UNIT_UNKNOWN,     /* 22023 unit "%s" not recognized for type %s (str: the unit) */
    PG_DTERR_UNIT_UNSUPPORTED, /* 0A000 unit "%s" not supported for type %s */
    PG_DTERR_NOMEM,
} pg_dterr;

/* What a failed input or computation reports: SQLSTATE and message (into msg, cap
 * bytes), for the type named type_name and the input str (NULL when the message does
 * not quote it); zone names the zone for PG_DTERR_BAD_TIMEZONE. */
void pg_dt_error(pg_dterr err, const char *type_name, const char *str, const char *zone,
                 char sqlstate[6], char *msg, size_t cap);

/* ---- The session's view --------------------------------------------------------------------- */

/* What parsing and zone-dependent computations read: the session's TimeZone, where named
 * zones come from, the transaction's instant ('now', 'today'), IntervalStyle. Input
 * fills bad_zone when a zone name is not recognized. */
typedef struct pg_dtctx {
    const lw_zone *session; /* never NULL */
    lw_zone_db *zones;      /* may be NULL: no named zones */
    pg_timestamp now;       /* UTC */
    lw_interval_style style;
    char bad_zone[64];
} pg_dtctx;

/* ---- The calendar as PostgreSQL counts it ------------------------------------------------------
 */

int pg_date2j(int year, int month, int day);
void pg_j2date(int jd, int *year, int *month, int *day);
int pg_j2day(int jd); /* 0 Sunday ... 6 Saturday */
int pg_valid_julian(int year, int month, int day);
int pg_date2isoweek(int year, int mon, int mday);
int pg_date2isoyear(int year, int mon, int mday);
int pg_date2isoyearday(int year, int mon, int mday);
int pg_isoweek2j(int year, int week);

/* Timestamp <-> fields. tz (seconds west) NULL: no zone. Returns 0 or -1 out of range. */
int pg_tm2timestamp(const pg_tm *tm, const int32_t *tz, pg_timestamp *out);
/* Breaks a finite timestamp down; with zone (a timestamptz), in that zone: gmtoff,
 * isdst and abbr filled, *tz (may be NULL) gets the offset west. Returns 0 or -1. */
int pg_timestamp2tm(pg_timestamp t, const lw_zone *zone, pg_tm *tm, int32_t *tz);
/* PostgreSQL's DetermineTimeZoneOffset: the offset (west) of local time tm in zone,
 * a skipped time read before the transition, a repeated one as standard time; sets
 * tm->isdst. */
int32_t pg_local_offset(pg_tm *tm, const lw_zone *zone);
/* A timestamptz from a local timestamp in zone, and back. Return 0 or -1 (range). */
int pg_local_to_tstz(pg_timestamp local, const lw_zone *zone, pg_timestamp *out);
int pg_tstz_to_local(pg_timestamp t, const lw_zone *zone, pg_timestamp *out);
/* The time of a date/time. */
pg_time pg_tm2time(const pg_tm *tm);
void pg_time2tm(pg_time t, pg_tm *tm);

/* ---- Input ------------------------------------------------------------------------------------
 */

/* date_in, time_in, timetz_in, timestamp_in, timestamptz_in, interval_in: s[0..n) as
 * PostgreSQL reads it. typmod: the precision (time, timestamp) or interval's
 * typmod (pg_interval_typmod), -1 for none. */
pg_dterr pg_date_in(pg_dtctx *ctx, const char *s, size_t n, pg_date *out);
pg_dterr pg_time_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, pg_time *out);
pg_dterr pg_timetz_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, pg_timetz *out);
pg_dterr pg_timestamp_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, pg_timestamp *out);
pg_dterr pg_timestamptz_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, pg_timestamp *out);
pg_dterr pg_interval_in(pg_dtctx *ctx, const char *s, size_t n, int typmod, lw_interval *out);

/* Interval typmods: a range of fields (INTERVAL DAY TO SECOND) and a precision. */
#define PG_IV_YEAR 0x04
#define PG_IV_MONTH 0x02
#define PG_IV_DAY 0x08
#define PG_IV_HOUR 0x400
#define PG_IV_MINUTE 0x800
#define PG_IV_SECOND 0x1000
#define PG_IV_FULL_RANGE 0x7FFF
#define PG_IV_FULL_PRECISION 0xFFFF
int pg_interval_typmod(int range, int precision);
/* Rounds or truncates an interval to its typmod. Returns 0 or -1 on overflow. */
int pg_interval_adjust(lw_interval *iv, int typmod);
/* Rounds a timestamp or time to precision (0-6; -1 none). */
void pg_timestamp_round(pg_timestamp *t, int precision);
void pg_time_round(pg_time *t, int precision);

/* ---- Output -----------------------------------------------------------------------------------
 */

#define PG_DT_TEXT_MAX 128
/* PostgreSQL's output (ISO DateStyle) into buf (PG_DT_TEXT_MAX bytes); the length. */
int pg_date_out(pg_date d, char *buf);
int pg_time_out(pg_time t, char *buf);
int pg_timetz_out(const pg_timetz *t, char *buf);
int pg_timestamp_out(pg_timestamp t, char *buf);
/* A timestamptz as shown in zone (the stored form: zone UTC). */
int pg_timestamptz_out(pg_timestamp t, const lw_zone *zone, char *buf);
/* The numeric offset as timestamptz output writes it: +05, +05:30, -03:00:30 (tz west). */
int pg_encode_tz(int32_t tz, char *buf);

/* ---- Reading stored values --------------------------------------------------------------------
 */

/* The dialect's stored text of each type, read quickly; anything else through the
 * input functions above. These are what the SQL functions call on their arguments. */
pg_dterr pg_read_date(pg_dtctx *ctx, const char *s, size_t n, pg_date *out);
pg_dterr pg_read_timestamp(pg_dtctx *ctx, const char *s, size_t n, pg_timestamp *out);
pg_dterr pg_read_timestamptz(pg_dtctx *ctx, const char *s, size_t n, pg_timestamp *out);
pg_dterr pg_read_time(pg_dtctx *ctx, const char *s, size_t n, pg_time *out);
pg_dterr pg_read_timetz(pg_dtctx *ctx, const char *s, size_t n, pg_timetz *out);
pg_dterr pg_read_interval(pg_dtctx *ctx, const char *s, size_t n, lw_interval *out);

/* ---- Units --------------------------------------------------------------------------------------
 */

/* The units extract, date_part and date_trunc take (PostgreSQL's DTK_* values). */
enum pg_unit {
    PG_U_EARLY = 9,
    PG_U_LATE,
    PG_U_EPOCH,
    PG_U_NOW,
    PG_U_YESTERDAY,
    PG_U_TODAY,
    PG_U_TOMORROW,
    PG_U_ZULU,
    PG_U_DELTA,
    PG_U_SECOND,
    PG_U_MINUTE,
    PG_U_HOUR,
    PG_U_DAY,
    PG_U_WEEK,
    PG_U_MONTH,
    PG_U_QUARTER,
    PG_U_YEAR,
    PG_U_DECADE,
    PG_U_CENTURY,
    PG_U_MILLENNIUM,
    PG_U_MILLISEC,
    PG_U_MICROSEC,
    PG_U_JULIAN,
    PG_U_DOW,
    PG_U_DOY,
    PG_U_TZ_HOUR,
    PG_U_TZ_MINUTE,
    PG_U_ISOYEAR,
    PG_U_ISODOW,
    PG_U_TIME,
    PG_U_TZ,
};
/* The unit word low (lower case, compared over 10 characters as PostgreSQL does: any
 * word starting 'microsecon' is microseconds): 1 with its value, *reserved set for a
 * reserved word ('epoch'); 0 when unknown. */
int pg_decode_unit(const char *low, int *value, int *reserved);

/* ---- Zones by name ----------------------------------------------------------------------------
 */

/* A zone as AT TIME ZONE, timezone(), date_trunc(..., zone) and make_timestamptz read its
 * name: an abbreviation of PostgreSQL's 'Default' set (fixed, or standing for a zone),
 * else a tz database name or a POSIX string. */
typedef struct pg_zone {
    int fixed;           /* a fixed offset: gmtoff */
    int32_t gmtoff;      /* seconds east */
    const lw_zone *zone; /* otherwise */
} pg_zone;
/* Looks name[0..n) up (PostgreSQL's DecodeTimezoneName). PG_DTERR_BAD_TIMEZONE when it
 * is none (the caller reports 'time zone "<name>" not recognized'). */
pg_dterr pg_zone_lookup(pg_dtctx *ctx, const char *name, size_t n, pg_zone *out);
/* The abbreviation of PostgreSQL's 'Default' set named low (lower case), or NULL;
 * *gmtoff, *isdst, *zone (NULL for a fixed one) describe it. */
int pg_abbrev_lookup(const char *low, int32_t *gmtoff, int *isdst, const char **zone);
/* The offset (west) of the local time tm under zone spec z (DST decided by tm). */
int32_t pg_zone_local_offset(pg_dtctx *ctx, pg_tm *tm, const pg_zone *z);
/* The offset (west) in force at instant t under z. */
int32_t pg_zone_offset_at(const pg_zone *z, pg_timestamp t);

/* ---- Arithmetic ---------------------------------------------------------------------------------
 */

/* timestamp + interval: months move the calendar (the day clamped to the month's end),
 * then days, then the time. zone NULL: a timestamp; else a timestamptz whose months
 * and days keep the wall clock of zone (23 or 25 hours across a DST change).
 * PG_DTERR_TS_RANGE past the range. */
pg_dterr pg_timestamp_pl_interval(pg_timestamp t, const lw_interval *iv, const lw_zone *zone,
                                  pg_timestamp *out);
/* a - b: days and time only (justify_hours), never months. */
pg_dterr pg_timestamp_mi(pg_timestamp a, pg_timestamp b, lw_interval *out);
/* age(a, b): years, months and days as a calendar counts them (zone NULL: timestamps;
 * else timestamptz broken down in zone). */
pg_dterr pg_timestamp_age(pg_timestamp a, pg_timestamp b, const lw_zone *zone, lw_interval *out);
/* date + days. PG_DTERR_DATE_RANGE past the range. */
pg_dterr pg_date_pl_days(pg_date d, int64_t days, pg_date *out);
/* time + interval: wraps around the day (the interval's time only). */
pg_time pg_time_pl_interval(pg_time t, const lw_interval *iv);

/* ---- Conversions ----------------------------------------------------------------------------- */

pg_dterr pg_date2timestamp(pg_date d, pg_timestamp *out);
/* A date's midnight in zone (date -> timestamptz). */
pg_dterr pg_date2timestamptz(pg_date d, const lw_zone *zone, pg_timestamp *out);
/* The date of a timestamp (zone NULL) or of a timestamptz in zone. */
pg_dterr pg_timestamp2date(pg_timestamp t, const lw_zone *zone, pg_date *out);
/* The time of day of a timestamp (zone NULL) or timestamptz in zone; *tz the offset. */
pg_dterr pg_timestamp2time(pg_timestamp t, const lw_zone *zone, pg_time *out, int32_t *tz);

/* ---- date_trunc and extract -------------------------------------------------------------------
 */

/* date_trunc(unit, t): unit lower case. zone NULL for a timestamp; else a timestamptz
 * truncated in zone. Errors: PG_DTERR_UNIT_UNKNOWN, PG_DTERR_UNIT_UNSUPPORTED,
 * PG_DTERR_TS_RANGE. */
pg_dterr pg_timestamp_trunc(const char *unit, pg_timestamp t, const lw_zone *zone,
                            pg_timestamp *out);
pg_dterr pg_interval_trunc(const char *unit, const lw_interval *iv, lw_interval *out);

/* A field extract() gives: an integer, a fixed-point number (value / 10^scale printed
 * with scale decimals), a Julian date with its day fraction, +-Infinity, or NULL. */
typedef enum pg_part_kind {
    PG_PART_INT,
    PG_PART_FIXED,
    PG_PART_JULIAN, /* value: the Julian day; usec: microseconds into it */
    PG_PART_INFINITY,
    PG_PART_NEG_INFINITY,
    PG_PART_NULL,
} pg_part_kind;
typedef struct pg_part {
    pg_part_kind kind;
    int64_t value;
    int scale;
    int64_t usec;
} pg_part;
/* extract(unit FROM x) of each type (numeric: the fixed-point forms); date_part is the
 * same value as a double, except that date_part of a date reads it as a timestamp.
 * Errors: PG_DTERR_UNIT_UNKNOWN, PG_DTERR_UNIT_UNSUPPORTED. */
pg_dterr pg_timestamp_part(const char *unit, pg_timestamp t, const lw_zone *zone, pg_part *out);
pg_dterr pg_date_part(const char *unit, pg_date d, pg_part *out);
pg_dterr pg_time_part(const char *unit, pg_time t, pg_part *out);
pg_dterr pg_timetz_part(const char *unit, const pg_timetz *t, pg_part *out);
pg_dterr pg_interval_part(const char *unit, const lw_interval *iv, pg_part *out);
/* The part as a double (date_part). */
double pg_part_double(const pg_part *p);

#endif
