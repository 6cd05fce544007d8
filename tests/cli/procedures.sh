#!/bin/sh
# procedures.sh: Markdown procedures against the built-in library: the
# guidance in force on the check's date decides, and the finding points at
# the words of the sentence that say it.

dc="${VALGRIND:+$VALGRIND }$DUTYCHECK"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dutycheck-proc.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

cat > "$tmp/proc.md" <<'MD'
---
kind: procedure
title: Assessment procedure
organisation: Example Council
agency: local_authority
approved_on: 2009-01-01
review_by: 2011-12-01
---
# Assessment procedure

## Initial assessment

A referral is acknowledged and a decision made within one working day.
An initial assessment is completed within 10 working days of the referral.
MD
cd "$tmp" || exit 2

$dc check --as-of 2008-06-01 proc.md > out 2>&1
st=$?
if [ "$st" -eq 1 ]; then pass "as of 2008: exits 1"; else
  fail "as of 2008: exits 1" "status $st"; fi
want='proc.md:14:43: error: [WT2006.initial-assessment.procedure] Working Together (2006) sets at most seven working days for an initial assessment; the procedure gives longer. (the stated timescale is 10 working days (proc.md:14:43); expected at most 7 working days)'
if grep -qF "$want" out; then pass "as of 2008: Working Together 2006 at the sentence"; else
  fail "as of 2008: Working Together 2006 at the sentence" "$(cat out)"; fi
if grep -qF '   14 | An initial assessment is completed within 10 working days of the referral.' out &&
   grep -qF '      |                                           ^~~~~~~~~~~~~~~' out; then
  pass "as of 2008: the words are underlined"; else
  fail "as of 2008: the words are underlined" "$(cat out)"; fi

$dc check --as-of 2011-06-01 proc.md > out 2>&1
st=$?
if [ "$st" -eq 0 ]; then pass "as of 2011: exits 0"; else
  fail "as of 2011: exits 0" "status $st: $(cat out)"; fi
if grep -q 'initial-assessment' out; then
  fail "as of 2011: the 2010 edition allows 10 working days" "$(cat out)"; else
  pass "as of 2011: the 2010 edition allows 10 working days"; fi

# No front matter: a message saying what to add.
printf '# A policy\n\nNo front matter here.\n' > bare.md
$dc check bare.md > out 2>&1
st=$?
if [ "$st" -eq 2 ] && grep -qF "bare.md:1:1: error: no front matter: start the document with a '---' line, then 'kind: procedure'" out; then
  pass "no front matter: says what to add"; else
  fail "no front matter: says what to add" "status $st: $(cat out)"; fi
exit 0
