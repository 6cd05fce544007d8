/* test_diag.c: unit tests for the arena, the interner and diagnostics
 * (engine/arena.c, engine/intern.c, engine/diag.c). */
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "intern.h"
#include "unit.h"
#include "util.h"

/* ---- helpers ---- */

/* A diag whose messages go to a memory stream, read back with taken(). */
struct capture {
  struct diag d;
  char *buf;
  size_t len;
  FILE *f;
};

static void capture_init(struct capture *c)
{
  c->buf = NULL;
  c->len = 0;
  c->f = open_memstream(&c->buf, &c->len);
  if (!c->f)
    BUG("open_memstream failed");
  diag_init(&c->d, c->f);
}

/* What was written since the last call; the caller frees it. */
static char *taken(struct capture *c)
{
  fflush(c->f);
  char *s = xstrndup(c->buf, c->len);
  fclose(c->f);
  free(c->buf);
  c->buf = NULL;
  c->len = 0;
  c->f = open_memstream(&c->buf, &c->len);
  if (!c->f)
    BUG("open_memstream failed");
  c->d.out = c->f;
  return s;
}

static void capture_release(struct capture *c)
{
  diag_release(&c->d);
  fclose(c->f);
  free(c->buf);
}

static uint32_t add_text(struct diag *d, const char *name, const char *text)
{
  size_t n = strlen(text);
  return diag_add_source(d, name, xstrndup(text, n), n);
}

/* The underline diag_show_line prints for [start, end) of text. */
static char *show(const char *text, uint32_t start, uint32_t end)
{
  struct capture c;
  capture_init(&c);
  uint32_t src = add_text(&c.d, "t", text);
  diag_show_line(&c.d, c.f, (struct loc){src, start, end});
  char *s = taken(&c);
  capture_release(&c);
  return s;
}

#define SHOW_EQ(name, text, start, end, want)                               \
  do {                                                                      \
    char *got_ = show((text), (start), (end));                              \
    UNIT_EQ_STR(name, got_, want);                                          \
    free(got_);                                                             \
  } while (0)

/* ---- arena ---- */

static bool aligned(const void *p)
{
  return (uintptr_t)p % alignof(max_align_t) == 0;
}

static void test_arena_alignment(void)
{
  struct arena a;
  arena_init(&a);
  bool ok = true, zero = true;
  static const size_t sizes[] = {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1};
  for (int round = 0; round < 200; round++)
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
      unsigned char *p = arena_alloc(&a, sizes[i]);
      ok &= aligned(p);
      for (size_t j = 0; j < sizes[i]; j++)
        zero &= p[j] == 0;
      memset(p, 0xAB, sizes[i]);
    }
  UNIT_CHECK("arena: every allocation is aligned for any type", ok,
             "misaligned pointer");
  UNIT_CHECK("arena: allocations are zeroed", zero, "non-zero byte");
  void *z = arena_alloc(&a, 0);
  UNIT_CHECK("arena: a zero-byte allocation is a valid aligned pointer",
             z && aligned(z), "got %p", z);
  long double *ld = arena_array(&a, 3, sizeof *ld);
  ld[0] = 1.5L;
  ld[2] = 2.5L;
  UNIT_CHECK("arena: an array of long double is usable",
             aligned(ld) && ld[0] + ld[2] == 4.0L, "bad array");
  arena_release(&a);
  UNIT_EQ_INT("arena: release leaves nothing", a.total, 0);
}

static void test_arena_big(void)
{
  struct arena a;
  arena_init(&a);
  char *small = arena_alloc(&a, 10);
  size_t before = a.total;
  UNIT_CHECK("arena: the first block is at least 64 KiB",
             before >= 64 * 1024, "total %zu", before);
  size_t big = 1024 * 1024 + 3;
  char *p = arena_alloc(&a, big);
  memset(p, 'x', big);
  UNIT_CHECK("arena: a big allocation is aligned and usable",
             aligned(p) && p[0] == 'x' && p[big - 1] == 'x', "bad block");
  UNIT_CHECK("arena: a big allocation gets a block of its own size",
             a.total >= before + big && a.total < before + big + 64,
             "total %zu after %zu", a.total, before);
  size_t after_big = a.total;
  char *small2 = arena_alloc(&a, 10);
  UNIT_EQ_INT("arena: small allocations after a big one reuse the current "
              "block", a.total, after_big);
  UNIT_CHECK("arena: the small allocations do not overlap the big one",
             (small2 < p || small2 >= p + big) &&
               (small < p || small >= p + big) && small2 != small,
             "overlap");
  /* Filling the current block exactly, then one byte more, opens one new
   * ordinary block. */
  struct arena b;
  arena_init(&b);
  arena_alloc(&b, 1);
  size_t block = b.total;
  arena_alloc(&b, block - 64);
  UNIT_EQ_INT("arena: a block is filled before another is taken", b.total,
              block);
  arena_alloc(&b, 64);
  UNIT_EQ_INT("arena: one more allocation takes a second block", b.total,
              2 * block);
  arena_release(&b);
  arena_release(&a);
}

static void test_arena_reset(void)
{
  struct arena a;
  arena_init(&a);
  arena_reset(&a);
  UNIT_EQ_INT("arena: reset of an empty arena keeps it empty", a.total, 0);
  size_t first_total = 0, max_total = 0;
  bool same = true;
  for (int round = 0; round < 50; round++) {
    for (int i = 0; i < 4000; i++) {
      char *p = arena_alloc(&a, 100);
      p[99] = 1;
    }
    arena_alloc(&a, 200 * 1024);
    if (round == 0)
      first_total = a.total;
    if (a.total > max_total)
      max_total = a.total;
    same &= a.total == first_total;
    arena_reset(&a);
    same &= a.total <= 64 * 1024 + 64;
  }
  UNIT_CHECK("arena: reset keeps memory flat over 50 batches", same &&
             max_total == first_total, "first %zu, max %zu", first_total,
             max_total);
  char *p = arena_alloc(&a, 16);
  UNIT_CHECK("arena: memory after a reset is zeroed", p[0] == 0 && p[15] == 0,
             "not zeroed");
  arena_release(&a);
}

static void test_arena_strings(void)
{
  struct arena a;
  arena_init(&a);
  char *s = arena_strndup(&a, "hello world", 5);
  UNIT_EQ_STR("arena: strndup copies n bytes and ends the string", s,
              "hello");
  char *e = arena_strndup(&a, NULL, 0);
  UNIT_EQ_STR("arena: strndup of nothing is the empty string", e, "");
  char *f = arena_printf(&a, "%s=%d", "x", 42);
  UNIT_EQ_STR("arena: printf", f, "x=42");
  char big[300];
  memset(big, 'y', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  char *g = arena_printf(&a, "[%s]", big);
  UNIT_CHECK("arena: printf longer than any fixed buffer",
             strlen(g) == 301 && g[0] == '[' && g[300] == ']', "len %zu",
             strlen(g));
  arena_release(&a);
}

/* An arena_array whose size overflows exits like out of memory, with
 * status 2, rather than returning a short block. */
static void test_arena_overflow(void)
{
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    UNIT_CHECK("arena: size overflow exits with status 2", false, "fork");
    return;
  }
  if (pid == 0) {
    if (!freopen("/dev/null", "w", stderr))
      _exit(3);
    struct arena a;
    arena_init(&a);
    arena_array(&a, SIZE_MAX / 2, 4);
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  UNIT_CHECK("arena: size overflow exits with status 2",
             WIFEXITED(st) && WEXITSTATUS(st) == 2, "wait status %d", st);
}

/* ---- interner ---- */

static void test_intern(void)
{
  struct intern in;
  intern_init(&in);
  const char *a = intern(&in, "refresher");
  const char *b = intern_n(&in, "refresher_months", 9);
  UNIT_CHECK("intern: the same string gives the same pointer", a == b,
             "%p != %p", (const void *)a, (const void *)b);
  UNIT_EQ_STR("intern: the copy is the string", a, "refresher");
  char buf[] = "refresher";
  UNIT_CHECK("intern: the copy is not the caller's buffer", a != buf,
             "same pointer");
  const char *c = intern(&in, "refreshed");
  UNIT_CHECK("intern: different strings give different pointers", a != c,
             "same pointer");
  const char *e1 = intern(&in, ""), *e2 = intern_n(&in, "x", 0);
  UNIT_CHECK("intern: the empty string is one string", e1 == e2 && !*e1,
             "differ");
  size_t count = in.count;
  UNIT_CHECK("intern: lookup of an unknown string is NULL",
             intern_lookup(&in, "unknown", 7) == NULL, "found");
  UNIT_EQ_INT("intern: lookup never inserts", in.count, count);
  UNIT_CHECK("intern: lookup finds an interned string",
             intern_lookup(&in, "refresher_x", 9) == a, "not found");
  UNIT_CHECK("intern: lookup of a prefix of a name is NULL",
             intern_lookup(&in, "refresh", 7) == NULL, "found");
  UNIT_CHECK("intern: lookup with a NUL inside is NULL",
             intern_lookup(&in, "refresher\0x", 11) == NULL, "found");
  UNIT_EQ_INT("intern: still nothing inserted", in.count, count);

  /* Growth: many names, each still found at the same pointer. */
  size_t cap = in.cap;
  enum { N = 20000 };
  const char **p = xcalloc(N, sizeof *p);
  char name[32];
  for (int i = 0; i < N; i++) {
    snprintf(name, sizeof name, "name_%d", i);
    p[i] = intern(&in, name);
  }
  UNIT_CHECK("intern: the table grows", in.cap > cap && in.cap >= 2 * N,
             "cap %zu", in.cap);
  UNIT_EQ_INT("intern: count after growth", in.count, count + N);
  bool same = true;
  for (int i = 0; i < N; i++) {
    snprintf(name, sizeof name, "name_%d", i);
    same &= intern(&in, name) == p[i];
    same &= intern_lookup(&in, name, strlen(name)) == p[i];
  }
  UNIT_CHECK("intern: every name keeps its pointer after growth", same,
             "pointer changed");
  UNIT_CHECK("intern: old names survive growth",
             intern(&in, "refresher") == a && in.count == count + N,
             "lost");
  free(p);
  intern_release(&in);
}

/* ---- lines and columns ---- */

struct lc_case {
  const char *name;
  const char *text;
  uint32_t off;
  unsigned line, col;
};

static const struct lc_case lc_cases[] = {
  {"first character", "ab\ncd\n", 0, 1, 1},
  {"second character", "ab\ncd\n", 1, 1, 2},
  {"the newline ends its line", "ab\ncd\n", 2, 1, 3},
  {"start of the second line", "ab\ncd\n", 3, 2, 1},
  {"end of text after a final newline", "ab\ncd\n", 6, 3, 1},
  {"past the end is clamped", "ab\ncd\n", 600, 3, 1},
  {"last line without a newline", "ab\ncd", 4, 2, 2},
  {"end of a last line without a newline", "ab\ncd", 5, 2, 3},
  {"UTF-8: columns count characters", "\xc3\xa9t\xc3\xa9 x", 6, 1, 5},
  {"UTF-8: three-byte character", "\xe2\x80\x94x", 3, 1, 2},
  {"UTF-8: four-byte character", "\xf0\x9f\x98\x80x", 4, 1, 2},
  {"tab is one column", "\tx", 1, 1, 2},
  {"CRLF: the CR ends its line", "a\r\nb", 1, 1, 2},
  {"CRLF: one line break", "a\r\nb", 3, 2, 1},
  {"CRLF: third line", "a\r\nb\r\nc", 6, 3, 1},
  {"lone CR is a line break", "a\rb", 2, 2, 1},
  {"CR CR is two line breaks", "a\r\rb", 3, 3, 1},
  {"LF CR is two line breaks", "a\n\rb", 3, 3, 1},
  {"blank lines", "\n\n\nx", 3, 4, 1},
  {"empty text", "", 0, 1, 1},
  {"BOM takes no column", "\xef\xbb\xbfpack", 3, 1, 1},
  {"after the BOM", "\xef\xbb\xbfpack", 4, 1, 2},
  {"inside the BOM", "\xef\xbb\xbfpack", 1, 1, 1},
  {"BOM only on the first line", "\xef\xbb\xbf\n\xef\xbb\xbfx", 7, 2, 2},
};

static void test_line_col(void)
{
  for (size_t i = 0; i < sizeof lc_cases / sizeof *lc_cases; i++) {
    const struct lc_case *k = &lc_cases[i];
    struct diag d;
    diag_init(&d, stderr);
    uint32_t src = add_text(&d, "t", k->text);
    unsigned line, col;
    diag_line_col(&d, src, k->off, &line, &col);
    char name[128];
    snprintf(name, sizeof name, "line/col: %s", k->name);
    UNIT_CHECK(name, line == k->line && col == k->col, "got %u:%u, want %u:%u",
               line, col, k->line, k->col);
    diag_release(&d);
  }

  struct diag d;
  diag_init(&d, stderr);
  unsigned line = 9, col = 9;
  diag_line_col(&d, 0, 5, &line, &col);
  UNIT_CHECK("line/col: no source is 0:0", line == 0 && col == 0, "%u:%u",
             line, col);
  uint32_t s1 = add_text(&d, "one", "a\nb\n");
  uint32_t s2 = add_text(&d, "two", "xyz");
  diag_line_col(&d, s1, 2, &line, &col);
  UNIT_CHECK("line/col: sources are separate (first)", line == 2 && col == 1,
             "%u:%u", line, col);
  diag_line_col(&d, s2, 2, &line, &col);
  UNIT_CHECK("line/col: sources are separate (second)", line == 1 && col == 3,
             "%u:%u", line, col);
  d.sources[s1]->line_base = 10;
  diag_line_col(&d, s1, 2, &line, &col);
  UNIT_CHECK("line/col: a line base is added (front matter)",
             line == 12 && col == 1, "%u:%u", line, col);
  char where[64];
  diag_where(&d, (struct loc){s2, 1, 2}, where, sizeof where);
  UNIT_EQ_STR("line/col: diag_where", where, "two:1:2");
  diag_where(&d, (struct loc){0, 1, 2}, where, sizeof where);
  UNIT_EQ_STR("line/col: diag_where without a source", where, "dutycheck");
  diag_release(&d);

  /* A long file: the binary search over line starts. */
  size_t n = 5000 * 4;
  char *text = xmalloc(n + 1);
  for (size_t i = 0; i < 5000; i++)
    memcpy(text + i * 4, "abc\n", 4);
  text[n] = '\0';
  diag_init(&d, stderr);
  uint32_t s = diag_add_source(&d, "long", text, n);
  bool ok = true;
  for (uint32_t off = 0; off < n; off += 7) {
    diag_line_col(&d, s, off, &line, &col);
    ok &= line == off / 4 + 1 && col == off % 4 + 1;
  }
  UNIT_CHECK("line/col: every offset of a 5000-line file", ok,
             "wrong line or column");
  diag_release(&d);
}

/* diag_offset undoes diag_line_col for every offset that starts a
 * character, except the LF of a CRLF (it has the column after the CR, and
 * diag_offset clamps to the end of the line's text). */
static void test_offset_round_trip(void)
{
  static const char *const texts[] = {
    "pack p \"P\" {\n  in force from 2000-01-01\n}\n",
    "caf\xc3\xa9\n\t\xe2\x80\x94 x\n\xf0\x9f\x98\x80\n",
    "a\r\nbb\r\n\r\nccc",
    "a\rb\r\rc",
    "no newline at the end",
    "\n\n\n",
  };
  for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
    struct diag d;
    diag_init(&d, stderr);
    uint32_t src = add_text(&d, "t", texts[t]);
    const char *s = texts[t];
    size_t n = strlen(s);
    bool ok = true;
    for (uint32_t off = 0; off <= n; off++) {
      if (off < n && ((unsigned char)s[off] & 0xC0) == 0x80)
        continue;
      if (off > 0 && off < n && s[off] == '\n' && s[off - 1] == '\r')
        continue;
      unsigned line, col;
      diag_line_col(&d, src, off, &line, &col);
      uint32_t back = diag_offset(&d, src, line, col);
      if (back != off) {
        ok = false;
        printf("  offset %u -> %u:%u -> %u\n", off, line, col, back);
      }
    }
    char name[64];
    snprintf(name, sizeof name, "diag_offset: round trip, text %zu", t + 1);
    UNIT_CHECK(name, ok, "see the offsets above");
    diag_release(&d);
  }

  struct diag d;
  diag_init(&d, stderr);
  uint32_t src = add_text(&d, "t", "ab\ncd\n");
  UNIT_EQ_INT("diag_offset: a column past the end of the line is clamped",
              diag_offset(&d, src, 1, 99), 2);
  UNIT_EQ_INT("diag_offset: a line past the end is the end of the text",
              diag_offset(&d, src, 99, 1), 6);
  UNIT_EQ_INT("diag_offset: line 0 is line 1", diag_offset(&d, src, 0, 2),
              1);
  UNIT_EQ_INT("diag_offset: column 0 is column 1", diag_offset(&d, src, 2, 0),
              3);
  UNIT_EQ_INT("diag_offset: no source", diag_offset(&d, 0, 2, 2), 0);
  d.sources[src]->line_base = 4;
  UNIT_EQ_INT("diag_offset: the line base is taken off",
              diag_offset(&d, src, 6, 2), 4);
  uint32_t bom = add_text(&d, "b", "\xef\xbb\xbfxy");
  UNIT_EQ_INT("diag_offset: column 1 is after a BOM",
              diag_offset(&d, bom, 1, 1), 3);
  diag_release(&d);
}

/* ---- the source line and underline ---- */

static void test_show_line(void)
{
  SHOW_EQ("show_line: a span on the first line",
          "  expect a.b <= 36\nnext\n", 9, 12,
          "    1 |   expect a.b <= 36\n"
          "      |          ^~~\n");
  SHOW_EQ("show_line: the second line", "first\n  second\n", 8, 14,
          "    2 |   second\n"
          "      |   ^~~~~~\n");
  SHOW_EQ("show_line: an empty span is one caret", "abc\n", 1, 1,
          "    1 | abc\n"
          "      |  ^\n");
  SHOW_EQ("show_line: a span at the end of the line (end of file)",
          "abc\n", 3, 4,
          "    1 | abc\n"
          "      |    ^\n");
  SHOW_EQ("show_line: a span past the end of the text", "abc", 3, 3,
          "    1 | abc\n"
          "      |    ^\n");
  SHOW_EQ("show_line: a span over two lines stops at the line end",
          "ab cd\nef\n", 3, 8,
          "    1 | ab cd\n"
          "      |    ^~\n");
  SHOW_EQ("show_line: tabs are kept in the underline", "\tx =\t1\n", 5, 6,
          "    1 | \tx =\t1\n"
          "      | \t   \t^\n");
  SHOW_EQ("show_line: UTF-8 before the span takes one column each",
          "\xc3\xa9\xe2\x80\x94 x\n", 6, 7,
          "    1 | \xc3\xa9\xe2\x80\x94 x\n"
          "      |    ^\n");
  SHOW_EQ("show_line: UTF-8 inside the span is one mark a character",
          "a \"\xc3\xa9t\xc3\xa9\" b\n", 2, 9,
          "    1 | a \"\xc3\xa9t\xc3\xa9\" b\n"
          "      |   ^~~~~\n");
  SHOW_EQ("show_line: control characters are replaced", "a\x01" "b\x7f" "c\n",
          2, 3,
          "    1 | a?b?c\n"
          "      |   ^\n");
  SHOW_EQ("show_line: CRLF is not shown", "ab\r\ncd\r\n", 4, 6,
          "    2 | cd\n"
          "      | ^~\n");
  SHOW_EQ("show_line: a lone CR ends the line", "ab\rcd", 3, 5,
          "    2 | cd\n"
          "      | ^~\n");
  SHOW_EQ("show_line: a BOM is not shown", "\xef\xbb\xbfpack x\n", 3, 7,
          "    1 | pack x\n"
          "      | ^~~~\n");
  SHOW_EQ("show_line: a line number of five digits",
          "\n\n\n\n\n\n\n\n\n\n\n\n", 11, 11,
          "   12 | \n"
          "      | ^\n");
  SHOW_EQ("show_line: an empty text shows nothing", "", 0, 0, "");

  char *longline = xmalloc(1000);
  memset(longline, 'x', 999);
  longline[999] = '\0';
  SHOW_EQ("show_line: a line over 512 bytes is not shown", longline, 5, 6,
          "");
  free(longline);

  struct capture c;
  capture_init(&c);
  uint32_t src = add_text(&c.d, "t", "a\nb\n");
  c.d.sources[src]->line_base = 40;
  diag_show_line(&c.d, c.f, (struct loc){src, 2, 3});
  char *s = taken(&c);
  UNIT_EQ_STR("show_line: the line base is added", s,
              "   42 | b\n"
              "      | ^\n");
  free(s);
  diag_show_line(&c.d, c.f, (struct loc){0, 2, 3});
  s = taken(&c);
  UNIT_EQ_STR("show_line: nothing for no source", s, "");
  free(s);
  capture_release(&c);
}

/* ---- messages ---- */

static void test_messages(void)
{
  struct capture c;
  capture_init(&c);
  uint32_t src = add_text(&c.d, "rules.duty",
                          "rule R {\n  expect x.refresher_months\n}\n");
  struct loc at = {src, 20, 36};
  int rc = diag_error(&c.d, at, "unknown field '%s' in '%s'",
                      "refresher_months", "x");
  diag_note(&c.d, at, "did you mean '%s'?", "refresher");
  diag_note(&c.d, (struct loc){src, 5, 6}, "previous definition is here");
  char *s = taken(&c);
  UNIT_EQ_INT("diag: diag_error returns -1", rc, -1);
  UNIT_EQ_STR("diag: error, note at the same span, note elsewhere", s,
              "rules.duty:2:12: error: unknown field 'refresher_months' in "
              "'x'\n"
              "    2 |   expect x.refresher_months\n"
              "      |            ^~~~~~~~~~~~~~~~\n"
              "rules.duty:2:12: note: did you mean 'refresher'?\n"
              "rules.duty:1:6: note: previous definition is here\n"
              "    1 | rule R {\n"
              "      |      ^\n");
  free(s);

  diag_warning(&c.d, (struct loc){0}, "a %s", "warning");
  diag_error(&c.d, (struct loc){0}, "bad\tname '%s'", "a\x1b[31mb\nc");
  s = taken(&c);
  UNIT_EQ_STR("diag: no source; control characters replaced", s,
              "dutycheck: warning: a warning\n"
              "dutycheck: error: bad\tname 'a?[31mb?c'\n");
  free(s);
  UNIT_EQ_INT("diag: errors are counted", c.d.errors, 2);
  UNIT_EQ_INT("diag: warnings are counted", c.d.warnings, 1);

  c.d.quiet_warnings = true;
  diag_warning(&c.d, (struct loc){0}, "hidden");
  s = taken(&c);
  UNIT_EQ_STR("diag: quiet warnings are not shown", s, "");
  free(s);
  UNIT_EQ_INT("diag: quiet warnings are still counted", c.d.warnings, 2);
  capture_release(&c);

  /* The limit: 20 errors shown, then nothing, not even their notes. */
  capture_init(&c);
  UNIT_CHECK("diag: not full at first", !diag_full(&c.d), "full");
  for (int i = 1; i <= 19; i++)
    diag_error(&c.d, (struct loc){0}, "e%d", i);
  UNIT_CHECK("diag: not full at 19 errors", !diag_full(&c.d), "full");
  diag_error(&c.d, (struct loc){0}, "e20");
  diag_note(&c.d, (struct loc){0}, "n20");
  UNIT_CHECK("diag: full at 20 errors", diag_full(&c.d), "not full");
  free(taken(&c));
  diag_error(&c.d, (struct loc){0}, "e21");
  diag_note(&c.d, (struct loc){0}, "n21");
  diag_warning(&c.d, (struct loc){0}, "w21");
  s = taken(&c);
  UNIT_EQ_STR("diag: past the limit nothing is shown", s, "");
  free(s);
  UNIT_EQ_INT("diag: errors past the limit are counted", c.d.errors, 21);
  c.d.max_errors = 0;
  diag_error(&c.d, (struct loc){0}, "e22");
  s = taken(&c);
  UNIT_EQ_STR("diag: max_errors 0 is no limit", s, "dutycheck: error: e22\n");
  free(s);
  capture_release(&c);

  struct loc a = {1, 5, 9}, b = {1, 2, 7}, o = {2, 0, 1}, z = {0, 0, 0};
  struct loc r = loc_span(a, b);
  UNIT_CHECK("loc_span: covers both", r.src == 1 && r.start == 2 &&
             r.end == 9, "%u %u-%u", r.src, r.start, r.end);
  r = loc_span(z, b);
  UNIT_CHECK("loc_span: with no location is the other", r.start == 2 &&
             r.end == 7, "%u-%u", r.start, r.end);
  r = loc_span(a, o);
  UNIT_CHECK("loc_span: another source is ignored", r.src == 1 &&
             r.start == 5 && r.end == 9, "%u %u-%u", r.src, r.start, r.end);
}

/* ---- suggestions ---- */

static void suggest_eq(const char *name, const char *word,
                       const char *const *cands, size_t n, const char *want)
{
  const char *got = diag_suggest(word, cands, n);
  UNIT_CHECK(name, (got && want && !strcmp(got, want)) || (!got && !want),
             "got %s, want %s", got ? got : "NULL", want ? want : "NULL");
}

static void test_suggest(void)
{
  static const char *const fields[] = {"done", "refresher", "lead",
                                       "senior_lead"};
  size_t nf = sizeof fields / sizeof *fields;
  suggest_eq("suggest: a name with a suffix", "refresher_months", fields, nf,
             "refresher");
  suggest_eq("suggest: a misspelling", "refrehser", fields, nf, "refresher");
  suggest_eq("suggest: one letter off", "senior_led", fields, nf,
             "senior_lead");
  suggest_eq("suggest: an exact match", "lead", fields, nf, "lead");
  suggest_eq("suggest: nothing close", "organisation", fields, nf, NULL);
  suggest_eq("suggest: no candidates", "lead", fields, 0, NULL);
  suggest_eq("suggest: a short name allows one edit", "dome", fields, nf,
             "done");
  suggest_eq("suggest: a short name does not allow two", "dame", fields + 1,
             nf - 1, NULL);
  static const char *const letters[] = {"x", "y"};
  suggest_eq("suggest: not a one-letter name for another", "z", letters, 2,
             NULL);
  static const char *const two[] = {"r", "ab"};
  suggest_eq("suggest: two letters allow one edit", "r2", two, 2, "r");
  static const char *const ties[] = {"cat", "car"};
  suggest_eq("suggest: of equals, the first", "cap", ties, 2, "cat");
  static const char *const shortc[] = {"abc"};
  suggest_eq("suggest: a prefix under 4 letters is not a suggestion",
             "abc_xyz", shortc, 1, NULL);
  static const char *const longc[] = {
    "a_name_that_is_much_longer_than_sixty_four_characters_for_the_test"};
  suggest_eq("suggest: names over 64 characters are not compared",
             "a_name_that_is_much_longer_than_sixty_four_characters_for_the_tesx",
             longc, 1, NULL);
  static const char *const kinds[] = {"section11-audit", "procedure"};
  suggest_eq("suggest: a kind with a hyphen", "section11_audit", kinds, 2,
             "section11-audit");
  suggest_eq("suggest: the limit is four edits", "proc", kinds, 2, NULL);
}

static void test_did_you_mean_and_forget(void)
{
  struct capture c;
  capture_init(&c);
  uint32_t src = add_text(&c.d, "r.duty", "expect lead.rol\n");
  static const char *const fields[] = {"name", "role"};
  diag_did_you_mean(&c.d, (struct loc){src, 12, 15}, "rol", fields, 2);
  char *s = taken(&c);
  UNIT_EQ_STR("did_you_mean: a note with the line when nothing came before",
              s,
              "r.duty:1:13: note: did you mean 'role'?\n"
              "    1 | expect lead.rol\n"
              "      |             ^~~\n");
  free(s);
  diag_did_you_mean(&c.d, (struct loc){src, 12, 15}, "zzzzzz", fields, 2);
  s = taken(&c);
  UNIT_EQ_STR("did_you_mean: nothing when no name is close", s, "");
  free(s);
  UNIT_EQ_INT("did_you_mean: a note is not an error", c.d.errors, 0);

  diag_forget_source(&c.d, src);
  const struct source *fs = diag_source(&c.d, src);
  UNIT_CHECK("forget_source: the text is gone, the name stays",
             fs && fs->len == 0 && !strcmp(fs->name, "r.duty") &&
               !strcmp(fs->data, ""), "len %zu", fs ? fs->len : 0);
  unsigned line, col;
  diag_line_col(&c.d, src, 12, &line, &col);
  UNIT_CHECK("forget_source: any offset is then 1:1", line == 1 && col == 1,
             "%u:%u", line, col);
  diag_error(&c.d, (struct loc){src, 12, 15}, "late");
  s = taken(&c);
  UNIT_EQ_STR("forget_source: a message still names the file, without a line",
              s, "r.duty:1:1: error: late\n");
  free(s);
  diag_forget_source(&c.d, 0);
  diag_forget_source(&c.d, 99);
  UNIT_CHECK("forget_source: no source or an unknown one is ignored",
             c.d.nsources == 2, "%zu sources", c.d.nsources);
  capture_release(&c);
}

int main(void)
{
  test_arena_alignment();
  test_arena_big();
  test_arena_reset();
  test_arena_strings();
  test_arena_overflow();
  test_intern();
  test_line_col();
  test_offset_round_trip();
  test_show_line();
  test_messages();
  test_suggest();
  test_did_you_mean_and_forget();
  return unit_end();
}
