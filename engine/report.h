/* report.h: writing check results, as text or JSON.
 *
 * Reports are streamed: one input at a time, written as soon as it is
 * checked, so that a batch needs no more memory than one input. */
#ifndef DUTYCHECK_REPORT_H
#define DUTYCHECK_REPORT_H

#include <stdio.h>

#include "check.h"

struct report {
  FILE *out;
  const struct checker *c;
  const char *format;       /* "text" or "json" */
  enum level fail_on;
  bool quiet;
  int inputs, failed_inputs, error_inputs;
  int totals[6];
  bool any_failed;          /* a duty failed at the fail-on level */
  bool first;
};

void report_begin(struct report *r);
void report_input(struct report *r, const struct checked *in);
void report_end(struct report *r);

/* Does this result count as a failure at the report's fail-on level? */
bool report_counts(const struct report *r, const struct checked *in,
                   const struct result *res);

/* Text for one result. */
void report_text_input(struct report *r, const struct checked *in);
void report_text_end(struct report *r);
void report_json_begin(struct report *r);
void report_json_input(struct report *r, const struct checked *in);
void report_json_end(struct report *r);

#endif
