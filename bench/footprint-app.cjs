// One process of the footprint benchmark.
// `node footprint-app.cjs <bare|sdk|sdk-instrumentation|statewatch> <port>`: `sdk` sets up the
// OpenTelemetry SDK and Prometheus exporter itself; `sdk-instrumentation` also loads
// @opentelemetry/instrumentation (the module-patching base statewatch's instrumentations build
// on); `statewatch` is started with `--require @statewatch/node/register` (same SDK and exporter,
// plus statewatch). All run the same small workload, then report the live heap after full GCs.
const v8 = require('node:v8');

async function main() {
  const [mode, port] = process.argv.slice(2);
  if (mode === 'sdk' || mode === 'sdk-instrumentation') {
    const { metrics } = require('@opentelemetry/api');
    const { MeterProvider } = require('@opentelemetry/sdk-metrics');
    const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
    const exporter = new PrometheusExporter({ host: '127.0.0.1', port: Number(port) });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
    if (mode === 'sdk-instrumentation') require('@opentelemetry/instrumentation');
  }
  // The workload touches every instrumented path: async-mutex, structuredClone, allocation.
  const { Mutex, Semaphore } = require('async-mutex');
  const mutex = new Mutex();
  const semaphore = new Semaphore(2);
  const map = new Map(Array.from({ length: 1000 }, (_, i) => [`k${i}`, { i }]));
  for (let i = 0; i < 200; i++) {
    await Promise.all([
      mutex.runExclusive(() => structuredClone(map)),
      semaphore.runExclusive(async () => i),
    ]);
  }
  const garbage = [];
  for (let i = 0; i < 2e5; i++) garbage.push({ i, s: `x${i}` });
  garbage.length = 0;
  if (mode !== 'bare') await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stdout.write(`${JSON.stringify({ mode, heapUsed: v8.getHeapStatistics().used_heap_size })}\n`);
  process.exit(0);
}

main();
