/* intern.h: one copy of each name, compared by pointer.
 *
 * DSL identifiers and YAML keys go through the same interner.  Strings live
 * in the interner's own arena until intern_release. */
#ifndef DUTYCHECK_INTERN_H
#define DUTYCHECK_INTERN_H

#include <stddef.h>

#include "arena.h"

struct intern {
  struct arena arena;
  const char **slots; /* open addressing; NULL is empty */
  size_t cap, count;
};

void intern_init(struct intern *in);
void intern_release(struct intern *in);
/* The unique copy of s[0..n), added if new. */
const char *intern_n(struct intern *in, const char *s, size_t n);
const char *intern(struct intern *in, const char *s);
/* The unique copy if s[0..n) was interned before, else NULL (adds nothing:
 * untrusted input cannot grow the table). */
const char *intern_lookup(const struct intern *in, const char *s, size_t n);

#endif
