/*
 * PostgreSQL's to_char() of dates, times and intervals, and to_date() / to_timestamp()
 * of text (pgtime_tochar.c), with the template patterns of formatting.c:
 *
 *   years      YYYY YYY YY Y Y,YYY IYYY IYY IY I CC, BC/AD B.C./A.D. (any case)
 *   months     MM Month MONTH month Mon MON mon RM rm, Q
 *   days       DD DDD IDDD D ID, Day DAY day Dy DY dy, WW W IW J
 *   times      HH HH12 HH24 MI SS MS US FF1-FF6 SSSS SSSSS, AM PM A.M. P.M. (any case)
 *   zones      TZ tz OF TZH TZM
 *   modifiers  FM (no padding), TM (ignored: English names), TH th (ordinals), SP (ignored),
 *              FX (exact separators, to_date/to_timestamp)
 *   text       "quoted", \" for a quote; anything else is copied
 *
 * to_char's names are English (lc_time 'C'). Reading: spaces before a field are
 * skipped, a separator in the template matches one separator in the text or none, a
 * number takes its digits up to the field's width when a digit pattern follows, else
 * as many as there are; names are matched without regard to case.
 */
#ifndef LW_SHIM_PG_TIME_TOCHAR_H
#define LW_SHIM_PG_TIME_TOCHAR_H

#include <stddef.h>
#include <stdint.h>

/* The fields to_char prints. For an interval: hour counts on past 23, yday is the
 * span in days (months of 30), wday is unused. */
typedef struct pg_fmt_tm {
    int64_t year; /* astronomical (0 is 1 BC); an interval's years */
    int mon, mday;
    int64_t hour;
    int min, sec;
    int32_t usec;
    int wday; /* 0 Sunday */
    int yday; /* 1-366 */
    int has_zone;
    int32_t gmtoff;   /* seconds east */
    const char *abbr; /* NULL or "" when none */
    int is_interval;
} pg_fmt_tm;

/* The text to_char gives for the template fmt[0..fn) (sqlite3_free; *out_n its
 * length), or NULL when out of memory. */
char *pg_to_char(const pg_fmt_tm *tm, const char *fmt, size_t fn, size_t *out_n);

/* What to_date / to_timestamp read. */
typedef struct pg_fromchar {
    int year, mon, mday, hour, min, sec;
    int32_t usec;
    int has_tz;
    int32_t gmtoff; /* TZH/TZM: seconds east */
} pg_fromchar;

/* Reads s[0..n) (NUL-free) by the template. Returns 0, or -1 with the SQLSTATE and
 * message of PostgreSQL's error (22007 invalid value "x" for "YYYY", 22008
 * date/time field value out of range: "<s>", ...). */
int pg_from_char(const char *s, size_t n, const char *fmt, size_t fn, pg_fromchar *out,
                 char sqlstate[6], char *msg, size_t cap);

#endif
