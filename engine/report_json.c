/* report_json.c: the machine-readable report (documented in dutycheck(1)).
 *
 * One JSON object: the tool, the rule packs loaded with the SHA-256 of their
 * sources, the --as-of date, then per input its SHA-256 and one finding per
 * rule in force for it, then a summary. */
#include <string.h>

#include "calendar.h"
#include "config.h"
#include "report.h"
#include "sha256.h"
#include "util.h"

static void jstr(FILE *out, const char *s, size_t n)
{
  fputc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
      if (c < 0x20 || c == 0x7f)
        fprintf(out, "\\u%04x", c);
      else
        fputc(c, out);
    }
  }
  fputc('"', out);
}

static void jz(FILE *out, const char *s)
{
  if (s)
    jstr(out, s, strlen(s));
  else
    fputs("null", out);
}

static void jdate(FILE *out, int32_t d)
{
  char buf[16];
  cal_format_date(d, buf);
  fprintf(out, "\"%s\"", buf);
}

void report_json_begin(struct report *r)
{
  const struct checker *c = r->c;
  const struct program *p = c->p;
  FILE *out = r->out;
  fprintf(out, "{\"tool\":{\"name\":\"dutycheck\",\"version\":\"%s\"},\n",
          PACKAGE_VERSION);
  fputs("\"packs\":[", out);
  for (size_t i = 0; i < p->npacks; i++) {
    const struct pack *k = p->packs[i];
    size_t nrules = k->nrules;
    fprintf(out, "%s\n {\"name\":", i ? "," : "");
    jz(out, k->name);
    fputs(",\"title\":", out);
    jz(out, k->title.s);
    fputs(",\"edition\":", out);
    jz(out, k->edition.s);
    fputs(",\"in_force_from\":", out);
    jdate(out, k->from);
    fputs(",\"in_force_until\":", out);
    if (k->has_until)
      jdate(out, k->until);
    else
      fputs("null", out);
    fprintf(out, ",\"rules\":%zu,\"sha256\":\"%s\"}", nrules, k->sha256);
  }
  fputs("],\n\"as_of\":", out);
  if (c->have_as_of)
    jdate(out, c->as_of);
  else
    fputs("null", out);
  fputs(",\n\"inputs\":[", out);
  r->first = true;
}

void report_json_input(struct report *r, const struct checked *in)
{
  const struct program *p = r->c->p;
  const struct diag *d = r->c->d;
  FILE *out = r->out;
  fprintf(out, "%s\n {\"file\":", r->first ? "" : ",");
  r->first = false;
  jz(out, in->file);
  fputs(",\"sha256\":", out);
  jz(out, in->sha256[0] ? in->sha256 : NULL);
  fprintf(out, ",\"status\":\"%s\"", in->status == 0 ? "checked" : "error");
  if (in->status != 0) {
    fputs(",\"findings\":[]}", out);
    return;
  }
  fputs(",\"kind\":", out);
  jz(out, in->schema->name);
  fputs(",\"as_of\":", out);
  jdate(out, in->as_of);
  fputs(",\"organisation\":", out);
  jz(out, in->organisation);
  fprintf(out, ",\"basis\":\"%s\",\"findings\":[", basis_name[in->basis]);
  bool first = true;
  for (size_t i = 0; i < in->nresults; i++) {
    const struct result *res = &in->results[i];
    const struct rule *rule = p->rules[res->rule];
    size_t n = res->nreasons ? res->nreasons : 1;
    for (size_t k = 0; k < n; k++) {
      const struct reason *why = res->nreasons ? &res->reasons[k] : NULL;
      fprintf(out, "%s\n  {\"rule\":", first ? "" : ",");
      first = false;
      jz(out, rule->id);
      fputs(",\"title\":", out);
      jz(out, rule->title.s);
      fprintf(out, ",\"level\":\"%s\",\"effective_level\":\"%s\","
              "\"verdict\":\"%s\",\"counts\":%s,\"message\":",
              level_name[rule->level],
              level_name[effective_level(in, rule)],
              verdict_name[res->verdict],
              report_counts(r, in, res) ? "true" : "false");
      jz(out, why ? why->message : res->note);
      fputs(",\"source\":", out);
      jz(out, rule->source.s);
      struct loc at = why ? why->at : (struct loc){0};
      if (!at.src && res->departure)
        at = res->departure->loc;
      if (at.src) {
        unsigned line, col;
        diag_line_col(d, at.src, at.start, &line, &col);
        fputs(",\"file\":", out);
        jz(out, diag_source(d, at.src)->name);
        fprintf(out, ",\"line\":%u,\"column\":%u", line, col);
      } else {
        fputs(",\"file\":null,\"line\":null,\"column\":null", out);
      }
      fputs(",\"path\":", out);
      jz(out, why ? why->path : NULL);
      fputs(",\"actual\":", out);
      jz(out, why ? why->actual : NULL);
      fputs(",\"departure\":", out);
      jz(out, res->departure ? res->note : NULL);
      fputc('}', out);
    }
  }
  fputs("]}", out);
}

void report_json_end(struct report *r)
{
  fprintf(r->out, "],\n\"summary\":{\"inputs\":%d,\"failed_inputs\":%d,"
          "\"error_inputs\":%d", r->inputs, r->failed_inputs,
          r->error_inputs);
  for (int v = 0; v < 6; v++)
    fprintf(r->out, ",\"%s\":%d", verdict_name[v], r->totals[v]);
  fputs("}}\n", r->out);
}
