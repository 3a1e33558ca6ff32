import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import {
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_WAITERS,
  METRIC_LOCK_WAIT_DURATION,
} from '@statewatch/semconv';
import { CollectingReader } from '../../../instrumentation-common/test/utils/collecting-reader';
import { LockInstrumentation } from '../../src';
import type { LockInstrumentationConfig } from '../../src';

export function setup(config: LockInstrumentationConfig = {}) {
  const instrumentation = new LockInstrumentation(config);
  const producer = instrumentation.getMetricProducer();
  const reader = new CollectingReader(undefined, producer === undefined ? [] : [producer]);
  const provider = new MeterProvider({ readers: [reader] });
  instrumentation.setMeterProvider(provider);
  return { reader, provider, instrumentation, snapshot: () => snapshot(reader) };
}

/** One collection, with helpers that pick a lock's points. */
export async function snapshot(reader: CollectingReader) {
  const m = await reader.metrics();
  const match = (p: DataPoint<unknown>, attrs: Record<string, string>) =>
    Object.entries(attrs).every(([k, v]) => String(p.attributes[k]) === v);
  const points = <T>(metric: MetricData | undefined, attrs: Record<string, string>) =>
    ((metric?.dataPoints ?? []) as DataPoint<T>[]).filter((p) => match(p as DataPoint<unknown>, attrs));
  const sum = (metric: string, attrs: Record<string, string>) =>
    points<number>(m.get(metric), attrs).reduce((a, p) => a + p.value, 0);
  const hist = (metric: string, attrs: Record<string, string>) => {
    const ps = points<Histogram>(m.get(metric), attrs).filter((p) => p.value.count > 0);
    return {
      count: ps.reduce((a, p) => a + p.value.count, 0),
      sum: ps.reduce((a, p) => a + (p.value.sum ?? 0), 0),
      points: ps,
    };
  };
  return {
    metrics: m,
    wait: (attrs: Record<string, string>) => hist(METRIC_LOCK_WAIT_DURATION, attrs),
    hold: (attrs: Record<string, string>) => hist(METRIC_LOCK_HOLD_DURATION, attrs),
    acquisitions: (attrs: Record<string, string>) => sum(METRIC_LOCK_ACQUISITIONS, attrs),
    waiters: (attrs: Record<string, string>) => sum(METRIC_LOCK_WAITERS, attrs),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
