import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { MetricData } from '@opentelemetry/sdk-metrics';

/** A reader that collects on demand (the SDK's own pull path). */
export class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export function newProvider(): { provider: MeterProvider; reader: CollectingReader } {
  const reader = new CollectingReader();
  return { provider: new MeterProvider({ readers: [reader] }), reader };
}

export async function collectMetrics(reader: MetricReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length) throw new Error(`collection errors: ${errors.join(', ')}`);
  return byName(resourceMetrics);
}

function byName(rm: ResourceMetrics): Map<string, MetricData> {
  const out = new Map<string, MetricData>();
  for (const scope of rm.scopeMetrics) for (const m of scope.metrics) out.set(m.descriptor.name, m);
  return out;
}

/** Total pause count of the histogram, over every GC type. */
export function pauseCount(metrics: Map<string, MetricData>): number {
  const m = metrics.get('statewatch.gc.pause.duration');
  if (!m) return 0;
  return m.dataPoints.reduce((a, p) => a + (p.value as { count: number }).count, 0);
}

/** Allocates garbage until V8 has run at least `minGcs` GCs (seen by an independent observer). */
export async function churn(minGcs: number): Promise<number> {
  const { PerformanceObserver } = await import('node:perf_hooks');
  let seen = 0;
  const observer = new PerformanceObserver((list) => {
    seen += list.getEntries().length;
  });
  observer.observe({ type: 'gc' });
  let sink: unknown;
  for (let round = 0; round < 200 && seen < minGcs; round++) {
    for (let i = 0; i < 20_000; i++) sink = new Array(64).fill(i);
    await settle();
  }
  await settle();
  observer.disconnect();
  if (seen < minGcs) throw new Error(`only ${seen} GCs (wanted ${minGcs}): ${String(sink)}`.slice(0, 200));
  return seen;
}

/** A few event-loop turns, so every GC entry so far reaches the observers. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A full GC from inside the test process (vitest's workers run without --expose-gc). */
export function forceMajorGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
