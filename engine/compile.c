/* compile.c: the pipeline, parse -> resolve -> typecheck -> lower. */
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "sha256.h"
#include "util.h"

void program_free(struct program *p)
{
  if (!p)
    return;
  ir_release(&p->ir);
  arena_release(&p->arena);
  free(p);
}

static void dump_rules(const struct program *p, FILE *out)
{
  for (size_t i = 0; i < p->nrules; i++) {
    const struct ir_rule *r = &p->ir.rules[i];
    fprintf(out, "rule %s", p->rules[i]->id);
    if (r->applies != IR_NONE)
      fprintf(out, " applies=%u", r->applies);
    fprintf(out, " body=%u slots=%u\n", r->body, r->nslots);
  }
  if (p->core)
    fprintf(out, "policy body=%u slots=%u\n", p->ir.policy.body,
            p->ir.policy.nslots);
}

int compile_sources(struct diag *d, struct intern *names,
                    const uint32_t *srcs, size_t n, enum dump_stage dump,
                    FILE *dump_out, bool lazy_regex, struct program **out)
{
  *out = NULL;
  if (dump == DUMP_TOKENS) {
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
      /* As --dump-ast does: the lines of each file are told apart. */
      fprintf(dump_out, "file %s\n", diag_source(d, srcs[i])->name);
      if (dump_tokens(d, names, srcs[i], dump_out) < 0)
        rc = -1;
    }
    return rc;
  }
  struct program *p = xcalloc(1, sizeof *p);
  arena_init(&p->arena);
  p->names = names;
  p->lazy_regex = lazy_regex;
  p->files = arena_array(&p->arena, n ? n : 1, sizeof *p->files);
  int rc = 0;
  for (size_t i = 0; i < n && !diag_full(d); i++) {
    if (parse_file(d, &p->arena, names, srcs[i], &p->files[p->nfiles]) < 0)
      rc = -1;
    else if (dump == DUMP_AST)
      ast_dump_file(d, p->files[p->nfiles], dump_out);
    p->nfiles++;
  }
  if (rc == 0 && dump != DUMP_AST)
    rc = resolve_program(d, p);
  for (size_t i = 0; rc == 0 && i < p->npacks; i++) {
    struct pack *k = p->packs[i];
    struct sha256 h;
    sha256_init(&h);
    for (size_t j = 0; j < k->nsrcs; j++) {
      const struct source *s = diag_source(d, k->srcs[j]);
      sha256_update(&h, s->data, s->len);
    }
    sha256_hex(&h, k->sha256);
  }
  if (rc == 0 && dump != DUMP_AST)
    rc = typecheck_program(d, p);
  if (rc == 0 && dump != DUMP_AST)
    rc = lower_program(d, p);
  if (rc == 0 && dump == DUMP_IR) {
    ir_dump(&p->ir, d, dump_out);
    dump_rules(p, dump_out);
  }
  if (rc < 0 || d->errors) {
    program_free(p);
    return -1;
  }
  *out = p;
  return 0;
}
