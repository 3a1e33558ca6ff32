// `npm run bench`: the cost of recording one histogram value, side by side in one process.
//   direct OTel      Histogram.record(v, attributes) with a reader attached (what naive code does)
//   recorder sdk     HotPathRecorder series.record(v) in 'sdk' mode (Histogram.record with the series' attributes)
//   recorder producer series.record(v): aggregated in process, read by the recorder's metricProducer
// Every phase includes one collection, so deferred work is paid inside the measurement.
// CPU time per value (process.cpuUsage), median of per-round ratios against the bare loop.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    values: { type: 'string', default: '400000' },
    only: { type: 'string' }, // one contender, run once (instruction counts: bench/callgrind.sh)
  },
});
const ROUNDS = Number(opts.rounds);
const VALUES = Number(opts.values);

const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { METRIC_LOCK_WAIT_DURATION } = require('@statewatch/semconv');
const { HotPathRecorder } = require('../dist/index.js');

const ATTRIBUTES = { 'lock.name': 'cache-refresh', 'lock.kind': 'mutex', 'lock.outcome': 'acquired' };
const producerRecorder = new HotPathRecorder({ mode: 'producer' });
const producerSeries = producerRecorder.histogram(METRIC_LOCK_WAIT_DURATION).series(ATTRIBUTES);
const reader = new PrometheusExporter({
  preventServerStart: true,
  metricProducers: [producerRecorder.metricProducer],
});
const meter = new MeterProvider({ readers: [reader] }).getMeter('bench');

const direct = meter.createHistogram('bench.direct', { unit: 's' });
const sdkRecorder = new HotPathRecorder({ mode: 'sdk' });
const sdkSeries = sdkRecorder.histogram(METRIC_LOCK_WAIT_DURATION).series(ATTRIBUTES);
sdkRecorder.setMeter(meter);

// Plausible lock waits: 10 µs to 100 ms, log-uniform, precomputed so every phase sees the same values.
const values = Float64Array.from({ length: VALUES }, (_, i) => 1e-5 * 10 ** (4 * ((i * 0.618034) % 1)));
let sink = 0;
const contenders = {
  'bare loop': () => {
    for (let i = 0; i < VALUES; i++) sink += values[i];
  },
  'direct Histogram.record': () => {
    for (let i = 0; i < VALUES; i++) direct.record(values[i], ATTRIBUTES);
  },
  'recorder, sdk mode': () => {
    for (let i = 0; i < VALUES; i++) sdkSeries.record(values[i]);
  },
  'recorder, producer mode': () => {
    for (let i = 0; i < VALUES; i++) producerSeries.record(values[i]);
  },
};

async function cpuNsPerValue(run) {
  const start = process.cpuUsage();
  run();
  await reader.collect(); // includes the collection of what was recorded
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / VALUES;
}

if (opts.only !== undefined) {
  const run = contenders[opts.only];
  if (run === undefined) throw new Error(`--only: one of ${Object.keys(contenders).join(', ')}`);
  run();
  await reader.collect();
  process.exit(0);
}

const names = Object.keys(contenders);
const samples = new Map(names.map((n) => [n, []]));
for (const name of names) await cpuNsPerValue(contenders[name]); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  process.stderr.write(`\rround ${r + 1}/${ROUNDS}`);
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + r) % names.length]; // rotate the order each round
    samples.get(name).push(await cpuNsPerValue(contenders[name]));
  }
}
process.stderr.write('\n');
if (sink === -1) console.log(sink); // keeps the bare loop's work observable
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(samples.get('bare loop'));
const directNs = median(samples.get('direct Histogram.record')) - bare;
console.log(
  `instrumentation-common bench: ${VALUES.toLocaleString('en-US')} values, 3 attributes, CPU time, ` +
    `median of ${ROUNDS} rounds, Node ${process.version}`,
);
console.log('contender                  ns/value  minus loop  vs direct Histogram.record');
for (const name of names) {
  const ns = median(samples.get(name));
  const own = ns - bare;
  const vs = name === 'bare loop' ? '' : `${Math.max(0, own / directNs).toFixed(3)}×`;
  console.log(
    `${name.padEnd(26)} ${ns.toFixed(1).padStart(8)}  ${own.toFixed(1).padStart(10)}  ${vs.padStart(10)}`,
  );
}
