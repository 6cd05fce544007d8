#!/bin/sh
# tests/bad-inputs/run.sh: the bad-input suite.  Runs the case files
# tests/bad-inputs/*.test (through tests/cases.sh), then the cases that
# need a shell: big generated inputs, directories with links that lead
# nowhere, a file that vanishes during the run, a report onto a full disk.
# SKIP lines name cases that cannot run here.  Every case must exit with the status it documents, say where the problem
# is, not crash, and (unless under valgrind or a sanitizer) take under 1
# second and 100 MB.  Prints "PASS name" or "FAIL name: detail" lines and
# "N passed, N failed"; keeps the directory of a failing case.

LC_ALL=C
export LC_ALL
srcdir=$(cd "${srcdir:-.}" && pwd) || exit 2
DUTYCHECK=${DUTYCHECK:-$(pwd)/dutycheck}
export DUTYCHECK
here=$srcdir/tests/bad-inputs
passed=0
failed=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dutycheck-bad.XXXXXX") || exit 2
keep=""
cleanup() {
  chmod -R u+rwx "$tmp" 2>/dev/null
  [ -n "$keep" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' HUP INT TERM

# Time and memory are measured only on a plain build.
measure=yes
if [ -n "${VALGRIND:-}" ] || [ ! -x /usr/bin/time ] ||
   grep -q -e __asan_init -e __ubsan_handle "$DUTYCHECK" 2>/dev/null; then
  measure=no
fi

# The case files first; their PASS and FAIL lines are ours.  On a plain
# build each run of dutycheck is timed through a wrapper.
set --
for t in "$here"/*.test; do
  [ -f "$t" ] && set -- "$@" "tests/bad-inputs/${t##*/}"
done
if [ $# -gt 0 ]; then
  run_with=$DUTYCHECK
  if [ $measure = yes ]; then
    run_with=$tmp/timed
    printf '#!/bin/sh\nexec /usr/bin/time -a -o "%s" -f "%%e %%M %%C" "%s" "$@"\n' \
      "$tmp/times" "$DUTYCHECK" > "$run_with"
    chmod +x "$run_with"
  fi
  out=$( (cd "$srcdir" && DUTYCHECK=$run_with sh tests/cases.sh "$@") 2>&1)
  printf '%s\n' "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
  passed=$((passed + $(printf '%s\n' "$out" | grep -c '^PASS ')))
  failed=$((failed + $(printf '%s\n' "$out" | grep -c '^FAIL ')))
  if [ -f "$tmp/times" ]; then
    slow=$(awk '$1 ~ /^[0-9.]+$/ && ($1 >= 1.0 || $2 > 102400)' "$tmp/times")
    if [ -n "$slow" ]; then
      echo "FAIL bad-inputs: case files: over 1 s or 100 MB (seconds, kB, command):"
      printf '%s\n' "$slow" | sed 's/^/  /'
      failed=$((failed + 1))
    else
      echo "PASS bad-inputs: case files: every run under 1 s and 100 MB"
      passed=$((passed + 1))
    fi
  fi
fi

cat > "$tmp/rules.duty" <<'RULES'
pack p "Bad inputs" { in force from 2000-01-01 }
schema audit {
  kind: text required
  lead: bool
  notes: list of text
}
schema procedure {
  kind: text required
  title: text required
}
rule R.1 "A lead is named" {
  subject audit
  level must
  source "P 1"
  expect lead "Name a lead."
}
RULES

pass() { echo "PASS bad-inputs: $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL bad-inputs: $1: $2"
  failed=$((failed + 1))
  keep=yes
}

# run NAME STATUS ARGS...: run dutycheck check in $tmp with ARGS; its
# status must be STATUS, and it must stay within 1 s and 100 MB.  Leaves
# its standard error in $tmp/err, its output in $tmp/out.
run() {
  name=$1 want=$2
  shift 2
  # shellcheck disable=SC2086  # VALGRIND is a command with options
  if [ $measure = yes ]; then
    (cd "$tmp" && /usr/bin/time -f '%e %M' -o "$tmp/time" \
      "$DUTYCHECK" check --rules rules.duty --as-of 2010-01-01 "$@" \
      > "$tmp/out" 2> "$tmp/err" < /dev/null)
  else
    (cd "$tmp" && ${VALGRIND:-} "$DUTYCHECK" check --rules rules.duty \
      --as-of 2010-01-01 "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null)
  fi
  got=$?
  if [ $measure = yes ]; then
    # /usr/bin/time reports the command's status in its own words.
    got=$(sed -n 's/^Command exited with non-zero status \([0-9]*\)$/\1/p' \
      "$tmp/time")
    [ -n "$got" ] || got=0
    grep -q 'Command terminated by signal' "$tmp/time" && got=crash
  fi
  if [ "$got" != "$want" ]; then
    fail "$name" "status $got, want $want; kept $tmp"
    sed 's/^/  /' "$tmp/err" | head -n 20
    return 1
  fi
  if [ $measure = yes ]; then
    set -- $(tail -n 1 "$tmp/time")
    secs=$1 kb=$2
    if [ "$(echo "$secs" | awk '{print ($1 >= 1.0)}')" = 1 ]; then
      fail "$name" "took $secs s (limit 1 s)"
      return 1
    fi
    if [ "$kb" -gt 102400 ]; then
      fail "$name" "used $kb kB (limit 100 MB)"
      return 1
    fi
  fi
  return 0
}

# expect NAME TEXT: standard error holds TEXT (a fixed string).
expect() {
  if grep -F -q -e "$2" "$tmp/err"; then
    pass "$1"
  else
    fail "$1" "no message '$2'; got:"
    sed 's/^/  /' "$tmp/err" | head -n 20
  fi
}

# A 100,000-line input, good and with a fault on its last line.
awk 'BEGIN { print "kind: audit"; print "lead: true"; print "notes:";
             for (i = 0; i < 99997; i++) print "  - note " i }' \
  > "$tmp/long.yaml"
run "a 100,000-line input" 0 long.yaml && pass "a 100,000-line input"
sed '$s/.*/  - [x: y/' "$tmp/long.yaml" > "$tmp/long-bad.yaml"
run "a 100,000-line input with a fault at the end" 2 long-bad.yaml &&
  expect "a 100,000-line input with a fault at the end" \
    "long-bad.yaml:100001:1: error: invalid YAML"

# A 1 MB line: a long value, then a fault after it on the same line.
awk 'BEGIN { printf "kind: audit\nlead: true\nnotes: [\""
             for (i = 0; i < 16384; i++) printf "%s", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
             printf "\"]\n" }' > "$tmp/wide.yaml"
run "a 1 MB line" 0 wide.yaml && pass "a 1 MB line"
sed '$s/\]$/]]/' "$tmp/wide.yaml" > "$tmp/wide-bad.yaml"
run "a 1 MB line with a fault at its end" 2 wide-bad.yaml &&
  expect "a 1 MB line with a fault at its end" "wide-bad.yaml:3:1048588: error: invalid YAML"

# Over the default input size limit (16 MiB).
awk 'BEGIN { print "kind: audit"; for (i = 0; i < 300000; i++)
             printf "k%06d: 0123456789012345678901234567890123456789012345\n", i }' \
  > "$tmp/huge.yaml"
run "an input over 16 MiB" 2 huge.yaml &&
  expect "an input over 16 MiB" \
    "dutycheck: error: 'huge.yaml' is larger than the input size limit (16777216 bytes; see --max-input-size)"

# A large mapping with many keys (duplicate detection must not be slow).
awk 'BEGIN { print "kind: audit"; for (i = 0; i < 100000; i++)
             printf "k%06d: %d\n", i, i; print "k099999: again" }' \
  > "$tmp/keys.yaml"
run "100,000 keys and a duplicate" 2 keys.yaml &&
  expect "100,000 keys and a duplicate" \
    "keys.yaml:100002:1: error: duplicate key 'k099999'"

# More values than one input may hold (250,000): refused before the
# memory they take grows past bounds.
awk 'BEGIN { print "kind: audit"; print "notes:"
             for (i = 0; i < 300000; i++) print "- x" }' > "$tmp/values.yaml"
run "300,000 values" 2 values.yaml &&
  expect "300,000 values" \
    "values.yaml:249998:3: error: too many values in one input (limit is 250000)"

# Deep nesting, far past the limit, in block style.
awk 'BEGIN { print "kind: audit"; ind = ""
             for (i = 0; i < 2000; i++) { print ind "k:"; ind = ind " " }
             print ind "v" }' > "$tmp/deep.yaml"
run "2,000 nested block mappings" 2 deep.yaml &&
  expect "2,000 nested block mappings" \
    "too many nested mappings and sequences (limit is 64)"

# Markdown built to be slow: deep block quotes and lists, long runs of
# emphasis marks and brackets, a wide table.
front='---\nkind: procedure\ntitle: T\n---\n'
awk -v f="$front" 'BEGIN { printf f; for (i = 0; i < 100000; i++) printf ">"
                          print " text" }' > "$tmp/quotes.md"
run "100,000 nested block quotes" 0 quotes.md &&
  pass "100,000 nested block quotes"
awk -v f="$front" 'BEGIN { printf f; ind = ""
                          for (i = 0; i < 3000; i++) { print ind "- item"; ind = ind "  " } }' \
  > "$tmp/lists.md"
run "3,000 nested lists" 0 lists.md && pass "3,000 nested lists"
awk -v f="$front" 'BEGIN { printf f; for (i = 0; i < 200000; i++) printf "*["
                          printf "a"; for (i = 0; i < 200000; i++) printf "_]"
                          print "(b)" }' > "$tmp/marks.md"
run "400,000 unmatched emphasis marks and brackets" 0 marks.md &&
  pass "400,000 unmatched emphasis marks and brackets"
awk -v f="$front" 'BEGIN { printf f
                          for (i = 0; i < 5000; i++) printf "|a"; print "|"
                          for (i = 0; i < 5000; i++) printf "|-"; print "|"
                          for (r = 0; r < 200; r++) {
                            for (i = 0; i < 5000; i++) printf "|x"; print "|" } }' \
  > "$tmp/table.md"
run "a table of 5,000 columns and 200 rows" 0 table.md &&
  pass "a table of 5,000 columns and 200 rows"

# A directory with links that lead nowhere, a link loop, a link to a
# pipe, and an unreadable file; its good input is still checked.
mkdir "$tmp/dir" "$tmp/dir/sub"
printf 'kind: audit\nlead: true\n' > "$tmp/dir/good.yaml"
ln -s nowhere.yaml "$tmp/dir/dangling.yaml"
ln -s loop.yaml "$tmp/dir/loop.yaml"
ln -s .. "$tmp/dir/sub/up"
ln -s sub "$tmp/dir/sub.yaml"
if command -v mkfifo >/dev/null 2>&1; then
  mkfifo "$tmp/dir/pipe.yaml" && ln -s pipe.yaml "$tmp/dir/to-pipe.yaml"
fi
run "a directory with links that lead nowhere" 2 dir &&
  expect "a directory with links that lead nowhere" \
    "dutycheck: error: cannot read 'dir/loop.yaml': Too many levels of symbolic links" &&
  expect "a directory with a link to a directory named like an input" \
    "dutycheck: error: cannot read 'dir/sub.yaml': Is a directory" &&
  grep -F -q "dir/good.yaml: as of 2010-01-01: 1 rules: 1 pass" "$tmp/out" ||
  fail "a directory with links that lead nowhere" "good.yaml not checked"
printf 'kind: audit\nlead: true\n' > "$tmp/dir/secret.yaml"
chmod 000 "$tmp/dir/secret.yaml"
if [ -r "$tmp/dir/secret.yaml" ]; then
  # Permissions do not bind this user (root): nothing to test.
  echo "SKIP bad-inputs: an unreadable file in a directory: every file is readable"
else
  run "an unreadable file in a directory" 2 dir &&
    expect "an unreadable file in a directory" \
      "dutycheck: error: cannot read 'dir/secret.yaml': Permission denied"
fi
rm -rf "$tmp/dir"

# A file that vanishes after the operands were expanded: the first input
# is a pipe, so the run waits for it while the second is removed.
if command -v mkfifo >/dev/null 2>&1 && mkfifo "$tmp/first.yaml"; then
  printf 'kind: audit\nlead: true\n' > "$tmp/second.yaml"
  (cd "$tmp" && "$DUTYCHECK" check --rules rules.duty --as-of 2010-01-01 \
    first.yaml second.yaml > "$tmp/out" 2> "$tmp/err" < /dev/null
   echo $? > "$tmp/status") &
  # Opening the pipe waits for the reader: by then the operands are known.
  {
    rm -f "$tmp/second.yaml"
    printf 'kind: audit\nlead: true\n'
  } > "$tmp/first.yaml"
  wait
  st=$(cat "$tmp/status")
  if [ "$st" != 2 ]; then
    fail "a file that vanishes during the run" "status $st, want 2"
  elif ! grep -F -q "first.yaml: as of 2010-01-01: 1 rules: 1 pass" "$tmp/out"; then
    fail "a file that vanishes during the run" "first.yaml not checked"
  else
    expect "a file that vanishes during the run" \
      "dutycheck: error: cannot read 'second.yaml': No such file or directory"
  fi
  rm -f "$tmp/first.yaml" "$tmp/second.yaml"
fi

# A report onto a full disk: exit 2, a message, no temporary file left.
printf 'kind: audit\nlead: true\n' > "$tmp/ok.yaml"
if [ -w /dev/full ]; then
  before=$(ls /dev | grep -c '^full\.')
  run "a report onto a full disk (/dev/full)" 2 -o /dev/full ok.yaml &&
    expect "a report onto a full disk (/dev/full)" \
      "dutycheck: cannot write '/dev/full': No space left on device"
  if [ "$(ls /dev | grep -c '^full\.')" != "$before" ] || [ ! -c /dev/full ]; then
    fail "a report onto a full disk (/dev/full)" "a file was left in /dev"
  fi
fi
# A report to a new file: written whole, nothing else left beside it.
run "a report to a file" 0 -o report.txt ok.yaml &&
  if [ "$(cd "$tmp" && ls report.txt*)" = report.txt ] &&
     grep -F -q "ok.yaml: as of" "$tmp/report.txt"; then
    pass "a report to a file"
  else
    fail "a report to a file" "report.txt missing, incomplete or not alone"
  fi
# A report into a directory that does not exist.
run "a report into a missing directory" 2 -o nodir/report.txt ok.yaml &&
  expect "a report into a missing directory" \
    "dutycheck: cannot write 'nodir/report.txt': No such file or directory"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
