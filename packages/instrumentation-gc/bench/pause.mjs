// Pause added per GC: the same request-like workload (1 MB semi-space) in a child process per
// mode, under `--trace-gc-nvp`. Each child sums Node's own `gc` entry durations (an independent
// observer); V8 prints its own pause per GC. A GC callback run inside the pause (as
// v8.GCProfiler's is) lengthens Node's entries and shows as added ms per GC against `bare`.
//   node bench/pause.mjs [runs per mode, default 3]
// Modes: bare, statewatch (default config), gcprofiler (a v8.GCProfiler rotated at every observer
// batch, what statewatch did before), runtime-node (@opentelemetry/instrumentation-runtime-node).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODES = ['bare', 'statewatch', 'gcprofiler', 'runtime-node'];

if (process.argv[2] === '--child') {
  const mode = process.argv[3];
  const { PerformanceObserver, performance } = await import('node:perf_hooks');
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
  const { requestLike } = await import('./workload.mjs');
  class CollectingReader extends MetricReader {
    async onForceFlush() {}
    async onShutdown() {}
  }
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  let stop = () => {};
  if (mode === 'statewatch') {
    const { GcInstrumentation } = await import('@statewatch/instrumentation-gc');
    const gc = new GcInstrumentation();
    gc.setMeterProvider(provider);
    stop = () => gc.disable();
  } else if (mode === 'runtime-node') {
    const { RuntimeNodeInstrumentation } = await import('@opentelemetry/instrumentation-runtime-node');
    const rt = new RuntimeNodeInstrumentation();
    rt.setMeterProvider(provider);
    stop = () => rt.disable();
  } else if (mode === 'gcprofiler') {
    const { GCProfiler } = await import('node:v8');
    let profiler = new GCProfiler();
    profiler.start();
    const rotate = new PerformanceObserver(() => {
      const next = new GCProfiler();
      next.start();
      profiler.stop();
      profiler = next;
    });
    rotate.observe({ type: 'gc' });
    stop = () => {
      rotate.disconnect();
      profiler.stop();
    };
  }
  let nodeMs = 0;
  let entries = 0;
  const independent = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      nodeMs += e.duration;
      entries++;
    }
  });
  independent.observe({ type: 'gc' });
  const t0 = performance.now();
  for (let done = 0; done < 300_000; done += 2000) {
    requestLike(2000);
    await new Promise((resolve) => setImmediate(resolve));
    if (done % 40_000 === 0) await reader.collect();
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  independent.disconnect();
  stop();
  process.stderr.write(`${JSON.stringify({ nodeMs, entries, wallMs: performance.now() - t0 })}\n`);
  process.exit(0);
}

const V8_PAUSE = /pause=([\d.]+) |"pause":([\d.]+)/;
const runs = Number(process.argv[2] ?? 3);
const self = fileURLToPath(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'statewatch-gc-pause-'));
const results = Object.fromEntries(MODES.map((m) => [m, []]));
try {
  for (let r = 0; r < runs; r++)
    for (const mode of r % 2 === 0 ? MODES : [...MODES].reverse()) {
      const out = join(dir, `${mode}.${r}.txt`);
      const fd = openSync(out, 'w');
      const child = spawnSync(
        process.execPath,
        ['--trace-gc-nvp', '--max-semi-space-size=1', self, '--child', mode],
        { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' },
      );
      closeSync(fd);
      if (child.status !== 0) throw new Error(`${mode}: ${child.stderr}`);
      const node = JSON.parse(child.stderr.trim().split('\n').pop());
      let v8Ms = 0;
      let gcs = 0;
      for (const line of readFileSync(out, 'utf8').split('\n')) {
        const m = V8_PAUSE.exec(line);
        if (m) {
          v8Ms += Number(m[1] ?? m[2]);
          gcs++;
        }
      }
      results[mode].push({ ...node, v8Ms, gcs });
    }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Node's entries include incremental-marking and weak-callback steps V8 prints no line for: the
// excess is per V8 GC line.
const excess = (r) => (r.nodeMs - r.v8Ms) / r.gcs;
const bare = median(results.bare.map(excess));
console.log(
  `gc pause bench (Node ${process.version}, ${runs} runs per mode, 300,000 work units, 1 MB semi-space)`,
);
console.log('mode          V8 GCs   V8 ms/GC   (Node - V8) ms/GC   added vs bare ms/GC');
for (const mode of MODES) {
  const rs = results[mode];
  const v8 = median(rs.map((r) => r.v8Ms / r.gcs));
  const gcs = median(rs.map((r) => r.gcs));
  const own = median(rs.map(excess));
  const cells = [String(gcs).padStart(6), v8.toFixed(4).padStart(8), own.toFixed(4).padStart(17)];
  console.log(`${mode.padEnd(12)}  ${cells.join('   ')}   ${(own - bare).toFixed(4).padStart(19)}`);
}
