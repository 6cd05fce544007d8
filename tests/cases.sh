#!/bin/sh
# cases.sh FILE...: run the cases of tests/cases/*.test files.
#
# A case file holds named cases; a case is a command line, the files it
# needs and what it must print:
#
#   === unknown field with a suggestion
#   --- args: compile --check rules.duty
#   --- file: rules.duty
#   pack p "P" { in force from 2000-01-01 }
#   ...
#   --- status: 2
#   --- stderr
#   rules.duty:12:13: error: unknown field 'refresher_months' in 'training'
#   ...
#   --- stdout
#   ...
#
# Lines before the first '===' and between a '===' line and the case's
# first '---' line are comments.  A block (file, stderr, stdout) runs to
# the next '--- KEYWORD' or '===' line; its lines are kept exactly, and the
# last line's newline belongs to the block.  Blank lines at the very end of
# a case separate it from the next one and are dropped.  A block whose last
# line is '\ No newline at end of file' ends without a newline.
# '--- bytes: NAME' is a file whose lines are unescaped first: \\, \t, \r
# and \xHH (for bytes an editor would mangle).
#
# args are split on blanks; '...' quotes.  status defaults to 0 and stderr
# to empty; stdout is compared only when given.  Each case runs in a fresh
# temporary directory, with the dutycheck binary named by $DUTYCHECK (an
# absolute path; default ./dutycheck), prefixed by $VALGRIND when set.
# Prints "PASS file:case" or "FAIL file:line: case" and a diff, keeps the
# directory of a failing case, and ends with "N passed, N failed".  A crash
# (status above 128) is always a failure.  Exits 1 if a case failed.

LC_ALL=C
export LC_ALL

dutycheck=${DUTYCHECK:-./dutycheck}
case $dutycheck in
  /*) ;;
  *) dutycheck=$(pwd)/$dutycheck ;;
esac
if [ ! -x "$dutycheck" ]; then
  echo "cases.sh: no dutycheck program at '$dutycheck'" >&2
  exit 2
fi

tmp=${TMPDIR:-/tmp}
# A diff's header names temporary files: say which side is which instead.
label='1s/.*/--- expected/;2s/.*/+++ actual/;s/^/  /'
passed=0
failed=0

# split_cases FILE DIR: write each case of FILE into DIR as N.name, N.line,
# N.args (one argument a line), N.status, N.stderr, N.stdout (when given),
# N.files (manifest "K<TAB>path") with the files' contents in N.file.K, and
# N.error for a malformed case.
split_cases() {
  awk -v dir="$2" '
    function fail(msg) {
      if (n > 0 && !(n in bad)) { bad[n] = 1; print msg > (dir "/" n ".error"); close(dir "/" n ".error") }
      else if (n == 0) { print FILENAME ":" NR ": " msg > "/dev/stderr"; errors++ }
    }
    function hexval(c) { return index("0123456789abcdef", tolower(c)) - 1 }
    function unescape(s,   out, i, c, d) {
      out = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c != "\\" || i == length(s)) { out = out c; continue }
        d = substr(s, ++i, 1)
        if (d == "\\") out = out "\\"
        else if (d == "t") out = out "\t"
        else if (d == "r") out = out "\r"
        else if (d == "x" && substr(s, i + 1, 2) ~ /^[0-9a-fA-F][0-9a-fA-F]$/) {
          out = out sprintf("%c", hexval(substr(s, i + 1, 1)) * 16 + hexval(substr(s, i + 2, 1)))
          i += 2
        } else { fail("unknown escape \\" d " on line " NR); out = out "\\" d }
      }
      return out
    }
    # Write the block collected so far; trim: drop trailing blank lines.
    function flush(trim,   path, i, last, nonl, nl) {
      if (target == "") return
      last = nlines
      if (trim) while (last > 0 && lines[last] == "") last--
      nonl = last > 0 && lines[last] == "\\ No newline at end of file"
      if (nonl) last--
      path = dir "/" n "." target
      printf "" > path
      for (i = 1; i <= last; i++) {
        if (escaped) lines[i] = unescape(lines[i])
        nl = (i < last || !nonl) ? "\n" : ""
        printf "%s%s", lines[i], nl > path
      }
      close(path)
      target = ""; nlines = 0; escaped = 0
    }
    function value(s) { sub(/^[^:]*:[ \t]*/, "", s); sub(/[ \t]+$/, "", s); return s }
    BEGIN { n = 0; target = ""; nlines = 0 }
    /^=== / {
      flush(1)
      n++; nfiles = 0; directives = 0
      name = substr($0, 5); sub(/[ \t\r]+$/, "", name)
      print name > (dir "/" n ".name"); close(dir "/" n ".name")
      print NR > (dir "/" n ".line"); close(dir "/" n ".line")
      print "0" > (dir "/" n ".status"); close(dir "/" n ".status")
      printf "" > (dir "/" n ".stderr"); close(dir "/" n ".stderr")
      printf "" > (dir "/" n ".files"); close(dir "/" n ".files")
      next
    }
    /^--- [a-z]+(:.*)?[ \t\r]*$/ {
      flush(0)
      if (n == 0) { fail("'"'"'" $0 "'"'"' before the first case"); next }
      directives = 1
      key = substr($0, 5); sub(/[: \t\r].*/, "", key)
      colon = $0 ~ /^--- [a-z]+:/
      if (key == "args" && colon) {
        split_args(value($0))
      } else if (key == "status" && colon) {
        v = value($0)
        if (v !~ /^[0-9]+$/) fail("bad status '"'"'" v "'"'"' on line " NR)
        print v > (dir "/" n ".status"); close(dir "/" n ".status")
      } else if ((key == "file" || key == "bytes") && colon) {
        v = value($0)
        if (v == "" || v ~ /(^|\/)\.\.(\/|$)/ || v ~ /^\//)
          fail("bad file name '"'"'" v "'"'"' on line " NR)
        nfiles++
        printf "%d\t%s\n", nfiles, v >> (dir "/" n ".files")
        close(dir "/" n ".files")
        target = "file." nfiles; escaped = key == "bytes"
      } else if ((key == "stderr" || key == "stdout") && !colon) {
        target = key
      } else {
        fail("unknown line '"'"'" $0 "'"'"' on line " NR)
      }
      next
    }
    {
      if (target != "") lines[++nlines] = $0
      else if (directives && $0 != "") fail("text outside a block on line " NR ": " $0)
    }
    # args: split on blanks; '"'"'...'"'"' quotes (and may be empty).
    function split_args(s,   out, i, c, cur, have, q) {
      out = dir "/" n ".args"; printf "" > out
      cur = ""; have = 0; q = 0
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q) { if (c == "'"'"'") q = 0; else cur = cur c; continue }
        if (c == "'"'"'") { q = 1; have = 1; continue }
        if (c == " " || c == "\t") {
          if (have) { print cur > out; cur = ""; have = 0 }
          continue
        }
        cur = cur c; have = 1
      }
      if (q) fail("unclosed quote in args on line " NR)
      if (have) print cur > out
      close(out)
    }
    END {
      flush(1)
      print n > (dir "/count"); close(dir "/count")
      exit errors ? 1 : 0
    }
  ' "$1"
}

# run_case FILE WORK N: run case N of FILE, split into WORK.
run_case() {
  file=$1 work=$2 i=$3
  name=$(cat "$work/$i.name")
  line=$(cat "$work/$i.line")
  if [ -f "$work/$i.error" ]; then
    echo "FAIL $file:$line: $name"
    echo "  malformed case: $(cat "$work/$i.error")"
    failed=$((failed + 1))
    return
  fi
  if [ ! -f "$work/$i.args" ]; then
    echo "FAIL $file:$line: $name"
    echo "  malformed case: no '--- args:' line"
    failed=$((failed + 1))
    return
  fi
  dir=$(mktemp -d "$tmp/dutycheck-case.XXXXXX") || exit 2
  mkdir "$dir/run"
  while IFS='	' read -r k path; do
    case $path in
      */*) mkdir -p "$dir/run/${path%/*}" ;;
    esac
    cp "$work/$i.file.$k" "$dir/run/$path"
  done < "$work/$i.files"
  # The command's arguments, one a line, become the positional parameters
  # of a subshell that runs it in the case's directory.
  (
    set --
    while IFS= read -r a; do
      set -- "$@" "$a"
    done < "$work/$i.args"
    cd "$dir/run" || exit 2
    # shellcheck disable=SC2086  # VALGRIND is a command with options
    $VALGRIND "$dutycheck" "$@" > "$dir/stdout" 2> "$dir/stderr" < /dev/null
    echo $? > "$dir/status"
  )
  want=$(cat "$work/$i.status")
  got=$(cat "$dir/status" 2>/dev/null || echo none)
  ok=1
  why=""
  case $got in
    none) ok=0; why="did not run" ;;
    *)
      if [ "$got" -gt 128 ]; then
        ok=0; why="crashed (status $got)"
      elif [ "$got" != "$want" ]; then
        ok=0; why="status $got, want $want"
      fi ;;
  esac
  cmp -s "$work/$i.stderr" "$dir/stderr" || ok=0
  if [ -f "$work/$i.stdout" ]; then
    cmp -s "$work/$i.stdout" "$dir/stdout" || ok=0
  fi
  if [ $ok = 1 ]; then
    echo "PASS $file:$name"
    passed=$((passed + 1))
    rm -rf "$dir"
    return
  fi
  failed=$((failed + 1))
  echo "FAIL $file:$line: $name"
  [ -n "$why" ] && echo "  $why"
  if ! cmp -s "$work/$i.stderr" "$dir/stderr"; then
    echo "  stderr differs:"
    diff -u "$work/$i.stderr" "$dir/stderr" | sed "$label"
  fi
  if [ -f "$work/$i.stdout" ] && ! cmp -s "$work/$i.stdout" "$dir/stdout"; then
    echo "  stdout differs:"
    diff -u "$work/$i.stdout" "$dir/stdout" | sed "$label"
  fi
  echo "  kept $dir"
}

if [ $# = 0 ]; then
  echo "usage: cases.sh FILE..." >&2
  exit 2
fi

for file in "$@"; do
  work=$(mktemp -d "$tmp/dutycheck-cases.XXXXXX") || exit 2
  if ! split_cases "$file" "$work" || [ ! -f "$work/count" ]; then
    echo "FAIL $file:1: cannot read the case file"
    failed=$((failed + 1))
    rm -rf "$work"
    continue
  fi
  count=$(cat "$work/count")
  i=1
  while [ "$i" -le "$count" ]; do
    run_case "$file" "$work" "$i"
    i=$((i + 1))
  done
  rm -rf "$work"
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
