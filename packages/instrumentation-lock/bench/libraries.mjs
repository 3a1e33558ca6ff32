// `npm run bench:libraries`: p-limit, async-sema, async-lock and p-queue, bare vs instrumented, per task,
// in CPU time (process.cpuUsage), one process, phases interleaved, each after a full GC.
//   p-limit:    `await limit(() => undefined)`, concurrency 1, one caller (3.1.0, CommonJS)
//   async-sema: `await sema.acquire(); sema.release()`, 1 token, one caller (3.1.1)
//   async-lock: `await lock.acquire('k', () => undefined)`, one caller (1.5.0)
//   p-queue:    `await queue.add(() => undefined)`, concurrency 1, one caller (6.6.2, CommonJS)
//   bottleneck: `await limiter.schedule(() => undefined)`, maxConcurrent 1, one caller (2.19.5; below)
// Bare: the release as installed (an alias directory the instrumentation does not match).
// Instrumented: the same files copied to node_modules/<library> and required after the
// instrumentation was enabled with a real MeterProvider and a Prometheus reader (SDK recording).
// Options: --rounds N (default 5), --ops N (default 50000), --recording sdk|producer (the
// exact in-process aggregation @statewatch/node uses).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    ops: { type: 'string', default: '50000' },
    recording: { type: 'string', default: 'sdk' },
  },
});
const ROUNDS = Number(opts.rounds);
const OPS = Number(opts.ops);
const ROOT = resolve(import.meta.dirname, '../../../node_modules');

const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { LockInstrumentation, isWrapped } = require('../dist/index.js');

const LIBRARIES = [
  ['p-limit', 'p-limit-v3-newest', ['yocto-queue']],
  ['async-sema', 'async-sema-v3-newest', []],
  ['async-lock', 'async-lock-v1-newest', []],
  ['p-queue', 'p-queue-v6-newest', ['p-finally']],
];
const bare = Object.fromEntries(LIBRARIES.map(([lib, alias]) => [lib, require(join(ROOT, alias))]));
const PRODUCER = opts.recording === 'producer';
const instrumentation = new LockInstrumentation({
  webLocks: false,
  recording: PRODUCER ? 'producer' : 'sdk',
});
const exporter = new PrometheusExporter({
  preventServerStart: true,
  metricProducers: PRODUCER ? [instrumentation.getMetricProducer()] : [],
});
instrumentation.setMeterProvider(new MeterProvider({ readers: [exporter] }));
const home = mkdtempSync(join(tmpdir(), 'lock-bench-'));
const instrumented = {};
for (const [lib, alias, deps] of LIBRARIES) {
  for (const [name, from] of [[lib, alias], ...deps.map((d) => [d, d])])
    cpSync(join(ROOT, from), join(home, 'node_modules', name), { recursive: true, dereference: true });
  instrumented[lib] = require(require.resolve(lib, { paths: [home] }));
}
rmSync(home, { recursive: true, force: true });
if (!isWrapped(instrumented['async-sema'].Sema.prototype.acquire))
  throw new Error('bench setup: not patched');

const tasks = {
  'p-limit': async (pLimit, ops) => {
    const limit = pLimit(1);
    for (let i = 0; i < ops; i++) await limit(() => undefined);
  },
  'async-sema': async ({ Sema }, ops) => {
    const sema = new Sema(1);
    for (let i = 0; i < ops; i++) {
      await sema.acquire();
      sema.release();
    }
  },
  'p-queue': async ({ default: PQueue }, ops) => {
    const queue = new PQueue({ concurrency: 1 });
    for (let i = 0; i < ops; i++) await queue.add(() => undefined);
  },
  'async-lock': async (AsyncLock, ops) => {
    const lock = new AsyncLock();
    for (let i = 0; i < ops; i++) await lock.acquire('k', () => undefined);
  },
};

async function phase(lib, module) {
  gc();
  const start = process.cpuUsage();
  await tasks[lib](module, OPS);
  const used = process.cpuUsage(start);
  await exporter.collect();
  return ((used.user + used.system) * 1e3) / OPS; // ns per task
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `node ${process.version}, recording ${opts.recording}, ${OPS} tasks per phase, ${ROUNDS} rounds, CPU ns per task (median)`,
);
console.log('library      bare ns  instrumented ns  ratio');

/**
 * One warm-up phase of each, then ROUNDS rounds with the order alternating; prints the medians
 * (CPU ns per task) and their ratio.
 */
async function compare(label, bareRun, instrumentedRun) {
  await bareRun();
  await instrumentedRun();
  const b = [];
  const s = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      b.push(await bareRun());
      s.push(await instrumentedRun());
    } else {
      s.push(await instrumentedRun());
      b.push(await bareRun());
    }
  }
  const [mb, ms] = [median(b), median(s)];
  console.log(
    `${label.padEnd(12)} ${mb.toFixed(0).padStart(7)}  ${ms.toFixed(0).padStart(15)}  ${(ms / mb).toFixed(2)}`,
  );
}

for (const [lib] of LIBRARIES)
  await compare(
    lib,
    () => phase(lib, bare[lib]),
    () => phase(lib, instrumented[lib]),
  );

// redlock (4.2.0 and 5.0.0-beta2), `await acquire; await release` of one key, against three real
// Redis servers on loopback (redis-server; skipped when it is not installed). Mostly Redis round
// trips and ioredis: the CPU time per acquire+release is the client's, bare and instrumented alike.
const { haveRedisServer, startRedisServers } = require('../../../test/utils/redis-server.cjs');
if (!haveRedisServer()) console.log('redlock: skipped (redis-server is not installed)');
else {
  const Redis = require('ioredis');
  const servers = await startRedisServers(3);
  const clients = servers.map((s) => new Redis(s.port, '127.0.0.1'));
  const REDLOCK_OPS = Math.max(1, Math.round(OPS / 25));
  const releases = [
    ['redlock 4.2.0', 'redlock-v4-newest', ['bluebird'], (r) => r.lock('bench', 1000), (l) => l.unlock()],
    [
      'redlock 5-b2',
      'redlock-v5-newest',
      ['node-abort-controller'],
      (r) => r.acquire(['bench'], 1000),
      (l) => l.release(),
    ],
  ];
  console.log(`redlock: ${REDLOCK_OPS} acquire+release per phase, 3 Redis servers (quorum 2)`);
  try {
    for (const [label, alias, deps, acquire, release] of releases) {
      const dir = mkdtempSync(join(tmpdir(), 'lock-bench-redlock-'));
      for (const [name, from] of [['redlock', alias], ...deps.map((d) => [d, d])])
        cpSync(join(ROOT, from), join(dir, 'node_modules', name), { recursive: true, dereference: true });
      const classOf = (m) => (typeof m === 'function' ? m : m.default);
      const Bare = classOf(require(join(ROOT, alias)));
      const Instrumented = classOf(require(require.resolve('redlock', { paths: [dir] })));
      rmSync(dir, { recursive: true, force: true });
      if (!isWrapped(Instrumented.prototype.extend)) throw new Error('bench setup: redlock not patched');
      const task = async (Redlock, ops) => {
        const redlock = new Redlock(clients, { retryCount: 0 });
        for (let i = 0; i < ops; i++) await release(await acquire(redlock));
      };
      const run = async (Redlock) => {
        gc();
        const start = process.cpuUsage();
        await task(Redlock, REDLOCK_OPS);
        const used = process.cpuUsage(start);
        await exporter.collect();
        return ((used.user + used.system) * 1e3) / REDLOCK_OPS;
      };
      await compare(
        label,
        () => run(Bare),
        () => run(Instrumented),
      );
    }
  } finally {
    for (const c of clients) c.disconnect();
    await Promise.all(servers.map((s) => s.stop()));
  }
}

// bottleneck 2.19.5, `await limiter.schedule(() => undefined)`, maxConcurrent 1, one caller.
// Each job takes the library's setTimeout(0) turns (submit, register, free: ≥ 3 ms of wall time),
// so it runs OPS / 25 jobs per phase; CPU time per job, like the rows above.
{
  const BOTTLENECK_OPS = Math.max(1, Math.round(OPS / 25));
  const dir = mkdtempSync(join(tmpdir(), 'lock-bench-bottleneck-'));
  cpSync(join(ROOT, 'bottleneck-v2-newest'), join(dir, 'node_modules', 'bottleneck'), {
    recursive: true,
    dereference: true,
  });
  const Bare = require(join(ROOT, 'bottleneck-v2-newest'));
  const Instrumented = require(require.resolve('bottleneck', { paths: [dir] }));
  rmSync(dir, { recursive: true, force: true });
  if (!isWrapped(Instrumented.prototype._receive)) throw new Error('bench setup: bottleneck not patched');
  const run = async (Bottleneck) => {
    const limiter = new Bottleneck({ maxConcurrent: 1 });
    gc();
    const start = process.cpuUsage();
    for (let i = 0; i < BOTTLENECK_OPS; i++) await limiter.schedule(() => undefined);
    const used = process.cpuUsage(start);
    await exporter.collect();
    return ((used.user + used.system) * 1e3) / BOTTLENECK_OPS;
  };
  console.log(`bottleneck: ${BOTTLENECK_OPS} jobs per phase`);
  await compare(
    'bottleneck',
    () => run(Bare),
    () => run(Instrumented),
  );
}
