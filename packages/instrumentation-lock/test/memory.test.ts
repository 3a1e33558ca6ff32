import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Per-name state is bounded by the lock.name cap: 100,000 distinct names, past the cap, grow the
// heap (after a full GC, in a child process with --expose-gc) by at most 1 MB.
const run = promisify(execFile);
const MB = 1024 * 1024;

describe('bounded memory', () => {
  it.each(['sdk', 'producer'])(
    '100,000 distinct lock names (recording %s): heap growth ≤ 1 MB',
    async (mode) => {
      const { stdout } = await run(
        process.execPath,
        ['--expose-gc', join(__dirname, 'fixtures/memory.cjs'), mode],
        { timeout: 120_000 },
      );
      const r = JSON.parse(stdout.trim().split('\n').pop()!);
      expect(r.asyncMutex).toBeLessThanOrEqual(MB);
      if (globalThis.navigator?.locks !== undefined) expect(r.webLocks).toBeLessThanOrEqual(MB);
      // The SDK path serves at most the cap (200) plus the overflow entry per kind.
      if (mode === 'sdk') expect(r.series['statewatch.lock.waiter.count']).toBeLessThanOrEqual(2 * 201);
    },
  );
});
