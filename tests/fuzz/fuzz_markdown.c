/* fuzz_markdown.c: one input is a Markdown procedure: its front matter
 * split off, its body flattened, and the front matter loaded and typed
 * against the 'procedure' schema of the built-in rule library. */
#include "fuzz.h"

#include "facts.h"
#include "load_markdown.h"
#include "typing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 1024 * 1024)
    return 0;
  struct library *lib = fuzz_library_for_input();
  uint32_t src = diag_add_source(&lib->d, "input.md", fuzz_copy(data, size),
                                 size);
  struct md_doc doc;
  if (load_markdown(&lib->d, src, &lib->a, &doc) == 0) {
    /* Every piece of text must map back into the source. */
    for (size_t i = 0; i < doc.nsections; i++)
      md_text_loc(&doc, doc.sections[i].text_start, doc.sections[i].text_end);
    md_text_loc(&doc, 0, doc.text_len);
    struct fact *root = load_yaml(&lib->d, src, doc.front_start,
                                  doc.front_end, &lib->a, &lib->names,
                                  &lib->lim);
    if (root) {
      const struct record *schema = facts_kind(&lib->d, lib->p, root,
                                               "procedure");
      if (schema)
        facts_type(&lib->d, schema, root);
    }
  }
  fuzz_library_reset(lib);
  return 0;
}
