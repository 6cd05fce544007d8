/* fuzz_rules.c: one input is a rules file, parsed and compiled (resolve,
 * typecheck, lower) on its own, with its syntax tree dumped. */
#include "fuzz.h"

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 1024 * 1024)
    return 0;
  struct diag d;
  diag_init(&d, fuzz_sink());
  struct intern names;
  intern_init(&names);
  uint32_t src = diag_add_source(&d, "fuzz.duty", fuzz_copy(data, size),
                                 size);
  struct program *p;
  if (compile_sources(&d, &names, &src, 1, DUMP_NONE, NULL, false, &p) == 0)
    program_free(p);
  /* The syntax tree dump walks every node the parser made. */
  d.errors = 0;
  if (compile_sources(&d, &names, &src, 1, DUMP_AST, fuzz_sink(), false,
                      &p) == 0)
    program_free(p);
  intern_release(&names);
  diag_release(&d);
  return 0;
}
