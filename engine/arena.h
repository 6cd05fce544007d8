/* arena.h: bump allocation, freed all at once.
 *
 * One arena per compilation and one per input checked (reset between
 * inputs), so nothing in the compiler or the fact tree is freed one by one.
 * Allocation never fails (it exits like xmalloc); sizes are overflow checked. */
#ifndef DUTYCHECK_ARENA_H
#define DUTYCHECK_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
  struct arena_block *head; /* the block being filled */
  size_t total;             /* bytes in all blocks, for limits and tests */
};

void arena_init(struct arena *a);
/* Free every block. */
void arena_release(struct arena *a);
/* Keep the first block, drop the rest: memory stays flat in a batch. */
void arena_reset(struct arena *a);
/* Zeroed, aligned for any type. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_array(struct arena *a, size_t count, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

#endif
