/* check.c: one input, end to end: read, load, type, evaluate, judge the
 * departures it records. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "check.h"
#include "cli.h"
#include "sha256.h"
#include "typing.h"
#include "util.h"

const char *const basis_name[] = {"named_body", "commissioned", "voluntary"};

void checker_init(struct checker *c, struct diag *d, struct program *p)
{
  memset(c, 0, sizeof *c);
  c->d = d;
  c->p = p;
  load_limits_default(&c->lim);
  c->max_input = 16u * 1024 * 1024;
  c->today = cli_today();
  arena_init(&c->arena);
}

void checker_release(struct checker *c) { arena_release(&c->arena); }

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

enum level effective_level(const struct checked *in, const struct rule *r)
{
  if (in->basis == BASIS_VOLUNTARY)
    return LEVEL_ADVICE;
  return r->level;
}

static const struct fact *get(const struct checked *in, const struct fact *m,
                              const struct program *p, const char *name)
{
  (void)in;
  const struct fact_pair *pair = fact_get(m, intern_lookup(p->names, name,
                                                           strlen(name)));
  return pair && pair->value->type != FT_NULL ? pair->value : NULL;
}

static void find_basis(struct checker *c, struct checked *out)
{
  const struct fact *org = get(out, out->root, c->p, "organisation");
  out->basis = BASIS_NAMED;
  if (!org)
    return;
  const struct fact *name = get(out, org, c->p, "name");
  if (name && name->kind == FACT_SCALAR)
    out->organisation = name->u.scalar.text;
  const struct fact *basis = get(out, org, c->p, "basis");
  const struct fact *type = get(out, org, c->p, "type");
  const char *b = basis && basis->type == FT_ENUM ? basis->v.sym : NULL;
  const char *t = type && type->type == FT_ENUM ? type->v.sym : NULL;
  if ((b && !strcmp(b, "voluntary")) ||
      (!b && t && !strcmp(t, "voluntary_organisation")))
    out->basis = BASIS_VOLUNTARY;
  else if ((b && !strcmp(b, "commissioned")) ||
           (!b && t && !strcmp(t, "commissioned_provider")))
    out->basis = BASIS_COMMISSIONED;
}

/* Judge each departure the input records. */
static void judge_departures(struct checker *c, struct checked *out,
                             const struct subject *s)
{
  const struct fact *deps = get(out, out->root, c->p, "departures");
  if (!deps || deps->kind != FACT_LIST || !c->p->core)
    return;
  const struct program *p = c->p;
  for (size_t i = 0; i < deps->u.list.n; i++) {
    const struct fact *dep = deps->u.list.items[i];
    const struct fact *rid = get(out, dep, p, "rule");
    if (!rid || rid->kind != FACT_SCALAR)
      continue; /* typing reported the missing field */
    const char *id = rid->u.scalar.text;
    struct result *res = NULL;
    for (size_t j = 0; j < out->nresults; j++)
      if (!strcmp(p->rules[out->results[j].rule]->id, id))
        res = &out->results[j];
    if (!res) {
      const struct rule *known = program_rule(p, id);
      if (known) {
        char date[16];
        cal_format_date(out->as_of, date);
        diag_warning(c->d, rid->loc, "departure from rule '%s', which is "
                     "not in force for this input on %s", id, date);
        continue;
      }
      diag_error(c->d, rid->loc, "departure from unknown rule '%s'", id);
      suggest_rule(c->d, rid->loc, id, p);
      continue;
    }
    const struct rule *r = p->rules[res->rule];
    res->departure = dep;
    if (res->verdict == VERDICT_PASS ||
        res->verdict == VERDICT_NOT_APPLICABLE) {
      diag_warning(c->d, rid->loc, "departure from rule '%s' is not needed: "
                   "the rule %s", id, res->verdict == VERDICT_PASS
                                          ? "passes" : "does not apply");
      res->note = "departure recorded but not needed";
      continue;
    }
    if (r->level == LEVEL_MUST) {
      res->verdict = VERDICT_UNJUSTIFIED;
      res->note = "a 'must' duty is statutory: no departure is possible";
      continue;
    }
    struct result pol;
    bool ok = eval_policy(s, dep, r->pack->standard ? r->pack->standard
                                                    : STD_CLEAR, &pol);
    if (ok) {
      res->verdict = VERDICT_DEPARTED;
      const struct fact *reason = get(out, dep, p, "reason");
      res->note = reason && reason->kind == FACT_SCALAR
                    ? arena_printf(&c->arena, "departure with reasons: %s",
                                   reason->u.scalar.text)
                    : "departure accepted by the departure policy";
    } else {
      res->verdict = VERDICT_UNJUSTIFIED;
      const char *why = pol.nreasons ? pol.reasons[0].message
                                     : "rejected by the departure policy";
      res->note = arena_printf(&c->arena, "departure not justified: %s%s",
                               why, r->pack->standard == STD_EXCEPTIONAL
                                 ? " (this guidance needs exceptional "
                                   "reasons)" : "");
    }
  }
}

void check_loaded(struct checker *c, struct fact *root,
                  const struct md_doc *doc, uint32_t src,
                  struct checked *out)
{
  const struct program *p = c->p;
  out->src = src;
  out->root = root;
  out->schema = facts_kind(c->d, p, root, doc ? "procedure" : NULL);
  if (!out->schema || facts_type(c->d, out->schema, root) < 0) {
    out->status = -1;
    return;
  }
  out->as_of = c->today;
  const struct fact *as_of = get(out, root, p, "as_of");
  if (c->have_as_of)
    out->as_of = c->as_of;
  else if (as_of && as_of->type == FT_DATE)
    out->as_of = as_of->v.date;
  find_basis(c, out);
  struct subject s = {.p = p, .d = c->d, .a = &c->arena, .root = root,
                      .doc = doc, .as_of = out->as_of};
  size_t n = 0;
  for (size_t i = 0; i < p->nrules; i++)
    n += p->rules[i]->schema == out->schema &&
         pack_in_force(p->rules[i]->pack, out->as_of);
  out->results = arena_array(&c->arena, n ? n : 1, sizeof *out->results);
  for (size_t i = 0; i < p->nrules; i++) {
    const struct rule *r = p->rules[i];
    if (r->schema != out->schema || !pack_in_force(r->pack, out->as_of))
      continue;
    eval_rule(&s, i, &out->results[out->nresults++]);
  }
  if (out->nresults == 0) {
    char date[16];
    cal_format_date(out->as_of, date);
    diag_warning(c->d, (struct loc){src, root->loc.start, root->loc.start},
                 "no rules in force for kind '%s' on %s: nothing was checked",
                 out->schema->name, date);
  }
  judge_departures(c, out, &s);
  for (size_t i = 0; i < out->nresults; i++)
    out->counts[out->results[i].verdict]++;
}

void check_file(struct checker *c, const char *path, struct checked *out)
{
  memset(out, 0, sizeof *out);
  out->file = path;
  out->status = -1;
  arena_reset(&c->arena);
  char *data;
  size_t len;
  if (read_file(path, c->max_input, &data, &len) < 0) {
    if (errno == EFBIG)
      diag_error(c->d, (struct loc){0}, "'%s' is larger than the input "
                 "size limit (%zu bytes; see --max-input-size)", path,
                 c->max_input);
    else
      diag_error(c->d, (struct loc){0}, "cannot read '%s': %s", path,
                 strerror(errno));
    return;
  }
  if (c->want_sha256) {
    struct sha256 h;
    sha256_init(&h);
    sha256_update(&h, data, len);
    sha256_hex(&h, out->sha256);
  }
  uint32_t src = diag_add_source(c->d, path, data, len);
  out->src = src;
  out->status = 0;
  struct fact *root;
  if (ends_with(path, ".md") || ends_with(path, ".markdown")) {
    out->is_doc = true;
    if (load_markdown(c->d, src, &c->arena, &out->doc) < 0) {
      out->status = -1;
      return;
    }
    root = load_yaml(c->d, src, out->doc.front_start, out->doc.front_end,
                     &c->arena, c->p->names, &c->lim);
  } else {
    root = load_yaml(c->d, src, 0, (uint32_t)len, &c->arena, c->p->names,
                     &c->lim);
  }
  if (!root) {
    out->status = -1;
    return;
  }
  check_loaded(c, root, out->is_doc ? &out->doc : NULL, src, out);
}
