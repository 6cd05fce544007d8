/* cli.c: loading rules and expanding operands for the commands. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "calendar.h"
#include "cli.h"
#include "pack.h"
#include "util.h"

enum {
  MAX_RULE_FILE = 4 * 1024 * 1024,
  MAX_PACK = 64 * 1024 * 1024,
  MAX_DIR_DEPTH = 32,
};

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static bool has_ext(const char *name, const char *const *exts)
{
  size_t n = strlen(name);
  for (size_t i = 0; exts[i]; i++) {
    size_t e = strlen(exts[i]);
    if (n > e && !strcmp(name + n - e, exts[i]))
      return true;
  }
  return false;
}

struct paths {
  char **v;
  size_t n, cap;
};

static void add_path(struct paths *p, char *s)
{
  GROW(p->v, p->cap, p->n + 1);
  p->v[p->n++] = s;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Recurse into dir; symlinked directories are not followed (no loops). */
static int walk(struct diag *d, const char *dir, const char *const *exts,
                bool skip_tests, struct paths *out, int depth)
{
  if (depth > MAX_DIR_DEPTH)
    return diag_error(d, (struct loc){0}, "'%s': directories nested too "
                      "deep (limit is %d)", dir, MAX_DIR_DEPTH);
  DIR *dh = opendir(dir);
  if (!dh)
    return diag_error(d, (struct loc){0}, "cannot open directory '%s': %s",
                      dir, strerror(errno));
  struct paths here = {0};
  struct dirent *ent;
  while ((ent = readdir(dh)))
    if (ent->d_name[0] != '.')
      add_path(&here, xstrdup(ent->d_name));
  closedir(dh);
  if (here.n)
    qsort(here.v, here.n, sizeof *here.v, cmp_str);
  int rc = 0;
  for (size_t i = 0; i < here.n; i++) {
    size_t len = strlen(dir) + strlen(here.v[i]) + 2;
    char *full = xmalloc(len);
    snprintf(full, len, "%s%s%s", dir,
             dir[strlen(dir) - 1] == '/' ? "" : "/", here.v[i]);
    struct stat st;
    if (lstat(full, &st) != 0) {
      rc = diag_error(d, (struct loc){0}, "cannot read '%s': %s", full,
                      strerror(errno));
      free(full);
    } else if (S_ISDIR(st.st_mode)) {
      if (!(skip_tests && !strcmp(here.v[i], "tests")) &&
          walk(d, full, exts, skip_tests, out, depth + 1) < 0)
        rc = -1;
      free(full);
    } else if (!has_ext(here.v[i], exts) ||
               strncmp(here.v[i], "README", 6) == 0) {
      /* A README in a folder of submissions describes them; it is not
       * one.  Named on the command line, it is checked. */
      free(full);
    } else if (S_ISLNK(st.st_mode) && stat(full, &st) != 0) {
      /* A link is followed to what it names: a dangling link or a loop
       * is reported, and so is a link to a directory (not walked, so
       * that links cannot make a loop). */
      rc = diag_error(d, (struct loc){0}, "cannot read '%s': %s", full,
                      strerror(errno));
      free(full);
    } else if (S_ISDIR(st.st_mode)) {
      rc = diag_error(d, (struct loc){0}, "cannot read '%s': %s", full,
                      strerror(EISDIR));
      free(full);
    } else if (S_ISREG(st.st_mode)) {
      add_path(out, full);
    } else {
      free(full); /* a pipe or a device is never read: it could block */
    }
    free(here.v[i]);
  }
  free(here.v);
  return rc;
}

int cli_expand(struct diag *d, const char *const *paths, size_t n,
               const char *const *exts, bool skip_tests, char ***out,
               size_t *count)
{
  struct paths all = {0};
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(paths[i], &st) != 0) {
      rc = diag_error(d, (struct loc){0}, "cannot open '%s': %s", paths[i],
                      strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      if (walk(d, paths[i], exts, skip_tests, &all, 0) < 0)
        rc = -1;
    } else {
      add_path(&all, xstrdup(paths[i]));
    }
  }
  *out = all.v;
  *count = all.n;
  return rc;
}

static void free_paths(char **v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

struct program *cli_load_rules(struct diag *d, struct intern *names,
                               const struct options *o, enum dump_stage dump)
{
  uint32_t *srcs = NULL;
  size_t nsrcs = 0, cap = 0;
  int rc = 0;
  if (!o->nrules)
    return pack_read(d, names, "the built-in rule library", embedded_pack,
                     embedded_pack_len, true);
  for (size_t i = 0; i < o->nrules; i++) {
    if (!ends_with(o->rules[i], ".pack"))
      continue;
    if (o->nrules > 1 || dump != DUMP_NONE) {
      diag_error(d, (struct loc){0}, "a pack ('%s') is compiled already: it "
                 "must be the only rules given, and has no stages to dump",
                 o->rules[i]);
      return NULL;
    }
    char *data;
    size_t len;
    if (read_file(o->rules[i], MAX_PACK, &data, &len) < 0) {
      diag_error(d, (struct loc){0}, "cannot read '%s': %s", o->rules[i],
                 strerror(errno));
      return NULL;
    }
    struct program *p = pack_read(d, names, o->rules[i],
                                  (const unsigned char *)data, len, false);
    free(data);
    return p;
  }
  {
    static const char *const exts[] = {".duty", NULL};
    char **files;
    size_t nfiles;
    rc = cli_expand(d, o->rules, o->nrules, exts, true, &files, &nfiles);
    if (rc == 0 && nfiles == 0 && o->nrules == 1)
      rc = diag_error(d, (struct loc){0}, "no rule files (*.duty) in '%s'",
                      o->rules[0]);
    else if (rc == 0 && nfiles == 0)
      rc = diag_error(d, (struct loc){0}, "no rule files (*.duty) in the "
                      "given paths");
    for (size_t i = 0; i < nfiles; i++) {
      char *data;
      size_t len;
      if (read_file(files[i], MAX_RULE_FILE, &data, &len) < 0) {
        if (errno == EFBIG)
          rc = diag_error(d, (struct loc){0}, "'%s' is larger than the rule "
                          "file size limit (%d bytes)", files[i],
                          MAX_RULE_FILE);
        else
          rc = diag_error(d, (struct loc){0}, "cannot read '%s': %s",
                          files[i], strerror(errno));
        continue;
      }
      GROW(srcs, cap, nsrcs + 1);
      srcs[nsrcs++] = diag_add_source(d, files[i], data, len);
    }
    free_paths(files, nfiles);
  }
  struct program *p = NULL;
  if (rc == 0)
    compile_sources(d, names, srcs, nsrcs, dump, stdout, false, &p);
  free(srcs);
  return p;
}

void session_init(struct session *s, FILE *out)
{
  diag_init(&s->d, out);
  intern_init(&s->names);
  s->p = NULL;
}

struct program *session_open(struct session *s, const struct options *o,
                             FILE *out)
{
  session_init(s, out);
  return s->p = cli_load_rules(&s->d, &s->names, o, DUMP_NONE);
}

void session_release(struct session *s)
{
  program_free(s->p);
  s->p = NULL;
  intern_release(&s->names);
  diag_release(&s->d);
}

int session_close(struct session *s, int rc)
{
  session_release(s);
  return rc;
}

int32_t cli_today(void)
{
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return cal_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The count; past the limit, say that not every error was shown. */
static void summary(const struct diag *d)
{
  if (d->max_errors && d->errors > d->max_errors)
    fprintf(stderr, "dutycheck: %d errors (only the first %d are shown)\n",
            d->errors, d->max_errors);
  else if (diag_full(d))
    fprintf(stderr, "dutycheck: %d errors (the limit of %d: any later "
            "ones are not reported)\n",
            d->errors, d->max_errors);
  else if (d->errors)
    fprintf(stderr, "dutycheck: %d error%s\n", d->errors,
            d->errors == 1 ? "" : "s");
}

int cmd_compile(const struct options *o)
{
  if (!o->nargs) {
    fputs("dutycheck: compile needs rule files or directories\n", stderr);
    return EXIT_TROUBLE;
  }
  if (!o->check && o->dump == DUMP_NONE && !o->output) {
    fputs("dutycheck: compile needs -o PACK, --check, --dump-tokens, "
          "--dump-ast or --dump-ir\n", stderr);
    return EXIT_TROUBLE;
  }
  struct session s;
  session_init(&s, stderr);
  struct options lo = *o;
  lo.rules = o->args;
  lo.nrules = o->nargs;
  s.p = cli_load_rules(&s.d, &s.names, &lo, o->dump);
  if (s.p && o->output && !o->check)
    pack_write(&s.d, s.p, o->output);
  int rc = s.d.errors ? EXIT_TROUBLE : EXIT_OK;
  summary(&s.d);
  session_release(&s);
  return rc;
}
