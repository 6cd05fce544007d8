/* commands.c: check, list, explain and init. */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calendar.h"
#include "cli.h"
#include "report.h"
#include "util.h"

static int parse_as_of(const char *s, int32_t *out)
{
  if (cal_parse_date(s, strlen(s), out) == 0)
    return 0;
  fprintf(stderr, "dutycheck: --as-of must be a date as YYYY-MM-DD, not "
          "'%s'\n", s);
  return -1;
}

static int parse_level(const char *s, enum level *out)
{
  for (int i = 0; i < 3; i++)
    if (!strcmp(s, level_name[i])) {
      *out = (enum level)i;
      return 0;
    }
  fprintf(stderr, "dutycheck: --fail-on must be must, should or advice, "
          "not '%s'\n", s);
  return -1;
}

/* Where the report goes.  -o to a regular file (or a new one) writes a
 * temporary file beside it and renames it at the end, so that a report is
 * never half-written; -o to anything else (a device, a pipe) and standard
 * output are written directly.  All writes pass through a counter that
 * stops the report at the output size limit. */
struct output {
  const char *target;  /* as given, or NULL for standard output */
  FILE *to;            /* the real destination */
  char *tmp;           /* the temporary file, when renaming at the end */
  FILE *w;             /* what the report writes to */
  size_t written, limit;
  bool over;           /* the report reached the limit */
  int err;             /* errno of the first failed write, or 0 */
};

static ssize_t output_write(void *cookie, const char *buf, size_t n)
{
  struct output *o = cookie;
  if (o->err) {
    errno = o->err;
    return -1;
  }
  if (o->over || n > o->limit - o->written) {
    o->over = true;
    return (ssize_t)n; /* dropped: the caller reports the limit */
  }
  if (fwrite(buf, 1, n, o->to) != n) {
    o->err = errno ? errno : EIO;
    errno = o->err;
    return -1;
  }
  o->written += n;
  return (ssize_t)n;
}

static const char *output_name(const struct output *o)
{
  return o->target ? o->target : "standard output";
}

/* Open o for target (NULL or "-": standard output).  Returns 0, or -1
 * after a message. */
static int open_output(struct output *o, const char *target, size_t limit)
{
  memset(o, 0, sizeof *o);
  o->limit = limit;
  if (target && strcmp(target, "-")) {
    o->target = target;
    struct stat st;
    if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
      o->to = fopen(target, "w");
    } else {
      /* mkstemp fills in the six X at the end of the name. */
      size_t n = strlen(target) + 8;
      o->tmp = xmalloc(n);
      snprintf(o->tmp, n, "%s.%c%c%c%c%c%c", target, 'X', 'X', 'X', 'X', 'X',
               'X');
      int fd = mkstemp(o->tmp);
      if (fd >= 0 && !(o->to = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        errno = e;
      }
    }
    if (!o->to) {
      fprintf(stderr, "dutycheck: cannot write '%s': %s\n", target,
              strerror(errno));
      free(o->tmp);
      o->tmp = NULL;
      return -1;
    }
  } else {
    o->to = stdout;
  }
  static const cookie_io_functions_t io = {.write = output_write};
  o->w = fopencookie(o, "w", io);
  if (!o->w)
    BUG("cannot open the report stream");
  return 0;
}

/* Finish the report: flush it and, when writing to a temporary file,
 * rename it over the target.  With fail set (or when anything failed),
 * the temporary file is removed instead.  Returns 0 or -1 (reported). */
static int close_output(struct output *o, bool fail)
{
  int rc = 0;
  if (fclose(o->w) != 0 || o->err)
    rc = -1;
  if (rc == 0 && (fflush(o->to) != 0 || ferror(o->to)))
    rc = -1;
  if (rc == 0 && o->tmp && fsync(fileno(o->to)) != 0)
    rc = -1;
  int e = o->err ? o->err : errno;
  if (o->to != stdout && fclose(o->to) != 0 && rc == 0) {
    rc = -1;
    e = errno;
  }
  if (rc < 0)
    fprintf(stderr, "dutycheck: cannot write '%s': %s\n", output_name(o),
            strerror(e));
  if (o->tmp) {
    if (rc == 0 && !fail && !o->over && rename(o->tmp, o->target) != 0) {
      fprintf(stderr, "dutycheck: cannot write '%s': %s\n", o->target,
              strerror(errno));
      rc = -1;
    }
    unlink(o->tmp); /* gone already once renamed */
    free(o->tmp);
  }
  return rc;
}

/* Is the file at path one of the inputs?  A report must never replace an
 * input. */
static const char *clobbers_input(const char *path, char *const *files,
                                  size_t n)
{
  struct stat t, st;
  if (!path || !strcmp(path, "-") || stat(path, &t) != 0 ||
      !S_ISREG(t.st_mode))
    return NULL;
  for (size_t i = 0; i < n; i++)
    if (stat(files[i], &st) == 0 && st.st_dev == t.st_dev &&
        st.st_ino == t.st_ino)
      return files[i];
  return NULL;
}

/* Check files[from..to).  With o, stop once the report reached its size
 * limit (or failed); returns how many files were checked. */
static size_t check_range(struct report *r, char **files, size_t from,
                          size_t to, const struct output *o)
{
  struct checker *c = (struct checker *)r->c;
  for (size_t i = from; i < to; i++) {
    struct checked in;
    check_file(c, files[i], &in);
    report_input(r, &in);
    diag_forget_source(c->d, in.src);
    /* The size is counted as the stream flushes: flush per input so that
     * the limit stops the batch where it is reached. */
    if (o && (fflush(r->out), o->over || o->err))
      return i + 1 - from;
  }
  return to - from;
}

/* What a worker sends back. */
struct tally {
  int inputs, failed_inputs, error_inputs, totals[6];
  int any_failed, errors;
};

/* Check files with `jobs` worker processes, each taking a contiguous slice
 * and writing its report and messages to temporary files, copied out in
 * order when all are done: the output is the same as with one job.
 * Returns the number of errors the workers reported. */
static int check_parallel(struct report *r, char **files, size_t nfiles,
                          int jobs)
{
  struct worker {
    pid_t pid;
    FILE *out, *err;
    int pipe[2];
  } *w = xcalloc((size_t)jobs, sizeof *w);
  struct diag *d = ((struct checker *)r->c)->d;
  int errors = 0;
  fflush(NULL);
  for (int k = 0; k < jobs; k++) {
    size_t from = nfiles * (size_t)k / (size_t)jobs;
    size_t to = nfiles * (size_t)(k + 1) / (size_t)jobs;
    w[k].out = tmpfile();
    w[k].err = tmpfile();
    if (!w[k].out || !w[k].err || pipe(w[k].pipe) != 0) {
      fprintf(stderr, "dutycheck: cannot start worker: %s\n",
              strerror(errno));
      exit(EXIT_TROUBLE);
    }
    w[k].pid = fork();
    if (w[k].pid < 0) {
      fprintf(stderr, "dutycheck: cannot start worker: %s\n",
              strerror(errno));
      exit(EXIT_TROUBLE);
    }
    if (w[k].pid == 0) {
      close(w[k].pipe[0]);
      struct report cr = *r;
      cr.out = w[k].out;
      cr.first = k == 0;
      cr.inputs = cr.failed_inputs = cr.error_inputs = 0;
      memset(cr.totals, 0, sizeof cr.totals);
      cr.any_failed = false;
      d->out = w[k].err;
      int before = d->errors;
      check_range(&cr, files, from, to, NULL);
      struct tally t = {cr.inputs, cr.failed_inputs, cr.error_inputs,
                        {0}, cr.any_failed, d->errors - before};
      memcpy(t.totals, cr.totals, sizeof t.totals);
      int ok = fflush(w[k].out) == 0 && fflush(w[k].err) == 0 &&
               write(w[k].pipe[1], &t, sizeof t) == (ssize_t)sizeof t;
      free(w); /* nothing points at it once _exit leaves this frame */
      _exit(ok ? 0 : EXIT_TROUBLE);
    }
    close(w[k].pipe[1]);
  }
  for (int k = 0; k < jobs; k++) {
    struct tally t;
    int status = 0;
    ssize_t got = read(w[k].pipe[0], &t, sizeof t);
    close(w[k].pipe[0]);
    waitpid(w[k].pid, &status, 0);
    if (got != (ssize_t)sizeof t || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      fprintf(stderr, "dutycheck: a worker failed\n");
      errors++;
      memset(&t, 0, sizeof t);
    }
    char buf[65536];
    size_t n;
    rewind(w[k].err);
    while ((n = fread(buf, 1, sizeof buf, w[k].err)) > 0)
      fwrite(buf, 1, n, stderr);
    rewind(w[k].out);
    while ((n = fread(buf, 1, sizeof buf, w[k].out)) > 0)
      fwrite(buf, 1, n, r->out);
    fclose(w[k].out);
    fclose(w[k].err);
    r->inputs += t.inputs;
    r->failed_inputs += t.failed_inputs;
    r->error_inputs += t.error_inputs;
    for (int v = 0; v < 6; v++)
      r->totals[v] += t.totals[v];
    r->any_failed |= t.any_failed != 0;
    errors += t.errors;
  }
  r->first = false;
  free(w);
  return errors;
}

int cmd_check(const struct options *o)
{
  if (!o->nargs) {
    fputs("dutycheck: check needs input files or directories\n", stderr);
    return EXIT_TROUBLE;
  }
  const char *format = o->format ? o->format : "text";
  if (strcmp(format, "text") && strcmp(format, "json")) {
    fprintf(stderr, "dutycheck: --format must be text or json, not '%s'\n",
            format);
    return EXIT_TROUBLE;
  }
  enum level fail_on = LEVEL_SHOULD;
  int32_t as_of = 0;
  if ((o->fail_on && parse_level(o->fail_on, &fail_on) < 0) ||
      (o->as_of && parse_as_of(o->as_of, &as_of) < 0))
    return EXIT_TROUBLE;
  struct session s;
  struct program *p = session_open(&s, o, stderr);
  /* Errors in the rules stop at the limit, and so do each input's (see
   * check_file). */
  int rc = EXIT_OK;
  if (!p) {
    fprintf(stderr, "dutycheck: the rules have errors\n");
    rc = EXIT_TROUBLE;
    goto done;
  }
  static const char *const exts[] = {".yaml", ".yml", ".md", NULL};
  char **files;
  size_t nfiles;
  if (cli_expand(&s.d, o->args, o->nargs, exts, false, &files, &nfiles) < 0)
    rc = EXIT_TROUBLE;
  const char *clash = clobbers_input(o->output, files, nfiles);
  struct output out;
  if (clash) {
    fprintf(stderr, "dutycheck: refusing to write the report over the "
            "input '%s'\n", clash);
    rc = EXIT_TROUBLE;
  } else if (open_output(&out, o->output, (size_t)o->max_output) < 0) {
    rc = EXIT_TROUBLE;
  } else {
    struct checker c;
    checker_init(&c, &s.d, p);
    c.max_input = (size_t)o->max_input;
    c.have_as_of = o->as_of != NULL;
    c.as_of = as_of;
    c.want_sha256 = !strcmp(format, "json");
    struct report r = {.out = out.w, .c = &c, .format = format,
                       .fail_on = fail_on, .quiet = o->quiet};
    report_begin(&r);
    int derrors = s.d.errors;
    const char *stopped = NULL;
    if (o->jobs > 1 && nfiles >= 2 * (size_t)o->jobs) {
      derrors += check_parallel(&r, files, nfiles, o->jobs);
    } else {
      size_t n = check_range(&r, files, 0, nfiles, &out);
      if (out.over && n > 0)
        stopped = files[n - 1];
    }
    if (!out.over)
      report_end(&r);
    fflush(out.w);
    if (out.over) {
      fprintf(stderr, "dutycheck: the report is larger than the output size "
              "limit (%zu bytes; see --max-output-size)", out.limit);
      if (stopped)
        fprintf(stderr, ": stopped at '%s'", stopped);
      fputc('\n', stderr);
      rc = EXIT_TROUBLE;
    }
    if (close_output(&out, out.over) < 0)
      rc = EXIT_TROUBLE;
    if (r.error_inputs || derrors || s.d.errors)
      rc = EXIT_TROUBLE;
    else if (rc == EXIT_OK && r.any_failed)
      rc = EXIT_FAILED;
    checker_release(&c);
  }
  for (size_t i = 0; i < nfiles; i++)
    free(files[i]);
  free(files);
done:
  session_release(&s);
  return rc;
}


int cmd_list(const struct options *o)
{
  int32_t on = cli_today();
  if (o->as_of && parse_as_of(o->as_of, &on) < 0)
    return EXIT_TROUBLE;
  struct session s;
  struct program *p = session_open(&s, o, stderr);
  if (!p) {
    session_release(&s);
    return EXIT_TROUBLE;
  }
  char date[16];
  cal_format_date(on, date);
  printf("packs (in force on %s marked *):\n", date);
  for (size_t i = 0; i < p->npacks; i++) {
    const struct pack *k = p->packs[i];
    char from[16], until[16] = "";
    cal_format_date(k->from, from);
    if (k->has_until)
      cal_format_date(k->until, until);
    printf("%c %-22s %-8s %s to %-10s %4zu rules  %s\n",
           pack_in_force(k, on) ? '*' : ' ', k->name,
           k->edition.s ? k->edition.s : "-", from,
           k->has_until ? until : "", k->nrules,
           k->title.s ? k->title.s : "");
  }
  /* Which agency types the rules in force name, by their applies. */
  const struct enum_decl *agency = program_enum(p, "agency");
  if (agency) {
    printf("\nrules in force on %s by agency type:\n", date);
    for (size_t sym = 0; sym < agency->nsyms; sym++) {
      size_t n = 0;
      for (size_t i = 0; i < p->nrules; i++) {
        const struct rule *r = p->rules[i];
        if (!pack_in_force(r->pack, on))
          continue;
        n += rule_applies_to(r, agency->syms[sym].name);
      }
      printf("  %-28s %4zu  %s\n", agency->syms[sym].name, n,
             agency->syms[sym].label.s ? agency->syms[sym].label.s : "");
    }
  }
  printf("\n%zu packs, %zu rules\n", p->npacks, p->nrules);
  session_release(&s);
  return EXIT_OK;
}
