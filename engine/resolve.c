/* resolve.c: packs, uses, declarations and names.
 *
 * Files are grouped into packs by (name, edition); `use` must name a pack and
 * may not form a cycle; every enum, set, record and schema name is unique in
 * what a pack sees; rule ids are unique unless their packs' in-force periods
 * do not overlap; a rule's subject names a schema; set members belong to one
 * enum; named types are resolved. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "util.h"

#define APPEND(a, v, n, x)                                          \
  do {                                                              \
    __typeof__(v) nv_ = arena_array((a), (n) + 1, sizeof *(v));     \
    if (n)                                                          \
      memcpy(nv_, (v), (n) * sizeof *(v));                          \
    nv_[(n)++] = (x);                                               \
    (v) = nv_;                                                      \
  } while (0)

static bool str_eq(struct str a, struct str b)
{
  if (!a.s || !b.s)
    return !a.s && !b.s;
  return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* Names of n items, each found at `offset` in an item of `size` bytes (or,
 * when `size` is 0, through an array of pointers to such items). */
static void suggest_among(struct diag *d, struct loc at, const char *name,
                          const void *items, size_t n, size_t size,
                          size_t offset)
{
  const char **cand = xcalloc(n + 1, sizeof *cand);
  for (size_t i = 0; i < n; i++) {
    const char *item = size ? (const char *)items + i * size
                            : ((const char *const *)items)[i];
    memcpy(&cand[i], item + offset, sizeof cand[i]);
  }
  diag_did_you_mean(d, at, name, cand, n);
  free(cand);
}

static struct pack *find_pack(struct program *p, const char *name,
                              struct str edition)
{
  for (size_t i = 0; i < p->npacks; i++)
    if (p->packs[i]->name == name && str_eq(p->packs[i]->edition, edition))
      return p->packs[i];
  return NULL;
}

/* Merge a file's header into its pack: the first file that states a field
 * states it for the pack; a later file may repeat it but not contradict. */
static int merge_header(struct diag *d, struct pack *k, const struct pack *h)
{
  int rc = 0;
#define MERGE_STR(f)                                                       \
  if (h->f.s) {                                                            \
    if (!k->f.s)                                                           \
      k->f = h->f;                                                         \
    else if (!str_eq(k->f, h->f))                                          \
      rc = diag_error(d, h->loc, "pack '%s' states a different " #f        \
                      " in another file", h->name);                        \
  }
  MERGE_STR(title)
  MERGE_STR(source)
  MERGE_STR(version)
#undef MERGE_STR
  if (h->has_from) {
    if (!k->has_from) {
      k->has_from = true;
      k->from = h->from;
      k->has_until = h->has_until;
      k->until = h->until;
    } else if (k->from != h->from || k->has_until != h->has_until ||
               (h->has_until && k->until != h->until)) {
      rc = diag_error(d, h->loc,
                      "pack '%s' states different in-force dates in another "
                      "file", h->name);
    }
  }
  if (h->standard != STD_NONE) {
    if (k->standard == STD_NONE)
      k->standard = h->standard;
    else if (k->standard != h->standard)
      rc = diag_error(d, h->loc, "pack '%s' states a different departure "
                      "standard in another file", h->name);
  }
  return rc;
}

static int collect(struct diag *d, struct program *p)
{
  int rc = 0;
  struct arena *a = &p->arena;
  for (size_t i = 0; i < p->nfiles; i++) {
    struct file_ast *f = p->files[i];
    const struct pack *h = f->header;
    if (!h || !h->name) {
      struct loc at = {f->src, 0, 0};
      rc = diag_error(d, at, "file has no pack header (start it with "
                      "'pack NAME \"title\" { ... }')");
      continue;
    }
    struct pack *k = find_pack(p, h->name, h->edition);
    if (!k) {
      k = arena_alloc(a, sizeof *k);
      k->name = h->name;
      k->loc = h->loc;
      k->edition = h->edition;
      APPEND(a, p->packs, p->npacks, k);
    }
    if (merge_header(d, k, h) < 0)
      rc = -1;
    APPEND(a, k->srcs, k->nsrcs, f->src);
    for (size_t u = 0; u < h->nuses; u++) {
      bool dup = false;
      for (size_t j = 0; j < k->nuses; j++)
        dup |= k->uses[j] == h->uses[u];
      if (dup)
        continue;
      struct loc *nl = arena_array(a, k->nuses + 1, sizeof *nl);
      if (k->nuses)
        memcpy(nl, k->use_locs, k->nuses * sizeof *nl);
      nl[k->nuses] = h->use_locs[u];
      k->use_locs = nl;
      APPEND(a, k->uses, k->nuses, h->uses[u]);
    }
    for (size_t j = 0; j < f->ndecls; j++) {
      struct decl *dc = &f->decls[j];
      switch (dc->kind) {
      case D_ENUM:
        dc->u.en->pack = k;
        APPEND(a, k->enums, k->nenums, dc->u.en);
        break;
      case D_SET:
        dc->u.set->pack = k;
        APPEND(a, k->sets, k->nsets, dc->u.set);
        break;
      case D_RECORD:
        dc->u.rec->pack = k;
        APPEND(a, k->records, k->nrecords, dc->u.rec);
        break;
      case D_SCHEMA:
        dc->u.rec->pack = k;
        APPEND(a, k->records, k->nrecords, dc->u.rec);
        APPEND(a, p->schemas, p->nschemas, dc->u.rec);
        break;
      case D_RULE:
        dc->u.rule->pack = k;
        APPEND(a, k->rules, k->nrules, dc->u.rule);
        APPEND(a, p->rules, p->nrules, dc->u.rule);
        break;
      case D_POLICY:
        if (k->has_policy || (p->core && p->core != k)) {
          rc = diag_error(d, dc->u.policy.loc,
                          "more than one departure policy");
          diag_note(d, p->core ? p->core->policy_loc : k->policy_loc,
                    "previous definition is here");
          break;
        }
        k->has_policy = true;
        k->policy = dc->u.policy.items;
        k->npolicy = dc->u.policy.n;
        k->policy_loc = dc->u.policy.loc;
        p->core = k;
        break;
      }
    }
  }
  for (size_t i = 0; i < p->npacks; i++) {
    struct pack *k = p->packs[i];
    if (!k->has_from)
      rc = diag_error(d, k->loc, "pack '%s' does not say when it is in force "
                      "(add 'in force from DATE')", k->name);
  }
  return rc;
}

static int resolve_uses(struct diag *d, struct program *p)
{
  int rc = 0;
  for (size_t i = 0; i < p->npacks; i++) {
    struct pack *k = p->packs[i];
    for (size_t u = 0; u < k->nuses; u++) {
      bool found = false;
      for (size_t j = 0; j < p->npacks; j++)
        found |= p->packs[j]->name == k->uses[u];
      if (!found) {
        rc = diag_error(d, k->use_locs[u], "unknown pack '%s'", k->uses[u]);
        suggest_among(d, k->use_locs[u], k->uses[u], p->packs, p->npacks, 0,
                      offsetof(struct pack, name));
      }
    }
  }
  return rc;
}

/* Depth-first search for a cycle in `use`; state 1 = on the stack. */
static int find_cycle(struct diag *d, struct program *p, struct pack *k)
{
  if (k->state == 2)
    return 0;
  if (k->state == 1)
    return -1;
  k->state = 1;
  for (size_t u = 0; u < p->npacks; u++) {
    for (size_t j = 0; j < k->nuses; j++) {
      if (p->packs[u]->name != k->uses[j])
        continue;
      if (find_cycle(d, p, p->packs[u]) < 0) {
        if (k->state == 1) {
          if (k->uses[j] == k->name)
            diag_error(d, k->use_locs[j], "pack '%s' uses itself", k->name);
          else
            diag_error(d, k->use_locs[j], "packs use each other in a cycle "
                       "('%s' uses '%s')", k->name, k->uses[j]);
          k->state = 2;
        }
        return -1;
      }
    }
  }
  k->state = 2;
  return 0;
}

/* Everything a pack sees: its own declarations and those of used packs. */
static bool visible(const struct pack *from, const struct pack *decl_pack)
{
  if (from == decl_pack)
    return true;
  for (size_t u = 0; u < from->nuses; u++)
    if (decl_pack->name == from->uses[u])
      return true;
  return false;
}

struct lookup {
  struct enum_decl *en;
  struct set_decl *set;
  struct record *rec;
};

static struct lookup lookup_name(struct program *p, const struct pack *from,
                                 const char *name)
{
  struct lookup r = {0};
  for (size_t i = 0; i < p->npacks; i++) {
    struct pack *k = p->packs[i];
    if (!visible(from, k))
      continue;
    for (size_t j = 0; j < k->nenums && !r.en; j++)
      if (k->enums[j]->name == name)
        r.en = k->enums[j];
    for (size_t j = 0; j < k->nsets && !r.set; j++)
      if (k->sets[j]->name == name)
        r.set = k->sets[j];
    for (size_t j = 0; j < k->nrecords && !r.rec; j++)
      if (k->records[j]->name == name)
        r.rec = k->records[j];
  }
  return r;
}

static struct loc decl_loc(struct lookup l)
{
  return l.en ? l.en->loc : l.set ? l.set->loc : l.rec->loc;
}

/* Names declared twice where one pack sees both. */
static int check_duplicates(struct diag *d, struct program *p)
{
  int rc = 0;
  for (size_t i = 0; i < p->npacks; i++) {
    struct pack *k = p->packs[i];
    size_t total = k->nenums + k->nsets + k->nrecords;
    for (size_t j = 0; j < total; j++) {
      const char *name;
      struct loc at;
      if (j < k->nenums) {
        name = k->enums[j]->name;
        at = k->enums[j]->loc;
      } else if (j < k->nenums + k->nsets) {
        name = k->sets[j - k->nenums]->name;
        at = k->sets[j - k->nenums]->loc;
      } else {
        name = k->records[j - k->nenums - k->nsets]->name;
        at = k->records[j - k->nenums - k->nsets]->loc;
      }
      struct lookup l = lookup_name(p, k, name);
      struct loc first = decl_loc(l);
      if (first.src != at.src || first.start != at.start) {
        rc = diag_error(d, at, "'%s' is already defined", name);
        diag_note(d, first, "previous definition is here");
      }
    }
    for (size_t j = 0; j < k->nenums; j++) {
      struct enum_decl *e = k->enums[j];
      for (size_t s = 0; s < e->nsyms; s++)
        for (size_t t = 0; t < s; t++)
          if (e->syms[s].name == e->syms[t].name) {
            rc = diag_error(d, e->syms[s].loc, "'%s' appears twice in enum "
                            "'%s'", e->syms[s].name, e->name);
            diag_note(d, e->syms[t].loc, "previous definition is here");
          }
    }
  }
  /* Across packs; within one, the loop above has reported it. */
  for (size_t i = 0; i < p->nschemas; i++)
    for (size_t j = 0; j < i; j++)
      if (p->schemas[i]->name == p->schemas[j]->name &&
          p->schemas[i]->pack != p->schemas[j]->pack) {
        rc = diag_error(d, p->schemas[i]->loc, "schema for kind '%s' is "
                        "already defined", p->schemas[i]->name);
        diag_note(d, p->schemas[j]->loc, "previous definition is here");
      }
  return rc;
}

static void name_error(struct diag *d, struct program *p,
                       const struct pack *from, struct loc at,
                       const char *what, const char *name)
{
  diag_error(d, at, "unknown %s '%s'", what, name);
  size_t n = 0, cap = 0;
  const char **cands = NULL;
  for (size_t i = 0; i < p->npacks; i++) {
    struct pack *k = p->packs[i];
    if (!visible(from, k))
      continue;
    for (size_t j = 0; j < k->nenums; j++) {
      GROW(cands, cap, n + 1);
      cands[n++] = k->enums[j]->name;
    }
    for (size_t j = 0; j < k->nrecords; j++) {
      GROW(cands, cap, n + 1);
      cands[n++] = k->records[j]->name;
    }
  }
  static const char *const builtin[] = {"bool", "int", "number", "percent",
                                        "text", "date", "duration"};
  for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++) {
    GROW(cands, cap, n + 1);
    cands[n++] = builtin[i];
  }
  const char *s = diag_suggest(name, cands, n);
  if (s)
    diag_note(d, at, "did you mean '%s'?", s);
  free(cands);
}

static int resolve_type(struct diag *d, struct program *p,
                        const struct pack *from, struct type *t)
{
  switch (t->kind) {
  case T_LIST:
    return resolve_type(d, p, from, t->elem);
  case T_RECORD: {
    int rc = 0;
    struct record *r = t->rec;
    for (size_t i = 0; i < r->nfields; i++) {
      for (size_t j = 0; j < i; j++)
        if (r->fields[i].name == r->fields[j].name) {
          rc = diag_error(d, r->fields[i].loc, "field '%s' is already "
                          "defined", r->fields[i].name);
          diag_note(d, r->fields[j].loc, "previous definition is here");
        }
      if (resolve_type(d, p, from, r->fields[i].type) < 0)
        rc = -1;
    }
    return rc;
  }
  case T_ERROR: {
    if (!t->ref)
      return 0;
    struct lookup l = lookup_name(p, from, t->ref);
    if (l.en) {
      t->kind = T_ENUM;
      t->en = l.en;
      return 0;
    }
    if (l.rec) {
      t->kind = T_RECORD;
      t->rec = l.rec;
      return 0;
    }
    if (l.set)
      return diag_error(d, t->loc, "'%s' is a set, not a type (use its enum)",
                        t->ref);
    name_error(d, p, from, t->loc, "type", t->ref);
    return -1;
  }
  case T_BOOL:
  case T_INT:
  case T_NUMBER:
  case T_PERCENT:
  case T_TEXT:
  case T_DATE:
  case T_DURATION:
  case T_ENUM:
  case T_REGEX:
  case T_SECTION:
    return 0;
  }
  BUG("bad type kind");
}

static int resolve_sets(struct diag *d, struct program *p, struct pack *k)
{
  int rc = 0;
  for (size_t i = 0; i < k->nsets; i++) {
    struct set_decl *s = k->sets[i];
    for (size_t m = 0; m < s->nsyms; m++) {
      struct enum_decl *found = NULL;
      for (size_t j = 0; j < p->npacks && !found; j++) {
        struct pack *o = p->packs[j];
        if (!visible(k, o))
          continue;
        for (size_t e = 0; e < o->nenums && !found; e++)
          if (enum_index(o->enums[e], s->syms[m]) >= 0 &&
              (!s->en || s->en == o->enums[e]))
            found = o->enums[e];
      }
      if (!found) {
        rc = diag_error(d, s->sym_locs[m], s->en
                        ? "'%s' is not a symbol of enum '%s'"
                        : "'%s' is not a symbol of any enum%s",
                        s->syms[m], s->en ? s->en->name : "");
        if (s->en)
          suggest_symbol(d, s->sym_locs[m], s->syms[m], s->en);
        continue;
      }
      s->en = found;
    }
  }
  return rc;
}

static bool periods_overlap(const struct pack *a, const struct pack *b)
{
  int32_t a_end = a->has_until ? a->until : INT32_MAX;
  int32_t b_end = b->has_until ? b->until : INT32_MAX;
  return a->from <= b_end && b->from <= a_end;
}

static int resolve_rules(struct diag *d, struct program *p)
{
  int rc = 0;
  for (size_t i = 0; i < p->nrules; i++) {
    struct rule *r = p->rules[i];
    for (size_t j = 0; j < i; j++) {
      struct rule *o = p->rules[j];
      if (o->id != r->id)
        continue;
      if (o->pack != r->pack && !periods_overlap(o->pack, r->pack))
        continue;
      if (o->pack == r->pack)
        rc = diag_error(d, r->id_loc, "rule '%s' is already defined", r->id);
      else
        rc = diag_error(d, r->id_loc, "rule '%s' is already defined in a "
                        "pack in force at the same time", r->id);
      diag_note(d, o->id_loc, "previous definition is here");
      break;
    }
    if (!r->has_level)
      rc = diag_error(d, r->id_loc, "rule '%s' has no level (add 'level "
                      "must', 'level should' or 'level advice')", r->id);
    if (!r->source.s)
      rc = diag_error(d, r->id_loc, "rule '%s' has no source (cite the "
                      "paragraph it encodes)", r->id);
    if (!r->subject) {
      rc = diag_error(d, r->id_loc, "rule '%s' has no subject (add "
                      "'subject KIND')", r->id);
      continue;
    }
    r->schema = program_schema(p, r->subject);
    if (!r->schema) {
      rc = diag_error(d, r->subject_loc, "no schema for kind '%s'",
                      r->subject);
      suggest_kind(d, r->subject_loc, r->subject, p);
    }
    bool has_expect = false;
    for (size_t j = 0; j < r->nitems; j++)
      has_expect |= r->items[j]->kind != ITEM_LET;
    if (!has_expect)
      rc = diag_error(d, r->id_loc, "rule '%s' expects nothing (add an "
                      "'expect')", r->id);
  }
  return rc;
}

int resolve_program(struct diag *d, struct program *p)
{
  int rc = collect(d, p);
  if (resolve_uses(d, p) < 0)
    rc = -1;
  for (size_t i = 0; i < p->npacks; i++)
    if (find_cycle(d, p, p->packs[i]) < 0)
      rc = -1;
  if (rc < 0)
    return rc;
  if (check_duplicates(d, p) < 0)
    rc = -1;
  for (size_t i = 0; i < p->npacks; i++) {
    struct pack *k = p->packs[i];
    if (resolve_sets(d, p, k) < 0)
      rc = -1;
    for (size_t j = 0; j < k->nrecords; j++) {
      struct type t = {.kind = T_RECORD, .rec = k->records[j]};
      if (resolve_type(d, p, k, &t) < 0)
        rc = -1;
    }
  }
  if (resolve_rules(d, p) < 0)
    rc = -1;
  if (p->core) {
    struct lookup l = lookup_name(p, p->core, intern(p->names, "departure"));
    p->departure = l.rec;
    if (!p->departure)
      rc = diag_error(d, p->core->policy_loc, "a departure policy needs a "
                      "'record departure' in its pack");
  }
  return rc;
}

/* Shared lookups. */

struct record *program_schema(const struct program *p, const char *kind)
{
  for (size_t i = 0; i < p->nschemas; i++)
    if (p->schemas[i]->name == kind)
      return p->schemas[i];
  return NULL;
}

const struct enum_decl *program_enum(const struct program *p,
                                     const char *name)
{
  for (size_t i = 0; i < p->npacks; i++)
    for (size_t j = 0; j < p->packs[i]->nenums; j++)
      if (!strcmp(p->packs[i]->enums[j]->name, name))
        return p->packs[i]->enums[j];
  return NULL;
}

struct rule *program_rule(const struct program *p, const char *id)
{
  for (size_t i = 0; i < p->nrules; i++)
    if (strcmp(p->rules[i]->id, id) == 0)
      return p->rules[i];
  return NULL;
}

bool pack_in_force(const struct pack *k, int32_t day)
{
  return k->from <= day && (!k->has_until || day <= k->until);
}

const struct field *record_field(const struct record *r, const char *name)
{
  for (size_t i = 0; i < r->nfields; i++)
    if (r->fields[i].name == name)
      return &r->fields[i];
  return NULL;
}

int enum_index(const struct enum_decl *e, const char *sym)
{
  for (size_t i = 0; i < e->nsyms; i++)
    if (e->syms[i].name == sym)
      return (int)i;
  return -1;
}

struct set_decl *resolve_set(struct program *p, const struct pack *from,
                             const char *name)
{
  return lookup_name(p, from, name).set;
}

struct enum_decl *resolve_symbol(struct program *p, const struct pack *from,
                                 const char *name)
{
  for (size_t i = 0; i < p->npacks; i++) {
    struct pack *k = p->packs[i];
    if (!visible(from, k))
      continue;
    for (size_t j = 0; j < k->nenums; j++)
      if (enum_index(k->enums[j], name) >= 0)
        return k->enums[j];
  }
  return NULL;
}

struct enum_decl *resolve_enum(struct program *p, const struct pack *from,
                               const char *name)
{
  return lookup_name(p, from, name).en;
}

void suggest_symbol(struct diag *d, struct loc at, const char *name,
                    const struct enum_decl *e)
{
  suggest_among(d, at, name, e->syms, e->nsyms, sizeof *e->syms,
                offsetof(struct enum_sym, name));
}

void suggest_field(struct diag *d, struct loc at, const char *name,
                   const struct record *r)
{
  suggest_among(d, at, name, r->fields, r->nfields, sizeof *r->fields,
                offsetof(struct field, name));
}

void suggest_rule(struct diag *d, struct loc at, const char *id,
                  const struct program *p)
{
  suggest_among(d, at, id, p->rules, p->nrules, 0,
                offsetof(struct rule, id));
}

void suggest_kind(struct diag *d, struct loc at, const char *kind,
                  const struct program *p)
{
  suggest_among(d, at, kind, p->schemas, p->nschemas, 0,
                offsetof(struct record, name));
}
