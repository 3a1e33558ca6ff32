// One run for the instruction-count comparison (see bench/callgrind.sh):
//   node --single-threaded --predictable --max-semi-space-size=1 callgrind-run.mjs <bare|instrumented> <units>
// Both modes load the same modules and build the same MeterProvider; only `enable()` differs.
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { GcInstrumentation } from '@statewatch/instrumentation-gc';
import { requestLike } from './workload.mjs';

class CollectingReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const [mode, unitsArg] = process.argv.slice(2);
const units = Number(unitsArg);
const reader = new CollectingReader();
const provider = new MeterProvider({ readers: [reader] });
const gc = new GcInstrumentation({
  enabled: false,
  heapStatistics: process.env.BENCH_HEAP_STATISTICS !== '0',
});
gc.setMeterProvider(provider);
if (mode === 'instrumented') gc.enable();
for (let done = 0; done < units; done += 2000) {
  requestLike(2000);
  await new Promise((resolve) => setImmediate(resolve));
  if (done % 20_000 === 0) await reader.collect();
}
await reader.collect();
gc.disable();
await provider.shutdown();
