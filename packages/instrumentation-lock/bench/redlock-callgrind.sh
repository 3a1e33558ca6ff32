#!/usr/bin/env bash
# Instructions of this process per redlock acquire+release, bare vs instrumented (4.2.0 and
# 5.0.0-beta2), under callgrind: a run of 2N minus one of N pairs cancels start-up (Redis itself
# is another process, not counted). Usage: bench/redlock-callgrind.sh [N] (default 300).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
NODE=../../node_modules/.bin/node
count() { # alias variant ops
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$NODE" --single-threaded --predictable \
    bench/redlock-task.mjs --alias "$1" --variant "$2" --ops "$3" 2>&1 | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
}
for alias in redlock-v4-newest redlock-v5-newest; do
  line="$alias: instructions per acquire+release:"
  for variant in bare instrumented; do
    a=$(count "$alias" "$variant" "$N")
    b=$(count "$alias" "$variant" "$((2 * N))")
    per=$(((b - a) / N))
    [ "$variant" = bare ] && bare=$per
    line="$line $variant $per"
  done
  echo "$line ($(awk "BEGIN{printf \"%.3f\", $per/$bare}"))"
done
