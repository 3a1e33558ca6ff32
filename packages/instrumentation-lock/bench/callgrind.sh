#!/usr/bin/env bash
# Instructions per acquire+release, bare vs instrumented, under callgrind (repeatable where
# wall-clock time is not): the difference between a run of 2N and one of N operations of the same
# workload cancels start-up. Usage: bench/callgrind.sh [N] [modes…] (default 20000, modes
# "bare noop sdk producer"; bare must come first). Takes minutes.
#   sdk      recording 'sdk' with a Prometheus reader: every duration reaches Histogram.record
#   noop     recording 'sdk' with no MeterProvider: statewatch's own hot path alone
#   producer recording 'producer': in-process aggregation, the instrumentation's producer, default
#            sampling (under valgrind the clock is ~50× slower, so the adaptive interval stays ~1)
#   exact    producer with overheadBudget 'exact': every acquisition timed
#   kK       producer with 1 in K acquisitions timed (e.g. k20: tiny budget, maxInterval K, 100 ms window)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
shift || true
MODES=${*:-bare noop sdk producer}
NODE=../../node_modules/.bin/node
count() { # workload mode ops
  local extra=()
  local mode=$2
  case $mode in
    producer) extra=(--recording producer) ;;
    exact) extra=(--recording producer --overhead-budget exact) mode=producer ;;
    k[0-9]*)
      extra=(--recording producer --overhead-budget 0.000001 --max-interval "${mode#k}" --sampling-window 100)
      mode=producer
      ;;
  esac
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$NODE" --single-threaded --predictable \
    bench/run.mjs --only "$1" --mode "$mode" --ops "$3" "${extra[@]}" 2>&1 | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
}
for w in ${WORKLOADS:-uncontended contended}; do
  line="$w: instructions per acquire+release:"
  bare=
  for mode in $MODES; do
    a=$(count "$w" "$mode" "$N")
    b=$(count "$w" "$mode" "$((2 * N))")
    per=$(((b - a) / N))
    [ "$mode" = bare ] && bare=$per
    line="$line $mode $per${bare:+ ($(awk "BEGIN{printf \"%.2f\", $per/$bare}"))}"
  done
  echo "$line"
done
