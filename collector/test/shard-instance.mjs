// One instance of a service for test/collector-sharded-psi.test.ts. With @statewatch/feature-drift
// it observes its share of a deterministic stream of many numeric features (record i belongs to
// instance i mod parts), prints its window snapshot as one JSON line, then keeps exporting its
// cumulative counters every 300 ms to every OTLP/HTTP base URL given, until SIGTERM (a final
// export, then exit 0).
//
//   node shard-instance.mjs <baseline.json> <instance id> <part: 0..parts-1 | all> <parts> <records> <seed> [otlp base url,...]
//
// Part `all` observes the whole stream and exports nothing: its snapshot is the PSI of the
// combined stream, the number the fleet PSI must equal.
import { readFileSync } from 'node:fs';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { FeatureDriftMonitor } from '@statewatch/feature-drift';
import { shardStream } from './shard-stream.mjs';

const [baselinePath, instanceId, part, parts, records, seed, urls = ''] = process.argv.slice(2);

const readers = urls
  .split(',')
  .filter(Boolean)
  .map(
    (url) =>
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${url}/v1/metrics` }),
        exportIntervalMillis: 300,
      }),
  );
const meterProvider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': 'sharded-psi-test', 'service.instance.id': instanceId }),
  readers,
});
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'));
const monitor = new FeatureDriftMonitor({ baseline, meterProvider });
const stream = shardStream(Object.keys(baseline.features), Number(records), Number(seed));
stream.forEach((record, i) => {
  if (part === 'all' || i % Number(parts) === Number(part)) monitor.observe(record);
});
console.log(JSON.stringify(monitor.snapshot()));

if (readers.length === 0) {
  monitor.close();
  await meterProvider.shutdown();
} else {
  // The reader's export timer does not keep the process alive on its own.
  const keepAlive = setInterval(() => {}, 60_000);
  process.once('SIGTERM', async () => {
    clearInterval(keepAlive);
    await meterProvider.forceFlush();
    monitor.close();
    await meterProvider.shutdown();
    process.exit(0);
  });
}
