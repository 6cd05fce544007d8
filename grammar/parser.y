/* parser.y: the grammar of the rules language.
 *
 * file     = [ pack-header ] { "use" IDENT } { decl }
 * header   = "pack" IDENT STRING "{" { header-item } "}"
 * h-item   = "source" STRING | "edition" STRING | "version" STRING
 *          | "in" "force" "from" DATE [ "until" DATE ]
 *          | "standard" IDENT
 * decl     = "enum" IDENT "{" { IDENT [STRING] [","] } "}"
 *          | "set" IDENT "=" "{" IDENT { "," IDENT } "}"
 *          | ("record" | "schema") IDENT fields
 *          | "rule" RULE-ID STRING "{" { rule-item } "}"
 *          | "departure" "policy" "{" { body-item } "}"
 * fields   = "{" { IDENT ":" type [ "required" ] [ STRING ] [","] } "}"
 * type     = IDENT | "int" [ INT ".." INT ] | "list" "of" type | fields
 * rule-item= "subject" IDENT | "level" ("must"|"should"|"advice")
 *          | "source" STRING | "quote" STRING | "hint" STRING
 *          | "applies" expr | body-item
 * body-item= "let" IDENT "=" expr | "expect" expr [ STRING ]
 *          | "for" "each" IDENT "in" expr [ "where" expr ] "{" {body-item} "}"
 * expr     = quantifier | expr "implies" expr | expr "or" expr
 *          | expr "and" expr | "not" expr | expr cmp expr
 *          | expr "in" (IDENT | "{" IDENT {"," IDENT} "}")
 *          | expr "is" ("present"|"absent") | expr "matches" REGEX
 *          | expr "mentions" STRING | expr ("+"|"-") expr | primary
 * quantifier = ("any"|"all") IDENT "in" expr ":" expr
 * primary  = path | literal | "(" expr ")" | IDENT "(" [expr {"," expr}] ")"
 *          | "count" "(" IDENT "in" expr [ "where" expr ] ")"
 * path     = IDENT { "." IDENT }
 */
%require "3.8"
%define api.pure full
%define api.prefix {duty_}
%define parse.error detailed
%define parse.lac full
%define api.location.type {struct loc}
%locations
%expect 0
%start file
%param {void *scanner}
%parse-param {struct parse_ctx *ctx}

%code requires {
#include "ast.h"
/* A growing list of pointers in the arena. */
struct plist { void **v; size_t n; };
}

%code provides {
int duty_lex(DUTY_STYPE *lval, DUTY_LTYPE *lloc, void *scanner);
int duty_lex_init_extra(struct parse_ctx *extra, void **scanner);
int duty_lex_destroy(void *scanner);
}

%code {
#include <stdlib.h>
#include <string.h>
#include "util.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
  do {                                                               \
    if (N) {                                                         \
      (Cur) = YYRHSLOC(Rhs, 1);                                      \
      (Cur).end = YYRHSLOC(Rhs, N).end;                              \
    } else {                                                         \
      (Cur) = YYRHSLOC(Rhs, 0);                                      \
      (Cur).start = (Cur).end;                                       \
    }                                                                \
  } while (0)

static void duty_error(struct loc *at, void *scanner, struct parse_ctx *ctx,
                       const char *msg);

static struct expr *bin(struct parse_ctx *c, enum expr_kind k,
                        struct expr *a, struct expr *b, struct loc at)
{
  struct expr *e = expr_new(c->a, k, at);
  e->a = a;
  e->b = b;
  return e;
}

static struct str kw(struct parse_ctx *c, const char *w)
{
  return (struct str){intern(c->names, w), strlen(w)};
}

/* Lists grow by copying at powers of two: they are short. */
static void plist_add(struct arena *a, struct plist *l, void *p)
{
  if ((l->n & (l->n - 1)) == 0) { /* n is 0 or a power of two: grow */
    void **nv = arena_array(a, l->n ? l->n * 2 : 1, sizeof *nv);
    if (l->n)
      memcpy(nv, l->v, l->n * sizeof *nv);
    l->v = nv;
  }
  l->v[l->n++] = p;
}

static void add_decl(struct parse_ctx *c, struct decl d)
{
  struct file_ast *f = c->file;
  if (f->ndecls == c->cap_decls) {
    size_t cap = c->cap_decls ? c->cap_decls * 2 : 16;
    struct decl *nd = arena_array(c->a, cap, sizeof *nd);
    if (f->ndecls)
      memcpy(nd, f->decls, f->ndecls * sizeof *nd);
    f->decls = nd;
    c->cap_decls = cap;
  }
  f->decls[f->ndecls++] = d;
}

static struct pack *header(struct parse_ctx *c)
{
  if (!c->file->header)
    c->file->header = arena_alloc(c->a, sizeof(struct pack));
  return c->file->header;
}

}

%union {
  bool boolean;
  int64_t integer;
  double num;
  int32_t date;
  struct duration dur;
  struct str str;
  struct regex_lit re;
  struct expr *expr;
  struct type *type;
  struct item *item;
  struct rule *rule;
  struct record *rec;
  struct enum_decl *en;
  struct set_decl *set;
  struct plist list;
  enum level level;
  enum expr_kind kind;
}

%token KW_PACK "'pack'" KW_SOURCE "'source'" KW_EDITION "'edition'"
%token KW_VERSION "'version'" KW_STANDARD "'standard'" KW_FORCE "'force'"
%token KW_FROM "'from'" KW_UNTIL "'until'" KW_USE "'use'" KW_ENUM "'enum'"
%token KW_SET "'set'" KW_RECORD "'record'" KW_SCHEMA "'schema'" KW_RULE "'rule'"
%token KW_DEPARTURE "'departure'" KW_POLICY "'policy'" KW_SUBJECT "'subject'"
%token KW_LEVEL "'level'" KW_MUST "'must'" KW_SHOULD "'should'" KW_ADVICE "'advice'"
%token KW_QUOTE "'quote'" KW_HINT "'hint'" KW_APPLIES "'applies'" KW_LET "'let'"
%token KW_EXPECT "'expect'" KW_FOR "'for'" KW_EACH "'each'" KW_WHERE "'where'"
%token KW_IN "'in'" KW_REQUIRED "'required'" KW_LIST "'list'" KW_OF "'of'"
%token KW_AND "'and'" KW_OR "'or'" KW_NOT "'not'" KW_IMPLIES "'implies'"
%token KW_IS "'is'" KW_PRESENT "'present'" KW_ABSENT "'absent'"
%token KW_MATCHES "'matches'" KW_MENTIONS "'mentions'" KW_ANY "'any'"
%token KW_ALL "'all'" KW_COUNT "'count'"
%token OP_EQ "'=='" OP_NE "'!='" OP_LE "'<='" OP_GE "'>='" OP_LT "'<'" OP_GT "'>'"
%token DOTDOT "'..'"
%token <boolean> BOOL_LIT "boolean"
%token <integer> INT_LIT "integer"
%token <num> NUMBER_LIT "number" PERCENT_LIT "percentage"
%token <date> DATE_LIT "date"
%token <dur> DURATION_LIT "duration"
%token <str> STRING_LIT "string" IDENT "name" RULE_ID "rule id"
%token <re> REGEX_LIT "regular expression"
%token '{' "'{'" '}' "'}'" '(' "'('" ')' "')'" ',' "','" ':' "':'"
%token '=' "'='" '.' "'.'" '+' "'+'" '-' "'-'" '[' "'['" ']' "']'"

%type <expr> expr primary path quantifier
%type <type> type fields_type
%type <item> body_item
%type <list> body_items fields field_list ident_list args arg_list
%type <list> enum_syms
%type <level> level
%type <kind> cmp
%type <str> opt_string word name

%precedence ':'
%right KW_IMPLIES
%left KW_OR
%left KW_AND
%precedence KW_NOT
%nonassoc OP_EQ OP_NE OP_LT OP_LE OP_GT OP_GE KW_IN KW_IS KW_MATCHES KW_MENTIONS
%left '+' '-'

%%

/* Names: keywords that cannot be confused where a name is expected may be
 * used as names too (a field called 'source' or 'level'). */
name:
  IDENT            { $$ = $1; }
| KW_DEPARTURE     { $$ = kw(ctx, "departure"); }
| KW_STANDARD      { $$ = kw(ctx, "standard"); }
| KW_SOURCE        { $$ = kw(ctx, "source"); }
| KW_LEVEL         { $$ = kw(ctx, "level"); }
| KW_EDITION       { $$ = kw(ctx, "edition"); }
| KW_VERSION       { $$ = kw(ctx, "version"); }
| KW_POLICY        { $$ = kw(ctx, "policy"); }
| KW_FORCE         { $$ = kw(ctx, "force"); }
| KW_FROM          { $$ = kw(ctx, "from"); }
| KW_UNTIL         { $$ = kw(ctx, "until"); }
| KW_QUOTE         { $$ = kw(ctx, "quote"); }
| KW_HINT          { $$ = kw(ctx, "hint"); }
| KW_SUBJECT       { $$ = kw(ctx, "subject"); }
| KW_EACH          { $$ = kw(ctx, "each"); }
| KW_PRESENT       { $$ = kw(ctx, "present"); }
| KW_ABSENT        { $$ = kw(ctx, "absent"); }
;

/* After a '.', any word is a field name. */
word:
  name             { $$ = $1; }
| KW_LIST          { $$ = kw(ctx, "list"); }
| KW_COUNT         { $$ = kw(ctx, "count"); }
| KW_ALL           { $$ = kw(ctx, "all"); }
| KW_ANY           { $$ = kw(ctx, "any"); }
| KW_SET           { $$ = kw(ctx, "set"); }
| KW_RECORD        { $$ = kw(ctx, "record"); }
| KW_SCHEMA        { $$ = kw(ctx, "schema"); }
| KW_ENUM          { $$ = kw(ctx, "enum"); }
| KW_USE           { $$ = kw(ctx, "use"); }
| KW_OF            { $$ = kw(ctx, "of"); }
| KW_LET           { $$ = kw(ctx, "let"); }
| KW_APPLIES       { $$ = kw(ctx, "applies"); }
| KW_MUST          { $$ = kw(ctx, "must"); }
| KW_SHOULD        { $$ = kw(ctx, "should"); }
| KW_ADVICE        { $$ = kw(ctx, "advice"); }
| KW_REQUIRED      { $$ = kw(ctx, "required"); }
;

file:
  %empty
| file top
;

top:
  pack_header
| KW_USE IDENT
    {
      struct pack *p = header(ctx);
      const char **nu = arena_array(ctx->a, p->nuses + 1, sizeof *nu);
      struct loc *nl = arena_array(ctx->a, p->nuses + 1, sizeof *nl);
      if (p->nuses) {
        memcpy(nu, p->uses, p->nuses * sizeof *nu);
        memcpy(nl, p->use_locs, p->nuses * sizeof *nl);
      }
      nu[p->nuses] = $2.s;
      nl[p->nuses] = @2;
      p->uses = nu;
      p->use_locs = nl;
      p->nuses++;
    }
| decl
| error '}'   { yyerrok; }
;

pack_header:
  KW_PACK IDENT STRING_LIT
    {
      struct pack *p = header(ctx);
      if (p->name) {
        diag_error(ctx->d, @1, "more than one pack header in a file");
        diag_note(ctx->d, p->loc, "previous pack header is here");
      }
      p->name = $2.s;
      p->loc = @2;
      p->title = $3;
    }
  '{' header_items '}'
;

header_items:
  %empty
| header_items header_item
;

header_item:
  KW_SOURCE STRING_LIT   { header(ctx)->source = $2; }
| KW_EDITION STRING_LIT  { header(ctx)->edition = $2; }
| KW_VERSION STRING_LIT  { header(ctx)->version = $2; }
| KW_IN KW_FORCE KW_FROM DATE_LIT
    { header(ctx)->has_from = true; header(ctx)->from = $4; }
| KW_IN KW_FORCE KW_FROM DATE_LIT KW_UNTIL DATE_LIT
    {
      struct pack *p = header(ctx);
      p->has_from = p->has_until = true;
      p->from = $4;
      p->until = $6;
      if ($6 < $4)
        diag_error(ctx->d, @6, "pack is in force until a date before it is in force from");
    }
| KW_STANDARD IDENT
    {
      if (strcmp($2.s, "clear_reasons") == 0)
        header(ctx)->standard = STD_CLEAR;
      else if (strcmp($2.s, "exceptional_reasons") == 0)
        header(ctx)->standard = STD_EXCEPTIONAL;
      else
        diag_error(ctx->d, @2, "unknown departure standard '%s' (expected 'clear_reasons' or 'exceptional_reasons')", $2.s);
    }
| error
;

decl:
  KW_ENUM name '{' enum_syms '}'
    {
      struct enum_decl *e = arena_alloc(ctx->a, sizeof *e);
      e->name = $2.s;
      e->loc = @2;
      e->syms = arena_array(ctx->a, $4.n, sizeof *e->syms);
      for (size_t i = 0; i < $4.n; i++)
        e->syms[i] = *(struct enum_sym *)$4.v[i];
      e->nsyms = $4.n;
      add_decl(ctx, (struct decl){.kind = D_ENUM, .u.en = e});
    }
| KW_SET name '=' '{' ident_list '}'
    {
      struct set_decl *s = arena_alloc(ctx->a, sizeof *s);
      s->name = $2.s;
      s->loc = @2;
      s->nsyms = $5.n;
      s->syms = arena_array(ctx->a, $5.n, sizeof *s->syms);
      s->sym_locs = arena_array(ctx->a, $5.n, sizeof *s->sym_locs);
      for (size_t i = 0; i < $5.n; i++) {
        struct expr *e = $5.v[i];
        s->syms[i] = e->path[0];
        s->sym_locs[i] = e->loc;
      }
      add_decl(ctx, (struct decl){.kind = D_SET, .u.set = s});
    }
| KW_RECORD name fields_type
    {
      $3->rec->name = $2.s;
      $3->rec->loc = @2;
      add_decl(ctx, (struct decl){.kind = D_RECORD, .u.rec = $3->rec});
    }
| KW_SCHEMA IDENT fields_type
    {
      $3->rec->name = $2.s;
      $3->rec->loc = @2;
      add_decl(ctx, (struct decl){.kind = D_SCHEMA, .u.rec = $3->rec});
    }
| KW_RULE RULE_ID STRING_LIT '{'
    {
      ctx->rule = arena_alloc(ctx->a, sizeof *ctx->rule);
      ctx->rule->id = $2.s;
      ctx->rule->id_loc = @2;
      ctx->rule->loc = @1;
      ctx->rule->title = $3;
    }
  rule_items '}'
    {
      struct rule *r = ctx->rule;
      r->close_loc = @7;
      add_decl(ctx, (struct decl){.kind = D_RULE, .u.rule = r});
      ctx->rule = NULL;
    }
| KW_DEPARTURE KW_POLICY '{' body_items '}'
    {
      struct decl d = {.kind = D_POLICY};
      d.u.policy.items = (struct item **)$4.v;
      d.u.policy.n = $4.n;
      d.u.policy.loc = @1;
      add_decl(ctx, d);
    }
;

enum_syms:
  %empty { $$ = (struct plist){0}; }
| enum_syms name opt_string opt_comma
    {
      struct enum_sym *s = arena_alloc(ctx->a, sizeof *s);
      s->name = $2.s;
      s->loc = @2;
      s->label = $3;
      $$ = $1;
      plist_add(ctx->a, &$$, s);
    }
;

opt_comma: %empty | ',' ;

opt_string:
  %empty      { $$ = (struct str){0}; }
| STRING_LIT  { $$ = $1; }
;

ident_list:
  name
    {
      struct expr *e = expr_new(ctx->a, E_PATH, @1);
      e->path = arena_alloc(ctx->a, sizeof *e->path);
      e->path[0] = $1.s;
      e->npath = 1;
      $$ = (struct plist){0};
      plist_add(ctx->a, &$$, e);
    }
| ident_list ',' name
    {
      struct expr *e = expr_new(ctx->a, E_PATH, @3);
      e->path = arena_alloc(ctx->a, sizeof *e->path);
      e->path[0] = $3.s;
      e->npath = 1;
      $$ = $1;
      plist_add(ctx->a, &$$, e);
    }
;

fields_type:
  '{' fields '}'
    {
      struct type *t = arena_alloc(ctx->a, sizeof *t);
      t->kind = T_RECORD;
      t->loc = @$;
      t->rec = arena_alloc(ctx->a, sizeof *t->rec);
      t->rec->loc = @1;
      t->rec->nfields = $2.n;
      t->rec->fields = arena_array(ctx->a, $2.n, sizeof *t->rec->fields);
      for (size_t i = 0; i < $2.n; i++)
        t->rec->fields[i] = *(struct field *)$2.v[i];
      $$ = t;
    }
;

fields:
  %empty { $$ = (struct plist){0}; }
| fields field_list { $$ = $1; for (size_t i = 0; i < $2.n; i++) plist_add(ctx->a, &$$, $2.v[i]); }
| fields error { $$ = $1; }
;

field_list:
  name ':' type opt_required opt_string opt_comma
    {
      struct field *f = arena_alloc(ctx->a, sizeof *f);
      f->name = $1.s;
      f->loc = @1;
      f->type = $3;
      f->required = $<boolean>4;
      f->desc = $5;
      $$ = (struct plist){0};
      plist_add(ctx->a, &$$, f);
    }
;

opt_required:
  %empty       { $<boolean>$ = false; }
| KW_REQUIRED  { $<boolean>$ = true; }
;

type:
  name
    {
      $$ = arena_alloc(ctx->a, sizeof *$$);
      $$->loc = @1;
      const char *n = $1.s;
      if (!strcmp(n, "bool")) $$->kind = T_BOOL;
      else if (!strcmp(n, "int")) $$->kind = T_INT;
      else if (!strcmp(n, "number")) $$->kind = T_NUMBER;
      else if (!strcmp(n, "percent")) $$->kind = T_PERCENT;
      else if (!strcmp(n, "text")) $$->kind = T_TEXT;
      else if (!strcmp(n, "date")) $$->kind = T_DATE;
      else if (!strcmp(n, "duration")) $$->kind = T_DURATION;
      else { $$->kind = T_ERROR; $$->ref = n; }
    }
| name INT_LIT DOTDOT INT_LIT
    {
      $$ = arena_alloc(ctx->a, sizeof *$$);
      $$->loc = @$;
      $$->kind = T_INT;
      $$->ranged = true;
      $$->lo = $2;
      $$->hi = $4;
      if (strcmp($1.s, "int") != 0)
        diag_error(ctx->d, @1, "only 'int' takes a range, not '%s'", $1.s);
      else if ($4 < $2)
        diag_error(ctx->d, @$, "empty range %lld..%lld", (long long)$2, (long long)$4);
    }
| KW_LIST KW_OF type
    {
      $$ = arena_alloc(ctx->a, sizeof *$$);
      $$->loc = @$;
      $$->kind = T_LIST;
      $$->elem = $3;
    }
| fields_type { $$ = $1; }
;

rule_items:
  %empty
| rule_items rule_item
;

rule_item:
  KW_SUBJECT IDENT   { ctx->rule->subject = $2.s; ctx->rule->subject_loc = @2; }
| KW_LEVEL level     { ctx->rule->level = $2; ctx->rule->has_level = true; }
| KW_SOURCE STRING_LIT { ctx->rule->source = $2; }
| KW_QUOTE STRING_LIT  { ctx->rule->quote = $2; }
| KW_HINT STRING_LIT   { ctx->rule->hint = $2; }
| KW_APPLIES expr
    {
      if (ctx->rule->applies)
        diag_error(ctx->d, @1, "rule '%s' has more than one 'applies' (join them with 'and')", ctx->rule->id);
      ctx->rule->applies = $2;
    }
| body_item
    {
      struct item **ni = arena_array(ctx->a, ctx->rule->nitems + 1, sizeof *ni);
      if (ctx->rule->nitems)
        memcpy(ni, ctx->rule->items, ctx->rule->nitems * sizeof *ni);
      ni[ctx->rule->nitems++] = $1;
      ctx->rule->items = ni;
    }
| error
;

level:
  KW_MUST    { $$ = LEVEL_MUST; }
| KW_SHOULD  { $$ = LEVEL_SHOULD; }
| KW_ADVICE  { $$ = LEVEL_ADVICE; }
;

body_items:
  %empty                { $$ = (struct plist){0}; }
| body_items body_item  { $$ = $1; plist_add(ctx->a, &$$, $2); }
| body_items error      { $$ = $1; }
;

body_item:
  KW_LET name '=' expr
    {
      $$ = arena_alloc(ctx->a, sizeof *$$);
      $$->kind = ITEM_LET;
      $$->loc = @$;
      $$->name = $2.s;
      $$->name_loc = @2;
      $$->e = $4;
    }
| KW_EXPECT expr opt_string
    {
      $$ = arena_alloc(ctx->a, sizeof *$$);
      $$->kind = ITEM_EXPECT;
      $$->loc = @$;
      $$->e = $2;
      $$->message = $3;
    }
| KW_FOR KW_EACH name KW_IN expr '{' body_items '}'
    {
      $$ = arena_alloc(ctx->a, sizeof *$$);
      $$->kind = ITEM_FOR;
      $$->loc = @1;
      $$->name = $3.s;
      $$->name_loc = @3;
      $$->e = $5;
      $$->body = (struct item **)$7.v;
      $$->nbody = $7.n;
    }
| KW_FOR KW_EACH name KW_IN expr KW_WHERE expr '{' body_items '}'
    {
      $$ = arena_alloc(ctx->a, sizeof *$$);
      $$->kind = ITEM_FOR;
      $$->loc = @1;
      $$->name = $3.s;
      $$->name_loc = @3;
      $$->e = $5;
      $$->where = $7;
      $$->body = (struct item **)$9.v;
      $$->nbody = $9.n;
    }
;

expr:
  quantifier                { $$ = $1; }
| expr KW_IMPLIES expr      { $$ = bin(ctx, E_IMPLIES, $1, $3, @$); }
| expr KW_OR expr           { $$ = bin(ctx, E_OR, $1, $3, @$); }
| expr KW_AND expr          { $$ = bin(ctx, E_AND, $1, $3, @$); }
| KW_NOT expr               { $$ = bin(ctx, E_NOT, $2, NULL, @$); }
| expr cmp expr %prec OP_EQ { $$ = bin(ctx, $2, $1, $3, @$); }
| expr KW_IN name
    {
      $$ = bin(ctx, E_IN, $1, NULL, @$);
      $$->name = $3.s;
      $$->name_loc = @3;
    }
| expr KW_IN '{' ident_list '}'
    {
      $$ = bin(ctx, E_IN, $1, NULL, @$);
      $$->items = (struct expr **)$4.v;
      $$->nitems = $4.n;
      $$->name_loc = @4;
    }
| expr KW_IS KW_PRESENT     { $$ = bin(ctx, E_PRESENT, $1, NULL, @$); }
| expr KW_IS KW_ABSENT      { $$ = bin(ctx, E_ABSENT, $1, NULL, @$); }
| expr KW_MATCHES REGEX_LIT
    {
      struct expr *r = expr_new(ctx->a, E_REGEX, @3);
      r->lit.re = $3;
      $$ = bin(ctx, E_MATCHES, $1, r, @$);
    }
| expr KW_MENTIONS STRING_LIT
    {
      struct expr *s = expr_new(ctx->a, E_STRING, @3);
      s->lit.str = $3;
      $$ = bin(ctx, E_MENTIONS, $1, s, @$);
    }
| expr '+' expr             { $$ = bin(ctx, E_ADD, $1, $3, @$); }
| expr '-' expr             { $$ = bin(ctx, E_SUB, $1, $3, @$); }
| primary                   { $$ = $1; }
;

cmp:
  OP_EQ { $$ = E_EQ; } | OP_NE { $$ = E_NE; } | OP_LT { $$ = E_LT; }
| OP_LE { $$ = E_LE; } | OP_GT { $$ = E_GT; } | OP_GE { $$ = E_GE; }
;

quantifier:
  KW_ANY name KW_IN expr ':' expr
    { $$ = bin(ctx, E_ANY, $4, $6, @$); $$->name = $2.s; $$->name_loc = @2; }
| KW_ALL name KW_IN expr ':' expr
    { $$ = bin(ctx, E_ALL, $4, $6, @$); $$->name = $2.s; $$->name_loc = @2; }
;

primary:
  path                 { $$ = $1; }
| BOOL_LIT             { $$ = expr_new(ctx->a, E_BOOL, @1); $$->lit.b = $1; }
| INT_LIT              { $$ = expr_new(ctx->a, E_INT, @1); $$->lit.i = $1; }
| NUMBER_LIT           { $$ = expr_new(ctx->a, E_NUMBER, @1); $$->lit.num = $1; }
| PERCENT_LIT          { $$ = expr_new(ctx->a, E_PERCENT, @1); $$->lit.num = $1; }
| DATE_LIT             { $$ = expr_new(ctx->a, E_DATE, @1); $$->lit.date = $1; }
| DURATION_LIT         { $$ = expr_new(ctx->a, E_DURATION, @1); $$->lit.dur = $1; }
| STRING_LIT           { $$ = expr_new(ctx->a, E_STRING, @1); $$->lit.str = $1; }
| REGEX_LIT            { $$ = expr_new(ctx->a, E_REGEX, @1); $$->lit.re = $1; }
| '(' expr ')'         { $$ = $2; }
| name '(' args ')'
    {
      $$ = expr_new(ctx->a, E_CALL, @$);
      $$->name = $1.s;
      $$->name_loc = @1;
      $$->items = (struct expr **)$3.v;
      $$->nitems = $3.n;
    }
| KW_COUNT '(' name KW_IN expr ')'
    { $$ = bin(ctx, E_COUNT, $5, NULL, @$); $$->name = $3.s; $$->name_loc = @3; }
| KW_COUNT '(' name KW_IN expr KW_WHERE expr ')'
    { $$ = bin(ctx, E_COUNT, $5, $7, @$); $$->name = $3.s; $$->name_loc = @3; }
;

args:
  %empty    { $$ = (struct plist){0}; }
| arg_list  { $$ = $1; }
;

arg_list:
  expr               { $$ = (struct plist){0}; plist_add(ctx->a, &$$, $1); }
| arg_list ',' expr  { $$ = $1; plist_add(ctx->a, &$$, $3); }
;

path:
  name
    {
      $$ = expr_new(ctx->a, E_PATH, @1);
      $$->path = arena_alloc(ctx->a, sizeof *$$->path);
      $$->path_locs = arena_alloc(ctx->a, sizeof *$$->path_locs);
      $$->path[0] = $1.s;
      $$->path_locs[0] = @1;
      $$->npath = 1;
    }
| path '.' word
    {
      $$ = $1;
      const char **np = arena_array(ctx->a, $$->npath + 1, sizeof *np);
      struct loc *nl = arena_array(ctx->a, $$->npath + 1, sizeof *nl);
      memcpy(np, $$->path, $$->npath * sizeof *np);
      memcpy(nl, $$->path_locs, $$->npath * sizeof *nl);
      np[$$->npath] = $3.s;
      nl[$$->npath] = @3;
      $$->path = np;
      $$->path_locs = nl;
      $$->npath++;
      $$->loc = @$;
    }
;

%%

/* Bison's detailed message ("syntax error, unexpected X, expecting Y"),
 * less its first words; then where the innermost open construct began when
 * the file ends inside it, or the rule a new declaration interrupted. */
static void duty_error(struct loc *at, void *scanner, struct parse_ctx *ctx,
                       const char *msg)
{
  (void)scanner;
  static const char prefix[] = "syntax error, ";
  if (!strncmp(msg, prefix, sizeof prefix - 1))
    msg += sizeof prefix - 1;
  diag_error(ctx->d, *at, "%s", msg);
  if (strstr(msg, "unexpected end of file") && ctx->nopen > 0) {
    struct loc open = ctx->open[ctx->nopen - 1];
    if (ctx->rule)
      diag_note(ctx->d, open, "to match this '{' (possibly unterminated "
                "rule '%s')", ctx->rule->id);
    else
      diag_note(ctx->d, open, "to match this '{'");
    return;
  }
  static const char *const starts[] = {
    "unexpected 'rule'", "unexpected 'pack'", "unexpected 'schema'",
    "unexpected 'record'", "unexpected 'enum'", "unexpected 'set'"};
  for (size_t i = 0; ctx->rule && i < sizeof starts / sizeof *starts; i++)
    if (!strncmp(msg, starts[i], strlen(starts[i]))) {
      diag_note(ctx->d, ctx->rule->id_loc, "possibly unterminated rule '%s'",
                ctx->rule->id);
      return;
    }
}

/* A UTF-8 byte order mark at the start is not text: the scanner starts
 * after it (diag gives it no column either). */
static void skip_bom(struct parse_ctx *c)
{
  if (c->len >= 3 && memcmp(c->data, "\xef\xbb\xbf", 3) == 0)
    c->read = c->offset = 3;
}

int parse_file(struct diag *d, struct arena *a, struct intern *names,
               uint32_t src, struct file_ast **out)
{
  const struct source *s = diag_source(d, src);
  struct parse_ctx ctx = {.d = d, .a = a, .names = names, .src = src,
                          .data = s->data, .len = s->len};
  skip_bom(&ctx);
  ctx.file = arena_alloc(a, sizeof *ctx.file);
  ctx.file->src = src;
  int before = d->errors;
  void *scanner;
  if (duty_lex_init_extra(&ctx, &scanner) != 0)
    BUG("cannot start the scanner");
  int rc = duty_parse(scanner, &ctx);
  duty_lex_destroy(scanner);
  free(ctx.open);
  *out = ctx.file;
  return rc == 0 && d->errors == before ? 0 : -1;
}

int dump_tokens(struct diag *d, struct intern *names, uint32_t src,
                FILE *out)
{
  const struct source *s = diag_source(d, src);
  struct arena a;
  arena_init(&a);
  struct parse_ctx ctx = {.d = d, .a = &a, .names = names, .src = src,
                          .data = s->data, .len = s->len};
  skip_bom(&ctx);
  int before = d->errors;
  void *scanner;
  if (duty_lex_init_extra(&ctx, &scanner) != 0)
    BUG("cannot start the scanner");
  for (;;) {
    DUTY_STYPE v;
    struct loc at;
    int tok = duty_lex(&v, &at, scanner);
    if (tok == DUTY_EOF)
      break;
    unsigned line, col;
    diag_line_col(d, src, at.start, &line, &col);
    fprintf(out, "%u:%u %s", line, col, yysymbol_name(YYTRANSLATE(tok)));
    switch (tok) {
    case IDENT:
    case RULE_ID:
      fprintf(out, " %s", v.str.s);
      break;
    case STRING_LIT:
      fputc(' ', out);
      ast_put_str(out, v.str.s, v.str.len);
      break;
    case INT_LIT:
      fprintf(out, " %lld", (long long)v.integer);
      break;
    case REGEX_LIT:
      fprintf(out, " /%s/%s", v.re.pat, v.re.flags);
      break;
    default:
      if (at.end > at.start && tok != DUTY_error) {
        fputc(' ', out);
        diag_put_clean(out, s->data + at.start, at.end - at.start);
      }
      break;
    }
    fputc('\n', out);
  }
  duty_lex_destroy(scanner);
  free(ctx.open);
  arena_release(&a);
  return d->errors == before ? 0 : -1;
}
