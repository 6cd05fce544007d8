/* diag.h: sources, locations and diagnostics.
 *
 * A location is {source, start byte, end byte}; line and column are worked
 * out only when printing, from the source's table of line starts.  Lines
 * and columns are 1-based and columns count characters (UTF-8), not bytes.
 * Every message has one format:
 *
 *   path:line:col: severity: message
 *      12 |   the source line
 *         |   ^~~~~~
 */
#ifndef DUTYCHECK_DIAG_H
#define DUTYCHECK_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct source {
  char *name;          /* as given on the command line */
  char *data;          /* owned; NUL-terminated */
  size_t len;
  uint32_t *lines;     /* byte offset of each line's start */
  size_t nlines;
  unsigned line_base;  /* added to line numbers (front matter in a file) */
};

struct loc {
  uint32_t src;        /* index into diag's sources; 0 is "no source" */
  uint32_t start, end; /* byte offsets, end exclusive */
};

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

struct diag {
  struct source **sources; /* [0] unused */
  size_t nsources, cap;
  FILE *out;               /* where messages go; stderr by default */
  int errors, warnings;
  int max_errors;          /* stop reporting after this many; 0: no limit */
  bool quiet_warnings;
  struct loc last;         /* of the last message shown */
};

void diag_init(struct diag *d, FILE *out);
void diag_release(struct diag *d);
/* Take ownership of data (malloc'd, NUL-terminated) and return the new
 * source's index. */
uint32_t diag_add_source(struct diag *d, const char *name, char *data,
                         size_t len);
const struct source *diag_source(const struct diag *d, uint32_t src);
/* Free a source's text once nothing will point into it again (a checked
 * input in a batch); its name stays. */
void diag_forget_source(struct diag *d, uint32_t src);
/* 1-based line and column of byte offset off in source src. */
void diag_line_col(const struct diag *d, uint32_t src, uint32_t off,
                   unsigned *line, unsigned *col);
/* Byte offset of 1-based line and column (column in characters); clamped to
 * the end of that line. */
uint32_t diag_offset(const struct diag *d, uint32_t src, unsigned line,
                     unsigned col);
struct loc loc_span(struct loc a, struct loc b);

/* Report; diag_error returns -1 so that `return diag_error(...)` reads well.
 * A zero loc (src 0) prints as "dutycheck: severity: message".  A note at
 * the span of the message before it does not show that line again. */
int diag_error(struct diag *d, struct loc at, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct loc at, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void diag_note(struct diag *d, struct loc at, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void diag_report(struct diag *d, enum severity sev, struct loc at,
                 const char *fmt, va_list ap)
  __attribute__((format(printf, 4, 0)));
/* True once max_errors errors were reported. */
bool diag_full(const struct diag *d);

/* "path:line:col" of a location, into buf. */
void diag_where(const struct diag *d, struct loc at, char *buf, size_t size);
/* Print the source line of at and an underline beneath the span. */
void diag_show_line(const struct diag *d, FILE *out, struct loc at);
/* Write s with control characters replaced (for echoing input). */
void diag_put_clean(FILE *out, const char *s, size_t n);

/* Closest of candidates[0..n) to name by edit distance (NULL if none is
 * close enough): for "did you mean" notes. */
const char *diag_suggest(const char *name, const char *const *candidates,
                         size_t n);
/* A note "did you mean 'X'?" at `at` when one of candidates is close to
 * name; nothing otherwise. */
void diag_did_you_mean(struct diag *d, struct loc at, const char *name,
                       const char *const *candidates, size_t n);

#endif
