/* fuzz_yaml.c: one input is a YAML submission, loaded and typed against
 * the schema its 'kind' names in the built-in rule library. */
#include "fuzz.h"

#include "facts.h"
#include "typing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 1024 * 1024)
    return 0;
  struct library *lib = fuzz_library_for_input();
  uint32_t src = diag_add_source(&lib->d, "input.yaml", fuzz_copy(data, size),
                                 size);
  struct fact *root = load_yaml(&lib->d, src, 0, (uint32_t)size, &lib->a,
                                &lib->names, &lib->lim);
  if (root) {
    const struct record *schema = facts_kind(&lib->d, lib->p, root, NULL);
    if (schema)
      facts_type(&lib->d, schema, root);
  }
  fuzz_library_reset(lib);
  return 0;
}
