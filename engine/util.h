/* util.h: allocation that never fails, invariant checks, small helpers.
 *
 * Out of memory is not an error path: x*alloc report and exit(2).
 * BUG() reports a broken invariant with its file and line and aborts. */
#ifndef DUTYCHECK_UTIL_H
#define DUTYCHECK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Multiply with overflow check; exits like xmalloc on overflow. */
size_t xmul(size_t a, size_t b);
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);

_Noreturn void bug_at(const char *file, int line, const char *what);
#define BUG(what) bug_at(__FILE__, __LINE__, (what))

/* Grow *v (of *cap elements of size sz) to hold at least need elements. */
void grow_array(void **v, size_t *cap, size_t need, size_t sz);
#define GROW(v, cap, need) \
  grow_array((void **)&(v), &(cap), (need), sizeof *(v))

/* Read a whole file.  Returns 0 and a malloc'd buffer (NUL-terminated), or
 * -1 with errno set; files larger than limit fail with EFBIG. */
int read_file(const char *path, size_t limit, char **data, size_t *len);

#include "banned.h"

#endif
