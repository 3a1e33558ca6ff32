import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Real applications in child processes, on the Node running the tests: CommonJS through
// require-in-the-middle, ESM (async-mutex's index.mjs) through the import-in-the-middle hook.
const run = promisify(execFile);
const fixtures = join(__dirname, 'fixtures');
const apps = {
  commonjs: ['--require', './telemetry.cjs', 'app.cjs'],
  esm: ['--import', './esm-setup.mjs', 'app.mjs'],
};

describe.each(Object.entries(apps))('a %s app', (_, args) => {
  it('reports the scripted schedules', async () => {
    const { stdout } = await run(process.execPath, args, { cwd: fixtures, timeout: 60_000 });
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    // 5 tasks × 40 ms on one mutex, through runExclusive.
    expect(r.peakWaiters).toBe(4);
    expect(r.wait.count).toBe(5);
    expect(r.wait.sum).toBeGreaterThanOrEqual(0.4 - 0.005); // timers only fire late
    expect(Math.abs(r.wait.sum - r.trueWait)).toBeLessThan(0.01);
    expect(r.hold.count).toBe(5);
    expect(r.hold.sum).toBeGreaterThanOrEqual(0.2 - 0.005);
    expect(r.contended).toBe(4);
    expect(r.uncontended).toBe(1);
    expect(r.asSemaphore).toBe(0);
    // The library's own errors reach the caller; each outcome is counted once.
    expect([r.timeoutError, r.rejectedError, r.canceledError]).toEqual([true, true, true]);
    expect([r.pool_acquired, r.pool_timeout, r.pool_rejected, r.pool_canceled]).toEqual([1, 1, 1, 1]);
    expect(r.poolWaiters).toBe(0);
    expect(r.poolValue).toBe(2);
  });
});
