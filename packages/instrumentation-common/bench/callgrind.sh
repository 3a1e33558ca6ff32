#!/usr/bin/env bash
# Instructions per recorded value for each contender of bench/run.mjs, under callgrind (repeatable
# where CPU time is not): the difference between a run of 2N and one of N values cancels start-up.
# Usage: bench/callgrind.sh [N] (default 100000). Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
NODE=../../node_modules/.bin/node
count() { # contender values
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$NODE" --single-threaded --predictable \
    bench/run.mjs --only "$1" --values "$2" 2>&1 | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
}
while IFS= read -r contender; do
  a=$(count "$contender" "$N")
  b=$(count "$contender" "$((2 * N))")
  echo "$contender: $(((b - a) / N)) instructions per value"
done < <(sed -n "s/^  '\([^']*\)': () => {$/\1/p" bench/run.mjs)
