/* eval.h: running the compiled rules over one input.
 *
 * Three-valued (Kleene) logic: a fact that is absent makes a comparison
 * unknown, never false and never a crash.  Everything a result holds lives
 * in the input's arena. */
#ifndef DUTYCHECK_EVAL_H
#define DUTYCHECK_EVAL_H

#include "facts.h"
#include "load_markdown.h"
#include "program.h"

enum verdict {
  VERDICT_PASS,
  VERDICT_FAIL,
  VERDICT_DEPARTED,
  VERDICT_UNJUSTIFIED,
  VERDICT_NOT_APPLICABLE,
  VERDICT_UNKNOWN,
};

extern const char *const verdict_name[];

/* One expectation that did not hold, or could not be decided. */
struct reason {
  const char *message;  /* the whole sentence, with the actual value */
  struct loc at;        /* where in the input (src 0 when nowhere) */
  const char *path;     /* dotted fact path, or NULL */
  const char *actual;   /* the value as written, or NULL */
  bool unknown;         /* undecided rather than false */
};

struct result {
  size_t rule;          /* index into the program's rules */
  enum verdict verdict;
  struct reason *reasons;
  size_t nreasons;
  const struct fact *departure; /* the departure recorded for the rule */
  const char *note;     /* how the departure was judged, or NULL */
};

struct fact_cache;

struct subject {
  const struct program *p;
  const struct diag *d;
  struct arena *a;           /* the input's arena */
  const struct fact *root;   /* the facts (front matter for a document) */
  const struct md_doc *doc;  /* a procedure's body, or NULL */
  int32_t as_of;
  struct fact_cache *cache;  /* facts read so far; NULL to start (eval.c) */
};

/* Evaluate rule i over the subject into *out. */
void eval_rule(struct subject *s, size_t i, struct result *out);
/* Judge a recorded departure (a departure record) by the departure policy
 * for a rule of pack standard std: true if justified; otherwise *out holds
 * the reasons. */
bool eval_policy(const struct subject *s, const struct fact *departure,
                 enum standard std, struct result *out);

#endif
