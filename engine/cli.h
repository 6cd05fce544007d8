/* cli.h: the subcommands of the dutycheck command line.
 *
 * Each returns the process exit status: 0 nothing failed, 1 a duty failed,
 * 2 the command could not do its job. */
#ifndef DUTYCHECK_CLI_H
#define DUTYCHECK_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_TROUBLE = 2 };

struct options {
  const char **rules;      /* --rules, repeatable */
  size_t nrules;
  const char *as_of;       /* --as-of */
  const char *format;      /* --format */
  const char *fail_on;     /* --fail-on */
  const char *output;      /* -o */
  const char *kind;        /* --kind */
  const char *agency;      /* --agency */
  long max_input;          /* --max-input-size, bytes */
  long max_output;         /* --max-output-size, bytes */
  int jobs;                /* --jobs */
  bool check;              /* compile --check */
  enum dump_stage dump;
  bool quiet;
  const char **args;       /* operands */
  size_t nargs;
};

/* What every command holds: its diagnostics, the names it interns, and
 * the rules it loaded (NULL until loaded, or when they have errors). */
struct session {
  struct diag d;
  struct intern names;
  struct program *p;
};

/* Diagnostics go to out. */
void session_init(struct session *s, FILE *out);
/* session_init, then the rules of o (see cli_load_rules): NULL after
 * reporting when they have errors. */
struct program *session_open(struct session *s, const struct options *o,
                             FILE *out);
/* Free the rules, the names and the diagnostics' sources. */
void session_release(struct session *s);

/* Load the rule library: --rules paths, or the embedded library.  Returns
 * a program, or NULL after reporting errors. */
struct program *cli_load_rules(struct diag *d, struct intern *names,
                               const struct options *o, enum dump_stage dump);
/* Expand files and directories into a sorted list of files whose names end
 * in one of exts (NULL-terminated); unreadable operands are reported. */
int cli_expand(struct diag *d, const char *const *paths, size_t n,
               const char *const *exts, bool skip_tests, char ***out,
               size_t *count);

/* Today's date (UTC) as a calendar day number. */
int32_t cli_today(void);

int cmd_compile(const struct options *o);
int cmd_check(const struct options *o);
int cmd_test(const struct options *o);
int cmd_list(const struct options *o);
int cmd_explain(const struct options *o);
int cmd_init(const struct options *o);

/* The rule library built into the program (rules_data.c, generated). */
struct embedded_file {
  const char *path;
  const char *text; /* NUL-terminated */
  size_t unused;
};
extern const struct embedded_file embedded_rules[];
extern const size_t embedded_rules_count;

#endif
