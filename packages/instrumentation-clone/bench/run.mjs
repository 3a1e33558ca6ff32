// `npm run bench`: every clone strategy on a 10-key object, a 1,000-entry Map and a
// 100,000-entry Map; bare and instrumented in one process, rounds interleaved.
//   bare          the library's own function (or the plain expression)
//   instrumented  the patched function (or the manual helper), with a real MeterProvider and a
//                 Prometheus reader: every value reaches Histogram.record inside the timed
//                 region (the recorder's buffers are flushed at the end of each timed round)
//   producer      recording: 'producer': aggregated in process, exactly, reported by
//                 statewatchMetricProducer (given to the reader); no SDK call per copy
//   pass-through  no MeterProvider at all (noop meter): the wrappers only call through
// Prints the ratios and the table of the strategies' own costs.
// Options: --rounds N (default 9), --round-ms N (target length of one timed round, default 40),
//          --size-rate R (sizeSampleRate, default the instrumentation's 0.01),
//          --only STRATEGY:DATA (e.g. rfdc:object10), --mode bare|sdk|producer|noop --ops N (run one case
//          in one mode only, for instruction counts under callgrind: see bench/callgrind.sh).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    'round-ms': { type: 'string', default: '40' },
    only: { type: 'string' },
    mode: { type: 'string' },
    ops: { type: 'string' },
    'size-rate': { type: 'string' },
  },
});
const ROUNDS = Number(opts.rounds);
const ROUND_MS = Number(opts['round-ms']);

const { createNoopMeter } = require('@opentelemetry/api');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { CloneInstrumentation, cloneMap, jsonClone, spreadObject } = require('../dist/index.js');
const { unwrapped, isWrapper } = require('../dist/measure.js');
const { cloneMetrics } = require('../dist/recording.js');
const { statewatchMetricProducer } = require('@statewatch/instrumentation-common');

const exporter = new PrometheusExporter({
  preventServerStart: true,
  metricProducers: [statewatchMetricProducer],
});
const provider = new MeterProvider({ readers: [exporter] });
const noopProvider = { getMeter: () => createNoopMeter() };
// Size sampling at its default (1%) unless --size-rate: its cost is part of the instrumented figure.
const baseConfig = opts['size-rate'] === undefined ? {} : { sizeSampleRate: Number(opts['size-rate']) };
const instrumentation = new CloneInstrumentation(baseConfig);
const rfdc = require('rfdc');
const { klona } = require('klona');
const { klona: klonaFull } = require('klona/full');
const lodash = require('lodash');
const fastCopy = require('fast-copy');
if (!isWrapper(globalThis.structuredClone) || !isWrapper(klona) || !isWrapper(lodash.cloneDeep))
  throw new Error('bench setup: libraries not patched');

const DATA = {
  object10: () => ({
    id: 1,
    name: 'widget',
    price: 9.99,
    stock: 120,
    active: true,
    tags: 'a,b',
    sku: 'W-1',
    weight: 0.5,
    color: 'red',
    created: 1700000000000,
  }),
  map1k: () => mapOf(1_000),
  map100k: () => mapOf(100_000),
};
function mapOf(n) {
  return new Map(Array.from({ length: n }, (_, i) => [i, { id: i, name: `item-${i}`, score: i * 0.5 }]));
}

// strategy -> [bare, instrumented, data it applies to]
const rfdcClone = rfdc();
const STRATEGIES = {
  structured_clone: [unwrapped(globalThis.structuredClone), globalThis.structuredClone],
  rfdc: [unwrapped(rfdc)(), rfdcClone],
  klona: [unwrapped(klona), klona],
  'klona/full': [unwrapped(klonaFull), klonaFull],
  lodash: [unwrapped(lodash.cloneDeep), lodash.cloneDeep],
  fast_copy: [unwrapped(fastCopy.copy), fastCopy.copy],
  json: [(v) => JSON.parse(JSON.stringify(v)), (v) => jsonClone(v), ['object10']], // loses a Map
  map_copy: [(m) => new Map(m), (m) => cloneMap(m), ['map1k', 'map100k']],
  spread: [(o) => ({ ...o }), (o) => spreadObject(o), ['object10']],
};
const isWrapped = (fn) => isWrapper(fn) || fn === rfdcClone;
if (!isWrapped(STRATEGIES.rfdc[1])) throw new Error('bench setup: rfdc copier not measured');

function setMode(mode) {
  if (mode === 'bare') return;
  instrumentation.setConfig({ ...baseConfig, recording: mode === 'producer' ? 'producer' : 'sdk' });
  instrumentation.setMeterProvider(mode === 'noop' ? noopProvider : provider);
}

let sink;
/**
 * CPU ns per copy over `ops` copies of `value` (recorder flushed inside the timed region). CPU
 * time of the process, not wall-clock: on a shared 2-core machine the process is often off-CPU,
 * which wall-clock time would charge to whichever phase was running.
 */
function timed(fn, value, ops) {
  const start = process.cpuUsage();
  for (let i = 0; i < ops; i++) sink = fn(value);
  cloneMetrics.flush();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / ops;
}

function phase(mode, strategy, value, ops) {
  setMode(mode);
  const [bare, instrumented] = STRATEGIES[strategy];
  return timed(mode === 'bare' ? bare : instrumented, value, ops);
}

const cases = [];
for (const [strategy, [, , only]] of Object.entries(STRATEGIES))
  for (const data of Object.keys(DATA))
    if (!only || only.includes(data))
      if (!opts.only || opts.only === `${strategy}:${data}`) cases.push([strategy, data]);

if (opts.mode) {
  // One case, one mode (callgrind: run with two --ops values and take the difference).
  const [[strategy, data]] = cases;
  const value = DATA[data]();
  phase(opts.mode, strategy, value, Number(opts.ops ?? 1000));
  process.exit(0);
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const fmt = (ns) =>
  ns >= 1e6
    ? `${(ns / 1e6).toFixed(2)} ms`
    : ns >= 1e3
      ? `${(ns / 1e3).toFixed(2)} µs`
      : `${ns.toFixed(0)} ns`;
const MODES = ['bare', 'sdk', 'producer', 'noop'];
const sizeRate = instrumentation.getConfig().sizeSampleRate;
console.log(
  `node ${process.version}, ${ROUNDS} rounds of ~${ROUND_MS} ms per mode, interleaved, CPU time per copy; ratios are medians of per-round ratios; size sampling ${sizeRate}`,
);
console.log(
  'strategy          data        bare/copy   sdk recording  ratio |    producer  ratio | no provider ratio',
);
const own = {};
for (const [strategy, data] of cases) {
  const value = DATA[data]();
  // Warm-up of every path, then calibrate the copies per round on a warm bare path.
  for (const mode of MODES) phase(mode, strategy, value, 3);
  const probe = phase(
    'bare',
    strategy,
    value,
    Math.max(3, Math.round(1e6 / phase('bare', strategy, value, 3))),
  );
  const ops = Math.max(1, Math.round((ROUND_MS * 1e6) / probe));
  for (const mode of MODES) phase(mode, strategy, value, ops);
  const rounds = data === 'map100k' ? Math.min(ROUNDS, 5) : ROUNDS;
  const r = Object.fromEntries(MODES.map((m) => [m, []]));
  for (let i = 0; i < rounds; i++) for (const mode of MODES) r[mode].push(phase(mode, strategy, value, ops));
  const pair = (m) => median(r[m].map((v, i) => v / r.bare[i]));
  const bare = median(r.bare);
  (own[strategy] ??= {})[data] = bare;
  console.log(
    `${strategy.padEnd(17)} ${data.padEnd(9)} ${fmt(bare).padStart(10)}  ${fmt(median(r.sdk)).padStart(11)}  ${pair('sdk').toFixed(3).padStart(6)} | ${fmt(median(r.producer)).padStart(11)}  ${pair('producer').toFixed(3)} | ${pair('noop').toFixed(3)}`,
  );
}
await exporter.collect();

console.log('\nThe strategies’ own costs (bare, per copy):');
console.log(
  `strategy          ${Object.keys(DATA)
    .map((d) => d.padStart(10))
    .join('  ')}`,
);
for (const [strategy, byData] of Object.entries(own))
  console.log(
    `${strategy.padEnd(17)} ${Object.keys(DATA)
      .map((d) => (byData[d] === undefined ? 'n/a' : fmt(byData[d])).padStart(10))
      .join('  ')}`,
  );
instrumentation.disable();
void sink;
