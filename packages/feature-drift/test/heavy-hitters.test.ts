// SpaceSaving against exact counts: exact below capacity; beyond it, every kept count within
// its error bound of the truth, every key above total/capacity kept, memory bounded.
import { describe, expect, it } from 'vitest';
import { BaselineBuilder, SpaceSaving } from '../src/index';
import { seededRandom } from '../src/random';

describe('SpaceSaving', () => {
  it('counts exactly while distinct keys fit the counters', () => {
    const s = new SpaceSaving(10);
    for (const k of 'abracadabra') s.add(k);
    expect(s.exact).toBe(true);
    expect(Object.fromEntries(s.entries().map((e) => [e.key, e.count]))).toEqual({
      a: 5,
      b: 2,
      r: 2,
      c: 1,
      d: 1,
    });
  });

  it('beyond capacity: truth within [count - error, count], error <= total/capacity, heavy keys kept', () => {
    const random = seededRandom(7);
    const truth = new Map<string, number>();
    const s = new SpaceSaving(200);
    for (let i = 0; i < 200_000; i++) {
      // 20 heavy keys (~2% each) over a long tail of 100k rare ones.
      const key =
        random() < 0.4 ? `heavy-${Math.floor(random() * 20)}` : `rare-${Math.floor(random() * 100_000)}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
      s.add(key);
    }
    expect(s.exact).toBe(false);
    expect(s.entries()).toHaveLength(200);
    const bound = s.total / s.capacity;
    expect(s.maxError).toBeLessThanOrEqual(bound);
    for (const { key, count, error } of s.entries()) {
      expect(count - error).toBeLessThanOrEqual(truth.get(key)!);
      expect(truth.get(key)!).toBeLessThanOrEqual(count);
      expect(error).toBeLessThanOrEqual(bound);
    }
    const kept = new Set(s.entries().map((e) => e.key));
    for (const [key, n] of truth) if (n > bound) expect(kept.has(key), key).toBe(true);
  });
});

describe('BaselineBuilder with more categories than counters', () => {
  it('keeps the top categories with counts at most maxError below the truth, and says so', () => {
    const b = new BaselineBuilder({ categorical: ['c'], topCategories: 3, maxCategories: 50 });
    const truth: Record<string, number> = { x: 0, y: 0, z: 0 };
    for (let i = 0; i < 30_000; i++) {
      const c = i % 10 < 3 ? ['x', 'y', 'z'][i % 10] : `tail-${i}`;
      if (c in truth) truth[c]++;
      b.add({ c });
    }
    const [sketch] = b.sketched();
    expect(sketch).toMatchObject({ feature: 'c', counters: 50 });
    expect(sketch.maxError).toBeLessThanOrEqual(30_000 / 50);
    const feature = b.build().features.c;
    if (feature.type !== 'categorical') throw new Error('categorical expected');
    expect([...feature.categories].sort()).toEqual(['x', 'y', 'z']);
    feature.categories.forEach((c, i) => {
      expect(feature.counts[i]).toBeLessThanOrEqual(truth[c]);
      expect(truth[c] - feature.counts[i]).toBeLessThanOrEqual(sketch.maxError);
    });
    expect(feature.counts.reduce((a, n) => a + n, 0)).toBe(30_000);
  });
});
