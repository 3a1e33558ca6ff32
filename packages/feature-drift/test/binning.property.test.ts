import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBaseline, numericBin, quantileEdges, type NumericFeatureBaseline } from '../src/index';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
/** Samples with heavy ties: values drawn from a small pool, plus constant and two-value columns. */
const sample = fc.oneof(
  fc.array(finite, { minLength: 1, maxLength: 300 }),
  fc
    .tuple(
      fc.array(finite, { minLength: 1, maxLength: 4 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 300 }),
    )
    .map(([pool, picks]) => picks.map((i) => pool[i % pool.length])),
  fc.tuple(finite, fc.integer({ min: 1, max: 200 })).map(([v, n]) => Array<number>(n).fill(v)),
);

describe('quantile binning (property)', () => {
  it('any numeric reference gives strictly increasing edges, non-empty bins and proportions summing to 1', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 2, max: 30 }), (values, bins) => {
        const feature = buildBaseline(
          values.map((x) => ({ x })),
          { numeric: ['x'], bins },
        ).features.x as NumericFeatureBaseline;
        const { edges, counts, proportions } = feature;
        for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]);
        expect(edges.every(Number.isFinite)).toBe(true);
        expect(counts.length).toBe(edges.length + 1);
        expect(counts.length).toBeLessThanOrEqual(Math.max(bins, 3));
        expect(counts.reduce((a, b) => a + b, 0)).toBe(values.length);
        expect(Math.abs(proportions.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        const distinct = new Set(values.map((v) => (Object.is(v, -0) ? 0 : v))).size;
        if (distinct > 1) expect(counts.every((c) => c > 0)).toBe(true);
        else expect(counts).toEqual([0, values.length, 0].slice(0, counts.length)); // below, equal, above
      }),
      { numRuns: 500 },
    );
  });

  it('every value lands in exactly one bin, and bins respect the order of values', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 2, max: 20 }), finite, finite, (values, bins, a, b) => {
        const edges = quantileEdges(Float64Array.from(values).sort(), bins);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const binLo = numericBin(edges, lo);
        const binHi = numericBin(edges, hi);
        expect(binLo).toBeGreaterThanOrEqual(0);
        expect(binHi).toBeLessThanOrEqual(edges.length);
        expect(binLo).toBeLessThanOrEqual(binHi);
      }),
      { numRuns: 500 },
    );
  });

  it('balanced data gives about equal bins', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const feature = buildBaseline(
      values.map((x) => ({ x })),
      { numeric: ['x'], bins: 10 },
    ).features.x as NumericFeatureBaseline;
    expect(feature.edges).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(feature.counts).toEqual(Array(10).fill(100));
  });

  it('ties merge bins instead of making empty ones', () => {
    const values = [...Array(90).fill(1), 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const feature = buildBaseline(
      values.map((x) => ({ x })),
      { numeric: ['x'], bins: 10 },
    ).features.x as NumericFeatureBaseline;
    expect(feature.edges).toEqual([2]);
    expect(feature.counts).toEqual([90, 10]);
  });
});
