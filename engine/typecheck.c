/* typecheck.c: names and paths in expressions, and their types.
 *
 * A path's first name is, in order: a for-each, quantifier or let variable;
 * a name of the check itself (as_of; text, title, sections and front in a
 * procedure; standard in the departure policy); a field of the subject's
 * schema; an enum symbol.  Each later name must be a field of the record
 * before it ("unknown field", with a suggestion).  Types are checked: unit
 * families of duration constants, dates, enums against sets, text against
 * regular expressions, int ranges, percentages. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "util.h"

struct binding {
  const char *name;
  const struct type *type;
  int slot;
  struct loc loc;
};

struct tc {
  struct diag *d;
  struct program *p;
  const struct pack *pack;
  const struct record *schema; /* subject's, or the departure record */
  bool procedure;              /* subject is a procedure document */
  bool policy;                 /* checking the departure policy */
  struct binding scope[64];
  int nscope;
  int nslots;
  struct arena *a;
};

static struct type T_bool = {.kind = T_BOOL};
static struct type T_int = {.kind = T_INT};
static struct type T_number = {.kind = T_NUMBER};
static struct type T_percent = {.kind = T_PERCENT};
static struct type T_text = {.kind = T_TEXT};
static struct type T_date = {.kind = T_DATE};
static struct type T_duration = {.kind = T_DURATION};
static struct type T_regex = {.kind = T_REGEX};
static struct type T_section = {.kind = T_SECTION};
static struct type T_sections = {.kind = T_LIST, .elem = &T_section};
static struct type T_err = {.kind = T_ERROR};

/* How a message names a type: "a date", "enum 'agency'". */
static const char *type_name(struct tc *c, const struct type *t)
{
  switch (t->kind) {
  case T_ERROR: return "an error";
  case T_BOOL: return "true/false";
  case T_INT: return "a whole number";
  case T_NUMBER: return "a number";
  case T_PERCENT: return "a percentage";
  case T_TEXT: return "text";
  case T_DATE: return "a date";
  case T_DURATION: return "a duration";
  case T_ENUM:
    return t->en ? arena_printf(c->a, "enum '%s'", t->en->name)
                 : "an enum symbol";
  case T_RECORD: return "a record";
  case T_LIST: return "a list";
  case T_REGEX: return "a regular expression";
  case T_SECTION: return "a section";
  }
  BUG("bad type kind");
}

static const struct type *check(struct tc *c, struct expr *e);

static const struct type *fail(struct tc *c, struct loc at, const char *fmt,
                               ...) __attribute__((format(printf, 3, 4)));

static const struct type *fail(struct tc *c, struct loc at, const char *fmt,
                               ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_report(c->d, SEV_ERROR, at, fmt, ap);
  va_end(ap);
  return &T_err;
}

/* A suggestion among the fields of r, the names in scope and the symbols
 * of the enums the pack sees. */
static void suggest_name(struct tc *c, struct loc at, const char *name,
                         const struct record *r)
{
  size_t n = 0, cap = 0;
  const char **cand = NULL;
  for (size_t i = 0; r && i < r->nfields; i++) {
    GROW(cand, cap, n + 1);
    cand[n++] = r->fields[i].name;
  }
  for (int i = 0; i < c->nscope; i++) {
    GROW(cand, cap, n + 1);
    cand[n++] = c->scope[i].name;
  }
  for (size_t i = 0; i < c->p->npacks; i++) {
    const struct pack *k = c->p->packs[i];
    bool seen = k == c->pack;
    for (size_t u = 0; !seen && u < c->pack->nuses; u++)
      seen = k->name == c->pack->uses[u];
    for (size_t j = 0; seen && j < k->nenums; j++)
      for (size_t m = 0; m < k->enums[j]->nsyms; m++) {
        GROW(cand, cap, n + 1);
        cand[n++] = k->enums[j]->syms[m].name;
      }
  }
  diag_did_you_mean(c->d, at, name, cand, n);
  free(cand);
}

/* Follow fields from type t along e->path[from..]. */
static const struct type *walk_fields(struct tc *c, struct expr *e,
                                      const struct type *t, size_t from)
{
  for (size_t i = from; i < e->npath; i++) {
    const char *prev = e->path[i - 1];
    if (t->kind == T_SECTION) {
      const char *f = e->path[i];
      if (!strcmp(f, "heading") || !strcmp(f, "text"))
        t = &T_text;
      else if (!strcmp(f, "level"))
        t = &T_int;
      else
        return fail(c, e->path_locs[i], "unknown field '%s' of a section "
                    "(it has heading, level and text)%s", f, "");
      continue;
    }
    if (t->kind == T_LIST)
      return fail(c, e->path_locs[i - 1], "'%s' is a list: use 'for each', "
                  "'any' or 'all' to reach its elements%s", prev, "");
    if (t->kind != T_RECORD)
      return fail(c, e->path_locs[i], "'%s' is %s and has no fields", prev,
                  type_name(c, t));
    const struct field *f = record_field(t->rec, e->path[i]);
    if (!f) {
      diag_error(c->d, e->path_locs[i], "unknown field '%s' in '%s'",
                 e->path[i], prev);
      suggest_field(c->d, e->path_locs[i], e->path[i], t->rec);
      return &T_err;
    }
    t = f->type;
  }
  return t;
}

static const struct type *check_path(struct tc *c, struct expr *e)
{
  const char *first = e->path[0];
  for (int i = c->nscope - 1; i >= 0; i--)
    if (c->scope[i].name == first) {
      e->root = ROOT_VAR;
      e->slot = c->scope[i].slot;
      return e->type = walk_fields(c, e, c->scope[i].type, 1);
    }
  if (!strcmp(first, "as_of")) {
    if (e->npath > 1)
      return walk_fields(c, e, &T_date, 1);
    e->kind = E_AS_OF;
    return e->type = &T_date;
  }
  if (c->policy && !strcmp(first, "standard")) {
    struct enum_decl *en = resolve_enum(c->p, c->pack,
                                        intern(c->p->names,
                                               "departure_standard"));
    if (!en)
      return fail(c, e->loc, "'standard' needs 'enum departure_standard "
                  "{ clear_reasons, exceptional_reasons }'%s%s", "", "");
    struct type *t = arena_alloc(c->a, sizeof *t);
    t->kind = T_ENUM;
    t->en = en;
    e->root = ROOT_STANDARD;
    if (e->npath > 1)
      return walk_fields(c, e, t, 1);
    return e->type = t;
  }
  if (c->procedure) {
    static const char *const doc[] = {"text", "title", "sections", "front"};
    for (size_t i = 0; i < 4; i++)
      if (!strcmp(first, doc[i])) {
        e->root = ROOT_DOC;
        if (i == 0 || i == 1) {
          if (e->npath > 1)
            return fail(c, e->path_locs[1], "'%s' is text and has no "
                        "fields%s", first, "");
          return e->type = &T_text;
        }
        if (i == 2)
          return e->type = walk_fields(c, e, &T_sections, 1);
        struct type rt = {.kind = T_RECORD, .rec = (struct record *)c->schema};
        if (e->npath == 1)
          return fail(c, e->loc, "'front' is the front matter: name one of "
                      "its fields, as in 'front.agency'%s%s", "", "");
        const struct type *t = walk_fields(c, e, &rt, 1);
        return e->type = t == &rt ? &T_err : t;
      }
  }
  const struct field *f = c->schema ? record_field(c->schema, first) : NULL;
  if (f && !c->procedure) {
    e->root = ROOT_FACT;
    return e->type = walk_fields(c, e, f->type, 1);
  }
  if (e->npath == 1) {
    struct enum_decl *en = resolve_symbol(c->p, c->pack, first);
    if (en) {
      struct type *t = arena_alloc(c->a, sizeof *t);
      t->kind = T_ENUM;
      t->en = en;
      e->root = ROOT_SYMBOL;
      return e->type = t;
    }
  }
  if (c->procedure && f) {
    diag_error(c->d, e->path_locs[0], "unknown name '%s'", first);
    diag_note(c->d, e->path_locs[0], "front matter fields are read as "
              "'front.%s'", first);
    return &T_err;
  }
  diag_error(c->d, e->path_locs[0], "unknown name '%s'", first);
  suggest_name(c, e->path_locs[0], first, c->procedure ? NULL : c->schema);
  return &T_err;
}

static const char *family_name(struct duration d)
{
  switch (dur_family(d.unit)) {
  case FAM_DAYS: return "days";
  case FAM_WORKING_DAYS: return "working days";
  case FAM_MONTHS: return "months";
  }
  BUG("bad duration family");
}

static bool numeric(const struct type *t)
{
  return t->kind == T_INT || t->kind == T_NUMBER;
}

static bool is_const(const struct expr *e)
{
  return e->kind == E_DURATION || e->kind == E_INT || e->kind == E_PERCENT ||
         e->kind == E_NUMBER || e->kind == E_DATE;
}

/* An enum symbol compared with an enum: it must belong to that enum. */
static bool symbol_fits(struct tc *c, struct expr *sym, const struct type *t)
{
  if (sym->kind != E_PATH || sym->root != ROOT_SYMBOL || t->kind != T_ENUM)
    return true;
  if (enum_index(t->en, sym->path[0]) >= 0) {
    struct type *nt = arena_alloc(c->a, sizeof *nt);
    nt->kind = T_ENUM;
    nt->en = t->en;
    sym->type = nt;
    return true;
  }
  diag_error(c->d, sym->loc, "'%s' is not a symbol of enum '%s'",
             sym->path[0], t->en->name);
  suggest_symbol(c->d, sym->loc, sym->path[0], t->en);
  return false;
}

static void check_range(struct tc *c, const struct type *t, struct expr *k)
{
  if (t->kind == T_INT && t->ranged && k->kind == E_INT &&
      (k->lit.i < t->lo || k->lit.i > t->hi)) {
    char buf[64];
    snprintf(buf, sizeof buf, "%lld..%lld", (long long)t->lo,
             (long long)t->hi);
    diag_error(c->d, k->loc, "%lld is outside the range %s of the value it "
               "is compared with", (long long)k->lit.i, buf);
  }
}

/* A bare name compared with an enum value is that enum's symbol, even when
 * a field has the same name ('organisation.type == local_authority' where
 * 'local_authority' is also a block of the schema). */
static const struct type *as_symbol(struct tc *c, struct expr *x,
                                    const struct type *other)
{
  if (other->kind != T_ENUM || x->kind != E_PATH || x->npath != 1 ||
      x->root != ROOT_FACT || enum_index(other->en, x->path[0]) < 0)
    return x->type;
  struct type *t = arena_alloc(c->a, sizeof *t);
  t->kind = T_ENUM;
  t->en = other->en;
  x->root = ROOT_SYMBOL;
  return x->type = t;
}

static const struct type *check_compare(struct tc *c, struct expr *e)
{
  const struct type *l = check(c, e->a), *r = check(c, e->b);
  r = as_symbol(c, e->b, l);
  l = as_symbol(c, e->a, r);
  if (l->kind == T_ERROR || r->kind == T_ERROR)
    return &T_bool;
  bool ordered = e->kind != E_EQ && e->kind != E_NE;
  if (l->kind == T_REGEX || r->kind == T_REGEX)
    return fail(c, e->loc, "use 'matches' to test text against a regular "
                "expression%s%s", "", "");
  if (l->kind == T_ENUM && r->kind == T_ENUM) {
    if (ordered)
      return fail(c, e->loc, "enum values have no order: use '==', '!=' or "
                  "'in'%s%s", "", "");
    if (!symbol_fits(c, e->b, l) || !symbol_fits(c, e->a, r))
      return &T_bool;
    if (e->a->type->en != e->b->type->en)
      return fail(c, e->loc, "cannot compare enum '%s' with enum '%s'",
                  e->a->type->en->name, e->b->type->en->name);
    return &T_bool;
  }
  check_range(c, l, e->b);
  check_range(c, r, e->a);
  if (l->kind == T_PERCENT || r->kind == T_PERCENT) {
    if (l->kind != r->kind)
      return fail(c, e->loc, "cannot compare %s with %s (write a "
                  "percentage as 90%%)", type_name(c, l), type_name(c, r));
    return &T_bool;
  }
  if (numeric(l) && numeric(r))
    return &T_bool;
  if (l->kind != r->kind)
    return fail(c, e->loc, "cannot compare %s with %s", type_name(c, l),
                type_name(c, r));
  if (l->kind == T_DURATION && is_const(e->a) && is_const(e->b) &&
      dur_family(e->a->lit.dur.unit) != dur_family(e->b->lit.dur.unit))
    return fail(c, e->loc, "cannot compare %s with %s: the units do not "
                "convert without a calendar", family_name(e->a->lit.dur),
                family_name(e->b->lit.dur));
  if (l->kind == T_RECORD || l->kind == T_SECTION)
    return fail(c, e->loc, "cannot compare %s as a whole: compare its "
                "fields%s", type_name(c, l), "");
  if (l->kind == T_LIST)
    return fail(c, e->loc, "cannot compare a list as a whole: use 'any', "
                "'all' or 'count'%s%s", "", "");
  if (ordered && (l->kind == T_BOOL || l->kind == T_TEXT))
    return fail(c, e->loc, "%s has no order: use '==' or '!='%s",
                type_name(c, l), "");
  return &T_bool;
}

static const struct type *want(struct tc *c, struct expr *e,
                               enum type_kind k, const char *role)
{
  const struct type *t = check(c, e);
  if (t->kind == T_ERROR || t->kind == k)
    return t;
  struct type w = {.kind = k};
  diag_error(c->d, e->loc, "%s must be %s, not %s", role, type_name(c, &w),
             type_name(c, t));
  return &T_err;
}

static int bind(struct tc *c, const char *name, struct loc at,
                const struct type *t)
{
  if (c->nscope == (int)(sizeof c->scope / sizeof *c->scope)) {
    diag_error(c->d, at, "too many names in scope at once (limit is %zu)",
               sizeof c->scope / sizeof *c->scope);
    return -1;
  }
  /* A name defined twice is still bound, so that its uses take its type
   * and draw no second error. */
  for (int i = 0; i < c->nscope; i++)
    if (c->scope[i].name == name) {
      diag_error(c->d, at, "'%s' is already defined", name);
      diag_note(c->d, c->scope[i].loc, "previous definition is here");
      break;
    }
  c->scope[c->nscope].name = name;
  c->scope[c->nscope].loc = at;
  c->scope[c->nscope].type = t;
  c->scope[c->nscope].slot = c->nslots++;
  c->nscope++;
  return c->nslots - 1;
}

static const struct type *check_quant(struct tc *c, struct expr *e)
{
  const struct type *l = check(c, e->a);
  const struct type *elem = &T_err;
  if (l->kind == T_LIST)
    elem = l->elem;
  else if (l->kind != T_ERROR)
    diag_error(c->d, e->a->loc, "'%s' needs a list, not %s",
               expr_kind_name[e->kind], type_name(c, l));
  int saved = c->nscope;
  e->slot = bind(c, e->name, e->name_loc, elem);
  if (e->b)
    want(c, e->b, T_BOOL, e->kind == E_COUNT ? "the 'where' condition"
                                             : "the condition");
  c->nscope = saved;
  return e->kind == E_COUNT ? &T_int : &T_bool;
}

static const struct type *check_call(struct tc *c, struct expr *e)
{
  static const struct {
    const char *name;
    int arity;
  } fns[] = {
#define X(k, name, arity) {name, arity},
#include "builtins.def"
#undef X
  };
  size_t nfn = sizeof fns / sizeof *fns;
  for (size_t i = 0; i < nfn; i++) {
    if (strcmp(fns[i].name, e->name) != 0)
      continue;
    e->fn = (enum builtin)i;
    if ((int)e->nitems != fns[i].arity) {
      char buf[16];
      snprintf(buf, sizeof buf, "%d", fns[i].arity);
      return fail(c, e->loc, "'%s' takes %s argument%s", e->name, buf,
                  fns[i].arity == 1 ? "" : "s");
    }
    const struct type *t0 = check(c, e->items[0]);
    const struct type *t1 = e->nitems > 1 ? check(c, e->items[1]) : NULL;
    if (t0->kind == T_ERROR || (t1 && t1->kind == T_ERROR))
      return &T_err;
    switch (e->fn) {
    case B_LENGTH:
      if (t0->kind != T_LIST && t0->kind != T_TEXT)
        return fail(c, e->items[0]->loc, "'length' needs a list or text, "
                    "not %s%s", type_name(c, t0), "");
      return &T_int;
    case B_WORDS:
      if (t0->kind != T_TEXT && t0->kind != T_SECTION)
        return fail(c, e->items[0]->loc, "'words' needs text, not %s%s",
                    type_name(c, t0), "");
      return &T_int;
    case B_SECTION:
      if (!c->procedure)
        return fail(c, e->loc, "'section' reads a procedure document: the "
                    "rule's subject must be 'procedure'%s%s", "", "");
      if (t0->kind != T_REGEX)
        return fail(c, e->items[0]->loc, "'section' needs a regular "
                    "expression, not %s%s", type_name(c, t0), "");
      if (e->items[0]->kind != E_REGEX)
        return fail(c, e->items[0]->loc, "'section' needs the regular "
                    "expression itself, as in 'section(/scope/i)'%s%s", "",
                    "");
      return &T_section;
    case B_STATED_TIMESCALE:
      if (t0->kind != T_TEXT && t0->kind != T_SECTION)
        return fail(c, e->items[0]->loc, "'stated_timescale' reads text or "
                    "a section, not %s%s", type_name(c, t0), "");
      if (t1->kind != T_REGEX)
        return fail(c, e->items[1]->loc, "'stated_timescale' needs a "
                    "regular expression, not %s%s", type_name(c, t1), "");
      if (e->items[1]->kind != E_REGEX)
        return fail(c, e->items[1]->loc, "'stated_timescale' needs the "
                    "regular expression itself, as in 'stated_timescale(text, "
                    "/within/i)'%s%s", "", "");
      return &T_duration;
    case B_NONE:
      break;
    }
    BUG("bad builtin");
  }
  const char *cand[sizeof fns / sizeof *fns];
  for (size_t i = 0; i < nfn; i++)
    cand[i] = fns[i].name;
  diag_error(c->d, e->name_loc, "unknown function '%s'", e->name);
  diag_did_you_mean(c->d, e->name_loc, e->name, cand, nfn);
  return &T_err;
}

static const struct type *check(struct tc *c, struct expr *e)
{
  const struct type *t = &T_err;
  switch (e->kind) {
  case E_PATH:
    t = check_path(c, e);
    break;
  case E_BOOL: t = &T_bool; break;
  case E_INT: t = &T_int; break;
  case E_NUMBER: t = &T_number; break;
  case E_PERCENT:
    if (e->lit.num > 100)
      diag_error(c->d, e->loc, "a percentage cannot be over 100%%");
    t = &T_percent;
    break;
  case E_STRING: t = &T_text; break;
  case E_DATE: t = &T_date; break;
  case E_DURATION: t = &T_duration; break;
  case E_REGEX: t = &T_regex; break;
  case E_AS_OF: t = &T_date; break;
  case E_NOT:
    want(c, e->a, T_BOOL, "the operand of 'not'");
    t = &T_bool;
    break;
  case E_AND:
  case E_OR:
  case E_IMPLIES:
    want(c, e->a, T_BOOL, "each side of a logical operator");
    want(c, e->b, T_BOOL, "each side of a logical operator");
    t = &T_bool;
    break;
  case E_EQ:
  case E_NE:
  case E_LT:
  case E_LE:
  case E_GT:
  case E_GE:
    t = check_compare(c, e);
    break;
  case E_IN: {
    const struct type *l = check(c, e->a);
    t = &T_bool;
    if (l->kind == T_ERROR)
      break;
    if (l->kind != T_ENUM) {
      diag_error(c->d, e->a->loc, "'in' needs an enum value, not %s",
                 type_name(c, l));
      break;
    }
    if (e->name) {
      struct set_decl *s = resolve_set(c->p, c->pack, e->name);
      if (!s) {
        diag_error(c->d, e->name_loc, "unknown set '%s'", e->name);
        break;
      }
      if (s->en != l->en) {
        diag_error(c->d, e->name_loc, "set '%s' holds symbols of enum '%s', "
                   "not '%s'", e->name, s->en ? s->en->name : "?",
                   l->en->name);
        break;
      }
      e->set_syms = s->syms;
      e->nset = s->nsyms;
    } else {
      e->set_syms = arena_array(c->a, e->nitems, sizeof *e->set_syms);
      for (size_t i = 0; i < e->nitems; i++) {
        e->items[i]->root = ROOT_SYMBOL;
        symbol_fits(c, e->items[i], l);
        e->set_syms[i] = e->items[i]->path[0];
      }
      e->nset = e->nitems;
    }
    e->set_enum = l->en;
    break;
  }
  case E_PRESENT:
  case E_ABSENT:
    check(c, e->a);
    if (e->a->kind != E_PATH && e->a->kind != E_CALL)
      diag_error(c->d, e->a->loc, "'is %s' tests a fact or a function's "
                 "result, not a constant",
                 e->kind == E_PRESENT ? "present" : "absent");
    t = &T_bool;
    break;
  case E_MATCHES:
  case E_MENTIONS: {
    const struct type *l = check(c, e->a);
    check(c, e->b);
    t = &T_bool;
    if (l->kind == T_ERROR || l->kind == T_TEXT || l->kind == T_SECTION)
      break;
    if (l->kind == T_LIST && (l->elem->kind == T_TEXT ||
                              l->elem->kind == T_SECTION))
      break;
    diag_error(c->d, e->a->loc, "'%s' needs text, not %s",
               expr_kind_name[e->kind], type_name(c, l));
    break;
  }
  case E_ANY:
  case E_ALL:
  case E_COUNT:
    t = check_quant(c, e);
    break;
  case E_ADD:
  case E_SUB: {
    const struct type *l = check(c, e->a), *r = check(c, e->b);
    if (l->kind == T_ERROR || r->kind == T_ERROR)
      break;
    if (l->kind == T_DATE && r->kind == T_DURATION)
      t = &T_date;
    else if (l->kind == T_DURATION && r->kind == T_DURATION)
      t = &T_duration;
    else if (numeric(l) && numeric(r))
      t = l->kind == T_INT && r->kind == T_INT ? &T_int : &T_number;
    else
      diag_error(c->d, e->loc, "cannot %s %s and %s",
                 e->kind == E_ADD ? "add" : "subtract", type_name(c, l),
                 type_name(c, r));
    if (l->kind == T_DURATION && r->kind == T_DURATION &&
        is_const(e->a) && is_const(e->b) &&
        dur_family(e->a->lit.dur.unit) != dur_family(e->b->lit.dur.unit))
      diag_error(c->d, e->loc, "cannot combine durations in different "
                 "units");
    break;
  }
  case E_CALL:
    t = check_call(c, e);
    break;
  }
  e->type = t;
  return t;
}

static void check_items(struct tc *c, struct item **items, size_t n)
{
  int saved = c->nscope;
  for (size_t i = 0; i < n; i++) {
    struct item *it = items[i];
    switch (it->kind) {
    case ITEM_LET: {
      const struct type *t = check(c, it->e);
      it->slot = bind(c, it->name, it->name_loc, t);
      break;
    }
    case ITEM_EXPECT:
      want(c, it->e, T_BOOL, "an expectation");
      break;
    case ITEM_FOR: {
      const struct type *l = check(c, it->e);
      const struct type *elem = &T_err;
      if (l->kind == T_LIST)
        elem = l->elem;
      else if (l->kind != T_ERROR)
        diag_error(c->d, it->e->loc, "'for each' needs a list, not %s",
                   type_name(c, l));
      int inner = c->nscope;
      it->slot = bind(c, it->name, it->name_loc, elem);
      if (it->where)
        want(c, it->where, T_BOOL, "the 'where' condition");
      check_items(c, it->body, it->nbody);
      c->nscope = inner;
      break;
    }
    }
  }
  c->nscope = saved;
}

/* Mark in mask the symbols of enum `agency` that an applies condition
 * names through '==' or 'in' (under 'and'/'or').  Returns whether it names
 * any: a rule whose condition names none applies to every agency. */
static bool rule_agencies(const struct expr *e, const struct enum_decl *agency,
                   bool *mask)
{
  switch (e->kind) {
  case E_AND:
  case E_OR: {
    bool a = rule_agencies(e->a, agency, mask);
    bool b = rule_agencies(e->b, agency, mask);
    return a || b;
  }
  case E_EQ:
    for (int side = 0; side < 2; side++) {
      const struct expr *sym = side ? e->a : e->b;
      if (sym->kind == E_PATH && sym->root == ROOT_SYMBOL && sym->type &&
          sym->type->en == agency) {
        int i = enum_index(agency, sym->path[0]);
        if (i >= 0 && i < 256)
          mask[i] = true;
        return true;
      }
    }
    return false;
  case E_IN:
    if (e->set_enum != agency)
      return false;
    for (size_t i = 0; i < e->nset; i++) {
      int k = enum_index(agency, e->set_syms[i]);
      if (k >= 0 && k < 256)
        mask[k] = true;
    }
    return true;
  default:
    return false;
  }
}

/* The agencies a rule names in its applies condition, kept with the rule
 * (list and init show rules by agency). */
static void note_agencies(struct program *p, struct rule *r,
                          const struct enum_decl *agency)
{
  bool mask[256] = {false};
  if (!agency || !r->applies || !rule_agencies(r->applies, agency, mask))
    return;
  r->agency_constrained = true;
  size_t n = 0;
  for (size_t i = 0; i < agency->nsyms && i < 256; i++)
    n += mask[i];
  r->agencies = arena_array(&p->arena, n ? n : 1, sizeof *r->agencies);
  for (size_t i = 0; i < agency->nsyms && i < 256; i++)
    if (mask[i])
      r->agencies[r->nagencies++] = agency->syms[i].name;
}

bool rule_applies_to(const struct rule *r, const char *agency)
{
  if (!r->agency_constrained)
    return true;
  for (size_t i = 0; i < r->nagencies; i++)
    if (r->agencies[i] == agency)
      return true;
  return false;
}

int typecheck_program(struct diag *d, struct program *p)
{
  int before = d->errors;
  for (size_t i = 0; i < p->nrules; i++) {
    struct rule *r = p->rules[i];
    struct tc c = {.d = d, .p = p, .pack = r->pack, .schema = r->schema,
                   .a = &p->arena};
    c.procedure = r->subject && !strcmp(r->subject, "procedure");
    if (r->applies)
      want(&c, r->applies, T_BOOL, "'applies'");
    check_items(&c, r->items, r->nitems);
    r->nslots = c.nslots;
    note_agencies(p, r, program_enum(p, "agency"));
  }
  if (p->core && p->departure) {
    struct tc c = {.d = d, .p = p, .pack = p->core, .schema = p->departure,
                   .policy = true, .a = &p->arena};
    check_items(&c, p->core->policy, p->core->npolicy);
    p->core->policy_slots = c.nslots;
  }
  return d->errors == before ? 0 : -1;
}
