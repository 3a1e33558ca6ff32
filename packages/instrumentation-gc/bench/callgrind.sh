#!/usr/bin/env bash
# Instructions per work unit, bare and instrumented, under valgrind's callgrind: repeatable where
# CPU time on a shared machine is not. The difference between a short and a long run cancels
# start-up. Usage: bash bench/callgrind.sh [units]   (default 20000; the long run is twice that)
set -euo pipefail
cd "$(dirname "$0")"
node_bin="${NODE:-../../../node_modules/.bin/node}"
units="${1:-20000}"
out="$(mktemp -d)"
count() { # mode units
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1.$2" "$node_bin" --single-threaded --predictable \
    --max-semi-space-size=1 callgrind-run.mjs "$1" "$2" 2>"$out/log.$1.$2" >/dev/null
  grep -m1 -oP 'Collected : \K\d+' "$out/log.$1.$2"
}
declare -A ins
for mode in bare instrumented; do
  for n in "$units" "$((units * 2))"; do ins[$mode.$n]=$(count "$mode" "$n"); done
done
per() { echo $(((ins[$1.$((units * 2))] - ins[$1.$units]) / units)); }
bare=$(per bare)
instrumented=$(per instrumented)
echo "instructions per work unit (Node $("$node_bin" --version), heapStatistics ${BENCH_HEAP_STATISTICS:-1}): bare $bare, instrumented $instrumented"
awk -v a="$instrumented" -v b="$bare" 'BEGIN { printf "instruction ratio (instrumented / bare): %.4f\n", a / b }'
rm -rf "$out"
