/* facts.h: the fact tree: an input as loaded, every node located.
 *
 * The YAML loader builds it (untyped: scalars keep their text and whether
 * they were plain); typing against the input kind's schema then fills in
 * each scalar's typed value.  All of it lives in the input's arena. */
#ifndef DUTYCHECK_FACTS_H
#define DUTYCHECK_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "intern.h"
#include "value.h"

enum fact_kind { FACT_SCALAR, FACT_MAP, FACT_LIST };

struct fact;

struct fact_pair {
  const char *key;      /* the key's text (NUL-terminated, in the arena) */
  size_t key_len;
  const char *name;     /* the interned name if the key was known, else NULL */
  struct loc key_loc;
  struct fact *value;
};

/* What typing made of a scalar. */
enum fact_type {
  FT_UNTYPED, /* not typed (yet), or a map or list */
  FT_NULL,    /* null, ~ or empty: absent */
  FT_BOOL,
  FT_INT,
  FT_NUMBER,
  FT_PERCENT,
  FT_TEXT,
  FT_DATE,
  FT_DURATION,
  FT_ENUM,
};

struct fact {
  enum fact_kind kind;
  struct loc loc;
  union {
    struct {
      const char *text; /* NUL-terminated, in the arena; may hold NULs */
      size_t len;
      bool plain;       /* a plain scalar: only these become numbers/bools */
    } scalar;
    struct {
      struct fact_pair *pairs;
      size_t n;
    } map;
    struct {
      struct fact **items;
      size_t n;
    } list;
  } u;
  enum fact_type type;
  union {
    bool b;
    int64_t i;
    double num;     /* number; percent as 0..100 */
    int32_t date;   /* calendar day number */
    struct duration dur;
    const char *sym; /* interned enum symbol */
  } v;
};

struct load_limits {
  unsigned max_depth;   /* nesting of mappings and sequences; 64 */
  size_t max_nodes;     /* total nodes in one input */
};

void load_limits_default(struct load_limits *lim);

/* Parse bytes [start, end) of source src (a whole YAML file, or a Markdown
 * file's front matter, which must start at a line start) into a fact tree in
 * arena a.  Keys are looked up (never added) in names.  Returns the root, or
 * NULL after reporting located errors to d.  Refused: malformed YAML, invalid
 * UTF-8, duplicate keys, aliases and anchors, tags, several documents,
 * nesting beyond the limit, a root that is not a mapping. */
struct fact *load_yaml(struct diag *d, uint32_t src, uint32_t start,
                       uint32_t end, struct arena *a,
                       const struct intern *names,
                       const struct load_limits *lim);

/* The pair for name (interned) in map m, or NULL. */
const struct fact_pair *fact_get(const struct fact *m, const char *name);

#endif
