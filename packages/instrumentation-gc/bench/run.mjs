// `npm run bench`: a GC-heavy workload run bare and with GcInstrumentation, phase after phase in
// one process, printing the CPU-time ratio (instrumented / bare). Re-runs itself with
// --expose-gc so that each phase starts after a full GC (the same heap for both).
//   BENCH_ROUNDS (default 12 pairs), BENCH_ITERATIONS (work units per phase, default 60000),
//   BENCH_HEAP_STATISTICS=0 to run without v8.GCProfiler.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';

if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-semi-space-size=1', fileURLToPath(import.meta.url)],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}

const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
const { GcInstrumentation } = await import('@statewatch/instrumentation-gc');
const { requestLike } = await import('./workload.mjs');

class CollectingReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 12);
const iterations = Number(process.env.BENCH_ITERATIONS ?? 60_000);
const reader = new CollectingReader();
const provider = new MeterProvider({ readers: [reader] });
const gcInstrumentation = new GcInstrumentation({
  enabled: false,
  heapStatistics: process.env.BENCH_HEAP_STATISTICS !== '0',
});
gcInstrumentation.setMeterProvider(provider);

let gcs = 0;
const counter = new PerformanceObserver((list) => (gcs += list.getEntries().length));
counter.observe({ type: 'gc' });

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function phase(instrumented) {
  globalThis.gc();
  await settle();
  if (instrumented) gcInstrumentation.enable();
  const gcsBefore = gcs;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  // In slices with a turn of the event loop between them, as a service would run.
  for (let done = 0; done < iterations; done += 2000) {
    requestLike(2000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await reader.collect(); // one scrape per phase
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  if (instrumented) gcInstrumentation.disable();
  await settle();
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: wall, gcs: gcs - gcsBefore };
}

// warm-up: JIT, heap sizing
await phase(false);
await phase(true);

const ratios = [];
let bareCpu = 0,
  instrumentedCpu = 0,
  bareGcs = 0,
  bareWall = 0;
for (let r = 0; r < rounds; r++) {
  // alternate the order so drift in machine load does not favour one side
  const first = r % 2 === 0;
  const a = await phase(!first);
  const b = await phase(first);
  const bare = first ? b : a;
  const instrumented = first ? a : b;
  ratios.push(instrumented.cpuMs / bare.cpuMs);
  bareCpu += bare.cpuMs;
  instrumentedCpu += instrumented.cpuMs;
  bareGcs += bare.gcs;
  bareWall += bare.wallMs;
}
counter.disconnect();
await provider.shutdown();

ratios.sort((x, y) => x - y);
const median = ratios[Math.floor(ratios.length / 2)];
console.log(
  `gc bench (Node ${process.version}, ${rounds} pairs × ${iterations} work units, heapStatistics ${
    process.env.BENCH_HEAP_STATISTICS !== '0'
  }, allocation source ${gcInstrumentation.allocationSource})`,
);
console.log(`  GCs per second (bare): ${((bareGcs / bareWall) * 1000).toFixed(0)}`);
console.log(
  `  CPU per phase: bare ${(bareCpu / rounds).toFixed(0)} ms, instrumented ${(instrumentedCpu / rounds).toFixed(0)} ms`,
);
console.log(
  `  pair ratios: min ${ratios[0].toFixed(3)}, median ${median.toFixed(3)}, max ${ratios[ratios.length - 1].toFixed(3)}`,
);
console.log(`CPU-time ratio (instrumented / bare): ${(instrumentedCpu / bareCpu).toFixed(3)}`);
