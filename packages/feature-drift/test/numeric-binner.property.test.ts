import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextUp } from '../src/baseline/edges';
import { MISSING_BIN, numericBin, quantileEdges } from '../src/index';
import { NumericBinner } from '../src/math/numeric-binner';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const nextDown = (x: number) => -nextUp(-x);

/** Strictly increasing edges: quantile edges of a sample, or arbitrary (very uneven) doubles. */
const edgeSets = fc.oneof(
  fc
    .tuple(fc.array(finite, { minLength: 1, maxLength: 300 }), fc.integer({ min: 2, max: 60 }))
    .map(([values, bins]) => quantileEdges(Float64Array.from(values).sort(), bins)),
  fc
    .array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { maxLength: 200 })
    .map((values) => [...new Set(Float64Array.from(values).sort())]),
  fc
    .array(finite, { minLength: 1, maxLength: 40 })
    .map((values) => [...new Set(Float64Array.from(values).sort())]),
  fc
    .tuple(fc.integer({ min: 1, max: 500 }), fc.double({ min: 1e-300, max: 1e300, noNaN: true }))
    .map(([k, step]) => Array.from({ length: k }, (_, i) => i * step)),
);

/** The edges themselves, their neighbouring doubles, and values around and beyond them. */
function probes(edges: ArrayLike<number>, extra: number[]): unknown[] {
  const values: unknown[] = [...extra, 0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE];
  for (const e of Array.from(edges)) values.push(e, nextUp(e), nextDown(e), e / 2, e * 2 + 1);
  return values;
}

describe('NumericBinner (property): the same bin as numericBin for every value', () => {
  it('for quantile, uneven, unique and evenly spaced edges', () => {
    fc.assert(
      fc.property(edgeSets, fc.array(finite, { maxLength: 50 }), (edgeList, extra) => {
        const edges = Array.from(edgeList);
        const binner = new NumericBinner(edges);
        const wrong = probes(edges, extra).filter((value) => binner.bin(value) !== numericBin(edges, value));
        expect(wrong, `edges ${JSON.stringify(edges)}`).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('uses the grid for quantile edges and binary search for edges too uneven for it', () => {
    expect(new NumericBinner([-1.28, -0.84, -0.52, -0.25, 0, 0.25, 0.52, 0.84, 1.28]).strategy).toBe('grid');
    expect(new NumericBinner([1, 2, 3, 4, 5, 6, 1e9]).strategy).toBe('binary search');
    expect(new NumericBinner([7]).strategy).toBe('binary search');
  });

  it('gives MISSING_BIN for non-finite and non-number values', () => {
    const binner = new NumericBinner([1, 2, 3]);
    for (const value of [NaN, Infinity, -Infinity, '2', null, undefined, true, {}, 2n])
      expect(binner.bin(value)).toBe(MISSING_BIN);
  });

  it('bins dense samples of a normal-like spread exactly like the definition', () => {
    const edges = [-1.28, -0.84, -0.52, -0.25, 0, 0.25, 0.52, 0.84, 1.28];
    const binner = new NumericBinner(edges);
    for (let v = -3; v <= 3; v += 0.0007) expect(binner.bin(v)).toBe(edges.filter((e) => e <= v).length);
  });
});
