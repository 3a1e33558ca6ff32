import { describe, expect, it } from 'vitest';
import { INCREMENTAL, MAJOR, MINOR, WEAKCB } from '../src/gc-type';
import { HeapFigures, LIVE_READ_WITHIN_MS, youngAllocated } from '../src/heap-figures';
import type { HeapReading } from '../src/heap-reading';

const MB = 1 << 20;

function reading(used: number, young: number, youngCapacity = 1 * MB, totalAllocated?: number): HeapReading {
  return { used, young, youngCapacity, limit: 4096 * MB, totalAllocated };
}

// The model on hand-made readings: what each rule of heap-figures.ts gives. The measurement
// tests hold it against V8's own --trace-gc-nvp.
describe('HeapFigures', () => {
  it('one scavenge: the new space filled to capacity, freed = capacity − survivors − promoted', () => {
    const figures = new HeapFigures(false);
    figures.start(reading(10 * MB, 0.2 * MB));
    // old generation grew by 0.1 MB (promoted), 0.15 MB survived in the new space
    figures.addBatch([MINOR], reading(10.25 * MB, 0.15 * MB));
    expect(figures.reclaimed[MINOR]).toBeCloseTo(1 * MB - 0.2 * MB - (0.25 * MB - 0), 0);
    expect(figures.reclaimed[MAJOR]).toBe(0);
    expect(figures.live).toBeUndefined();
  });

  it("a major GC alone in its batch, read at once: live = used − young, exact; it gets the batch's freed bytes", () => {
    const figures = new HeapFigures(false);
    figures.start(reading(80 * MB, 0.5 * MB));
    figures.addBatch([INCREMENTAL, MAJOR], reading(20.3 * MB, 0.3 * MB), 0.4);
    expect(figures.live).toBe(20 * MB);
    expect(figures.liveExact).toBe(true);
    expect(figures.reclaimed[MAJOR]).toBeCloseTo(60 * MB, -3);
    expect(figures.reclaimed[MINOR]).toBe(0);
  });

  it('a major GC followed by scavenges, with another major GC in its batch, or read late: the live figure is marked as an estimate', () => {
    const figures = new HeapFigures(false);
    figures.start(reading(80 * MB, 0.5 * MB));
    figures.addBatch([MAJOR, MINOR, MINOR], reading(25 * MB, 0.3 * MB));
    expect(figures.liveExact).toBe(false);
    figures.addBatch([MAJOR], reading(22 * MB, 0.2 * MB), LIVE_READ_WITHIN_MS + 1);
    expect(figures.liveExact).toBe(false);
    expect(figures.liveEstimates).toBe(2);
    figures.addBatch([MAJOR], reading(21 * MB, 0.1 * MB), 0);
    expect(figures.liveExact).toBe(true);
    // several major GCs in one batch: a synchronous run was filling the old generation
    figures.addBatch([MAJOR, INCREMENTAL, MAJOR], reading(21 * MB, 0.1 * MB), 0);
    expect(figures.liveExact).toBe(false);
    expect(figures.liveEstimates).toBe(3);
    figures.addBatch([MAJOR], reading(21 * MB, 0.1 * MB), 0);
    expect(figures.liveExact).toBe(true);
    // weak callbacks after it are no GC of their own: still exact
    figures.addBatch([MINOR, MAJOR, WEAKCB], reading(20 * MB, 0.1 * MB), 0);
    expect(figures.liveExact).toBe(true);
    expect(figures.liveEstimates).toBe(3);
  });

  it('the estimated allocation is the growth of the used heap plus everything reclaimed, and never goes down', () => {
    const figures = new HeapFigures(false);
    figures.start(reading(10 * MB, 0));
    figures.addBatch([MINOR], reading(10.2 * MB, 0.1 * MB));
    const reclaimed = figures.reclaimed[MINOR]!;
    expect(figures.allocated(reading(10.5 * MB, 0.4 * MB))).toBeCloseTo(0.5 * MB + reclaimed, 0);
    expect(figures.allocated(reading(10.1 * MB, 0.4 * MB))).toBeCloseTo(0.5 * MB + reclaimed, 0);
  });

  it('Node 26: the allocation is the growth of total_allocated_bytes, across disable and enable', () => {
    const figures = new HeapFigures(true);
    figures.start(reading(10 * MB, 0, MB, 100 * MB));
    figures.stop(reading(10 * MB, 0, MB, 130 * MB));
    expect(figures.allocated(undefined)).toBe(30 * MB);
    figures.start(reading(10 * MB, 0, MB, 500 * MB));
    expect(figures.allocated(reading(10 * MB, 0, MB, 505 * MB))).toBe(35 * MB);
  });
});

describe('youngAllocated', () => {
  it('several scavenges in one batch: each fills the new space, whose capacity doubles up to the later reading', () => {
    const before = reading(10 * MB, 0.5 * MB, 1 * MB);
    const after = reading(12 * MB, 0.2 * MB, 4 * MB);
    // fills: 1 MB from 0.5 MB; 2 MB from the 10% of 1 MB the first left; 4 MB from 10% of 2 MB
    const expected = 0.5 * MB + (2 * MB - 0.1 * MB) + (4 * MB - 0.2 * MB);
    expect(youngAllocated([MINOR, MINOR, MINOR], before, after, 0.1)).toBeCloseTo(expected, 0);
  });

  it('a major GC empties the new space; what the later reading shows was allocated after it', () => {
    expect(youngAllocated([MAJOR], reading(50 * MB, 0.5 * MB), reading(20 * MB, 0.3 * MB), 0.1)).toBe(
      0.3 * MB,
    );
  });
});
