/* check.h: checking one input against the rules in force for it.
 *
 * A checker holds what stays for a whole run (rules, limits, the date
 * options); each input is loaded into the checker's arena, which is reset
 * before the next input so that memory stays flat across a batch. */
#ifndef DUTYCHECK_CHECK_H
#define DUTYCHECK_CHECK_H

#include "eval.h"

/* How an organisation's findings count (s11 guidance 1.5-1.7). */
enum basis { BASIS_NAMED, BASIS_COMMISSIONED, BASIS_VOLUNTARY };
extern const char *const basis_name[];

struct checker {
  struct diag *d;
  struct program *p;
  struct load_limits lim;
  size_t max_input;
  bool have_as_of;       /* --as-of given: it wins over the input's */
  int32_t as_of;
  int32_t today;
  bool want_sha256;      /* hash each input (for the JSON report) */
  struct arena arena;    /* per input */
};

struct checked {
  const char *file;
  char sha256[65];
  uint32_t src;
  int status;            /* 0 checked; -1 the input could not be checked */
  const struct record *schema;
  int32_t as_of;
  enum basis basis;
  const char *organisation;
  const struct fact *root;
  struct md_doc doc;
  bool is_doc;
  struct result *results; /* one per rule in force for the input's kind */
  size_t nresults;
  int counts[6];         /* per verdict */
};

void checker_init(struct checker *c, struct diag *d, struct program *p);
void checker_release(struct checker *c);

/* Load, type and check the file at path (YAML, or Markdown by its .md
 * extension).  Input errors are reported to the diag; out->status says
 * whether the checks ran. */
void check_file(struct checker *c, const char *path, struct checked *out);
/* Check an already loaded fact root (and document, for a procedure); the
 * input's source is src.  Used by check_file and the rule test runner. */
void check_loaded(struct checker *c, struct fact *root,
                  const struct md_doc *doc, uint32_t src,
                  struct checked *out);
/* The level a result counts at, given the organisation's basis. */
enum level effective_level(const struct checked *in, const struct rule *r);

#endif
