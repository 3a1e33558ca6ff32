import {
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_BASELINE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  METRIC_FEATURE_MISSING,
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
  OVERFLOW_VALUE,
} from '@statewatch/semconv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildBaseline, FeatureDriftMonitor, psi, psiCritical, type Baseline } from '../src/index';
import { testProvider } from './helpers/reader';

const records = Array.from({ length: 1000 }, (_, i) => ({
  age: 20 + (i % 50),
  country: ['US', 'DE', 'FR', 'US'][i % 4],
}));
const baseline: Baseline = buildBaseline(records, {
  numeric: ['age'],
  categorical: ['country'],
  bins: 5,
  createdAt: new Date(0),
});

const open: FeatureDriftMonitor[] = [];
function monitor(extra: Partial<ConstructorParameters<typeof FeatureDriftMonitor>[0]> = {}) {
  const { provider, reader } = testProvider();
  let time = 1_000_000;
  const diagnostics: string[] = [];
  const m = new FeatureDriftMonitor({
    baseline,
    meterProvider: provider,
    window: '15m',
    now: () => time,
    onDiagnostic: (message) => diagnostics.push(message),
    ...extra,
  });
  open.push(m);
  return { m, reader, diagnostics, advance: (ms: number) => (time += ms) };
}
afterEach(() => open.splice(0).forEach((m) => m.close()));

describe('FeatureDriftMonitor', () => {
  it('counts values per baseline bin and publishes cumulative counters', async () => {
    const { m, reader } = monitor();
    for (const r of records.slice(0, 100)) m.observe(r);
    const obs = await reader.points(METRIC_FEATURE_OBSERVATIONS);
    const age = obs.filter((p) => p.attributes[ATTR_FEATURE_NAME] === 'age');
    expect(age.map((p) => p.attributes[ATTR_FEATURE_BIN])).toEqual(['0', '1', '2', '3', '4']);
    expect(age.reduce((a, p) => a + p.value, 0)).toBe(100);
    expect(age.every((p) => p.attributes[ATTR_FEATURE_BASELINE] === baseline.id)).toBe(true);
    const country = obs.filter((p) => p.attributes[ATTR_FEATURE_NAME] === 'country');
    expect(Object.fromEntries(country.map((p) => [p.attributes[ATTR_FEATURE_BIN], p.value]))).toEqual({
      US: 50,
      DE: 25,
      FR: 25,
      __other__: 0,
    });
  });

  it('publishes instance PSI, critical value and window size matching the math', async () => {
    const { m, reader } = monitor();
    for (let i = 0; i < 200; i++) m.observeValue('age', 60 + (i % 10)); // shifted to the top
    const gauges = async (name: string) =>
      (await reader.points(name)).filter((p) => p.attributes[ATTR_FEATURE_NAME] === 'age');
    const [psiPoint] = await gauges(METRIC_FEATURE_PSI);
    const [criticalPoint] = await gauges(METRIC_FEATURE_PSI_CRITICAL);
    const [nPoint] = await gauges(METRIC_FEATURE_WINDOW_OBSERVATIONS);
    expect(psiPoint.attributes[ATTR_DRIFT_SCOPE]).toBe('instance');
    expect(nPoint.value).toBe(200);
    const snapshot = m.snapshot().find((s) => s.feature === 'age')!;
    const ref = baseline.features.age.counts;
    expect(psiPoint.value).toBeCloseTo(psi(ref, snapshot.windowCounts)!, 12);
    expect(criticalPoint.value).toBeCloseTo(psiCritical(1000, 200, ref.length)!, 12);
    expect(snapshot.verdict).toBe('drift');
    // country saw nothing: no PSI for it, and no series at all.
    expect((await reader.points(METRIC_FEATURE_PSI)).map((p) => p.attributes[ATTR_FEATURE_NAME])).toEqual([
      'age',
    ]);
  });

  it('slides the window on its timer: old sub-windows are forgotten, cumulative counters are not', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const { m, reader } = monitor({ window: '15m', buckets: 15, now: undefined });
      for (let i = 0; i < 30; i++) m.observeValue('age', 25);
      vi.advanceTimersByTime(10 * 60_000);
      for (let i = 0; i < 20; i++) m.observeValue('age', 25);
      expect(m.snapshot()[0].n).toBe(50);
      vi.advanceTimersByTime(6 * 60_000); // the first 30 are now older than 15 minutes
      expect(m.snapshot()[0].n).toBe(20);
      vi.advanceTimersByTime(60 * 60_000);
      expect(m.snapshot()[0].n).toBe(0);
      const [n] = (await reader.points(METRIC_FEATURE_WINDOW_OBSERVATIONS)).filter(
        (p) => p.attributes[ATTR_FEATURE_NAME] === 'age',
      );
      expect(n.value).toBe(0);
      const total = (await reader.points(METRIC_FEATURE_OBSERVATIONS))
        .filter((p) => p.attributes[ATTR_FEATURE_NAME] === 'age')
        .reduce((a, p) => a + p.value, 0);
      expect(total).toBe(50);
    } finally {
      vi.useRealTimers();
    }
  });

  it('catches up at collection time when the timer was late (a blocked event loop)', () => {
    const { m, advance } = monitor({ window: '15m', buckets: 15 });
    for (let i = 0; i < 30; i++) m.observeValue('age', 25);
    advance(20 * 60_000); // fake clock moved, timer never ran
    expect(m.snapshot()[0].n).toBe(0);
  });

  it('counts missing and wrong-typed values as missing, never in a bin, and never throws', async () => {
    const { m, reader } = monitor();
    const bad: unknown[] = [null, undefined, NaN, Infinity, -Infinity, '42', true, {}, [1]];
    for (const v of bad) m.observeValue('age', v);
    m.observeValue('country', null);
    m.observeValue('country', { toString: () => 'US' });
    m.observe({ country: 'US' }); // age absent: missing
    expect(() => m.observe(null as never)).not.toThrow();
    expect(() =>
      m.observe({
        get age(): number {
          throw new Error('boom');
        },
      }),
    ).not.toThrow();
    const missing = await reader.points(METRIC_FEATURE_MISSING);
    const byName = Object.fromEntries(missing.map((p) => [p.attributes[ATTR_FEATURE_NAME], p.value]));
    expect(byName).toEqual({ age: bad.length + 1, country: 2 });
    const ageBins = (await reader.points(METRIC_FEATURE_OBSERVATIONS)).filter(
      (p) => p.attributes[ATTR_FEATURE_NAME] === 'age',
    );
    expect(ageBins.reduce((a, p) => a + p.value, 0)).toBe(0);
  });

  it('never throws into the app, even when the diagnostic handler throws or a name cannot be printed', () => {
    const calls: string[] = [];
    const { m } = monitor({
      onDiagnostic: (message) => {
        calls.push(message);
        throw new Error('handler broke');
      },
    });
    const unprintable = {
      toString(): string {
        throw new Error('no string');
      },
    };
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('getter');
        },
        ownKeys: () => {
          throw new Error('keys');
        },
      },
    );
    expect(() => m.observeValue('weight', 70)).not.toThrow();
    expect(() => m.observeValue(unprintable as never, 70)).not.toThrow();
    expect(() => m.feature('height').observe(1)).not.toThrow();
    expect(() => m.feature(unprintable as never).observe(1)).not.toThrow();
    expect(() => m.observe(hostile)).not.toThrow();
    expect(() => m.observe({ age: 30, zip: '10115' })).not.toThrow();
    // Each problem was still reported once, to the handler that threw.
    expect(calls.filter((c) => c.includes("'weight'"))).toHaveLength(1);
    expect(calls.filter((c) => c.includes('unprintable object'))).toHaveLength(1);
    expect(calls.filter((c) => c.includes('observe(record) failed'))).toHaveLength(1);
    expect(calls.filter((c) => c.includes("'zip'"))).toHaveLength(1);
    // Values observed after all that are still counted.
    m.observeValue('age', 30);
    expect(m.snapshot().find((s) => s.feature === 'age')!.n).toBe(2);
  });

  it('observeValue counts each value under its own feature, whatever the order of names', () => {
    const { m } = monitor();
    const names = ['age', 'country', 'nope', 'age', 'age', 'country', `${'ag'}e`];
    const values: unknown[] = [25, 'US', 1, 65, 65, 'DE', 25];
    names.forEach((name, i) => m.observeValue(name, values[i]));
    const [age, country] = m.snapshot();
    expect(age.windowCounts).toEqual([2, 0, 0, 0, 2]); // edges 30, 40, 50, 60
    expect(country.windowCounts).toEqual([1, 1, 0, 0]); // US, DE, FR, __other__
  });

  it('ignores features not in the baseline with one diagnostic each', () => {
    const { m, diagnostics } = monitor();
    for (let i = 0; i < 5000; i++) {
      m.observe({ age: 30, country: 'US', zip: '10115', extra: 1 });
      m.observeValue('weight', 70);
    }
    m.feature('height').observe(1);
    expect(diagnostics.filter((d) => d.includes("'zip'"))).toHaveLength(1);
    expect(diagnostics.filter((d) => d.includes("'extra'"))).toHaveLength(1);
    expect(diagnostics.filter((d) => d.includes("'weight'"))).toHaveLength(1);
    expect(diagnostics.filter((d) => d.includes("'height'"))).toHaveLength(1);
    expect(m.snapshot().find((s) => s.feature === 'age')!.n).toBe(5000);
  });

  it('caps feature.name: features past the limit are published as __overflow__', async () => {
    const wide = buildBaseline(
      Array.from({ length: 50 }, (_, i) => ({ a: i, b: i * 2, c: i % 7 })),
      { numeric: ['a', 'b', 'c'], bins: 4, createdAt: new Date(0) },
    );
    const { m, reader, diagnostics } = monitor({ baseline: wide, attributeValueLimit: 1 });
    m.observe({ a: 1, b: 2, c: 3 });
    const names = new Set(
      (await reader.points(METRIC_FEATURE_OBSERVATIONS)).map((p) => p.attributes[ATTR_FEATURE_NAME]),
    );
    expect([...names].sort()).toEqual([OVERFLOW_VALUE, 'a']);
    const overflow = (await reader.points(METRIC_FEATURE_OBSERVATIONS)).filter(
      (p) => p.attributes[ATTR_FEATURE_NAME] === OVERFLOW_VALUE,
    );
    expect(overflow.reduce((a, p) => a + p.value, 0)).toBe(2); // b and c, summed
    expect(diagnostics.some((d) => d.includes(OVERFLOW_VALUE))).toBe(true);
  });

  it('rejects a bad baseline at setup, naming the field', () => {
    const broken = structuredClone(baseline) as unknown as { features: { age: { edges: number[] } } };
    broken.features.age.edges[1] = broken.features.age.edges[0];
    expect(() => new FeatureDriftMonitor({ baseline: broken as never })).toThrow(/features\.age\.edges\[1\]/);
  });
});
