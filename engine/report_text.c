/* report_text.c: findings in compiler style, for people and editors.
 *
 *   file:line:col: error: [ID] message — citation
 */
#include <string.h>

#include "calendar.h"
#include "report.h"
#include "util.h"

static const char *severity(const struct report *r, const struct checked *in,
                            const struct result *res)
{
  switch (res->verdict) {
  case VERDICT_FAIL:
  case VERDICT_UNJUSTIFIED:
    return report_counts(r, in, res) ? "error" : "warning";
  case VERDICT_UNKNOWN:
    return "warning";
  case VERDICT_DEPARTED:
    return "note";
  case VERDICT_PASS:
  case VERDICT_NOT_APPLICABLE:
    return NULL;
  }
  BUG("bad verdict");
}

static void line(struct report *r, const struct checked *in, struct loc at,
                 const char *sev, const struct rule *rule, const char *msg)
{
  char where[1024];
  if (!at.src)
    at = (struct loc){in->src, 0, 0};
  diag_where(r->c->d, at, where, sizeof where);
  fprintf(r->out, "%s: %s: [%s] ", where, sev, rule->id);
  diag_put_clean(r->out, msg, strlen(msg));
  fputs(" \xe2\x80\x94 ", r->out);
  diag_put_clean(r->out, rule->source.s, rule->source.len);
  fputc('\n', r->out);
  if (at.end > at.start)
    diag_show_line(r->c->d, r->out, at);
}

void report_text_input(struct report *r, const struct checked *in)
{
  const struct program *p = r->c->p;
  bool shown = false;
  for (size_t i = 0; i < in->nresults; i++) {
    const struct result *res = &in->results[i];
    const char *sev = severity(r, in, res);
    if (!sev)
      continue;
    const struct rule *rule = p->rules[res->rule];
    shown = true;
    if (res->verdict == VERDICT_DEPARTED ||
        (res->verdict == VERDICT_UNJUSTIFIED && res->note)) {
      struct loc at = res->departure ? res->departure->loc : (struct loc){0};
      line(r, in, at, sev, rule, res->note);
    }
    for (size_t k = 0; k < res->nreasons; k++) {
      const char *msg = res->reasons[k].message;
      if (res->verdict == VERDICT_DEPARTED)
        msg = arena_printf((struct arena *)&r->c->arena, "departed from: %s",
                           msg);
      line(r, in, res->reasons[k].at, sev, rule, msg);
    }
    if (rule->hint.s && res->verdict != VERDICT_DEPARTED) {
      char where[1024];
      struct loc at = res->nreasons ? res->reasons[0].at : (struct loc){0};
      if (!at.src)
        at = (struct loc){in->src, 0, 0};
      diag_where(r->c->d, at, where, sizeof where);
      fprintf(r->out, "%s: note: [%s] ", where, rule->id);
      diag_put_clean(r->out, rule->hint.s, rule->hint.len);
      fputc('\n', r->out);
    }
  }
  if (r->quiet && !shown)
    return;
  char date[16];
  cal_format_date(in->as_of, date);
  fprintf(r->out, "%s: as of %s: %zu rules: %d pass, %d fail, %d departed, "
          "%d unjustified, %d unknown, %d not applicable%s\n",
          in->file, date, in->nresults, in->counts[VERDICT_PASS],
          in->counts[VERDICT_FAIL], in->counts[VERDICT_DEPARTED],
          in->counts[VERDICT_UNJUSTIFIED], in->counts[VERDICT_UNKNOWN],
          in->counts[VERDICT_NOT_APPLICABLE],
          in->basis == BASIS_VOLUNTARY
            ? " (a voluntary body: good practice only, s11 guidance 1.7)"
          : in->basis == BASIS_COMMISSIONED
            ? " (a commissioned provider: its contract requires regard to "
              "the guidance, s11 guidance 1.6)"
            : "");
}

void report_text_end(struct report *r)
{
  if (r->quiet && !r->any_failed && !r->error_inputs)
    return;
  fprintf(r->out, "dutycheck: %d input%s, %d with failures, %d could not "
          "be checked\n", r->inputs, r->inputs == 1 ? "" : "s",
          r->failed_inputs, r->error_inputs);
}
