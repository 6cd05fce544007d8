#!/bin/sh
# tests/fuzz/run.sh: replay the fuzz targets' seed corpus and minimised
# crashers (tests/fuzz/corpus/TARGET/*, tests/fuzz/regressions/TARGET/*)
# through the replay programs that `make check` builds.  Run from the build
# directory (tests/run does so); $srcdir names the source tree and
# $VALGRIND, when set, prefixes each program.  Prints "PASS name" or "FAIL
# name: detail" per target and file, and ends with "N passed, N failed".

srcdir=${srcdir:-.}
builddir=${builddir:-$(pwd)}
fuzz=$srcdir/tests/fuzz
out=$(mktemp "${TMPDIR:-/tmp}/dutycheck-fuzz.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
passed=0
failed=0

for target in rules yaml markdown check; do
  prog=$builddir/tests/fuzz/replay_$target
  if [ ! -x "$prog" ]; then
    echo "FAIL fuzz/$target: no program at $prog (run make check)"
    failed=$((failed + 1))
    continue
  fi
  set --
  for dir in corpus regressions; do
    [ -d "$fuzz/$dir/$target" ] && set -- "$@" "$fuzz/$dir/$target"
  done
  [ $# -gt 0 ] || continue
  # shellcheck disable=SC2086  # VALGRIND is a command with options
  $VALGRIND "$prog" "$@" > "$out" 2> "$out.err" < /dev/null
  st=$?
  p=$(grep -c '^PASS ' "$out")
  f=$(grep -c '^FAIL ' "$out")
  sed -n 's/^PASS \([^:]*\): .*\/\([^/]*\/[^/]*\/[^/]*\)$/PASS fuzz\/\1: \2/p' "$out"
  grep '^FAIL ' "$out"
  if [ "$st" != 0 ] && [ "$f" = 0 ]; then
    last=$(sed -n 's/^running //p' "$out.err" | tail -n 1)
    echo "FAIL fuzz/$target: status $st on '${last#"$fuzz"/}'"
    grep -v '^running ' "$out.err" | tail -n 30 | sed 's/^/  /'
    f=1
  fi
  rm -f "$out.err"
  passed=$((passed + p))
  failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
