/* value.h: the typed values of the language and of facts. */
#ifndef DUTYCHECK_VALUE_H
#define DUTYCHECK_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Durations carry their unit.  Families: days and weeks compare with each
 * other; months and years with each other; working days only with
 * working days. */
enum dur_unit {
  DUR_DAYS,
  DUR_WEEKS,
  DUR_WORKING_DAYS,
  DUR_MONTHS,
  DUR_YEARS,
};

struct duration {
  int64_t n;
  enum dur_unit unit;
};

enum dur_family { FAM_DAYS, FAM_WORKING_DAYS, FAM_MONTHS };

enum dur_family dur_family(enum dur_unit u);
/* The duration in its family's base unit (days, working days, months). */
int64_t dur_base(struct duration d);
/* "7 working days", "1 year", "3 months" into buf. */
void dur_format(struct duration d, char *buf, size_t size);
/* Parse "N unit" (unit: day(s), week(s), working day(s), month(s), year(s);
 * case-insensitive, one or more spaces).  Returns 0 or -1. */
int dur_parse(const char *s, size_t len, struct duration *out);

#endif
