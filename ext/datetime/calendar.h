/*
 * The proleptic Gregorian calendar, as every engine likewise emulates counts days
 * (ext/datetime: the time core shared by the dialects and ext/django).
 *
 * A civil date is (year, month 1-12, day 1-31) with astronomical year numbering:
 * year 0 is 1 BC, year -1 is 2 BC (PostgreSQL's internal numbering). Days are counted
 * from 1970-01-01 (day 0), so a date and a count of seconds since the Unix epoch meet
 * without a constant. Julian Day Numbers are PostgreSQL's date2j(): 2000-01-01 is
 * 2451545 and JD 0 is 4714-11-24 BC.
 *
 * Everything here is exact integer arithmetic over int64 days (any year an int holds);
 * no function allocates or fails.
 */
#ifndef LW_DATETIME_CALENDAR_H
#define LW_DATETIME_CALENDAR_H

#include <stdint.h>

#define LW_USEC_PER_SEC INT64_C(1000000)
#define LW_USEC_PER_MINUTE INT64_C(60000000)
#define LW_USEC_PER_HOUR INT64_C(3600000000)
#define LW_USEC_PER_DAY INT64_C(86400000000)
#define LW_SEC_PER_DAY INT64_C(86400)
/* The Julian Day Number of 1970-01-01. */
#define LW_JD_UNIX_EPOCH 2440588

int lw_is_leap_year(int64_t year);
/* Days in month 1-12 of year. */
int lw_days_in_month(int64_t year, int month);
/* Days since 1970-01-01 of a civil date (month and day need not be in range: they
 * count on, so 2024-13-01 is 2025-01-01). */
int64_t lw_days_from_civil(int64_t year, int month, int day);
/* The civil date of a day count. */
void lw_civil_from_days(int64_t days, int64_t *year, int *month, int *day);
/* Day of the week of a day count: 0 Sunday ... 6 Saturday. */
int lw_weekday(int64_t days);
/* Day of the year, 1-366. */
int lw_day_of_year(int64_t year, int month, int day);
/* The ISO 8601 week (1-53) and its year, of a civil date. */
void lw_iso_week(int64_t year, int month, int day, int64_t *iso_year, int *week);
/* Days since 1970-01-01 of the Monday that starts ISO week `week` of iso_year. */
int64_t lw_iso_week_start(int64_t iso_year, int week);
/* Floor division and its non-negative remainder (for counts before 1970). */
int64_t lw_floor_div(int64_t a, int64_t b);
int64_t lw_floor_mod(int64_t a, int64_t b);

#endif
