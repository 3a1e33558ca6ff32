#!/usr/bin/env bash
# CPU cost of the routing tier (collector/router.yaml) in front of a drift replica. Three copies
# of the built distribution run at once: the router, the replica behind it (reached over OTLP/gRPC
# through the load-balancing exporter, static resolver), and a second replica that gets the same
# requests directly. otlpload sends every request to the router and to the direct replica, so
# all three see the same load under the same machine conditions. Reports CPU time (utime+stime,
# start-up excluded) per 1000 data points and data points per CPU second, for ROUNDS rounds.
#
#   flock /tmp/bench.lock bash collector/bench/routing.sh     # from the repository root
#   ROUNDS=3 EXPORTS=200 INSTANCES=50 bash collector/bench/routing.sh
#   ONE_PIPELINE=1 bash collector/bench/routing.sh  # only load_balancing/by_feature, no filters: the cost of the split alone
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
CLK_TCK="$(getconf CLK_TCK)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ms() { awk -v tck="$CLK_TCK" '{print int(($14 + $15) * 1000 / tck)}' "/proc/$1/stat"; }

declare -A pid http grpc
start() { # name config
  local name="$1" config="$2" prom telemetry
  http[$name]="$(free_port)" grpc[$name]="$(free_port)" prom="$(free_port)" telemetry="$(free_port)"
  STATEWATCH_BASELINE="$BASELINE" \
    STATEWATCH_OTLP_HTTP_ENDPOINT="127.0.0.1:${http[$name]}" STATEWATCH_OTLP_GRPC_ENDPOINT="127.0.0.1:${grpc[$name]}" \
    STATEWATCH_PROMETHEUS_ENDPOINT="127.0.0.1:$prom" STATEWATCH_TELEMETRY_HOST=127.0.0.1 \
    STATEWATCH_TELEMETRY_PORT="$telemetry" STATEWATCH_DRIFT_EMIT_INTERVAL=1s \
    _build/dist/statewatch-collector --config "$config" >"$WORK/$name.log" 2>&1 &
  pid[$name]=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$telemetry/metrics" >/dev/null && return 0; sleep 0.1; done
  echo "collector ($name) did not start:" >&2
  cat "$WORK/$name.log" >&2
  exit 1
}

echo "round  router_us/1000pts  behind_us/1000pts  direct_us/1000pts  router_pts/cpu_s  (router+behind)/direct"
total_router=0 total_behind=0 total_direct=0 total_points=0
for round in $(seq "$ROUNDS"); do
  start behind config.yaml
  start direct config.yaml
  # The shipped router config with the static resolver pointing at the replica behind it.
  (cd "$ROOT" && node_modules/.bin/node --input-type=module -e "
    import { readFileSync, writeFileSync } from 'node:fs';
    import { parse, stringify } from 'yaml';
    const config = parse(readFileSync('collector/router.yaml', 'utf8'));
    for (const e of Object.values(config.exporters)) e.resolver = { static: { hostnames: ['127.0.0.1:${grpc[behind]}'] } };
    if ('${ONE_PIPELINE:-}' === '1') {
      config.service.pipelines = { metrics: { receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['load_balancing/by_feature'] } };
      delete config.exporters['load_balancing/by_instance'];
      for (const f of Object.keys(config.processors)) if (f.startsWith('filter/')) delete config.processors[f];
    }
    writeFileSync('$WORK/router.yaml', stringify(config));
  ")
  start router "$WORK/router.yaml"
  r0="$(cpu_ms "${pid[router]}")" b0="$(cpu_ms "${pid[behind]}")" d0="$(cpu_ms "${pid[direct]}")"
  load="$(_build/bin/otlpload -url "http://127.0.0.1:${http[router]}/v1/metrics,http://127.0.0.1:${http[direct]}/v1/metrics" \
    -baseline "$BASELINE" -instances "$INSTANCES" -exports "$EXPORTS")"
  sleep 2 # let the router's queue drain and the replicas tick
  r=$(($(cpu_ms "${pid[router]}") - r0)) b=$(($(cpu_ms "${pid[behind]}") - b0)) d=$(($(cpu_ms "${pid[direct]}") - d0))
  kill "${pid[router]}" "${pid[behind]}" "${pid[direct]}"
  wait "${pid[router]}" "${pid[behind]}" "${pid[direct]}" || true
  points="$(sed -E 's/.*"datapoints":([0-9]+).*/\1/' <<<"$load")"
  total_router=$((total_router + r)) total_behind=$((total_behind + b)) total_direct=$((total_direct + d)) total_points=$((total_points + points))
  printf '%5d %18.1f %18.1f %18.1f %17.0f %23.3f\n' "$round" "$(bc -l <<<"$r * 1000000 / $points")" \
    "$(bc -l <<<"$b * 1000000 / $points")" "$(bc -l <<<"$d * 1000000 / $points")" \
    "$(bc -l <<<"$points * 1000 / $r")" "$(bc -l <<<"($r + $b) / $d")"
done
printf 'total: router %.1f µs, replica behind it %.1f µs, direct replica %.1f µs per 1000 points; router %.0f points per CPU second\n' \
  "$(bc -l <<<"$total_router * 1000000 / $total_points")" "$(bc -l <<<"$total_behind * 1000000 / $total_points")" \
  "$(bc -l <<<"$total_direct * 1000000 / $total_points")" "$(bc -l <<<"$total_points * 1000 / $total_router")"
