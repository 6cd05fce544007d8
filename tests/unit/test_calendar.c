/* test_calendar.c: unit tests for engine/calendar.c. */
#include "calendar.h"
#include "unit.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Every bank holiday of England and Wales, 2000 to 2030, as published on
 * gov.uk.  Typed by hand, one year per line; the lines are wider than 80
 * columns so that each year reads as one row of the published list. */
static const char *const published[] = {
  "2000-01-03 2000-04-21 2000-04-24 2000-05-01 2000-05-29 2000-08-28 2000-12-25 2000-12-26",
  "2001-01-01 2001-04-13 2001-04-16 2001-05-07 2001-05-28 2001-08-27 2001-12-25 2001-12-26",
  "2002-01-01 2002-03-29 2002-04-01 2002-05-06 2002-06-03 2002-06-04 2002-08-26 2002-12-25 2002-12-26",
  "2003-01-01 2003-04-18 2003-04-21 2003-05-05 2003-05-26 2003-08-25 2003-12-25 2003-12-26",
  "2004-01-01 2004-04-09 2004-04-12 2004-05-03 2004-05-31 2004-08-30 2004-12-27 2004-12-28",
  "2005-01-03 2005-03-25 2005-03-28 2005-05-02 2005-05-30 2005-08-29 2005-12-26 2005-12-27",
  "2006-01-02 2006-04-14 2006-04-17 2006-05-01 2006-05-29 2006-08-28 2006-12-25 2006-12-26",
  "2007-01-01 2007-04-06 2007-04-09 2007-05-07 2007-05-28 2007-08-27 2007-12-25 2007-12-26",
  "2008-01-01 2008-03-21 2008-03-24 2008-05-05 2008-05-26 2008-08-25 2008-12-25 2008-12-26",
  "2009-01-01 2009-04-10 2009-04-13 2009-05-04 2009-05-25 2009-08-31 2009-12-25 2009-12-28",
  "2010-01-01 2010-04-02 2010-04-05 2010-05-03 2010-05-31 2010-08-30 2010-12-27 2010-12-28",
  "2011-01-03 2011-04-22 2011-04-25 2011-04-29 2011-05-02 2011-05-30 2011-08-29 2011-12-26 2011-12-27",
  "2012-01-02 2012-04-06 2012-04-09 2012-05-07 2012-06-04 2012-06-05 2012-08-27 2012-12-25 2012-12-26",
  "2013-01-01 2013-03-29 2013-04-01 2013-05-06 2013-05-27 2013-08-26 2013-12-25 2013-12-26",
  "2014-01-01 2014-04-18 2014-04-21 2014-05-05 2014-05-26 2014-08-25 2014-12-25 2014-12-26",
  "2015-01-01 2015-04-03 2015-04-06 2015-05-04 2015-05-25 2015-08-31 2015-12-25 2015-12-28",
  "2016-01-01 2016-03-25 2016-03-28 2016-05-02 2016-05-30 2016-08-29 2016-12-26 2016-12-27",
  "2017-01-02 2017-04-14 2017-04-17 2017-05-01 2017-05-29 2017-08-28 2017-12-25 2017-12-26",
  "2018-01-01 2018-03-30 2018-04-02 2018-05-07 2018-05-28 2018-08-27 2018-12-25 2018-12-26",
  "2019-01-01 2019-04-19 2019-04-22 2019-05-06 2019-05-27 2019-08-26 2019-12-25 2019-12-26",
  "2020-01-01 2020-04-10 2020-04-13 2020-05-08 2020-05-25 2020-08-31 2020-12-25 2020-12-28",
  "2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28",
  "2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19 2022-12-26 2022-12-27",
  "2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 2023-08-28 2023-12-25 2023-12-26",
  "2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26",
  "2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26",
  "2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28",
  "2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28",
  "2028-01-03 2028-04-14 2028-04-17 2028-05-01 2028-05-29 2028-08-28 2028-12-25 2028-12-26",
  "2029-01-01 2029-03-30 2029-04-02 2029-05-07 2029-05-28 2029-08-27 2029-12-25 2029-12-26",
  "2030-01-01 2030-04-19 2030-04-22 2030-05-06 2030-05-27 2030-08-26 2030-12-25 2030-12-26",
};

#define PUBLISHED_FIRST 2000
#define N_PUBLISHED ((int)(sizeof published / sizeof published[0]))

/* A few earlier years with one-off changes, checked the same way. */
static const char *const earlier[] = {
  "1995-01-02 1995-04-14 1995-04-17 1995-05-08 1995-05-29 1995-08-28 1995-12-25 1995-12-26",
  "1999-01-01 1999-04-02 1999-04-05 1999-05-03 1999-05-31 1999-08-30 1999-12-27 1999-12-28 1999-12-31",
};

#define N_EARLIER ((int)(sizeof earlier / sizeof earlier[0]))

/* Day number of a date string known to be valid. */
static int32_t day_of(const char *s)
{
  int y = 0, m = 0, d = 0;
  if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return INT32_MIN;
  return cal_days_from_civil(y, m, d);
}

static bool listed(const char *list, const char *date)
{
  for (const char *p = list; *p; p += p[10] ? 11 : 10)
    if (strncmp(p, date, 10) == 0)
      return true;
  return false;
}

/* Compares the computed holidays of one row's year with the row, one check
 * per year, naming the missing and unexpected dates on failure. */
static void check_year(const char *row)
{
  char name[64], got[256], missing[256], extra[256], date[11];
  int year = 0;
  int32_t h[CAL_MAX_HOLIDAYS];
  sscanf(row, "%4d", &year);
  int n = cal_bank_holidays(year, h, CAL_MAX_HOLIDAYS);

  got[0] = missing[0] = extra[0] = '\0';
  for (int i = 0; i < n; i++) {
    cal_format_date(h[i], date);
    if (i > 0)
      strncat(got, " ", sizeof got - strlen(got) - 1);
    strncat(got, date, sizeof got - strlen(got) - 1);
    if (!listed(row, date)) {
      strncat(extra, " ", sizeof extra - strlen(extra) - 1);
      strncat(extra, date, sizeof extra - strlen(extra) - 1);
    }
  }
  for (const char *p = row; *p; p += p[10] ? 11 : 10) {
    memcpy(date, p, 10);
    date[10] = '\0';
    if (!listed(got, date)) {
      strncat(missing, " ", sizeof missing - strlen(missing) - 1);
      strncat(missing, date, sizeof missing - strlen(missing) - 1);
    }
  }
  snprintf(name, sizeof name, "calendar/bank-holidays/%d", year);
  UNIT_CHECK(name, strcmp(got, row) == 0,
             "missing:%s; unexpected:%s", missing[0] ? missing : " none",
             extra[0] ? extra : " none");

  /* Each listed date is a bank holiday and not a working day. */
  for (const char *p = row; *p; p += p[10] ? 11 : 10) {
    int32_t d;
    memcpy(date, p, 10);
    date[10] = '\0';
    snprintf(name, sizeof name, "calendar/holiday-not-working/%s", date);
    UNIT_CHECK(name, cal_parse_date(date, 10, &d) == 0 &&
                         cal_is_bank_holiday(d) && !cal_is_working_day(d),
               "%s: not reported as a non-working bank holiday", date);
  }

  /* No other day of the year is a bank holiday. */
  int count = 0, listed_count = 0;
  int32_t first = cal_days_from_civil(year, 1, 1);
  int32_t last = cal_days_from_civil(year, 12, 31);
  for (int32_t d = first; d <= last; d++)
    count += cal_is_bank_holiday(d);
  for (const char *p = row; *p; p += p[10] ? 11 : 10)
    listed_count++;
  snprintf(name, sizeof name, "calendar/holiday-count/%d", year);
  UNIT_EQ_INT(name, count, listed_count);
}

static void test_bank_holidays(void)
{
  for (int i = 0; i < N_PUBLISHED; i++) {
    char want[5];
    snprintf(want, sizeof want, "%d", PUBLISHED_FIRST + i);
    if (strncmp(published[i], want, 4) != 0) {
      UNIT_CHECK("calendar/bank-holidays/table-order", false,
                 "row %d does not start with %s", i, want);
      return;
    }
    check_year(published[i]);
  }
  for (int i = 0; i < N_EARLIER; i++)
    check_year(earlier[i]);

  int32_t h[CAL_MAX_HOLIDAYS];
  int n = cal_bank_holidays(2022, h, 3);
  UNIT_CHECK("calendar/bank-holidays/truncated",
             n == 3 && h[0] == day_of("2022-01-03") &&
                 h[1] == day_of("2022-04-15") && h[2] == day_of("2022-04-18"),
             "got %d entries", n);
  UNIT_EQ_INT("calendar/bank-holidays/max-zero",
              cal_bank_holidays(2022, NULL, 0), 0);
  UNIT_EQ_INT("calendar/bank-holidays/year-zero",
              cal_bank_holidays(0, h, CAL_MAX_HOLIDAYS), 0);
  UNIT_EQ_INT("calendar/bank-holidays/year-10000",
              cal_bank_holidays(10000, h, CAL_MAX_HOLIDAYS), 0);

  /* Every year in range is sorted, distinct, within the year, on weekdays,
   * and has the eight standing holidays at least. */
  bool ok = true;
  int bad_year = 0;
  for (int y = 1; y <= 9999 && ok; y++) {
    n = cal_bank_holidays(y, h, CAL_MAX_HOLIDAYS);
    ok = n >= 8 && n <= CAL_MAX_HOLIDAYS;
    for (int i = 0; i < n && ok; i++)
      ok = cal_year_of(h[i]) == y && cal_weekday(h[i]) < 5 &&
           (i == 0 || h[i - 1] < h[i]);
    if (!ok)
      bad_year = y;
  }
  UNIT_CHECK("calendar/bank-holidays/shape-all-years", ok,
             "year %d is malformed", bad_year);

  UNIT_CHECK("calendar/is-bank-holiday/out-of-range",
             !cal_is_bank_holiday(CAL_DAYS_MIN - 1) &&
                 !cal_is_bank_holiday(CAL_DAYS_MAX + 1) &&
                 !cal_is_bank_holiday(INT32_MIN) &&
                 !cal_is_bank_holiday(INT32_MAX),
             "a day outside years 1..9999 is a holiday");
  UNIT_CHECK("calendar/is-bank-holiday/ordinary-day",
             !cal_is_bank_holiday(day_of("2024-05-07")) &&
                 cal_is_working_day(day_of("2024-05-07")),
             "2024-05-07 should be an ordinary working day");
  UNIT_CHECK("calendar/is-working-day/weekend",
             !cal_is_working_day(day_of("2024-05-04")) &&
                 !cal_is_working_day(day_of("2024-05-05")) &&
                 !cal_is_bank_holiday(day_of("2024-05-04")),
             "a weekend counted as a working day");
}

static void test_easter(void)
{
  static const char *const sundays[] = {
    "1818-03-22", "1943-04-25", "2000-04-23", "2008-03-23",
    "2011-04-24", "2019-04-21", "2038-04-25", "2285-03-22",
  };
  for (size_t i = 0; i < sizeof sundays / sizeof sundays[0]; i++) {
    char name[64], got[11];
    int y = 0;
    sscanf(sundays[i], "%4d", &y);
    cal_format_date(cal_easter_sunday(y), got);
    snprintf(name, sizeof name, "calendar/easter/%d", y);
    UNIT_EQ_STR(name, got, sundays[i]);
  }
  bool ok = true;
  int bad = 0;
  for (int y = 1583; y <= 9999 && ok; y++) {
    int32_t e = cal_easter_sunday(y);
    int32_t lo = cal_days_from_civil(y, 3, 22);
    int32_t hi = cal_days_from_civil(y, 4, 25);
    ok = cal_weekday(e) == 6 && e >= lo && e <= hi;
    bad = y;
  }
  UNIT_CHECK("calendar/easter/sunday-in-window", ok,
             "Easter %d is not a Sunday from 22 March to 25 April", bad);
}

static void check_parse(const char *name, const char *s, size_t len,
                        const char *want)
{
  int32_t d = INT32_MIN;
  int rc = cal_parse_date(s, len, &d);
  if (want == NULL) {
    UNIT_CHECK(name, rc == -1, "accepted, rc %d", rc);
  } else {
    char got[11];
    cal_format_date(d, got);
    UNIT_CHECK(name, rc == 0 && strcmp(got, want) == 0,
               "rc %d, got '%s', want '%s'", rc, rc == 0 ? got : "", want);
  }
}

static void test_parse(void)
{
  check_parse("calendar/parse/valid", "2024-05-06", 10, "2024-05-06");
  check_parse("calendar/parse/leap-2000", "2000-02-29", 10, "2000-02-29");
  check_parse("calendar/parse/leap-2024", "2024-02-29", 10, "2024-02-29");
  check_parse("calendar/parse/first-year", "0001-01-01", 10, "0001-01-01");
  check_parse("calendar/parse/last-year", "9999-12-31", 10, "9999-12-31");
  check_parse("calendar/parse/reads-only-len", "2024-01-01x", 10,
              "2024-01-01");
  check_parse("calendar/parse/reject-1900-02-29", "1900-02-29", 10, NULL);
  check_parse("calendar/parse/reject-2023-02-29", "2023-02-29", 10, NULL);
  check_parse("calendar/parse/reject-month-13", "2024-13-01", 10, NULL);
  check_parse("calendar/parse/reject-month-0", "2024-00-10", 10, NULL);
  check_parse("calendar/parse/reject-day-0", "2024-01-00", 10, NULL);
  check_parse("calendar/parse/reject-april-31", "2024-04-31", 10, NULL);
  check_parse("calendar/parse/reject-day-32", "2024-01-32", 10, NULL);
  check_parse("calendar/parse/reject-short-month", "2024-1-01", 9, NULL);
  check_parse("calendar/parse/reject-short-month-padded", "2024-1-01 ", 10,
              NULL);
  check_parse("calendar/parse/reject-trailing", "2024-01-01x", 11, NULL);
  check_parse("calendar/parse/reject-trailing-space", "2024-01-01 ", 11,
              NULL);
  check_parse("calendar/parse/reject-truncated", "2024-01-0", 9, NULL);
  check_parse("calendar/parse/reject-empty", "", 0, NULL);
  check_parse("calendar/parse/reject-null", NULL, 10, NULL);
  check_parse("calendar/parse/reject-letters", "2024-0a-01", 10, NULL);
  check_parse("calendar/parse/reject-word", "yyyy-mm-dd", 10, NULL);
  check_parse("calendar/parse/reject-slashes", "2024/01/01", 10, NULL);
  check_parse("calendar/parse/reject-sign", "+024-01-01", 10, NULL);
  check_parse("calendar/parse/reject-leading-space", " 024-01-01", 10, NULL);
  check_parse("calendar/parse/reject-inner-space", "2024- 1-01", 10, NULL);
  check_parse("calendar/parse/reject-year-0", "0000-01-01", 10, NULL);
  check_parse("calendar/parse/reject-nul", "2024-01\0" "01", 10, NULL);
  check_parse("calendar/parse/reject-long-year", "02024-01-01", 11, NULL);

  UNIT_EQ_INT("calendar/parse/null-out-validates",
              cal_parse_date("2024-02-29", 10, NULL), 0);
  int32_t d = 12345;
  cal_parse_date("2023-02-29", 10, &d);
  UNIT_EQ_INT("calendar/parse/failure-keeps-out", d, 12345);
}

static void test_civil(void)
{
  UNIT_EQ_INT("calendar/civil/epoch", cal_days_from_civil(1970, 1, 1), 0);
  UNIT_EQ_INT("calendar/civil/before-epoch",
              cal_days_from_civil(1969, 12, 31), -1);
  UNIT_EQ_INT("calendar/civil/2000-03-01",
              cal_days_from_civil(2000, 3, 1), 11017);
  UNIT_EQ_INT("calendar/civil/days-min", cal_days_from_civil(1, 1, 1),
              CAL_DAYS_MIN);
  UNIT_EQ_INT("calendar/civil/days-max", cal_days_from_civil(9999, 12, 31),
              CAL_DAYS_MAX);
  UNIT_EQ_INT("calendar/civil/day-overflow",
              cal_days_from_civil(2024, 1, 32),
              cal_days_from_civil(2024, 2, 1));

  /* Every day of years 1..9999 in turn: each day number maps to the civil
   * successor of the previous one, and back. */
  bool ok = true;
  int32_t bad = 0;
  int py = 0, pm = 12, pd = 31;
  for (int32_t d = CAL_DAYS_MIN; d <= CAL_DAYS_MAX && ok; d++) {
    int y, m, dd;
    cal_civil_from_days(d, &y, &m, &dd);
    int ey = py, em = pm, ed = pd + 1;
    if (ed > cal_days_in_month(py, pm)) {
      ed = 1;
      if (++em > 12) {
        em = 1;
        ey++;
      }
    }
    ok = y == ey && m == em && dd == ed && cal_valid_civil(y, m, dd) &&
         cal_days_from_civil(y, m, dd) == d;
    py = y;
    pm = m;
    pd = dd;
    bad = d;
  }
  UNIT_CHECK("calendar/civil/round-trip-years-1-9999", ok,
             "day %ld breaks the sequence", (long)bad);

  /* Sparse round trips over the whole int32_t range. */
  ok = true;
  for (int64_t d = INT32_MIN; d <= INT32_MAX && ok; d += 9973) {
    int y, m, dd;
    cal_civil_from_days((int32_t)d, &y, &m, &dd);
    ok = m >= 1 && m <= 12 && dd >= 1 && dd <= cal_days_in_month(y, m) &&
         cal_days_from_civil(y, m, dd) == (int32_t)d;
    bad = (int32_t)d;
  }
  UNIT_CHECK("calendar/civil/round-trip-int32", ok, "day %ld", (long)bad);

  UNIT_CHECK("calendar/civil/valid",
             cal_valid_civil(2024, 2, 29) && cal_valid_civil(2000, 2, 29) &&
                 cal_valid_civil(1, 1, 1) && cal_valid_civil(9999, 12, 31),
             "a real date was rejected");
  UNIT_CHECK("calendar/civil/invalid",
             !cal_valid_civil(1900, 2, 29) && !cal_valid_civil(2023, 2, 29) &&
                 !cal_valid_civil(0, 1, 1) && !cal_valid_civil(10000, 1, 1) &&
                 !cal_valid_civil(2024, 0, 1) &&
                 !cal_valid_civil(2024, 13, 1) &&
                 !cal_valid_civil(2024, 4, 31) &&
                 !cal_valid_civil(2024, 1, 0) && !cal_valid_civil(-1, 1, 1),
             "an impossible date was accepted");
  UNIT_CHECK("calendar/civil/leap-years",
             cal_is_leap_year(2000) && cal_is_leap_year(2024) &&
                 !cal_is_leap_year(1900) && !cal_is_leap_year(2023) &&
                 !cal_is_leap_year(2100),
             "leap year rule");
  UNIT_CHECK("calendar/civil/days-in-month",
             cal_days_in_month(2023, 2) == 28 &&
                 cal_days_in_month(2024, 2) == 29 &&
                 cal_days_in_month(2024, 4) == 30 &&
                 cal_days_in_month(2024, 12) == 31 &&
                 cal_days_in_month(2024, 0) == 0 &&
                 cal_days_in_month(2024, 13) == 0,
             "month lengths");
  UNIT_EQ_INT("calendar/civil/year-of", cal_year_of(day_of("2024-12-31")),
              2024);
  UNIT_EQ_INT("calendar/civil/year-of-negative", cal_year_of(-1), 1969);
}

static void test_format(void)
{
  char buf[11];
  cal_format_date(0, buf);
  UNIT_EQ_STR("calendar/format/epoch", buf, "1970-01-01");
  cal_format_date(-1, buf);
  UNIT_EQ_STR("calendar/format/before-epoch", buf, "1969-12-31");
  cal_format_date(CAL_DAYS_MIN, buf);
  UNIT_EQ_STR("calendar/format/first", buf, "0001-01-01");
  cal_format_date(CAL_DAYS_MAX, buf);
  UNIT_EQ_STR("calendar/format/last", buf, "9999-12-31");
  cal_format_date(CAL_DAYS_MAX + 1, buf);
  UNIT_EQ_STR("calendar/format/after-range", buf, "0000-00-00");
  cal_format_date(INT32_MIN, buf);
  UNIT_EQ_STR("calendar/format/int32-min", buf, "0000-00-00");

  bool ok = true;
  int32_t bad = 0;
  for (int32_t d = CAL_DAYS_MIN; d <= CAL_DAYS_MAX && ok; d += 7) {
    int32_t back = INT32_MIN;
    cal_format_date(d, buf);
    ok = strlen(buf) == 10 && cal_parse_date(buf, 10, &back) == 0 &&
         back == d;
    bad = d;
  }
  UNIT_CHECK("calendar/format/parse-round-trip", ok, "day %ld",
             (long)bad);
}

static void test_weekday(void)
{
  UNIT_EQ_INT("calendar/weekday/1970-01-01-thursday", cal_weekday(0), 3);
  UNIT_EQ_INT("calendar/weekday/1969-12-28-sunday", cal_weekday(-4), 6);
  UNIT_EQ_INT("calendar/weekday/0001-01-01-monday",
              cal_weekday(CAL_DAYS_MIN), 0);
  UNIT_EQ_INT("calendar/weekday/9999-12-31-friday",
              cal_weekday(CAL_DAYS_MAX), 4);
  UNIT_EQ_INT("calendar/weekday/1969-07-20-sunday",
              cal_weekday(day_of("1969-07-20")), 6);
  UNIT_EQ_INT("calendar/weekday/2000-01-01-saturday",
              cal_weekday(day_of("2000-01-01")), 5);
  UNIT_EQ_INT("calendar/weekday/2001-09-11-tuesday",
              cal_weekday(day_of("2001-09-11")), 1);
  UNIT_EQ_INT("calendar/weekday/2024-02-29-thursday",
              cal_weekday(day_of("2024-02-29")), 3);
  UNIT_EQ_INT("calendar/weekday/2022-09-19-monday",
              cal_weekday(day_of("2022-09-19")), 0);
  UNIT_EQ_INT("calendar/weekday/2023-05-08-monday",
              cal_weekday(day_of("2023-05-08")), 0);
  UNIT_CHECK("calendar/weekday/int32-extremes",
             cal_weekday(INT32_MIN) >= 0 && cal_weekday(INT32_MIN) <= 6 &&
                 cal_weekday(INT32_MAX) >= 0 && cal_weekday(INT32_MAX) <= 6 &&
                 (cal_weekday(INT32_MIN) + 1) % 7 ==
                     cal_weekday(INT32_MIN + 1),
             "weekday out of range at the extremes");
}

static void check_add_wd(const char *name, const char *from, int n,
                         const char *want)
{
  char got[11];
  cal_format_date(cal_add_working_days(day_of(from), n), got);
  UNIT_EQ_STR(name, got, want);
}

static void test_add_working_days(void)
{
  check_add_wd("calendar/add-working-days/christmas-2010", "2010-12-24", 1,
               "2010-12-29");
  check_add_wd("calendar/add-working-days/christmas-2010-back", "2010-12-29",
               -1, "2010-12-24");
  check_add_wd("calendar/add-working-days/zero-on-saturday", "2024-06-01", 0,
               "2024-06-01");
  check_add_wd("calendar/add-working-days/saturday-plus-one", "2024-06-01", 1,
               "2024-06-03");
  check_add_wd("calendar/add-working-days/sunday-minus-one", "2024-06-02", -1,
               "2024-05-31");
  check_add_wd("calendar/add-working-days/friday-plus-one", "2024-06-07", 1,
               "2024-06-10");
  check_add_wd("calendar/add-working-days/monday-plus-five", "2024-06-03", 5,
               "2024-06-10");
  check_add_wd("calendar/add-working-days/early-may", "2024-05-03", 1,
               "2024-05-07");
  check_add_wd("calendar/add-working-days/easter", "2024-03-28", 1,
               "2024-04-02");
  check_add_wd("calendar/add-working-days/easter-back", "2024-04-02", -1,
               "2024-03-28");
  check_add_wd("calendar/add-working-days/jubilee-2022", "2022-05-31", 2,
               "2022-06-06");
  check_add_wd("calendar/add-working-days/new-year-2022", "2021-12-24", 4,
               "2022-01-04");
  check_add_wd("calendar/add-working-days/christmas-2021", "2021-12-24", 1,
               "2021-12-29");
  check_add_wd("calendar/add-working-days/ten-over-easter", "2024-03-25", 10,
               "2024-04-10");
  check_add_wd("calendar/add-working-days/millennium", "1999-12-24", 1,
               "1999-12-29");
  check_add_wd("calendar/add-working-days/millennium-new-year", "1999-12-30",
               1, "2000-01-04");
  UNIT_EQ_INT("calendar/add-working-days/clamp-max",
              cal_add_working_days(0, INT_MAX), CAL_DAYS_MAX);
  UNIT_EQ_INT("calendar/add-working-days/clamp-min",
              cal_add_working_days(0, INT_MIN), CAL_DAYS_MIN);
  UNIT_EQ_INT("calendar/add-working-days/from-int32-max",
              cal_add_working_days(INT32_MAX, 1), CAL_DAYS_MAX);
  UNIT_EQ_INT("calendar/add-working-days/from-int32-min",
              cal_add_working_days(INT32_MIN, -1), CAL_DAYS_MIN);
  UNIT_EQ_INT("calendar/add-working-days/from-below-range",
              cal_add_working_days(INT32_MIN, 1),
              cal_add_working_days(CAL_DAYS_MIN - 1, 1));

  /* Against a plain day-by-day walk, 1999 to 2031, over a table of
   * working days with a margin on either side. */
  enum { MARGIN = 60 };
  bool working[34 * 366 + 2 * MARGIN];
  int32_t first = day_of("1999-01-01"), last = day_of("2031-12-31");
  int32_t base = first - MARGIN;
  for (int32_t d = base; d <= last + MARGIN; d++)
    working[d - base] = cal_is_working_day(d);
  bool ok = true;
  char at[11] = "";
  int bad_n = 0;
  for (int32_t d = first; d <= last && ok; d++) {
    for (int n = -25; n <= 25 && ok; n++) {
      int32_t want = d;
      for (int k = n; k > 0; k--)
        do
          want++;
        while (!working[want - base]);
      for (int k = n; k < 0; k++)
        do
          want--;
        while (!working[want - base]);
      ok = cal_add_working_days(d, n) == want;
      cal_format_date(d, at);
      bad_n = n;
    }
  }
  UNIT_CHECK("calendar/add-working-days/walk-1999-2031", ok,
             "%s %+d working days", at, bad_n);
}

static void test_working_days_between(void)
{
  UNIT_EQ_INT("calendar/working-days-between/christmas-2010",
              cal_working_days_between(day_of("2010-12-24"),
                                       day_of("2010-12-29")),
              1);
  UNIT_EQ_INT("calendar/working-days-between/same-day",
              cal_working_days_between(day_of("2024-06-03"),
                                       day_of("2024-06-03")),
              0);
  UNIT_EQ_INT("calendar/working-days-between/backwards",
              cal_working_days_between(day_of("2024-06-10"),
                                       day_of("2024-06-03")),
              0);
  UNIT_EQ_INT("calendar/working-days-between/one-week",
              cal_working_days_between(day_of("2024-06-03"),
                                       day_of("2024-06-10")),
              5);
  UNIT_EQ_INT("calendar/working-days-between/weekend-only",
              cal_working_days_between(day_of("2024-06-07"),
                                       day_of("2024-06-09")),
              0);
  UNIT_EQ_INT("calendar/working-days-between/easter-2024",
              cal_working_days_between(day_of("2024-03-28"),
                                       day_of("2024-04-02")),
              1);
  UNIT_EQ_INT("calendar/working-days-between/year-2024",
              cal_working_days_between(day_of("2023-12-31"),
                                       day_of("2024-12-31")),
              254);
  UNIT_EQ_INT("calendar/working-days-between/year-2022",
              cal_working_days_between(day_of("2021-12-31"),
                                       day_of("2022-12-31")),
              250);
  UNIT_EQ_INT("calendar/working-days-between/whole-range",
              cal_working_days_between(INT32_MIN, INT32_MAX),
              cal_working_days_between(CAL_DAYS_MIN - 1, CAL_DAYS_MAX));
  UNIT_EQ_INT("calendar/working-days-between/int32-max-both",
              cal_working_days_between(INT32_MAX - 1, INT32_MAX), 0);

  /* Against counting day by day, 1999 to 2031, and against
   * cal_add_working_days. */
  bool ok = true;
  char at[11] = "";
  int bad_span = 0;
  int32_t first = day_of("1999-01-01"), last = day_of("2031-12-31");
  for (int32_t d = first; d <= last && ok; d++) {
    int count = 0;
    for (int span = 0; span <= 40 && ok; span++) {
      if (span > 0)
        count += cal_is_working_day(d + span);
      ok = cal_working_days_between(d, d + span) == count &&
           cal_working_days_between(d + span, d) == 0;
      if (ok && span > 0 && cal_is_working_day(d + span))
        ok = cal_add_working_days(d, count) == d + span;
      cal_format_date(d, at);
      bad_span = span;
    }
  }
  UNIT_CHECK("calendar/working-days-between/walk-1999-2031", ok,
             "from %s over %d days", at, bad_span);
}

static void check_add_months(const char *name, const char *from, int n,
                             const char *want)
{
  char got[11];
  cal_format_date(cal_add_months(day_of(from), n), got);
  UNIT_EQ_STR(name, got, want);
}

static void test_add_months(void)
{
  check_add_months("calendar/add-months/jan-31-leap", "2024-01-31", 1,
                   "2024-02-29");
  check_add_months("calendar/add-months/jan-31-common", "2023-01-31", 1,
                   "2023-02-28");
  check_add_months("calendar/add-months/mar-31-back", "2024-03-31", -1,
                   "2024-02-29");
  check_add_months("calendar/add-months/may-31-to-june", "2024-05-31", 1,
                   "2024-06-30");
  check_add_months("calendar/add-months/leap-day-plus-year", "2024-02-29", 12,
                   "2025-02-28");
  check_add_months("calendar/add-months/leap-day-plus-4-years", "2024-02-29",
                   48, "2028-02-29");
  check_add_months("calendar/add-months/year-end", "2023-12-15", 1,
                   "2024-01-15");
  check_add_months("calendar/add-months/year-start-back", "2024-01-15", -1,
                   "2023-12-15");
  check_add_months("calendar/add-months/back-13", "2024-01-31", -13,
                   "2022-12-31");
  check_add_months("calendar/add-months/zero", "2024-01-31", 0,
                   "2024-01-31");
  check_add_months("calendar/add-months/plus-25", "2022-11-30", 25,
                   "2024-12-30");
  check_add_months("calendar/add-months/not-cumulative", "2024-02-29", 1,
                   "2024-03-29");
  UNIT_EQ_INT("calendar/add-months/clamp-max",
              cal_add_months(CAL_DAYS_MAX, 1), CAL_DAYS_MAX);
  UNIT_EQ_INT("calendar/add-months/clamp-min",
              cal_add_months(CAL_DAYS_MIN, -1), CAL_DAYS_MIN);
  UNIT_EQ_INT("calendar/add-months/clamp-int-max",
              cal_add_months(0, INT_MAX), CAL_DAYS_MAX);
  UNIT_EQ_INT("calendar/add-months/clamp-int-min",
              cal_add_months(0, INT_MIN), CAL_DAYS_MIN);
}

static void test_add_days(void)
{
  char buf[11];
  cal_format_date(cal_add_days(day_of("2024-02-28"), 1), buf);
  UNIT_EQ_STR("calendar/add-days/leap-day", buf, "2024-02-29");
  cal_format_date(cal_add_days(day_of("2024-02-28"), 2), buf);
  UNIT_EQ_STR("calendar/add-days/march", buf, "2024-03-01");
  cal_format_date(cal_add_days(day_of("2024-01-01"), -1), buf);
  UNIT_EQ_STR("calendar/add-days/back-over-year", buf, "2023-12-31");
  UNIT_EQ_INT("calendar/add-days/zero", cal_add_days(123, 0), 123);
  UNIT_EQ_INT("calendar/add-days/clamp-max", cal_add_days(0, INT_MAX),
              CAL_DAYS_MAX);
  UNIT_EQ_INT("calendar/add-days/clamp-min", cal_add_days(0, INT_MIN),
              CAL_DAYS_MIN);
  UNIT_EQ_INT("calendar/add-days/no-overflow",
              cal_add_days(INT32_MAX, INT_MAX), CAL_DAYS_MAX);
}

int main(void)
{
  test_civil();
  test_format();
  test_parse();
  test_weekday();
  test_easter();
  test_bank_holidays();
  test_add_working_days();
  test_working_days_between();
  test_add_months();
  test_add_days();
  return unit_end();
}
