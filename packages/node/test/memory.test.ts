import { describe, expect, it } from 'vitest';
import { runApp } from './run-app';

const ONE_MB = 1024 * 1024;

describe('bounded memory of FeatureDriftMonitor', () => {
  it('100,000 distinct unknown feature names or categories grow the heap after a full GC by at most 1 MB', async () => {
    const run = await runApp('names-heap.cjs', ['--expose-gc'], {}, 60_000);
    expect(run.code, run.stderr).toBe(0);
    const grown = JSON.parse(run.stdout) as Record<'feature' | 'handle' | 'key' | 'category', number>;
    // observeValue(name), feature(name), a record key, a category value: each path.
    for (const [path, bytes] of Object.entries(grown)) {
      expect(bytes, `${path}: ${bytes} bytes`).toBeLessThanOrEqual(ONE_MB);
    }
  });
});
