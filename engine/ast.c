#include "ast.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "util.h"

const char *const expr_kind_name[] = {
#define X(k, name, arity) name,
#include "ast.def"
#undef X
};

const char *const level_name[] = {"must", "should", "advice"};

struct expr *expr_new(struct arena *a, enum expr_kind k, struct loc at)
{
  struct expr *e = arena_alloc(a, sizeof *e);
  e->kind = k;
  e->loc = at;
  e->fn = B_NONE;
  e->slot = -1;
  return e;
}

void lex_error(struct parse_ctx *c, const struct loc *at, const char *msg)
{
  diag_error(c->d, *at, "%s", msg);
}

void lex_open(struct parse_ctx *c, const struct loc *at)
{
  GROW(c->open, c->cap_open, c->nopen + 1);
  c->open[c->nopen++] = *at;
}

int lex_date(struct parse_ctx *c, const char *text, const struct loc *at,
             int32_t *out)
{
  if (cal_parse_date(text, strlen(text), out) == 0)
    return 0;
  return diag_error(c->d, *at, "invalid date '%s'", text);
}

void lex_duration(struct parse_ctx *c, const char *text, size_t len,
                  const struct loc *at, struct duration *out)
{
  /* The scanner's pattern allows runs of blanks and tabs between words;
   * normalise them to one space. */
  char buf[128];
  size_t n = 0;
  for (size_t i = 0; i < len && n < sizeof buf - 1; i++) {
    char ch = text[i] == '\t' ? ' ' : text[i];
    if (ch == ' ' && n && buf[n - 1] == ' ')
      continue;
    buf[n++] = ch;
  }
  if (dur_parse(buf, n, out) < 0) {
    diag_error(c->d, *at, "duration '%.*s' is out of range", (int)len, text);
    out->n = 0;
    out->unit = DUR_DAYS;
  }
}

double lex_number(struct parse_ctx *c, const char *text, const struct loc *at)
{
  (void)c;
  (void)at;
  return strtod(text, NULL);
}

int64_t lex_int(struct parse_ctx *c, const char *text, const struct loc *at)
{
  errno = 0;
  long long v = strtoll(text, NULL, 10);
  if (errno == ERANGE || v > INT32_MAX) {
    /* The limit, not 0: 'int 1..99999999999' is one error, not two. */
    diag_error(c->d, *at, "integer '%s' is too large (limit is %ld)", text,
               (long)INT32_MAX);
    return INT32_MAX;
  }
  return v;
}

/* A line break and the indentation after it become one space, so that long
 * quotes can be wrapped. */
int lex_string(struct parse_ctx *c, const char *text, size_t len,
               const struct loc *at, struct str *out)
{
  char *buf = arena_alloc(c->a, len);
  size_t n = 0, i = 1, end = len - 1; /* between the quotes */
  while (i < end) {
    /* Copy the run up to the next escape or line break at once: the
     * scanner made text NUL-terminated. */
    size_t run = strcspn(text + i, "\\\r\n");
    if (run > end - i)
      run = end - i;
    memcpy(buf + n, text + i, run);
    n += run;
    i += run;
    if (i >= end)
      break;
    char ch = text[i];
    if (ch == '\\') {
      char e = text[++i];
      switch (e) {
      case 'n': buf[n++] = '\n'; break;
      case 't': buf[n++] = '\t'; break;
      case '"': buf[n++] = '"'; break;
      case '\\': buf[n++] = '\\'; break;
      default: {
        struct loc l = {at->src, at->start + (uint32_t)i - 1,
                        at->start + (uint32_t)i + 1};
        return diag_error(c->d, l, "unknown escape '\\%c' in string", e);
      }
      }
    } else {
      /* A line break and the indentation after it become one space. */
      if (ch == '\r' && text[i + 1] == '\n')
        i++;
      while (i + 1 < end && (text[i + 1] == ' ' || text[i + 1] == '\t'))
        i++;
      while (n && buf[n - 1] == ' ')
        n--;
      buf[n++] = ' ';
    }
    i++;
  }
  buf[n] = '\0';
  out->s = buf;
  out->len = n;
  return 0;
}

int lex_regex(struct parse_ctx *c, const char *text, size_t len,
              const struct loc *at, struct regex_lit *out)
{
  size_t close = len - 1;
  while (text[close] != '/')
    close--;
  for (size_t i = close + 1; i < len; i++)
    if (!strchr("imsx", text[i])) {
      struct loc l = {at->src, at->start + (uint32_t)i,
                      at->start + (uint32_t)i + 1};
      return diag_error(c->d, l, "unknown regular expression flag '%c'",
                        text[i]);
    }
  out->pat = arena_strndup(c->a, text + 1, close - 1);
  out->len = close - 1;
  out->flags = arena_strndup(c->a, text + close + 1, len - close - 1);
  return 0;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
  size_t len = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
               : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : 0;
  if (len == 0 || len > n)
    return 0;
  for (size_t i = 1; i < len; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return len;
}

void lex_bad_char(struct parse_ctx *c, const char *text, size_t len,
                  const struct loc *at)
{
  unsigned char ch = (unsigned char)text[0];
  const unsigned char *u = (const unsigned char *)text;
  for (size_t i = 0; ch >= 0x80 && i < len;) {
    size_t n = utf8_len(u + i, len - i);
    if (n == 0) /* not text: show the byte, not what a terminal makes of it */
      return (void)diag_error(c->d, *at, "unexpected byte 0x%02x that is "
                              "not UTF-8", u[i]);
    i += n;
  }
  if (ch >= 0x80) {
    diag_error(c->d, *at, "unexpected non-ASCII text '%.*s' outside a string",
               (int)len, text);
  } else if (ch >= 0x20 && ch < 0x7f) {
    diag_error(c->d, *at, "unexpected character '%c'", ch);
  } else {
    diag_error(c->d, *at, "unexpected control character 0x%02x", ch);
  }
}

/* ---- --dump-ast ---- */

void ast_put_str(FILE *out, const char *s, size_t n)
{
  fputc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\\')
      fprintf(out, "\\%c", ch);
    else if (ch == '\n')
      fputs("\\n", out);
    else if (ch == '\t')
      fputs("\\t", out);
    else if (ch < 0x20 || ch == 0x7f)
      fprintf(out, "\\x%02x", ch);
    else
      fputc(ch, out);
  }
  fputc('"', out);
}

static void put_str(FILE *out, const struct str *s)
{
  ast_put_str(out, s->s, s->len);
}

void ast_dump_expr(const struct expr *e, FILE *out)
{
  char buf[64];
  switch (e->kind) {
  case E_PATH:
    for (size_t i = 0; i < e->npath; i++)
      fprintf(out, "%s%s", i ? "." : "", e->path[i]);
    return;
  case E_BOOL:
    fputs(e->lit.b ? "true" : "false", out);
    return;
  case E_INT:
    fprintf(out, "%lld", (long long)e->lit.i);
    return;
  case E_NUMBER:
    fprintf(out, "%g", e->lit.num);
    return;
  case E_PERCENT:
    fprintf(out, "%g%%", e->lit.num);
    return;
  case E_STRING:
    put_str(out, &e->lit.str);
    return;
  case E_DATE:
    cal_format_date(e->lit.date, buf);
    fputs(buf, out);
    return;
  case E_DURATION:
    dur_format(e->lit.dur, buf, sizeof buf);
    fprintf(out, "(%s)", buf);
    return;
  case E_REGEX:
    fprintf(out, "/%s/%s", e->lit.re.pat, e->lit.re.flags);
    return;
  case E_AS_OF:
    fputs("as_of", out);
    return;
  case E_CALL:
    fprintf(out, "(%s", e->name);
    for (size_t i = 0; i < e->nitems; i++) {
      fputc(' ', out);
      ast_dump_expr(e->items[i], out);
    }
    fputc(')', out);
    return;
  case E_IN:
    fputs("(in ", out);
    ast_dump_expr(e->a, out);
    if (e->name) {
      fprintf(out, " %s)", e->name);
    } else {
      fputs(" {", out);
      for (size_t i = 0; i < e->nitems; i++)
        fprintf(out, "%s%s", i ? " " : "", e->items[i]->path[0]);
      fputs("})", out);
    }
    return;
  case E_ANY:
  case E_ALL:
  case E_COUNT:
    fprintf(out, "(%s %s ", expr_kind_name[e->kind], e->name);
    ast_dump_expr(e->a, out);
    if (e->b) {
      fputc(' ', out);
      ast_dump_expr(e->b, out);
    }
    fputc(')', out);
    return;
  case E_NOT:
  case E_PRESENT:
  case E_ABSENT:
  case E_AND:
  case E_OR:
  case E_IMPLIES:
  case E_EQ:
  case E_NE:
  case E_LT:
  case E_LE:
  case E_GT:
  case E_GE:
  case E_MATCHES:
  case E_MENTIONS:
  case E_ADD:
  case E_SUB:
    fprintf(out, "(%s ", expr_kind_name[e->kind]);
    ast_dump_expr(e->a, out);
    if (e->b) {
      fputc(' ', out);
      ast_dump_expr(e->b, out);
    }
    fputc(')', out);
    return;
  }
  BUG("bad expression kind");
}

static void dump_type(const struct type *t, FILE *out, int indent);

static void dump_fields(const struct record *r, FILE *out, int indent)
{
  fputs("{\n", out);
  for (size_t i = 0; i < r->nfields; i++) {
    const struct field *f = &r->fields[i];
    fprintf(out, "%*s%s: ", indent + 2, "", f->name);
    dump_type(f->type, out, indent + 2);
    if (f->required)
      fputs(" required", out);
    if (f->desc.s) {
      fputc(' ', out);
      put_str(out, &f->desc);
    }
    fputc('\n', out);
  }
  fprintf(out, "%*s}", indent, "");
}

static void dump_type(const struct type *t, FILE *out, int indent)
{
  static const char *const names[] = {
    "?", "bool", "int", "number", "percent", "text", "date", "duration",
    "enum", "record", "list", "regex", "section"};
  if (t->ref) {
    fputs(t->ref, out);
  } else if (t->kind == T_LIST) {
    fputs("list of ", out);
    dump_type(t->elem, out, indent);
  } else if (t->kind == T_RECORD && t->rec && !t->rec->name) {
    dump_fields(t->rec, out, indent);
  } else if (t->ranged) {
    fprintf(out, "int %lld..%lld", (long long)t->lo, (long long)t->hi);
  } else {
    fputs(names[t->kind], out);
  }
}

static void dump_items(struct item **items, size_t n, FILE *out, int indent)
{
  for (size_t i = 0; i < n; i++) {
    const struct item *it = items[i];
    fprintf(out, "%*s", indent, "");
    switch (it->kind) {
    case ITEM_LET:
      fprintf(out, "let %s = ", it->name);
      ast_dump_expr(it->e, out);
      break;
    case ITEM_EXPECT:
      fputs("expect ", out);
      ast_dump_expr(it->e, out);
      if (it->message.s) {
        fputc(' ', out);
        put_str(out, &it->message);
      }
      break;
    case ITEM_FOR:
      fprintf(out, "for each %s in ", it->name);
      ast_dump_expr(it->e, out);
      if (it->where) {
        fputs(" where ", out);
        ast_dump_expr(it->where, out);
      }
      fputs(" {\n", out);
      dump_items(it->body, it->nbody, out, indent + 2);
      fprintf(out, "%*s}", indent, "");
      break;
    }
    fputc('\n', out);
  }
}

static void dump_opt(FILE *out, const char *key, const struct str *s)
{
  if (!s->s)
    return;
  fprintf(out, "  %s ", key);
  put_str(out, s);
  fputc('\n', out);
}

void ast_dump_file(const struct diag *d, const struct file_ast *f, FILE *out)
{
  char buf[16], buf2[16];
  fprintf(out, "file %s\n", diag_source(d, f->src)->name);
  const struct pack *p = f->header;
  if (p && p->name) {
    fprintf(out, "pack %s ", p->name);
    put_str(out, &p->title);
    fputc('\n', out);
    dump_opt(out, "source", &p->source);
    dump_opt(out, "edition", &p->edition);
    dump_opt(out, "version", &p->version);
    if (p->has_from) {
      cal_format_date(p->from, buf);
      fprintf(out, "  in force from %s", buf);
      if (p->has_until) {
        cal_format_date(p->until, buf2);
        fprintf(out, " until %s", buf2);
      }
      fputc('\n', out);
    }
    if (p->standard != STD_NONE)
      fprintf(out, "  standard %s\n", p->standard == STD_CLEAR
                                          ? "clear_reasons"
                                          : "exceptional_reasons");
  }
  for (size_t i = 0; p && i < p->nuses; i++)
    fprintf(out, "use %s\n", p->uses[i]);
  for (size_t i = 0; i < f->ndecls; i++) {
    const struct decl *dc = &f->decls[i];
    switch (dc->kind) {
    case D_ENUM:
      fprintf(out, "enum %s {", dc->u.en->name);
      for (size_t j = 0; j < dc->u.en->nsyms; j++) {
        fprintf(out, " %s", dc->u.en->syms[j].name);
        if (dc->u.en->syms[j].label.s) {
          fputc(' ', out);
          put_str(out, &dc->u.en->syms[j].label);
        }
      }
      fputs(" }\n", out);
      break;
    case D_SET:
      fprintf(out, "set %s = {", dc->u.set->name);
      for (size_t j = 0; j < dc->u.set->nsyms; j++)
        fprintf(out, " %s", dc->u.set->syms[j]);
      fputs(" }\n", out);
      break;
    case D_RECORD:
    case D_SCHEMA:
      fprintf(out, "%s %s ", dc->kind == D_RECORD ? "record" : "schema",
              dc->u.rec->name);
      dump_fields(dc->u.rec, out, 0);
      fputc('\n', out);
      break;
    case D_RULE: {
      const struct rule *r = dc->u.rule;
      fprintf(out, "rule %s ", r->id);
      put_str(out, &r->title);
      fputc('\n', out);
      if (r->subject)
        fprintf(out, "  subject %s\n", r->subject);
      if (r->has_level)
        fprintf(out, "  level %s\n", level_name[r->level]);
      dump_opt(out, "source", &r->source);
      dump_opt(out, "quote", &r->quote);
      dump_opt(out, "hint", &r->hint);
      if (r->applies) {
        fputs("  applies ", out);
        ast_dump_expr(r->applies, out);
        fputc('\n', out);
      }
      dump_items(r->items, r->nitems, out, 2);
      break;
    }
    case D_POLICY:
      fputs("departure policy\n", out);
      dump_items(dc->u.policy.items, dc->u.policy.n, out, 2);
      break;
    }
  }
}
