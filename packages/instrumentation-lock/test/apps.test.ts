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
    // 10 tasks × 50 ms on one mutex, through runExclusive: waits 0, 50, …, 450 ms.
    expect(r.peakWaiters).toBe(9);
    expect(r.waitersWhenGranted).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(r.wait.count).toBe(10);
    expect(r.wait.sum).toBeGreaterThanOrEqual(2.25 - 0.005); // timers only fire late
    expect(Math.abs(r.wait.sum - r.trueWait)).toBeLessThan(0.01);
    expect(r.hold.count).toBe(10);
    expect(r.hold.sum).toBeGreaterThanOrEqual(0.5 - 0.005);
    expect(Math.abs(r.hold.sum - r.trueHold)).toBeLessThan(0.01);
    expect(r.contended).toBe(9);
    expect(r.uncontended).toBe(1);
    expect(r.asSemaphore).toBe(0);
    // The library's own errors reach the caller; each outcome is counted once.
    expect([r.timeoutError, r.rejectedError, r.canceledError]).toEqual([true, true, true]);
    expect([r.pool_acquired, r.pool_timeout, r.pool_rejected, r.pool_canceled]).toEqual([1, 1, 1, 1]);
    expect(r.poolWaiters).toBe(0);
    expect(r.poolValue).toBe(2);
    // disable() puts back every original, and records nothing more.
    const all = (v: boolean) =>
      Object.fromEntries(
        [
          'mutexAcquire',
          'mutexRunExclusive',
          'semaphoreAcquire',
          'semaphoreRelease',
          'withTimeout',
          'tryAcquire',
        ].map((k) => [k, v]),
      );
    expect(r.wrappedWhileEnabled).toEqual(all(true));
    expect(r.wrappedAfterDisable).toEqual(all(false));
    expect(r.countedAfterDisable).toBe(0);
  });
});
