/* load_yaml.c: YAML to an untyped fact tree, through libyaml's events.
 *
 * The tree is built without recursion: open mappings and sequences sit on
 * an explicit stack of frames, and the children of every open collection
 * wait on one shared stack until the collection ends, when they are copied
 * into an array of the exact size.  Everything lives in the caller's arena;
 * libyaml's own buffers are freed before returning. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util.h"

void load_limits_default(struct load_limits *lim)
{
  lim->max_depth = 64;
  lim->max_nodes = 250000;
}

const struct fact_pair *fact_get(const struct fact *m, const char *name)
{
  if (!m || !name || m->kind != FACT_MAP)
    return NULL;
  for (size_t i = 0; i < m->u.map.n; i++)
    if (m->u.map.pairs[i].name == name)
      return &m->u.map.pairs[i];
  return NULL;
}

/* An open mapping or sequence. */
struct frame {
  struct fact *node;
  size_t first;  /* its first child on the pending stack */
  bool flow;     /* {} or [] rather than block style */
  bool have_key; /* a mapping: the pending pair on top awaits its value */
};

struct loader {
  struct diag *d;
  uint32_t src;
  const char *data;  /* the whole source */
  uint32_t start;    /* the slice given to libyaml */
  uint32_t base;     /* byte offset of libyaml's character index 0 */
  uint32_t end;
  bool ascii;        /* no byte >= 0x80: character index = byte offset */
  size_t ci;         /* a character index and ...    */
  uint32_t bo;       /* ... its byte offset: a cursor */
  struct arena *a;
  const struct intern *names;
  const struct load_limits *lim;
  struct frame *frames;
  size_t nframes, frames_cap;
  struct fact_pair *pend; /* children of open collections; lists use .value */
  size_t npend, pend_cap;
  size_t nodes;
  int ndocs;
  struct fact *root;
};

static _Noreturn void out_of_memory(void)
{
  fputs("dutycheck: out of memory\n", stderr);
  exit(2);
}

/* Grow *v, an array of *cap elements of size sz in arena a, to hold need.
 * The old array stays in the arena: doubling bounds that waste. */
static void arena_grow(struct arena *a, void **v, size_t *cap, size_t need,
                       size_t sz)
{
  if (need <= *cap)
    return;
  size_t n = *cap ? xmul(*cap, 2) : 16;
  if (n < need)
    n = need;
  void *nv = arena_array(a, n, sz);
  if (*cap)
    memcpy(nv, *v, *cap * sz);
  *v = nv;
  *cap = n;
}

#define ARENA_GROW(a, v, cap, need) \
  arena_grow((a), (void **)&(v), &(cap), (need), sizeof *(v))

static bool is_cont(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

/* Byte offset of libyaml character index ci.  libyaml counts one per code
 * point (CR LF is two) from just after a UTF-8 BOM, so this stays right
 * where its line and column would not: it also breaks lines at NEL, LS and
 * PS, and leaves the BOM out of column numbers.  Marks arrive nearly in
 * order, so walking from the last one costs little. */
static uint32_t mark_offset(struct loader *l, size_t ci)
{
  if (l->ascii)
    return ci < (size_t)(l->end - l->base) ? l->base + (uint32_t)ci : l->end;
  while (l->ci < ci && l->bo < l->end) {
    l->bo++;
    while (l->bo < l->end && is_cont(l->data[l->bo]))
      l->bo++;
    l->ci++;
  }
  while (l->ci > ci && l->bo > l->base) {
    l->bo--;
    while (l->bo > l->base && is_cont(l->data[l->bo]))
      l->bo--;
    l->ci--;
  }
  return l->bo;
}

/* Width for "%.*s" of s[0..n) in a message: long text is cut, not in the
 * middle of a character. */
static int echo_width(const char *s, size_t n)
{
  if (n <= 128)
    return (int)n;
  n = 128;
  while (n > 0 && is_cont(s[n]))
    n--;
  return (int)n;
}

static struct loc mark_loc(struct loader *l, yaml_mark_t s, yaml_mark_t e)
{
  struct loc at = {l->src, mark_offset(l, s.index), 0};
  at.end = mark_offset(l, e.index);
  if (at.end < at.start)
    at.end = at.start;
  return at;
}

static struct loc byte_loc(const struct loader *l, uint32_t s, uint32_t e)
{
  struct loc at = {l->src, s, e};
  return at;
}

static bool is_sep(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* End of the node property (tag or anchor) at byte p. */
static uint32_t prop_end(const struct loader *l, uint32_t p)
{
  if (p + 1 < l->end && l->data[p] == '!' && l->data[p + 1] == '<') {
    while (p < l->end && l->data[p] != '>' && !is_sep(l->data[p]))
      p++;
    return p < l->end && l->data[p] == '>' ? p + 1 : p;
  }
  while (p < l->end && !is_sep(l->data[p]) && !strchr(",[]{}", l->data[p]))
    p++;
  return p;
}

/* Where the anchor or the tag of a node starting at byte p is written: a
 * node's properties come in either order before its content. */
static struct loc prop_loc(const struct loader *l, uint32_t p, char which)
{
  uint32_t q = p;
  if (q < l->end && l->data[q] != which) {
    q = prop_end(l, q);
    while (q < l->end && is_sep(l->data[q]))
      q++;
    if (q >= l->end || l->data[q] != which)
      q = p;
  }
  return byte_loc(l, q, prop_end(l, q));
}

static void report_yaml_error(struct loader *l, const yaml_parser_t *p)
{
  const char *problem = p->problem ? p->problem : "unknown error";
  switch (p->error) {
  case YAML_MEMORY_ERROR:
    out_of_memory();
  case YAML_READER_ERROR: {
    /* problem_offset counts bytes from the start of the slice. */
    size_t off = p->problem_offset;
    if (off > l->end - l->start)
      off = l->end - l->start;
    uint32_t at = l->start + (uint32_t)off, to = at + (at < l->end);
    if (strcmp(problem, "control characters are not allowed") == 0) {
      diag_error(l->d, byte_loc(l, at, to), "invalid YAML: %s", problem);
      return;
    }
    /* A bad trailing byte: point at the start of its sequence instead. */
    if (strcmp(problem, "invalid trailing UTF-8 octet") == 0) {
      uint32_t s = at;
      while (s > l->start && at - s < 4 && is_cont(l->data[s - 1]))
        s--;
      if (s > l->start && at - s < 4)
        s--;
      to = at;
      at = s;
    }
    diag_error(l->d, byte_loc(l, at, to), "invalid UTF-8 in input");
    return;
  }
  case YAML_NO_ERROR:
  case YAML_SCANNER_ERROR:
  case YAML_PARSER_ERROR:
  case YAML_COMPOSER_ERROR:
  case YAML_WRITER_ERROR:
  case YAML_EMITTER_ERROR:
    break;
  }
  struct loc at = mark_loc(l, p->problem_mark, p->problem_mark);
  /* libyaml's words for a tab where indentation is expected. */
  if (at.start < l->end && l->data[at.start] == '\t' &&
      (!strcmp(problem, "found character that cannot start any token") ||
       !strcmp(problem, "found a tab character that violates indentation"))) {
    at.end = at.start + 1;
    diag_error(l->d, at, "invalid YAML: tabs cannot indent YAML (use spaces)");
    return;
  }
  diag_error(l->d, at, "invalid YAML: %s", problem);
  if (p->context)
    diag_note(l->d, mark_loc(l, p->context_mark, p->context_mark), "%s",
              p->context);
}

/* The checks every node goes through.  Returns 0 or -1 (reported). */
static int check_node(struct loader *l, struct loc at,
                      const yaml_char_t *anchor, const yaml_char_t *tag,
                      bool scalar)
{
  if (anchor)
    return diag_error(l->d, prop_loc(l, at.start, '&'),
                      "anchors and aliases are not allowed in submissions");
  if (tag) {
    struct loc t = prop_loc(l, at.start, '!');
    if (t.end > t.start && l->data[t.start] == '!')
      return diag_error(l->d, t,
                        "tags are not allowed in submissions ('%.*s')",
                        echo_width(l->data + t.start, t.end - t.start),
                        l->data + t.start);
    return diag_error(l->d, at, "tags are not allowed in submissions ('%s')",
                      (const char *)tag);
  }
  struct frame *f = l->nframes ? &l->frames[l->nframes - 1] : NULL;
  if (!scalar && f && f->node->kind == FACT_MAP && !f->have_key)
    return diag_error(l->d, at, "mapping keys must be plain text");
  if (!scalar && l->nframes >= l->lim->max_depth)
    return diag_error(l->d, at,
                      "too many nested mappings and sequences (limit is %u)",
                      l->lim->max_depth);
  if (++l->nodes > l->lim->max_nodes)
    return diag_error(l->d, at, "too many values in one input (limit is %zu)",
                      l->lim->max_nodes);
  return 0;
}

/* Place a new node: the root, an item of the open sequence, or the value
 * of the open mapping's pending key. */
static int place(struct loader *l, struct fact *n)
{
  if (!l->nframes) {
    if (n->kind != FACT_MAP)
      return diag_error(l->d, n->loc, "expected a mapping at the top level");
    l->root = n;
    return 0;
  }
  struct frame *f = &l->frames[l->nframes - 1];
  switch (f->node->kind) {
  case FACT_MAP:
    l->pend[l->npend - 1].value = n;
    f->have_key = false;
    return 0;
  case FACT_LIST:
    ARENA_GROW(l->a, l->pend, l->pend_cap, l->npend + 1);
    memset(&l->pend[l->npend], 0, sizeof l->pend[l->npend]);
    l->pend[l->npend++].value = n;
    return 0;
  case FACT_SCALAR:
    break;
  }
  BUG("a scalar on the frame stack");
}

static int on_scalar(struct loader *l, const yaml_event_t *ev)
{
  struct loc at = mark_loc(l, ev->start_mark, ev->end_mark);
  if (check_node(l, at, ev->data.scalar.anchor, ev->data.scalar.tag, true))
    return -1;
  const char *text = (const char *)ev->data.scalar.value;
  size_t len = ev->data.scalar.length;
  bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  if (!l->nframes && plain && len == 0)
    return diag_error(l->d, byte_loc(l, l->start, l->start),
                      "empty input: expected a mapping with a 'kind' key");
  struct frame *f = l->nframes ? &l->frames[l->nframes - 1] : NULL;
  if (f && f->node->kind == FACT_MAP && !f->have_key) {
    ARENA_GROW(l->a, l->pend, l->pend_cap, l->npend + 1);
    struct fact_pair *p = &l->pend[l->npend++];
    memset(p, 0, sizeof *p);
    p->key = arena_strndup(l->a, text, len);
    p->key_len = len;
    p->name = intern_lookup(l->names, text, len);
    p->key_loc = at;
    f->have_key = true;
    return 0;
  }
  struct fact *n = arena_alloc(l->a, sizeof *n);
  n->kind = FACT_SCALAR;
  n->loc = at;
  n->u.scalar.text = arena_strndup(l->a, text, len);
  n->u.scalar.len = len;
  n->u.scalar.plain = plain;
  n->type = FT_UNTYPED;
  return place(l, n);
}

static int on_start(struct loader *l, const yaml_event_t *ev, bool map)
{
  struct loc at = mark_loc(l, ev->start_mark, ev->end_mark);
  const yaml_char_t *anchor, *tag;
  bool flow;
  if (map) {
    anchor = ev->data.mapping_start.anchor;
    tag = ev->data.mapping_start.tag;
    flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
  } else {
    anchor = ev->data.sequence_start.anchor;
    tag = ev->data.sequence_start.tag;
    flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
  }
  if (check_node(l, at, anchor, tag, false))
    return -1;
  struct fact *n = arena_alloc(l->a, sizeof *n);
  n->kind = map ? FACT_MAP : FACT_LIST;
  n->loc = at;
  n->type = FT_UNTYPED;
  if (place(l, n))
    return -1;
  ARENA_GROW(l->a, l->frames, l->frames_cap, l->nframes + 1);
  struct frame *f = &l->frames[l->nframes++];
  f->node = n;
  f->first = l->npend;
  f->flow = flow;
  f->have_key = false;
  return 0;
}

static int cmp_pair_ptr(const void *x, const void *y)
{
  const struct fact_pair *a = *(const struct fact_pair *const *)x;
  const struct fact_pair *b = *(const struct fact_pair *const *)y;
  size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
  int c = memcmp(a->key, b->key, n);
  if (c)
    return c;
  if (a->key_len != b->key_len)
    return a->key_len < b->key_len ? -1 : 1;
  return a < b ? -1 : a > b; /* equal keys stay in document order */
}

/* Refuse a duplicate key in map m, naming the first repeated key in
 * document order.  Sorting keeps a map with many keys from taking
 * quadratic time. */
static bool same_key(const struct fact_pair *a, const struct fact_pair *b)
{
  return a->key_len == b->key_len && !memcmp(a->key, b->key, a->key_len);
}

static int report_duplicate(struct loader *l, const struct fact_pair *dup,
                            const struct fact_pair *prev)
{
  diag_error(l->d, dup->key_loc, "duplicate key '%.*s'",
             echo_width(dup->key, dup->key_len), dup->key);
  diag_note(l->d, prev->key_loc, "previous definition is here");
  return -1;
}

static int check_duplicates(struct loader *l, const struct fact *m)
{
  size_t n = m->u.map.n;
  if (n < 2)
    return 0;
  if (n <= 16) {
    /* Small maps, the usual case: comparing each pair is cheaper than
     * sorting, and finds the first repeat in document order directly. */
    const struct fact_pair *p = m->u.map.pairs;
    for (size_t j = 1; j < n; j++)
      for (size_t i = 0; i < j; i++)
        if (same_key(&p[i], &p[j]))
          return report_duplicate(l, &p[j], &p[i]);
    return 0;
  }
  const struct fact_pair **s = arena_array(l->a, n, sizeof *s);
  for (size_t i = 0; i < n; i++)
    s[i] = &m->u.map.pairs[i];
  qsort((void *)s, n, sizeof *s, cmp_pair_ptr);
  const struct fact_pair *dup = NULL, *prev = NULL;
  for (size_t i = 1; i < n; i++) {
    const struct fact_pair *a = s[i - 1], *b = s[i];
    if (!same_key(a, b))
      continue;
    if (i >= 2 && same_key(s[i - 2], a))
      continue; /* a third or later copy: the second was seen already */
    if (!dup || b < dup) {
      dup = b;
      prev = a;
    }
  }
  if (!dup)
    return 0;
  return report_duplicate(l, dup, prev);
}

static int on_end(struct loader *l, const yaml_event_t *ev)
{
  if (!l->nframes)
    BUG("collection end without a start");
  struct frame *f = &l->frames[--l->nframes];
  struct fact *n = f->node;
  size_t count = l->npend - f->first;
  const struct fact_pair *kids = count ? l->pend + f->first : NULL;
  l->npend = f->first;
  /* A block collection ends where its last child does; libyaml's end mark
   * would take in the comments and blank lines that follow. */
  if (f->flow)
    n->loc.end = mark_loc(l, ev->end_mark, ev->end_mark).end;
  else if (count)
    n->loc.end = kids[count - 1].value->loc.end;
  switch (n->kind) {
  case FACT_MAP:
    n->u.map.n = count;
    n->u.map.pairs = arena_array(l->a, count, sizeof *n->u.map.pairs);
    if (count)
      memcpy(n->u.map.pairs, kids, count * sizeof *kids);
    return check_duplicates(l, n);
  case FACT_LIST:
    n->u.list.n = count;
    n->u.list.items = arena_array(l->a, count, sizeof *n->u.list.items);
    for (size_t i = 0; i < count; i++)
      n->u.list.items[i] = kids[i].value;
    return 0;
  case FACT_SCALAR:
    break;
  }
  BUG("a scalar on the frame stack");
}

/* Handle one event: 1 at the end of the stream, 0 to go on, -1 on error. */
static int on_event(struct loader *l, const yaml_event_t *ev)
{
  switch (ev->type) {
  case YAML_NO_EVENT:
  case YAML_STREAM_START_EVENT:
  case YAML_DOCUMENT_END_EVENT:
    return 0;
  case YAML_STREAM_END_EVENT:
    return 1;
  case YAML_DOCUMENT_START_EVENT:
    if (++l->ndocs > 1)
      return diag_error(l->d, mark_loc(l, ev->start_mark, ev->end_mark),
                        "more than one YAML document in one input");
    return 0;
  case YAML_ALIAS_EVENT:
    return diag_error(l->d, mark_loc(l, ev->start_mark, ev->end_mark),
                      "anchors and aliases are not allowed in submissions");
  case YAML_SCALAR_EVENT:
    return on_scalar(l, ev);
  case YAML_SEQUENCE_START_EVENT:
    return on_start(l, ev, false);
  case YAML_MAPPING_START_EVENT:
    return on_start(l, ev, true);
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    return on_end(l, ev);
  }
  BUG("unknown libyaml event");
}

struct fact *load_yaml(struct diag *d, uint32_t src, uint32_t start,
                       uint32_t end, struct arena *a,
                       const struct intern *names,
                       const struct load_limits *lim)
{
  const struct source *s = diag_source(d, src);
  if (!s || start > end || end > s->len)
    BUG("load_yaml: bad source or range");
  struct loader l = {0};
  l.d = d;
  l.src = src;
  l.data = s->data;
  l.start = start;
  l.end = end;
  l.base = start;
  l.a = a;
  l.names = names;
  l.lim = lim;
  const unsigned char *p = (const unsigned char *)s->data + start;
  size_t n = end - start;
  /* libyaml would decode UTF-16 after its BOM: submissions are UTF-8. */
  if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
                 (p[0] == 0xFE && p[1] == 0xFF))) {
    diag_error(d, byte_loc(&l, start, start + 2),
               "input is UTF-16: submissions must be UTF-8");
    return NULL;
  }
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    l.base = start + 3;
  l.bo = l.base;
  l.ascii = true;
  for (uint32_t i = l.base; i < end && l.ascii; i++)
    l.ascii = (unsigned char)l.data[i] < 0x80;

  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser))
    out_of_memory();
  yaml_parser_set_input_string(&parser, p, n);
  int r = 0;
  while (r == 0) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      report_yaml_error(&l, &parser);
      r = -1;
      break;
    }
    r = on_event(&l, &ev);
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  if (r < 0)
    return NULL;
  if (!l.root) {
    diag_error(d, byte_loc(&l, start, start),
               "empty input: expected a mapping with a 'kind' key");
    return NULL;
  }
  return l.root;
}
