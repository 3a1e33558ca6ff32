#!/usr/bin/env bash
# Instructions per task of each lock library, bare vs instrumented, under callgrind (repeatable
# where CPU time is not): bench/library-task.mjs runs one library in one mode, and the difference
# between a run of 2N and one of N tasks cancels start-up. Usage:
#   bench/libraries-callgrind.sh [N] [libraries…]   (default 10000, all five libraries)
# MODES="bare sdk producer exact" by default (bare must come first; see library-task.mjs; kK, e.g.
# k16, times 1 in K tasks: natively these tight loops reach 1 in 11–35 at the default budget).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
shift || true
LIBRARIES=${*:-p-limit async-sema async-lock p-queue bottleneck}
NODE=../../node_modules/.bin/node
count() { # library mode ops
  local out
  if ! out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$NODE" --single-threaded --predictable \
    bench/library-task.mjs --library "$1" --mode "$2" --ops "$3" 2>&1); then
    echo "$out" >&2 # the task's own check failed: say why
    return 1
  fi
  grep -o 'Collected : [0-9]*' <<<"$out" | grep -o '[0-9]*'
}
for lib in $LIBRARIES; do
  line="$lib: instructions per task:"
  bare=
  for mode in ${MODES:-bare sdk producer exact}; do
    a=$(count "$lib" "$mode" "$N")
    b=$(count "$lib" "$mode" "$((2 * N))")
    per=$(((b - a) / N))
    [ "$mode" = bare ] && bare=$per
    line="$line $mode $per${bare:+ ($(awk "BEGIN{printf \"%.2f\", $per/$bare}"))}"
  done
  echo "$line"
done
