import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedisServer, startRedisServers } from '../../../test/utils/redis-server';
import type { RedisServer } from '../../../test/utils/redis-server';
import { SUPPORTED_REDLOCK_VERSIONS } from '../src';

// The redlock version matrix (fixtures/redlock.cjs) against three real Redis servers (a quorum of
// two): each supported release, by require and by import, runs scripted schedules whose waits and
// holds are timed inside the fixture and whose attempts and extensions Redis itself saw (MONITOR).
const run = promisify(execFile);
const fixtures = join(__dirname, 'fixtures');
const haveRedis = requireRedisServer('redlock truth test');
const RELEASES = ['redlock@4.2.0', 'redlock@5.0.0-beta.1', 'redlock@5.0.0-beta2'];

interface Hist {
  count: number;
  sum: number;
}
interface Recorded {
  wait: Hist;
  rejected: Hist;
  hold: Hist;
  contended: number;
  uncontended: number;
  waiters: number;
  attempts: number;
  extensions: number;
  lost: number;
}
type Schedule = { truth: Record<string, number | string | boolean | undefined>; recorded: Recorded };

/** Within 2 ms per timed interval, plus one scheduler stall (a loaded 2-core machine). */
const STALL_MS = 25;
function expectNear(recordedSeconds: number, truthMs: number, intervals: number) {
  expect(Math.abs(recordedSeconds * 1e3 - truthMs)).toBeLessThan(2 * intervals + STALL_MS);
}
function expectWithin(recordedSeconds: number, atLeastMs: number, atMostMs: number) {
  expect(recordedSeconds * 1e3).toBeGreaterThanOrEqual(atLeastMs - 2);
  expect(recordedSeconds * 1e3).toBeLessThanOrEqual(atMostMs + 2);
}

let servers: RedisServer[] = [];
beforeAll(async () => {
  if (haveRedis) servers = await startRedisServers(3);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe.skipIf(!haveRedis).each([
  ['CommonJS', ['--preserve-symlinks', '--require', './telemetry.cjs', 'redlock.cjs']],
  ['ESM', ['--preserve-symlinks', '--import', './esm-setup.mjs', 'redlock.cjs', 'esm']],
])('every supported redlock release, %s, against real Redis', (kind, args) => {
  it('records the scripted schedules as they were timed and as Redis saw them', async () => {
    const { stdout } = await run(process.execPath, args, {
      cwd: fixtures,
      timeout: 120_000,
      env: { ...process.env, REDIS_PORTS: servers.map((s) => s.port).join(',') },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, Record<string, Schedule>> &
      Record<string, { wrapped: string[]; recorded: Recorded }>;
    const leaked = kind === 'CommonJS' ? RELEASES.map((r) => `leaked ${r}`) : [];
    expect(Object.keys(result)).toEqual([...RELEASES, ...leaked, 'redlock@4.0.0']);
    for (const l of leaked) {
      // 10,000 leases left to expire, then one acquire and release: recorded.
      const { leases, recorded } = result[l] as unknown as { leases: number; recorded: Recorded };
      expect(leases).toBe(10_000);
      expect([recorded.attempts, recorded.uncontended, recorded.wait.count, recorded.hold.count]).toEqual([
        1, 1, 1, 1,
      ]);
    }
    for (const release of RELEASES) {
      const r = result[release]!;
      const v5 = release.startsWith('redlock@5');

      // One attempt, one extension, released while held.
      const basic = r.basic!;
      expect([basic.truth.attempts, basic.truth.extensions]).toEqual([1, 1]);
      expect([basic.recorded.attempts, basic.recorded.extensions, basic.recorded.lost]).toEqual([1, 1, 0]);
      expect([basic.recorded.wait.count, basic.recorded.hold.count, basic.recorded.uncontended]).toEqual([
        1, 1, 1,
      ]);
      expectNear(basic.recorded.wait.sum, basic.truth.wait as number, 1);
      expectNear(basic.recorded.hold.sum, basic.truth.hold as number, 1);

      // B retried until A released: attempts = 1 (A) + 1 + B's retries, as Redis counted them.
      const c = r.contended!;
      expect(c.truth.attempts).toBe(c.truth.libraryAttempts);
      expect(c.truth.attempts as number).toBeGreaterThan(2);
      expect(c.recorded.attempts).toBe(c.truth.attempts);
      expect(c.truth.waitersWhileRetrying).toBe(1);
      expect([
        c.recorded.wait.count,
        c.recorded.contended,
        c.recorded.uncontended,
        c.recorded.waiters,
      ]).toEqual([2, 1, 1, 0]);
      expectNear(c.recorded.wait.sum, c.truth.wait as number, 2);
      expectNear(c.recorded.hold.sum, c.truth.hold as number, 2);
      expect(c.recorded.lost).toBe(0);

      // Every attempt failed: retryCount 2 = 3 attempts, outcome rejected.
      const f = r.failing!;
      expect(f.truth.error).toBe(v5 ? 'ExecutionError' : 'LockError');
      expect([f.truth.libraryAttempts, f.truth.attempts]).toEqual([3, 4]); // + the holder's one
      expect(f.recorded.attempts).toBe(4);
      expect([f.recorded.rejected.count, f.recorded.wait.count, f.recorded.waiters]).toEqual([1, 1, 0]);
      expectNear(f.recorded.rejected.sum, f.truth.rejectedWait as number, 1);

      // Expired before its release: lost; the hold lasted until the release.
      const e = r.expired!;
      expect(e.truth.releaseError).toBe(v5 ? 'ExecutionError' : 'LockError');
      expect([e.recorded.lost, e.recorded.hold.count]).toEqual([1, 1]);
      expectNear(e.recorded.hold.sum, e.truth.hold as number, 1);

      // Key deleted under the holder: the extension fails, lost.
      const d = r.deleted!;
      expect(d.truth.extendError).toBe(v5 ? 'ExecutionError' : 'LockError');
      expect([d.recorded.lost, d.recorded.extensions, d.recorded.hold.count]).toEqual([1, 0, 1]);
      expectWithin(d.recorded.hold.sum, d.truth.holdAtLeast as number, d.truth.holdAtMost as number);

      if (v5) {
        // using(): its automatic extensions, as Redis received them, all succeeded.
        const u = r.using!;
        expect(u.truth.aborted).toBe(false);
        expect(u.truth.extensions as number).toBeGreaterThanOrEqual(2);
        expect([u.recorded.extensions, u.recorded.lost, u.recorded.hold.count]).toEqual([
          u.truth.extensions,
          0,
          1,
        ]);
        expectNear(u.recorded.wait.sum, u.truth.wait as number, 1);
        expectWithin(u.recorded.hold.sum, u.truth.holdAtLeast as number, u.truth.holdAtMost as number);

        // using() whose key was deleted: the first automatic extension failed (lost), then the
        // library kept trying until the lease expired and aborted the signal.
        const a = r.aborted!;
        expect(a.truth.extensionsTried as number).toBeGreaterThanOrEqual(1);
        expect(a.truth.usingError).toBe('ExecutionError'); // its release found the key gone too
        expect([a.recorded.lost, a.recorded.extensions, a.recorded.hold.count]).toEqual([1, 0, 1]);
        expectNear(a.recorded.hold.sum, a.truth.hold as number, 2);
        expect(a.recorded.hold.sum * 1e3).toBeLessThanOrEqual((a.truth.holdAtMost as number) + 2);
      }
    }
    // Outside the range: untouched, nothing recorded.
    const old = result['redlock@4.0.0']!;
    expect(old.wrapped).toEqual([]);
    expect([old.recorded.wait.count, old.recorded.attempts]).toEqual([0, 0]);
  }, 150_000);
});

describe('the supported redlock ranges', () => {
  it('are exactly the releases tested above (4.2.0, the last 4.x; 5.0.0-beta.1 and 5.0.0-beta2)', () => {
    expect(SUPPORTED_REDLOCK_VERSIONS).toEqual(['4.2.0', '5.0.0-beta.1', '5.0.0-beta2']);
  });
});
