/* Unit tests for load_markdown: front matter, the flattened body, sections,
 * tables, locations and the exact text of every error. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load_markdown.h"
#include "unit.h"
#include "util.h"

struct fixture {
  struct diag d;
  FILE *out;
  char *msgs;
  size_t msgs_len;
  struct arena a;
  struct md_doc doc;
  uint32_t src;
  int rc;
};

static void load_n(struct fixture *t, const char *data, size_t len)
{
  t->msgs = NULL;
  t->msgs_len = 0;
  t->out = open_memstream(&t->msgs, &t->msgs_len);
  if (!t->out)
    BUG("open_memstream failed");
  diag_init(&t->d, t->out);
  arena_init(&t->a);
  t->src = diag_add_source(&t->d, "doc.md", xstrndup(data, len), len);
  t->rc = load_markdown(&t->d, t->src, &t->a, &t->doc);
  fflush(t->out);
}

static void load(struct fixture *t, const char *data)
{
  load_n(t, data, strlen(data));
}

static void done(struct fixture *t)
{
  arena_release(&t->a);
  diag_release(&t->d);
  fclose(t->out);
  free(t->msgs);
}

/* "line:col" of a location's start, and of its end. */
static const char *where(const struct fixture *t, struct loc at)
{
  static char buf[4][32];
  static int next;
  char *b = buf[next++ % 4];
  unsigned line, col;
  diag_line_col(&t->d, at.src, at.start, &line, &col);
  snprintf(b, sizeof buf[0], "%u:%u", line, col);
  return b;
}

static const char *where_end(const struct fixture *t, struct loc at)
{
  return where(t, (struct loc){at.src, at.end, at.end});
}

/* The source bytes of a location, NUL-terminated in a static buffer. */
static const char *src_text(const struct fixture *t, struct loc at)
{
  static char buf[256];
  const struct source *s = diag_source(&t->d, at.src);
  size_t n = at.end > at.start ? at.end - at.start : 0;
  if (!s || n >= sizeof buf)
    return "(bad loc)";
  memcpy(buf, s->data + at.start, n);
  buf[n] = '\0';
  return buf;
}

static const char *text_of(const struct md_doc *doc, size_t from, size_t to)
{
  static char buf[1024];
  size_t n = to > from ? to - from : 0;
  if (n >= sizeof buf)
    n = sizeof buf - 1;
  memcpy(buf, doc->text + from, n);
  buf[n] = '\0';
  return buf;
}

/* The location of the first occurrence of phrase in the flattened text. */
static struct loc phrase_loc(const struct fixture *t, const char *phrase)
{
  const char *p = strstr(t->doc.text, phrase);
  if (!p)
    return (struct loc){0, 0, 0};
  size_t from = (size_t)(p - t->doc.text);
  return md_text_loc(&t->doc, from, from + strlen(phrase));
}

static const char policy[] =
  "---\n"
  "kind: procedure\n"
  "title: Safeguarding children policy\n"
  "---\n"
  "# Safeguarding children policy\n"
  "\n"
  "This policy applies to all staff\n"
  "and volunteers.\n"
  "\n"
  "## Allegations against staff\n"
  "\n"
  "- An initial assessment must be completed within 10 working days of the "
  "referral.\n"
  "- The designated officer is informed **within one working day**.\n"
  "\n"
  "### Timescales\n"
  "\n"
  "| Stage | Timescale |\n"
  "|---|---|\n"
  "| Initial assessment | 7 working days |\n"
  "| Core assessment | 35 working days |\n"
  "\n"
  "## Recruitment ##\n"
  "\n"
  "Caf\xC3\xA9 staff are checked against List 99 before they start.\n";

static void test_policy(void)
{
  struct fixture t;
  load(&t, policy);
  const struct md_doc *doc = &t.doc;
  UNIT_EQ_INT("policy: loads", t.rc, 0);
  UNIT_EQ_STR("policy: no messages", t.msgs, "");
  UNIT_CHECK("policy: has front matter", doc->has_front, "false");
  UNIT_EQ_INT("policy: front starts after '---'", doc->front_start, 4);
  UNIT_EQ_INT("policy: front ends at closing line", doc->front_end, 56);
  UNIT_EQ_STR("policy: front matter text",
              src_text(&t, (struct loc){t.src, doc->front_start,
                                        doc->front_end}),
              "kind: procedure\ntitle: Safeguarding children policy\n");
  UNIT_EQ_STR("policy: front_loc", where(&t, doc->front_loc), "1:1");
  UNIT_EQ_STR("policy: front_loc text", src_text(&t, doc->front_loc), "---");
  UNIT_EQ_INT("policy: body start", doc->body_start, 60);

  UNIT_CHECK("policy: title", doc->title
             && strcmp(doc->title, "Safeguarding children policy") == 0,
             "got '%s'", doc->title ? doc->title : "(null)");
  UNIT_EQ_INT("policy: title_len", doc->title_len, 28);
  UNIT_EQ_STR("policy: title_loc", where(&t, doc->title_loc), "5:3");
  UNIT_EQ_STR("policy: title_loc end", where_end(&t, doc->title_loc), "5:31");

  UNIT_EQ_STR("policy: text", doc->text,
              "Safeguarding children policy\n"
              "This policy applies to all staff and volunteers.\n"
              "Allegations against staff\n"
              "An initial assessment must be completed within 10 working "
              "days of the referral.\n"
              "The designated officer is informed within one working day.\n"
              "Timescales\n"
              "Stage\tTimescale\n"
              "Initial assessment\t7 working days\n"
              "Core assessment\t35 working days\n"
              "Recruitment\n"
              "Caf\xC3\xA9 staff are checked against List 99 before they "
              "start.\n");
  UNIT_EQ_INT("policy: text_len", doc->text_len, strlen(doc->text));

  UNIT_EQ_INT("policy: 4 sections", doc->nsections, 4);
  if (doc->nsections == 4) {
    static const char *const heads[] = {
      "Safeguarding children policy", "Allegations against staff",
      "Timescales", "Recruitment"};
    static const int levels[] = {1, 2, 3, 2};
    static const char *const at[] = {"5:3", "10:4", "15:5", "22:4"};
    for (int i = 0; i < 4; i++) {
      const struct md_section *s = &doc->sections[i];
      char name[64];
      snprintf(name, sizeof name, "policy: section %d heading", i);
      UNIT_EQ_STR(name, s->heading, heads[i]);
      snprintf(name, sizeof name, "policy: section %d heading_len", i);
      UNIT_EQ_INT(name, s->heading_len, strlen(heads[i]));
      snprintf(name, sizeof name, "policy: section %d level", i);
      UNIT_EQ_INT(name, s->level, levels[i]);
      snprintf(name, sizeof name, "policy: section %d line:col", i);
      UNIT_EQ_STR(name, where(&t, s->loc), at[i]);
      snprintf(name, sizeof name, "policy: section %d loc is the heading", i);
      UNIT_EQ_STR(name, src_text(&t, s->loc), heads[i]);
    }
    const struct md_section *s = &doc->sections[1];
    UNIT_EQ_STR("policy: section body runs to the next level-2 heading",
                text_of(doc, s->text_start, s->text_end),
                "An initial assessment must be completed within 10 working "
                "days of the referral.\n"
                "The designated officer is informed within one working day.\n"
                "Timescales\n"
                "Stage\tTimescale\n"
                "Initial assessment\t7 working days\n"
                "Core assessment\t35 working days\n");
    s = &doc->sections[2];
    UNIT_EQ_STR("policy: level-3 section body",
                text_of(doc, s->text_start, s->text_end),
                "Stage\tTimescale\n"
                "Initial assessment\t7 working days\n"
                "Core assessment\t35 working days\n");
    s = &doc->sections[3];
    UNIT_EQ_STR("policy: last section body (closing #s dropped)",
                text_of(doc, s->text_start, s->text_end),
                "Caf\xC3\xA9 staff are checked against List 99 before they "
                "start.\n");
    s = &doc->sections[0];
    UNIT_EQ_INT("policy: level-1 section runs to the end", s->text_end,
                doc->text_len);
    UNIT_EQ_INT("policy: level-1 body starts after its heading",
                s->text_start, strlen("Safeguarding children policy\n"));
  }

  UNIT_EQ_INT("policy: one table", doc->ntables, 1);
  if (doc->ntables == 1 && doc->tables[0].nrows == 3) {
    const struct md_table *tb = &doc->tables[0];
    UNIT_CHECK("policy: header row", tb->rows[0].header && !tb->rows[1].header
               && !tb->rows[2].header, "header flags wrong");
    static const char *const cells[3][2] = {
      {"Stage", "Timescale"},
      {"Initial assessment", "7 working days"},
      {"Core assessment", "35 working days"}};
    static const char *const at[3][2] = {
      {"17:3", "17:11"}, {"19:3", "19:24"}, {"20:3", "20:21"}};
    for (int r = 0; r < 3; r++) {
      UNIT_EQ_INT("policy: two cells per row", tb->rows[r].ncells, 2);
      for (int c = 0; c < 2 && c < (int)tb->rows[r].ncells; c++) {
        const struct md_cell *cl = &tb->rows[r].cells[c];
        char name[64];
        snprintf(name, sizeof name, "policy: cell %d,%d text", r, c);
        UNIT_EQ_STR(name, cl->text, cells[r][c]);
        snprintf(name, sizeof name, "policy: cell %d,%d len", r, c);
        UNIT_EQ_INT(name, cl->len, strlen(cells[r][c]));
        snprintf(name, sizeof name, "policy: cell %d,%d line:col", r, c);
        UNIT_EQ_STR(name, where(&t, cl->loc), at[r][c]);
        snprintf(name, sizeof name, "policy: cell %d,%d source", r, c);
        UNIT_EQ_STR(name, src_text(&t, cl->loc), cells[r][c]);
      }
    }
    UNIT_EQ_STR("policy: table text",
                text_of(doc, tb->text_start, tb->text_end),
                "Stage\tTimescale\n"
                "Initial assessment\t7 working days\n"
                "Core assessment\t35 working days\n");
  } else {
    UNIT_CHECK("policy: table has 3 rows", 0, "got %zu tables",
               doc->ntables);
  }

  struct loc l = phrase_loc(&t, "within 10 working days");
  UNIT_EQ_STR("policy: phrase in a list item", where(&t, l), "12:43");
  UNIT_EQ_STR("policy: phrase in a list item, source", src_text(&t, l),
              "within 10 working days");
  l = phrase_loc(&t, "List 99");
  UNIT_EQ_STR("policy: phrase after a UTF-8 character", where(&t, l),
              "24:32");
  UNIT_EQ_STR("policy: phrase after a UTF-8 character, source",
              src_text(&t, l), "List 99");
  l = phrase_loc(&t, "Caf\xC3\xA9");
  UNIT_EQ_STR("policy: phrase ending in a UTF-8 character", where_end(&t, l),
              "24:5");
  l = phrase_loc(&t, "within one working day");
  UNIT_EQ_STR("policy: phrase in bold", where(&t, l), "13:40");
  UNIT_EQ_STR("policy: phrase in bold, source", src_text(&t, l),
              "within one working day");
  l = phrase_loc(&t, "informed within one");
  UNIT_EQ_STR("policy: phrase across markup starts", where(&t, l), "13:29");
  UNIT_EQ_STR("policy: phrase across markup spans it", src_text(&t, l),
              "informed **within one");
  l = phrase_loc(&t, "staff and volunteers");
  UNIT_EQ_STR("policy: phrase across a soft break", src_text(&t, l),
              "staff\nand volunteers");
  l = phrase_loc(&t, "7 working days");
  UNIT_EQ_STR("policy: phrase in a table cell", where(&t, l), "19:24");
  size_t nl = strlen("Safeguarding children policy");
  l = md_text_loc(doc, nl, nl + 1);
  UNIT_CHECK("policy: a made-up line break maps to an empty loc",
             l.start == l.end, "got %u..%u", l.start, l.end);
  l = md_text_loc(doc, doc->text_len + 5, doc->text_len + 9);
  UNIT_CHECK("policy: out of range is clamped", l.src == t.src
             && l.start == l.end && l.start <= strlen(policy),
             "got %u..%u", l.start, l.end);
  done(&t);
}

/* The same kind of document with a byte order mark and CRLF lines. */
static void test_crlf(void)
{
  struct fixture t;
  load(&t, "\xEF\xBB\xBF---\r\n"
           "kind: procedure\r\n"
           "---\r\n"
           "# Policy\r\n"
           "\r\n"
           "Referrals are acknowledged\r\n"
           "within 2 working days. Caf\xC3\xA9 notes\r\n"
           "\r\n"
           "## Next\r\n"
           "Last line");
  const struct md_doc *doc = &t.doc;
  UNIT_EQ_INT("crlf: loads", t.rc, 0);
  UNIT_EQ_STR("crlf: front matter text",
              src_text(&t, (struct loc){t.src, doc->front_start,
                                        doc->front_end}),
              "kind: procedure\r\n");
  UNIT_EQ_INT("crlf: front_loc after the BOM", doc->front_loc.start, 3);
  UNIT_EQ_STR("crlf: text has no CR", doc->text,
              "Policy\nReferrals are acknowledged within 2 working days. "
              "Caf\xC3\xA9 notes\nNext\nLast line\n");
  UNIT_EQ_INT("crlf: sections", doc->nsections, 2);
  if (doc->nsections == 2) {
    UNIT_EQ_STR("crlf: section 1 line", where(&t, doc->sections[0].loc),
                "4:3");
    UNIT_EQ_STR("crlf: section 2 line", where(&t, doc->sections[1].loc),
                "9:4");
    UNIT_EQ_STR("crlf: section 2 body",
                text_of(doc, doc->sections[1].text_start,
                        doc->sections[1].text_end),
                "Last line\n");
  }
  struct loc l = phrase_loc(&t, "within 2 working days");
  UNIT_EQ_STR("crlf: phrase line:col", where(&t, l), "7:1");
  UNIT_EQ_STR("crlf: phrase source", src_text(&t, l),
              "within 2 working days");
  l = phrase_loc(&t, "notes");
  UNIT_EQ_STR("crlf: phrase after a UTF-8 character", where(&t, l), "7:29");
  l = phrase_loc(&t, "acknowledged within");
  UNIT_EQ_STR("crlf: phrase across a CRLF soft break", src_text(&t, l),
              "acknowledged\r\nwithin");
  l = phrase_loc(&t, "Last line");
  UNIT_EQ_STR("crlf: last line without a break", where(&t, l), "10:1");
  done(&t);
}

static void test_front_forms(void)
{
  struct fixture t;
  load(&t, "---\nkind: procedure\n...\nBody.\n");
  UNIT_EQ_INT("front: '...' closes", t.rc, 0);
  UNIT_EQ_STR("front: '...' body", t.doc.text, "Body.\n");
  done(&t);

  load(&t, "--- \nkind: procedure\n---\t\nBody.\n");
  UNIT_EQ_INT("front: trailing blanks on the fences", t.rc, 0);
  UNIT_EQ_INT("front: trailing blanks, front_start", t.doc.front_start, 5);
  done(&t);

  load(&t, "---\nkind: procedure\n---");
  UNIT_EQ_INT("front: closing line at the end of the file", t.rc, 0);
  UNIT_EQ_INT("front: empty body", t.doc.text_len, 0);
  UNIT_EQ_STR("front: empty body text", t.doc.text, "");
  UNIT_EQ_INT("front: no sections", t.doc.nsections, 0);
  UNIT_CHECK("front: no title", t.doc.title == NULL, "got a title");
  struct loc l = md_text_loc(&t.doc, 0, 0);
  UNIT_CHECK("front: empty body loc", l.src == t.src && l.start == 23,
             "got %u", l.start);
  done(&t);

  load(&t, "---\n---\n# T\n");
  UNIT_EQ_INT("front: empty front matter", t.rc, 0);
  UNIT_CHECK("front: empty range", t.doc.front_start == 4
             && t.doc.front_end == 4, "got %u..%u", t.doc.front_start,
             t.doc.front_end);
  done(&t);

  load(&t, "---\nkind: procedure\nnote: |\n  ---x\n---\n# T\n");
  UNIT_EQ_INT("front: '---x' does not close", t.rc, 0);
  UNIT_EQ_INT("front: '---x' stays in the YAML", t.doc.front_end, 35);
  done(&t);
}

static void test_errors(void)
{
  struct fixture t;
  load(&t, "# Safeguarding policy\n\nText.\n");
  UNIT_EQ_INT("no front matter: fails", t.rc, -1);
  UNIT_EQ_STR("no front matter: message", t.msgs,
              "doc.md:1:1: error: no front matter: start the document with "
              "a '---' line, then 'kind: procedure' and the other fields, "
              "then '---'\n"
              "    1 | # Safeguarding policy\n"
              "      | ^\n");
  UNIT_EQ_INT("no front matter: one error", t.d.errors, 1);
  done(&t);

  load(&t, "");
  UNIT_EQ_INT("empty file: fails", t.rc, -1);
  UNIT_EQ_STR("empty file: message", t.msgs,
              "doc.md:1:1: error: no front matter: start the document with "
              "a '---' line, then 'kind: procedure' and the other fields, "
              "then '---'\n");
  done(&t);

  load(&t, "----\nkind: procedure\n----\n");
  UNIT_EQ_INT("four dashes are not a fence", t.rc, -1);
  done(&t);

  load(&t, "---\nkind: procedure\ntitle: x\n\n# Policy\n");
  UNIT_EQ_INT("unterminated: fails", t.rc, -1);
  UNIT_EQ_STR("unterminated: message at the opener", t.msgs,
              "doc.md:1:1: error: unterminated front matter: no closing "
              "'---' line\n"
              "    1 | ---\n"
              "      | ^~~\n");
  done(&t);

  load(&t, "\xEF\xBB\xBF---\r\nkind: procedure\r\n");
  UNIT_EQ_INT("unterminated after a BOM: fails", t.rc, -1);
  UNIT_EQ_STR("unterminated after a BOM: the BOM takes no column", t.msgs,
              "doc.md:1:1: error: unterminated front matter: no closing "
              "'---' line\n"
              "    1 | ---\n"
              "      | ^~~\n");
  done(&t);

  load(&t, "---\nkind: procedure\n---\n# Policy\nBad \xFF byte\n");
  UNIT_EQ_INT("invalid UTF-8: fails", t.rc, -1);
  UNIT_EQ_STR("invalid UTF-8: message", t.msgs,
              "doc.md:5:5: error: invalid UTF-8 in input\n"
              "    5 | Bad \xFF byte\n"
              "      |     ^\n");
  done(&t);

  load(&t, "---\nkind: caf\xC3\xA9 \xC0\xAF\n---\n");
  UNIT_EQ_INT("overlong UTF-8 in the front matter: fails", t.rc, -1);
  UNIT_CHECK("overlong UTF-8: located in the YAML", strncmp(t.msgs,
             "doc.md:2:12: error: invalid UTF-8 in input\n", 42) == 0,
             "got '%s'", t.msgs);
  done(&t);

  load(&t, "---\nx: \xED\xA0\x80\n---\n");
  UNIT_CHECK("surrogate is invalid", t.rc == -1 && strncmp(t.msgs,
             "doc.md:2:4: error: invalid UTF-8 in input\n", 41) == 0,
             "got '%s'", t.msgs);
  done(&t);

  load(&t, "---\nx: y\n---\nend \xE2\x82");
  UNIT_CHECK("truncated sequence at the end is invalid", t.rc == -1
             && strncmp(t.msgs, "doc.md:4:5: error: invalid UTF-8 in input\n",
                        41) == 0, "got '%s'", t.msgs);
  done(&t);

  load(&t, "no front \xF5\x80\x80\x80 matter\n");
  UNIT_CHECK("UTF-8 is checked before the front matter", t.rc == -1
             && strstr(t.msgs, "invalid UTF-8") && t.d.errors == 1,
             "got '%s'", t.msgs);
  done(&t);
}

static void test_body_forms(void)
{
  struct fixture t;
  load(&t, "---\nkind: procedure\n---\n"
           "Policy\n"
           "======\n"
           "\n"
           "Fish &amp; chips within 3&nbsp;days &copy; &bogus; &#x41;&#66;.\n"
           "\n"
           "<!-- within 99 days -->\n"
           "\n"
           "Line one  \n"
           "line two\\\n"
           "line three\n"
           "\n"
           "1. first\n"
           "   - nested\n"
           "2. second\n"
           "\n"
           "> quoted `code span`\n"
           "\n"
           "```\n"
           "fenced\n"
           "```\n"
           "\n"
           "| a | b |\n"
           "|---|---|\n"
           "|   | after empty |\n");
  const struct md_doc *doc = &t.doc;
  UNIT_EQ_INT("forms: loads", t.rc, 0);
  UNIT_EQ_STR("forms: text", doc->text,
              "Policy\n"
              "Fish & chips within 3 days \xC2\xA9 &bogus; AB.\n"
              "Line one\nline two\nline three\n"
              "first\nnested\nsecond\n"
              "quoted code span\n"
              "fenced\n"
              "a\tb\n"
              "\tafter empty\n");
  UNIT_CHECK("forms: setext title", doc->title
             && strcmp(doc->title, "Policy") == 0 && doc->nsections == 1
             && doc->sections[0].level == 1, "wrong title or sections");
  UNIT_EQ_STR("forms: setext title line", where(&t, doc->title_loc), "4:1");
  struct loc l = phrase_loc(&t, "chips within");
  UNIT_EQ_STR("forms: phrase after an entity", where(&t, l), "7:12");
  UNIT_EQ_STR("forms: phrase after an entity, source", src_text(&t, l),
              "chips within");
  l = phrase_loc(&t, "&bogus;");
  UNIT_EQ_STR("forms: unknown entity kept as written", src_text(&t, l),
              "&bogus;");
  l = phrase_loc(&t, "code span");
  UNIT_EQ_STR("forms: code span", where(&t, l), "19:11");
  l = phrase_loc(&t, "line three");
  UNIT_EQ_STR("forms: after a hard break", where(&t, l), "13:1");
  UNIT_CHECK("forms: raw HTML is left out", !strstr(doc->text, "99"),
             "HTML comment in text");
  if (doc->ntables == 1 && doc->tables[0].nrows == 2
      && doc->tables[0].rows[1].ncells == 2) {
    const struct md_cell *c = &doc->tables[0].rows[1].cells[0];
    UNIT_EQ_INT("forms: empty cell", c->len, 0);
    UNIT_EQ_STR("forms: empty cell is placed at the row's text",
                where(&t, c->loc), "27:7");
    UNIT_CHECK("forms: empty cell loc is empty", c->loc.start == c->loc.end
               && c->loc.src == t.src, "got %u..%u", c->loc.start,
               c->loc.end);
  } else {
    UNIT_CHECK("forms: table shape", 0, "unexpected table");
  }
  done(&t);

  /* A NUL byte reads as a space and offsets stay right. */
  static const char nul[] = "---\nk: v\n---\nA\0B within 5 days\n";
  load_n(&t, nul, sizeof nul - 1);
  UNIT_EQ_INT("nul: loads", t.rc, 0);
  UNIT_EQ_STR("nul: text", t.doc.text, "A B within 5 days\n");
  l = phrase_loc(&t, "within");
  UNIT_EQ_STR("nul: phrase after it", where(&t, l), "4:5");
  done(&t);

  /* Heading levels close the right sections. */
  load(&t, "---\nk: v\n---\n# A\na\n## B\nb\n### C\nc\n# D\nd\n## E\n");
  doc = &t.doc;
  UNIT_EQ_INT("levels: five sections", doc->nsections, 5);
  UNIT_EQ_INT("levels: title is the first level 1", doc->title_len, 1);
  if (doc->nsections == 5) {
    static const char *const bodies[] = {
      "a\nB\nb\nC\nc\n", "b\nC\nc\n", "c\n", "d\nE\n", ""};
    for (int i = 0; i < 5; i++) {
      char name[64];
      snprintf(name, sizeof name, "levels: section %d body", i);
      UNIT_EQ_STR(name, text_of(doc, doc->sections[i].text_start,
                                doc->sections[i].text_end), bodies[i]);
    }
    UNIT_EQ_STR("levels: last section heading line",
                where(&t, doc->sections[4].loc), "12:4");
  }
  done(&t);
}

int main(void)
{
  test_policy();
  test_crlf();
  test_front_forms();
  test_errors();
  test_body_forms();
  printf("%d passed, %d failed\n", unit_passed_, unit_failed_);
  return unit_end();
}
