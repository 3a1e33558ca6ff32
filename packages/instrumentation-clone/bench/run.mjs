// `npm run bench`: every clone strategy on a 10-key object, a 1,000-entry Map and a
// 100,000-entry Map; bare and instrumented in one process, interleaved.
//   bare          the library's own function (or the plain expression)
//   sdk           the patched function (or the manual helper), with a real MeterProvider and a
//                 Prometheus reader: every value is one Histogram.record inside the timed region
//   producer      recording: 'producer': aggregated in process, exactly, reported by
//                 statewatchMetricProducer (given to the reader); no SDK call per copy
//   pass-through  no MeterProvider at all (noop meter): the wrappers only call through
//   clock only    the bare call between two reads of the instrumentation's clock, nothing recorded: the floor
//                 of any instrumentation that times each call
//   A/A           the bare call again, as a mode of its own: its ratio to bare is the noise floor
//                 of this run (a ratio inside its range is not a measured difference)
// Design: per case, the copies per phase are calibrated so that a phase lasts about --phase-ms
// (default 10) and holds at least --min-copies (default 1); a round runs one phase of each mode,
// in an order rotated every round, so the modes of a round share the machine's conditions and
// garbage one phase leaves behind is collected in each of the others equally often. Rounds:
// at least --rounds (default 31), and more until every mode has timed --min-total copies
// (default 31): a 100,000-entry Map, tens of ms per copy, gets 31 rounds of one copy. The ratio
// of a mode is the median of its per-round ratios to the bare phase of the same round; the
// range is the lowest and highest of those ratios.
// Copies of --settle-ms (default 1) or more (the 100,000-entry Maps): the heap is collected
// before each phase, outside the timed region (--expose-gc, which the npm script passes), so a
// phase pays for the garbage of its own copies, not for a 100k-entry Map its predecessor left.
// Without it one major GC decided a whole phase: A/A ratios of 0.6–1.4. Not for small copies:
// a full collection before each ~10 ms phase made their instrumented phases several times
// slower (the optimized wrappers were thrown away), a bench artifact.
// Prints the ratios, the copies timed per mode, and the table of the strategies' own costs.
// Options: --rounds N, --phase-ms N, --min-copies N, --min-total N, --settle-ms N (see above), --size-rate R
//          (sizeSampleRate, default the instrumentation's 0.01), --budget B (overheadBudget: a
//          fraction or exact), --max-interval K (sampling.maxInterval), --only STRATEGY:DATA[,...]
//          (e.g. rfdc:object10), --mode bare|sdk|producer|noop --ops N (run one case in one mode
//          only, for instruction counts under callgrind: see bench/callgrind.sh).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '31' },
    'phase-ms': { type: 'string', default: '10' },
    'min-copies': { type: 'string', default: '1' },
    'min-total': { type: 'string', default: '31' },
    'settle-ms': { type: 'string', default: '1' },
    only: { type: 'string' },
    mode: { type: 'string' },
    ops: { type: 'string' },
    'size-rate': { type: 'string' },
    budget: { type: 'string' },
    'max-interval': { type: 'string' },
  },
});
const ROUNDS = Number(opts.rounds);
const PHASE_MS = Number(opts['phase-ms']);
const MIN_COPIES = Number(opts['min-copies']);
const MIN_TOTAL = Number(opts['min-total']);
const SETTLE_NS = Number(opts['settle-ms']) * 1e6;
const collectGarbage =
  typeof globalThis.gc === 'function'
    ? globalThis.gc
    : () => {
        throw new Error('bench: run node with --expose-gc (npm run bench does)');
      };
/** Set per case: collect the heap before each timed phase. */
let settle = false;

const { createNoopMeter } = require('@opentelemetry/api');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { CloneInstrumentation, cloneMap, jsonClone, spreadObject } = require('../dist/index.js');
const { unwrapped, isWrapper } = require('../dist/measure.js');
const { nowSeconds } = require('../dist/clock.js');
const { statewatchMetricProducer } = require('@statewatch/instrumentation-common');

const exporter = new PrometheusExporter({
  preventServerStart: true,
  metricProducers: [statewatchMetricProducer],
});
const provider = new MeterProvider({ readers: [exporter] });
const noopProvider = { getMeter: () => createNoopMeter() };
// Size sampling at its default (1%) unless --size-rate: its cost is part of the instrumented figure.
// The overhead budget at its default (STATEWATCH_OVERHEAD_BUDGET, else 0.01) unless --budget
// (a fraction or exact); --max-interval caps k (to measure the path at a fixed k).
const baseConfig = {
  ...(opts['size-rate'] === undefined ? {} : { sizeSampleRate: Number(opts['size-rate']) }),
  ...(opts.budget === undefined
    ? {}
    : { overheadBudget: opts.budget === 'exact' ? 'exact' : Number(opts.budget) }),
  ...(opts['max-interval'] === undefined ? {} : { sampling: { maxInterval: Number(opts['max-interval']) } }),
};
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
  if (mode === 'bare' || mode === 'aa' || mode === 'clock') return;
  instrumentation.setConfig({ ...baseConfig, recording: mode === 'producer' ? 'producer' : 'sdk' });
  instrumentation.setMeterProvider(mode === 'noop' ? noopProvider : provider);
}

let sink;
let clockSum = 0;
/** The bare call timed like the wrappers time it (two clock reads), with nothing recorded. */
const clockOnly = Object.fromEntries(
  Object.entries(STRATEGIES).map(([strategy, [bare]]) => [
    strategy,
    function (value) {
      const start = nowSeconds();
      const copy = arguments.length === 1 ? bare.call(this, value) : Reflect.apply(bare, this, arguments);
      clockSum += nowSeconds() - start;
      return copy;
    },
  ]),
);
/**
 * CPU ns per copy over `ops` copies of `value`. CPU
 * time of the process, not wall-clock: on a shared 2-core machine the process is often off-CPU,
 * which wall-clock time would charge to whichever phase was running.
 */
function timed(fn, value, ops) {
  const start = process.cpuUsage();
  for (let i = 0; i < ops; i++) sink = fn(value);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / ops;
}

function phase(mode, strategy, value, ops) {
  setMode(mode);
  if (settle) {
    sink = undefined;
    collectGarbage();
  }
  const [bare, instrumented] = STRATEGIES[strategy];
  if (mode === 'clock') return timed(clockOnly[strategy], value, ops);
  return timed(mode === 'bare' || mode === 'aa' ? bare : instrumented, value, ops);
}

const cases = [];
for (const [strategy, [, , only]] of Object.entries(STRATEGIES))
  for (const data of Object.keys(DATA))
    if (!only || only.includes(data))
      if (!opts.only || opts.only.split(',').includes(`${strategy}:${data}`)) cases.push([strategy, data]);

if (opts.mode) {
  // One case, one mode (callgrind: run with two --ops values and take the difference).
  const [[strategy, data]] = cases;
  const value = DATA[data]();
  phase(opts.mode, strategy, value, Number(opts.ops ?? 1000));
  // The sampling interval the copies ended at (1: every copy timed), for the record.
  const target = instrumentation._gate?.metrics.target(strategy.split('/')[0]);
  if (target && opts.mode !== 'bare' && opts.mode !== 'clock')
    process.stderr.write(`sampling interval: ${target.sampler.interval}\n`);
  process.exit(0);
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ns) =>
  ns >= 1e6
    ? `${(ns / 1e6).toFixed(2)} ms`
    : ns >= 1e3
      ? `${(ns / 1e3).toFixed(2)} µs`
      : `${ns.toFixed(0)} ns`;
const MODES = ['bare', 'sdk', 'producer', 'noop', 'clock', 'aa'];
const sizeRate = instrumentation.getConfig().sizeSampleRate;
console.log(
  `node ${process.version}; a round = one phase per mode (order rotated), each ~${PHASE_MS} ms and ≥ ${MIN_COPIES} copies; ≥ ${ROUNDS} rounds and ≥ ${MIN_TOTAL} copies per mode; heap collected before each phase of copies ≥ ${SETTLE_NS / 1e6} ms (marked *); CPU time per copy`,
);
console.log(
  `ratio = median of per-round ratios to bare, [lowest–highest]; size sampling ${sizeRate}; copies = copies timed per mode`,
);
console.log(
  'strategy          data         copies   bare/copy |   sdk/copy  ratio [range]        |   producer  ratio [range]        | no provider ratio [range] | clock only ratio [range] | A/A ratio [range]',
);
const own = {};
for (const [strategy, data] of cases) {
  const value = DATA[data]();
  settle = false;
  // Warm-up of every path, then calibrate the copies per phase on a warm bare path.
  for (const mode of MODES) phase(mode, strategy, value, 3);
  const probe = phase(
    'bare',
    strategy,
    value,
    Math.max(3, Math.round(1e6 / phase('bare', strategy, value, 3))),
  );
  const ops = Math.max(MIN_COPIES, Math.round((PHASE_MS * 1e6) / probe));
  settle = probe >= SETTLE_NS;
  const rounds = Math.max(ROUNDS, Math.ceil(MIN_TOTAL / ops));
  for (const mode of MODES) phase(mode, strategy, value, ops);
  const r = Object.fromEntries(MODES.map((m) => [m, []]));
  for (let i = 0; i < rounds; i++)
    for (let k = 0; k < MODES.length; k++) {
      const mode = MODES[(i + k) % MODES.length];
      r[mode].push(phase(mode, strategy, value, ops));
    }
  const ratios = (m) => r[m].map((v, i) => v / r.bare[i]);
  const show = (m) => {
    const x = ratios(m);
    return `${median(x).toFixed(3)} [${Math.min(...x).toFixed(2)}–${Math.max(...x).toFixed(2)}]`.padEnd(20);
  };
  const bare = median(r.bare);
  (own[strategy] ??= {})[data] = bare;
  console.log(
    `${strategy.padEnd(17)} ${(data + (settle ? '*' : '')).padEnd(9)} ${String(rounds * ops).padStart(9)}  ${fmt(bare).padStart(10)} | ${fmt(median(r.sdk)).padStart(10)}  ${show('sdk')} | ${fmt(median(r.producer)).padStart(10)}  ${show('producer')} | ${show('noop')}      | ${show('clock')}       | ${show('aa')}`,
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
void clockSum;
