/* fuzz.h: what the fuzz targets share.
 *
 * Each target defines LLVMFuzzerTestOneInput.  With --enable-fuzzing it is
 * linked with libFuzzer; otherwise with replay.c, which feeds it the
 * committed corpus and the minimised crashers under `make check`. */
#ifndef DUTYCHECK_FUZZ_H
#define DUTYCHECK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "facts.h"
#include "intern.h"
#include "program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where diagnostics and reports go: /dev/null, opened once (they are still
 * formatted, which is code worth fuzzing too). */
FILE *fuzz_sink(void);

/* A copy of data[0..size) with a NUL after it, as diag_add_source takes. */
char *fuzz_copy(const uint8_t *data, size_t size);

/* The built-in rule library, compiled once on first use into one diag and
 * one interner that stay for the whole run.  Aborts if it does not
 * compile. */
struct library {
  struct diag d;
  struct intern names;
  struct program *p;
  size_t nsources;   /* the rule sources; inputs are added after them */
  struct arena a;    /* an input's facts: reset for each input */
  struct load_limits lim;
};
struct library *fuzz_library(void);
/* The library, with its input arena emptied for the next input. */
struct library *fuzz_library_for_input(void);
/* Forget the inputs added to the library's diag since the last call. */
void fuzz_library_reset(struct library *lib);

#endif
