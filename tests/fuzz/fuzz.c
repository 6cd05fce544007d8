/* fuzz.c: helpers for the fuzz targets (see fuzz.h). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pack.h"
#include "util.h"

FILE *fuzz_sink(void)
{
  static FILE *sink;
  if (!sink) {
    sink = fopen("/dev/null", "w");
    if (!sink) {
      perror("fuzz: /dev/null");
      abort();
    }
  }
  return sink;
}

char *fuzz_copy(const uint8_t *data, size_t size)
{
  char *s = xmalloc(size + 1);
  if (size)
    memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

struct library *fuzz_library(void)
{
  static struct library lib;
  static int ready;
  if (ready)
    return &lib;
  diag_init(&lib.d, stderr);
  intern_init(&lib.names);
  lib.p = pack_read(&lib.d, &lib.names, "the built-in rule library",
                    embedded_pack, embedded_pack_len, true);
  if (!lib.p) {
    fputs("fuzz: the built-in rule library does not load\n", stderr);
    abort();
  }
  lib.nsources = lib.d.nsources;
  arena_init(&lib.a);
  load_limits_default(&lib.lim);
  lib.d.out = fuzz_sink();
  lib.d.max_errors = 0;
  ready = 1;
  return &lib;
}

struct library *fuzz_library_for_input(void)
{
  struct library *lib = fuzz_library();
  arena_reset(&lib->a);
  return lib;
}

void fuzz_library_reset(struct library *lib)
{
  diag_drop_sources(&lib->d, lib->nsources);
  lib->d.errors = lib->d.warnings = 0;
  lib->d.last = (struct loc){0};
}
