/* facts.c: typing a fact tree against the schema of its kind.
 *
 * Every scalar gets its typed value; a value of the wrong type, a missing
 * required field or an unknown enum symbol is a located error; an unknown
 * key is a warning with a suggestion, so that a misspelt key never reads
 * silently as 'absent'. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "program.h"
#include "typing.h"
#include "util.h"

static bool is_null(const struct fact *f)
{
  if (f->kind != FACT_SCALAR || !f->u.scalar.plain)
    return false;
  const char *t = f->u.scalar.text;
  return f->u.scalar.len == 0 || !strcmp(t, "~") || !strcmp(t, "null") ||
         !strcmp(t, "Null") || !strcmp(t, "NULL");
}

static const char *describe(const struct fact *f)
{
  switch (f->kind) {
  case FACT_MAP: return "a mapping";
  case FACT_LIST: return "a list";
  case FACT_SCALAR: return f->u.scalar.plain ? "a plain value" : "text";
  }
  BUG("bad fact kind");
}

static const char *want_name(const struct type *t)
{
  switch (t->kind) {
  case T_BOOL: return "true or false";
  case T_INT: return "a whole number";
  case T_NUMBER: return "a number";
  case T_PERCENT: return "a percentage such as 92%";
  case T_TEXT: return "text";
  case T_DATE: return "a date as YYYY-MM-DD";
  case T_DURATION: return "a duration such as '7 working days' or '3 months'";
  case T_ENUM: return "one of the symbols of the enum";
  case T_RECORD: return "a mapping";
  case T_LIST: return "a list";
  case T_ERROR:
  case T_REGEX:
  case T_SECTION:
    return "a value";
  }
  BUG("bad type kind");
}

struct typer {
  struct diag *d;
  int errors;
  char path[512];
};

static int bad(struct typer *ty, const struct fact *f, const char *name,
               const struct type *t)
{
  char shown[64];
  size_t n = f->kind == FACT_SCALAR ? f->u.scalar.len : 0;
  if (f->kind == FACT_SCALAR) {
    snprintf(shown, sizeof shown, "'%.*s'%s", (int)(n > 40 ? 40 : n),
             f->u.scalar.text, n > 40 ? "..." : "");
  } else {
    snprintf(shown, sizeof shown, "%s", describe(f));
  }
  ty->errors++;
  return diag_error(ty->d, f->loc, "'%s' must be %s, not %s", name,
                    want_name(t), shown);
}

static int parse_int(const char *s, size_t n, int64_t *out)
{
  size_t i = 0;
  bool neg = false;
  if (i < n && (s[i] == '-' || s[i] == '+'))
    neg = s[i++] == '-';
  if (i == n)
    return -1;
  int64_t v = 0;
  for (; i < n; i++) {
    if (!isdigit((unsigned char)s[i]) || v > (INT64_MAX - 9) / 10)
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = neg ? -v : v;
  return 0;
}

static int parse_number(const char *s, size_t n, double *out)
{
  if (n == 0 || n > 40)
    return -1;
  char buf[48];
  memcpy(buf, s, n);
  buf[n] = '\0';
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)buf[i]) && buf[i] != '.' && buf[i] != '-' &&
        buf[i] != '+')
      return -1;
  char *end;
  *out = strtod(buf, &end);
  return *end ? -1 : 0;
}

static int type_fact(struct typer *ty, struct fact *f, const struct type *t,
                     const char *name);

static int type_record(struct typer *ty, struct fact *f,
                       const struct record *r, const char *name)
{
  if (f->kind != FACT_MAP) {
    struct type t = {.kind = T_RECORD};
    return bad(ty, f, name, &t);
  }
  int rc = 0;
  for (size_t i = 0; i < f->u.map.n; i++) {
    struct fact_pair *p = &f->u.map.pairs[i];
    const struct field *fd = p->name ? record_field(r, p->name) : NULL;
    if (!fd) {
      diag_warning(ty->d, p->key_loc, "unknown key '%s' in '%s': it is not "
                   "read", p->key, name);
      suggest_field(ty->d, p->key_loc, p->key, r);
      continue;
    }
    if (type_fact(ty, p->value, fd->type, p->key) < 0)
      rc = -1;
  }
  for (size_t i = 0; i < r->nfields; i++) {
    const struct field *fd = &r->fields[i];
    if (!fd->required)
      continue;
    const struct fact_pair *p = fact_get(f, fd->name);
    if (!p || p->value->type == FT_NULL) {
      ty->errors++;
      rc = diag_error(ty->d, p ? p->key_loc : f->loc,
                      "missing required field '%s' in '%s'", fd->name, name);
    }
  }
  return rc;
}

static int type_fact(struct typer *ty, struct fact *f, const struct type *t,
                     const char *name)
{
  if (is_null(f)) {
    f->type = FT_NULL;
    return 0;
  }
  switch (t->kind) {
  case T_RECORD:
    return type_record(ty, f, t->rec, name);
  case T_LIST: {
    if (f->kind != FACT_LIST)
      return bad(ty, f, name, t);
    int rc = 0;
    for (size_t i = 0; i < f->u.list.n; i++)
      if (type_fact(ty, f->u.list.items[i], t->elem, name) < 0)
        rc = -1;
    return rc;
  }
  case T_ERROR:
  case T_REGEX:
  case T_SECTION:
    BUG("schema field of a type facts cannot have");
  case T_BOOL:
  case T_INT:
  case T_NUMBER:
  case T_PERCENT:
  case T_TEXT:
  case T_DATE:
  case T_DURATION:
  case T_ENUM:
    break;
  }
  if (f->kind != FACT_SCALAR)
    return bad(ty, f, name, t);
  const char *s = f->u.scalar.text;
  size_t n = f->u.scalar.len;
  bool plain = f->u.scalar.plain;
  switch (t->kind) {
  case T_BOOL:
    /* Only plain scalars: a quoted "true" stays text. */
    if (plain && (!strcmp(s, "true") || !strcmp(s, "True") ||
                  !strcmp(s, "TRUE"))) {
      f->type = FT_BOOL;
      f->v.b = true;
    } else if (plain && (!strcmp(s, "false") || !strcmp(s, "False") ||
                         !strcmp(s, "FALSE"))) {
      f->type = FT_BOOL;
      f->v.b = false;
    } else {
      return bad(ty, f, name, t);
    }
    return 0;
  case T_INT:
    if (!plain || parse_int(s, n, &f->v.i) < 0)
      return bad(ty, f, name, t);
    f->type = FT_INT;
    if (t->ranged && (f->v.i < t->lo || f->v.i > t->hi)) {
      ty->errors++;
      return diag_error(ty->d, f->loc, "'%s' must be from %lld to %lld, not "
                        "%lld", name, (long long)t->lo, (long long)t->hi,
                        (long long)f->v.i);
    }
    return 0;
  case T_NUMBER:
    if (!plain || parse_number(s, n, &f->v.num) < 0)
      return bad(ty, f, name, t);
    f->type = FT_NUMBER;
    return 0;
  case T_PERCENT:
    if (n > 1 && s[n - 1] == '%' && parse_number(s, n - 1, &f->v.num) == 0) {
    } else if (plain && parse_number(s, n, &f->v.num) == 0) {
    } else {
      return bad(ty, f, name, t);
    }
    f->type = FT_PERCENT;
    if (f->v.num < 0 || f->v.num > 100) {
      ty->errors++;
      return diag_error(ty->d, f->loc, "'%s' must be a percentage from 0%% "
                        "to 100%%, not '%s'", name, s);
    }
    return 0;
  case T_TEXT:
    f->type = FT_TEXT;
    return 0;
  case T_DATE:
    if (cal_parse_date(s, n, &f->v.date) < 0)
      return bad(ty, f, name, t);
    f->type = FT_DATE;
    return 0;
  case T_DURATION:
    if (dur_parse(s, n, &f->v.dur) < 0)
      return bad(ty, f, name, t);
    f->type = FT_DURATION;
    return 0;
  case T_ENUM: {
    const struct enum_decl *en = t->en;
    for (size_t i = 0; i < en->nsyms; i++)
      if (strlen(en->syms[i].name) == n && !memcmp(en->syms[i].name, s, n)) {
        f->type = FT_ENUM;
        f->v.sym = en->syms[i].name;
        return 0;
      }
    ty->errors++;
    diag_error(ty->d, f->loc, "unknown %s '%s' for '%s'", en->name, s, name);
    suggest_symbol(ty->d, f->loc, s, en);
    return -1;
  }
  case T_RECORD:
  case T_LIST:
  case T_ERROR:
  case T_REGEX:
  case T_SECTION:
    break;
  }
  BUG("unreachable");
}

const struct record *facts_kind(struct diag *d, const struct program *p,
                                const struct fact *root, const char *want)
{
  const struct fact_pair *k = fact_get(root, intern_lookup(p->names, "kind",
                                                           4));
  if (!k) {
    diag_error(d, root->loc, "missing 'kind': say what this input is, e.g. "
               "'kind: %s'", want ? want : "section11-audit");
    return NULL;
  }
  const struct fact *v = k->value;
  if (v->kind != FACT_SCALAR) {
    diag_error(d, v->loc, "'kind' must be text, not %s", describe(v));
    return NULL;
  }
  const char *name = intern_lookup(p->names, v->u.scalar.text,
                                   v->u.scalar.len);
  const struct record *schema = name ? program_schema(p, name) : NULL;
  if (!schema) {
    diag_error(d, v->loc, "unknown kind '%s'", v->u.scalar.text);
    suggest_kind(d, v->loc, v->u.scalar.text, p);
    return NULL;
  }
  if (want && strcmp(want, schema->name) != 0) {
    diag_error(d, v->loc, "a Markdown document must be of kind '%s', not "
               "'%s'", want, schema->name);
    return NULL;
  }
  return schema;
}

int facts_type(struct diag *d, const struct record *schema,
               struct fact *root)
{
  struct typer ty = {.d = d};
  int rc = type_record(&ty, root, schema, schema->name);
  return rc < 0 || ty.errors ? -1 : 0;
}
