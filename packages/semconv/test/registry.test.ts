import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTES,
  DEFAULT_METRICS,
  METRICS,
  metric,
  prometheusSeriesNames,
  toPrometheusName,
  toPrometheusType,
} from '../src';

describe('the registry (the metrics contract)', () => {
  it('has unique metric names, each defined once, and the default set excludes only opt-in metrics', () => {
    expect(new Set(METRICS.map((m) => m.name)).size).toBe(METRICS.length);
    expect(METRICS.filter((m) => !DEFAULT_METRICS.includes(m)).map((m) => m.name)).toEqual([
      'v8js.gc.duration',
    ]);
  });

  it('defines every attribute used by a metric', () => {
    const defined = new Set(ATTRIBUTES.map((a) => a.name));
    for (const m of METRICS)
      for (const a of m.attributes) expect(defined, `${m.name} uses ${a}`).toContain(a);
  });

  it('gives booleans exactly the label values Prometheus shows for them', () => {
    for (const a of ATTRIBUTES.filter((x) => x.type === 'boolean'))
      expect([...a.values!], a.name).toEqual([String(true), String(false)]);
  });

  it('states for every metric the Prometheus name and type the spec rule gives', () => {
    for (const m of METRICS) {
      expect(m.prometheus.name, m.name).toBe(toPrometheusName(m.name, m.instrument, m.unit));
      expect(m.prometheus.type, m.name).toBe(toPrometheusType(m.instrument));
    }
  });

  // The names Prometheus 3's OTLP receiver gave a statewatch app (toolchain notes, 2026-12-02);
  // test/e2e-paths.test.ts checks all of them on every path.
  it.each([
    ['statewatch.gc.pause.duration', 'statewatch_gc_pause_duration_seconds_bucket'],
    ['statewatch.gc.heap.live', 'statewatch_gc_heap_live_bytes'],
    ['statewatch.gc.allocated', 'statewatch_gc_allocated_bytes_total'],
    ['statewatch.lock.wait.duration', 'statewatch_lock_wait_duration_seconds_bucket'],
    ['statewatch.lock.acquisitions', 'statewatch_lock_acquisitions_total'],
    ['v8js.gc.duration', 'v8js_gc_duration_seconds_bucket'],
  ])('%s is served as %s', (otel, series) => {
    expect(prometheusSeriesNames(metric(otel))).toContain(series);
  });

  it('follows the OTel naming rules: UpDownCounters are not plural', () => {
    for (const m of METRICS.filter((x) => x.instrument === 'UpDownCounter'))
      expect(m.name.split('.').at(-1), m.name).not.toMatch(/s$/);
  });

  it('gives histograms strictly increasing buckets that start where each metric needs', () => {
    for (const m of METRICS.filter((x) => x.instrument === 'Histogram')) {
      const b = m.buckets!;
      expect(b.length, m.name).toBeGreaterThan(3);
      for (let i = 1; i < b.length; i++) expect(b[i], m.name).toBeGreaterThan(b[i - 1]);
    }
    expect(metric('statewatch.gc.pause.duration').buckets![0]).toBe(0.0001);
    expect(metric('statewatch.lock.wait.duration').buckets![0]).toBe(0.00001);
    expect(metric('statewatch.clone.duration').buckets![0]).toBe(0.000001);
    expect(metric('v8js.gc.duration').buckets).toEqual([0.01, 0.1, 1, 10]);
  });
});
