/* report.c: counting results and handing them to the chosen format. */
#include <string.h>

#include "report.h"
#include "util.h"

bool report_counts(const struct report *r, const struct checked *in,
                   const struct result *res)
{
  if (res->verdict != VERDICT_FAIL && res->verdict != VERDICT_UNJUSTIFIED)
    return false;
  /* must < should < advice: a failure counts at or above fail_on. */
  return effective_level(in, r->c->p->rules[res->rule]) <= r->fail_on;
}

static bool json(const struct report *r) { return !strcmp(r->format, "json"); }

void report_begin(struct report *r)
{
  if (json(r))
    report_json_begin(r);
}

void report_input(struct report *r, const struct checked *in)
{
  r->inputs++;
  if (in->status != 0) {
    r->error_inputs++;
  } else {
    bool failed = false;
    for (size_t i = 0; i < in->nresults; i++)
      failed |= report_counts(r, in, &in->results[i]);
    for (int v = 0; v < 6; v++)
      r->totals[v] += in->counts[v];
    if (failed) {
      r->failed_inputs++;
      r->any_failed = true;
    }
  }
  if (json(r))
    report_json_input(r, in);
  else if (in->status == 0)
    report_text_input(r, in);
}

void report_end(struct report *r)
{
  if (json(r))
    report_json_end(r);
  else
    report_text_end(r);
}
