#include "load_markdown.h"

#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The state of one md_parse: growing buffers (malloc'd, copied into the
 * arena at the end) and what is open. */
struct build {
  struct arena *a;
  uint32_t src;
  const char *base;   /* what md4c parses: source bytes from base_off */
  size_t base_len;
  uint32_t base_off;
  char *text;
  size_t len, cap;
  struct md_seg *segs;
  size_t nsegs, segcap;
  struct md_section *secs;
  size_t nsecs, seccap;
  size_t open[6];     /* sections without an end yet, levels increasing */
  int nopen;
  bool in_heading;
  size_t part_start, part_seg; /* the heading or cell being read */
  struct md_table *tables;
  size_t ntables, tabcap;
  struct md_row *rows;
  size_t nrows, rowcap;
  struct md_cell *cells;
  size_t ncells, cellcap;
  bool in_cell, row_header;
  size_t table_start;
};

/* Offset of the first byte that does not start a valid UTF-8 sequence
 * (overlong forms, surrogates and values above U+10FFFF are invalid), or n. */
static size_t utf8_invalid(const unsigned char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t k;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
      k = 1, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      k = 2, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      k = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return i;
    }
    if (n - i - 1 < k)
      return i;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xC0) != 0x80)
        return i;
      cp = cp << 6 | (s[i + j] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += k + 1;
  }
  return n;
}

/* The line starting at p: its end before the break, and the next line. */
static void next_line(const char *s, size_t n, size_t p, size_t *end,
                      size_t *next)
{
  size_t e = p;
  while (e < n && s[e] != '\n' && s[e] != '\r')
    e++;
  *end = e;
  if (e < n && s[e] == '\r' && e + 1 < n && s[e + 1] == '\n')
    *next = e + 2;
  else
    *next = e < n ? e + 1 : e;
}

/* s[b..e) is mark, then only blanks. */
static bool is_fence(const char *s, size_t b, size_t e, const char *mark)
{
  if (e - b < 3 || memcmp(s + b, mark, 3) != 0)
    return false;
  for (size_t i = b + 3; i < e; i++)
    if (s[i] != ' ' && s[i] != '\t')
      return false;
  return true;
}

static int split_front(struct diag *d, const struct source *s,
                       struct md_doc *doc)
{
  size_t p = 0, end, next;
  if (s->len >= 3 && memcmp(s->data, "\xEF\xBB\xBF", 3) == 0)
    p = 3;
  next_line(s->data, s->len, p, &end, &next);
  if (!is_fence(s->data, p, end, "---"))
    return diag_error(d, (struct loc){doc->src, 0, 0},
                      "no front matter: start the document with a '---' "
                      "line, then 'kind: procedure' and the other fields, "
                      "then '---'");
  doc->front_loc = (struct loc){doc->src, (uint32_t)p, (uint32_t)p + 3};
  doc->front_start = (uint32_t)next;
  for (p = next; p < s->len; p = next) {
    next_line(s->data, s->len, p, &end, &next);
    if (is_fence(s->data, p, end, "---") || is_fence(s->data, p, end, "...")) {
      doc->has_front = true;
      doc->front_end = (uint32_t)p;
      doc->body_start = (uint32_t)next;
      return 0;
    }
  }
  return diag_error(d, doc->front_loc,
                    "unterminated front matter: no closing '---' line");
}

static void put(struct build *b, const char *s, size_t n)
{
  if (n > UINT32_MAX - 1 - b->len)
    BUG("document text too large for 32-bit offsets");
  GROW(b->text, b->cap, b->len + n + 1);
  memcpy(b->text + b->len, s, n);
  b->len += n;
}

/* Append s[0..n), which came from source byte src_off onwards. */
static void put_src(struct build *b, const char *s, size_t n, uint32_t src_off)
{
  if (n == 0)
    return;
  uint32_t off = (uint32_t)b->len;
  put(b, s, n);
  struct md_seg *last = b->nsegs ? &b->segs[b->nsegs - 1] : NULL;
  if (last && last->text_off + last->len == off
      && last->src_off + last->len == src_off) {
    last->len += (uint32_t)n;
    return;
  }
  GROW(b->segs, b->segcap, b->nsegs + 1);
  b->segs[b->nsegs++] = (struct md_seg){off, src_off, (uint32_t)n};
}

/* Blocks end in "\n": start a new line unless at one. */
static void line_break(struct build *b)
{
  if (b->len > 0 && b->text[b->len - 1] != '\n')
    put(b, "\n", 1);
}

/* Where the text appended since segment first came from.  An empty part
 * has no source yet: its loc holds src 0 and its text offset, and is placed
 * at the text that follows it once the whole body is read (fix_loc). */
static struct loc part_loc(const struct build *b, size_t first)
{
  if (first < b->nsegs) {
    const struct md_seg *l = &b->segs[b->nsegs - 1];
    return (struct loc){b->src, b->segs[first].src_off, l->src_off + l->len};
  }
  return (struct loc){0, (uint32_t)b->len, (uint32_t)b->len};
}

static void fix_loc(const struct md_doc *doc, struct loc *at)
{
  if (at->src == 0)
    *at = md_text_loc(doc, at->start, at->start);
}

static void *arena_copy(struct arena *a, const void *p, size_t count,
                        size_t size)
{
  if (count == 0)
    return NULL;
  void *q = arena_array(a, count, size);
  memcpy(q, p, count * size);
  return q;
}

static void open_heading(struct build *b, int level)
{
  line_break(b);
  while (b->nopen > 0 && b->secs[b->open[b->nopen - 1]].level >= level)
    b->secs[b->open[--b->nopen]].text_end = b->len;
  GROW(b->secs, b->seccap, b->nsecs + 1);
  memset(&b->secs[b->nsecs], 0, sizeof b->secs[b->nsecs]);
  b->secs[b->nsecs].level = level;
  b->open[b->nopen++] = b->nsecs++;
  b->in_heading = true;
  b->part_start = b->len;
  b->part_seg = b->nsegs;
}

/* The text from off: the buffer is NULL until something was put. */
static const char *text_at(const struct build *b, size_t off)
{
  return b->text ? b->text + off : "";
}

static void close_heading(struct build *b)
{
  struct md_section *s = &b->secs[b->nsecs - 1];
  s->heading_len = b->len - b->part_start;
  s->heading = arena_strndup(b->a, text_at(b, b->part_start),
                             s->heading_len);
  s->loc = part_loc(b, b->part_seg);
  line_break(b);
  s->text_start = b->len;
  b->in_heading = false;
}

static void open_cell(struct build *b)
{
  if (b->ncells > 0)
    put(b, "\t", 1);
  b->in_cell = true;
  b->part_start = b->len;
  b->part_seg = b->nsegs;
}

static void close_cell(struct build *b)
{
  GROW(b->cells, b->cellcap, b->ncells + 1);
  struct md_cell *c = &b->cells[b->ncells++];
  c->len = b->len - b->part_start;
  c->text = arena_strndup(b->a, text_at(b, b->part_start), c->len);
  c->loc = part_loc(b, b->part_seg);
  b->in_cell = false;
}

static void close_row(struct build *b)
{
  GROW(b->rows, b->rowcap, b->nrows + 1);
  b->rows[b->nrows++] = (struct md_row){
    arena_copy(b->a, b->cells, b->ncells, sizeof *b->cells), b->ncells,
    b->row_header};
  b->ncells = 0;
  line_break(b);
}

static void close_table(struct build *b)
{
  line_break(b);
  GROW(b->tables, b->tabcap, b->ntables + 1);
  b->tables[b->ntables++] = (struct md_table){
    arena_copy(b->a, b->rows, b->nrows, sizeof *b->rows), b->nrows,
    b->table_start, b->len};
  b->nrows = 0;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
  struct build *b = user;
  switch (type) {
  case MD_BLOCK_DOC:
    break;
  case MD_BLOCK_H:
    open_heading(b, (int)((MD_BLOCK_H_DETAIL *)detail)->level);
    break;
  case MD_BLOCK_TABLE:
    line_break(b);
    b->table_start = b->len;
    b->nrows = 0;
    break;
  case MD_BLOCK_THEAD:
  case MD_BLOCK_TBODY:
    break;
  case MD_BLOCK_TR:
    line_break(b);
    b->ncells = 0;
    break;
  case MD_BLOCK_TH:
    b->row_header = true;
    open_cell(b);
    break;
  case MD_BLOCK_TD:
    b->row_header = false;
    open_cell(b);
    break;
  case MD_BLOCK_QUOTE:
  case MD_BLOCK_UL:
  case MD_BLOCK_OL:
  case MD_BLOCK_LI:
  case MD_BLOCK_HR:
  case MD_BLOCK_CODE:
  case MD_BLOCK_HTML:
  case MD_BLOCK_P:
    line_break(b);
    break;
  }
  return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
  struct build *b = user;
  (void)detail;
  switch (type) {
  case MD_BLOCK_DOC:
    break;
  case MD_BLOCK_H:
    close_heading(b);
    break;
  case MD_BLOCK_TABLE:
    close_table(b);
    break;
  case MD_BLOCK_THEAD:
  case MD_BLOCK_TBODY:
    break;
  case MD_BLOCK_TR:
    close_row(b);
    break;
  case MD_BLOCK_TH:
  case MD_BLOCK_TD:
    close_cell(b);
    break;
  case MD_BLOCK_QUOTE:
  case MD_BLOCK_UL:
  case MD_BLOCK_OL:
  case MD_BLOCK_LI:
  case MD_BLOCK_HR:
  case MD_BLOCK_CODE:
  case MD_BLOCK_HTML:
  case MD_BLOCK_P:
    line_break(b);
    break;
  }
  return 0;
}

static int span(MD_SPANTYPE type, void *detail, void *user)
{
  (void)type, (void)detail, (void)user;
  return 0;
}

static size_t put_utf8(char *out, uint32_t cp)
{
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | cp >> 6);
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | cp >> 18);
  out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
  out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Named entities that policy documents use; others stay as written.  A
 * no-break space becomes a plain space, for matching. */
static const struct {
  const char *name;
  uint32_t cp;
} entities[] = {
  {"amp", '&'},      {"lt", '<'},         {"gt", '>'},
  {"quot", '"'},     {"apos", '\''},      {"nbsp", ' '},
  {"ndash", 0x2013}, {"mdash", 0x2014},   {"lsquo", 0x2018},
  {"rsquo", 0x2019}, {"ldquo", 0x201C},   {"rdquo", 0x201D},
  {"hellip", 0x2026}, {"bull", 0x2022},   {"middot", 0xB7},
  {"pound", 0xA3},   {"euro", 0x20AC},    {"sect", 0xA7},
  {"para", 0xB6},    {"copy", 0xA9},      {"times", 0xD7},
};

/* Decode the entity s[0..n) ("&name;", "&#123;" or "&#x7B;") into out
 * (room for 4 bytes); 0 if it is not one we know. */
static size_t decode_entity(const char *s, size_t n, char *out)
{
  if (n < 3 || s[0] != '&' || s[n - 1] != ';')
    return 0;
  if (s[1] == '#') {
    uint32_t cp = 0;
    bool hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
    size_t i = hex ? 3 : 2;
    if (i >= n - 1)
      return 0;
    for (; i < n - 1; i++) {
      char c = s[i];
      uint32_t v;
      if (c >= '0' && c <= '9')
        v = (uint32_t)(c - '0');
      else if (hex && c >= 'a' && c <= 'f')
        v = (uint32_t)(c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F')
        v = (uint32_t)(c - 'A' + 10);
      else
        return 0;
      cp = cp * (hex ? 16 : 10) + v;
      if (cp > 0x10FFFF)
        cp = 0x110000; /* stays invalid without overflowing */
    }
    return put_utf8(out, cp);
  }
  for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
    size_t l = strlen(entities[i].name);
    if (l == n - 2 && memcmp(s + 1, entities[i].name, l) == 0)
      return put_utf8(out, entities[i].cp);
  }
  return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *user)
{
  struct build *b = user;
  uintptr_t p = (uintptr_t)s, lo = (uintptr_t)b->base;
  /* md4c passes pieces of the buffer, or of its own constant strings. */
  bool from_src = p >= lo && p - lo <= b->base_len
                  && b->base_len - (p - lo) >= n;
  uint32_t off = from_src ? b->base_off + (uint32_t)(p - lo) : 0;
  switch (type) {
  case MD_TEXT_NORMAL:
  case MD_TEXT_CODE:
  case MD_TEXT_LATEXMATH:
    if (from_src)
      put_src(b, s, n, off);
    else
      put(b, s, n);
    break;
  case MD_TEXT_ENTITY: {
    char buf[4];
    size_t k = decode_entity(s, n, buf);
    if (k == 0)
      k = n; /* unknown: keep it as written */
    if (from_src)
      put_src(b, k == n ? s : buf, k, off);
    else
      put(b, k == n ? s : buf, k);
    break;
  }
  case MD_TEXT_NULLCHAR:
  case MD_TEXT_SOFTBR:
    put(b, " ", 1);
    break;
  case MD_TEXT_BR:
    put(b, "\n", 1);
    break;
  case MD_TEXT_HTML:
    break; /* raw HTML is markup, not text a reader sees */
  }
  return 0;
}

static void build_release(struct build *b)
{
  free(b->text);
  free(b->segs);
  free(b->secs);
  free(b->tables);
  free(b->rows);
  free(b->cells);
}

int load_markdown(struct diag *d, uint32_t src, struct arena *a,
                  struct md_doc *doc)
{
  const struct source *s = diag_source(d, src);
  if (!s)
    BUG("load_markdown: no such source");
  memset(doc, 0, sizeof *doc);
  doc->src = src;
  size_t bad = utf8_invalid((const unsigned char *)s->data, s->len);
  if (bad < s->len)
    return diag_error(d, (struct loc){src, (uint32_t)bad, (uint32_t)bad + 1},
                      "invalid UTF-8 in input");
  if (split_front(d, s, doc) < 0)
    return -1;

  struct build b;
  memset(&b, 0, sizeof b);
  b.a = a;
  b.src = src;
  b.base_off = doc->body_start;
  b.base_len = s->len - doc->body_start;
  /* md4c reports a NUL as text outside the buffer: parse a copy with NULs
   * as spaces, so that every piece of text maps back to the source.  Like
   * the source, the copy ends in a NUL: md4c 0.4.8 may read one byte past
   * the end it is given (after a heading's CR, for one). */
  char *copy = NULL;
  b.base = s->data + doc->body_start;
  if (memchr(b.base, '\0', b.base_len)) {
    copy = xmalloc(b.base_len + 1);
    for (size_t i = 0; i < b.base_len; i++)
      copy[i] = b.base[i] ? b.base[i] : ' ';
    copy[b.base_len] = '\0';
    b.base = copy;
  }
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH,
    .enter_block = enter_block,
    .leave_block = leave_block,
    .enter_span = span,
    .leave_span = span,
    .text = text,
  };
  int rc = md_parse(b.base, (MD_SIZE)b.base_len, &parser, &b);
  free(copy);
  if (rc != 0) {
    build_release(&b);
    return diag_error(d, (struct loc){src, doc->body_start, doc->body_start},
                      "cannot parse the document body");
  }
  line_break(&b);
  while (b.nopen > 0)
    b.secs[b.open[--b.nopen]].text_end = b.len;

  doc->text = arena_strndup(a, b.text ? b.text : "", b.len);
  doc->text_len = b.len;
  doc->segs = arena_copy(a, b.segs, b.nsegs, sizeof *b.segs);
  doc->nsegs = b.nsegs;
  doc->sections = arena_copy(a, b.secs, b.nsecs, sizeof *b.secs);
  doc->nsections = b.nsecs;
  doc->tables = arena_copy(a, b.tables, b.ntables, sizeof *b.tables);
  doc->ntables = b.ntables;
  for (size_t i = 0; i < doc->ntables; i++)
    for (size_t r = 0; r < doc->tables[i].nrows; r++)
      for (size_t c = 0; c < doc->tables[i].rows[r].ncells; c++)
        fix_loc(doc, &doc->tables[i].rows[r].cells[c].loc);
  for (size_t i = 0; i < doc->nsections; i++)
    fix_loc(doc, &doc->sections[i].loc);
  for (size_t i = 0; i < doc->nsections; i++) {
    if (doc->sections[i].level == 1 && !doc->title) {
      doc->title = doc->sections[i].heading;
      doc->title_len = doc->sections[i].heading_len;
      doc->title_loc = doc->sections[i].loc;
      break;
    }
  }
  build_release(&b);
  return 0;
}

/* Index of the last segment starting at or before text offset off, or
 * nsegs if there is none. */
static size_t seg_at(const struct md_doc *doc, size_t off)
{
  size_t lo = 0, hi = doc->nsegs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->segs[mid].text_off <= off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo == 0 ? doc->nsegs : lo - 1;
}

struct loc md_text_loc(const struct md_doc *doc, size_t from, size_t to)
{
  if (to > doc->text_len)
    to = doc->text_len;
  if (from > to)
    from = to;
  if (doc->nsegs == 0)
    return (struct loc){doc->src, doc->body_start, doc->body_start};
  /* Start: inside a segment, or the next segment's start. */
  size_t i = seg_at(doc, from);
  const struct md_seg *sg;
  uint32_t start;
  if (i < doc->nsegs && from < doc->segs[i].text_off + doc->segs[i].len) {
    sg = &doc->segs[i];
    start = sg->src_off + (uint32_t)(from - sg->text_off);
  } else {
    size_t next = i < doc->nsegs ? i + 1 : 0;
    if (next >= doc->nsegs)
      next = doc->nsegs - 1;
    sg = &doc->segs[next];
    start = from < sg->text_off ? sg->src_off : sg->src_off + sg->len;
  }
  if (to <= from)
    return (struct loc){doc->src, start, start};
  /* End: after the last byte's source, or after the segment before it. */
  size_t j = seg_at(doc, to - 1);
  uint32_t end = start;
  if (j < doc->nsegs) {
    const struct md_seg *e = &doc->segs[j];
    if (to - 1 < e->text_off + e->len)
      end = e->src_off + (uint32_t)(to - e->text_off);
    else
      end = e->src_off + e->len;
  }
  if (end < start)
    end = start;
  return (struct loc){doc->src, start, end};
}
