/* unit.h: a minimal driver for unit tests.
 *
 * Each check prints one line, "PASS name" or "FAIL name: detail", so that
 * tests/run can count them; unit_end() returns the exit status (1 if any
 * check failed).  No global state outside this header's own counters. */
#ifndef DUTYCHECK_UNIT_H
#define DUTYCHECK_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed_;
static int unit_passed_;

#define UNIT_CHECK(name, cond, ...)                                         \
  do {                                                                      \
    if (cond) {                                                             \
      unit_passed_++;                                                       \
      printf("PASS %s\n", (name));                                          \
    } else {                                                                \
      unit_failed_++;                                                       \
      printf("FAIL %s: %s:%d: ", (name), __FILE__, __LINE__);               \
      printf(__VA_ARGS__);                                                  \
      printf("\n");                                                         \
    }                                                                       \
  } while (0)

#define UNIT_EQ_INT(name, got, want)                                        \
  UNIT_CHECK(name, (long long)(got) == (long long)(want),                   \
             "got %lld, want %lld", (long long)(got), (long long)(want))

#define UNIT_EQ_STR(name, got, want)                                        \
  UNIT_CHECK(name, strcmp((got), (want)) == 0, "got '%s', want '%s'",      \
             (got), (want))

static inline int unit_end(void) { return unit_failed_ ? 1 : 0; }

#endif
