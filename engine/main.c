/* main.c: the command line.  Parses options and calls the engine. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "util.h"

enum opt_arg { NO_ARG, ARG };

/* One table of options: --help is generated from it. */
static const struct option_def {
  const char *name;
  char letter;
  enum opt_arg arg;
  const char *metavar;
  const char *commands; /* where it applies, for --help */
  const char *help;
} option_defs[] = {
  {"rules", 'r', ARG, "PATH", "check list test explain init compile",
   "rule files or directories (repeatable; default: the built-in library)"},
  {"as-of", 0, ARG, "DATE", "check list",
   "check as of DATE (default: each input's as_of, else today)"},
  {"format", 'f', ARG, "F", "check", "output format: text or json"},
  {"fail-on", 0, ARG, "LEVEL", "check",
   "lowest level whose failure exits 1: must, should or advice (default "
   "should)"},
  {"output", 'o', ARG, "FILE", "check compile",
   "write the report (or, with compile, the pack) to FILE atomically"},
  {"kind", 0, ARG, "KIND", "init", "the input kind of the template"},
  {"agency", 0, ARG, "A", "init", "the agency type the template is for"},
  {"jobs", 'j', ARG, "N", "check",
   "check with N worker processes (default 1)"},
  {"max-input-size", 0, ARG, "BYTES", "check test",
   "largest input file read (default 16 MiB)"},
  {"max-output-size", 0, ARG, "BYTES", "check",
   "largest report written (default 64 MiB)"},
  {"check", 0, NO_ARG, NULL, "compile", "check the rules only"},
  {"dump-tokens", 0, NO_ARG, NULL, "compile", "print the tokens"},
  {"dump-ast", 0, NO_ARG, NULL, "compile", "print the syntax tree"},
  {"dump-ir", 0, NO_ARG, NULL, "compile", "print the compiled program"},
  {"quiet", 'q', NO_ARG, NULL, "check", "print nothing when all is well"},
  {"help", 'h', NO_ARG, NULL, "", "show this help"},
  {"version", 0, NO_ARG, NULL, "", "show the version"},
};

static const struct command {
  const char *name;
  int (*run)(const struct options *);
  const char *usage;
} commands[] = {
  {"check", cmd_check, "check [--rules PATH]... [--as-of DATE] [--format "
                       "text|json] [--fail-on LEVEL] [-o FILE] INPUT..."},
  {"compile", cmd_compile, "compile -o PACK|--check|--dump-tokens|"
                           "--dump-ast|--dump-ir RULES..."},
  {"test", cmd_test, "test RULES..."},
  {"list", cmd_list, "list [--rules PATH]... [--as-of DATE]"},
  {"explain", cmd_explain, "explain [--rules PATH]... RULE-ID"},
  {"init", cmd_init, "init [--rules PATH]... --kind KIND [--agency A]"},
};

static void usage(FILE *out)
{
  fputs("usage: dutycheck COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", out);
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(out, "  dutycheck %s\n", commands[i].usage);
  fputs("\noptions:\n", out);
  for (size_t i = 0; i < sizeof option_defs / sizeof *option_defs; i++) {
    const struct option_def *o = &option_defs[i];
    char left[64], letter[8] = "    ";
    if (o->letter) /* long names line up whether or not a letter is given */
      snprintf(letter, sizeof letter, "-%c, ", o->letter);
    snprintf(left, sizeof left, "%s--%s%s%s", letter, o->name,
             o->arg ? " " : "", o->arg ? o->metavar : "");
    fprintf(out, "  %-28s %s\n", left, o->help);
  }
  fputs("\nexit status: 0 nothing failed; 1 a duty failed (at the --fail-on "
        "level);\n2 the command could not do its job (bad usage, unreadable "
        "or malformed\ninput, errors in the rules).\n", out);
}

static int bad_usage(const char *fmt, ...)
  __attribute__((format(printf, 1, 2)));

static int bad_usage(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("dutycheck: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nusage: dutycheck COMMAND [OPTIONS] [ARGS]  (see dutycheck "
        "--help)\n", stderr);
  return EXIT_TROUBLE;
}

static int set_option(struct options *o, const struct option_def *def,
                      const char *val)
{
  const char *n = def->name;
  if (!strcmp(n, "rules")) {
    o->rules = xrealloc((void *)o->rules, (o->nrules + 1) * sizeof *o->rules);
    o->rules[o->nrules++] = val;
  } else if (!strcmp(n, "as-of")) {
    o->as_of = val;
  } else if (!strcmp(n, "format")) {
    o->format = val;
  } else if (!strcmp(n, "fail-on")) {
    o->fail_on = val;
  } else if (!strcmp(n, "output")) {
    o->output = val;
  } else if (!strcmp(n, "kind")) {
    o->kind = val;
  } else if (!strcmp(n, "agency")) {
    o->agency = val;
  } else if (!strcmp(n, "max-input-size")) {
    char *end;
    long v = strtol(val, &end, 10);
    if (*end || v <= 0)
      return bad_usage("--max-input-size needs a positive number of bytes, "
                       "not '%s'", val);
    o->max_input = v;
  } else if (!strcmp(n, "max-output-size")) {
    char *end;
    long v = strtol(val, &end, 10);
    if (*end || v <= 0)
      return bad_usage("--max-output-size needs a positive number of bytes, "
                       "not '%s'", val);
    o->max_output = v;
  } else if (!strcmp(n, "jobs")) {
    char *end;
    long v = strtol(val, &end, 10);
    if (*end || v < 1 || v > 64)
      return bad_usage("--jobs needs a number from 1 to 64, not '%s'", val);
    o->jobs = (int)v;
  } else if (!strcmp(n, "check")) {
    o->check = true;
  } else if (!strcmp(n, "dump-tokens")) {
    o->dump = DUMP_TOKENS;
  } else if (!strcmp(n, "dump-ast")) {
    o->dump = DUMP_AST;
  } else if (!strcmp(n, "dump-ir")) {
    o->dump = DUMP_IR;
  } else if (!strcmp(n, "quiet")) {
    o->quiet = true;
  }
  return 0;
}

int main(int argc, char **argv)
{
  struct options o = {0};
  o.max_input = 16L * 1024 * 1024;
  o.max_output = 64L * 1024 * 1024;
  const struct command *cmd = NULL;
  o.args = xcalloc((size_t)argc + 1, sizeof *o.args);
  bool operands_only = false;
  int rc = 0;
  for (int i = 1; i < argc && rc == 0; i++) {
    const char *a = argv[i];
    if (operands_only || a[0] != '-' || !a[1]) {
      if (!cmd) {
        for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
          if (!strcmp(commands[c].name, a))
            cmd = &commands[c];
        if (!cmd)
          rc = bad_usage("unknown command '%s'", a);
        continue;
      }
      o.args[o.nargs++] = a;
      continue;
    }
    if (!strcmp(a, "--")) {
      operands_only = true;
      continue;
    }
    const struct option_def *def = NULL;
    const char *val = NULL;
    if (a[1] == '-') {
      const char *name = a + 2, *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      for (size_t k = 0; k < sizeof option_defs / sizeof *option_defs; k++)
        if (strlen(option_defs[k].name) == len &&
            !strncmp(option_defs[k].name, name, len))
          def = &option_defs[k];
      if (def && eq) {
        if (!def->arg) {
          rc = bad_usage("option '--%s' takes no value", def->name);
          break;
        }
        val = eq + 1;
      }
    } else if (!a[2]) {
      for (size_t k = 0; k < sizeof option_defs / sizeof *option_defs; k++)
        if (option_defs[k].letter == a[1])
          def = &option_defs[k];
    }
    if (!def) {
      rc = bad_usage("unknown option '%s'", a);
      break;
    }
    if (!strcmp(def->name, "help")) {
      usage(stdout);
      free((void *)o.args);
      free((void *)o.rules);
      return 0;
    }
    if (!strcmp(def->name, "version")) {
      printf("dutycheck %s\n", PACKAGE_VERSION);
      free((void *)o.args);
      free((void *)o.rules);
      return 0;
    }
    if (def->arg && !val) {
      if (i + 1 >= argc) {
        rc = bad_usage("option '%s' needs a value", a);
        break;
      }
      val = argv[++i];
    }
    if (set_option(&o, def, val) != 0)
      rc = EXIT_TROUBLE;
  }
  if (rc == 0 && !cmd)
    rc = bad_usage("no command given");
  if (rc == 0)
    rc = cmd->run(&o);
  free((void *)o.args);
  free((void *)o.rules);
  return rc;
}
