#!/usr/bin/env node
// Cost of one scrape of the embedded endpoint: statewatch's spec-name serializer against the stock
// @opentelemetry/exporter-prometheus serializer, on the same collected metrics (a service with
// every registry metric at realistic cardinality), in one process, alternating rounds.
//   node packages/node/bench/prometheus-scrape.mjs             # CPU time per scrape, ratio
//   node packages/node/bench/prometheus-scrape.mjs --only=spec|stock --scrapes=N   # for callgrind
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { ATTRIBUTES, METRICS } from '@statewatch/semconv';
import { SpecPrometheusSerializer } from '../dist/prometheus-serializer.js';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const ONLY = arg('only', undefined);
const SCRAPES = Number(arg('scrapes', 0));
const ROUNDS = Number(arg('rounds', 21));
const PER_ROUND = Number(arg('per-round', 20));

class Collector extends MetricReader {
  onForceFlush() {
    return Promise.resolve();
  }
  onShutdown() {
    return Promise.resolve();
  }
}

/**
 * A service: 10 locks, 10 clone sites each copying one way (2 strategies x 2 sources), 10
 * features of 10 bins, every closed value of the other attributes.
 */
const CARDINALITY = { 'lock.name': 10, 'clone.site': 10, 'feature.name': 10, 'feature.bin': 10 };
const CLOSED_SUBSET = { 'clone.strategy': 2, 'clone.source': 2 };
function attributeSets(names) {
  let sets = [{}];
  for (const n of names) {
    const a = ATTRIBUTES.find((x) => x.name === n);
    const values = a.values
      ? a.type === 'boolean'
        ? [true, false]
        : a.values.slice(0, CLOSED_SUBSET[n] ?? a.values.length)
      : Array.from({ length: CARDINALITY[n] ?? 1 }, (_, i) => `${n.split('.')[1]}-${i}`);
    sets = sets.flatMap((s) => values.map((v) => ({ ...s, [n]: v })));
  }
  return sets;
}

const reader = new Collector();
const provider = new MeterProvider({ readers: [reader] });
const meter = provider.getMeter('@statewatch/bench', '0.1.0');
let series = 0;
for (const m of METRICS) {
  const opts = { unit: m.unit, description: m.description };
  const sets = attributeSets(m.attributes);
  series += sets.length;
  if (m.instrument === 'Histogram') {
    const h = meter.createHistogram(m.name, {
      ...opts,
      advice: { explicitBucketBoundaries: [...m.buckets] },
    });
    for (const s of sets) for (const b of m.buckets) h.record(b * 0.9, s);
  } else if (m.instrument === 'Counter') {
    const c = meter.createCounter(m.name, opts);
    for (const s of sets) c.add(7, s);
  } else if (m.instrument === 'UpDownCounter') {
    const u = meter.createUpDownCounter(m.name, opts);
    for (const s of sets) u.add(2, s);
  } else {
    const g = meter.createGauge(m.name, opts);
    for (const s of sets) g.record(0.125, s);
  }
}

const serializers = { stock: new PrometheusSerializer(), spec: new SpecPrometheusSerializer() };
const { resourceMetrics } = await reader.collect();
const bytes = Object.fromEntries(
  Object.entries(serializers).map(([k, s]) => [k, Buffer.byteLength(s.serialize(resourceMetrics))]),
);

/** One scrape: a fresh collection (as the endpoint does) and its serialization. */
async function scrape(kind) {
  const { resourceMetrics: rm } = await reader.collect();
  return serializers[kind].serialize(rm).length;
}

if (ONLY) {
  for (let i = 0; i < SCRAPES; i++) await scrape(ONLY);
  process.exit(0);
}

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const samples = { stock: [], spec: [], collect: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? ['spec', 'stock'] : ['stock', 'spec'];
  for (const kind of order) {
    const t0 = cpu();
    for (let i = 0; i < PER_ROUND; i++) await scrape(kind);
    samples[kind].push((cpu() - t0) / PER_ROUND);
  }
  const t0 = cpu();
  for (let i = 0; i < PER_ROUND; i++) await reader.collect();
  samples.collect.push((cpu() - t0) / PER_ROUND);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (us) => (us / 1000).toFixed(2);
const ratios = samples.spec.map((s, i) => s / samples.stock[i]);
console.log(
  `${METRICS.length} metrics, ${series} series; exposition ${bytes.stock} B stock, ${bytes.spec} B spec; Node ${process.version}`,
);
console.log(
  `collect only        ${ms(median(samples.collect))} ms CPU (median of ${ROUNDS} rounds x ${PER_ROUND})`,
);
console.log(`scrape, stock       ${ms(median(samples.stock))} ms CPU`);
console.log(`scrape, statewatch  ${ms(median(samples.spec))} ms CPU`);
console.log(
  `ratio statewatch/stock ${median(ratios).toFixed(3)} (per-round ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
);
await provider.shutdown();
