/*
 * The proleptic Gregorian calendar (calendar.h). Day counts use the 400-year era
 * decomposition: an era has 146097 days, and March 1 starts the computational year so
 * that the leap day falls at its end.
 */
#include "datetime/calendar.h"

int64_t lw_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t lw_floor_mod(int64_t a, int64_t b)
{
    return a - lw_floor_div(a, b) * b;
}

int lw_is_leap_year(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int lw_days_in_month(int64_t year, int month)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && lw_is_leap_year(year));
}

int64_t lw_days_from_civil(int64_t year, int month, int day)
{
    /* Months out of range carry into the year. */
    year += lw_floor_div(month - 1, 12);
    month = (int)lw_floor_mod(month - 1, 12) + 1;
    int64_t y = month <= 2 ? year - 1 : year;
    int64_t era = lw_floor_div(y, 400);
    int64_t yoe = y - era * 400;                                       /* 0..399 */
    int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5; /* from Mar 1 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;               /* 0..146096 */
    return era * 146097 + doe - 719468 + (day - 1);
}

void lw_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
    int64_t z = days + 719468;
    int64_t era = lw_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

int lw_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday. */
    return (int)lw_floor_mod(days + 4, 7);
}

int lw_day_of_year(int64_t year, int month, int day)
{
    return (int)(lw_days_from_civil(year, month, day) - lw_days_from_civil(year, 1, 1)) + 1;
}

int64_t lw_iso_week_start(int64_t iso_year, int week)
{
    /* Week 1 is the week with January 4th in it; weeks start on Monday. */
    int64_t jan4 = lw_days_from_civil(iso_year, 1, 4);
    int64_t monday = jan4 - lw_floor_mod(lw_weekday(jan4) + 6, 7);
    return monday + (int64_t)(week - 1) * 7;
}

void lw_iso_week(int64_t year, int month, int day, int64_t *iso_year, int *week)
{
    int64_t d = lw_days_from_civil(year, month, day);
    int64_t y = year + 1;
    while (d < lw_iso_week_start(y, 1))
        y--;
    *iso_year = y;
    *week = (int)((d - lw_iso_week_start(y, 1)) / 7) + 1;
}
