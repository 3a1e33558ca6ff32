#!/usr/bin/env bash
# Side-by-side CPU cost of the drift processor inside the statewatch collector: the same binary
# and the same OTLP load (collector/driftprocessor/internal/otlpload: a fleet of instances
# exporting the feature counters of a baseline), once with the shipped pipeline and once with
# `drift` removed from it. Reports the collector's CPU time (utime+stime from /proc, start-up
# excluded) per 1000 data points, alternating the variants ROUNDS times (ABBA order).
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() { # variant → prints "cpu_ms datapoints"
  local variant="$1" port grpc prom telemetry
  port="$(free_port)" grpc="$(free_port)" prom="$(free_port)" telemetry="$(free_port)"
  STATEWATCH_BASELINE="$BASELINE" \
    STATEWATCH_OTLP_HTTP_ENDPOINT="127.0.0.1:$port" STATEWATCH_OTLP_GRPC_ENDPOINT="127.0.0.1:$grpc" \
    STATEWATCH_PROMETHEUS_ENDPOINT="127.0.0.1:$prom" STATEWATCH_TELEMETRY_HOST=127.0.0.1 \
    STATEWATCH_TELEMETRY_PORT="$telemetry" STATEWATCH_DRIFT_EMIT_INTERVAL=1s \
    _build/dist/statewatch-collector --config "$WORK/$variant.yaml" >"$WORK/$variant.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$prom/metrics" >/dev/null && break; sleep 0.1; done
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
declare -A total_ms total_points per_point
ratios=()
for round in $(seq "$ROUNDS"); do
  order="without with"
  ((round % 2 == 0)) && order="with without" # ABBA: drifting machine load cancels out
  for variant in $order; do
    read -r ms points < <(run "$variant")
    total_ms[$variant]=$((${total_ms[$variant]:-0} + ms))
    total_points[$variant]=$((${total_points[$variant]:-0} + points))
    per_point[$variant]="$(bc -l <<<"$ms * 1000000 / $points")"
    printf '%-9s %5d %7d %11d %10.1f\n' "$variant" "$round" "$ms" "$points" "${per_point[$variant]}"
  done
  ratios+=("$(bc -l <<<"${per_point[with]} / ${per_point[without]}")")
done
median="$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')"
printf 'per-round ratios with/without: %s; median %.3f\n' "$(printf '%.3f ' "${ratios[@]}")" "$median"
with=$(bc -l <<<"${total_ms[with]} / ${total_points[with]}")
without=$(bc -l <<<"${total_ms[without]} / ${total_points[without]}")
printf 'total: with drift %.1f µs, without %.1f µs per 1000 points; drift adds %.1f%%\n' \
  "$(bc -l <<<"$with * 1000000")" "$(bc -l <<<"$without * 1000000")" "$(bc -l <<<"($with / $without - 1) * 100")"
