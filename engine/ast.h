/* ast.h: the syntax tree of .duty files, and the parse context.
 *
 * Everything lives in the compilation's arena; names are interned.  The
 * parser builds the tree; resolve and typecheck annotate it in place (the
 * fields marked "resolved"). */
#ifndef DUTYCHECK_AST_H
#define DUTYCHECK_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "intern.h"
#include "value.h"

enum expr_kind {
#define X(k, name, arity) k,
#include "ast.def"
#undef X
};

enum builtin {
#define X(k, name, arity) k,
#include "builtins.def"
#undef X
  B_NONE
};

extern const char *const expr_kind_name[];

struct type;
struct record;
struct enum_decl;

struct str {
  const char *s; /* NUL-terminated */
  size_t len;
};

struct regex_lit {
  const char *pat;
  size_t len;
  const char *flags;
};

/* What a path names, found by resolve. */
enum path_root {
  ROOT_UNRESOLVED,
  ROOT_FACT,      /* a field of the subject */
  ROOT_VAR,       /* a for-each or quantifier variable, then fields */
  ROOT_LET,       /* a let, then fields */
  ROOT_SYMBOL,    /* an enum symbol */
  ROOT_DOC,       /* text, title, sections: the procedure document */
  ROOT_STANDARD,  /* `standard` in the departure policy */
};

struct expr {
  enum expr_kind kind;
  struct loc loc;
  struct expr *a, *b, *c;
  const char *name;        /* variable (quantifiers), set (in), function */
  struct loc name_loc;
  const char **path;       /* E_PATH: interned names */
  struct loc *path_locs;
  size_t npath;
  struct expr **items;     /* E_CALL arguments; E_IN literal set */
  size_t nitems;
  unsigned depth;          /* of the tree below, parentheses included */
  union {
    bool b;
    int64_t i;
    double num;
    int32_t date;
    struct duration dur;
    struct str str;
    struct regex_lit re;
  } lit;
  /* resolved */
  enum path_root root;
  int slot;                /* ROOT_VAR / ROOT_LET: the binding's slot */
  enum builtin fn;
  const struct type *type;
  struct enum_decl *set_enum;  /* E_IN: the enum the set draws from */
  const char **set_syms;       /* E_IN: members */
  size_t nset;
};

enum type_kind {
  T_ERROR, T_BOOL, T_INT, T_NUMBER, T_PERCENT, T_TEXT, T_DATE, T_DURATION,
  T_ENUM, T_RECORD, T_LIST, T_REGEX, T_SECTION,
};

struct type {
  enum type_kind kind;
  struct loc loc;
  bool ranged;            /* int lo..hi */
  int64_t lo, hi;
  const char *ref;        /* a named enum or record, before resolve */
  struct enum_decl *en;   /* resolved */
  struct record *rec;     /* resolved, or an anonymous nested record */
  struct type *elem;      /* list of */
  unsigned depth;         /* of the nested lists and records below */
};

struct field {
  const char *name;
  struct loc loc;
  struct type *type;
  bool required;
  struct str desc;
};

struct record {
  const char *name;       /* NULL for a nested record */
  struct loc loc;
  struct field *fields;
  size_t nfields;
  struct pack *pack;
};

struct enum_sym {
  const char *name;
  struct loc loc;
  struct str label;
};

struct enum_decl {
  const char *name;
  struct loc loc;
  struct enum_sym *syms;
  size_t nsyms;
  struct pack *pack;
};

struct set_decl {
  const char *name;
  struct loc loc;
  const char **syms;
  struct loc *sym_locs;
  size_t nsyms;
  struct enum_decl *en;   /* resolved */
  struct pack *pack;
};

enum level { LEVEL_MUST, LEVEL_SHOULD, LEVEL_ADVICE };
extern const char *const level_name[];

enum item_kind { ITEM_LET, ITEM_EXPECT, ITEM_FOR };

struct item {
  enum item_kind kind;
  struct loc loc;
  const char *name;       /* let name, for-each variable */
  struct loc name_loc;
  struct expr *e;         /* let value, expectation, for-each list */
  struct expr *where;     /* for each ... where */
  struct str message;     /* expect "message" */
  struct item **body;     /* for each { ... } */
  size_t nbody;
  int slot;               /* resolved: let and for-each variable slot */
};

struct rule {
  const char *id;
  struct loc loc, id_loc;
  struct str title;
  const char *subject;
  struct loc subject_loc;
  bool has_level;
  enum level level;
  struct str source, quote, hint;
  struct expr *applies;
  struct item **items;
  size_t nitems;
  struct pack *pack;
  struct record *schema;  /* resolved from subject */
  int nslots;             /* resolved: variables and lets */
  bool agency_constrained; /* its applies names agency types: */
  const char **agencies;  /* these (interned enum 'agency' symbols) */
  size_t nagencies;
  struct loc close_loc;
};

enum standard { STD_NONE, STD_CLEAR, STD_EXCEPTIONAL };

struct pack {
  const char *name;
  struct loc loc;
  struct str title, source, edition, version;
  bool has_from, has_until;
  int32_t from, until;
  enum standard standard;
  const char **uses;
  struct loc *use_locs;
  size_t nuses;
  struct pack **used;     /* resolved */
  /* declarations, from every file of the pack */
  struct enum_decl **enums; size_t nenums;
  struct set_decl **sets; size_t nsets;
  struct record **records; size_t nrecords; /* records and schemas */
  struct rule **rules; size_t nrules;
  struct item **policy; size_t npolicy;      /* departure policy */
  struct loc policy_loc;
  bool has_policy;
  int policy_slots;
  uint32_t *srcs; size_t nsrcs;              /* files it came from */
  char sha256[65];        /* of those files' bytes, in order */
  int state;              /* resolve: cycle detection */
};

/* The top of one file: its pack header and declarations, as parsed. */
enum decl_kind { D_ENUM, D_SET, D_RECORD, D_SCHEMA, D_RULE, D_POLICY };

struct decl {
  enum decl_kind kind;
  union {
    struct enum_decl *en;
    struct set_decl *set;
    struct record *rec;
    struct rule *rule;
    struct { struct item **items; size_t n; struct loc loc; } policy;
  } u;
};

struct file_ast {
  uint32_t src;
  struct pack *header;    /* as written in this file (merged later) */
  struct decl *decls;
  size_t ndecls;
};

/* The parse context: handed to the scanner as its extra data and to the
 * parser as its parameter. */
struct parse_ctx {
  struct diag *d;
  struct arena *a;
  struct intern *names;
  uint32_t src;
  const char *data;
  size_t len, read;       /* scanner input */
  uint32_t offset;        /* byte offset of the next token */
  struct file_ast *file;
  int nerrors;
  bool dump_tokens;
  size_t cap_decls;       /* decls being collected */
  struct rule *rule;      /* the rule being parsed */
  int last;               /* the previous token */
  struct loc *open;       /* unclosed '{', innermost last */
  size_t nopen, cap_open;
};

/* Lexer helpers (ast.c). */
struct loc;
int lex_date(struct parse_ctx *c, const char *text, const struct loc *at,
             int32_t *out);
void lex_duration(struct parse_ctx *c, const char *text, size_t len,
                  const struct loc *at, struct duration *out);
double lex_number(struct parse_ctx *c, const char *text, const struct loc *at);
int64_t lex_int(struct parse_ctx *c, const char *text, const struct loc *at);
int lex_string(struct parse_ctx *c, const char *text, size_t len,
               const struct loc *at, struct str *out);
int lex_regex(struct parse_ctx *c, const char *text, size_t len,
              const struct loc *at, struct regex_lit *out);
void lex_bad_char(struct parse_ctx *c, const char *text, size_t len,
                  const struct loc *at);
void lex_error(struct parse_ctx *c, const struct loc *at, const char *msg);
/* Remember an opening brace, for "to match this" notes. */
void lex_open(struct parse_ctx *c, const struct loc *at);

/* Parse source src into a file_ast (in c->a).  Returns 0, or -1 after
 * reporting every syntax error (up to the diag's limit). */
int parse_file(struct diag *d, struct arena *a, struct intern *names,
               uint32_t src, struct file_ast **out);
/* Print the tokens of source src, one a line (for --dump-tokens). */
int dump_tokens(struct diag *d, struct intern *names, uint32_t src,
                FILE *out);

struct expr *expr_new(struct arena *a, enum expr_kind k, struct loc at);
void ast_dump_file(const struct diag *d, const struct file_ast *f, FILE *out);
void ast_dump_expr(const struct expr *e, FILE *out);
/* Write s[0..n) in double quotes, escaped as in the language (\" \\ \n \t),
 * other control characters as \xHH: for the dumps. */
void ast_put_str(FILE *out, const char *s, size_t n);

#endif
