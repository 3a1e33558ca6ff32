// One instance of a service for test/collector-fleet-psi.test.ts: observes its half of a
// deterministic, drifting scoring stream with @statewatch/feature-drift, sends the counters to
// the collector over OTLP/HTTP, and prints its own window snapshot as one JSON line.
//
//   node fleet-feeder.mjs <otlp base url> <instance id> <part: first|second|all> <records> <seed> <baseline.json>
//
// Part `all` observes the whole stream and exports nothing: its snapshot is the PSI of the
// combined stream, the number the collector's fleet PSI must equal.
import { readFileSync } from 'node:fs';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { scoringInputs } from '@statewatch/demo';
import { FeatureDriftMonitor } from '@statewatch/feature-drift';

const [otlpUrl, instanceId, part, records, seed, baselinePath] = process.argv.slice(2);

/** The shared stream: calm first half, drifted second half, an income missing now and then. */
function fleetStream(count, streamSeed) {
  const next = scoringInputs(streamSeed);
  const stream = [];
  for (let i = 0; i < count; i++) {
    const input = next(i < count / 2 ? 0 : 0.8);
    stream.push(i % 97 === 0 ? { ...input, income: null } : input);
  }
  return stream;
}

const exporting = part !== 'all';
const reader = exporting
  ? new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${otlpUrl}/v1/metrics` }),
      exportIntervalMillis: 500,
    })
  : undefined;
const meterProvider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': 'fleet-psi-test', 'service.instance.id': instanceId }),
  readers: reader ? [reader] : [],
});
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'));
const monitor = new FeatureDriftMonitor({ baseline, meterProvider });

const stream = fleetStream(Number(records), Number(seed));
const middle = stream.length / 2;
const mine = part === 'first' ? stream.slice(0, middle) : part === 'second' ? stream.slice(middle) : stream;
for (const record of mine) monitor.observe(record);

if (exporting) {
  // Two exports a little apart: the collector sees the cumulative counters more than once.
  await meterProvider.forceFlush();
  await new Promise((resolve) => setTimeout(resolve, 600));
  await meterProvider.forceFlush();
}
console.log(JSON.stringify(monitor.snapshot()));
monitor.close();
await meterProvider.shutdown();
