/* typing.h: typing a fact tree against the schema of its kind. */
#ifndef DUTYCHECK_TYPING_H
#define DUTYCHECK_TYPING_H

#include "facts.h"
#include "program.h"

/* The schema named by root's `kind`, or NULL after a located error.  With
 * want set, the kind must be that one. */
const struct record *facts_kind(struct diag *d, const struct program *p,
                                const struct fact *root, const char *want);
/* Type every value of root against schema.  Returns 0, or -1 after
 * reporting every error (unknown keys are warnings). */
int facts_type(struct diag *d, const struct record *schema,
               struct fact *root);

#endif
