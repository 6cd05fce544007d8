/* test_pack.c: packs written and read back, and damaged packs refused
 * without a crash (run under the sanitizers in CI). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pack.h"
#include "unit.h"
#include "util.h"

static const char rules[] =
  "pack t \"T\" { in force from 2000-01-01 until 2010-12-31 "
  "standard clear_reasons }\n"
  "enum agency { council \"Council\", police \"Police\" }\n"
  "record departure { rule: text required, reason: text }\n"
  "enum departure_standard { clear_reasons, exceptional_reasons }\n"
  "schema audit { kind: text required, org: { type: agency }, "
  "n: int 1..4, xs: list of { v: text } }\n"
  "departure policy { expect reason is present }\n"
  "rule R.one \"One\" { subject audit level should source \"t 1\" "
  "hint \"do it\" applies org.type == police\n"
  "  expect n >= 2 \"enough\"\n"
  "  for each x in xs where x.v is present { expect x.v matches /a+b/i }\n"
  "}\n";

static unsigned long seed = 12345;
static unsigned next_rand(void)
{
  seed = seed * 6364136223846793005ul + 1442695040888963407ul;
  return (unsigned)(seed >> 33);
}

int main(void)
{
  struct diag d;
  FILE *sink = fopen("/dev/null", "w");
  diag_init(&d, sink);
  struct intern names;
  intern_init(&names);
  uint32_t src = diag_add_source(&d, "r.duty", xstrdup(rules),
                                 sizeof rules - 1);
  struct program *p = NULL;
  UNIT_EQ_INT("pack: the rules compile",
              compile_sources(&d, &names, &src, 1, DUMP_NONE, NULL, false, &p),
              0);
  /* mkstemp fills in the last six characters, which must be X. */
  char path[] = "/tmp/dutycheck-pack-......";
  memset(path + sizeof path - 7, 'X', 6);
  int fd = mkstemp(path);
  close(fd);
  UNIT_EQ_INT("pack: written", pack_write(&d, p, path), 0);
  char *data;
  size_t len;
  UNIT_EQ_INT("pack: read back from disk", read_file(path, 1 << 20, &data, &len),
              0);
  unlink(path);

  struct diag d2;
  diag_init(&d2, sink);
  struct intern n2;
  intern_init(&n2);
  struct program *q = pack_read(&d2, &n2, "t.pack",
                                (const unsigned char *)data, len, false);
  UNIT_CHECK("pack: loads", q != NULL, "not loaded");
  if (q) {
    UNIT_EQ_INT("pack: rules", q->nrules, 1);
    UNIT_EQ_STR("pack: rule id", q->rules[0]->id, "R.one");
    UNIT_EQ_STR("pack: hint", q->rules[0]->hint.s, "do it");
    UNIT_EQ_INT("pack: level", q->rules[0]->level, LEVEL_SHOULD);
    UNIT_EQ_INT("pack: until", q->packs[0]->until, p->packs[0]->until);
    UNIT_EQ_INT("pack: standard", q->packs[0]->standard, STD_CLEAR);
    UNIT_EQ_INT("pack: nodes", q->ir.nnodes, p->ir.nnodes);
    UNIT_CHECK("pack: the schema by its interned kind",
               program_schema(q, intern(&n2, "audit")) == q->rules[0]->schema,
               "schema not found");
    UNIT_CHECK("pack: agencies kept", q->rules[0]->agency_constrained &&
               q->rules[0]->nagencies == 1 &&
               q->rules[0]->agencies[0] == intern(&n2, "police"),
               "agencies lost");
    UNIT_CHECK("pack: the departure record", q->departure &&
               q->core == q->packs[0], "policy lost");
    UNIT_EQ_STR("pack: sha256 of the sources", q->packs[0]->sha256,
                p->packs[0]->sha256);
  }
  program_free(q);

  /* Damage: every byte value at many places, with the checksum skipped
   * (trusted), so that the reader's own checks are what stands. */
  unsigned char *bad = xmalloc(len);
  int refused = 0, loaded = 0;
  for (int round = 0; round < 3000; round++) {
    memcpy(bad, data, len);
    int flips = 1 + (int)(next_rand() % 4);
    for (int k = 0; k < flips; k++)
      bad[120 + next_rand() % (len - 120)] = (unsigned char)next_rand();
    struct program *r = pack_read(&d2, &n2, "bad.pack", bad, len, true);
    if (r)
      loaded++;
    else
      refused++;
    program_free(r);
  }
  UNIT_CHECK("pack: damaged packs are refused or read, never a crash",
             refused + loaded == 3000, "%d + %d", refused, loaded);
  UNIT_CHECK("pack: most damage is found", refused > 1000, "%d refused",
             refused);
  for (size_t cut = 0; cut < len; cut += len / 50 + 1) {
    struct program *r = pack_read(&d2, &n2, "short.pack",
                                  (const unsigned char *)data, cut, true);
    if (r) {
      UNIT_CHECK("pack: a pack cut short is refused", false, "at %zu", cut);
      program_free(r);
    }
  }
  UNIT_CHECK("pack: every cut refused", true, "-");
  memcpy(bad, data, len);
  bad[len - 1] ^= 0x55;
  struct program *r = pack_read(&d2, &n2, "sum.pack", bad, len, false);
  UNIT_CHECK("pack: a changed byte fails the checksum", r == NULL, "loaded");
  program_free(r);
  free(bad);
  free(data);
  program_free(p);
  intern_release(&names);
  intern_release(&n2);
  diag_release(&d);
  diag_release(&d2);
  fclose(sink);
  return unit_end();
}
