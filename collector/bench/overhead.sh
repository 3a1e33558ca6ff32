#!/usr/bin/env bash
# Side-by-side CPU cost of the drift processor inside the statewatch collector: the same binary
# and the same OTLP load (collector/driftprocessor/internal/otlpload: a fleet of instances
# exporting the feature counters of a baseline), once with the shipped pipeline and once with
# `drift` removed from it. Reports the collector's CPU time (utime+stime from /proc, start-up
# excluded) per 1000 data points, alternating the variants ROUNDS times.
#
#   bash collector/bench/overhead.sh            # from the repository root
#   ROUNDS=5 EXPORTS=400 bash collector/bench/overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(cd .. && pwd)"
ROUNDS="${ROUNDS:-3}"
INSTANCES="${INSTANCES:-50}"
EXPORTS="${EXPORTS:-200}"
BASELINE="$ROOT/packages/feature-drift/testdata/scoring-baseline.json"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

bash build.sh >/dev/null 2>&1
(cd driftprocessor && go build -o ../_build/bin/otlpload ./internal/otlpload)
sed 's/processors: \[memory_limiter, drift, /processors: [memory_limiter, /' config.yaml >"$WORK/without.yaml"
grep -q 'processors: \[memory_limiter, transform' "$WORK/without.yaml"
cp config.yaml "$WORK/with.yaml"
CLK_TCK="$(getconf CLK_TCK)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() { # variant → prints "cpu_ms datapoints"
  local variant="$1" port=$((20000 + RANDOM % 20000))
  STATEWATCH_BASELINE="$BASELINE" \
    STATEWATCH_OTLP_HTTP_ENDPOINT="127.0.0.1:$port" STATEWATCH_OTLP_GRPC_ENDPOINT="127.0.0.1:$((port + 1))" \
    STATEWATCH_PROMETHEUS_ENDPOINT="127.0.0.1:$((port + 2))" STATEWATCH_TELEMETRY_HOST=127.0.0.1 \
    STATEWATCH_TELEMETRY_PORT="$((port + 3))" STATEWATCH_DRIFT_EMIT_INTERVAL=1s \
    _build/dist/statewatch-collector --config "$WORK/$variant.yaml" >"$WORK/$variant.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$((port + 2))/metrics" >/dev/null && break; sleep 0.1; done
  local before after load
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "collector ($variant) did not start:" >&2
    cat "$WORK/$variant.log" >&2
    exit 1
  fi
  before="$(cpu_ticks "$pid")"
  load="$(_build/bin/otlpload -url "http://127.0.0.1:$port/v1/metrics" -baseline "$BASELINE" \
    -instances "$INSTANCES" -exports "$EXPORTS")"
  sleep 1.5 # let batch flush and the drift ticker run
  after="$(cpu_ticks "$pid")"
  kill "$pid"
  wait "$pid" || true
  local points
  points="$(sed -E 's/.*"datapoints":([0-9]+).*/\1/' <<<"$load")"
  echo "$(((after - before) * 1000 / CLK_TCK)) $points"
}

echo "variant   round  cpu_ms  datapoints  cpu_us_per_1000_points"
declare -A total_ms total_points
for round in $(seq "$ROUNDS"); do
  for variant in without with; do
    read -r ms points < <(run "$variant")
    total_ms[$variant]=$((${total_ms[$variant]:-0} + ms))
    total_points[$variant]=$((${total_points[$variant]:-0} + points))
    printf '%-9s %5d %7d %11d %10.1f\n' "$variant" "$round" "$ms" "$points" "$(bc -l <<<"$ms * 1000000 / $points")"
  done
done
with=$(bc -l <<<"${total_ms[with]} / ${total_points[with]}")
without=$(bc -l <<<"${total_ms[without]} / ${total_points[without]}")
printf 'total: with drift %.1f µs, without %.1f µs per 1000 points; drift adds %.1f%%\n' \
  "$(bc -l <<<"$with * 1000000")" "$(bc -l <<<"$without * 1000000")" "$(bc -l <<<"($with / $without - 1) * 100")"
