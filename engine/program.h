/* program.h: a compiled rule library.
 *
 * compile_files runs the passes in order -- parse, resolve, typecheck,
 * lower -- and stops after the first pass that reported errors.  The typed
 * tree stays for explain and init; the evaluator runs the IR (ir.h). */
#ifndef DUTYCHECK_PROGRAM_H
#define DUTYCHECK_PROGRAM_H

#include "ast.h"
#include "ir.h"

struct program {
  struct arena arena;      /* the tree, the tables and the IR */
  struct intern *names;    /* shared with the fact loaders */
  struct file_ast **files;
  size_t nfiles;
  struct pack **packs;     /* one per (name, edition) */
  size_t npacks;
  struct rule **rules;     /* every rule, in source order */
  size_t nrules;
  struct record **schemas; /* one per input kind */
  size_t nschemas;
  struct pack *core;       /* the pack with the departure policy */
  struct record *departure;/* record 'departure' of that pack */
  struct ir ir;
  bool lazy_regex;         /* compile patterns on first use (built-in) */
};

enum dump_stage { DUMP_NONE, DUMP_TOKENS, DUMP_AST, DUMP_IR };

/* Compile sources (already added to d) into *out.  Returns 0, or -1 with
 * every error reported; *out is then NULL and nothing is leaked. */
int compile_sources(struct diag *d, struct intern *names,
                    const uint32_t *srcs, size_t n, enum dump_stage dump,
                    FILE *dump_out, bool lazy_regex, struct program **out);
void program_free(struct program *p);

/* Passes (each returns 0 or -1 after reporting). */
int resolve_program(struct diag *d, struct program *p);
int typecheck_program(struct diag *d, struct program *p);
int lower_program(struct diag *d, struct program *p);

/* The enum called name in any pack, or NULL. */
const struct enum_decl *program_enum(const struct program *p,
                                     const char *name);
struct record *program_schema(const struct program *p, const char *kind);
struct rule *program_rule(const struct program *p, const char *id);
/* Is the pack in force on day (calendar day number)? */
bool pack_in_force(const struct pack *k, int32_t day);
/* Field of a record by interned name, or NULL. */
const struct field *record_field(const struct record *r, const char *name);
/* A set visible from pack `from`, or NULL. */
struct set_decl *resolve_set(struct program *p, const struct pack *from,
                             const char *name);
/* The first enum visible from `from` that has symbol name, or NULL. */
struct enum_decl *resolve_symbol(struct program *p, const struct pack *from,
                                 const char *name);
/* A record or enum visible from `from` by name (NULL if none). */
struct enum_decl *resolve_enum(struct program *p, const struct pack *from,
                               const char *name);
/* "did you mean" notes for a misspelt enum symbol, record field, rule id
 * or input kind. */
void suggest_symbol(struct diag *d, struct loc at, const char *name,
                    const struct enum_decl *e);
void suggest_field(struct diag *d, struct loc at, const char *name,
                   const struct record *r);
void suggest_rule(struct diag *d, struct loc at, const char *id,
                  const struct program *p);
void suggest_kind(struct diag *d, struct loc at, const char *kind,
                  const struct program *p);
/* Whether rule r can apply to agency type `agency` (interned): its
 * applies names that type, or names none. */
bool rule_applies_to(const struct rule *r, const char *agency);
/* An enum symbol's index, or -1. */
int enum_index(const struct enum_decl *e, const char *sym);

#endif
