/* pack.h: a compiled rule library as a file ("pack"), loaded without
 * parsing.  The built-in library is a pack made when the program is built. */
#ifndef DUTYCHECK_PACK_H
#define DUTYCHECK_PACK_H

#include <stdbool.h>

#include "program.h"

/* Write p (compiled from sources registered in d) to path, through a
 * temporary file renamed into place.  Returns 0, or -1 after reporting. */
int pack_write(struct diag *d, const struct program *p, const char *path);

/* Read a pack from data[0..len): its rule sources are added to d (for
 * messages) and its names interned in names.  A pack that is not trusted
 * (a file) has its patterns compiled at once; the built-in pack compiles
 * them on first use.  Returns NULL after reporting a pack that is not one,
 * from another version, or damaged. */
struct program *pack_read(struct diag *d, struct intern *names,
                          const char *name, const unsigned char *data,
                          size_t len, bool trusted);

#endif
