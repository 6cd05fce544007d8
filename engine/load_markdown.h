/* load_markdown.h: a `procedure` document, split into front matter and a
 * CommonMark body (with tables), the body flattened to plain text.
 *
 * Every piece of the plain text remembers the source bytes it came from, so
 * that a phrase found in the text (a sentence, a stated timescale) points
 * back at its line and column.  Everything lives in the caller's arena. */
#ifndef DUTYCHECK_LOAD_MARKDOWN_H
#define DUTYCHECK_LOAD_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

/* text[text_off..+len) came from source bytes [src_off..+len).  Text that
 * the flattening made up (block breaks, soft-break spaces) has no segment. */
struct md_seg {
  uint32_t text_off, src_off, len;
};

struct md_section {
  const char *heading;    /* NUL-terminated */
  size_t heading_len;
  int level;              /* 1..6 */
  struct loc loc;         /* the heading's text in the source */
  /* The body in doc->text: from after the heading to the next heading of
   * the same or a higher level (subsections included). */
  size_t text_start, text_end;
};

struct md_cell {
  const char *text;       /* NUL-terminated */
  size_t len;
  struct loc loc;         /* the cell's text in the source */
};

struct md_row {
  struct md_cell *cells;
  size_t ncells;
  bool header;            /* the table's header row */
};

struct md_table {
  struct md_row *rows;    /* the header row first */
  size_t nrows;
  size_t text_start, text_end; /* the table in doc->text */
};

struct md_doc {
  uint32_t src;
  /* The YAML between the '---' lines: [front_start, front_end), both at a
   * line start.  has_front is always true after a successful load. */
  bool has_front;
  uint32_t front_start, front_end;
  struct loc front_loc;   /* the opening '---' */
  uint32_t body_start;    /* first byte after the closing line */
  /* The first level-1 heading, or NULL. */
  const char *title;
  size_t title_len;
  struct loc title_loc;
  /* The body as plain text, NUL-terminated: headings, paragraphs, list
   * items and code each end in "\n"; a table row is one line with its cells
   * separated by "\t".  Raw HTML is left out. */
  char *text;
  size_t text_len;
  struct md_seg *segs;    /* in text order */
  size_t nsegs;
  struct md_section *sections; /* in document order */
  size_t nsections;
  struct md_table *tables;
  size_t ntables;
};

/* Check that source src is UTF-8, split off its front matter and parse the
 * body into doc (all allocated in a).  Returns 0, or -1 after a located
 * diag_error (doc is then unusable).  The YAML is not parsed here. */
int load_markdown(struct diag *d, uint32_t src, struct arena *a,
                  struct md_doc *doc);

/* The source location of doc->text[from..to), clamped to the text.  The
 * start maps through the segments (made-up text maps to the next real
 * text), the end to just after the source of the last real byte in range;
 * so a range may span markup, e.g. "10 **working** days".  A range of
 * made-up text only is empty. */
struct loc md_text_loc(const struct md_doc *doc, size_t from, size_t to);

#endif
