import { diag, metrics as metricsApi } from '@opentelemetry/api';
import type { Meter } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, DataPointType, MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import {
  ATTR_LOCK_CONTENDED,
  ATTR_LOCK_KIND,
  ATTR_LOCK_NAME,
  METRIC_CLONE_DURATION,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_WAITERS,
  OVERFLOW_VALUE,
} from '@statewatch/semconv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parsePrometheusText } from '../../../test/utils/prometheus-text';
import { HotPathRecorder, StatewatchMetricProducer, reportCapsThrough } from '../src';
import { CollectingReader, point } from './utils/collecting-reader';

const LOCK = { [ATTR_LOCK_NAME]: 'cache', [ATTR_LOCK_KIND]: 'mutex' };

function setup(options = {}, temporality?: AggregationTemporality) {
  const reader = new CollectingReader(temporality);
  const provider = new MeterProvider({ readers: [reader] });
  const recorder = new HotPathRecorder(options);
  recorder.setMeter(provider.getMeter('test'));
  return { reader, provider, recorder };
}

afterEach(() => vi.restoreAllMocks());

describe('HotPathRecorder', () => {
  it('reports counters as cumulative monotonic sums and up-down counters as non-monotonic sums', async () => {
    const { reader, recorder } = setup();
    const acquisitions = recorder
      .counter(METRIC_LOCK_ACQUISITIONS)
      .series({ ...LOCK, [ATTR_LOCK_CONTENDED]: 'true' });
    const waiters = recorder.upDownCounter(METRIC_LOCK_WAITERS).series(LOCK);
    for (let i = 0; i < 5; i++) acquisitions.add(1);
    waiters.add(3);
    waiters.add(-1);

    let m = await reader.metrics();
    const acq = m.get(METRIC_LOCK_ACQUISITIONS)!;
    expect(acq.dataPointType).toBe(DataPointType.SUM);
    expect(acq.isMonotonic).toBe(true);
    expect(acq.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(acq.descriptor.unit).toBe('{acquisition}');
    expect(point<number>(acq, { [ATTR_LOCK_CONTENDED]: 'true' })!.value).toBe(5);
    const w = m.get(METRIC_LOCK_WAITERS)!;
    expect(w.dataPointType).toBe(DataPointType.SUM);
    expect(w.isMonotonic).toBe(false);
    expect(point<number>(w, LOCK)!.value).toBe(2);

    acquisitions.add(2);
    waiters.add(-2);
    m = await reader.metrics();
    expect(point<number>(m.get(METRIC_LOCK_ACQUISITIONS), LOCK)!.value).toBe(7);
    expect(point<number>(m.get(METRIC_LOCK_WAITERS), LOCK)!.value).toBe(0);
  });

  it('reports deltas to a delta reader from the cumulative totals', async () => {
    const { reader, recorder } = setup({}, AggregationTemporality.DELTA);
    const s = recorder.counter(METRIC_LOCK_ACQUISITIONS).series(LOCK);
    s.add(4);
    expect(point<number>((await reader.metrics()).get(METRIC_LOCK_ACQUISITIONS), LOCK)!.value).toBe(4);
    s.add(1);
    expect(point<number>((await reader.metrics()).get(METRIC_LOCK_ACQUISITIONS), LOCK)!.value).toBe(1);
  });

  it('hands buffered histogram values to the SDK at collection, exactly', async () => {
    const { reader, recorder } = setup();
    const hold = recorder.histogram(METRIC_LOCK_HOLD_DURATION).series(LOCK);
    const values = [0.00002, 0.0003, 0.004, 0.05, 0.6];
    for (const v of values) hold.record(v);
    expect(hold.pending).toBe(5);
    const h = (await reader.metrics()).get(METRIC_LOCK_HOLD_DURATION)!;
    expect(hold.pending).toBe(0);
    expect(h.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(h.descriptor.unit).toBe('s');
    const p = point<Histogram>(h, LOCK)!.value;
    expect(p.count).toBe(5);
    expect(p.sum).toBeCloseTo(
      values.reduce((a, b) => a + b),
      12,
    );
    expect(p.min).toBe(0.00002);
    expect(p.max).toBe(0.6);
    expect(p.buckets.boundaries[0]).toBe(0.00001); // the registry's boundaries, not the SDK defaults
  });

  it('flushes a full buffer at once, so memory stays bounded without a reader', async () => {
    const { reader, recorder } = setup({ histogramBufferSize: 4 });
    const hold = recorder.histogram(METRIC_LOCK_HOLD_DURATION).series(LOCK);
    for (let i = 0; i < 10; i++) hold.record(0.001);
    expect(hold.pending).toBe(2); // 8 handed over in two flushes
    const p = point<Histogram>((await reader.metrics()).get(METRIC_LOCK_HOLD_DURATION), LOCK)!.value;
    expect(p.count).toBe(10);
  });

  it('flushes histograms at collection even with no observable metric declared', async () => {
    const { reader, recorder } = setup();
    const s = recorder.histogram(METRIC_CLONE_DURATION).series({ 'clone.strategy': 'rfdc' });
    s.record(0.000003);
    const m = await reader.metrics();
    expect(point<Histogram>(m.get(METRIC_CLONE_DURATION), {})!.value.count).toBe(1);
    expect([...m.keys()]).toEqual([METRIC_CLONE_DURATION]); // the collect hook is never exported
  });

  it('serves the same series on the Prometheus endpoint with the registry names', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    const recorder = new HotPathRecorder();
    recorder.setMeter(provider.getMeter('test'));
    recorder.counter(METRIC_LOCK_ACQUISITIONS).series(LOCK).add(3);
    recorder.upDownCounter(METRIC_LOCK_WAITERS).series(LOCK).add(2);
    recorder.histogram(METRIC_LOCK_HOLD_DURATION).series(LOCK).record(0.5);
    const { resourceMetrics } = await exporter.collect();
    const text = parsePrometheusText(new PrometheusSerializer().serialize(resourceMetrics));
    // exporter-prometheus's own naming: dots to underscores, `_total` on counters.
    const acquisitions = `${METRIC_LOCK_ACQUISITIONS.replaceAll('.', '_')}_total`;
    const waiters = METRIC_LOCK_WAITERS.replaceAll('.', '_');
    const hold = METRIC_LOCK_HOLD_DURATION.replaceAll('.', '_');
    expect(text.types.get(acquisitions)).toBe('counter');
    expect(text.types.get(waiters)).toBe('gauge');
    expect(text.types.get(hold)).toBe('histogram');
    const value = (name: string) =>
      text.samples.find((s) => s.name === name && s.labels.lock_name === 'cache')?.value;
    expect(value(acquisitions)).toBe(3);
    expect(value(waiters)).toBe(2);
    expect(value(`${hold}_count`)).toBe(1);
    expect(text.samples.some((s) => s.name.includes('internal'))).toBe(false);
  });

  it('returns the same series for the same attribute set, whatever the key order', () => {
    const recorder = new HotPathRecorder();
    const c = recorder.counter(METRIC_LOCK_ACQUISITIONS);
    expect(c.series({ a: '1', b: '2' })).toBe(c.series({ b: '2', a: '1' }));
    expect(c.series({ a: '1' })).not.toBe(c.series({ a: '2' }));
  });

  it('returns the same handle when a metric is declared again', () => {
    const recorder = new HotPathRecorder();
    expect(recorder.counter(METRIC_LOCK_ACQUISITIONS)).toBe(recorder.counter(METRIC_LOCK_ACQUISITIONS));
    expect(recorder.histogram(METRIC_LOCK_HOLD_DURATION)).toBe(recorder.histogram(METRIC_LOCK_HOLD_DURATION));
  });

  it('says once, naming the attribute, the cap and how to raise it, when a cap is reached', () => {
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => {});
    const recorder = new HotPathRecorder({ attributeValueLimit: 1, limitHint: 'STATEWATCH_X' });
    recorder.admit(ATTR_LOCK_NAME, 'a');
    expect(recorder.isFull(ATTR_LOCK_NAME)).toBe(true);
    for (const v of ['b', 'c', 'd']) recorder.admit(ATTR_LOCK_NAME, v);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/lock\.name reached its cap of 1 .*STATEWATCH_X/);
  });

  it("a pipeline holding the recorder's producer says the cap instead of diag: once, with the limit", () => {
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => {});
    const recorder = new HotPathRecorder({ attributeValueLimit: 1, mode: 'producer' });
    const said: Array<[string, number]> = [];
    expect(reportCapsThrough(recorder.metricProducer!, (a, limit) => said.push([a, limit]))).toBe(true);
    for (const v of ['a', 'b', 'c']) recorder.admit(ATTR_LOCK_NAME, v);
    expect(said).toEqual([[ATTR_LOCK_NAME, 1]]);
    expect(warn).not.toHaveBeenCalled();
    // Any other producer is not a recorder's: nothing to take over.
    expect(reportCapsThrough(new StatewatchMetricProducer(), () => {})).toBe(false);
  });

  it('caps user-controlled attribute values', () => {
    const recorder = new HotPathRecorder({ attributeValueLimit: 2 });
    expect(recorder.admit(ATTR_LOCK_NAME, 'a')).toBe('a');
    expect(recorder.admit(ATTR_LOCK_NAME, 'b')).toBe('b');
    expect(recorder.admit(ATTR_LOCK_NAME, 'c')).toBe(OVERFLOW_VALUE);
    expect(recorder.admit(ATTR_LOCK_NAME, 'a')).toBe('a');
    expect(recorder.admit('clone.site', 'c')).toBe('c'); // one cap per attribute
  });

  it('rejects a metric declared as the wrong instrument, and a bad buffer size', () => {
    const recorder = new HotPathRecorder();
    expect(() => recorder.counter(METRIC_LOCK_WAITERS)).toThrow(
      /UpDownCounter in the registry, not a Counter/,
    );
    expect(() => new HotPathRecorder({ histogramBufferSize: 0 })).toThrow(/got 0/);
  });

  it('keeps running totals and rebinds when the meter changes', async () => {
    const { recorder } = setup();
    const s = recorder.counter(METRIC_LOCK_ACQUISITIONS).series(LOCK);
    s.add(2);
    const reader2 = new CollectingReader();
    recorder.setMeter(new MeterProvider({ readers: [reader2] }).getMeter('second'));
    s.add(1);
    expect(point<number>((await reader2.metrics()).get(METRIC_LOCK_ACQUISITIONS), LOCK)!.value).toBe(3);
  });

  it('works on the noop meter when no MeterProvider is registered', () => {
    const recorder = new HotPathRecorder();
    recorder.setMeter(metricsApi.getMeter('noop'));
    const h = recorder.histogram(METRIC_LOCK_HOLD_DURATION).series(LOCK);
    expect(() => {
      for (let i = 0; i < 5; i++) h.record(1);
      recorder.counter(METRIC_LOCK_ACQUISITIONS).series(LOCK).add(1);
    }).not.toThrow();
  });

  it('never throws into the caller when the meter throws, and reports through diag', () => {
    const error = vi.spyOn(diag, 'error').mockImplementation(() => {});
    const throwing = new Proxy({} as Meter, {
      get: () => () => {
        throw new Error('meter is broken');
      },
    });
    const recorder = new HotPathRecorder();
    expect(() => recorder.setMeter(throwing)).not.toThrow();
    const h = recorder.histogram(METRIC_LOCK_HOLD_DURATION).series(LOCK);
    expect(() => {
      for (let i = 0; i < 5; i++) h.record(1);
    }).not.toThrow();
    expect(error).toHaveBeenCalled();
  });

  it('never throws into the caller when Histogram.record throws', () => {
    vi.spyOn(diag, 'error').mockImplementation(() => {});
    const { provider, recorder } = setup();
    const h = recorder.histogram(METRIC_LOCK_HOLD_DURATION);
    const s = h.series(LOCK);
    h.instrument = {
      record: () => {
        throw new Error('record is broken');
      },
    };
    expect(() => {
      for (let i = 0; i < 5; i++) s.record(1);
    }).not.toThrow();
    void provider;
  });
});
