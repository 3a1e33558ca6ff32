import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  SUPPORTED_ASYNC_LOCK_VERSIONS,
  SUPPORTED_ASYNC_SEMA_VERSIONS,
  SUPPORTED_P_LIMIT_VERSIONS,
  SUPPORTED_P_QUEUE_VERSIONS,
} from '../src';

// The limiter version matrix (fixtures/limiters.cjs): the oldest and newest release of each
// supported major of p-limit, p-queue, async-sema and async-lock, loaded under their real names, through require
// (the CommonJS releases) and through import (every release). Each runs a scripted schedule
// whose waits and holds are timed inside the tasks; the recorded figures must match that truth.
const run = promisify(execFile);
const fixtures = join(__dirname, 'fixtures');
const P_LIMIT = ['3.0.0', '3.1.0', '4.0.0', '5.0.0', '6.0.0', '6.2.0', '7.0.0', '7.3.3'];
const ASYNC_SEMA = ['3.0.0', '3.1.1'];
const ASYNC_LOCK = ['1.0.0', '1.5.0'];
const P_QUEUE = ['6.0.1', '6.6.2', '7.0.0', '7.4.1', '8.0.0', '8.1.1', '9.0.0', '9.3.5', '10.0.0'];
const COMMONJS = new Set([
  'p-limit@3.0.0',
  'p-limit@3.1.0',
  ...ASYNC_SEMA.map((v) => `async-sema@${v}`),
  ...ASYNC_LOCK.map((v) => `async-lock@${v}`),
  'p-queue@6.0.1',
  'p-queue@6.6.2',
]);

interface Hist {
  count: number;
  sum: number;
}
interface Recorded {
  wait: Hist;
  hold: Hist;
  canceled: number;
  timeout: number;
  rejected: number;
  contended: number;
  uncontended: number;
  waiters: number;
}
interface Run extends Recorded {
  truth: Record<string, unknown> & { wait: number; hold: number; started: number };
  recordedWaitersWhileBusy: number;
  cleared?: Recorded;
  pending?: Recorded;
}

/**
 * Recorded seconds against the truth in ms: within 2 ms per task (the clock reads differ by a turn
 * or two), plus one scheduler stall: on a loaded 2-core CI machine the process was once descheduled
 * for 17 ms between the instrumentation's clock read and the task's own.
 */
const STALL_MS = 25;
function expectNear(recordedSeconds: number, truthMs: number, tasks: number) {
  expect(Math.abs(recordedSeconds * 1e3 - truthMs)).toBeLessThan(2 * tasks + STALL_MS);
}

describe.each([
  ['CommonJS', ['--preserve-symlinks', '--require', './telemetry.cjs', 'limiters.cjs']],
  ['ESM', ['--preserve-symlinks', '--import', './esm-setup.mjs', 'limiters.cjs', 'esm']],
])('every supported limiter release, %s', (kind, args) => {
  it('records the scripted schedules as they were timed inside the tasks', async () => {
    const { stdout } = await run(process.execPath, args, { cwd: fixtures, timeout: 120_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, Run>;
    const releases = [
      ...P_LIMIT.map((v) => `p-limit@${v}`),
      ...ASYNC_SEMA.map((v) => `async-sema@${v}`),
      ...ASYNC_LOCK.map((v) => `async-lock@${v}`),
      ...P_QUEUE.map((v) => `p-queue@${v}`),
    ].filter((r) => kind === 'ESM' || COMMONJS.has(r));
    expect(Object.keys(result)).toEqual(releases);
    for (const release of releases) {
      const r = result[release]!;
      if (release.startsWith('p-limit')) {
        // Concurrency 2, 6 tasks asked at once: 2 start on free slots, 4 queue; one throws.
        expect(r.truth.outcomes).toEqual([0, 1, 2, 3, 'task 4', 'sync throw']);
        expect(r.truth.shape).toEqual(['number', 'number', 'generator', 1]);
        expect(r.truth.pendingWhileBusy).toBe(4);
        expect(r.recordedWaitersWhileBusy).toBe(r.truth.pendingWhileBusy);
        expect([r.wait.count, r.hold.count, r.contended, r.uncontended]).toEqual([6, 6, 4, 2]);
        expectNear(r.wait.sum, r.truth.wait, 6);
        expectNear(r.hold.sum, r.truth.hold, 6);
        // clearQueue drops the 2 queued tasks: outcome canceled, no waiter left.
        expect(r.truth.clearedPending).toBe(2);
        expect([r.cleared!.canceled, r.cleared!.wait.count, r.cleared!.waiters]).toEqual([2, 1, 0]);
      } else if (release.startsWith('p-queue')) {
        // Concurrency 2, 5 tasks added at once (the last with priority 1): 2 start, 3 queue.
        expect(r.truth.order).toEqual([0, 1, 4, 2, 3]);
        expect(r.truth.pendingWhileBusy).toBe(3);
        expect(r.recordedWaitersWhileBusy).toBe(3);
        expect([r.wait.count, r.hold.count, r.contended, r.uncontended]).toEqual([5, 5, 3, 2]);
        expectNear(r.wait.sum, r.truth.wait, 5);
        expectNear(r.hold.sum, r.truth.hold, 5);
        // A paused queue of 2, cleared: both canceled.
        expect(r.truth.clearedPending).toBe(2);
        expect([r.cleared!.canceled, r.cleared!.wait.count, r.cleared!.waiters]).toEqual([2, 0, 0]);
      } else if (release.startsWith('async-lock')) {
        // One key, 4 tasks at once (2 in callback mode): 1 runs, 3 queue; a 5th times out in the queue.
        expect(r.truth.outcomes).toEqual([
          'promise',
          'cb',
          'promise',
          'cb',
          expect.stringMatching(/timed out/),
        ]);
        expect(r.recordedWaitersWhileBusy).toBe(3);
        expect([r.wait.count, r.hold.count, r.contended, r.uncontended, r.timeout]).toEqual([4, 4, 3, 1, 1]);
        expectNear(r.wait.sum, r.truth.wait, 4);
        expectNear(r.hold.sum, r.truth.hold, 4);
        // maxPending 1: the third caller is refused at once.
        expect(r.truth.refused).toMatch(/pending tasks/);
        expect([r.pending!.rejected, r.pending!.wait.count, r.pending!.waiters]).toEqual([1, 2, 0]);
      } else {
        // 2 tokens, 8 tasks: 2 granted at once, 6 queue (and tryAcquire, 3.1+, finds none).
        expect(r.truth.pendingWhileBusy).toBe(6);
        expect(r.recordedWaitersWhileBusy).toBe(6);
        expect([r.wait.count, r.hold.count, r.contended, r.uncontended]).toEqual([8, 8, 6, 2]);
        expect(r.rejected).toBe(r.truth.tryAcquireWhileBusy === 'none' ? 1 : 0);
        expectNear(r.wait.sum, r.truth.wait, 8);
        expectNear(r.hold.sum, r.truth.hold, 8);
      }
      expect(r.truth.started).toBe(r.wait.count);
      expect(r.waiters).toBe(0);
    }
  }, 150_000);
});

describe('the supported ranges', () => {
  it('are exactly the ranges whose oldest and newest releases are tested above', () => {
    expect(SUPPORTED_P_LIMIT_VERSIONS).toEqual(['>=3.0.0 <4', '>=4.0.0 <8']);
    expect(SUPPORTED_ASYNC_SEMA_VERSIONS).toEqual(['>=3.0.0 <4']);
    expect(SUPPORTED_ASYNC_LOCK_VERSIONS).toEqual(['>=1.0.0 <2']);
    expect(SUPPORTED_P_QUEUE_VERSIONS).toEqual(['>=6.0.1 <7', '>=7.0.0 <11']);
  });
});
