#include "intern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* FNV-1a: short keys, no adversarial growth (lookups never insert). */
static uint64_t hash(const char *s, size_t n)
{
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

void intern_init(struct intern *in)
{
  arena_init(&in->arena);
  in->cap = 256;
  in->count = 0;
  in->slots = xcalloc(in->cap, sizeof *in->slots);
}

void intern_release(struct intern *in)
{
  arena_release(&in->arena);
  free((void *)in->slots);
  in->slots = NULL;
  in->cap = in->count = 0;
}

static size_t find(const char **slots, size_t cap, const char *s, size_t n)
{
  size_t i = (size_t)hash(s, n) & (cap - 1);
  while (slots[i]) {
    if (strncmp(slots[i], s, n) == 0 && slots[i][n] == '\0')
      return i;
    i = (i + 1) & (cap - 1);
  }
  return i;
}

const char *intern_lookup(const struct intern *in, const char *s, size_t n)
{
  if (memchr(s, '\0', n))
    return NULL;
  return in->slots[find(in->slots, in->cap, s, n)];
}

const char *intern_n(struct intern *in, const char *s, size_t n)
{
  size_t i = find(in->slots, in->cap, s, n);
  if (in->slots[i])
    return in->slots[i];
  if ((in->count + 1) * 2 > in->cap) {
    size_t cap = xmul(in->cap, 2);
    const char **slots = xcalloc(cap, sizeof *slots);
    for (size_t j = 0; j < in->cap; j++)
      if (in->slots[j])
        slots[find(slots, cap, in->slots[j], strlen(in->slots[j]))] =
          in->slots[j];
    free((void *)in->slots);
    in->slots = slots;
    in->cap = cap;
    i = find(in->slots, in->cap, s, n);
  }
  in->count++;
  return in->slots[i] = arena_strndup(&in->arena, s, n);
}

const char *intern(struct intern *in, const char *s)
{
  return intern_n(in, s, strlen(s));
}
