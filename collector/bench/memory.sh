#!/usr/bin/env bash
# Memory of one drift replica under the shipped 512 MiB budget: runs the built collector on the
# shipped collector/config.yaml with the GOMEMLIMIT of the manifests (300MiB) and the memory_limiter
# set as in a 512 MiB pod (80% / 20% of 512 MiB), then otlpload sends INSTANCES instances × 2 exports of every bin of
# every feature of a baseline. Prints the process's resident memory (VmRSS, peak VmHWM), the Go
# heap, the tracked instances, and the points refused (memory_limiter) or dropped (drift caps) —
# for the demo baseline and a generated 100-feature baseline (ten bins each).
#
#   flock /tmp/bench.lock bash collector/bench/memory.sh                  # from the repository root
#   DEMO_INSTANCES=100000 WIDE_INSTANCES=4000 bash collector/bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(cd .. && pwd)"
DEMO_INSTANCES="${DEMO_INSTANCES:-50000}"
WIDE_INSTANCES="${WIDE_INSTANCES:-3000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

bash build.sh >/dev/null 2>&1
(cd driftprocessor && go build -o ../_build/bin/otlpload ./internal/otlpload)
# A 100-feature baseline built by @statewatch/feature-drift itself (valid id, ten bins each).
(cd "$ROOT" && node_modules/.bin/node --input-type=module -e "
  import { buildBaseline, normalSampler, seededRandom } from '@statewatch/feature-drift';
  import { writeFileSync } from 'node:fs';
  const names = Array.from({ length: 100 }, (_, i) => 'f' + String(i).padStart(3, '0'));
  const normal = normalSampler(seededRandom(1));
  const records = Array.from({ length: 2000 }, () => Object.fromEntries(names.map((n) => [n, normal()])));
  writeFileSync('$WORK/wide.json', JSON.stringify(buildBaseline(records, { numeric: names })));
")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
metric() { curl -s "$1" | awk -v name="$2" '$1 == name || index($1, name "{") == 1 { s += $NF } END { printf "%d", s }'; }
kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

echo "baseline  instances  series/inst  VmRSS_MiB  VmHWM_MiB  heap_MiB  tracked  refused  dropped  KiB/instance(RSS)"
for variant in demo wide; do
  if [[ $variant == demo ]]; then baseline="$ROOT/packages/feature-drift/testdata/scoring-baseline.json" instances=$DEMO_INSTANCES
  else baseline="$WORK/wide.json" instances=$WIDE_INSTANCES; fi
  otlp="$(free_port)" prom="$(free_port)" telemetry="$(free_port)"
  GOMEMLIMIT="${REPLICA_GOMEMLIMIT:-300MiB}" STATEWATCH_BASELINE="$baseline" STATEWATCH_OTLP_HTTP_ENDPOINT="127.0.0.1:$otlp" \
    STATEWATCH_OTLP_GRPC_ENDPOINT="127.0.0.1:$(free_port)" STATEWATCH_PROMETHEUS_ENDPOINT="127.0.0.1:$prom" \
    STATEWATCH_TELEMETRY_PORT="$telemetry" STATEWATCH_DRIFT_EMIT_INTERVAL=5s \
    _build/dist/statewatch-collector --config config.yaml \
    --set=processors::memory_limiter::limit_percentage=0 --set=processors::memory_limiter::spike_limit_percentage=0 \
    --set=processors::memory_limiter::limit_mib=410 --set=processors::memory_limiter::spike_limit_mib=102 \
    >"$WORK/$variant.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$prom/metrics" >/dev/null && break; sleep 0.1; done
  rss0="$(kib $pid VmRSS)"
  _build/bin/otlpload -url "http://127.0.0.1:$otlp/v1/metrics" -baseline "$baseline" -instances "$instances" -exports 2 >"$WORK/load.json" || true
  sleep 6 # a drift tick and a GC cycle
  tel="http://127.0.0.1:$telemetry/metrics"
  series="$(python3 -c 'import json, sys
f = json.load(open(sys.argv[1]))["features"].values()
print(sum(len(x.get("edges", [])) + 1 if x["type"] == "numeric" else len(x["categories"]) + 1 for x in f))' "$baseline")"
  printf '%-8s %10d %12d %10.1f %10.1f %9.1f %8d %8d %8d %18.2f\n' "$variant" "$instances" "$series" \
    "$(bc -l <<<"$(kib $pid VmRSS) / 1024")" "$(bc -l <<<"$(kib $pid VmHWM) / 1024")" \
    "$(bc -l <<<"$(metric "$tel" otelcol_process_runtime_heap_alloc_bytes) / 1048576")" \
    "$(metric "$tel" otelcol_processor_drift_tracked_instances)" \
    "$(( $(metric "$tel" otelcol_receiver_refused_metric_points) + $(metric "$tel" otelcol_processor_refused_metric_points) ))" \
    "$(metric "$tel" otelcol_processor_drift_dropped_data_points)" \
    "$(bc -l <<<"($(kib $pid VmRSS) - $rss0) / $instances")"
  kill $pid
  wait $pid || true
done
