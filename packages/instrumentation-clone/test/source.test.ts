import { describe, expect, it } from 'vitest';
import { countEntries, detectSource, estimateSize, sourceIndex } from '../src/index';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('clone.source and entries', () => {
  it.each([
    [new Map([[1, 2]]), 'map', 1],
    [new (class extends Map {})([[1, 2]]), 'map', 1],
    [new Set([1, 2, 3]), 'set', 3],
    [[1, 2, 3, 4], 'array', 4],
    [new Array(5), 'array', 5],
    [{ a: 1, b: { c: 2 } }, 'object', 2],
    [Object.create(null) as object, 'object', 0],
    [new Point(1, 2), 'object', 2],
    [new Date(), 'other', 0],
    [/x/, 'other', 0],
    [new Uint8Array(10), 'other', 0],
    [Buffer.from('abc'), 'other', 0],
    [new ArrayBuffer(8), 'other', 0],
    [new Error('x'), 'other', 0],
    ['string', 'other', 0],
    [42, 'other', 0],
    [null, 'other', 0],
    [undefined, 'other', 0],
    [() => 1, 'other', 0],
  ])('%o is %s with %i entries', (value, source, entries) => {
    expect(detectSource(value)).toBe(source);
    expect(countEntries(value, sourceIndex(value))).toBe(entries);
  });

  it('counts top-level entries only', () => {
    const nested = { a: { b: { c: new Map([[1, 2]]) } }, d: [1, 2, 3] };
    expect(countEntries(nested, sourceIndex(nested))).toBe(2);
  });
});

describe('estimateSize', () => {
  const mapOf = (n: number) =>
    new Map(Array.from({ length: n }, (_, i) => [i, { id: i, name: `item-${i}` }]));

  it('grows with the data', () => {
    expect(estimateSize({})).toBeGreaterThan(0);
    expect(estimateSize({ s: 'x'.repeat(1000) })).toBeGreaterThan(1000);
    expect(estimateSize(mapOf(100))).toBeGreaterThan(estimateSize(mapOf(10)));
    expect(estimateSize(new Uint8Array(4096))).toBeGreaterThanOrEqual(4096);
  });

  it('extrapolates past its budget close to a full walk', () => {
    const map = mapOf(20_000);
    const full = estimateSize(map, Infinity);
    const bounded = estimateSize(map, 1000);
    expect(Math.abs(bounded - full) / full).toBeLessThan(0.05);
  });

  it('counts a shared or circular object once', () => {
    const shared = { big: 'y'.repeat(500) };
    const circular: Record<string, unknown> = { shared };
    circular.self = circular;
    expect(estimateSize([shared, shared])).toBeLessThan(estimateSize([shared, { big: 'y'.repeat(500) }]));
    expect(estimateSize(circular)).toBeGreaterThan(500);
  });
});
