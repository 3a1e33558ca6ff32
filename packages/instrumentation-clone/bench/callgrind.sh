#!/usr/bin/env bash
# Instructions per copy, bare vs instrumented, under callgrind (repeatable where wall-clock time
# is not): the difference between a run of 2N and one of N copies of the same case cancels
# start-up. Usage: bench/callgrind.sh [CASE N]... (default: the two target cases below).
# MODES="bare producer" limits the modes; SIZE_RATE=0 sets sizeSampleRate (default 0.01);
# BUDGET=exact|0.01 sets overheadBudget, MAX_INTERVAL=K sampling.maxInterval (default: theirs).
# Takes minutes per case.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE=../../node_modules/.bin/node
count() { # case mode ops
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$NODE" --single-threaded --predictable \
    bench/run.mjs --only "$1" --mode "$2" --ops "$3" ${SIZE_RATE:+--size-rate "$SIZE_RATE"} \
    ${BUDGET:+--budget "$BUDGET"} ${MAX_INTERVAL:+--max-interval "$MAX_INTERVAL"} 2>&1 | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
}
if [ $# -eq 0 ]; then set -- rfdc:object10 20000 structured_clone:map1k 200; fi
while [ $# -ge 2 ]; do
  c=$1 n=$2
  shift 2
  declare -A per
  for mode in ${MODES:-bare clock noop producer sdk}; do
    a=$(count "$c" "$mode" "$n")
    b=$(count "$c" "$mode" "$((2 * n))")
    per[$mode]=$(((b - a) / n))
  done
  ratio() { if [ -n "${per[bare]:-}" ]; then awk "BEGIN{printf \"%.3f\", $1/${per[bare]}}"; else echo -; fi; }
  line="$c: instructions per copy:"
  for mode in ${MODES:-bare clock noop producer sdk}; do line="$line $mode ${per[$mode]} ($(ratio "${per[$mode]}"))"; done
  echo "$line"
  unset per
done
