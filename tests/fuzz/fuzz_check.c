/* fuzz_check.c: one input checked end to end against the built-in rule
 * library, as `dutycheck check` would, with text and JSON reports.  An
 * input that starts with a '---' line is a Markdown procedure, anything
 * else a YAML submission. */
#include "fuzz.h"

#include <string.h>

#include "check.h"
#include "report.h"

static void report(struct checker *c, const struct checked *in,
                   const char *format)
{
  struct report r = {.out = fuzz_sink(), .c = c, .format = format,
                     .fail_on = LEVEL_SHOULD};
  report_begin(&r);
  report_input(&r, in);
  report_end(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 1024 * 1024)
    return 0;
  struct library *lib = fuzz_library();
  static struct checker c;
  static int ready;
  if (!ready) {
    checker_init(&c, &lib->d, lib->p);
    ready = 1;
  }
  bool md = size >= 3 && memcmp(data, "---", 3) == 0;
  struct checked in;
  check_data(&c, md ? "input.md" : "input.yaml", fuzz_copy(data, size), size,
             &in);
  report(&c, &in, "text");
  report(&c, &in, "json");
  fuzz_library_reset(lib);
  return 0;
}
