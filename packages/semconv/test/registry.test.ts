import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTES,
  METRICS,
  metric,
  prometheusSeriesNames,
  toPrometheusName,
  toPrometheusType,
} from '../src';
import { readContract } from './contract';

describe('registry equals the metrics contract', () => {
  const contract = readContract();

  it('has every metric of the contract and no other', () => {
    expect(METRICS.map((m) => m.name).sort()).toEqual(contract.metrics.map((m) => m.name).sort());
  });

  it.each(readContract().metrics)('$name: instrument, unit and attributes match', (c) => {
    const m = metric(c.name);
    expect(m.instrument).toBe(c.instrument);
    expect(m.unit).toBe(c.unit);
    expect([...m.attributes].sort()).toEqual([...c.attributes].sort());
  });

  it('defines every attribute used by a metric', () => {
    const defined = new Set(ATTRIBUTES.map((a) => a.name));
    for (const m of METRICS)
      for (const a of m.attributes) expect(defined, `${m.name} uses ${a}`).toContain(a);
  });

  it('lists exactly the allowed values the contract gives for closed attributes', () => {
    const closed = ATTRIBUTES.filter((a) => a.values);
    expect(closed.length).toBeGreaterThan(0);
    for (const a of closed) {
      const expected = contract.values.get(a.name);
      expect(expected, `contract lists values for ${a.name}`).toBeDefined();
      expect([...a.values!]).toEqual(expected);
    }
  });

  it('states the Prometheus name the naming rule gives', () => {
    for (const m of METRICS) {
      expect(m.prometheus.name).toBe(toPrometheusName(m.name, m.instrument));
      expect(m.prometheus.type).toBe(toPrometheusType(m.instrument));
    }
    // The contract's own examples.
    expect(prometheusSeriesNames(metric('statewatch.lock.wait.duration'))).toContain(
      'statewatch_lock_wait_duration_bucket',
    );
    expect(metric('statewatch.gc.allocated').prometheus.name).toBe('statewatch_gc_allocated_total');
  });

  it('gives histograms strictly increasing buckets that start where the contract asks', () => {
    for (const m of METRICS.filter((x) => x.instrument === 'Histogram')) {
      const b = m.buckets!;
      expect(b.length, m.name).toBeGreaterThan(3);
      for (let i = 1; i < b.length; i++) expect(b[i], m.name).toBeGreaterThan(b[i - 1]);
    }
    expect(metric('statewatch.gc.pause.duration').buckets![0]).toBe(0.0001);
    expect(metric('statewatch.lock.wait.duration').buckets![0]).toBe(0.00001);
    expect(metric('statewatch.clone.duration').buckets![0]).toBe(0.000001);
  });
});
