import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { DataPointType, MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import {
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_WAITERS,
} from '@statewatch/semconv';
import { afterEach, describe, expect, it } from 'vitest';
import { HotPathRecorder, metricProducersOf } from '../src';
import { CollectingReader, point } from './utils/collecting-reader';

const LOCK = { 'lock.name': 'cache', 'lock.kind': 'mutex' };
const SCOPE = { name: 'statewatch-test', version: '1.0.0' };
const VALUES = [0, 0.000004, 0.00001, 0.00002, 0.0003, 0.004, 0.05, 0.6, 3, 12];
const detach: HotPathRecorder[] = [];
afterEach(() => detach.splice(0).forEach((r) => r.detach()));

function feed(recorder: HotPathRecorder) {
  const hold = recorder.histogram(METRIC_LOCK_HOLD_DURATION).series(LOCK);
  for (const v of VALUES) hold.record(v);
  recorder
    .counter(METRIC_LOCK_ACQUISITIONS)
    .series({ ...LOCK, 'lock.contended': 'true' })
    .add(7);
  recorder.upDownCounter(METRIC_LOCK_WAITERS).series(LOCK).add(2);
}

async function prometheusText(mode: 'sdk' | 'producer') {
  const recorder = new HotPathRecorder({ mode, scope: SCOPE });
  const exporter = new PrometheusExporter({
    preventServerStart: true,
    metricProducers: mode === 'producer' ? [recorder.metricProducer!] : [],
  });
  const provider = new MeterProvider({ readers: [exporter] });
  detach.push(recorder);
  recorder.setMeter(provider.getMeter(SCOPE.name, SCOPE.version));
  feed(recorder);
  const { resourceMetrics } = await exporter.collect();
  return new PrometheusSerializer().serialize(resourceMetrics);
}

describe("HotPathRecorder mode 'producer'", () => {
  it('serves exactly what the SDK path serves on the Prometheus endpoint', async () => {
    const viaSdk = await prometheusText('sdk');
    const viaProducer = await prometheusText('producer');
    const lines = (t: string) =>
      t.split('\n').filter((l) => l.startsWith('statewatch_') || l.startsWith('# TYPE statewatch'));
    expect(lines(viaProducer).length).toBeGreaterThan(20);
    expect(lines(viaProducer)).toEqual(lines(viaSdk));
  });

  it('reports histograms, cumulative monotonic and non-monotonic sums with no SDK instrument', async () => {
    // A reader built with the recorder's producer; the recorder needs no meter at all.
    const recorder = new HotPathRecorder({ mode: 'producer', scope: SCOPE });
    const reader = new CollectingReader(undefined, [recorder.metricProducer!]);
    new MeterProvider({ readers: [reader] });
    detach.push(recorder);
    feed(recorder);
    let m = await reader.metrics();
    const h = m.get(METRIC_LOCK_HOLD_DURATION)!;
    expect(h.dataPointType).toBe(DataPointType.HISTOGRAM);
    const p = point<Histogram>(h, LOCK)!.value;
    expect(p.count).toBe(VALUES.length);
    expect(p.sum).toBeCloseTo(
      VALUES.reduce((a, b) => a + b),
      12,
    );
    expect([p.min, p.max]).toEqual([0, 12]);
    expect(p.buckets.counts.reduce((a, b) => a + b, 0)).toBe(VALUES.length);
    expect(p.buckets.counts[0]).toBe(3); // 0, 4 µs and exactly 10 µs: (-inf, 10 µs]
    expect(p.buckets.counts.at(-1)).toBe(1); // 12 s > 10 s
    const acq = m.get(METRIC_LOCK_ACQUISITIONS)!;
    expect([acq.dataPointType, acq.isMonotonic]).toEqual([DataPointType.SUM, true]);
    const w = m.get(METRIC_LOCK_WAITERS)!;
    expect([w.dataPointType, w.isMonotonic]).toEqual([DataPointType.SUM, false]);
    recorder
      .counter(METRIC_LOCK_ACQUISITIONS)
      .series({ ...LOCK, 'lock.contended': 'true' })
      .add(1);
    m = await reader.metrics();
    expect(point<number>(m.get(METRIC_LOCK_ACQUISITIONS), LOCK)!.value).toBe(8);
    expect(point<Histogram>(m.get(METRIC_LOCK_HOLD_DURATION), LOCK)!.value.count).toBe(VALUES.length);
  });

  it('gives each recorder its own producer: two instances never report each other', async () => {
    const first = new HotPathRecorder({ mode: 'producer', scope: SCOPE });
    const second = new HotPathRecorder({ mode: 'producer', scope: SCOPE });
    detach.push(first, second);
    first.counter(METRIC_LOCK_ACQUISITIONS).series(LOCK).add(3);
    second.counter(METRIC_LOCK_ACQUISITIONS).series(LOCK).add(5);
    const readerOf = (r: HotPathRecorder) => {
      const reader = new CollectingReader(undefined, [r.metricProducer!]);
      new MeterProvider({ readers: [reader] });
      return reader;
    };
    const sumOf = async (r: HotPathRecorder) =>
      point<number>((await readerOf(r).metrics()).get(METRIC_LOCK_ACQUISITIONS), LOCK)!.value;
    expect([await sumOf(first), await sumOf(second)]).toEqual([3, 5]);
    expect(first.metricProducer).not.toBe(second.metricProducer);
    expect(new HotPathRecorder({ mode: 'sdk' }).metricProducer).toBeUndefined();
    expect(Object.getOwnPropertySymbols(globalThis).map(String)).not.toContain(
      'Symbol(statewatch.metricProducer)',
    );
  });

  it('finds the producers of instrumentations that record in producer mode', () => {
    const recorder = new HotPathRecorder({ mode: 'producer', scope: SCOPE });
    detach.push(recorder);
    const withProducer = { getMetricProducer: () => recorder.metricProducer };
    const sdkMode = { getMetricProducer: () => undefined };
    expect(metricProducersOf([withProducer, sdkMode, {}, null])).toEqual([recorder.metricProducer]);
  });

  it('rejects an unknown mode', () => {
    expect(() => new HotPathRecorder({ mode: 'fast' as 'sdk' })).toThrow(/got fast/);
  });
});
