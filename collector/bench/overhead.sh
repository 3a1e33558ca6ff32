#!/usr/bin/env bash
# Side-by-side CPU cost of the drift processor inside the statewatch collector. Two copies of
# the same binary run at the same time: one with the shipped pipeline (collector/config.yaml),
# one with `drift` removed from it. The load generator
# (collector/driftprocessor/internal/otlpload: a fleet of instances exporting the feature
# counters of a baseline) sends every request to both, so both see the same load under the
# same machine conditions. Reports each collector's CPU time (utime+stime from /proc,
# start-up excluded) per 1000 data points, and the ratio, for ROUNDS rounds.
#
#   bash collector/bench/overhead.sh            # from the repository root
#   ROUNDS=5 EXPORTS=400 INSTANCES=50 bash collector/bench/overhead.sh
#   CONTROL=1 bash collector/bench/overhead.sh  # A/A: both without drift, shows the noise floor
#   PASS_THROUGH=1 bash collector/bench/overhead.sh  # drift also passes the instances' counters on
#
# By default (pass_through_counters: false) the drift side exports only the fleet gauges, the
# other side every instance's counters: the difference is the whole pipeline's, not only drift's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(cd .. && pwd)"
ROUNDS="${ROUNDS:-5}"
INSTANCES="${INSTANCES:-50}"
EXPORTS="${EXPORTS:-200}"
BASELINE="$ROOT/packages/feature-drift/testdata/scoring-baseline.json"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

bash build.sh >/dev/null 2>&1
(cd driftprocessor && go build -o ../_build/bin/otlpload ./internal/otlpload)
sed '/^      processors: \[/s/, drift, /, /' config.yaml >"$WORK/without.yaml"
if grep -q '^      processors: \[.*drift' "$WORK/without.yaml"; then echo "overhead.sh: could not remove drift" >&2; exit 1; fi
if [[ "${CONTROL:-}" == 1 ]]; then cp "$WORK/without.yaml" "$WORK/with.yaml"; else cp config.yaml "$WORK/with.yaml"; fi
CLK_TCK="$(getconf CLK_TCK)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ms() { awk -v tck="$CLK_TCK" '{print int(($14 + $15) * 1000 / tck)}' "/proc/$1/stat"; }

declare -A pid otlp
start() { # variant
  local variant="$1" grpc prom telemetry
  otlp[$variant]="$(free_port)" grpc="$(free_port)" prom="$(free_port)" telemetry="$(free_port)"
  STATEWATCH_BASELINE="$BASELINE" \
    STATEWATCH_OTLP_HTTP_ENDPOINT="127.0.0.1:${otlp[$variant]}" STATEWATCH_OTLP_GRPC_ENDPOINT="127.0.0.1:$grpc" \
    STATEWATCH_PROMETHEUS_ENDPOINT="127.0.0.1:$prom" STATEWATCH_TELEMETRY_HOST=127.0.0.1 \
    STATEWATCH_TELEMETRY_PORT="$telemetry" STATEWATCH_DRIFT_EMIT_INTERVAL=1s \
    STATEWATCH_DRIFT_PASS_THROUGH_COUNTERS="$([[ "${PASS_THROUGH:-}" == 1 ]] && echo true || echo false)" \
    _build/dist/statewatch-collector --config "$WORK/$variant.yaml" >"$WORK/$variant.log" 2>&1 &
  pid[$variant]=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$prom/metrics" >/dev/null && return 0; sleep 0.1; done
  echo "collector ($variant) did not start:" >&2
  cat "$WORK/$variant.log" >&2
  exit 1
}

[[ "${CONTROL:-}" == 1 ]] && echo "CONTROL=1: the \"with\" side runs without drift too (A/A)"
echo "round  with_ms  without_ms  datapoints  with_us/1000pts  without_us/1000pts  ratio"
ratios=()
total_with=0 total_without=0 total_points=0
for round in $(seq "$ROUNDS"); do
  start with
  start without
  with0="$(cpu_ms "${pid[with]}")" without0="$(cpu_ms "${pid[without]}")"
  load="$(_build/bin/otlpload -url "http://127.0.0.1:${otlp[with]}/v1/metrics,http://127.0.0.1:${otlp[without]}/v1/metrics" \
    -baseline "$BASELINE" -instances "$INSTANCES" -exports "$EXPORTS")"
  sleep 1.5 # let batch flush and the drift ticker run
  with_ms=$(($(cpu_ms "${pid[with]}") - with0)) without_ms=$(($(cpu_ms "${pid[without]}") - without0))
  kill "${pid[with]}" "${pid[without]}"
  wait "${pid[with]}" "${pid[without]}" || true
  points="$(sed -E 's/.*"datapoints":([0-9]+).*/\1/' <<<"$load")"
  ratio="$(bc -l <<<"$with_ms / $without_ms")"
  ratios+=("$ratio")
  total_with=$((total_with + with_ms)) total_without=$((total_without + without_ms)) total_points=$((total_points + points))
  printf '%5d %8d %11d %11d %16.1f %19.1f %6.3f\n' "$round" "$with_ms" "$without_ms" "$points" \
    "$(bc -l <<<"$with_ms * 1000000 / $points")" "$(bc -l <<<"$without_ms * 1000000 / $points")" "$ratio"
done
median="$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')"
printf 'total: with drift %.1f µs, without %.1f µs per 1000 points: drift adds %.1f%% (median round %+.1f%%)\n' \
  "$(bc -l <<<"$total_with * 1000000 / $total_points")" "$(bc -l <<<"$total_without * 1000000 / $total_points")" \
  "$(bc -l <<<"($total_with / $total_without - 1) * 100")" "$(bc -l <<<"($median - 1) * 100")"
printf 'throughput per core (data points per CPU second): with drift %.0f, without %.0f\n' \
  "$(bc -l <<<"$total_points * 1000 / $total_with")" "$(bc -l <<<"$total_points * 1000 / $total_without")"
