/* calendar.h: civil dates, bank holidays and working days for England and
 * Wales.
 *
 * A date is a day number: days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before it).  Functions that take a day number are
 * meant for CAL_DAYS_MIN..CAL_DAYS_MAX (years 1 to 9999); the cal_add_*
 * functions clamp their results to that range.  Bank holidays follow the
 * standing rules for every year and are exact, one-off days included, for
 * CAL_KNOWN_FIRST..CAL_KNOWN_LAST.  Nothing here allocates or keeps state. */
#ifndef DUTYCHECK_CALENDAR_H
#define DUTYCHECK_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Years for which the one-off holidays are known: cal_is_bank_holiday is
 * exact for these. */
#define CAL_KNOWN_FIRST 1990
#define CAL_KNOWN_LAST 2030

/* Day numbers of 0001-01-01 and 9999-12-31. */
#define CAL_DAYS_MIN (-719162)
#define CAL_DAYS_MAX 2932896

/* Enough room for any year's bank holidays in cal_bank_holidays. */
#define CAL_MAX_HOLIDAYS 16

/* True if Y is a Gregorian leap year. */
bool cal_is_leap_year(int y);
/* Days in month M (1..12) of year Y; 0 if M is out of range. */
int cal_days_in_month(int y, int m);

/* Day number of Y-M-D.  M must be 1..12; D may run past the month's end
 * (the result moves on by that many days).  Exact for |Y| below 5 million. */
int32_t cal_days_from_civil(int y, int m, int d);
/* The civil date of day number DAYS, for any int32_t. */
void cal_civil_from_days(int32_t days, int *y, int *m, int *d);
/* True if Y-M-D is a real date with Y in 1..9999. */
bool cal_valid_civil(int y, int m, int d);

/* Strict YYYY-MM-DD: exactly LEN == 10 bytes, leading zeros, a real date in
 * years 1..9999.  Returns 0 and sets *OUT (if OUT is not NULL), or -1. */
int cal_parse_date(const char *s, size_t len, int32_t *out);
/* Writes "YYYY-MM-DD" and a NUL into BUF (at least 11 bytes).  A day outside
 * CAL_DAYS_MIN..CAL_DAYS_MAX is written as "0000-00-00". */
void cal_format_date(int32_t days, char *buf);

/* Day of the week of DAYS: 0 = Monday ... 6 = Sunday. */
int cal_weekday(int32_t days);
/* The year that DAYS falls in. */
int cal_year_of(int32_t days);

/* Day number of Easter Sunday in year Y (1..9999), by the anonymous
 * Gregorian algorithm. */
int32_t cal_easter_sunday(int y);
/* Bank holidays of England and Wales in YEAR, sorted, into OUT.  Writes at
 * most MAX entries and returns the number written (0 for a year outside
 * 1..9999); CAL_MAX_HOLIDAYS entries always suffice. */
int cal_bank_holidays(int year, int32_t *out, int max);
/* True if DAYS is a bank holiday of England and Wales. */
bool cal_is_bank_holiday(int32_t days);
/* True if DAYS is neither a Saturday, a Sunday nor a bank holiday. */
bool cal_is_working_day(int32_t days);

/* The date N working days after DAYS (N == 0 returns DAYS itself, working
 * day or not); for N < 0, -N working days before.  For N != 0 the result is
 * a working day, unless the count runs off CAL_DAYS_MIN..CAL_DAYS_MAX: then
 * that end of the range is returned. */
int32_t cal_add_working_days(int32_t days, int n);
/* Working days strictly after FROM up to and including TO (0 if TO <= FROM).
 * Both ends are first clamped to CAL_DAYS_MIN - 1..CAL_DAYS_MAX. */
int cal_working_days_between(int32_t from, int32_t to);
/* N calendar months after DAYS (before if N < 0): the same day of the
 * month, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
 * The result is clamped to CAL_DAYS_MIN..CAL_DAYS_MAX. */
int32_t cal_add_months(int32_t days, int n);
/* N days after DAYS (before if N < 0), clamped to
 * CAL_DAYS_MIN..CAL_DAYS_MAX. */
int32_t cal_add_days(int32_t days, int n);

#endif
