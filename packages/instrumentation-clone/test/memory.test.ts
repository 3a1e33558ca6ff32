import { describe, expect, it } from 'vitest';
import { runFixtureJson } from './utils/run-app';

describe('memory is bounded by the site cap', () => {
  it('100,000 distinct sites per strategy grow the heap after a full GC by at most 1 MB, and say so once', async () => {
    const result = await runFixtureJson<{
      growth: number;
      overflow: number;
      distinctSites: number;
      warnings: string[];
    }>(['--expose-gc', '--require', './setup.cjs'], 'many-sites.cjs');
    expect(result.growth).toBeLessThanOrEqual(1024 * 1024);
    // Warm-up: 1,000 sites per strategy, 200 admitted; then 2 × 100,000 more, all overflow.
    expect(result.overflow).toBe(2 * (1000 - 200) + 2 * 100_000);
    expect(result.distinctSites).toBe(201); // 200 admitted + __overflow__
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /clone\.site reached its cap of 200 distinct values.*attributeValueLimit/,
    );
  }, 60_000);
});
