// One library, one mode, N tasks, then exit: the single run bench/libraries-callgrind.sh counts
// instructions of (the tasks are those of bench/libraries.mjs, one caller, nothing contended).
//   p-limit:    `await limit(() => undefined)`, concurrency 1 (3.1.0, CommonJS)
//   async-sema: `await sema.acquire(); sema.release()`, 1 token (3.1.1)
//   async-lock: `await lock.acquire('k', () => undefined)` (1.5.0)
//   p-queue:    `await queue.add(() => undefined)`, concurrency 1 (6.6.2, CommonJS)
//   bottleneck: `await limiter.schedule(() => Promise.resolve())`, maxConcurrent 1, no minTime (2.19.5)
// Modes: bare (the alias directory, which the instrumentation does not match), sdk (recording 'sdk'
// with a real MeterProvider and a Prometheus reader), producer (recording 'producer', what
// @statewatch/node uses; default timing samples), exact (producer, overheadBudget 'exact': every
// task timed), kK (producer with 1 in K tasks timed: a tiny budget, maxInterval K, a 100 ms window;
// under valgrind the clock runs ~50× slower than the code would, so producer's adaptive interval
// stays near 1 and times nearly every task, as exact does). Instrumented modes load the same files copied to a temp node_modules/<library>,
// required after the instrumentation is enabled. Every mode builds the same instrumentation and
// ends with one collection, which checks the acquisitions counted: 0 for bare, N otherwise.
// Usage: node bench/library-task.mjs --library p-limit --mode sdk --ops 10000
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    library: { type: 'string' },
    mode: { type: 'string', default: 'bare' },
    ops: { type: 'string', default: '10000' },
  },
});
const OPS = Number(opts.ops);
const ROOT = resolve(import.meta.dirname, '../../../node_modules');

// library: [alias directory, dependencies copied beside it (p-queue 6 carries its own), the task]
const LIBRARIES = {
  'p-limit': [
    'p-limit-v3-newest',
    ['yocto-queue'],
    async (pLimit, ops) => {
      const limit = pLimit(1);
      for (let i = 0; i < ops; i++) await limit(() => undefined);
    },
  ],
  'async-sema': [
    'async-sema-v3-newest',
    [],
    async ({ Sema }, ops) => {
      const sema = new Sema(1);
      for (let i = 0; i < ops; i++) {
        await sema.acquire();
        sema.release();
      }
    },
  ],
  'async-lock': [
    'async-lock-v1-newest',
    [],
    async (AsyncLock, ops) => {
      const lock = new AsyncLock();
      for (let i = 0; i < ops; i++) await lock.acquire('k', () => undefined);
    },
  ],
  'p-queue': [
    'p-queue-v6-newest',
    ['p-finally'],
    async ({ default: PQueue }, ops) => {
      const queue = new PQueue({ concurrency: 1 });
      for (let i = 0; i < ops; i++) await queue.add(() => undefined);
    },
  ],
  bottleneck: [
    'bottleneck-v2-newest',
    [],
    async (Bottleneck, ops) => {
      const limiter = new Bottleneck({ maxConcurrent: 1 });
      for (let i = 0; i < ops; i++) await limiter.schedule(() => Promise.resolve());
    },
  ],
};
const MODES = {
  bare: { recording: 'sdk' },
  sdk: { recording: 'sdk' },
  producer: { recording: 'producer' },
  exact: { recording: 'producer', overheadBudget: 'exact' },
};
if (!(opts.library in LIBRARIES)) throw new Error(`--library: one of ${Object.keys(LIBRARIES).join(', ')}`);
const forced = /^k([0-9]+)$/.exec(opts.mode);
if (forced)
  MODES[opts.mode] = {
    recording: 'producer',
    overheadBudget: 0.000001,
    sampling: { maxInterval: Number(forced[1]), windowMs: 100 },
  };
if (!(opts.mode in MODES)) throw new Error(`--mode: one of ${Object.keys(MODES).join(', ')} or kK`);
const [alias, deps, task] = LIBRARIES[opts.library];
const config = MODES[opts.mode];

const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { LockInstrumentation } = require('../dist/index.js');
const instrumentation = new LockInstrumentation({ webLocks: false, ...config });
const exporter = new PrometheusExporter({
  preventServerStart: true,
  metricProducers: config.recording === 'producer' ? [instrumentation.getMetricProducer()] : [],
});
instrumentation.setMeterProvider(new MeterProvider({ readers: [exporter] }));

function load() {
  if (opts.mode === 'bare') return require(join(ROOT, alias));
  const home = mkdtempSync(join(tmpdir(), 'lock-bench-'));
  try {
    for (const [name, from] of [[opts.library, alias], ...deps.map((d) => [d, d])])
      cpSync(join(ROOT, from), join(home, 'node_modules', name), { recursive: true, dereference: true });
    return require(require.resolve(opts.library, { paths: [home] }));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

await task(load(), OPS);
const { resourceMetrics } = await exporter.collect();
const points = (name) =>
  resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints);
const acquisitions = points('statewatch.lock.acquisitions').reduce((sum, p) => sum + p.value, 0);
// The sampling interval reached (1 in k tasks timed), for the printout.
const intervals = points('statewatch.lock.sampling.interval').map((p) => p.value);
const expected = opts.mode === 'bare' ? 0 : OPS;
if (acquisitions !== expected)
  throw new Error(`bench setup: ${acquisitions} acquisitions counted, ${expected} expected`);
console.log(
  `${opts.library} ${opts.mode}: ${OPS} tasks, ${acquisitions} acquisitions counted` +
    (intervals.length ? `, sampling interval ${intervals.join(', ')}` : ''),
);
