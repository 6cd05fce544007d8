/* fuzz_check.c: one input checked end to end against the built-in rule
 * library, as `dutycheck check` would, reported as text and as JSON.  An
 * input that starts with a '---' line is a Markdown procedure, anything
 * else a YAML submission. */
#include "fuzz.h"

#include <string.h>

#include "check.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 1024 * 1024)
    return 0;
  struct library *lib = fuzz_library();
  static struct checker c;
  /* One JSON report for the whole run: its header hashes every rule
   * source, once. */
  static struct report text, json;
  static int ready;
  if (!ready) {
    checker_init(&c, &lib->d, lib->p);
    c.want_sha256 = true;
    text = (struct report){.out = fuzz_sink(), .c = &c, .format = "text",
                           .fail_on = LEVEL_SHOULD};
    json = text;
    json.format = "json";
    report_begin(&text);
    report_begin(&json);
    ready = 1;
  }
  bool md = size >= 3 && memcmp(data, "---", 3) == 0;
  struct checked in;
  check_data(&c, md ? "input.md" : "input.yaml", fuzz_copy(data, size), size,
             &in);
  report_input(&text, &in);
  report_end(&text);
  report_input(&json, &in);
  fuzz_library_reset(lib);
  return 0;
}
