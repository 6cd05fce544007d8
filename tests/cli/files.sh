#!/bin/sh
# files.sh: how 'dutycheck compile' reads files and directories, for what
# a case file cannot set up: symbolic links, large files, deep trees,
# named pipes and permissions.
#
# Run from the build directory (tests/run does): $DUTYCHECK names the
# program (default ./dutycheck) and $VALGRIND, when set, prefixes it.
# Prints "PASS name" or "FAIL name: detail" (with a diff) for each case and
# "SKIP name: why" for a case that cannot run here; keeps the temporary
# directory when a case fails; ends with "N passed, N failed".

LC_ALL=C
export LC_ALL

dutycheck=${DUTYCHECK:-./dutycheck}
case $dutycheck in
  /*) ;;
  *) dutycheck=$(pwd)/$dutycheck ;;
esac

top=$(mktemp -d "${TMPDIR:-/tmp}/dutycheck-files.XXXXXX") || exit 2
passed=0
failed=0
n=0

# new_case: a fresh directory for the next case, made the current one.
new_case() {
  n=$((n + 1))
  dir=$top/$n
  mkdir "$dir" && cd "$dir" || exit 2
}

# run ARGS...: run dutycheck in the case's directory.
run() {
  # shellcheck disable=SC2086  # VALGRIND is a command with options
  $VALGRIND "$dutycheck" "$@" > stdout 2> stderr < /dev/null
  echo $? > status
}

# expect NAME STATUS: compare with want.stderr (and want.stdout if any).
expect() {
  got=$(cat status)
  ok=1
  why=""
  if [ "$got" -gt 128 ]; then
    ok=0; why="crashed (status $got)"
  elif [ "$got" != "$2" ]; then
    ok=0; why="status $got, want $2"
  fi
  [ -f want.stderr ] || : > want.stderr
  cmp -s want.stderr stderr || ok=0
  if [ -f want.stdout ] && ! cmp -s want.stdout stdout; then
    ok=0
  fi
  if [ $ok = 1 ]; then
    echo "PASS $1"
    passed=$((passed + 1))
    return
  fi
  failed=$((failed + 1))
  echo "FAIL $1: ${why:-output differs}"
  label='1s/.*/--- expected/;2s/.*/+++ actual/;s/^/  /'
  cmp -s want.stderr stderr || diff -u want.stderr stderr | sed "$label"
  if [ -f want.stdout ] && ! cmp -s want.stdout stdout; then
    diff -u want.stdout stdout | sed "$label"
  fi
  echo "  kept $dir"
  keep=1
}

header='pack p "P" { in force from 2000-01-01 }'

new_case
mkdir rules
echo "$header" > rules/a.duty
ln -s nowhere.duty rules/gone.duty
run compile --check rules
cat > want.stderr <<'EOF'
dutycheck: error: cannot read 'rules/gone.duty': No such file or directory
dutycheck: 1 error
EOF
expect "a dangling symbolic link to a rule file" 2

new_case
mkdir rules real.duty
echo "$header" > rules/a.duty
ln -s ../real.duty rules/dir.duty
run compile --check rules
cat > want.stderr <<'EOF'
dutycheck: error: cannot read 'rules/dir.duty': Is a directory
dutycheck: 1 error
EOF
expect "a symbolic link to a directory named like a rule file" 2

new_case
mkdir rules other
echo "$header" > rules/a.duty
echo 'this is not a rule' > other/bad.duty
ln -s ../other rules/linked
run compile --check rules
expect "a symbolic link to a directory is not followed" 0

new_case
mkdir rules
echo 'enum e { x }' > real.duty
ln -s ../real.duty rules/link.duty
run compile --dump-ast rules
cat > want.stdout <<'EOF'
file rules/link.duty
enum e { x }
EOF
expect "a symbolic link to a rule file is read" 0

new_case
mkdir rules
echo "$header" > rules/a.duty
mkfifo rules/pipe.duty
run compile --check rules
expect "a named pipe in a directory is not read" 0

new_case
# Exactly 4 MiB of blanks: read, and found to have no pack header.
dd if=/dev/zero bs=1024 count=4096 2>/dev/null | tr '\0' ' ' > big.duty
run compile --check big.duty
cat > want.stderr <<'EOF'
big.duty:1:1: error: file has no pack header (start it with 'pack NAME "title" { ... }')
dutycheck: 1 error
EOF
expect "a rule file of 4 MiB is read" 2

new_case
dd if=/dev/zero bs=1024 count=4096 2>/dev/null | tr '\0' ' ' > big.duty
echo >> big.duty
run compile --check big.duty
cat > want.stderr <<'EOF'
dutycheck: error: 'big.duty' is larger than the rule file size limit (4194304 bytes)
dutycheck: 1 error
EOF
expect "a rule file over 4 MiB is refused" 2

new_case
# 32 levels below the operand are walked; the 33rd is refused.
deep=rules
i=0
while [ $i -lt 32 ]; do
  deep=$deep/d
  i=$((i + 1))
done
mkdir -p "$deep"
echo "$header" > "$deep/a.duty"
run compile --check rules
expect "directories 32 deep" 0
mkdir "$deep/d"
run compile --check rules
printf "dutycheck: error: '%s/d': directories nested too deep (limit is 32)\n" \
  "$deep" > want.stderr
echo 'dutycheck: 1 error' >> want.stderr
expect "directories 33 deep" 2

if [ "$(id -u)" = 0 ]; then
  echo "SKIP an unreadable directory: running as root"
  echo "SKIP an unreadable rule file: running as root"
else
  new_case
  mkdir -p rules/locked
  echo "$header" > rules/a.duty
  chmod 000 rules/locked
  run compile --check rules
  chmod 755 rules/locked
  cat > want.stderr <<'EOF'
dutycheck: error: cannot open directory 'rules/locked': Permission denied
dutycheck: 1 error
EOF
  expect "an unreadable directory" 2

  new_case
  echo "$header" > a.duty
  chmod 000 a.duty
  run compile --check a.duty
  cat > want.stderr <<'EOF'
dutycheck: error: cannot read 'a.duty': Permission denied
dutycheck: 1 error
EOF
  expect "an unreadable rule file" 2
fi

cd / || exit 2
[ -n "$keep" ] || rm -rf "$top"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
