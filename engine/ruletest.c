/* ruletest.c: `dutycheck test`: the rule packs' own test cases.
 *
 * Beside each pack, files tests/NAME.yaml hold cases: a mapping with `test` (a
 * name), optional `as_of`, `expect` (rule id: verdict) and either `input`
 * (the submission, inline) or `input_markdown` (a whole procedure document
 * as text); or a `tests:` list of such mappings. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "check.h"
#include "cli.h"
#include "util.h"

struct tally {
  int passed, failed, errors;
};

static const struct fact *get(const struct program *p, const struct fact *m,
                              const char *name)
{
  const struct fact_pair *pair = fact_get(m, intern_lookup(p->names, name,
                                                           strlen(name)));
  return pair ? pair->value : NULL;
}

static int verdict_of(const char *s)
{
  for (int v = 0; v < 6; v++)
    if (!strcmp(s, verdict_name[v]))
      return v;
  return -1;
}

static void run_case(struct checker *c, const struct fact *t, struct tally *k)
{
  struct diag *d = c->d;
  const struct program *p = c->p;
  const struct fact *name = get(p, t, "test");
  const char *title = name && name->kind == FACT_SCALAR
                        ? name->u.scalar.text : "(unnamed)";
  const struct fact *expect = get(p, t, "expect");
  const struct fact *input = get(p, t, "input");
  const struct fact *md = get(p, t, "input_markdown");
  const struct fact *as_of = get(p, t, "as_of");
  if (!expect || expect->kind != FACT_MAP || expect->u.map.n == 0) {
    diag_error(d, t->loc, "test '%s' has no 'expect' mapping of rule ids to "
               "verdicts", title);
    k->errors++;
    return;
  }
  if (!!input == !!md) {
    diag_error(d, t->loc, "test '%s' needs exactly one of 'input' and "
               "'input_markdown'", title);
    k->errors++;
    return;
  }
  bool saved_have = c->have_as_of;
  int32_t saved = c->as_of;
  if (as_of) {
    int32_t day;
    if (as_of->kind != FACT_SCALAR ||
        cal_parse_date(as_of->u.scalar.text, as_of->u.scalar.len, &day) < 0) {
      diag_error(d, as_of->loc, "'as_of' must be a date as YYYY-MM-DD");
      k->errors++;
      return;
    }
    c->have_as_of = true;
    c->as_of = day;
  }
  struct checked in;
  memset(&in, 0, sizeof in);
  int before = d->errors;
  if (md) {
    if (md->kind != FACT_SCALAR) {
      diag_error(d, md->loc, "'input_markdown' must be text");
      k->errors++;
      goto out;
    }
    char where[1024];
    diag_where(d, md->loc, where, sizeof where);
    uint32_t src = diag_add_source(d, where, xstrndup(md->u.scalar.text,
                                                      md->u.scalar.len),
                                   md->u.scalar.len);
    in.is_doc = true;
    if (load_markdown(d, src, &c->arena, &in.doc) < 0) {
      k->errors++;
      goto out;
    }
    struct fact *root = load_yaml(d, src, in.doc.front_start,
                                  in.doc.front_end, &c->arena, p->names,
                                  &c->lim);
    if (!root) {
      k->errors++;
      goto out;
    }
    check_loaded(c, root, &in.doc, src, &in);
  } else {
    if (input->kind != FACT_MAP) {
      diag_error(d, input->loc, "'input' must be a mapping");
      k->errors++;
      goto out;
    }
    check_loaded(c, (struct fact *)input, NULL, input->loc.src, &in);
  }
  if (in.status != 0 || d->errors != before) {
    diag_note(d, t->loc, "in test '%s'", title);
    k->errors++;
    goto out;
  }
  for (size_t i = 0; i < expect->u.map.n; i++) {
    const struct fact_pair *e = &expect->u.map.pairs[i];
    const struct fact *v = e->value;
    bool not_in_force = v->kind == FACT_SCALAR &&
                        !strcmp(v->u.scalar.text, "not-in-force");
    int want = v->kind == FACT_SCALAR ? verdict_of(v->u.scalar.text) : -1;
    if (want < 0 && !not_in_force) {
      diag_error(d, v->loc, "expected verdict must be one of pass, fail, "
                 "departed, unjustified, not-applicable, unknown or "
                 "not-in-force");
      k->errors++;
      continue;
    }
    const struct result *res = NULL;
    for (size_t j = 0; j < in.nresults; j++)
      if (!strcmp(p->rules[in.results[j].rule]->id, e->key))
        res = &in.results[j];
    char where[1024];
    diag_where(d, e->key_loc, where, sizeof where);
    if (not_in_force) {
      /* The rule exists, but no pack that has it is in force then. */
      if (!res && program_rule(p, e->key)) {
        k->passed++;
      } else {
        k->failed++;
        printf("%s: FAIL test '%s': rule '%s' expected not-in-force, %s\n",
               where, title, e->key, res ? "but it is in force"
                                         : "but it is not a loaded rule");
      }
      continue;
    }
    if (!res) {
      const struct rule *r = program_rule(p, e->key);
      printf("%s: FAIL test '%s': rule '%s' %s\n", where, title, e->key,
             r ? "is not in force for this input's kind and date"
               : "is not a loaded rule");
      k->failed++;
      continue;
    }
    if ((int)res->verdict == want) {
      k->passed++;
      continue;
    }
    k->failed++;
    printf("%s: FAIL test '%s': rule '%s' expected %s, got %s\n", where,
           title, e->key, verdict_name[want], verdict_name[res->verdict]);
    for (size_t r = 0; r < res->nreasons; r++) {
      char w[1024];
      diag_where(d, res->reasons[r].at, w, sizeof w);
      printf("  %s: %s\n", w, res->reasons[r].message);
    }
    if (res->note)
      printf("  %s\n", res->note);
  }
out:
  c->have_as_of = saved_have;
  c->as_of = saved;
}

static void run_file(struct checker *c, const char *path, struct tally *k)
{
  struct diag *d = c->d;
  char *data;
  size_t len;
  arena_reset(&c->arena);
  if (read_file(path, c->max_input, &data, &len) < 0) {
    diag_error(d, (struct loc){0}, "cannot read '%s': %s", path,
               strerror(errno));
    k->errors++;
    return;
  }
  uint32_t src = diag_add_source(d, path, data, len);
  struct fact *root = load_yaml(d, src, 0, (uint32_t)len, &c->arena,
                                c->p->names, &c->lim);
  if (!root) {
    k->errors++;
    return;
  }
  const struct fact *list = get(c->p, root, "tests");
  if (list) {
    if (list->kind != FACT_LIST) {
      diag_error(d, list->loc, "'tests' must be a list of test cases");
      k->errors++;
      return;
    }
    for (size_t i = 0; i < list->u.list.n; i++)
      run_case(c, list->u.list.items[i], k);
  } else {
    run_case(c, root, k);
  }
}

int cmd_test(const struct options *o)
{
  if (!o->nargs) {
    fputs("dutycheck: test needs rule directories\n", stderr);
    return EXIT_TROUBLE;
  }
  struct session s;
  session_init(&s, stdout);
  s.d.max_errors = 0;
  /* Keys tests use must be known to the interner to be found. */
  static const char *const keys[] = {"test", "tests", "expect", "input",
                                     "input_markdown", "as_of", NULL};
  for (size_t i = 0; keys[i]; i++)
    intern(&s.names, keys[i]);
  struct options lo = *o;
  if (!o->nrules) {
    lo.rules = o->args;
    lo.nrules = o->nargs;
  }
  struct program *p = s.p = cli_load_rules(&s.d, &s.names, &lo, DUMP_NONE);
  if (!p) {
    printf("dutycheck: the rules have errors\n0 passed, 1 failed\n");
    session_release(&s);
    return EXIT_TROUBLE;
  }
  static const char *const exts[] = {".yaml", ".yml", NULL};
  char **files;
  size_t nfiles;
  struct tally k = {0};
  if (cli_expand(&s.d, o->args, o->nargs, exts, false, &files, &nfiles) < 0)
    k.errors++;
  struct checker c;
  checker_init(&c, &s.d, p);
  c.max_input = (size_t)o->max_input;
  size_t ran = 0;
  for (size_t i = 0; i < nfiles; i++) {
    /* Only files in a tests/ directory are test cases. */
    if (strstr(files[i], "/tests/") || !strncmp(files[i], "tests/", 6)) {
      run_file(&c, files[i], &k);
      ran++;
    }
    free(files[i]);
  }
  free(files);
  if (!ran)
    printf("dutycheck: no test files (tests/*.yaml) found\n");
  checker_release(&c);
  session_release(&s);
  printf("%d passed, %d failed\n", k.passed, k.failed + k.errors);
  if (k.errors)
    return EXIT_TROUBLE;
  return k.failed ? EXIT_FAILED : EXIT_OK;
}
