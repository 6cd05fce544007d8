/* mkpack OUT ROOT FILE...: compile the rule library into the pack that the
 * program carries (see engine/pack.h).  Source names are kept relative to
 * ROOT, so that messages say 'rules/core/core.duty' in any build tree.
 * Every pattern is compiled here, so that a bad one stops the build: the
 * program compiles them again only when first used. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "util.h"

int main(int argc, char **argv)
{
  if (argc < 4) {
    fputs("usage: mkpack OUT ROOT FILE...\n", stderr);
    return 2;
  }
  struct diag d;
  diag_init(&d, stderr);
  struct intern names;
  intern_init(&names);
  size_t n = (size_t)argc - 3, root = strlen(argv[2]);
  uint32_t *srcs = xcalloc(n, sizeof *srcs);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    const char *path = argv[i + 3];
    char *data;
    size_t len;
    if (read_file(path, 4u << 20, &data, &len) < 0) {
      fprintf(stderr, "mkpack: cannot read '%s': %s\n", path,
              strerror(errno));
      rc = 2;
      continue;
    }
    const char *name = path;
    if (!strncmp(path, argv[2], root) && path[root] == '/')
      name = path + root + 1;
    srcs[i] = diag_add_source(&d, name, data, len);
  }
  struct program *p = NULL;
  if (rc == 0 && (compile_sources(&d, &names, srcs, n, DUMP_NONE, NULL, false,
                                  &p) < 0 ||
                  pack_write(&d, p, argv[1]) < 0))
    rc = 2;
  program_free(p);
  free(srcs);
  intern_release(&names);
  diag_release(&d);
  return rc;
}
