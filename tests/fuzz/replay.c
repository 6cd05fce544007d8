/* replay.c: run a fuzz target over files, without libFuzzer.
 *
 *   replay_TARGET FILE|DIR...
 *
 * Feeds each file (each file of a directory, in name order) to
 * LLVMFuzzerTestOneInput and prints "PASS TARGET: FILE" after it.  A file
 * that makes the target crash stops the run with the sanitizer's (or the
 * signal's) report; the last "running" line on standard error names it.
 * Exits 2 if a file cannot be read. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util.h"

static const char *target;

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path)
{
  char *data;
  size_t len;
  if (read_file(path, 64u * 1024 * 1024, &data, &len) < 0) {
    printf("FAIL %s: cannot read '%s': %s\n", target, path, strerror(errno));
    return -1;
  }
  fprintf(stderr, "running %s\n", path);
  LLVMFuzzerTestOneInput((const uint8_t *)data, len);
  free(data);
  printf("PASS %s: %s\n", target, path);
  fflush(stdout);
  return 0;
}

static int run_path(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0) {
    printf("FAIL %s: cannot open '%s': %s\n", target, path, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode))
    return run_file(path);
  DIR *dh = opendir(path);
  if (!dh) {
    printf("FAIL %s: cannot open '%s': %s\n", target, path, strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *ent;
  while ((ent = readdir(dh)))
    if (ent->d_name[0] != '.') {
      GROW(names, cap, n + 1);
      names[n++] = xstrdup(ent->d_name);
    }
  closedir(dh);
  if (n)
    qsort(names, n, sizeof *names, cmp_str);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(path) + strlen(names[i]) + 2;
    char *full = xmalloc(len);
    snprintf(full, len, "%s/%s", path, names[i]);
    if (run_file(full) < 0)
      rc = -1;
    free(full);
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv)
{
  target = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  if (!strncmp(target, "replay_", 7))
    target += 7;
  int rc = 0;
  for (int i = 1; i < argc; i++)
    if (run_path(argv[i]) < 0)
      rc = 2;
  return rc;
}
