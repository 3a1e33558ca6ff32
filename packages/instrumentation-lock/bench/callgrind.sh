#!/usr/bin/env bash
# Instructions per acquire+release, bare vs instrumented, under callgrind (repeatable where
# wall-clock time is not): the difference between a run of 2N and one of N operations of the same
# workload cancels start-up. Usage: bench/callgrind.sh [N] (default 20000). Takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
NODE=../../node_modules/.bin/node
count() { # workload mode ops
  local out
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$NODE" --single-threaded --predictable \
    bench/run.mjs --only "$1" --mode "$2" --ops "$3" 2>&1 | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*')
  echo "$out"
}
for w in uncontended contended; do
  declare -A per
  for mode in bare noop sdk; do
    a=$(count "$w" "$mode" "$N")
    b=$(count "$w" "$mode" "$((2 * N))")
    per[$mode]=$(( (b - a) / N ))
  done
  echo "$w: instructions per op: bare ${per[bare]}, instrumented ${per[sdk]} (ratio $(awk "BEGIN{printf \"%.2f\", ${per[sdk]}/${per[bare]}}")), own cost only (noop meter) ${per[noop]} (ratio $(awk "BEGIN{printf \"%.2f\", ${per[noop]}/${per[bare]}}"))"
  unset per
done
