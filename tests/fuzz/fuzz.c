/* fuzz.c: helpers for the fuzz targets (see fuzz.h). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
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
  uint32_t *srcs = xcalloc(embedded_rules_count + 1, sizeof *srcs);
  for (size_t i = 0; i < embedded_rules_count; i++) {
    size_t len = strlen(embedded_rules[i].text);
    srcs[i] = diag_add_source(&lib.d, embedded_rules[i].path,
                              xstrndup(embedded_rules[i].text, len), len);
  }
  if (compile_sources(&lib.d, &lib.names, srcs, embedded_rules_count,
                      DUMP_NONE, NULL, true, &lib.p) < 0) {
    fputs("fuzz: the built-in rule library does not compile\n", stderr);
    abort();
  }
  free(srcs);
  lib.nsources = lib.d.nsources;
  lib.d.out = fuzz_sink();
  lib.d.max_errors = 0;
  ready = 1;
  return &lib;
}

void fuzz_library_reset(struct library *lib)
{
  diag_drop_sources(&lib->d, lib->nsources);
  lib->d.errors = lib->d.warnings = 0;
  lib->d.last = (struct loc){0};
}
