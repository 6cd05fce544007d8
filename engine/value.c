#include "value.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"

enum dur_family dur_family(enum dur_unit u)
{
  switch (u) {
  case DUR_DAYS:
  case DUR_WEEKS:
    return FAM_DAYS;
  case DUR_WORKING_DAYS:
    return FAM_WORKING_DAYS;
  case DUR_MONTHS:
  case DUR_YEARS:
    return FAM_MONTHS;
  }
  BUG("bad duration unit");
}

int64_t dur_base(struct duration d)
{
  switch (d.unit) {
  case DUR_DAYS:
  case DUR_WORKING_DAYS:
  case DUR_MONTHS:
    return d.n;
  case DUR_WEEKS:
    return d.n * 7;
  case DUR_YEARS:
    return d.n * 12;
  }
  BUG("bad duration unit");
}

static const char *unit_name(enum dur_unit u, bool one)
{
  switch (u) {
  case DUR_DAYS:
    return one ? "day" : "days";
  case DUR_WEEKS:
    return one ? "week" : "weeks";
  case DUR_WORKING_DAYS:
    return one ? "working day" : "working days";
  case DUR_MONTHS:
    return one ? "month" : "months";
  case DUR_YEARS:
    return one ? "year" : "years";
  }
  BUG("bad duration unit");
}

void dur_format(struct duration d, char *buf, size_t size)
{
  snprintf(buf, size, "%lld %s", (long long)d.n,
           unit_name(d.unit, d.n == 1 || d.n == -1));
}

static bool word_at(const char *s, size_t len, size_t *i, const char *w)
{
  size_t n = strlen(w);
  if (len - *i < n || strncasecmp(s + *i, w, n) != 0)
    return false;
  *i += n;
  return true;
}

int dur_parse(const char *s, size_t len, struct duration *out)
{
  size_t i = 0;
  int64_t n = 0;
  if (i == len || !isdigit((unsigned char)s[i]))
    return -1;
  while (i < len && isdigit((unsigned char)s[i])) {
    if (n > 1000000)
      return -1;
    n = n * 10 + (s[i++] - '0');
  }
  if (i == len || s[i] != ' ')
    return -1;
  while (i < len && s[i] == ' ')
    i++;
  enum dur_unit u;
  if (word_at(s, len, &i, "working day")) {
    u = DUR_WORKING_DAYS;
  } else if (word_at(s, len, &i, "day")) {
    u = DUR_DAYS;
  } else if (word_at(s, len, &i, "week")) {
    u = DUR_WEEKS;
  } else if (word_at(s, len, &i, "month")) {
    u = DUR_MONTHS;
  } else if (word_at(s, len, &i, "year")) {
    u = DUR_YEARS;
  } else {
    return -1;
  }
  if (i < len && (s[i] == 's' || s[i] == 'S'))
    i++;
  if (i != len)
    return -1;
  out->n = n;
  out->unit = u;
  return 0;
}
