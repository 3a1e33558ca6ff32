import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { diag } from '@opentelemetry/api';
import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_BOTTLENECK_VERSIONS } from '../src';
import { captureDiagErrors, definitionOf } from './utils/module-definition';

// The bottleneck version matrix (fixtures/bottleneck.cjs): the oldest and newest supported
// release, loaded under its real name by require and by import. Scripted schedules (minTime
// spacing behind one slot, a reservoir refreshed on a timer, drops, a duplicate id, expiration,
// stop) are timed inside the jobs; the recorded figures must match that truth.
const run = promisify(execFile);
const fixtures = join(__dirname, 'fixtures');
const RELEASES = ['bottleneck@2.19.0', 'bottleneck@2.19.5'];

interface Hist {
  count: number;
  sum: number;
}
interface Recorded {
  wait: Hist;
  hold: Hist;
  throttle: Hist;
  canceled: number;
  timeout: number;
  rejected: number;
  contended: number;
  uncontended: number;
  waiters: number;
}
type Truth = Record<string, unknown> & { wait: number; hold: number; throttle: number };
interface Release {
  spaced: Recorded & { truth: Truth; recordedWaitersWhileBusy: number };
  reservoir: Recorded & { truth: Truth };
  outcomes: Recorded & { truth: Record<string, unknown>; free: Recorded; stop: Recorded; group: Recorded };
}

/** As in limiters.test.ts: 2 ms per job between two clock reads, plus one scheduler stall. */
const STALL_MS = 25;
function expectNear(recordedSeconds: number, truthMs: number, jobs: number) {
  expect(Math.abs(recordedSeconds * 1e3 - truthMs)).toBeLessThan(2 * jobs + STALL_MS);
}
/**
 * The throttle truth (a job's start minus the end of the job before it, or its whole wait behind
 * an empty reservoir) also holds the library's own turns, which are neither slot nor rate limit:
 * a slot is freed, and a job registered, each after a setTimeout(0) (measured: 3 ms per job
 * behind minTime, 9 ms per job behind the reservoir). The recording never exceeds the truth.
 */
function expectThrottle(recordedSeconds: number, truthMs: number, throttledJobs: number, turnsMs: number) {
  expect(recordedSeconds * 1e3).toBeLessThan(truthMs + 2 * throttledJobs);
  expect(truthMs - recordedSeconds * 1e3).toBeLessThan(turnsMs * throttledJobs + STALL_MS);
}

describe.each([
  ['CommonJS', ['--preserve-symlinks', '--require', './telemetry.cjs', 'bottleneck.cjs']],
  ['ESM', ['--preserve-symlinks', '--import', './esm-setup.mjs', 'bottleneck.cjs', 'esm']],
])('every supported bottleneck release, %s', (_kind, args) => {
  it('records the scripted schedules as they were timed inside the jobs', async () => {
    const { stdout } = await run(process.execPath, args, { cwd: fixtures, timeout: 60_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, Release>;
    expect(Object.keys(result)).toEqual(RELEASES);
    for (const release of RELEASES) {
      const { spaced, reservoir, outcomes } = result[release]!;
      // maxConcurrent 1, minTime 40: schedule, submit, wrap, wrap.withOptions (priority 1), ~15 ms each.
      expect(spaced.truth.outcomes).toEqual([0, 1, 2, 3]);
      expect(spaced.truth.order).toEqual([0, 3, 1, 2]);
      // Not started 5 ms in: 3 queued, and the first too if its slot was not yet taken.
      expect(spaced.truth.waitingWhileBusy).toBeGreaterThanOrEqual(3);
      expect(spaced.recordedWaitersWhileBusy).toBe(spaced.truth.waitingWhileBusy);
      expect([spaced.wait.count, spaced.hold.count, spaced.throttle.count]).toEqual([4, 4, 4]);
      expect([spaced.contended, spaced.uncontended, spaced.waiters]).toEqual([3, 1, 0]);
      expectNear(spaced.wait.sum, spaced.truth.wait, 4);
      expectNear(spaced.hold.sum, spaced.truth.hold, 4);
      expectThrottle(spaced.throttle.sum, spaced.truth.throttle, 3, 6);
      // Reservoir 2 refreshed every 60 ms, 4 jobs at once, named by the `id` option.
      expect(reservoir.truth.outcomes).toEqual([0, 1, 2, 3]);
      expect([reservoir.wait.count, reservoir.hold.count, reservoir.throttle.count]).toEqual([4, 4, 4]);
      expect([reservoir.contended, reservoir.uncontended, reservoir.waiters]).toEqual([2, 2, 0]);
      expectNear(reservoir.wait.sum, reservoir.truth.wait, 4);
      expectNear(reservoir.hold.sum, reservoir.truth.hold, 4);
      expectThrottle(reservoir.throttle.sum, reservoir.truth.throttle, 2, 12);
      // highWater 1, LEAK: the queued job is dropped when a third arrives.
      expect(outcomes.truth.outcomes).toEqual(['a', 'This job has been dropped by Bottleneck', 'c']);
      expect([outcomes.wait.count, outcomes.rejected, outcomes.waiters]).toEqual([2, 1, 0]);
      // A duplicate id refused; an expiration fires after the function started: acquired, and its
      // hold is the function's run time, not the expiration.
      expect(outcomes.truth.free).toEqual([
        'dup',
        'A job with the same id already exists (id=dup)',
        'This job timed out after 10 ms.',
      ]);
      const free = outcomes.free;
      expect([free.wait.count, free.rejected, free.timeout, free.hold.count, free.waiters]).toEqual([
        2, 1, 0, 2, 0,
      ]);
      expect(free.hold.sum * 1e3).toBeGreaterThanOrEqual((outcomes.truth.expiredHold as number) - 2);
      // stop(): the 2 queued jobs are dropped, rejected; the running one finishes.
      expect(outcomes.truth.queuedAtStop).toBe(2);
      expect(outcomes.truth.stopped).toEqual([
        'ran',
        'This limiter has been stopped.',
        'This limiter has been stopped.',
      ]);
      expect([outcomes.stop.rejected, outcomes.stop.wait.count, outcomes.stop.waiters]).toEqual([2, 1, 0]);
      // A Group key's limiter, named `<group id>-<key>` by its id.
      expect(outcomes.truth.grouped).toEqual(['g', 'h']);
      const { group } = outcomes;
      expect([group.wait.count, group.hold.count, group.contended, group.uncontended]).toEqual([2, 2, 1, 1]);
    }
  }, 90_000);
});

describe('the supported ranges', () => {
  it('are exactly the range whose oldest and newest releases are tested above', () => {
    expect(SUPPORTED_BOTTLENECK_VERSIONS).toEqual(['>=2.19.0 <=2.19.5']);
  });
});

describe('an unknown bottleneck release', () => {
  const errors = captureDiagErrors();
  /** Loads lib/Job.js then lib/Bottleneck.js through their hooks, as require does. */
  function load(def: InstrumentationModuleDefinition, Job: unknown, Bottleneck: unknown, version: string) {
    const file = (name: string) => def.files.find((f) => f.name === `bottleneck/lib/${name}`)!;
    file('Job.js').patch(Job, version);
    return file('Bottleneck.js').patch(Bottleneck, version);
  }

  it('Job without doDrop: nothing is patched, the export returned as it is, reported once', () => {
    class Job {
      doExecute() {}
    }
    class Bottleneck {
      _receive() {}
      _run() {}
      _drainOne() {}
      stop() {}
      queued() {}
    }
    Object.assign(Bottleneck.prototype, {
      instanceDefaults: { datastore: 'local', id: '<no-id>' },
      storeDefaults: { maxConcurrent: null, minTime: 0, reservoir: null },
    });
    const before = [Job, Bottleneck].map((c) => Object.getOwnPropertyDescriptors(c.prototype));
    const def = definitionOf('bottleneck');
    expect(load(def, Job, Bottleneck, '2.19.9')).toBe(Bottleneck);
    expect(load(def, Job, Bottleneck, '2.19.9')).toBe(Bottleneck);
    expect([Job, Bottleneck].map((c) => Object.getOwnPropertyDescriptors(c.prototype))).toEqual(before);
    const mine = errors.filter((e) => e.includes('bottleneck 2.19.9'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('Job.prototype.doDrop');
    diag.disable();
  });
});
