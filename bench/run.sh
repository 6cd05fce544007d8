#!/bin/sh
# bench/run.sh [N]: how fast dutycheck is, measured, not asserted.
#
#  1. one small input against the whole built-in library, as a whole
#     process (the pre-commit case): mean wall time over 200 runs, and
#     instructions per run under callgrind when valgrind is there;
#  2. a folder of N submissions (default 10000): wall time of
#     `dutycheck check` against libyaml's own parse time of the same files
#     (bench/yaml_parse), and the ratio; with --jobs 1 and --jobs 2;
#  3. peak memory (max RSS) of the folder run, to show it stays flat.
# Run from the build directory after `make`.
set -eu
n=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
dc=./dutycheck
[ -x "$dc" ] || { echo "bench: run from the build directory after make" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -o "$tmp/yaml_parse" "$here/yaml_parse.c" $(pkg-config --cflags --libs yaml-0.1)

now() { date +%s%N; }
ms() { echo "$1 $2" | awk '{ printf "%.2f", ($2 - $1) / 1e6 }'; }

one="$top/policies/examples/compliant.yaml"
runs=200
t0=$(now)
i=0
while [ $i -lt $runs ]; do
  "$dc" check --quiet "$one" >/dev/null || true
  i=$((i + 1))
done
t1=$(now)
echo "one input, whole library, whole process: $(echo "$t0 $t1 $runs" | awk '{ printf "%.2f", ($2 - $1) / 1e6 / $3 }') ms per run (mean of $runs)"
if command -v valgrind >/dev/null 2>&1; then
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$dc" check --quiet "$one" >/dev/null 2>"$tmp/cg.err" || true
  ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/cg.err")
  echo "one input, whole library: $ir instructions (callgrind)"
fi

mkdir "$tmp/in"
i=0
set -- "$top"/policies/examples/*.yaml "$top"/policies/agencies/*.yaml
k=$#
while [ $i -lt "$n" ]; do
  idx=$((i % k + 1))
  eval "src=\${$idx}"
  cp "$src" "$tmp/in/s$i.yaml"
  i=$((i + 1))
done
t0=$(now)
find "$tmp/in" -name '*.yaml' -print0 | xargs -0 "$tmp/yaml_parse" >/dev/null
t1=$(now)
parse=$(ms "$t0" "$t1")
echo "$n submissions: libyaml parse alone: $parse ms"
for jobs in 1 2; do
  t0=$(now)
  "$dc" check --jobs "$jobs" --quiet "$tmp/in" >/dev/null 2>&1 || true
  t1=$(now)
  all=$(ms "$t0" "$t1")
  echo "$n submissions: dutycheck check --jobs $jobs: $all ms ($(echo "$all $parse" | awk '{ printf "%.2f", $1 / $2 }') x the parse alone)"
done
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%M" -o "$tmp/rss" "$dc" check --jobs 1 --quiet "$tmp/in" >/dev/null 2>&1 || true
  echo "$n submissions: peak memory $(tail -n 1 "$tmp/rss") KiB"
  /usr/bin/time -f "%M" -o "$tmp/rss" "$dc" check --jobs 1 --quiet "$tmp/in/s1.yaml" >/dev/null 2>&1 || true
  echo "1 submission: peak memory $(tail -n 1 "$tmp/rss") KiB"
fi
