#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void diag_init(struct diag *d, FILE *out)
{
  memset(d, 0, sizeof *d);
  d->out = out ? out : stderr;
  d->max_errors = 20;
  GROW(d->sources, d->cap, 1);
  d->sources[0] = NULL;
  d->nsources = 1;
}

void diag_release(struct diag *d)
{
  for (size_t i = 1; i < d->nsources; i++) {
    free(d->sources[i]->name);
    free(d->sources[i]->data);
    free(d->sources[i]->lines);
    free(d->sources[i]);
  }
  free(d->sources);
  memset(d, 0, sizeof *d);
}

/* Line breaks are \n, \r\n and a lone \r, as in YAML. */
uint32_t diag_add_source(struct diag *d, const char *name, char *data,
                         size_t len)
{
  if (len >= UINT32_MAX || d->nsources >= UINT32_MAX)
    BUG("source too large for 32-bit offsets");
  struct source *s = xcalloc(1, sizeof *s);
  s->name = xstrdup(name);
  s->data = data;
  s->len = len;
  size_t cap = 0;
  GROW(s->lines, cap, 1);
  s->lines[s->nlines++] = 0;
  if (!memchr(data, '\r', len)) {
    /* The usual case, found quickly: only \n ends lines. */
    for (const char *p = data, *end = data + len;
         (p = memchr(p, '\n', (size_t)(end - p))); p++) {
      GROW(s->lines, cap, s->nlines + 1);
      s->lines[s->nlines++] = (uint32_t)(p - data + 1);
    }
  } else {
    for (size_t i = 0; i < len; i++) {
      if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
        i++;
      else if (data[i] != '\n' && data[i] != '\r')
        continue;
      GROW(s->lines, cap, s->nlines + 1);
      s->lines[s->nlines++] = (uint32_t)(i + 1);
    }
  }
  GROW(d->sources, d->cap, d->nsources + 1);
  d->sources[d->nsources] = s;
  return (uint32_t)d->nsources++;
}

const struct source *diag_source(const struct diag *d, uint32_t src)
{
  if (src == 0 || src >= d->nsources)
    return NULL;
  return d->sources[src];
}

void diag_forget_source(struct diag *d, uint32_t src)
{
  if (src == 0 || src >= d->nsources)
    return;
  struct source *s = d->sources[src];
  free(s->data);
  free(s->lines);
  s->data = xstrdup("");
  s->len = 0;
  s->lines = xcalloc(1, sizeof *s->lines);
  s->nlines = 1;
}

void diag_drop_sources(struct diag *d, size_t n)
{
  if (n < 1)
    n = 1;
  while (d->nsources > n) {
    struct source *s = d->sources[--d->nsources];
    free(s->name);
    free(s->data);
    free(s->lines);
    free(s);
  }
}

static size_t line_index(const struct source *s, uint32_t off)
{
  size_t lo = 0, hi = s->nlines;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->lines[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

static unsigned count_chars(const char *p, size_t n)
{
  unsigned c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)p[i] & 0xC0) != 0x80)
      c++;
  return c;
}

/* Where line li's text starts: a UTF-8 byte order mark at the start of
 * the source takes no column, as in an editor. */
static size_t text_start(const struct source *s, size_t li)
{
  if (li == 0 && s->len >= 3 && memcmp(s->data, "\xef\xbb\xbf", 3) == 0)
    return 3;
  return s->lines[li];
}

void diag_line_col(const struct diag *d, uint32_t src, uint32_t off,
                   unsigned *line, unsigned *col)
{
  const struct source *s = diag_source(d, src);
  if (!s) {
    *line = *col = 0;
    return;
  }
  if (off > s->len)
    off = (uint32_t)s->len;
  size_t li = line_index(s, off), b = text_start(s, li);
  *line = (unsigned)li + 1 + s->line_base;
  *col = off > b ? count_chars(s->data + b, off - b) + 1 : 1;
}

/* End of the text of line li, before its line break. */
static size_t line_end(const struct source *s, size_t li)
{
  size_t e = li + 1 < s->nlines ? s->lines[li + 1] : s->len;
  while (e > s->lines[li] && (s->data[e - 1] == '\n' || s->data[e - 1] == '\r'))
    e--;
  return e;
}

uint32_t diag_offset(const struct diag *d, uint32_t src, unsigned line,
                     unsigned col)
{
  const struct source *s = diag_source(d, src);
  if (!s)
    return 0;
  line -= line > s->line_base ? s->line_base : line;
  if (line == 0)
    line = 1;
  if (line > s->nlines)
    return (uint32_t)s->len;
  size_t li = line - 1, p = text_start(s, li), e = line_end(s, li);
  for (unsigned c = 1; c < col && p < e; c++) {
    p++;
    while (p < e && ((unsigned char)s->data[p] & 0xC0) == 0x80)
      p++;
  }
  return (uint32_t)p;
}

struct loc loc_span(struct loc a, struct loc b)
{
  if (a.src == 0)
    return b;
  if (b.src != a.src)
    return a;
  struct loc r = a;
  if (b.start < r.start)
    r.start = b.start;
  if (b.end > r.end)
    r.end = b.end;
  return r;
}

void diag_where(const struct diag *d, struct loc at, char *buf, size_t size)
{
  const struct source *s = diag_source(d, at.src);
  if (!s) {
    snprintf(buf, size, "dutycheck");
    return;
  }
  unsigned line, col;
  diag_line_col(d, at.src, at.start, &line, &col);
  snprintf(buf, size, "%s:%u:%u", s->name, line, col);
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if there is none
 * (a stray or truncated byte, an overlong form, a surrogate). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  size_t k;
  uint32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF)
    k = 1, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    k = 2, cp = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    k = 3, cp = c & 0x07, min = 0x10000;
  else
    return 0;
  if (n - 1 < k)
    return 0;
  for (size_t j = 1; j <= k; j++) {
    if ((s[j] & 0xC0) != 0x80)
      return 0;
    cp = cp << 6 | (s[j] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return k + 1;
}

/* Control characters (C0, DEL, C1) and bytes that are not UTF-8 become
 * '?', one for each: echoed input cannot move a terminal's cursor or
 * garble it. */
void diag_put_clean(FILE *out, const char *s, size_t n)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t run = 0; /* start of the run of clean bytes not yet written */
  for (size_t i = 0; i < n;) {
    if (u[i] >= 0x20 && u[i] < 0x7f) {
      i++;
      continue;
    }
    size_t k = u[i] == '\t' ? 1 : utf8_len(u + i, n - i);
    bool ctl = k == 1 ? u[i] != '\t'
                      : k == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0;
    if (k == 0 || ctl) {
      fwrite(s + run, 1, i - run, out);
      fputc('?', out);
      run = ++i;
    } else {
      i += k;
    }
  }
  fwrite(s + run, 1, n - run, out);
}

void diag_show_line(const struct diag *d, FILE *out, struct loc at)
{
  const struct source *s = diag_source(d, at.src);
  if (!s || s->len == 0)
    return;
  uint32_t off = at.start > s->len ? (uint32_t)s->len : at.start;
  size_t li = line_index(s, off);
  size_t b = text_start(s, li), e = line_end(s, li);
  if (off < b)
    off = (uint32_t)b;
  if (e - b > 512) /* a very long line: show the part around the span */
    return;
  fprintf(out, "%5zu | ", li + 1 + s->line_base);
  diag_put_clean(out, s->data + b, e - b);
  /* The underline, made in a buffer and written at once: one blank for
   * each character diag_put_clean wrote, then '^' and a '~' for each
   * further character of the span.  The line is at most 512 bytes. */
  char under[2 * 512 + 16];
  static const char gutter[] = "\n      | ";
  size_t u = sizeof gutter - 1;
  memcpy(under, gutter, u);
  for (size_t i = b; i < off && i < e;) {
    size_t k = utf8_len((const unsigned char *)s->data + i, e - i);
    under[u++] = s->data[i] == '\t' ? '\t' : ' ';
    i += k ? k : 1;
  }
  under[u++] = '^';
  size_t end = at.end < e ? at.end : e;
  unsigned n = end > off ? count_chars(s->data + off, end - off) : 1;
  for (unsigned i = 1; i < n; i++)
    under[u++] = '~';
  under[u++] = '\n';
  fwrite(under, 1, u, out);
}

static const char *const sev_name[] = {"error", "warning", "note"};

void diag_report(struct diag *d, enum severity sev, struct loc at,
                 const char *fmt, va_list ap)
{
  if (sev == SEV_ERROR)
    d->errors++;
  else if (sev == SEV_WARNING)
    d->warnings++;
  if (sev == SEV_WARNING && d->quiet_warnings)
    return;
  if (d->max_errors && d->errors - d->counted_from > d->max_errors)
    return;
  char where[1024];
  diag_where(d, at, where, sizeof where);
  fprintf(d->out, "%s: %s: ", where, sev_name[sev]);
  char msg[2048];
  vsnprintf(msg, sizeof msg, fmt, ap);
  diag_put_clean(d->out, msg, strlen(msg));
  fputc('\n', d->out);
  bool same = at.src == d->last.src && at.start == d->last.start &&
              at.end == d->last.end;
  if (sev != SEV_NOTE || !same)
    diag_show_line(d, d->out, at);
  d->last = at;
}

int diag_error(struct diag *d, struct loc at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, SEV_ERROR, at, fmt, ap);
  va_end(ap);
  return -1;
}

void diag_warning(struct diag *d, struct loc at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, SEV_WARNING, at, fmt, ap);
  va_end(ap);
}

void diag_note(struct diag *d, struct loc at, const char *fmt, ...)
{
  /* A note belongs to the message before it: hide it if that was hidden. */
  if (d->max_errors && d->errors - d->counted_from > d->max_errors)
    return;
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, SEV_NOTE, at, fmt, ap);
  va_end(ap);
}

bool diag_full(const struct diag *d)
{
  return d->max_errors && d->errors - d->counted_from >= d->max_errors;
}

static size_t edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return SIZE_MAX;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag_prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = diag_prev + cost;
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag_prev = up;
    }
  }
  return row[lb];
}

const char *diag_suggest(const char *name, const char *const *candidates,
                         size_t n)
{
  const char *best = NULL;
  size_t best_d = SIZE_MAX, len = strlen(name);
  for (size_t i = 0; i < n; i++) {
    size_t dist = edit_distance(name, candidates[i]);
    if (dist < best_d) {
      best_d = dist;
      best = candidates[i];
    }
  }
  /* Close enough: a third of the name, at least 1, at most 4 edits, and
   * not every letter of it (for 'z', 'x' is no suggestion); or the
   * candidate is the name with a suffix or prefix (refresher_months). */
  size_t limit = len / 3 < 1 ? 1 : (len / 3 > 4 ? 4 : len / 3);
  if (best && best_d <= limit && best_d < len)
    return best;
  for (size_t i = 0; i < n; i++) {
    size_t cl = strlen(candidates[i]);
    if (cl >= 4 && cl < len && strncmp(name, candidates[i], cl) == 0)
      return candidates[i];
  }
  return NULL;
}

void diag_did_you_mean(struct diag *d, struct loc at, const char *name,
                       const char *const *candidates, size_t n)
{
  const char *s = diag_suggest(name, candidates, n);
  if (s)
    diag_note(d, at, "did you mean '%s'?", s);
}
