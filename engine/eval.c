/* eval.c: the IR interpreter.
 *
 * Values are small and copied; text points into the input (or the rules)
 * and keeps where it came from, so that every finding can say where the
 * value it judged is.  Recursion is bounded by the rules' own nesting
 * (checked at compile time), never by the input. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "eval.h"
#include "timescale.h"
#include "util.h"

const char *const verdict_name[] = {
  "pass", "fail", "departed", "unjustified", "not-applicable", "unknown",
};

enum vk {
  VK_UNKNOWN, VK_BOOL, VK_INT, VK_NUM, VK_PERCENT, VK_TEXT, VK_DATE, VK_DUR,
  VK_SYM, VK_MAP, VK_LIST, VK_SECTION, VK_SECTIONS, VK_REGEX,
};

struct val {
  enum vk k;
  union {
    bool b;
    int64_t i;
    double num;
    int32_t date;
    struct duration dur;
    const char *sym;
    const struct fact *f;  /* VK_MAP, VK_LIST */
    size_t section;        /* VK_SECTION */
    uint32_t regex;
  } u;
  const char *text;        /* VK_TEXT */
  size_t len;
  bool in_doc;             /* text is doc->text at offset doc_off */
  size_t doc_off;
  const char *path;        /* dotted path it was read from, or NULL */
  struct loc at;           /* where it is in the input, or src 0 */
  const char *why;         /* VK_UNKNOWN: the reason */
};

/* The subject's facts by path, read once per input: most rules look at
 * the same few facts (organisation.type above all). */
struct fact_cache {
  struct val *v;
  bool *have;
};

struct ev {
  const struct subject *s;
  const struct ir *ir;
  struct val *slots;
  enum standard standard;
  struct result *out;
  size_t cap;
  const struct fact *element; /* the for-each element being checked */
};

static char *fmt(struct ev *e, const char *f, ...)
  __attribute__((format(printf, 2, 3)));

static char *fmt(struct ev *e, const char *f, ...)
{
  va_list ap;
  va_start(ap, f);
  int n = vsnprintf(NULL, 0, f, ap);
  va_end(ap);
  char *p = arena_alloc(e->s->a, (size_t)n + 1);
  va_start(ap, f);
  vsnprintf(p, (size_t)n + 1, f, ap);
  va_end(ap);
  return p;
}

/* "PATH[I]", without the cost of printf: it is made for every element a
 * rule goes through. */
static const char *index_path(struct ev *e, const char *base, size_t i)
{
  char digits[24];
  size_t nd = 0;
  do {
    digits[nd++] = (char)('0' + i % 10);
    i /= 10;
  } while (i);
  size_t bl = base ? strlen(base) : 0;
  char *out = arena_alloc(e->s->a, bl + nd + 3);
  if (bl)
    memcpy(out, base, bl);
  out[bl] = '[';
  for (size_t k = 0; k < nd; k++)
    out[bl + 1 + k] = digits[nd - 1 - k];
  out[bl + 1 + nd] = ']';
  out[bl + 2 + nd] = '\0';
  return out;
}

static struct val unknown(const char *why, const char *path, struct loc at)
{
  struct val v = {.k = VK_UNKNOWN, .why = why, .path = path, .at = at};
  return v;
}

/* Why a value is unknown, in words. */
static const char *why_unknown(struct ev *e, const struct val *v)
{
  if (v->why)
    return v->why;
  if (v->path)
    return fmt(e, "%s is not given", v->path);
  return "a fact is missing";
}

static struct val boolean(bool b)
{
  struct val v = {.k = VK_BOOL};
  v.u.b = b;
  return v;
}

/* A fact as a value. */
static struct val of_fact(const struct fact *f, const char *path)
{
  struct val v = {.path = path, .at = f->loc};
  if (f->kind == FACT_MAP) {
    v.k = VK_MAP;
    v.u.f = f;
    return v;
  }
  if (f->kind == FACT_LIST) {
    v.k = VK_LIST;
    v.u.f = f;
    return v;
  }
  switch (f->type) {
  case FT_UNTYPED:
  case FT_TEXT:
    v.k = VK_TEXT;
    v.text = f->u.scalar.text;
    v.len = f->u.scalar.len;
    break;
  case FT_NULL:
    v.k = VK_UNKNOWN;
    break;
  case FT_BOOL: v.k = VK_BOOL; v.u.b = f->v.b; break;
  case FT_INT: v.k = VK_INT; v.u.i = f->v.i; break;
  case FT_NUMBER: v.k = VK_NUM; v.u.num = f->v.num; break;
  case FT_PERCENT: v.k = VK_PERCENT; v.u.num = f->v.num; break;
  case FT_DATE: v.k = VK_DATE; v.u.date = f->v.date; break;
  case FT_DURATION: v.k = VK_DUR; v.u.dur = f->v.dur; break;
  case FT_ENUM: v.k = VK_SYM; v.u.sym = f->v.sym; break;
  }
  return v;
}

static const char *join_path(struct ev *e, const char *base,
                             const struct ir_path *p, uint32_t upto)
{
  size_t len = base ? strlen(base) : 0;
  for (uint32_t i = 0; i < upto; i++)
    len += strlen(e->ir->strs[e->ir->names[p->first + i]]) + 1;
  char *out = arena_alloc(e->s->a, len + 1);
  size_t n = 0;
  if (base) {
    memcpy(out, base, strlen(base));
    n = strlen(base);
  }
  for (uint32_t i = 0; i < upto; i++) {
    const char *name = e->ir->strs[e->ir->names[p->first + i]];
    if (n)
      out[n++] = '.';
    memcpy(out + n, name, strlen(name));
    n += strlen(name);
  }
  out[n] = '\0';
  return out;
}

/* The dotted path of p's first upto names after base (NULL: from the
 * subject's root, whose whole path is joined once at compile time). */
static const char *path_of(struct ev *e, const char *base,
                           const struct ir_path *p, uint32_t upto)
{
  if (!base && upto == p->n && p->joined != IR_NONE)
    return e->ir->strs[p->joined];
  return join_path(e, base, p, upto);
}

/* Walk fields of a path from value v.  The path text is made only for the
 * value returned, not for every step. */
static struct val walk(struct ev *e, struct val v, const struct ir_path *p)
{
  const char *base = v.path;
  for (uint32_t i = 0; i < p->n; i++) {
    const char *name = e->ir->strs[e->ir->names[p->first + i]];
    if (v.k == VK_UNKNOWN)
      return v;
    if (v.k == VK_SECTION) {
      const struct md_section *sec = &e->s->doc->sections[v.u.section];
      struct val r = {.at = sec->loc};
      if (!strcmp(name, "heading")) {
        r.k = VK_TEXT;
        r.text = sec->heading;
        r.len = sec->heading_len;
      } else if (!strcmp(name, "level")) {
        r.k = VK_INT;
        r.u.i = sec->level;
      } else {
        r.k = VK_TEXT;
        r.text = e->s->doc->text + sec->text_start;
        r.len = sec->text_end - sec->text_start;
        r.in_doc = true;
        r.doc_off = sec->text_start;
      }
      v = r;
      continue;
    }
    if (v.k != VK_MAP)
      BUG("path through a value that is not a record");
    const struct fact_pair *pair = fact_get(v.u.f, name);
    if (!pair || pair->value->type == FT_NULL) {
      const char *full = path_of(e, base, p, p->n);
      /* Point at the key if it is there (null), else at the start of
       * the mapping that lacks it. */
      struct loc at = pair ? pair->key_loc
                           : (struct loc){v.at.src, v.at.start, v.at.start};
      /* The reason is worded only if it is reported (why_unknown). */
      return unknown(NULL, full, at);
    }
    v = of_fact(pair->value, NULL);
  }
  if (p->n)
    v.path = path_of(e, base, p, p->n);
  return v;
}

static struct val doc_text(struct ev *e, const char *what)
{
  const struct md_doc *doc = e->s->doc;
  struct val v = {.k = VK_TEXT, .path = what};
  if (!strcmp(what, "title")) {
    if (!doc->title)
      return unknown("the document has no title (a level-1 heading)",
                     "title", (struct loc){doc->src, 0, 0});
    v.text = doc->title;
    v.len = doc->title_len;
    v.at = doc->title_loc;
    return v;
  }
  v.text = doc->text;
  v.len = doc->text_len;
  v.in_doc = true;
  v.doc_off = 0;
  v.at = md_text_loc(doc, 0, 0);
  return v;
}

static struct val eval(struct ev *e, uint32_t n);

static int cmp_num(double a, double b) { return (a > b) - (a < b); }

static int64_t to_days(struct duration d)
{
  return d.unit == DUR_WEEKS ? d.n * 7 : d.n;
}

static const char *show(struct ev *e, const struct val *v);

/* Compare: -1, 0, 1; or 2 when undecidable (why set). */
static int compare(struct ev *e, const struct val *a, const struct val *b,
                   const char **why)
{
  switch (a->k) {
  case VK_INT:
  case VK_NUM:
  case VK_PERCENT: {
    double x = a->k == VK_INT ? (double)a->u.i : a->u.num;
    double y = b->k == VK_INT ? (double)b->u.i : b->u.num;
    return cmp_num(x, y);
  }
  case VK_DATE:
    return (a->u.date > b->u.date) - (a->u.date < b->u.date);
  case VK_DUR: {
    enum dur_family fa = dur_family(a->u.dur.unit);
    if (fa != dur_family(b->u.dur.unit)) {
      *why = fmt(e, "cannot compare %s with %s without a calendar",
                 show(e, a), show(e, b));
      return 2;
    }
    int64_t x = fa == FAM_DAYS ? to_days(a->u.dur) : dur_base(a->u.dur);
    int64_t y = fa == FAM_DAYS ? to_days(b->u.dur) : dur_base(b->u.dur);
    return (x > y) - (x < y);
  }
  case VK_BOOL:
    return a->u.b != b->u.b;
  case VK_SYM:
    return a->u.sym != b->u.sym;
  case VK_TEXT:
    return !(a->len == b->len && !memcmp(a->text, b->text, a->len));
  case VK_UNKNOWN:
  case VK_MAP:
  case VK_LIST:
  case VK_SECTION:
  case VK_SECTIONS:
  case VK_REGEX:
    break;
  }
  *why = "values of this kind cannot be compared";
  return 2;
}

static const char *show(struct ev *e, const struct val *v)
{
  char buf[64];
  switch (v->k) {
  case VK_UNKNOWN: return "not given";
  case VK_BOOL: return v->u.b ? "true" : "false";
  case VK_INT: return fmt(e, "%lld", (long long)v->u.i);
  case VK_NUM: return fmt(e, "%g", v->u.num);
  case VK_PERCENT: return fmt(e, "%g%%", v->u.num);
  case VK_TEXT:
    if (v->len > 60)
      return fmt(e, "'%.57s...'", v->text);
    return fmt(e, "'%.*s'", (int)v->len, v->text);
  case VK_DATE:
    cal_format_date(v->u.date, buf);
    return fmt(e, "%s", buf);
  case VK_DUR:
    dur_format(v->u.dur, buf, sizeof buf);
    return fmt(e, "%s", buf);
  case VK_SYM: return v->u.sym;
  case VK_MAP: return "a record";
  case VK_LIST: return fmt(e, "a list of %zu", v->u.f->u.list.n);
  case VK_SECTION:
    return fmt(e, "section '%s'", e->s->doc->sections[v->u.section].heading);
  case VK_SECTIONS: return "the sections";
  case VK_REGEX: return "a regular expression";
  }
  BUG("bad value kind");
}

/* Kleene: and, or. */
static struct val kleene(struct ev *e, const struct ir_node *n, bool is_and)
{
  struct val a = eval(e, n->a);
  if (a.k == VK_BOOL && a.u.b != is_and)
    return a; /* false and ..., true or ... */
  struct val b = eval(e, n->b);
  if (b.k == VK_BOOL && b.u.b != is_and)
    return b;
  if (a.k == VK_UNKNOWN)
    return a;
  if (b.k == VK_UNKNOWN)
    return b;
  return boolean(is_and);
}

static struct val date_add(struct ev *e, struct val d, struct duration du,
                           int sign)
{
  int64_t n = du.n * sign;
  if (n > 100000 || n < -100000)
    return unknown(fmt(e, "duration %lld is too large", (long long)du.n),
                   NULL, d.at);
  struct val r = d;
  r.path = NULL;
  switch (du.unit) {
  case DUR_DAYS: r.u.date = cal_add_days(d.u.date, (int)n); break;
  case DUR_WEEKS: r.u.date = cal_add_days(d.u.date, (int)n * 7); break;
  case DUR_WORKING_DAYS:
    r.u.date = cal_add_working_days(d.u.date, (int)n);
    break;
  case DUR_MONTHS: r.u.date = cal_add_months(d.u.date, (int)n); break;
  case DUR_YEARS: r.u.date = cal_add_months(d.u.date, (int)n * 12); break;
  }
  return r;
}

/* Whether a text value matches regex i: 1, 0, or -1 (limit). */
static int text_match(struct ev *e, const struct val *t, uint32_t re,
                      size_t *ms, size_t *me)
{
  return regex_search(ir_regex(e->ir, re), t->text, t->len, 0, ms, me);
}

static struct val text_test(struct ev *e, const struct ir_node *n,
                            struct val a)
{
  if (a.k == VK_UNKNOWN)
    return a;
  if (a.k == VK_SECTION) {
    const struct md_section *sec = &e->s->doc->sections[a.u.section];
    struct val t = {.k = VK_TEXT, .text = e->s->doc->text + sec->text_start,
                    .len = sec->text_end - sec->text_start, .in_doc = true,
                    .doc_off = sec->text_start, .at = sec->loc,
                    .path = a.path};
    a = t;
  }
  if (a.k == VK_LIST) {
    bool undecided = false;
    for (size_t i = 0; i < a.u.f->u.list.n; i++) {
      struct val el = of_fact(a.u.f->u.list.items[i], a.path);
      struct val r = text_test(e, n, el);
      if (r.k == VK_BOOL && r.u.b)
        return r;
      undecided |= r.k == VK_UNKNOWN;
    }
    return undecided ? unknown("a value could not be read", a.path, a.at)
                     : boolean(false);
  }
  if (a.k != VK_TEXT)
    return unknown("not text", a.path, a.at);
  if (n->op == OP_MENTIONS) {
    const char *ph = e->ir->strs[e->ir->nodes[n->b].aux];
    return boolean(text_mentions(a.text, a.len, ph, strlen(ph)));
  }
  size_t ms, me;
  uint32_t re = e->ir->nodes[n->b].aux;
  int m = text_match(e, &a, re, &ms, &me);
  if (m < 0)
    return unknown("the regular expression reached its match limit",
                   a.path, a.at);
  return boolean(m == 1);
}

/* The elements of a list value: a list of facts, or a document's
 * sections. */
static size_t list_count(const struct ev *e, const struct val *l)
{
  return l->k == VK_SECTIONS ? e->s->doc->nsections : l->u.f->u.list.n;
}

static struct val list_elem(struct ev *e, const struct val *l, size_t i)
{
  if (l->k == VK_SECTIONS) {
    struct val el = {.k = VK_SECTION, .path = "sections",
                     .at = e->s->doc->sections[i].loc};
    el.u.section = i;
    return el;
  }
  return of_fact(l->u.f->u.list.items[i], index_path(e, l->path, i));
}

static struct val quantify(struct ev *e, const struct ir_node *n)
{
  struct val l = eval(e, n->a);
  if (l.k == VK_UNKNOWN)
    return l;
  size_t count = list_count(e, &l);
  bool undecided = false;
  struct val why = {0};
  int64_t hits = 0;
  for (size_t i = 0; i < count; i++) {
    e->slots[n->slot] = list_elem(e, &l, i);
    struct val c = n->b == IR_NONE ? boolean(true) : eval(e, n->b);
    if (c.k == VK_UNKNOWN) {
      undecided = true;
      why = c;
      continue;
    }
    if (n->op == OP_ANY && c.u.b)
      return c;
    if (n->op == OP_ALL && !c.u.b)
      return c;
    hits += c.u.b;
  }
  if (undecided)
    return why;
  if (n->op == OP_COUNT) {
    struct val r = {.k = VK_INT};
    r.u.i = hits;
    return r;
  }
  return boolean(n->op == OP_ALL);
}

static size_t count_words(const char *s, size_t n)
{
  size_t w = 0;
  bool in = false;
  for (size_t i = 0; i < n; i++) {
    bool alnum = isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80;
    if (alnum && !in)
      w++;
    in = alnum;
  }
  return w;
}

/* Both operands of n; false when one is unknown, which is then in *a
 * (an unknown operand makes the result unknown, for the same reason). */
static bool operands(struct ev *e, const struct ir_node *n, struct val *a,
                     struct val *b)
{
  *a = eval(e, n->a);
  *b = eval(e, n->b);
  if (b->k == VK_UNKNOWN && a->k != VK_UNKNOWN)
    *a = *b;
  return a->k != VK_UNKNOWN;
}

static struct val eval(struct ev *e, uint32_t idx)
{
  const struct ir_node *n = &e->ir->nodes[idx];
  switch ((enum ir_op)n->op) {
  case OP_FACT: {
    struct fact_cache *c = e->s->cache;
    if (c && c->have[n->aux])
      return c->v[n->aux];
    struct val root = {.k = VK_MAP, .at = e->s->root->loc};
    root.u.f = e->s->root;
    struct val v = walk(e, root, &e->ir->paths[n->aux]);
    if (c) {
      c->v[n->aux] = v;
      c->have[n->aux] = true;
    }
    return v;
  }
  case OP_VAR:
    return walk(e, e->slots[n->slot], &e->ir->paths[n->aux]);
  case OP_DOC: {
    const struct ir_path *p = &e->ir->paths[n->aux];
    const char *first = e->ir->strs[e->ir->names[p->first]];
    if (!e->s->doc)
      return unknown("not a document", first, (struct loc){0});
    if (!strcmp(first, "text") || !strcmp(first, "title"))
      return doc_text(e, first);
    if (!strcmp(first, "sections")) {
      struct val v = {.k = VK_SECTIONS, .path = "sections"};
      return v;
    }
    /* front.x.y: the front matter */
    struct val root = {.k = VK_MAP, .at = e->s->root->loc, .path = "front"};
    root.u.f = e->s->root;
    struct ir_path rest = {p->first + 1, p->n - 1, IR_NONE};
    return walk(e, root, &rest);
  }
  case OP_STANDARD: {
    struct val v = {.k = VK_SYM};
    v.u.sym = intern_lookup(e->s->p->names, e->standard == STD_EXCEPTIONAL
                                                ? "exceptional_reasons"
                                                : "clear_reasons",
                            e->standard == STD_EXCEPTIONAL ? 19 : 13);
    return v;
  }
  case OP_SYM: {
    struct val v = {.k = VK_SYM};
    v.u.sym = e->ir->strs[n->aux];
    return v;
  }
  case OP_BOOL: return boolean(n->v.b);
  case OP_INT: {
    struct val v = {.k = VK_INT};
    v.u.i = n->v.i;
    return v;
  }
  case OP_NUMBER:
  case OP_PERCENT: {
    struct val v = {.k = n->op == OP_NUMBER ? VK_NUM : VK_PERCENT};
    v.u.num = n->v.num;
    return v;
  }
  case OP_TEXT: {
    struct val v = {.k = VK_TEXT, .text = e->ir->strs[n->aux]};
    v.len = strlen(v.text);
    return v;
  }
  case OP_DATE: {
    struct val v = {.k = VK_DATE};
    v.u.date = n->v.date;
    return v;
  }
  case OP_DURATION: {
    struct val v = {.k = VK_DUR};
    v.u.dur = n->v.dur;
    return v;
  }
  case OP_REGEX: {
    struct val v = {.k = VK_REGEX};
    v.u.regex = n->aux;
    return v;
  }
  case OP_AS_OF: {
    struct val v = {.k = VK_DATE, .path = "as_of"};
    v.u.date = e->s->as_of;
    return v;
  }
  case OP_NOT: {
    struct val a = eval(e, n->a);
    return a.k == VK_BOOL ? boolean(!a.u.b) : a;
  }
  case OP_AND: return kleene(e, n, true);
  case OP_OR: return kleene(e, n, false);
  case OP_IMPLIES: {
    struct val a = eval(e, n->a);
    if (a.k == VK_BOOL && !a.u.b)
      return boolean(true);
    struct val b = eval(e, n->b);
    if (b.k == VK_BOOL && b.u.b)
      return b;
    if (a.k == VK_UNKNOWN)
      return a;
    return b;
  }
  case OP_EQ:
  case OP_NE:
  case OP_LT:
  case OP_LE:
  case OP_GT:
  case OP_GE: {
    struct val a, b;
    if (!operands(e, n, &a, &b))
      return a;
    const char *why = NULL;
    int c = compare(e, &a, &b, &why);
    if (c == 2)
      return unknown(why, a.path, a.at);
    bool r = false;
    switch ((enum ir_op)n->op) {
    case OP_EQ: r = c == 0; break;
    case OP_NE: r = c != 0; break;
    case OP_LT: r = c < 0; break;
    case OP_LE: r = c <= 0; break;
    case OP_GT: r = c > 0; break;
    case OP_GE: r = c >= 0; break;
    default: BUG("not a comparison");
    }
    return boolean(r);
  }
  case OP_IN: {
    struct val a = eval(e, n->a);
    if (a.k != VK_SYM)
      return a;
    const struct ir_path *set = &e->ir->sets[n->aux];
    for (uint32_t i = 0; i < set->n; i++)
      if (e->ir->strs[e->ir->names[set->first + i]] == a.u.sym)
        return boolean(true);
    return boolean(false);
  }
  case OP_PRESENT:
  case OP_ABSENT: {
    struct val a = eval(e, n->a);
    bool present = a.k != VK_UNKNOWN;
    return boolean(n->op == OP_PRESENT ? present : !present);
  }
  case OP_MATCHES:
  case OP_MENTIONS:
    return text_test(e, n, eval(e, n->a));
  case OP_ANY:
  case OP_ALL:
  case OP_COUNT:
    return quantify(e, n);
  case OP_ADD:
  case OP_SUB: {
    struct val a, b;
    if (!operands(e, n, &a, &b))
      return a;
    int sign = n->op == OP_ADD ? 1 : -1;
    if (a.k == VK_DATE)
      return date_add(e, a, b.u.dur, sign);
    if (a.k == VK_DUR) {
      if (dur_family(a.u.dur.unit) != dur_family(b.u.dur.unit))
        return unknown(fmt(e, "cannot combine %s and %s without a calendar",
                           show(e, &a), show(e, &b)), a.path, a.at);
      struct val r = {.k = VK_DUR};
      bool days = dur_family(a.u.dur.unit) == FAM_DAYS;
      r.u.dur.unit = days ? DUR_DAYS : a.u.dur.unit == DUR_WORKING_DAYS
                                           ? DUR_WORKING_DAYS : DUR_MONTHS;
      r.u.dur.n = (days ? to_days(a.u.dur) : dur_base(a.u.dur)) +
                  sign * (days ? to_days(b.u.dur) : dur_base(b.u.dur));
      return r;
    }
    if (a.k == VK_INT && b.k == VK_INT) {
      struct val r = {.k = VK_INT};
      r.u.i = a.u.i + sign * b.u.i;
      return r;
    }
    struct val r = {.k = VK_NUM};
    double x = a.k == VK_INT ? (double)a.u.i : a.u.num;
    double y = b.k == VK_INT ? (double)b.u.i : b.u.num;
    r.u.num = x + sign * y;
    return r;
  }
  case OP_LENGTH: {
    struct val a = eval(e, n->a);
    if (a.k == VK_UNKNOWN)
      return a;
    struct val r = {.k = VK_INT, .at = a.at};
    r.path = a.path ? fmt(e, "length(%s)", a.path) : NULL;
    r.u.i = a.k == VK_TEXT ? (int64_t)a.len
            : a.k == VK_SECTIONS ? (int64_t)e->s->doc->nsections
                                 : (int64_t)a.u.f->u.list.n;
    return r;
  }
  case OP_WORDS: {
    struct val a = eval(e, n->a);
    if (a.k == VK_UNKNOWN)
      return a;
    if (a.k == VK_SECTION) {
      const struct md_section *sec = &e->s->doc->sections[a.u.section];
      a.text = e->s->doc->text + sec->text_start;
      a.len = sec->text_end - sec->text_start;
    }
    struct val r = {.k = VK_INT, .at = a.at};
    r.path = a.path ? fmt(e, "words(%s)", a.path) : NULL;
    r.u.i = (int64_t)count_words(a.text, a.len);
    return r;
  }
  case OP_SECTION: {
    const struct md_doc *doc = e->s->doc;
    if (!doc)
      return unknown("not a document", NULL, (struct loc){0});
    for (size_t i = 0; i < doc->nsections; i++) {
      size_t ms, me;
      int m = regex_search(ir_regex(e->ir, n->aux), doc->sections[i].heading,
                           doc->sections[i].heading_len, 0, &ms, &me);
      if (m == 1) {
        struct val v = {.k = VK_SECTION, .at = doc->sections[i].loc};
        v.u.section = i;
        v.path = fmt(e, "section '%s'", doc->sections[i].heading);
        return v;
      }
    }
    const char *pat = e->ir->strs[e->ir->regexes[n->aux].pat];
    return unknown(fmt(e, "no section heading matches /%s/", pat), NULL,
                   md_text_loc(doc, 0, 0));
  }
  case OP_TIMESCALE: {
    struct val t = eval(e, n->a);
    if (t.k == VK_UNKNOWN)
      return t;
    if (t.k == VK_SECTION) {
      const struct md_section *sec = &e->s->doc->sections[t.u.section];
      t.k = VK_TEXT;
      t.text = e->s->doc->text + sec->text_start;
      t.len = sec->text_end - sec->text_start;
      t.in_doc = true;
      t.doc_off = sec->text_start;
    }
    struct duration du;
    size_t as, ae;
    int m = stated_timescale(t.text, t.len, ir_regex(e->ir, n->aux), &du,
                             &as, &ae);
    const char *pat = e->ir->strs[e->ir->regexes[n->aux].pat];
    if (m < 0)
      return unknown("the regular expression reached its match limit",
                     NULL, t.at);
    if (m == 0)
      return unknown(fmt(e, "no timescale is stated for /%s/", pat),
                     fmt(e, "stated_timescale(/%s/)", pat), t.at);
    struct val v = {.k = VK_DUR};
    v.u.dur = du;
    v.path = "the stated timescale";
    v.at = t.in_doc ? md_text_loc(e->s->doc, t.doc_off + as, t.doc_off + ae)
                    : t.at;
    return v;
  }
  case OP_EXPECT:
  case OP_LET:
  case OP_FOR:
    break;
  }
  BUG("statement evaluated as an expression");
}

/* ---- explaining a failed expectation ---- */

/* The value an expectation is about: its first operand read from the
 * input. */
static bool subject_val(struct ev *e, uint32_t idx, struct val *out)
{
  const struct ir_node *n = &e->ir->nodes[idx];
  switch ((enum ir_op)n->op) {
  case OP_FACT:
  case OP_VAR:
  case OP_DOC:
  case OP_TIMESCALE:
  case OP_LENGTH:
  case OP_WORDS:
  case OP_COUNT:
  case OP_SECTION:
    *out = eval(e, idx);
    return out->path != NULL || out->at.src != 0;
  default:
    return false;
  }
}

static const char *op_words(enum ir_op op)
{
  switch (op) {
  case OP_EQ: return "";
  case OP_NE: return "not ";
  case OP_LT: return "less than ";
  case OP_LE: return "at most ";
  case OP_GT: return "more than ";
  case OP_GE: return "at least ";
  default: return "";
  }
}

static enum ir_op flip(enum ir_op op)
{
  switch (op) {
  case OP_LT: return OP_GT;
  case OP_LE: return OP_GE;
  case OP_GT: return OP_LT;
  case OP_GE: return OP_LE;
  default: return op;
  }
}

/* The rule text of an expression, on one line. */
static const char *source_text(struct ev *e, struct loc at)
{
  const struct source *src = diag_source(e->s->d, at.src);
  if (!src || at.end <= at.start || at.end > src->len)
    return "the expectation";
  size_t n = at.end - at.start;
  char *out = arena_alloc(e->s->a, n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char c = src->data[at.start + i];
    if (c == '\n' || c == '\r' || c == '\t')
      c = ' ';
    if (c == ' ' && k && out[k - 1] == ' ')
      continue;
    out[k++] = c;
  }
  out[k] = '\0';
  return out;
}

static void where(struct ev *e, struct loc at, char *buf, size_t size)
{
  if (!at.src) {
    buf[0] = '\0';
    return;
  }
  char w[600];
  diag_where(e->s->d, at, w, sizeof w);
  snprintf(buf, size, " (%s)", w);
}

static void add_reason(struct ev *e, struct reason r)
{
  struct result *o = e->out;
  if (o->nreasons == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 4;
    struct reason *nr = arena_array(e->s->a, cap, sizeof *nr);
    if (o->nreasons)
      memcpy(nr, o->reasons, o->nreasons * sizeof *nr);
    o->reasons = nr;
    e->cap = cap;
  }
  o->reasons[o->nreasons++] = r;
}

/* "PATH is VALUE (where); expected EXPECTED", the reason pointing at a. */
static const char *is_but(struct ev *e, struct reason *r, const struct val *a,
                          const char *expected)
{
  char w[700];
  where(e, a->at, w, sizeof w);
  r->path = a->path;
  r->actual = show(e, a);
  r->at = a->at;
  return fmt(e, "%s is %s%s; expected %s", a->path ? a->path : "it",
             r->actual, w, expected);
}

/* Why condition node idx is false: a sentence with the actual value, and
 * where that value is (in r).  Descends into 'and', 'or', 'implies' and
 * quantifiers to the operand that decided. */
static const char *why_false(struct ev *e, uint32_t idx, struct reason *out)
{
  const struct ir_node *c = &e->ir->nodes[idx];
  struct reason r = {0};
  struct val a, b;
  char w[700];
  const char *detail = NULL;
  switch ((enum ir_op)c->op) {
  case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
    enum ir_op op = (enum ir_op)c->op;
    uint32_t lhs = c->a, rhs = c->b;
    if (!subject_val(e, lhs, &a) && subject_val(e, rhs, &a)) {
      op = flip(op);
      uint32_t t = lhs;
      lhs = rhs;
      rhs = t;
    }
    if (subject_val(e, lhs, &a)) {
      b = eval(e, rhs);
      detail = is_but(e, &r, &a, fmt(e, "%s%s", op_words(op), show(e, &b)));
    }
    break;
  }
  case OP_FACT:
  case OP_VAR:
  case OP_DOC:
    a = eval(e, idx);
    detail = is_but(e, &r, &a, "true");
    break;
  case OP_PRESENT:
    a = eval(e, c->a);
    detail = why_unknown(e, &a);
    r.path = a.path;
    r.at = a.at;
    break;
  case OP_ABSENT:
    a = eval(e, c->a);
    detail = is_but(e, &r, &a, "it absent");
    break;
  case OP_IN:
    if (subject_val(e, c->a, &a)) {
      const struct ir_path *set = &e->ir->sets[c->aux];
      size_t len = 0;
      for (uint32_t i = 0; i < set->n; i++)
        len += strlen(e->ir->strs[e->ir->names[set->first + i]]) + 2;
      char *list = arena_alloc(e->s->a, len + 1);
      size_t k = 0;
      for (uint32_t i = 0; i < set->n; i++) {
        const char *s = e->ir->strs[e->ir->names[set->first + i]];
        k += (size_t)snprintf(list + k, len + 1 - k, "%s%s", i ? ", " : "",
                              s);
      }
      detail = is_but(e, &r, &a, fmt(e, "one of %s", list));
    }
    break;
  case OP_MATCHES:
  case OP_MENTIONS:
    if (subject_val(e, c->a, &a)) {
      where(e, a.at, w, sizeof w);
      const char *what = c->op == OP_MENTIONS
        ? fmt(e, "mention \"%s\"", e->ir->strs[e->ir->nodes[c->b].aux])
        : fmt(e, "match /%s/",
              e->ir->strs[e->ir->regexes[e->ir->nodes[c->b].aux].pat]);
      detail = fmt(e, "%s%s does not %s", a.path ? a.path : "the text", w,
                   what);
      r.path = a.path;
      r.at = a.at;
    }
    break;
  case OP_NOT: {
    const struct ir_node *inner = &e->ir->nodes[c->a];
    if (inner->op == OP_ANY) {
      /* Point at the element that should not be there. */
      struct val l = eval(e, inner->a);
      for (size_t i = 0; l.k == VK_LIST && i < l.u.f->u.list.n; i++) {
        const struct fact *f = l.u.f->u.list.items[i];
        struct val el = of_fact(f, index_path(e, l.path, i));
        e->slots[inner->slot] = el;
        struct val v = eval(e, inner->b);
        if (v.k == VK_BOOL && v.u.b) {
          detail = is_but(e, &r, &el,
                          fmt(e, "no element where %s",
                              source_text(e, e->ir->nodes[inner->b].loc)));
          break;
        }
      }
      break;
    }
    if ((inner->op == OP_MATCHES || inner->op == OP_MENTIONS) &&
        subject_val(e, inner->a, &a) && a.k == VK_TEXT) {
      /* Point at the words that should not be there. */
      size_t ms = 0, me = 0;
      int m = inner->op == OP_MATCHES
                ? text_match(e, &a, e->ir->nodes[inner->b].aux, &ms, &me)
                : 0;
      struct loc at = a.at;
      if (m == 1 && a.in_doc)
        at = md_text_loc(e->s->doc, a.doc_off + ms, a.doc_off + me);
      else if (m == 1 && a.at.src && a.at.end - a.at.start == a.len)
        at = (struct loc){a.at.src, a.at.start + (uint32_t)ms,
                          a.at.start + (uint32_t)me};
      where(e, at, w, sizeof w);
      detail = m == 1
        ? fmt(e, "%s says '%.*s'%s", a.path ? a.path : "the text",
              (int)(me - ms > 80 ? 80 : me - ms), a.text + ms, w)
        : fmt(e, "%s%s: %s", a.path ? a.path : "the text", w,
              source_text(e, c->loc));
      r.path = a.path;
      r.actual = m == 1 ? fmt(e, "%.*s", (int)(me - ms > 200 ? 200 : me - ms),
                              a.text + ms)
                        : NULL;
      r.at = at;
    }
    break;
  }
  case OP_AND: {
    /* The first operand that is false decided. */
    struct val a0 = eval(e, c->a);
    return why_false(e, a0.k == VK_BOOL && !a0.u.b ? c->a : c->b, out);
  }
  case OP_OR: {
    /* Both are false: the last says what was expected. */
    return why_false(e, c->b, out);
  }
  case OP_IMPLIES:
    return why_false(e, c->b, out);
  case OP_ANY:
  case OP_ALL: {
    struct val l = eval(e, c->a);
    if (l.k == VK_LIST || l.k == VK_SECTIONS) {
      size_t count = l.k == VK_SECTIONS ? e->s->doc->nsections
                                        : l.u.f->u.list.n;
      where(e, l.at, w, sizeof w);
      if (c->op == OP_ANY) {
        detail = count == 0
          ? fmt(e, "%s is empty%s; expected an element where %s", l.path, w,
                source_text(e, e->ir->nodes[c->b].loc))
          : fmt(e, "no element of %s%s has %s", l.path, w,
                source_text(e, e->ir->nodes[c->b].loc));
        r.path = l.path;
        r.at = l.at;
      } else {
        /* Point at the first element that does not hold. */
        for (size_t i = 0; i < count && l.k == VK_LIST; i++) {
          const struct fact *f = l.u.f->u.list.items[i];
          e->slots[c->slot] = of_fact(f, index_path(e, l.path, i));
          struct val v = eval(e, c->b);
          if (v.k == VK_BOOL && !v.u.b) {
            where(e, f->loc, w, sizeof w);
            detail = fmt(e, "%s[%zu]%s does not have %s", l.path, i, w,
                         source_text(e, e->ir->nodes[c->b].loc));
            r.path = index_path(e, l.path, i);
            r.at = f->loc;
            break;
          }
        }
      }
    }
    break;
  }
  default:
    break;
  }
  if (!detail) {
    detail = fmt(e, "not met: %s", source_text(e, c->loc));
    if (e->element)
      r.at = e->element->loc;
  }
  *out = r;
  return detail;
}

static void explain_false(struct ev *e, const struct ir_node *x,
                          const char *msg)
{
  struct reason r = {0};
  const char *detail = why_false(e, x->a, &r);
  if (!r.at.src && e->element)
    r.at = e->element->loc;
  r.message = msg ? fmt(e, "%s (%s)", msg, detail) : detail;
  add_reason(e, r);
}

static void explain_unknown(struct ev *e, const struct ir_node *x,
                            struct val v, const char *msg)
{
  struct reason r = {.unknown = true, .path = v.path, .at = v.at};
  const char *why = v.why || v.path
                      ? why_unknown(e, &v)
                      : fmt(e, "%s could not be decided",
                            source_text(e, x->loc));
  r.message = msg ? fmt(e, "%s (no evidence: %s)", msg, why)
                  : fmt(e, "no evidence: %s", why);
  if (!r.at.src && e->element)
    r.at = e->element->loc;
  add_reason(e, r);
}

/* Run statements; returns the worst outcome: 0 pass, 1 unknown, 2 fail. */
static int run(struct ev *e, uint32_t stmt)
{
  int worst = 0;
  for (; stmt != IR_NONE; stmt = e->ir->nodes[stmt].next) {
    const struct ir_node *x = &e->ir->nodes[stmt];
    switch ((enum ir_op)x->op) {
    case OP_LET:
      e->slots[x->slot] = eval(e, x->a);
      break;
    case OP_EXPECT: {
      struct val v = eval(e, x->a);
      const char *msg = x->aux == IR_NONE ? NULL : e->ir->strs[x->aux];
      if (v.k == VK_BOOL && v.u.b)
        break;
      if (v.k == VK_BOOL) {
        explain_false(e, x, msg);
        worst = 2;
      } else {
        explain_unknown(e, x, v, msg);
        if (worst < 1)
          worst = 1;
      }
      break;
    }
    case OP_FOR: {
      struct val l = eval(e, x->a);
      if (l.k == VK_UNKNOWN) {
        explain_unknown(e, x, l, NULL);
        if (worst < 1)
          worst = 1;
        break;
      }
      size_t count = list_count(e, &l);
      const struct fact *saved = e->element;
      for (size_t i = 0; i < count; i++) {
        e->element = l.k == VK_LIST ? l.u.f->u.list.items[i] : NULL;
        e->slots[x->slot] = list_elem(e, &l, i);
        if (x->b != IR_NONE) {
          struct val w = eval(e, x->b);
          if (w.k == VK_UNKNOWN) {
            explain_unknown(e, x, w, NULL);
            if (worst < 1)
              worst = 1;
            continue;
          }
          if (!w.u.b)
            continue;
        }
        int r = run(e, x->c);
        if (r > worst)
          worst = r;
      }
      e->element = saved;
      break;
    }
    default:
      BUG("expression run as a statement");
    }
  }
  return worst;
}

void eval_rule(struct subject *s, size_t i, struct result *out)
{
  if (!s->cache) {
    size_t n = s->p->ir.npaths ? s->p->ir.npaths : 1;
    s->cache = arena_alloc(s->a, sizeof *s->cache);
    s->cache->v = arena_array(s->a, n, sizeof *s->cache->v);
    s->cache->have = arena_array(s->a, n, sizeof *s->cache->have);
  }
  const struct ir_rule *r = &s->p->ir.rules[i];
  memset(out, 0, sizeof *out);
  out->rule = i;
  struct ev e = {.s = s, .ir = &s->p->ir, .out = out};
  e.slots = arena_array(s->a, r->nslots ? r->nslots : 1, sizeof *e.slots);
  if (r->applies != IR_NONE) {
    struct val a = eval(&e, r->applies);
    if (a.k == VK_BOOL && !a.u.b) {
      out->verdict = VERDICT_NOT_APPLICABLE;
      return;
    }
    if (a.k == VK_UNKNOWN) {
      struct reason why = {.unknown = true, .path = a.path, .at = a.at};
      why.message = fmt(&e, "no evidence: cannot tell whether the rule "
                        "applies: %s", why_unknown(&e, &a));
      add_reason(&e, why);
      out->verdict = VERDICT_UNKNOWN;
      return;
    }
  }
  int w = run(&e, r->body);
  out->verdict = w == 2 ? VERDICT_FAIL : w == 1 ? VERDICT_UNKNOWN
                                                : VERDICT_PASS;
}

bool eval_policy(const struct subject *s, const struct fact *departure,
                 enum standard std, struct result *out)
{
  const struct ir_rule *r = &s->p->ir.policy;
  memset(out, 0, sizeof *out);
  struct subject sub = *s;
  sub.root = departure;
  sub.doc = NULL;
  sub.cache = NULL; /* another root: nothing read before holds */
  struct ev e = {.s = &sub, .ir = &s->p->ir, .out = out, .standard = std};
  e.slots = arena_array(s->a, r->nslots ? r->nslots : 1, sizeof *e.slots);
  return run(&e, r->body) == 0;
}
