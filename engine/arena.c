#include "arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { ARENA_BLOCK = 64 * 1024 };

struct arena_block {
  struct arena_block *next;
  size_t size, used;
  alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
  a->head = NULL;
  a->total = 0;
}

void arena_release(struct arena *a)
{
  struct arena_block *b = a->head;
  while (b) {
    struct arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->total = 0;
}

void arena_reset(struct arena *a)
{
  struct arena_block *b = a->head;
  if (!b)
    return;
  /* Keep the oldest block, which is the last in the chain. */
  while (b->next) {
    struct arena_block *next = b->next;
    free(b);
    b = next;
  }
  b->used = 0;
  a->head = b;
  a->total = b->size;
}

void *arena_alloc(struct arena *a, size_t n)
{
  const size_t align = alignof(max_align_t);
  if (n > SIZE_MAX - align)
    n = xmul(n, 2); /* exits */
  n = (n + align - 1) & ~(align - 1);
  struct arena_block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    if (size > SIZE_MAX - sizeof *b)
      size = xmul(size, 2);
    struct arena_block *nb = xmalloc(sizeof *nb + size);
    nb->size = size;
    nb->used = 0;
    if (b && n > ARENA_BLOCK) {
      /* A big allocation gets its own block behind the current one. */
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      a->head = nb;
    }
    a->total += size;
    b = nb;
  }
  void *p = b->data + b->used;
  b->used += n;
  memset(p, 0, n);
  return p;
}

void *arena_array(struct arena *a, size_t count, size_t size)
{
  return arena_alloc(a, xmul(count, size));
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
  if (n == SIZE_MAX)
    n = xmul(n, 2);
  char *p = arena_alloc(a, n + 1);
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    BUG("vsnprintf failed");
  char *p = arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
