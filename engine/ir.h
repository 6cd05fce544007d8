/* ir.h: the program the evaluator runs.
 *
 * Flat arrays and indices, no pointers, so that it can be written to a pack
 * file and read back: nodes refer to their operands, strings, paths, sets
 * and regular expressions by index.  IR_NONE marks an absent operand.
 * Statements (expect, let, for) are chained by `next`. */
#ifndef DUTYCHECK_IR_H
#define DUTYCHECK_IR_H

#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "value.h"

#define IR_NONE UINT32_MAX

enum ir_op {
#define X(op, name) op,
#include "ir.def"
#undef X
};

extern const char *const ir_op_name[];

struct ir_node {
  uint8_t op;        /* enum ir_op */
  uint8_t type;      /* enum type_kind of the result */
  uint16_t pad;
  int32_t slot;      /* variable slot, or -1 */
  uint32_t a, b, c;  /* operands (node indices) */
  uint32_t next;     /* next statement */
  uint32_t aux;      /* str, path, set or regex index, by op */
  struct loc loc;
  union {
    uint8_t b;
    int64_t i;
    double num;
    int32_t date;
    struct duration dur;
  } v;
};

/* A path: names[first .. first + n), and the names joined with dots
 * (a string index; IR_NONE for sets). */
struct ir_path {
  uint32_t first, n;
  uint32_t joined;
};

struct ir_rule {
  uint32_t applies;  /* node, or IR_NONE */
  uint32_t body;     /* first statement */
  uint32_t nslots;
};

struct regex;

struct ir {
  struct ir_node *nodes; size_t nnodes, cap_nodes;
  const char **strs; size_t nstrs, cap_strs;   /* interned */
  uint32_t *names; size_t nnames, cap_names;   /* string indices, for paths */
  struct ir_path *paths; size_t npaths, cap_paths;
  struct ir_path *sets; size_t nsets, cap_sets; /* symbols: string indices */
  struct ir_regex {
    uint32_t pat, flags;  /* string indices */
    struct regex *re;     /* compiled when loaded, or on first use */
  } *regexes;
  size_t nregexes, cap_regexes;
  struct ir_rule *rules; size_t nrules;       /* parallel to program rules */
  struct ir_rule policy;
};

/* Regex i, compiled on first use when the program was loaded lazily. */
struct regex *ir_regex(const struct ir *ir, uint32_t i);
void ir_release(struct ir *ir);
void ir_dump(const struct ir *ir, const struct diag *d, FILE *out);

#endif
