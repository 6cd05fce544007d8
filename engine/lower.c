/* lower.c: the typed tree to the IR (ir.h), and its text dump.
 *
 * Regular expressions are compiled here, once per rule load; a pattern
 * PCRE2 rejects is a located error. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "program.h"
#include "timescale.h"
#include "util.h"

const char *const ir_op_name[] = {
#define X(op, name) name,
#include "ir.def"
#undef X
};




struct lw {
  struct diag *d;
  struct program *p;
  struct ir *ir;
  uint32_t *strtab;   /* string -> index (add_str) */
  size_t strcap;
  uint32_t *path_by_str; /* joined string index -> path index (add_path) */
  size_t npath_by_str, cap_path_by_str;
};

/* Strings are interned: a table keyed by pointer finds each one's index.
 * It lives only while lowering (struct lw). */
static uint32_t add_str(struct lw *w, const char *s)
{
  struct ir *ir = w->ir;
  uint32_t **tab = &w->strtab;
  size_t *cap = &w->strcap;
  if ((ir->nstrs + 1) * 2 > *cap) {
    size_t ncap = *cap ? *cap * 2 : 1024;
    uint32_t *nt = xmalloc(xmul(ncap, sizeof *nt));
    memset(nt, 0xff, ncap * sizeof *nt);
    for (size_t i = 0; i < ir->nstrs; i++) {
      size_t h = ((uintptr_t)ir->strs[i] >> 4) & (ncap - 1);
      while (nt[h] != IR_NONE)
        h = (h + 1) & (ncap - 1);
      nt[h] = (uint32_t)i;
    }
    free(*tab);
    *tab = nt;
    *cap = ncap;
  }
  size_t h = ((uintptr_t)s >> 4) & (*cap - 1);
  while ((*tab)[h] != IR_NONE) {
    if (ir->strs[(*tab)[h]] == s)
      return (*tab)[h];
    h = (h + 1) & (*cap - 1);
  }
  GROW(ir->strs, ir->cap_strs, ir->nstrs + 1);
  ir->strs[ir->nstrs] = s;
  (*tab)[h] = (uint32_t)ir->nstrs;
  return (uint32_t)ir->nstrs++;
}

static uint32_t add_node(struct ir *ir, enum ir_op op, struct loc at)
{
  GROW(ir->nodes, ir->cap_nodes, ir->nnodes + 1);
  struct ir_node *n = &ir->nodes[ir->nnodes];
  memset(n, 0, sizeof *n);
  n->op = (uint8_t)op;
  n->slot = -1;
  n->a = n->b = n->c = n->next = n->aux = IR_NONE;
  n->loc = at;
  return (uint32_t)ir->nnodes++;
}

static uint32_t add_path(struct lw *w, const char *const *names, size_t n)
{
  struct ir *ir = w->ir;
  GROW(ir->paths, ir->cap_paths, ir->npaths + 1);
  ir->paths[ir->npaths].first = (uint32_t)ir->nnames;
  ir->paths[ir->npaths].n = (uint32_t)n;
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t s = add_str(w, names[i]);
    GROW(ir->names, ir->cap_names, ir->nnames + 1);
    ir->names[ir->nnames++] = s;
    len += strlen(names[i]) + 1;
  }
  char *joined = xmalloc(len + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    size_t nl = strlen(names[i]);
    if (i)
      joined[k++] = '.';
    memcpy(joined + k, names[i], nl);
    k += nl;
  }
  joined[k] = '\0';
  uint32_t js = add_str(w, intern(w->p->names, joined));
  free(joined);
  /* The same path twice is one path: the evaluator reads each once per
   * input (its cache is indexed by path). */
  GROW(w->path_by_str, w->cap_path_by_str, ir->nstrs);
  while (w->npath_by_str < ir->nstrs)
    w->path_by_str[w->npath_by_str++] = IR_NONE;
  if (w->path_by_str[js] != IR_NONE) {
    ir->nnames = ir->paths[ir->npaths].first;
    return w->path_by_str[js];
  }
  ir->paths[ir->npaths].joined = js;
  w->path_by_str[js] = (uint32_t)ir->npaths;
  return (uint32_t)ir->npaths++;
}

static uint32_t add_regex(struct lw *w, const struct regex_lit *re,
                          struct loc at)
{
  struct ir *ir = w->ir;
  char err[256];
  size_t off = 0;
  /* The built-in library was checked when it was built: its patterns are
   * compiled when first used, so a check pays only for those it needs. */
  struct regex *rx = w->p->lazy_regex
                       ? NULL
                       : regex_compile(re->pat, re->len, re->flags, err,
                                       sizeof err, &off);
  if (!rx && !w->p->lazy_regex) {
    struct loc l = at;
    l.start = at.start + 1 + (uint32_t)(off < re->len ? off : re->len);
    l.end = l.start + 1;
    diag_error(w->d, l, "invalid regular expression: %s", err);
    return IR_NONE;
  }
  GROW(ir->regexes, ir->cap_regexes, ir->nregexes + 1);
  ir->regexes[ir->nregexes].pat = add_str(w, intern_n(w->p->names, re->pat,
                                                       re->len));
  ir->regexes[ir->nregexes].flags = add_str(w, intern(w->p->names,
                                                       re->flags));
  ir->regexes[ir->nregexes].re = rx;
  return (uint32_t)ir->nregexes++;
}

static uint32_t lower_expr(struct lw *w, const struct expr *e);

/* A regular expression argument: its index in the regex table. */
static uint32_t lower_pattern(struct lw *w, const struct expr *e)
{
  if (e->kind != E_REGEX)
    BUG("a pattern argument that is not a literal reached lowering");
  return add_regex(w, &e->lit.re, e->loc);
}

static uint32_t unary(struct lw *w, enum ir_op op, const struct expr *e)
{
  uint32_t a = lower_expr(w, e->a);
  uint32_t n = add_node(w->ir, op, e->loc);
  w->ir->nodes[n].a = a;
  return n;
}

static uint32_t binary(struct lw *w, enum ir_op op, const struct expr *e)
{
  uint32_t a = lower_expr(w, e->a);
  uint32_t b = e->b ? lower_expr(w, e->b) : IR_NONE;
  uint32_t n = add_node(w->ir, op, e->loc);
  w->ir->nodes[n].a = a;
  w->ir->nodes[n].b = b;
  return n;
}

static uint32_t lower_expr(struct lw *w, const struct expr *e)
{
  struct ir *ir = w->ir;
  uint32_t n = IR_NONE;
  switch (e->kind) {
  case E_PATH:
    switch (e->root) {
    case ROOT_FACT:
      n = add_node(ir, OP_FACT, e->loc);
      ir->nodes[n].aux = add_path(w, e->path, e->npath);
      break;
    case ROOT_VAR:
    case ROOT_LET:
      n = add_node(ir, OP_VAR, e->loc);
      ir->nodes[n].slot = e->slot;
      ir->nodes[n].aux = add_path(w, e->path + 1, e->npath - 1);
      break;
    case ROOT_DOC:
      n = add_node(ir, OP_DOC, e->loc);
      ir->nodes[n].aux = add_path(w, e->path, e->npath);
      break;
    case ROOT_STANDARD:
      n = add_node(ir, OP_STANDARD, e->loc);
      break;
    case ROOT_SYMBOL:
      n = add_node(ir, OP_SYM, e->loc);
      ir->nodes[n].aux = add_str(w, e->path[0]);
      break;
    case ROOT_UNRESOLVED:
      BUG("unresolved path reached lowering");
    }
    break;
  case E_BOOL:
    n = add_node(ir, OP_BOOL, e->loc);
    ir->nodes[n].v.b = e->lit.b;
    break;
  case E_INT:
    n = add_node(ir, OP_INT, e->loc);
    ir->nodes[n].v.i = e->lit.i;
    break;
  case E_NUMBER:
  case E_PERCENT:
    n = add_node(ir, e->kind == E_NUMBER ? OP_NUMBER : OP_PERCENT, e->loc);
    ir->nodes[n].v.num = e->lit.num;
    break;
  case E_STRING:
    n = add_node(ir, OP_TEXT, e->loc);
    ir->nodes[n].aux = add_str(w, intern_n(w->p->names, e->lit.str.s,
                                            e->lit.str.len));
    break;
  case E_DATE:
    n = add_node(ir, OP_DATE, e->loc);
    ir->nodes[n].v.date = e->lit.date;
    break;
  case E_DURATION:
    n = add_node(ir, OP_DURATION, e->loc);
    ir->nodes[n].v.dur = e->lit.dur;
    break;
  case E_REGEX:
    n = add_node(ir, OP_REGEX, e->loc);
    ir->nodes[n].aux = add_regex(w, &e->lit.re, e->loc);
    break;
  case E_AS_OF:
    n = add_node(ir, OP_AS_OF, e->loc);
    break;
  case E_NOT: n = unary(w, OP_NOT, e); break;
  case E_PRESENT: n = unary(w, OP_PRESENT, e); break;
  case E_ABSENT: n = unary(w, OP_ABSENT, e); break;
  case E_AND: n = binary(w, OP_AND, e); break;
  case E_OR: n = binary(w, OP_OR, e); break;
  case E_IMPLIES: n = binary(w, OP_IMPLIES, e); break;
  case E_EQ: n = binary(w, OP_EQ, e); break;
  case E_NE: n = binary(w, OP_NE, e); break;
  case E_LT: n = binary(w, OP_LT, e); break;
  case E_LE: n = binary(w, OP_LE, e); break;
  case E_GT: n = binary(w, OP_GT, e); break;
  case E_GE: n = binary(w, OP_GE, e); break;
  case E_ADD: n = binary(w, OP_ADD, e); break;
  case E_SUB: n = binary(w, OP_SUB, e); break;
  case E_MATCHES: n = binary(w, OP_MATCHES, e); break;
  case E_MENTIONS: n = binary(w, OP_MENTIONS, e); break;
  case E_IN: {
    n = unary(w, OP_IN, e);
    GROW(ir->sets, ir->cap_sets, ir->nsets + 1);
    ir->sets[ir->nsets].first = (uint32_t)ir->nnames;
    ir->sets[ir->nsets].n = (uint32_t)e->nset;
    ir->sets[ir->nsets].joined = IR_NONE;
    for (size_t i = 0; i < e->nset; i++) {
      uint32_t s = add_str(w, e->set_syms[i]);
      GROW(ir->names, ir->cap_names, ir->nnames + 1);
      ir->names[ir->nnames++] = s;
    }
    ir->nodes[n].aux = (uint32_t)ir->nsets++;
    break;
  }
  case E_ANY:
  case E_ALL:
  case E_COUNT:
    n = binary(w, e->kind == E_ANY ? OP_ANY : e->kind == E_ALL ? OP_ALL
                                                               : OP_COUNT, e);
    ir->nodes[n].slot = e->slot;
    break;
  case E_CALL: {
    /* The pattern of section() and stated_timescale() is a literal
     * (typecheck): it goes in the node itself, not in an operand. */
    uint32_t a = IR_NONE, re = IR_NONE;
    switch (e->fn) {
    case B_LENGTH:
      a = lower_expr(w, e->items[0]);
      n = add_node(ir, OP_LENGTH, e->loc);
      break;
    case B_WORDS:
      a = lower_expr(w, e->items[0]);
      n = add_node(ir, OP_WORDS, e->loc);
      break;
    case B_SECTION:
      re = lower_pattern(w, e->items[0]);
      n = add_node(ir, OP_SECTION, e->loc);
      break;
    case B_STATED_TIMESCALE:
      a = lower_expr(w, e->items[0]);
      re = lower_pattern(w, e->items[1]);
      n = add_node(ir, OP_TIMESCALE, e->loc);
      break;
    case B_NONE:
      BUG("unresolved call reached lowering");
    }
    ir->nodes[n].a = a;
    ir->nodes[n].aux = re;
    break;
  }
  }
  ir->nodes[n].type = (uint8_t)(e->type ? e->type->kind : T_ERROR);
  return n;
}

static uint32_t lower_items(struct lw *w, struct item **items, size_t count)
{
  uint32_t first = IR_NONE, last = IR_NONE;
  for (size_t i = 0; i < count; i++) {
    const struct item *it = items[i];
    uint32_t n = IR_NONE;
    switch (it->kind) {
    case ITEM_LET: {
      uint32_t a = lower_expr(w, it->e);
      n = add_node(w->ir, OP_LET, it->loc);
      w->ir->nodes[n].a = a;
      w->ir->nodes[n].slot = it->slot;
      break;
    }
    case ITEM_EXPECT: {
      uint32_t a = lower_expr(w, it->e);
      n = add_node(w->ir, OP_EXPECT, it->e->loc);
      w->ir->nodes[n].a = a;
      if (it->message.s)
        w->ir->nodes[n].aux = add_str(w, intern_n(w->p->names,
                                                      it->message.s,
                                                      it->message.len));
      break;
    }
    case ITEM_FOR: {
      uint32_t a = lower_expr(w, it->e);
      uint32_t b = it->where ? lower_expr(w, it->where) : IR_NONE;
      uint32_t c = lower_items(w, it->body, it->nbody);
      n = add_node(w->ir, OP_FOR, it->loc);
      w->ir->nodes[n].a = a;
      w->ir->nodes[n].b = b;
      w->ir->nodes[n].c = c;
      w->ir->nodes[n].slot = it->slot;
      break;
    }
    }
    if (last == IR_NONE)
      first = n;
    else
      w->ir->nodes[last].next = n;
    last = n;
  }
  return first;
}

int lower_program(struct diag *d, struct program *p)
{
  int before = d->errors;
  struct lw w = {.d = d, .p = p, .ir = &p->ir};
  p->ir.rules = arena_array(&p->arena, p->nrules ? p->nrules : 1,
                            sizeof *p->ir.rules);
  p->ir.nrules = p->nrules;
  for (size_t i = 0; i < p->nrules; i++) {
    struct rule *r = p->rules[i];
    struct ir_rule *ir = &p->ir.rules[i];
    ir->applies = r->applies ? lower_expr(&w, r->applies) : IR_NONE;
    ir->body = lower_items(&w, r->items, r->nitems);
    ir->nslots = (uint32_t)r->nslots;
  }
  p->ir.policy.applies = IR_NONE;
  p->ir.policy.body = IR_NONE;
  if (p->core) {
    p->ir.policy.body = lower_items(&w, p->core->policy, p->core->npolicy);
    p->ir.policy.nslots = (uint32_t)p->core->policy_slots;
  }
  free(w.strtab);
  free(w.path_by_str);
  return d->errors == before ? 0 : -1;
}

struct regex *ir_regex(const struct ir *ir, uint32_t i)
{
  if (!ir->regexes[i].re) {
    const char *pat = ir->strs[ir->regexes[i].pat];
    /* Compiled before, when the library was built: it cannot fail. */
    ir->regexes[i].re = regex_compile(pat, strlen(pat),
                                      ir->strs[ir->regexes[i].flags], NULL, 0,
                                      NULL);
    if (!ir->regexes[i].re)
      BUG("a built-in regular expression does not compile");
  }
  return ir->regexes[i].re;
}

void ir_release(struct ir *ir)
{
  for (size_t i = 0; i < ir->nregexes; i++)
    if (ir->regexes[i].re)
      regex_free(ir->regexes[i].re);
  free(ir->nodes);
  free((void *)ir->strs);
  free(ir->names);
  free(ir->paths);
  free(ir->sets);
  free(ir->regexes);
  memset(ir, 0, sizeof *ir);
}

static void dump_names(const struct ir *ir, struct ir_path p, const char *sep,
                       FILE *out)
{
  for (uint32_t i = 0; i < p.n; i++)
    fprintf(out, "%s%s", i ? sep : "", ir->strs[ir->names[p.first + i]]);
}

static void dump_ref(FILE *out, const char *what, uint32_t v)
{
  if (v != IR_NONE)
    fprintf(out, " %s=%u", what, v);
}

void ir_dump(const struct ir *ir, const struct diag *d, FILE *out)
{
  char buf[64];
  for (size_t i = 0; i < ir->nnodes; i++) {
    const struct ir_node *n = &ir->nodes[i];
    diag_where(d, n->loc, buf, sizeof buf);
    fprintf(out, "%4zu %-9s", i, ir_op_name[n->op]);
    if (n->slot >= 0)
      fprintf(out, " slot=%d", n->slot);
    dump_ref(out, "a", n->a);
    dump_ref(out, "b", n->b);
    dump_ref(out, "c", n->c);
    dump_ref(out, "next", n->next);
    switch ((enum ir_op)n->op) {
    case OP_FACT:
    case OP_VAR:
    case OP_DOC:
      fputs(" path=", out);
      dump_names(ir, ir->paths[n->aux], ".", out);
      break;
    case OP_SYM:
    case OP_TEXT:
      fputc(' ', out);
      ast_put_str(out, ir->strs[n->aux], strlen(ir->strs[n->aux]));
      break;
    case OP_EXPECT:
      if (n->aux != IR_NONE) {
        fputc(' ', out);
        ast_put_str(out, ir->strs[n->aux], strlen(ir->strs[n->aux]));
      }
      break;
    case OP_IN:
      fputs(" set={", out);
      dump_names(ir, ir->sets[n->aux], " ", out);
      fputc('}', out);
      break;
    case OP_REGEX:
    case OP_SECTION:
    case OP_TIMESCALE:
      if (n->aux != IR_NONE)
        fprintf(out, " /%s/%s", ir->strs[ir->regexes[n->aux].pat],
                ir->strs[ir->regexes[n->aux].flags]);
      break;
    case OP_BOOL:
      fprintf(out, " %s", n->v.b ? "true" : "false");
      break;
    case OP_INT:
      fprintf(out, " %lld", (long long)n->v.i);
      break;
    case OP_NUMBER:
    case OP_PERCENT:
      fprintf(out, " %g", n->v.num);
      break;
    case OP_DATE: {
      char dt[16];
      cal_format_date(n->v.date, dt);
      fprintf(out, " %s", dt);
      break;
    }
    case OP_DURATION: {
      char du[64];
      dur_format(n->v.dur, du, sizeof du);
      fprintf(out, " %s", du);
      break;
    }
    case OP_STANDARD: case OP_AS_OF: case OP_NOT: case OP_AND: case OP_OR:
    case OP_IMPLIES: case OP_EQ: case OP_NE: case OP_LT: case OP_LE:
    case OP_GT: case OP_GE: case OP_PRESENT: case OP_ABSENT:
    case OP_MATCHES: case OP_MENTIONS: case OP_ANY: case OP_ALL:
    case OP_COUNT: case OP_ADD: case OP_SUB: case OP_LENGTH: case OP_WORDS:
    case OP_LET: case OP_FOR:
      break;
    }
    fprintf(out, "  @%s\n", buf);
  }
}
