/* describe.c: explain (a rule in words) and init (a submission template). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "util.h"

static void put_wrapped(const char *label, const struct str *s)
{
  if (!s->s)
    return;
  printf("%s", label);
  diag_put_clean(stdout, s->s, s->len);
  putchar('\n');
}

static void put_source(const struct diag *d, struct loc at)
{
  const struct source *s = diag_source(d, at.src);
  bool space = false;
  for (uint32_t i = at.start; s && i < at.end && i < s->len; i++) {
    char c = s->data[i];
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space)
      putchar(' ');
    space = false;
    putchar(c);
  }
}

static void put_items(const struct diag *d, struct item **items, size_t n,
                      int indent)
{
  for (size_t i = 0; i < n; i++) {
    const struct item *it = items[i];
    printf("%*s- ", indent, "");
    switch (it->kind) {
    case ITEM_LET:
      printf("where %s is ", it->name);
      put_source(d, it->e->loc);
      break;
    case ITEM_EXPECT:
      put_source(d, it->e->loc);
      if (it->message.s) {
        printf("\n%*s  (", indent, "");
        diag_put_clean(stdout, it->message.s, it->message.len);
        putchar(')');
      }
      break;
    case ITEM_FOR:
      printf("for each %s in ", it->name);
      put_source(d, it->e->loc);
      if (it->where) {
        printf(" where ");
        put_source(d, it->where->loc);
      }
      printf(":\n");
      put_items(d, it->body, it->nbody, indent + 2);
      continue;
    }
    putchar('\n');
  }
}

int cmd_explain(const struct options *o)
{
  if (o->nargs != 1) {
    fputs("dutycheck: explain needs one rule id\n", stderr);
    return EXIT_TROUBLE;
  }
  struct session s;
  struct program *p = session_open(&s, o, stderr);
  if (!p)
    return session_close(&s, EXIT_TROUBLE);
  int rc = EXIT_OK;
  const char *id = o->args[0];
  bool found = false;
  for (size_t i = 0; i < p->nrules; i++) {
    const struct rule *r = p->rules[i];
    if (strcmp(r->id, id) != 0)
      continue;
    const struct pack *k = r->pack;
    char from[16], until[16];
    cal_format_date(k->from, from);
    if (found)
      putchar('\n');
    found = true;
    printf("%s: ", r->id);
    diag_put_clean(stdout, r->title.s, r->title.len);
    printf("\n  level:    %s", level_name[r->level]);
    switch (r->level) {
    case LEVEL_MUST:
      printf(" (a statutory requirement)\n");
      break;
    case LEVEL_SHOULD:
      printf(" (statutory guidance: have regard to it)\n");
      break;
    case LEVEL_ADVICE:
      printf(" (good practice: reported, never fails a check by "
             "default)\n");
      break;
    }
    put_wrapped("  source:   ", &r->source);
    printf("  pack:     %s", k->name);
    if (k->edition.s)
      printf(" (%s edition)", k->edition.s);
    printf(", in force from %s", from);
    if (k->has_until) {
      cal_format_date(k->until, until);
      printf(" until %s", until);
    }
    printf("\n  checks:   %s inputs\n", r->subject);
    put_wrapped("  quote:    ", &r->quote);
    if (r->applies) {
      printf("  applies:  when ");
      put_source(&s.d, r->applies->loc);
      putchar('\n');
    } else {
      printf("  applies:  to every %s input\n", r->subject);
    }
    printf("  expects:\n");
    put_items(&s.d, r->items, r->nitems, 4);
    put_wrapped("  comply:   ", &r->hint);
    printf("  depart:   ");
    if (r->level == LEVEL_MUST)
      printf("not possible: a statutory requirement admits no departure\n");
    else if (r->level == LEVEL_ADVICE)
      printf("not needed: advice never fails a check by default\n");
    else if (k->standard == STD_EXCEPTIONAL)
      printf("only for exceptional reasons (guidance issued under s7 of the "
             "Local Authority Social Services Act 1970): record it under "
             "'departures:' with rule '%s', the reason, the alternative "
             "arrangement, who approved it and when, and a review date\n",
             r->id);
    else
      printf("with clear reasons (s11(4) of the Children Act 2004): record "
             "it under 'departures:' with rule '%s', the reason, who "
             "approved it and when, and a review date\n", r->id);
  }
  if (!found) {
    diag_error(&s.d, (struct loc){0}, "unknown rule '%s'", id);
    suggest_rule(&s.d, (struct loc){0}, id, p);
    rc = EXIT_TROUBLE;
  }
  return session_close(&s, rc);
}

/* ---- init ---- */

static void comment_type(const struct type *t)
{
  switch (t->kind) {
  case T_INT:
    if (t->ranged)
      printf(" (%lld to %lld)", (long long)t->lo, (long long)t->hi);
    break;
  case T_DURATION:
    printf(" (a duration, e.g. 7 working days, 3 months, 1 year)");
    break;
  case T_PERCENT:
    printf(" (a percentage, e.g. 92%%)");
    break;
  case T_ENUM:
    printf(" (one of:");
    for (size_t i = 0; i < t->en->nsyms; i++)
      printf(" %s", t->en->syms[i].name);
    putchar(')');
    break;
  case T_DATE:
    printf(" (a date)");
    break;
  default:
    break;
  }
}

static void template_record(const struct record *r, int indent,
                            const char *agency, const struct program *p,
                            int depth)
{
  for (size_t i = 0; i < r->nfields && depth < 8; i++) {
    const struct field *f = &r->fields[i];
    const struct type *t = f->type;
    if (f->desc.s || t->kind == T_ENUM || t->kind == T_DURATION ||
        t->ranged) {
      printf("%*s# ", indent, "");
      if (f->desc.s)
        diag_put_clean(stdout, f->desc.s, f->desc.len);
      comment_type(t);
      if (f->required)
        printf(" [required]");
      putchar('\n');
    }
    if (!strcmp(f->name, "kind")) {
      printf("%*skind: %s\n", indent, "", r->name ? r->name : "");
      continue;
    }
    if (t->kind == T_RECORD) {
      printf("%*s%s:\n", indent, "", f->name);
      template_record(t->rec, indent + 2, agency, p, depth + 1);
      continue;
    }
    if (agency && !strcmp(f->name, "type") && t->kind == T_ENUM) {
      printf("%*s%s: %s\n", indent, "", f->name, agency);
      continue;
    }
    /* Values are left empty (null): the template checks as it is, with
     * every duty 'unknown' until it is filled in. */
    printf("%*s%s:%s\n", indent, "", f->name,
           t->kind == T_LIST ? "  # a list" : "");
  }
}

int cmd_init(const struct options *o)
{
  if (!o->kind) {
    fputs("dutycheck: init needs --kind KIND\n", stderr);
    return EXIT_TROUBLE;
  }
  struct session s;
  struct program *p = session_open(&s, o, stderr);
  if (!p)
    return session_close(&s, EXIT_TROUBLE);
  int rc = EXIT_OK;
  const struct record *schema = program_schema(p, intern(&s.names, o->kind));
  if (!schema) {
    diag_error(&s.d, (struct loc){0}, "unknown kind '%s'", o->kind);
    suggest_kind(&s.d, (struct loc){0}, o->kind, p);
    rc = EXIT_TROUBLE;
    goto done;
  }
  const struct enum_decl *agency = NULL;
  if (o->agency) {
    agency = program_enum(p, "agency");
    if (agency && enum_index(agency, intern(&s.names, o->agency)) < 0)
      agency = NULL;
    if (!agency) {
      fprintf(stderr, "dutycheck: unknown agency type '%s' (see dutycheck "
              "list)\n", o->agency);
      rc = EXIT_TROUBLE;
      goto done;
    }
  }
  if (!strcmp(o->kind, "procedure"))
    printf("---\n");
  printf("# A %s for dutycheck. Fill in every value; delete what does not "
         "apply.\n", o->kind);
  template_record(schema, 0, o->agency, p, 0);
  if (agency) {
    printf("\n# Rules in force today that apply to %s:\n", o->agency);
    int32_t on = cli_today();
    for (size_t i = 0; i < p->nrules; i++) {
      const struct rule *r = p->rules[i];
      if (r->schema != schema || !pack_in_force(r->pack, on))
        continue;
      if (!rule_applies_to(r, intern(&s.names, o->agency)))
        continue;
      printf("#   %-24s %s (%s)\n", r->id, r->title.s, r->source.s);
    }
  }
  if (!strcmp(o->kind, "procedure"))
    printf("---\n# Title of the procedure\n");
done:
  return session_close(&s, rc);
}
