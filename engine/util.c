#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static _Noreturn void out_of_memory(void)
{
  fputs("dutycheck: out of memory\n", stderr);
  exit(2);
}

void *xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *xcalloc(size_t count, size_t size)
{
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *xrealloc(void *p, size_t n)
{
  p = realloc(p, n ? n : 1);
  if (!p)
    out_of_memory();
  return p;
}

size_t xmul(size_t a, size_t b)
{
  if (b && a > SIZE_MAX / b)
    out_of_memory();
  return a * b;
}

char *xstrndup(const char *s, size_t n)
{
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

void bug_at(const char *file, int line, const char *what)
{
  fprintf(stderr, "dutycheck: BUG at %s:%d: %s\n", file, line, what);
  abort();
}

void grow_array(void **v, size_t *cap, size_t need, size_t sz)
{
  if (need <= *cap)
    return;
  size_t n = *cap ? *cap : 8;
  while (n < need)
    n = xmul(n, 2);
  *v = xrealloc(*v, xmul(n, sz));
  *cap = n;
}

int read_file(const char *path, size_t limit, char **data, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    errno = EISDIR;
    return -1;
  }
  size_t cap = 4096, n = 0;
  char *buf = xmalloc(cap);
  for (;;) {
    if (n == cap - 1) {
      if (cap > limit + 1) {
        free(buf);
        fclose(f);
        errno = EFBIG;
        return -1;
      }
      cap = xmul(cap, 2);
      buf = xrealloc(buf, cap);
    }
    size_t got = fread(buf + n, 1, cap - 1 - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) {
        int e = errno ? errno : EIO;
        free(buf);
        fclose(f);
        errno = e;
        return -1;
      }
      break;
    }
  }
  fclose(f);
  if (n > limit) {
    free(buf);
    errno = EFBIG;
    return -1;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 0;
}
