/* test_load_yaml.c: the YAML loader: tree shape, locations, refusals. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "facts.h"
#include "intern.h"
#include "util.h"
#include "unit.h"

static struct intern names;

/* One load: a source named t.yaml, messages captured in out. */
struct run {
  FILE *f;
  char *out;
  size_t outlen;
  struct diag d;
  struct arena a;
  uint32_t src;
  struct fact *root;
};

static void run_begin(struct run *r, const char *text, size_t len)
{
  memset(r, 0, sizeof *r);
  r->f = open_memstream(&r->out, &r->outlen);
  diag_init(&r->d, r->f);
  arena_init(&r->a);
  r->src = diag_add_source(&r->d, "t.yaml", xstrndup(text, len), len);
}

static struct fact *run_load(struct run *r, uint32_t start, uint32_t end,
                             const struct load_limits *lim)
{
  struct load_limits def;
  load_limits_default(&def);
  r->root = load_yaml(&r->d, r->src, start, end, &r->a, &names,
                      lim ? lim : &def);
  fflush(r->f);
  return r->root;
}

static void run_end(struct run *r)
{
  diag_release(&r->d);
  arena_release(&r->a);
  fclose(r->f);
  free(r->out);
}

/* Load all of text (len bytes, NULs allowed). */
static struct fact *load_n(struct run *r, const char *text, size_t len)
{
  run_begin(r, text, len);
  return run_load(r, 0, (uint32_t)len, NULL);
}

static struct fact *load(struct run *r, const char *text)
{
  return load_n(r, text, strlen(text));
}

static const struct fact *get(const struct fact *m, const char *name)
{
  const struct fact_pair *p = fact_get(m, intern(&names, name));
  return p ? p->value : NULL;
}

static const char *text_of(const struct fact *f)
{
  return f && f->kind == FACT_SCALAR ? f->u.scalar.text : "(not a scalar)";
}

/* "line:col-line:col" of a location, for comparing. */
static const char *where(const struct run *r, struct loc at)
{
  static char buf[64];
  unsigned l1, c1, l2, c2;
  diag_line_col(&r->d, at.src, at.start, &l1, &c1);
  diag_line_col(&r->d, at.src, at.end, &l2, &c2);
  snprintf(buf, sizeof buf, "%u:%u-%u:%u", l1, c1, l2, c2);
  return buf;
}

/* Loading text fails with exactly the messages want. */
static void check_error_n(const char *name, const char *text, size_t len,
                          const char *want)
{
  struct run r;
  struct fact *root = load_n(&r, text, len);
  UNIT_CHECK(name, root == NULL, "loaded, want an error");
  UNIT_EQ_STR(name, r.out, want);
  UNIT_EQ_INT(name, r.d.errors, 1);
  run_end(&r);
}

static void check_error(const char *name, const char *text, const char *want)
{
  check_error_n(name, text, strlen(text), want);
}

static void test_shape(void)
{
  struct run r;
  const char *src = "kind: roles\n"
                    "title: \"A title\"\n"
                    "flags: [1, \"true\", true, 'x', ~]\n"
                    "nested:\n"
                    "  inner: value   # comment\n"
                    "  empty:\n"
                    "odd key: 2\n"
                    "block: |\n"
                    "  line one\n"
                    "  line two\n";
  struct fact *root = load(&r, src);
  UNIT_CHECK("shape: loads", root != NULL, "%s", r.out);
  if (!root) {
    run_end(&r);
    return;
  }
  UNIT_EQ_INT("shape: root is a map", root->kind, FACT_MAP);
  UNIT_EQ_INT("shape: root pairs", root->u.map.n, 6);
  UNIT_EQ_STR("shape: kind", text_of(get(root, "kind")), "roles");
  UNIT_CHECK("shape: kind plain", get(root, "kind")->u.scalar.plain, "no");
  UNIT_EQ_STR("shape: title", text_of(get(root, "title")), "A title");
  UNIT_CHECK("shape: quoted not plain",
             !get(root, "title")->u.scalar.plain, "plain");
  UNIT_EQ_STR("shape: key text", root->u.map.pairs[4].key, "odd key");
  UNIT_CHECK("shape: unknown key has no name",
             root->u.map.pairs[4].name == NULL, "has a name");
  UNIT_CHECK("shape: known key is interned",
             root->u.map.pairs[0].name == intern(&names, "kind"), "no");
  UNIT_CHECK("shape: fact_get on a scalar",
             fact_get(get(root, "kind"), intern(&names, "kind")) == NULL,
             "not NULL");
  UNIT_CHECK("shape: fact_get of an absent name",
             fact_get(root, intern(&names, "absent")) == NULL, "not NULL");

  const struct fact *flags = get(root, "flags");
  UNIT_EQ_INT("shape: list kind", flags->kind, FACT_LIST);
  UNIT_EQ_INT("shape: list items", flags->u.list.n, 5);
  UNIT_EQ_STR("shape: item 0", text_of(flags->u.list.items[0]), "1");
  UNIT_EQ_STR("shape: item 1", text_of(flags->u.list.items[1]), "true");
  UNIT_CHECK("shape: quoted true is not plain",
             !flags->u.list.items[1]->u.scalar.plain, "plain");
  UNIT_CHECK("shape: plain true is plain",
             flags->u.list.items[2]->u.scalar.plain, "not plain");
  UNIT_CHECK("shape: single-quoted is not plain",
             !flags->u.list.items[3]->u.scalar.plain, "plain");
  UNIT_EQ_STR("shape: tilde", text_of(flags->u.list.items[4]), "~");

  const struct fact *nested = get(root, "nested");
  UNIT_EQ_INT("shape: nested kind", nested->kind, FACT_MAP);
  UNIT_EQ_STR("shape: inner", text_of(get(nested, "inner")), "value");
  const struct fact *empty = get(nested, "empty");
  UNIT_EQ_STR("shape: empty value", text_of(empty), "");
  UNIT_CHECK("shape: empty value is plain", empty->u.scalar.plain, "no");
  UNIT_EQ_INT("shape: empty value len", empty->u.scalar.len, 0);
  UNIT_EQ_STR("shape: block scalar", text_of(get(root, "block")),
              "line one\nline two\n");
  UNIT_EQ_INT("shape: untyped", root->type, FT_UNTYPED);

  /* Locations. */
  UNIT_EQ_STR("loc: kind key", where(&r, root->u.map.pairs[0].key_loc),
              "1:1-1:5");
  UNIT_EQ_STR("loc: kind value", where(&r, get(root, "kind")->loc),
              "1:7-1:12");
  UNIT_EQ_STR("loc: quoted value takes its quotes",
              where(&r, get(root, "title")->loc), "2:8-2:17");
  UNIT_EQ_STR("loc: flow list", where(&r, flags->loc), "3:8-3:33");
  UNIT_EQ_STR("loc: flow item", where(&r, flags->u.list.items[3]->loc),
              "3:26-3:29");
  UNIT_EQ_STR("loc: block map ends at its last value, not the comment",
              where(&r, nested->loc), "5:3-6:9");
  UNIT_EQ_STR("loc: root", where(&r, root->loc), "1:1-11:1");
  run_end(&r);

  load(&r, "- a\n- b\n");
  UNIT_EQ_STR("loc: block sequence root refused",
              r.out, "t.yaml:1:1: error: expected a mapping at the top level\n"
                     "    1 | - a\n"
                     "      | ^\n");
  run_end(&r);

  root = load(&r, "list:\n- a\n- [b, c]\n");
  const struct fact *list = root ? get(root, "list") : NULL;
  UNIT_CHECK("loc: indentless sequence loads", list != NULL, "%s", r.out);
  if (list) {
    UNIT_EQ_INT("loc: indentless items", list->u.list.n, 2);
    UNIT_EQ_STR("loc: indentless sequence span", where(&r, list->loc),
                "2:1-3:9");
    UNIT_EQ_INT("loc: nested list", list->u.list.items[1]->u.list.n, 2);
  }
  run_end(&r);

  /* "\0" escapes keep their NUL and the length counts it. */
  root = load(&r, "a: \"x\\0y\"\n");
  UNIT_CHECK("nul: loads", root != NULL, "%s", r.out);
  if (root) {
    UNIT_EQ_INT("nul: len", get(root, "a")->u.scalar.len, 3);
    UNIT_CHECK("nul: bytes",
               memcmp(get(root, "a")->u.scalar.text, "x\0y", 4) == 0, "no");
  }
  run_end(&r);
}

static void test_utf8_columns(void)
{
  struct run r;
  /* libyaml counts characters: é is one column, two bytes. */
  struct fact *root = load(&r, "{name: \"\xc3\xa9\", b: v}\n");
  UNIT_CHECK("utf8: loads", root != NULL, "%s", r.out);
  if (root) {
    const struct fact_pair *b = fact_get(root, intern(&names, "b"));
    UNIT_EQ_INT("utf8: key b byte offset", b->key_loc.start, 13);
    UNIT_EQ_STR("utf8: key b column", where(&r, b->key_loc), "1:13-1:14");
    UNIT_EQ_STR("utf8: value after it", where(&r, b->value->loc),
                "1:16-1:17");
    UNIT_EQ_STR("utf8: the quoted value", where(&r, get(root, "name")->loc),
                "1:8-1:11");
    UNIT_EQ_STR("utf8: flow map", where(&r, root->loc), "1:1-1:18");
  }
  run_end(&r);

  /* Four-byte characters too. */
  root = load(&r, "{a: \"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\", b: 1}\n");
  if (root) {
    const struct fact_pair *b = fact_get(root, intern(&names, "b"));
    UNIT_EQ_INT("utf8: 4-byte offset", b->key_loc.start, 16);
    UNIT_EQ_STR("utf8: 4-byte column", where(&r, b->key_loc), "1:11-1:12");
  } else {
    UNIT_CHECK("utf8: 4-byte loads", 0, "%s", r.out);
  }
  run_end(&r);

  /* libyaml breaks lines at LS, PS and NEL, where the file's lines do not
   * break: offsets must not drift after one. */
  root = load(&r, "a: \"x\xe2\x80\xa8y\"\nb: \"\xc2\x85\" # c\nc: 1\n");
  UNIT_CHECK("utf8: LS and NEL load", root != NULL, "%s", r.out);
  if (root) {
    UNIT_EQ_STR("utf8: LS is kept", text_of(get(root, "a")), "x\xe2\x80\xa8y");
    UNIT_EQ_STR("utf8: key after LS", where(&r, root->u.map.pairs[1].key_loc),
                "2:1-2:2");
    UNIT_EQ_STR("utf8: key after NEL",
                where(&r, root->u.map.pairs[2].key_loc), "3:1-3:2");
    UNIT_EQ_STR("utf8: value after NEL", where(&r, get(root, "c")->loc),
                "3:4-3:5");
  }
  run_end(&r);
}

static void test_crlf_bom(void)
{
  struct run r;
  struct fact *root = load(&r, "a: 1\r\nb: \"x\"\r\nc:\r\n  - \xc3\xa9\r\n");
  UNIT_CHECK("crlf: loads", root != NULL, "%s", r.out);
  if (root) {
    UNIT_EQ_STR("crlf: b", where(&r, root->u.map.pairs[1].key_loc),
                "2:1-2:2");
    UNIT_EQ_STR("crlf: b value", where(&r, get(root, "b")->loc), "2:4-2:7");
    const struct fact *c = get(root, "c");
    UNIT_EQ_STR("crlf: item", where(&r, c->u.list.items[0]->loc), "4:5-4:6");
    UNIT_EQ_STR("crlf: item text", text_of(c->u.list.items[0]), "\xc3\xa9");
  }
  run_end(&r);

  /* The BOM is not a column: the first key is at 1:1. */
  root = load(&r, "\xef\xbb\xbf" "a: 1\nb: {c: x}\n");
  UNIT_CHECK("bom: loads", root != NULL, "%s", r.out);
  if (root) {
    UNIT_EQ_INT("bom: first key offset", root->u.map.pairs[0].key_loc.start,
                3);
    UNIT_EQ_STR("bom: first key", where(&r, root->u.map.pairs[0].key_loc),
                "1:1-1:2");
    UNIT_EQ_STR("bom: first value", where(&r, get(root, "a")->loc),
                "1:4-1:5");
    UNIT_EQ_STR("bom: second line", where(&r, get(root, "b")->loc),
                "2:4-2:10");
  }
  run_end(&r);

  check_error("bom: error on the first line",
              "\xef\xbb\xbf" "a: 1\na: 2\n",
              "t.yaml:2:1: error: duplicate key 'a'\n"
              "    2 | a: 2\n"
              "      | ^\n"
              "t.yaml:1:1: note: previous definition is here\n"
              "    1 | a: 1\n"
              "      | ^\n");
  check_error("bom: crlf and bom",
              "\xef\xbb\xbf" "k: !x 1\r\n",
              "t.yaml:1:4: error: tags are not allowed in submissions "
              "('!x')\n"
              "    1 | k: !x 1\n"
              "      |    ^~\n");
  check_error_n("bom: UTF-16 is refused", "\xff\xfe" "a\0:\0 \0" "1\0\n\0",
                12,
                "t.yaml:1:1: error: invalid UTF-8 in input\n"
                "    1 | \xff\xfe" "a?:? ?1?\n"
                "      | ^~\n");
}

static void test_front_matter(void)
{
  struct run r;
  const char *md = "---\n"
                   "kind: procedure\n"
                   "title: \"Safeguarding \xc3\xa9\"\n"
                   "---\n"
                   "# Body\n"
                   "kind: not this\n";
  run_begin(&r, md, strlen(md));
  uint32_t start = 4, end = (uint32_t)(strstr(md + 4, "---\n") - md);
  struct fact *root = run_load(&r, start, end, NULL);
  UNIT_CHECK("front matter: loads", root != NULL, "%s", r.out);
  if (root) {
    UNIT_EQ_INT("front matter: pairs", root->u.map.n, 2);
    UNIT_EQ_STR("front matter: kind", text_of(get(root, "kind")),
                "procedure");
    UNIT_EQ_STR("front matter: lines are file lines",
                where(&r, root->u.map.pairs[1].key_loc), "3:1-3:6");
    UNIT_EQ_STR("front matter: value", where(&r, get(root, "title")->loc),
                "3:8-3:24");
  }
  run_end(&r);

  md = "---\nkind: procedure\ntitle: [a, b\n---\nbody\n";
  run_begin(&r, md, strlen(md));
  end = (uint32_t)(strstr(md + 4, "---\n") - md);
  root = run_load(&r, 4, end, NULL);
  UNIT_CHECK("front matter: error", root == NULL, "loaded");
  UNIT_EQ_STR("front matter: error at file lines", r.out,
              "t.yaml:4:1: error: invalid YAML: did not find expected ',' "
              "or ']'\n"
              "    4 | ---\n"
              "      | ^\n"
              "t.yaml:3:8: note: while parsing a flow sequence\n"
              "    3 | title: [a, b\n"
              "      |        ^\n");
  run_end(&r);

  md = "---\n---\nbody\n";
  run_begin(&r, md, strlen(md));
  root = run_load(&r, 4, 4, NULL);
  UNIT_EQ_STR("front matter: empty", r.out,
              "t.yaml:2:1: error: empty input: expected a mapping with a "
              "'kind' key\n"
              "    2 | ---\n"
              "      | ^\n");
  run_end(&r);
}

static void test_errors(void)
{
  check_error("error: syntax with context",
              "a: 1\nb: [1, 2\nc: 3\n",
              "t.yaml:3:2: error: invalid YAML: did not find expected ',' "
              "or ']'\n"
              "    3 | c: 3\n"
              "      |  ^\n"
              "t.yaml:2:4: note: while parsing a flow sequence\n"
              "    2 | b: [1, 2\n"
              "      |    ^\n");
  check_error("error: bad indentation",
              "a:\n  b: 1\n c: 2\n",
              "t.yaml:3:2: error: invalid YAML: did not find expected key\n"
              "    3 |  c: 2\n"
              "      |  ^\n"
              "t.yaml:1:1: note: while parsing a block mapping\n"
              "    1 | a:\n"
              "      | ^\n");
  check_error("error: scanner error",
              "a: b: c\n",
              "t.yaml:1:5: error: invalid YAML: mapping values are not "
              "allowed in this context\n"
              "    1 | a: b: c\n"
              "      |     ^\n");
  check_error("error: tab indentation",
              "a:\n\tb: 1\n",
              "t.yaml:2:1: error: invalid YAML: found character that "
              "cannot start any token\n"
              "    2 | \tb: 1\n"
              "      | ^\n"
              "t.yaml:2:1: note: while scanning for the next token\n");
  check_error("error: invalid UTF-8 in a value",
              "kind: roles\nname: \"x\xff\"\n",
              "t.yaml:2:9: error: invalid UTF-8 in input\n"
              "    2 | name: \"x\xff\"\n"
              "      |         ^\n");
  check_error("error: truncated UTF-8 sequence",
              "kind: roles\nname: \"\xc3\xa9x\xc3\"\n",
              "t.yaml:2:10: error: invalid UTF-8 in input\n"
              "    2 | name: \"\xc3\xa9x\xc3\"\n"
              "      |          ^\n");
  check_error("error: overlong UTF-8",
              "a: \xc0\xaf\n",
              "t.yaml:1:4: error: invalid UTF-8 in input\n"
              "    1 | a: \xc0\xaf\n"
              "      |    ^\n");
  check_error("error: UTF-8 surrogate",
              "a: 1\nb: \xed\xa0\x80\n",
              "t.yaml:2:4: error: invalid UTF-8 in input\n"
              "    2 | b: \xed\xa0\x80\n"
              "      |    ^\n");
  check_error("error: control character",
              "a: \"x\x01\"\n",
              "t.yaml:1:6: error: invalid YAML: control characters are not "
              "allowed\n"
              "    1 | a: \"x?\"\n"
              "      |      ^\n");
  check_error("error: duplicate key",
              "kind: roles\nname: x\nkind: partnership\n",
              "t.yaml:3:1: error: duplicate key 'kind'\n"
              "    3 | kind: partnership\n"
              "      | ^~~~\n"
              "t.yaml:1:1: note: previous definition is here\n"
              "    1 | kind: roles\n"
              "      | ^~~~\n");
  check_error("error: duplicate key, the first repeated in the text",
              "b: 1\na: 1\na: 2\nb: 3\nb: 4\n",
              "t.yaml:3:1: error: duplicate key 'a'\n"
              "    3 | a: 2\n"
              "      | ^\n"
              "t.yaml:2:1: note: previous definition is here\n"
              "    2 | a: 1\n"
              "      | ^\n");
  check_error("error: duplicate quoted key in a nested flow map",
              "kind: roles\nx: [{\"k\": 1, k: 2}]\n",
              "t.yaml:2:14: error: duplicate key 'k'\n"
              "    2 | x: [{\"k\": 1, k: 2}]\n"
              "      |              ^\n"
              "t.yaml:2:6: note: previous definition is here\n"
              "    2 | x: [{\"k\": 1, k: 2}]\n"
              "      |      ^~~\n");
  check_error("error: anchor",
              "a: &anchor 1\n",
              "t.yaml:1:4: error: anchors and aliases are not allowed in "
              "submissions\n"
              "    1 | a: &anchor 1\n"
              "      |    ^~~~~~~\n");
  check_error("error: anchor after a tag",
              "a: !t &x 1\n",
              "t.yaml:1:7: error: anchors and aliases are not allowed in "
              "submissions\n"
              "    1 | a: !t &x 1\n"
              "      |       ^~\n");
  check_error("error: anchor on a mapping",
              "a: &m\n  b: 1\n",
              "t.yaml:1:4: error: anchors and aliases are not allowed in "
              "submissions\n"
              "    1 | a: &m\n"
              "      |    ^~\n");
  check_error("error: alias",
              "a: 1\nb: *lol\n",
              "t.yaml:2:4: error: anchors and aliases are not allowed in "
              "submissions\n"
              "    2 | b: *lol\n"
              "      |    ^~~~\n");
  check_error("error: billion laughs",
              "a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n",
              "t.yaml:1:4: error: anchors and aliases are not allowed in "
              "submissions\n"
              "    1 | a: &a [\"lol\",\"lol\"]\n"
              "      |    ^~\n");
  check_error("error: python tag",
              "a: !!python/object:os.system x\n",
              "t.yaml:1:4: error: tags are not allowed in submissions "
              "('!!python/object:os.system')\n"
              "    1 | a: !!python/object:os.system x\n"
              "      |    ^~~~~~~~~~~~~~~~~~~~~~~~~\n");
  check_error("error: custom tag",
              "a: !custom x\n",
              "t.yaml:1:4: error: tags are not allowed in submissions "
              "('!custom')\n"
              "    1 | a: !custom x\n"
              "      |    ^~~~~~~\n");
  check_error("error: str tag",
              "a: !!str 1\n",
              "t.yaml:1:4: error: tags are not allowed in submissions "
              "('!!str')\n"
              "    1 | a: !!str 1\n"
              "      |    ^~~~~\n");
  check_error("error: verbatim tag",
              "a: !<tag:x.org,2000:y> 1\n",
              "t.yaml:1:4: error: tags are not allowed in submissions "
              "('!<tag:x.org,2000:y>')\n"
              "    1 | a: !<tag:x.org,2000:y> 1\n"
              "      |    ^~~~~~~~~~~~~~~~~~~\n");
  check_error("error: tag in a flow sequence",
              "a: [!t x, y]\n",
              "t.yaml:1:5: error: tags are not allowed in submissions "
              "('!t')\n"
              "    1 | a: [!t x, y]\n"
              "      |     ^~\n");
  check_error("error: tag on a mapping",
              "a: !!map {b: 1}\n",
              "t.yaml:1:4: error: tags are not allowed in submissions "
              "('!!map')\n"
              "    1 | a: !!map {b: 1}\n"
              "      |    ^~~~~\n");
  check_error("error: tag on the root",
              "--- !!set\na: 1\n",
              "t.yaml:1:5: error: tags are not allowed in submissions "
              "('!!set')\n"
              "    1 | --- !!set\n"
              "      |     ^~~~~\n");
  check_error("error: non-scalar key in a flow map",
              "a: {[x]: 1}\n",
              "t.yaml:1:5: error: mapping keys must be plain text\n"
              "    1 | a: {[x]: 1}\n"
              "      |     ^\n");
  check_error("error: complex key",
              "? {x: 1}\n: 2\n",
              "t.yaml:1:3: error: mapping keys must be plain text\n"
              "    1 | ? {x: 1}\n"
              "      |   ^\n");
  check_error("error: two documents",
              "kind: roles\n---\nkind: roles\n",
              "t.yaml:2:1: error: more than one YAML document in one input\n"
              "    2 | ---\n"
              "      | ^~~\n");
  check_error("error: an empty second document",
              "kind: roles\n...\n---\n",
              "t.yaml:3:1: error: more than one YAML document in one input\n"
              "    3 | ---\n"
              "      | ^~~\n");
  check_error_n("error: empty input", "", 0,
                "t.yaml:1:1: error: empty input: expected a mapping with a "
                "'kind' key\n");
  check_error("error: only a comment",
              "# nothing here\n",
              "t.yaml:1:1: error: empty input: expected a mapping with a "
              "'kind' key\n"
              "    1 | # nothing here\n"
              "      | ^\n");
  check_error("error: an empty document",
              "---\n",
              "t.yaml:1:1: error: empty input: expected a mapping with a "
              "'kind' key\n"
              "    1 | ---\n"
              "      | ^\n");
  check_error("error: scalar root",
              "just text\n",
              "t.yaml:1:1: error: expected a mapping at the top level\n"
              "    1 | just text\n"
              "      | ^~~~~~~~~\n");
  check_error("error: flow sequence root",
              "[1, 2]\n",
              "t.yaml:1:1: error: expected a mapping at the top level\n"
              "    1 | [1, 2]\n"
              "      | ^\n");
  check_error("error: null root",
              "~\n",
              "t.yaml:1:1: error: expected a mapping at the top level\n"
              "    1 | ~\n"
              "      | ^\n");
}

static void test_limits(void)
{
  /* 100000 '[': refused at the 65th, long before libyaml reaches the end. */
  size_t n = 100000;
  char *deep = xmalloc(n + 8);
  memcpy(deep, "a: ", 3);
  memset(deep + 3, '[', n);
  memcpy(deep + 3 + n, "\n", 2);
  struct run r;
  clock_t t0 = clock();
  struct fact *root = load(&r, deep);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  UNIT_CHECK("limits: deep nesting refused", root == NULL, "loaded");
  /* Generous: the point is "not quadratic", and valgrind is slow. */
  UNIT_CHECK("limits: deep nesting is fast", secs < 10.0, "%.2fs", secs);
  const char *want = "t.yaml:1:67: error: too many nested mappings and "
                     "sequences (limit is 64)\n";
  UNIT_CHECK("limits: depth message",
             strncmp(r.out, want, strlen(want)) == 0, "got '%.200s'", r.out);
  run_end(&r);

  /* Block nesting: 63 levels under the root map are fine, 64 are not. */
  for (int levels = 63; levels <= 64; levels++) {
    char buf[8192];
    size_t len = 0;
    for (int i = 0; i < levels; i++)
      len += (size_t)snprintf(buf + len, sizeof buf - len, "%*sk:\n", 2 * i,
                              "");
    snprintf(buf + len, sizeof buf - len, "%*sk: v\n", 2 * levels, "");
    root = load(&r, buf);
    if (levels == 63)
      UNIT_CHECK("limits: 64 levels load", root != NULL, "%.300s", r.out);
    else
      UNIT_CHECK("limits: 65 levels refused",
                 root == NULL && strstr(r.out, "t.yaml:65:") &&
                   strstr(r.out, "(limit is 64)"),
                 "%.300s", r.out);
    run_end(&r);
  }
  free(deep);

  struct load_limits lim;
  load_limits_default(&lim);
  UNIT_EQ_INT("limits: default depth", lim.max_depth, 64);
  UNIT_EQ_INT("limits: default nodes", lim.max_nodes, 1000000);
  lim.max_nodes = 6;
  const char *src = "a: 1\nb: [1, 2]\n";
  run_begin(&r, src, strlen(src));
  root = run_load(&r, 0, (uint32_t)strlen(src), &lim);
  UNIT_EQ_STR("limits: node count", r.out,
              "t.yaml:2:8: error: too many values in one input (limit is "
              "6)\n"
              "    2 | b: [1, 2]\n"
              "      |        ^\n");
  run_end(&r);
  lim.max_nodes = 7;
  run_begin(&r, src, strlen(src));
  root = run_load(&r, 0, (uint32_t)strlen(src), &lim);
  UNIT_CHECK("limits: node count at the limit", root != NULL, "%s", r.out);
  run_end(&r);
  lim.max_depth = 1;
  run_begin(&r, src, strlen(src));
  root = run_load(&r, 0, (uint32_t)strlen(src), &lim);
  UNIT_EQ_STR("limits: depth 1", r.out,
              "t.yaml:2:4: error: too many nested mappings and sequences "
              "(limit is 1)\n"
              "    2 | b: [1, 2]\n"
              "      |    ^\n");
  run_end(&r);
}

/* Many keys, one repeated at the end: found, and quickly. */
static void test_many_keys(void)
{
  size_t n = 100000, cap = n * 16 + 64, len = 0;
  char *buf = xmalloc(cap);
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(buf + len, cap - len, "k%zu: %zu\n", i, i);
  len += (size_t)snprintf(buf + len, cap - len, "k7: again\n");
  struct run r;
  clock_t t0 = clock();
  struct fact *root = load_n(&r, buf, len);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  UNIT_CHECK("many keys: duplicate found", root == NULL &&
               strstr(r.out, "error: duplicate key 'k7'") &&
               strstr(r.out, "t.yaml:8:1: note: previous definition is here"),
             "%.300s", r.out);
  UNIT_CHECK("many keys: fast", secs < 30.0, "%.2fs", secs);
  run_end(&r);

  len -= strlen("k7: again\n");
  root = load_n(&r, buf, len);
  UNIT_CHECK("many keys: load", root && root->u.map.n == n, "%.300s", r.out);
  if (root) {
    const struct fact_pair *last = &root->u.map.pairs[n - 1];
    UNIT_EQ_STR("many keys: last key", last->key, "k99999");
    char want[64];
    snprintf(want, sizeof want, "%zu:1-%zu:%zu", n, n,
             strlen(last->key) + 1);
    UNIT_EQ_STR("many keys: last key loc", where(&r, last->key_loc), want);
  }
  run_end(&r);
  free(buf);
}

int main(void)
{
  intern_init(&names);
  const char *known[] = {"kind", "title", "flags", "nested", "inner",
                         "empty", "block", "name", "a", "b", "c", "list"};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    intern(&names, known[i]);
  test_shape();
  test_utf8_columns();
  test_crlf_bom();
  test_front_matter();
  test_errors();
  test_limits();
  test_many_keys();
  intern_release(&names);
  printf("%d passed, %d failed\n", unit_passed_, unit_failed_);
  return unit_end();
}
