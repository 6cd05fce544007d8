#include "cli.h"
int cmd_check(const struct options *o) { (void)o; return 2; }
int cmd_test(const struct options *o) { (void)o; return 2; }
int cmd_list(const struct options *o) { (void)o; return 2; }
int cmd_explain(const struct options *o) { (void)o; return 2; }
int cmd_init(const struct options *o) { (void)o; return 2; }
