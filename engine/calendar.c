#include "calendar.h"

#include <string.h>

/* Day numbers use the days-from-civil method of counting from 0000-03-01 in
 * 400-year eras of 146097 days, so that leap days fall at the end of each
 * shifted year.  Arithmetic is done in int64_t so no input can overflow. */

static int64_t floor_div(int64_t a, int64_t b)
{
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

static int32_t clamp_days(int64_t v)
{
  if (v < CAL_DAYS_MIN)
    return CAL_DAYS_MIN;
  if (v > CAL_DAYS_MAX)
    return CAL_DAYS_MAX;
  return (int32_t)v;
}

static bool in_range(int64_t v)
{
  return v >= CAL_DAYS_MIN && v <= CAL_DAYS_MAX;
}

bool cal_is_leap_year(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int y, int m)
{
  static const signed char len[12] = {31, 28, 31, 30, 31, 30,
                                      31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12)
    return 0;
  if (m == 2 && cal_is_leap_year(y))
    return 29;
  return len[m - 1];
}

static int64_t days_from_civil64(int64_t y, int64_t m, int64_t d)
{
  y -= m <= 2;
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;                               /* 0..399 */
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;       /* 0..146096 */
  return era * 146097 + doe - 719468;
}

int32_t cal_days_from_civil(int y, int m, int d)
{
  return (int32_t)days_from_civil64(y, m, d);
}

void cal_civil_from_days(int32_t days, int *y, int *m, int *d)
{
  int64_t z = (int64_t)days + 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;                            /* 0..146096 */
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);     /* 0..365 */
  int64_t mp = (5 * doy + 2) / 153;                          /* 0..11 */
  int64_t mm = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yoe + era * 400 + (mm <= 2));
  *m = (int)mm;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

bool cal_valid_civil(int y, int m, int d)
{
  if (y < 1 || y > 9999 || m < 1 || m > 12)
    return false;
  return d >= 1 && d <= cal_days_in_month(y, m);
}

static int digit_run(const char *s, int n)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int cal_parse_date(const char *s, size_t len, int32_t *out)
{
  if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-')
    return -1;
  int y = digit_run(s, 4);
  int m = digit_run(s + 5, 2);
  int d = digit_run(s + 8, 2);
  if (y < 0 || m < 0 || d < 0 || !cal_valid_civil(y, m, d))
    return -1;
  if (out != NULL)
    *out = cal_days_from_civil(y, m, d);
  return 0;
}

static void put_digits(char *p, int v, int n)
{
  for (int i = n - 1; i >= 0; i--) {
    p[i] = (char)('0' + v % 10);
    v /= 10;
  }
}

void cal_format_date(int32_t days, char *buf)
{
  int y, m, d;
  if (!in_range(days)) {
    memcpy(buf, "0000-00-00", 11);
    return;
  }
  cal_civil_from_days(days, &y, &m, &d);
  put_digits(buf, y, 4);
  buf[4] = '-';
  put_digits(buf + 5, m, 2);
  buf[7] = '-';
  put_digits(buf + 8, d, 2);
  buf[10] = '\0';
}

int cal_weekday(int32_t days)
{
  /* 1970-01-01 was a Thursday. */
  return (int)(((int64_t)days % 7 + 7 + 3) % 7);
}

int cal_year_of(int32_t days)
{
  int y, m, d;
  cal_civil_from_days(days, &y, &m, &d);
  return y;
}

int32_t cal_easter_sunday(int y)
{
  int a = y % 19;
  int b = y / 100;
  int c = y % 100;
  int f = (b + 8) / 25;
  int g = (b - f + 1) / 3;
  int h = (19 * a + b - b / 4 - g + 15) % 30;
  int l = (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7;
  int k = (a + 11 * h + 22 * l) / 451;
  int t = h + l - 7 * k + 114;
  return cal_days_from_civil(y, t / 31, t % 31 + 1);
}

/* Standing holidays moved by proclamation, and one-off extra days. */
enum moved_holiday { MOVED_EARLY_MAY, MOVED_SPRING };

static const struct moved {
  int16_t year;
  uint8_t which; /* enum moved_holiday */
  uint8_t month, day;
} moved_days[] = {
  {1995, MOVED_EARLY_MAY, 5, 8},   /* VE Day, 50th anniversary */
  {2002, MOVED_SPRING, 6, 4},      /* Golden Jubilee */
  {2012, MOVED_SPRING, 6, 4},      /* Diamond Jubilee */
  {2020, MOVED_EARLY_MAY, 5, 8},   /* VE Day, 75th anniversary */
  {2022, MOVED_SPRING, 6, 2},      /* Platinum Jubilee */
};

static const struct extra {
  int16_t year;
  uint8_t month, day;
} extra_days[] = {
  {1999, 12, 31}, /* Millennium */
  {2002, 6, 3},   /* Golden Jubilee */
  {2011, 4, 29},  /* Wedding of Prince William and Catherine Middleton */
  {2012, 6, 5},   /* Diamond Jubilee */
  {2022, 6, 3},   /* Platinum Jubilee */
  {2022, 9, 19},  /* State Funeral of Queen Elizabeth II */
  {2023, 5, 8},   /* Coronation of King Charles III */
};

static int32_t moved_or(int year, enum moved_holiday which, int32_t usual)
{
  size_t n = sizeof moved_days / sizeof moved_days[0];
  for (size_t i = 0; i < n; i++) {
    const struct moved *mv = &moved_days[i];
    if (mv->year == year && mv->which == which)
      return cal_days_from_civil(year, mv->month, mv->day);
  }
  return usual;
}

static int32_t first_monday(int y, int m)
{
  int32_t first = cal_days_from_civil(y, m, 1);
  return first + (7 - cal_weekday(first)) % 7;
}

static int32_t last_monday(int y, int m)
{
  int32_t last = cal_days_from_civil(y, m, cal_days_in_month(y, m));
  return last - cal_weekday(last);
}

/* All of YEAR's holidays into H (CAL_MAX_HOLIDAYS entries), sorted and
 * without duplicates; returns the count. */
static int holidays_of(int year, int32_t *h)
{
  int n = 0;

  int32_t new_year = cal_days_from_civil(year, 1, 1);
  int wd = cal_weekday(new_year);
  h[n++] = wd >= 5 ? new_year + (7 - wd) : new_year;

  int32_t easter = cal_easter_sunday(year);
  h[n++] = easter - 2;
  h[n++] = easter + 1;

  h[n++] = moved_or(year, MOVED_EARLY_MAY, first_monday(year, 5));
  h[n++] = moved_or(year, MOVED_SPRING, last_monday(year, 5));
  h[n++] = last_monday(year, 8);

  int32_t christmas = cal_days_from_civil(year, 12, 25);
  switch (cal_weekday(christmas)) {
  case 4: /* Friday: Boxing Day falls on Saturday, substitute Monday */
    h[n++] = christmas;
    h[n++] = christmas + 3;
    break;
  case 5: /* Saturday: substitutes Monday and Tuesday */
    h[n++] = christmas + 2;
    h[n++] = christmas + 3;
    break;
  case 6: /* Sunday: Boxing Day Monday, substitute Tuesday */
    h[n++] = christmas + 1;
    h[n++] = christmas + 2;
    break;
  default:
    h[n++] = christmas;
    h[n++] = christmas + 1;
    break;
  }

  size_t ne = sizeof extra_days / sizeof extra_days[0];
  for (size_t i = 0; i < ne && n < CAL_MAX_HOLIDAYS; i++)
    if (extra_days[i].year == year)
      h[n++] = cal_days_from_civil(year, extra_days[i].month,
                                   extra_days[i].day);

  for (int i = 1; i < n; i++) {
    int32_t v = h[i];
    int j = i;
    for (; j > 0 && h[j - 1] > v; j--)
      h[j] = h[j - 1];
    h[j] = v;
  }
  int u = 0;
  for (int i = 0; i < n; i++)
    if (u == 0 || h[u - 1] != h[i])
      h[u++] = h[i];
  return u;
}

int cal_bank_holidays(int year, int32_t *out, int max)
{
  int32_t h[CAL_MAX_HOLIDAYS];
  if (year < 1 || year > 9999 || max <= 0)
    return 0;
  int n = holidays_of(year, h);
  if (n > max)
    n = max;
  memcpy(out, h, (size_t)n * sizeof h[0]);
  return n;
}

/* One year's holidays, reloaded when a lookup leaves the year. */
struct year_cache {
  int32_t first, last; /* the cached year's first and last day */
  int n;
  int32_t days[CAL_MAX_HOLIDAYS];
};

static void cache_load(struct year_cache *c, int year)
{
  c->first = cal_days_from_civil(year, 1, 1);
  c->last = cal_days_from_civil(year, 12, 31);
  c->n = cal_bank_holidays(year, c->days, CAL_MAX_HOLIDAYS);
}

static bool cache_has(struct year_cache *c, int32_t days)
{
  if (days < c->first || days > c->last)
    cache_load(c, cal_year_of(days));
  for (int i = 0; i < c->n; i++)
    if (c->days[i] == days)
      return true;
  return false;
}

static bool cache_working(struct year_cache *c, int32_t days)
{
  return cal_weekday(days) < 5 && !cache_has(c, days);
}

bool cal_is_bank_holiday(int32_t days)
{
  struct year_cache c;
  if (!in_range(days))
    return false;
  cache_load(&c, cal_year_of(days));
  return cache_has(&c, days);
}

bool cal_is_working_day(int32_t days)
{
  return cal_weekday(days) < 5 && !cal_is_bank_holiday(days);
}

int32_t cal_add_working_days(int32_t days, int n)
{
  struct year_cache c = {.first = 1, .last = 0, .n = 0};
  int64_t left = n < 0 ? -(int64_t)n : n;
  int step = n < 0 ? -1 : 1;
  int64_t d = days;
  if (n == 0)
    return days;
  if (step > 0 && d >= CAL_DAYS_MAX)
    return CAL_DAYS_MAX;
  if (step < 0 && d <= CAL_DAYS_MIN)
    return CAL_DAYS_MIN;
  if (d < CAL_DAYS_MIN)
    d = CAL_DAYS_MIN - 1;
  if (d > CAL_DAYS_MAX)
    d = CAL_DAYS_MAX + 1;
  while (left > 0) {
    d += step;
    if (!in_range(d))
      return clamp_days(d);
    if (cache_working(&c, (int32_t)d))
      left--;
  }
  return (int32_t)d;
}

/* Weekdays in (1970-01-04, X] (negative below): 1970-01-05 was a Monday.
 * Differences give the weekdays in any half-open range. */
static int64_t weekdays_through(int64_t x)
{
  int64_t t = x - 4 + 1;
  int64_t q = floor_div(t, 7);
  int64_t r = t - 7 * q;
  return 5 * q + (r < 5 ? r : 5);
}

int cal_working_days_between(int32_t from, int32_t to)
{
  int64_t lo = from < CAL_DAYS_MIN - 1 ? CAL_DAYS_MIN - 1 : from;
  int64_t hi = to > CAL_DAYS_MAX ? CAL_DAYS_MAX : to;
  if (lo > CAL_DAYS_MAX)
    lo = CAL_DAYS_MAX;
  if (hi <= lo)
    return 0;
  int64_t count = weekdays_through(hi) - weekdays_through(lo);
  int last_year = cal_year_of((int32_t)hi);
  for (int y = cal_year_of((int32_t)(lo + 1)); y <= last_year; y++) {
    int32_t h[CAL_MAX_HOLIDAYS];
    int n = cal_bank_holidays(y, h, CAL_MAX_HOLIDAYS);
    for (int i = 0; i < n; i++)
      if (h[i] > lo && h[i] <= hi && cal_weekday(h[i]) < 5)
        count--;
  }
  return (int)count;
}

int32_t cal_add_months(int32_t days, int n)
{
  int y, m, d;
  cal_civil_from_days(days, &y, &m, &d);
  int64_t total = (int64_t)y * 12 + (m - 1) + n;
  int64_t ny = floor_div(total, 12);
  int nm = (int)(total - ny * 12) + 1;
  if (ny < 1)
    return CAL_DAYS_MIN;
  if (ny > 9999)
    return CAL_DAYS_MAX;
  int dim = cal_days_in_month((int)ny, nm);
  return cal_days_from_civil((int)ny, nm, d < dim ? d : dim);
}

int32_t cal_add_days(int32_t days, int n)
{
  return clamp_days((int64_t)days + n);
}
