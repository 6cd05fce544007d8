#!/bin/sh
# commands.sh: the commands other than check and compile, end to end, and
# the promises of check that a case file cannot show (-o, --jobs).
# Prints "PASS name" or "FAIL name: detail" per case.

dc="${VALGRIND:+$VALGRIND }$DUTYCHECK"
lib="$srcdir/rules"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dutycheck-cli.XXXXXX") || exit 2
keep=0
trap '[ "$keep" = 1 ] && echo "kept $tmp" || rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; keep=1; }
# status NAME WANT GOT: a crash (above 128) always fails.
status() {
  if [ "$3" -gt 128 ]; then fail "$1" "crashed with status $3"; return 1; fi
  if [ "$3" -ne "$2" ]; then fail "$1" "status $3, want $2"; return 1; fi
  return 0
}
# has NAME FILE TEXT: FILE contains the line fragment TEXT.
has() {
  if grep -qF -- "$3" "$2"; then pass "$1"; else
    fail "$1" "no '$3' in: $(head -c 600 "$2")"; fi
}

cat > "$tmp/r.duty" <<'DUTY'
pack t "T" { in force from 2000-01-01 standard clear_reasons }
schema audit { kind: text required, lead: text "Who leads", induction: bool }
rule R.lead "A named lead" {
  subject audit
  level should
  source "test 1.1"
  expect lead is present
}
DUTY
mkdir -p "$tmp/pack/tests"
cp "$tmp/r.duty" "$tmp/pack/r.duty"
cat > "$tmp/pack/tests/lead.yaml" <<'YAML'
tests:
  - test: "a lead passes"
    expect: {R.lead: pass}
    input: {kind: audit, lead: Jo}
  - test: "no lead, yet pass expected"
    expect: {R.lead: pass}
    input: {kind: audit}
YAML

# test: a failing expectation is shown with its line, expected and actual.
$dc test "$tmp/pack" > "$tmp/out" 2>&1
st=$?
if status "test: failing case exits 1" 1 "$st"; then
  pass "test: failing case exits 1"
  has "test: failure names the file, line and verdicts" "$tmp/out" \
    "lead.yaml:6:14: FAIL test 'no lead, yet pass expected': rule 'R.lead' expected pass, got fail"
  has "test: failure gives the reason" "$tmp/out" "lead is not given"
  has "test: ends with the count" "$tmp/out" "1 passed, 1 failed"
fi
head -4 "$tmp/pack/tests/lead.yaml" > "$tmp/pack/tests/one.yaml"
rm "$tmp/pack/tests/lead.yaml"
$dc test "$tmp/pack" > "$tmp/out" 2>&1
st=$?
status "test: passing cases exit 0" 0 "$st" && pass "test: passing cases exit 0"

# explain: the duty in words; an unknown id gets a suggestion.
$dc explain --rules "$tmp/r.duty" R.lead > "$tmp/out" 2>&1
st=$?
if status "explain: exits 0" 0 "$st"; then
  has "explain: the citation" "$tmp/out" "source:   test 1.1"
  has "explain: how to depart" "$tmp/out" "with clear reasons (s11(4) of the Children Act 2004)"
fi
$dc explain --rules "$tmp/r.duty" R.led > "$tmp/out" 2>&1
st=$?
status "explain: unknown rule exits 2" 2 "$st" &&
  has "explain: unknown rule suggests" "$tmp/out" "did you mean 'R.lead'?"

# init: a template that loads, once its required fields are filled in.
$dc init --kind section11-audit --agency police > "$tmp/t.yaml" 2>"$tmp/err"
st=$?
if status "init: exits 0" 0 "$st"; then
  has "init: the agency is filled in" "$tmp/t.yaml" "  type: police"
  sed -e 's/^as_of:$/as_of: 2008-06-01/' -e 's/^  name:$/  name: Example Police/' \
    "$tmp/t.yaml" > "$tmp/filled.yaml"
  $dc check "$tmp/filled.yaml" > "$tmp/out" 2>&1
  st=$?
  if [ "$st" -le 1 ]; then pass "init: the filled template checks"; else
    fail "init: the filled template checks" "status $st: $(head -c 600 "$tmp/out")"; fi
fi
$dc init --kind section11-audti > "$tmp/out" 2>&1
st=$?
status "init: unknown kind exits 2" 2 "$st" &&
  has "init: unknown kind suggests" "$tmp/out" "did you mean 'section11-audit'?"

# list: packs with their editions and dates, rules per agency type.
$dc list --as-of 2008-06-01 > "$tmp/out" 2>&1
st=$?
if status "list: exits 0" 0 "$st"; then
  has "list: packs in force are marked" "$tmp/out" "* section11"
  for a in local_authority district_council nhs_trust police probation \
           youth_offending_team prison secure_training_centre connexions; do
    if grep -Eq "^  $a +[1-9]" "$tmp/out"; then pass "list: rules for $a"; else
      fail "list: rules for $a" "no rules listed"; fi
  done
fi

# check -o: the report goes to the file, whole; no temporary file stays.
mkdir "$tmp/subs"
i=0
while [ $i -lt 12 ]; do
  printf 'kind: audit\n%s\n' "$( [ $((i % 3)) -eq 0 ] && echo 'induction: true' || echo 'lead: Jo')" \
    > "$tmp/subs/s$i.yaml"
  i=$((i + 1))
done
$dc check --rules "$tmp/r.duty" "$tmp/subs" > "$tmp/stdout" 2>&1
st1=$?
$dc check --rules "$tmp/r.duty" -o "$tmp/report.txt" "$tmp/subs" > "$tmp/out" 2>&1
st=$?
if status "check -o: same status" "$st1" "$st"; then
  if cmp -s "$tmp/stdout" "$tmp/report.txt"; then pass "check -o: the same report"; else
    fail "check -o: the same report" "differs from standard output"; fi
  if [ -s "$tmp/out" ]; then fail "check -o: nothing on standard output" "$(head -c 300 "$tmp/out")"; else
    pass "check -o: nothing on standard output"; fi
  if ls "$tmp" | grep -q 'report.txt.'; then fail "check -o: no temporary file left" "$(ls "$tmp")"; else
    pass "check -o: no temporary file left"; fi
fi

# check --jobs: the same report, in the same order, as one job.
$dc check --rules "$tmp/r.duty" --jobs 2 "$tmp/subs" > "$tmp/jobs" 2>&1
st=$?
status "check --jobs 2: same status" "$st1" "$st" &&
  if cmp -s "$tmp/stdout" "$tmp/jobs"; then pass "check --jobs 2: the same report"; else
    fail "check --jobs 2: the same report" "$(diff "$tmp/stdout" "$tmp/jobs" | head -5)"; fi
$dc check --rules "$tmp/r.duty" --jobs 2 --format json "$tmp/subs" > "$tmp/jobs.json" 2>&1
$dc check --rules "$tmp/r.duty" --format json "$tmp/subs" > "$tmp/one.json" 2>&1
if cmp -s "$tmp/one.json" "$tmp/jobs.json"; then pass "check --jobs 2: the same JSON"; else
  fail "check --jobs 2: the same JSON" "$(diff "$tmp/one.json" "$tmp/jobs.json" | head -5)"; fi

# compile -o: a pack checks as its sources do; a damaged pack is refused.
$dc compile -o "$tmp/r.pack" "$tmp/r.duty" > "$tmp/out" 2>&1
st=$?
if status "compile -o: exits 0" 0 "$st"; then
  pass "compile -o: exits 0"
  $dc check --rules "$tmp/r.pack" "$tmp/subs" > "$tmp/packed" 2>&1
  if cmp -s "$tmp/stdout" "$tmp/packed"; then pass "pack: the same report as its sources"; else
    fail "pack: the same report as its sources" "$(diff "$tmp/stdout" "$tmp/packed" | head -5)"; fi
  $dc explain --rules "$tmp/r.pack" R.lead > "$tmp/out" 2>&1
  has "pack: explain shows the expectation" "$tmp/out" "- lead is present"
  # Damage one byte of the payload: the checksum finds it.
  size=$(wc -c < "$tmp/r.pack")
  cp "$tmp/r.pack" "$tmp/bad.pack"
  printf 'Z' | dd of="$tmp/bad.pack" bs=1 seek=$((size - 5)) conv=notrunc 2>/dev/null
  $dc check --rules "$tmp/bad.pack" "$tmp/subs" > "$tmp/out" 2>&1
  st=$?
  status "pack: a damaged pack exits 2" 2 "$st" &&
    has "pack: a damaged pack is named" "$tmp/out" "pack '$tmp/bad.pack' is damaged (its checksum does not match)"
  # Cut short: no crash, whatever is missing.
  crashed=0
  for cut in 20 100 $((size / 2)) $((size - 1)); do
    head -c "$cut" "$tmp/r.pack" > "$tmp/short.pack"
    $dc check --rules "$tmp/short.pack" "$tmp/subs" > "$tmp/out" 2>&1
    st=$?
    [ "$st" -eq 2 ] || { crashed=1; fail "pack: cut at $cut bytes" "status $st"; }
  done
  [ "$crashed" = 0 ] && pass "pack: a pack cut short is refused"
  printf 'not a pack' > "$tmp/text.pack"
  $dc check --rules "$tmp/text.pack" "$tmp/subs" > "$tmp/out" 2>&1
  st=$?
  status "pack: not a pack exits 2" 2 "$st" &&
    has "pack: not a pack is named" "$tmp/out" "is not a dutycheck pack"
  $dc check --rules "$tmp/r.pack" --rules "$tmp/r.duty" "$tmp/subs" > "$tmp/out" 2>&1
  st=$?
  status "pack: not with other rules" 2 "$st" &&
    has "pack: not with other rules, says why" "$tmp/out" "must be the only rules given"
fi

# The built-in library compiles, and --help documents the exit status.
$dc compile --check "$lib" > "$tmp/out" 2>&1
st=$?
status "compile --check rules/: exits 0" 0 "$st" && pass "compile --check rules/: exits 0"
$dc --help > "$tmp/out" 2>&1
st=$?
status "--help: exits 0" 0 "$st" && has "--help: exit status" "$tmp/out" "exit status: 0 nothing failed"
exit 0
