// `npm run bench`: async-mutex bare vs instrumented, in one process, phases interleaved, CPU time.
//   uncontended: `await mutex.acquire()` then release, one caller
//   contended:   100 callers looping on one mutex (acquire, release), total throughput
// The instrumented phases run with a real MeterProvider and a Prometheus reader attached, and
// include the SDK cost: every buffered duration is handed to Histogram.record when a buffer fills
// (inside the measured loop) and one collection runs at the end of each phase.
// Variant "own cost": the same with no MeterProvider (noop meter), i.e. statewatch's hot path alone.
// Mode "A/A": the bare copy once more, timed like another mode: the noise floor of the run.
// The order of the modes rotates from round to round, and each phase starts after a full GC
// (untimed), so no phase pays for the old-space garbage of the one before; the scavenges of its own
// garbage are charged to it.
// Options: --rounds N (default 7), --ops N (default 200000), --only uncontended|contended,
//          --mode bare|sdk|noop|producer (run one mode only, for instruction counts under callgrind),
//          --recording producer (the exact path: in-process aggregation read by
//          the instrumentation's metric producer; run by the main process as a child, mode "producer"),
//          --overhead-budget F|exact, --max-interval K, --sampling-window MS (the timing sampler;
//          default: the instrumentation's defaults, as an application gets them). A tiny budget
//          with --max-interval K forces 1 in K acquisitions timed (what callgrind.sh's kK modes do:
//          under valgrind the clock runs ~50× slower than the code would, so the adaptive interval
//          would not be the one a real run reaches).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    ops: { type: 'string', default: '200000' },
    only: { type: 'string' },
    mode: { type: 'string' },
    recording: { type: 'string', default: 'sdk' },
    'overhead-budget': { type: 'string' },
    'max-interval': { type: 'string' },
    'sampling-window': { type: 'string' },
  },
});
const budgetOption = opts['overhead-budget'];
const samplingConfig = {
  ...(budgetOption === undefined
    ? {}
    : { overheadBudget: budgetOption === 'exact' ? 'exact' : Number(budgetOption) }),
  ...(opts['max-interval'] === undefined && opts['sampling-window'] === undefined
    ? {}
    : {
        sampling: {
          ...(opts['max-interval'] === undefined ? {} : { maxInterval: Number(opts['max-interval']) }),
          ...(opts['sampling-window'] === undefined ? {} : { windowMs: Number(opts['sampling-window']) }),
        },
      }),
};
const samplingArgs = ['overhead-budget', 'max-interval', 'sampling-window'].flatMap((k) =>
  opts[k] === undefined ? [] : [`--${k}`, opts[k]],
);
const PRODUCER = opts.recording === 'producer';
const ROUNDS = Number(opts.rounds);
const OPS = Number(opts.ops);
const WAITERS = 100;

const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { LockInstrumentation, isWrapped, nameLock } = require('../dist/index.js');

// Two copies of async-mutex: one loaded before the instrumentation exists (bare, never touched),
// one loaded after it (patched). Toggling the patches on one copy instead would redefine the
// prototype methods between phases and slow down both phases alike.
const { Mutex: BareMutex } = require('async-mutex');
for (const key of Object.keys(require.cache))
  if (key.includes('/node_modules/async-mutex/')) delete require.cache[key];
const instrumentation = new LockInstrumentation({
  webLocks: false,
  recording: PRODUCER ? 'producer' : 'sdk',
  ...samplingConfig,
});
const exporter = new PrometheusExporter({
  preventServerStart: true,
  metricProducers: PRODUCER ? [instrumentation.getMetricProducer()] : [],
});
const provider = new MeterProvider({ readers: [exporter] });
const { Mutex: InstrumentedMutex } = require('async-mutex');
if (BareMutex === InstrumentedMutex || !isWrapped(InstrumentedMutex.prototype.acquire))
  throw new Error('bench setup: no patched copy');
const noopProvider = { getMeter: () => require('@opentelemetry/api').createNoopMeter() };

let Mutex = BareMutex;
function setMode(mode) {
  // 'aa': the bare copy again, as if it were another mode: the run's noise floor.
  Mutex = mode === 'bare' || mode === 'aa' ? BareMutex : InstrumentedMutex;
  if (mode === 'sdk' || mode === 'noop')
    instrumentation.setMeterProvider(mode === 'sdk' ? provider : noopProvider);
}

/** The sampling interval each bench lock reached (the gauge), for the printout. */
function intervals() {
  const m = instrumentation.lockMetrics;
  return ['bench-uncontended', 'bench-contended']
    .map((name) => `${name} 1 in ${m.series(name, 'mutex').sampler.interval}`)
    .join(', ');
}

async function uncontended(ops) {
  const mutex = nameLock(new Mutex(), 'bench-uncontended');
  for (let i = 0; i < ops; i++) {
    const release = await mutex.acquire();
    release();
  }
}

async function contended(ops) {
  const mutex = nameLock(new Mutex(), 'bench-contended');
  const perWaiter = Math.ceil(ops / WAITERS);
  const worker = async () => {
    for (let i = 0; i < perWaiter; i++) {
      const release = await mutex.acquire();
      release();
    }
  };
  await Promise.all(Array.from({ length: WAITERS }, worker));
}

const workloads = { uncontended, contended };

/**
 * CPU ns per acquire+release. CPU time of the process, not wall-clock: on a shared 2-core machine
 * the process is often off-CPU, which wall-clock time would charge to whichever phase was running.
 */
async function phase(mode, workload) {
  setMode(mode);
  gc();
  const start = process.cpuUsage();
  await workloads[workload](OPS);
  if (mode === 'sdk' || mode === 'producer') await exporter.collect();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / OPS;
}

/** Round i starts with a different mode: no mode always runs first, or right after another. */
const rotate = (modes, i) => modes.map((_, k) => modes[(k + i) % modes.length]);
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const names = opts.only ? [opts.only] : Object.keys(workloads);

if (opts.mode) {
  // One mode only (for callgrind: run with two --ops values and take the difference).
  for (const w of names) await phase(opts.mode, w);
  process.exit(0);
}

if (PRODUCER) {
  // Child of the main run: bare vs the exact path, in this process.
  for (const w of names) {
    await phase('bare', w);
    await phase('producer', w);
    const r = { bare: [], producer: [], aa: [] };
    for (let i = 0; i < ROUNDS; i++)
      for (const mode of rotate(['bare', 'producer', 'aa'], i)) r[mode].push(await phase(mode, w));
    const pair = (m) => median(r[m].map((v, i) => v / r.bare[i]));
    console.log(
      `${w.padEnd(12)} bare ${median(r.bare).toFixed(0)} ns/op | producer ${median(r.producer).toFixed(0)} ns/op, ratio ${pair('producer').toFixed(2)} | A/A (noise) ${pair('aa').toFixed(2)}`,
    );
  }
  console.log(`timed: ${intervals()} acquisitions`);
  process.exit(0);
}

console.log(
  `node ${process.version}, ${OPS} acquire+release per phase, ${ROUNDS} rounds (median of per-round ratios), CPU time, ${WAITERS} waiters when contended`,
);
console.log("recording: 'sdk' (default; every duration is one Histogram.record)");
for (const w of names) {
  await phase('bare', w); // warm-up of every path
  await phase('sdk', w);
  await phase('noop', w);
  const r = { bare: [], sdk: [], noop: [], aa: [] };
  for (let i = 0; i < ROUNDS; i++)
    for (const mode of rotate(['bare', 'sdk', 'noop', 'aa'], i)) r[mode].push(await phase(mode, w));
  // Pairwise ratios in the same round cancel slow drifts of the machine.
  const pair = (m) => median(r[m].map((v, i) => v / r.bare[i]));
  console.log(
    `${w.padEnd(12)} bare ${median(r.bare).toFixed(0)} ns/op | instrumented ${median(r.sdk).toFixed(0)} ns/op, ratio ${pair('sdk').toFixed(2)} | own cost only (noop meter) ${median(r.noop).toFixed(0)} ns/op, ratio ${pair('noop').toFixed(2)} | A/A (noise) ${pair('aa').toFixed(2)}`,
  );
}
console.log(`timed: ${intervals()} acquisitions`);
instrumentation.disable();
console.log(
  "recording: 'producer' (exact in-process aggregation, the instrumentation's producer on the reader)",
);
const { execFileSync } = await import('node:child_process');
const args = [
  new URL(import.meta.url).pathname,
  '--recording',
  'producer',
  '--rounds',
  String(ROUNDS),
  '--ops',
  String(OPS),
];
if (opts.only) args.push('--only', opts.only);
args.push(...samplingArgs);
process.stdout.write(execFileSync(process.execPath, args, { encoding: 'utf8' }));
