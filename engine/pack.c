/* pack.c: a compiled rule library, written to a file and read back with
 * no parsing.
 *
 * Layout: the magic "DUTYPACK", the format version, the size of an IR node
 * (a pack is read only by a build with the same layout), the payload's
 * length and its SHA-256, then the payload: the rule sources (kept for
 * messages and `explain`, never parsed), enums, records, packs, rules and
 * the IR.  Numbers are little-endian as the machine writes them; strings
 * are a length and bytes.  Reading checks every length against what is
 * left: a damaged pack is an error, never a crash. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "sha256.h"
#include "timescale.h"
#include "util.h"

static const char magic[8] = {'D', 'U', 'T', 'Y', 'P', 'A', 'C', 'K'};
enum { PACK_VERSION = 1, HEADER = 8 + 4 + 4 + 8 + 64 };
#define NONE UINT32_MAX

/* ---- writing ---- */

struct out {
  unsigned char *buf;
  size_t len, cap;
  /* Indices of what the payload refers to. */
  uint32_t *src_of;             /* diag source id -> pack source index */
  size_t nsrc_of;
  const struct enum_decl **enums;
  size_t nenums, cap_enums;
  const struct record **recs;
  size_t nrecs, cap_recs;
  const struct program *p;
};

static void put(struct out *o, const void *data, size_t n)
{
  if (!n)
    return;
  GROW(o->buf, o->cap, o->len + n);
  memcpy(o->buf + o->len, data, n);
  o->len += n;
}

static void put_u8(struct out *o, unsigned v)
{
  unsigned char b = (unsigned char)v;
  put(o, &b, 1);
}

static void put_u32(struct out *o, uint32_t v) { put(o, &v, sizeof v); }
static void put_i64(struct out *o, int64_t v) { put(o, &v, sizeof v); }

static void put_str(struct out *o, const char *s, size_t n)
{
  if (!s) {
    put_u32(o, NONE);
    return;
  }
  put_u32(o, (uint32_t)n);
  put(o, s, n);
}

static void put_cstr(struct out *o, const char *s)
{
  put_str(o, s, s ? strlen(s) : 0);
}

static void put_loc(struct out *o, struct loc at)
{
  uint32_t src = at.src < o->nsrc_of ? o->src_of[at.src] : NONE;
  put_u32(o, src);
  put_u32(o, at.start);
  put_u32(o, at.end);
}

static uint32_t enum_id(const struct out *o, const struct enum_decl *e)
{
  for (size_t i = 0; i < o->nenums; i++)
    if (o->enums[i] == e)
      return (uint32_t)i;
  BUG("an enum the pack did not collect");
}

static uint32_t rec_id(const struct out *o, const struct record *r)
{
  for (size_t i = 0; i < o->nrecs; i++)
    if (o->recs[i] == r)
      return (uint32_t)i;
  BUG("a record the pack did not collect");
}

/* Every record a type reaches, each once. */
static void collect_type(struct out *o, const struct type *t);

static void collect_record(struct out *o, const struct record *r)
{
  for (size_t i = 0; i < o->nrecs; i++)
    if (o->recs[i] == r)
      return;
  GROW(o->recs, o->cap_recs, o->nrecs + 1);
  o->recs[o->nrecs++] = r;
  for (size_t i = 0; i < r->nfields; i++)
    collect_type(o, r->fields[i].type);
}

static void collect_type(struct out *o, const struct type *t)
{
  if (t->kind == T_RECORD && t->rec)
    collect_record(o, t->rec);
  else if (t->kind == T_LIST)
    collect_type(o, t->elem);
}

static void put_type(struct out *o, const struct type *t)
{
  put_u8(o, t->kind);
  put_u8(o, t->ranged);
  put_i64(o, t->lo);
  put_i64(o, t->hi);
  put_u32(o, t->kind == T_ENUM ? enum_id(o, t->en) : NONE);
  put_u32(o, t->kind == T_RECORD ? rec_id(o, t->rec) : NONE);
  if (t->kind == T_LIST)
    put_type(o, t->elem);
}

static void put_items(struct out *o, struct item **items, size_t n)
{
  put_u32(o, (uint32_t)n);
  for (size_t i = 0; i < n; i++) {
    const struct item *it = items[i];
    put_u8(o, it->kind);
    put_loc(o, it->loc);
    put_cstr(o, it->name);
    put_loc(o, it->e ? it->e->loc : (struct loc){0});
    put_u8(o, it->where != NULL);
    put_loc(o, it->where ? it->where->loc : (struct loc){0});
    put_str(o, it->message.s, it->message.len);
    put_items(o, it->body, it->kind == ITEM_FOR ? it->nbody : 0);
  }
}

static uint32_t pack_id(const struct program *p, const struct pack *k)
{
  for (size_t i = 0; i < p->npacks; i++)
    if (p->packs[i] == k)
      return (uint32_t)i;
  return NONE;
}

static void put_ir(struct out *o, const struct ir *ir)
{
  put_u32(o, (uint32_t)ir->nnodes);
  for (size_t i = 0; i < ir->nnodes; i++) {
    struct ir_node n = ir->nodes[i];
    n.loc.src = n.loc.src < o->nsrc_of ? o->src_of[n.loc.src] : NONE;
    put(o, &n, sizeof n);
  }
  put_u32(o, (uint32_t)ir->nstrs);
  for (size_t i = 0; i < ir->nstrs; i++)
    put_cstr(o, ir->strs[i]);
  put_u32(o, (uint32_t)ir->nnames);
  put(o, ir->names, ir->nnames * sizeof *ir->names);
  put_u32(o, (uint32_t)ir->npaths);
  put(o, ir->paths, ir->npaths * sizeof *ir->paths);
  put_u32(o, (uint32_t)ir->nsets);
  put(o, ir->sets, ir->nsets * sizeof *ir->sets);
  put_u32(o, (uint32_t)ir->nregexes);
  for (size_t i = 0; i < ir->nregexes; i++) {
    put_u32(o, ir->regexes[i].pat);
    put_u32(o, ir->regexes[i].flags);
  }
  put_u32(o, (uint32_t)ir->nrules);
  put(o, ir->rules, ir->nrules * sizeof *ir->rules);
  put(o, &ir->policy, sizeof ir->policy);
}

int pack_write(struct diag *d, const struct program *p, const char *path)
{
  struct out o = {.p = p};
  /* Sources, in the order of the packs that hold them. */
  size_t nsrc = 0;
  o.nsrc_of = d->nsources;
  o.src_of = xmalloc(xmul(o.nsrc_of ? o.nsrc_of : 1, sizeof *o.src_of));
  memset(o.src_of, 0xff, o.nsrc_of * sizeof *o.src_of);
  for (size_t i = 0; i < p->npacks; i++)
    for (size_t j = 0; j < p->packs[i]->nsrcs; j++)
      o.src_of[p->packs[i]->srcs[j]] = (uint32_t)nsrc++;
  put_u32(&o, (uint32_t)nsrc);
  for (size_t i = 0; i < p->npacks; i++)
    for (size_t j = 0; j < p->packs[i]->nsrcs; j++) {
      const struct source *s = diag_source(d, p->packs[i]->srcs[j]);
      put_cstr(&o, s->name);
      put_str(&o, s->data, s->len);
    }

  /* Enums, then records, each referred to by index. */
  for (size_t i = 0; i < p->npacks; i++)
    for (size_t j = 0; j < p->packs[i]->nenums; j++) {
      GROW(o.enums, o.cap_enums, o.nenums + 1);
      o.enums[o.nenums++] = p->packs[i]->enums[j];
    }
  put_u32(&o, (uint32_t)o.nenums);
  for (size_t i = 0; i < o.nenums; i++) {
    const struct enum_decl *e = o.enums[i];
    put_cstr(&o, e->name);
    put_loc(&o, e->loc);
    put_u32(&o, pack_id(p, e->pack));
    put_u32(&o, (uint32_t)e->nsyms);
    for (size_t k = 0; k < e->nsyms; k++) {
      put_cstr(&o, e->syms[k].name);
      put_loc(&o, e->syms[k].loc);
      put_str(&o, e->syms[k].label.s, e->syms[k].label.len);
    }
  }
  for (size_t i = 0; i < p->npacks; i++)
    for (size_t j = 0; j < p->packs[i]->nrecords; j++)
      collect_record(&o, p->packs[i]->records[j]);
  put_u32(&o, (uint32_t)o.nrecs);
  for (size_t i = 0; i < o.nrecs; i++) {
    const struct record *r = o.recs[i];
    put_cstr(&o, r->name);
    put_loc(&o, r->loc);
    put_u32(&o, (uint32_t)r->nfields);
  }
  /* Fields after every record has its index: types refer to records. */
  for (size_t i = 0; i < o.nrecs; i++) {
    const struct record *r = o.recs[i];
    for (size_t k = 0; k < r->nfields; k++) {
      const struct field *f = &r->fields[k];
      put_cstr(&o, f->name);
      put_loc(&o, f->loc);
      put_type(&o, f->type);
      put_u8(&o, f->required);
      put_str(&o, f->desc.s, f->desc.len);
    }
  }
  put_u32(&o, (uint32_t)p->nschemas);
  for (size_t i = 0; i < p->nschemas; i++)
    put_u32(&o, rec_id(&o, p->schemas[i]));

  put_u32(&o, (uint32_t)p->npacks);
  for (size_t i = 0; i < p->npacks; i++) {
    const struct pack *k = p->packs[i];
    put_cstr(&o, k->name);
    put_loc(&o, k->loc);
    put_str(&o, k->title.s, k->title.len);
    put_str(&o, k->source.s, k->source.len);
    put_str(&o, k->edition.s, k->edition.len);
    put_str(&o, k->version.s, k->version.len);
    put_u8(&o, k->has_from);
    put_u8(&o, k->has_until);
    put_u32(&o, (uint32_t)k->from);
    put_u32(&o, (uint32_t)k->until);
    put_u8(&o, k->standard);
    put(&o, k->sha256, 64);
    put_u8(&o, k->has_policy);
    put_loc(&o, k->policy_loc);
    put_u32(&o, (uint32_t)k->policy_slots);
    put_u32(&o, (uint32_t)k->nsrcs);
    for (size_t j = 0; j < k->nsrcs; j++)
      put_u32(&o, o.src_of[k->srcs[j]]);
  }

  put_u32(&o, (uint32_t)p->nrules);
  for (size_t i = 0; i < p->nrules; i++) {
    const struct rule *r = p->rules[i];
    put_cstr(&o, r->id);
    put_loc(&o, r->loc);
    put_loc(&o, r->id_loc);
    put_str(&o, r->title.s, r->title.len);
    put_cstr(&o, r->subject);
    put_loc(&o, r->subject_loc);
    put_u32(&o, r->schema ? rec_id(&o, r->schema) : NONE);
    put_u8(&o, r->has_level);
    put_u8(&o, r->level);
    put_str(&o, r->source.s, r->source.len);
    put_str(&o, r->quote.s, r->quote.len);
    put_str(&o, r->hint.s, r->hint.len);
    put_u32(&o, pack_id(p, r->pack));
    put_u32(&o, (uint32_t)r->nslots);
    put_u8(&o, r->applies != NULL);
    put_loc(&o, r->applies ? r->applies->loc : (struct loc){0});
    put_items(&o, r->items, r->nitems);
    put_u8(&o, r->agency_constrained);
    put_u32(&o, (uint32_t)r->nagencies);
    for (size_t k = 0; k < r->nagencies; k++)
      put_cstr(&o, r->agencies[k]);
  }
  put_u32(&o, p->core ? pack_id(p, p->core) : NONE);
  put_u32(&o, p->departure ? rec_id(&o, p->departure) : NONE);
  put_ir(&o, &p->ir);

  /* The header, then the payload, written atomically. */
  struct sha256 h;
  sha256_init(&h);
  sha256_update(&h, o.buf, o.len);
  char hex[65];
  sha256_hex(&h, hex);
  uint32_t version = PACK_VERSION, node = sizeof(struct ir_node);
  uint64_t len = o.len;
  size_t tl = strlen(path) + 8;
  char *tmp = xmalloc(tl);
  snprintf(tmp, tl, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  int rc = 0;
  if (!f || fwrite(magic, 1, 8, f) != 8 ||
      fwrite(&version, 4, 1, f) != 1 || fwrite(&node, 4, 1, f) != 1 ||
      fwrite(&len, 8, 1, f) != 1 || fwrite(hex, 1, 64, f) != 64 ||
      fwrite(o.buf, 1, o.len, f) != o.len)
    rc = -1;
  if (f && fclose(f) != 0)
    rc = -1;
  if (rc == 0 && rename(tmp, path) != 0)
    rc = -1;
  if (rc < 0) {
    diag_error(d, (struct loc){0}, "cannot write '%s': %s", path,
               strerror(errno));
    remove(tmp);
  }
  free(tmp);
  free(o.buf);
  free(o.src_of);
  free((void *)o.enums);
  free((void *)o.recs);
  return rc;
}

/* ---- reading ---- */

struct in {
  const unsigned char *p, *end;
  bool bad;
  struct program *prog;
  struct arena *a;
  struct intern *names;
  uint32_t *srcs;      /* pack source index -> diag source id */
  uint32_t nsrcs;
  struct enum_decl **enums;
  uint32_t nenums;
  struct record **recs;
  uint32_t nrecs;
  int depth;
};

static bool take(struct in *r, void *out, size_t n)
{
  if (!n)
    return !r->bad;
  if (r->bad || (size_t)(r->end - r->p) < n) {
    r->bad = true;
    memset(out, 0, n);
    return false;
  }
  memcpy(out, r->p, n);
  r->p += n;
  return true;
}

static unsigned get_u8(struct in *r)
{
  unsigned char b = 0;
  take(r, &b, 1);
  return b;
}

static uint32_t get_u32(struct in *r)
{
  uint32_t v = 0;
  take(r, &v, sizeof v);
  return v;
}

static int64_t get_i64(struct in *r)
{
  int64_t v = 0;
  take(r, &v, sizeof v);
  return v;
}

/* A count of items of at least `size` bytes each: never more than what
 * is left, so that a damaged count cannot ask for huge memory. */
static uint32_t get_count(struct in *r, size_t size)
{
  uint32_t n = get_u32(r);
  if (size && n > (size_t)(r->end - r->p) / size) {
    r->bad = true;
    return 0;
  }
  return n;
}

static struct str get_str(struct in *r)
{
  uint32_t n = get_u32(r);
  if (n == NONE || r->bad)
    return (struct str){0};
  if ((size_t)(r->end - r->p) < n) {
    r->bad = true;
    return (struct str){0};
  }
  struct str s = {arena_strndup(r->a, (const char *)r->p, n), n};
  r->p += n;
  return s;
}

/* Names the checks compare by pointer are interned. */
static const char *get_name(struct in *r)
{
  uint32_t n = get_u32(r);
  if (n == NONE || r->bad)
    return NULL;
  if ((size_t)(r->end - r->p) < n) {
    r->bad = true;
    return NULL;
  }
  const char *s = intern_n(r->names, (const char *)r->p, n);
  r->p += n;
  return s;
}

static uint32_t map_src(struct in *r, uint32_t i)
{
  if (i == NONE)
    return 0;
  if (i >= r->nsrcs) {
    r->bad = true;
    return 0;
  }
  return r->srcs[i];
}

static struct loc get_loc(struct in *r)
{
  struct loc at;
  at.src = map_src(r, get_u32(r));
  at.start = get_u32(r);
  at.end = get_u32(r);
  return at;
}

static struct enum_decl *get_enum(struct in *r, uint32_t i)
{
  if (i >= r->nenums) {
    r->bad = true;
    return NULL;
  }
  return r->enums[i];
}

static struct record *get_rec(struct in *r, uint32_t i)
{
  if (i >= r->nrecs) {
    r->bad = true;
    return NULL;
  }
  return r->recs[i];
}

static struct type *get_type(struct in *r)
{
  struct type *t = arena_alloc(r->a, sizeof *t);
  if (++r->depth > 64) {
    r->bad = true;
    r->depth--;
    return t;
  }
  unsigned kind = get_u8(r);
  if (kind > T_SECTION)
    r->bad = true;
  t->kind = (enum type_kind)(kind > T_SECTION ? T_ERROR : kind);
  /* Facts are of these kinds only. */
  if (t->kind == T_ERROR || t->kind == T_REGEX || t->kind == T_SECTION)
    r->bad = true;
  t->ranged = get_u8(r) != 0;
  t->lo = get_i64(r);
  t->hi = get_i64(r);
  uint32_t en = get_u32(r), rec = get_u32(r);
  if (t->kind == T_ENUM)
    t->en = get_enum(r, en);
  if (t->kind == T_RECORD)
    t->rec = get_rec(r, rec);
  if (t->kind == T_LIST)
    t->elem = get_type(r);
  r->depth--;
  return t;
}

/* explain shows an expression by its source text: its place is all a
 * loaded rule keeps of it. */
static struct expr *loc_expr(struct in *r, struct loc at)
{
  return expr_new(r->a, E_BOOL, at);
}

static struct item **get_items(struct in *r, size_t *count)
{
  uint32_t n = get_count(r, 1);
  struct item **items = arena_array(r->a, n ? n : 1, sizeof *items);
  if (++r->depth > 64) {
    r->bad = true;
    n = 0;
  }
  for (uint32_t i = 0; i < n && !r->bad; i++) {
    struct item *it = arena_alloc(r->a, sizeof *it);
    unsigned kind = get_u8(r);
    if (kind > ITEM_FOR)
      r->bad = true;
    it->kind = (enum item_kind)(kind > ITEM_FOR ? ITEM_EXPECT : kind);
    it->loc = get_loc(r);
    it->name = get_name(r);
    it->e = loc_expr(r, get_loc(r));
    bool has_where = get_u8(r) != 0;
    struct loc where = get_loc(r);
    it->where = has_where ? loc_expr(r, where) : NULL;
    it->message = get_str(r);
    it->body = get_items(r, &it->nbody);
    items[i] = it;
  }
  r->depth--;
  *count = n;
  return items;
}

static void get_ir(struct in *r, struct ir *ir)
{
  uint32_t n = get_count(r, sizeof(struct ir_node));
  ir->nodes = xmalloc(xmul(n ? n : 1, sizeof *ir->nodes));
  ir->nnodes = ir->cap_nodes = n;
  for (uint32_t i = 0; i < n; i++) {
    take(r, &ir->nodes[i], sizeof ir->nodes[i]);
    ir->nodes[i].loc.src = map_src(r, ir->nodes[i].loc.src);
  }
  n = get_count(r, 4);
  ir->strs = xmalloc(xmul(n ? n : 1, sizeof *ir->strs));
  ir->nstrs = ir->cap_strs = n;
  for (uint32_t i = 0; i < n; i++)
    ir->strs[i] = get_name(r);
  n = get_count(r, 4);
  ir->names = xmalloc(xmul(n ? n : 1, sizeof *ir->names));
  ir->nnames = ir->cap_names = n;
  take(r, ir->names, n * sizeof *ir->names);
  n = get_count(r, sizeof(struct ir_path));
  ir->paths = xmalloc(xmul(n ? n : 1, sizeof *ir->paths));
  ir->npaths = ir->cap_paths = n;
  take(r, ir->paths, n * sizeof *ir->paths);
  n = get_count(r, sizeof(struct ir_path));
  ir->sets = xmalloc(xmul(n ? n : 1, sizeof *ir->sets));
  ir->nsets = ir->cap_sets = n;
  take(r, ir->sets, n * sizeof *ir->sets);
  n = get_count(r, 8);
  ir->regexes = xcalloc(n ? n : 1, sizeof *ir->regexes);
  ir->nregexes = ir->cap_regexes = n;
  for (uint32_t i = 0; i < n; i++) {
    ir->regexes[i].pat = get_u32(r);
    ir->regexes[i].flags = get_u32(r);
  }
  n = get_count(r, sizeof(struct ir_rule));
  /* In the arena, as lower_program puts them: ir_release does not own
   * them. */
  ir->rules = arena_array(r->a, n ? n : 1, sizeof *ir->rules);
  ir->nrules = n;
  take(r, ir->rules, n * sizeof *ir->rules);
  take(r, &ir->policy, sizeof ir->policy);
}

/* Every index in the IR within its table and every operand before its
 * node (so evaluation ends), every statement chained forward, and every
 * variable slot within its rule's: the evaluator can then trust a pack as
 * it trusts a program it compiled. */
static bool slots_valid(const struct ir *ir, uint32_t root, uint32_t nslots)
{
  if (root == IR_NONE)
    return true;
  size_t cap = 64, n = 0;
  uint32_t *stack = xmalloc(cap * sizeof *stack);
  bool ok = true;
  stack[n++] = root;
  while (n && ok) {
    const struct ir_node *x = &ir->nodes[stack[--n]];
    switch ((enum ir_op)x->op) {
    case OP_VAR: case OP_ANY: case OP_ALL: case OP_COUNT: case OP_LET:
    case OP_FOR:
      ok = x->slot >= 0 && (uint32_t)x->slot < nslots;
      break;
    default:
      break;
    }
    uint32_t kids[4] = {x->a, x->b, x->c, x->next};
    for (int k = 0; k < 4; k++)
      if (kids[k] != IR_NONE) {
        GROW(stack, cap, n + 1);
        stack[n++] = kids[k];
      }
  }
  free(stack);
  return ok;
}

static bool ir_valid(const struct ir *ir)
{
  size_t nn = ir->nnodes;
  for (size_t i = 0; i < nn; i++) {
    const struct ir_node *n = &ir->nodes[i];
    if (n->op > OP_FOR || (n->a != IR_NONE && n->a >= i) ||
        (n->b != IR_NONE && n->b >= i) || (n->c != IR_NONE && n->c >= i) ||
        (n->next != IR_NONE && (n->next <= i || n->next >= nn)))
      return false;
    size_t limit;
    switch ((enum ir_op)n->op) {
    case OP_FACT: case OP_VAR: case OP_DOC:
      limit = ir->npaths;
      break;
    case OP_SYM: case OP_TEXT:
      limit = ir->nstrs;
      break;
    case OP_IN:
      limit = ir->nsets;
      break;
    case OP_REGEX: case OP_SECTION: case OP_TIMESCALE:
      limit = ir->nregexes;
      break;
    case OP_EXPECT:
      limit = ir->nstrs;
      break;
    default:
      limit = SIZE_MAX;
      break;
    }
    bool optional = n->op == OP_EXPECT;
    if (limit != SIZE_MAX && (n->aux == IR_NONE ? !optional : n->aux >= limit))
      return false;
  }
  for (size_t i = 0; i < ir->npaths; i++)
    if (ir->paths[i].first > ir->nnames ||
        ir->paths[i].n > ir->nnames - ir->paths[i].first ||
        (ir->paths[i].joined != IR_NONE && ir->paths[i].joined >= ir->nstrs))
      return false;
  for (size_t i = 0; i < ir->nsets; i++)
    if (ir->sets[i].first > ir->nnames ||
        ir->sets[i].n > ir->nnames - ir->sets[i].first)
      return false;
  for (size_t i = 0; i < ir->nnames; i++)
    if (ir->names[i] >= ir->nstrs)
      return false;
  for (size_t i = 0; i < ir->nregexes; i++)
    if (ir->regexes[i].pat >= ir->nstrs || ir->regexes[i].flags >= ir->nstrs)
      return false;
  for (size_t i = 0; i < ir->nstrs; i++)
    if (!ir->strs[i])
      return false;
  for (size_t i = 0; i <= ir->nrules; i++) {
    const struct ir_rule *r = i < ir->nrules ? &ir->rules[i] : &ir->policy;
    if ((r->applies != IR_NONE && r->applies >= nn) ||
        (r->body != IR_NONE && r->body >= nn) ||
        !slots_valid(ir, r->applies, r->nslots) ||
        !slots_valid(ir, r->body, r->nslots))
      return false;
  }
  return true;
}

/* A pack from a file is not trusted: its patterns are compiled now, so a
 * bad one is an error here rather than a failure in the middle of a
 * check. */
static bool regexes_compile(struct ir *ir)
{
  for (size_t i = 0; i < ir->nregexes; i++) {
    const char *pat = ir->strs[ir->regexes[i].pat];
    ir->regexes[i].re = regex_compile(pat, strlen(pat),
                                      ir->strs[ir->regexes[i].flags], NULL, 0,
                                      NULL);
    if (!ir->regexes[i].re)
      return false;
  }
  return true;
}

static void read_payload(struct in *r, struct diag *d)
{
  struct program *p = r->prog;
  struct arena *a = r->a;
  r->nsrcs = get_count(r, 8);
  r->srcs = arena_array(a, r->nsrcs ? r->nsrcs : 1, sizeof *r->srcs);
  for (uint32_t i = 0; i < r->nsrcs && !r->bad; i++) {
    struct str name = get_str(r), text = get_str(r);
    if (!name.s || !text.s) {
      r->bad = true;
      break;
    }
    r->srcs[i] = diag_add_source(d, name.s, xstrndup(text.s, text.len),
                                 text.len);
  }

  r->nenums = get_count(r, 8);
  r->enums = arena_array(a, r->nenums ? r->nenums : 1, sizeof *r->enums);
  uint32_t *enum_pack = arena_array(a, r->nenums ? r->nenums : 1,
                                    sizeof *enum_pack);
  for (uint32_t i = 0; i < r->nenums && !r->bad; i++) {
    struct enum_decl *e = arena_alloc(a, sizeof *e);
    e->name = get_name(r);
    e->loc = get_loc(r);
    enum_pack[i] = get_u32(r);
    e->nsyms = get_count(r, 8);
    e->syms = arena_array(a, e->nsyms ? e->nsyms : 1, sizeof *e->syms);
    for (size_t k = 0; k < e->nsyms; k++) {
      e->syms[k].name = get_name(r);
      e->syms[k].loc = get_loc(r);
      e->syms[k].label = get_str(r);
    }
    r->enums[i] = e;
  }

  r->nrecs = get_count(r, 8);
  r->recs = arena_array(a, r->nrecs ? r->nrecs : 1, sizeof *r->recs);
  for (uint32_t i = 0; i < r->nrecs && !r->bad; i++) {
    struct record *rec = arena_alloc(a, sizeof *rec);
    rec->name = get_name(r);
    rec->loc = get_loc(r);
    rec->nfields = get_count(r, 8);
    rec->fields = arena_array(a, rec->nfields ? rec->nfields : 1,
                              sizeof *rec->fields);
    r->recs[i] = rec;
  }
  for (uint32_t i = 0; i < r->nrecs && !r->bad; i++) {
    struct record *rec = r->recs[i];
    for (size_t k = 0; k < rec->nfields && !r->bad; k++) {
      struct field *f = &rec->fields[k];
      f->name = get_name(r);
      f->loc = get_loc(r);
      f->type = get_type(r);
      f->required = get_u8(r) != 0;
      f->desc = get_str(r);
      if (!f->name)
        r->bad = true;
    }
  }
  p->nschemas = get_count(r, 4);
  p->schemas = arena_array(a, p->nschemas ? p->nschemas : 1,
                           sizeof *p->schemas);
  for (size_t i = 0; i < p->nschemas; i++)
    p->schemas[i] = get_rec(r, get_u32(r));

  p->npacks = get_count(r, 16);
  p->packs = arena_array(a, p->npacks ? p->npacks : 1, sizeof *p->packs);
  for (size_t i = 0; i < p->npacks && !r->bad; i++) {
    struct pack *k = arena_alloc(a, sizeof *k);
    k->name = get_name(r);
    k->loc = get_loc(r);
    k->title = get_str(r);
    k->source = get_str(r);
    k->edition = get_str(r);
    k->version = get_str(r);
    k->has_from = get_u8(r) != 0;
    k->has_until = get_u8(r) != 0;
    k->from = (int32_t)get_u32(r);
    k->until = (int32_t)get_u32(r);
    unsigned std = get_u8(r);
    k->standard = std > STD_EXCEPTIONAL ? STD_NONE : (enum standard)std;
    take(r, k->sha256, 64);
    k->sha256[64] = '\0';
    k->has_policy = get_u8(r) != 0;
    k->policy_loc = get_loc(r);
    k->policy_slots = (int)get_u32(r);
    k->nsrcs = get_count(r, 4);
    k->srcs = arena_array(a, k->nsrcs ? k->nsrcs : 1, sizeof *k->srcs);
    for (size_t j = 0; j < k->nsrcs; j++)
      k->srcs[j] = map_src(r, get_u32(r));
    p->packs[i] = k;
  }
  for (uint32_t i = 0; i < r->nenums && !r->bad; i++) {
    if (enum_pack[i] == NONE || enum_pack[i] >= p->npacks) {
      r->bad = true;
      break;
    }
    struct pack *k = p->packs[enum_pack[i]];
    struct enum_decl **ne = arena_array(a, k->nenums + 1, sizeof *ne);
    if (k->nenums)
      memcpy(ne, k->enums, k->nenums * sizeof *ne);
    ne[k->nenums++] = r->enums[i];
    k->enums = ne;
    r->enums[i]->pack = k;
  }

  p->nrules = get_count(r, 16);
  p->rules = arena_array(a, p->nrules ? p->nrules : 1, sizeof *p->rules);
  for (size_t i = 0; i < p->nrules && !r->bad; i++) {
    struct rule *ru = arena_alloc(a, sizeof *ru);
    ru->id = get_name(r);
    ru->loc = get_loc(r);
    ru->id_loc = get_loc(r);
    ru->title = get_str(r);
    ru->subject = get_name(r);
    ru->subject_loc = get_loc(r);
    uint32_t schema = get_u32(r);
    ru->schema = schema == NONE ? NULL : get_rec(r, schema);
    ru->has_level = get_u8(r) != 0;
    unsigned level = get_u8(r);
    ru->level = level > LEVEL_ADVICE ? LEVEL_MUST : (enum level)level;
    ru->source = get_str(r);
    ru->quote = get_str(r);
    ru->hint = get_str(r);
    uint32_t k = get_u32(r);
    if (k >= p->npacks) {
      r->bad = true;
      break;
    }
    ru->pack = p->packs[k];
    ru->pack->nrules++;
    ru->nslots = (int)get_u32(r);
    bool has_applies = get_u8(r) != 0;
    struct loc applies = get_loc(r);
    ru->applies = has_applies ? loc_expr(r, applies) : NULL;
    ru->items = get_items(r, &ru->nitems);
    ru->agency_constrained = get_u8(r) != 0;
    ru->nagencies = get_count(r, 4);
    ru->agencies = arena_array(a, ru->nagencies ? ru->nagencies : 1,
                               sizeof *ru->agencies);
    for (size_t j = 0; j < ru->nagencies; j++)
      ru->agencies[j] = get_name(r);
    if (!ru->id || !ru->schema || !ru->source.s)
      r->bad = true;
    p->rules[i] = ru;
  }
  uint32_t core = get_u32(r), dep = get_u32(r);
  p->core = core == NONE || core >= p->npacks ? NULL : p->packs[core];
  p->departure = dep == NONE ? NULL : get_rec(r, dep);
  if (r->bad)
    return;
  get_ir(r, &p->ir);
  if (r->bad || r->p != r->end || p->ir.nrules != p->nrules ||
      !ir_valid(&p->ir))
    r->bad = true;
  for (size_t i = 0; !r->bad && i < p->nrules; i++)
    if ((size_t)p->rules[i]->nslots != p->ir.rules[i].nslots)
      r->bad = true;
}

struct program *pack_read(struct diag *d, struct intern *names,
                          const char *name, const unsigned char *data,
                          size_t len, bool trusted)
{
  char hex[65];
  uint32_t version, node;
  uint64_t plen;
  if (len < HEADER || memcmp(data, magic, 8) != 0) {
    diag_error(d, (struct loc){0}, "'%s' is not a dutycheck pack", name);
    return NULL;
  }
  memcpy(&version, data + 8, 4);
  memcpy(&node, data + 12, 4);
  memcpy(&plen, data + 16, 8);
  if (version != PACK_VERSION || node != sizeof(struct ir_node)) {
    diag_error(d, (struct loc){0}, "pack '%s' was written by another "
               "version of dutycheck: compile its rules again", name);
    return NULL;
  }
  /* The built-in pack is part of the program: its checksum was checked
   * when it was made, and is not worth its time at every start. */
  if (!trusted) {
    struct sha256 h;
    sha256_init(&h);
    sha256_update(&h, data + HEADER, len - HEADER);
    sha256_hex(&h, hex);
  }
  if (plen != len - HEADER || (!trusted && memcmp(hex, data + 24, 64))) {
    diag_error(d, (struct loc){0}, "pack '%s' is damaged (its checksum does "
               "not match)", name);
    return NULL;
  }
  struct program *p = xcalloc(1, sizeof *p);
  arena_init(&p->arena);
  p->names = names;
  p->lazy_regex = trusted;
  struct in r = {.p = data + HEADER, .end = data + len, .prog = p,
                 .a = &p->arena, .names = names};
  read_payload(&r, d);
  if (!r.bad && !trusted && !regexes_compile(&p->ir))
    r.bad = true;
  if (r.bad) {
    diag_error(d, (struct loc){0}, "pack '%s' is damaged (it does not hold "
               "what its header promises)", name);
    program_free(p);
    return NULL;
  }
  return p;
}
