import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { nameLock } from '../src';
import { setup, sleep } from './utils/setup';

// Enabled before async-mutex is loaded, which is then loaded through Node's own require.
const env = setup();
const require = createRequire(import.meta.url);
type AsyncMutex = typeof import('async-mutex');
let am: AsyncMutex;
beforeAll(() => {
  am = require('async-mutex') as AsyncMutex;
});

const lock = (name: string, kind = 'mutex') => ({ 'lock.name': name, 'lock.kind': kind });

describe('async-mutex: measurement truth', () => {
  it('10 tasks holding one mutex for 50 ms: waits 0, 50, …, 450 ms', async () => {
    const mutex = nameLock(new am.Mutex(), 'ten-tasks');
    // Independent truth, in grant order: when each task asked, and when it released.
    const asked: number[] = [];
    const released: number[] = [];
    const waitersWhenGranted: number[] = [];
    const task = async (_: unknown, i: number) => {
      asked[i] = performance.now();
      const release = await mutex.acquire();
      waitersWhenGranted.push((await env.snapshot()).waiters(lock('ten-tasks')));
      await sleep(50);
      released.push(performance.now());
      release();
    };
    const all = Promise.all(Array.from({ length: 10 }, task));
    const during = await env.snapshot();
    expect(during.waiters(lock('ten-tasks'))).toBe(9); // the peak: 1 holder, 9 waiting
    await all;
    // Down by one at each grant, never drifting: 9 is the peak.
    expect(waitersWhenGranted).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const s = await env.snapshot();
    const wait = s.wait({ ...lock('ten-tasks'), 'lock.outcome': 'acquired' });
    const hold = s.hold(lock('ten-tasks'));
    expect(wait.count).toBe(10);
    expect(hold.count).toBe(10);
    // Nominal schedule: 0 + 50 + … + 450 ms = 2.25 s of waiting, 10 × 50 ms of holding (timers
    // only ever fire late, so these are lower bounds) …
    expect(wait.sum).toBeGreaterThanOrEqual(2.25 - 0.005);
    expect(hold.sum).toBeGreaterThanOrEqual(0.5 - 0.005);
    // … and, whatever the timers did, task i (FIFO) waited from its ask until task i-1 released,
    // and held from then until its own release.
    const trueWait = asked.slice(1).reduce((acc, t, i) => acc + (released[i]! - t), 0) / 1000;
    const trueHold =
      released.reduce((acc, r, i) => acc + r - (i === 0 ? asked[0]! : released[i - 1]!), 0) / 1000;
    expect(Math.abs(wait.sum - trueWait)).toBeLessThan(0.01); // < 0.5% of 2.25 s
    expect(Math.abs(hold.sum - trueHold)).toBeLessThan(0.01);
    expect(s.acquisitions({ ...lock('ten-tasks'), 'lock.contended': 'true' })).toBe(9);
    expect(s.acquisitions({ ...lock('ten-tasks'), 'lock.contended': 'false' })).toBe(1);
    expect(s.waiters(lock('ten-tasks'))).toBe(0);
    // Counted once, as a mutex: never the internal semaphore as well.
    expect(s.acquisitions(lock('ten-tasks', 'semaphore'))).toBe(0);
  });

  it('runExclusive is counted exactly once, as a mutex, with the same result and errors', async () => {
    const mutex = nameLock(new am.Mutex(), 'run-exclusive');
    const results = await Promise.all(
      [1, 2, 3].map((i) => mutex.runExclusive(async () => (await sleep(10), i * 2))),
    );
    expect(results).toEqual([2, 4, 6]);
    const boom = new Error('boom');
    await expect(mutex.runExclusive(() => Promise.reject(boom))).rejects.toBe(boom);
    const s = await env.snapshot();
    expect(s.acquisitions(lock('run-exclusive'))).toBe(4);
    expect(s.acquisitions(lock('run-exclusive', 'semaphore'))).toBe(0);
    expect(s.hold(lock('run-exclusive')).count).toBe(4);
    expect(s.hold(lock('run-exclusive')).sum).toBeGreaterThanOrEqual(0.03 - 0.003);
    expect(s.waiters(lock('run-exclusive'))).toBe(0);
  });

  it('mutex.release() without the releaser ends the hold', async () => {
    const mutex = nameLock(new am.Mutex(), 'direct-release');
    await mutex.acquire();
    await sleep(20);
    mutex.release();
    const s = await env.snapshot();
    expect(s.hold(lock('direct-release')).count).toBe(1);
    expect(s.hold(lock('direct-release')).sum).toBeGreaterThanOrEqual(0.019);
  });

  it('a semaphore with weights: queued in order, each grant counted once', async () => {
    const sem = nameLock(new am.Semaphore(3), 'weights');
    const [v1, r1] = await sem.acquire(2); // 3 → 1
    expect(v1).toBe(3);
    const order: string[] = [];
    const askedHeavy = performance.now();
    const heavy = sem.acquire(3).then(([, r]) => (order.push('heavy'), r)); // waits for all 3
    const askedLight = performance.now();
    const light = sem.acquire(1).then(([, r]) => (order.push('light'), r)); // FIFO: behind heavy
    let s = await env.snapshot();
    expect(s.waiters(lock('weights', 'semaphore'))).toBe(2);
    await sleep(30);
    const releasedFirst = performance.now();
    r1(); // heavy is granted here …
    const rHeavy = await heavy;
    await sleep(20);
    const releasedHeavy = performance.now();
    rHeavy(); // … and light here
    const rLight = await light;
    rLight();
    expect(order).toEqual(['heavy', 'light']);
    s = await env.snapshot();
    const w = lock('weights', 'semaphore');
    expect(s.acquisitions({ ...w, 'lock.contended': 'false' })).toBe(1);
    expect(s.acquisitions({ ...w, 'lock.contended': 'true' })).toBe(2);
    const wait = s.wait({ ...w, 'lock.outcome': 'acquired' });
    expect(wait.count).toBe(3);
    // 0 for the first, ~30 ms for heavy, ~50 ms for light.
    const trueWait = (releasedFirst - askedHeavy + (releasedHeavy - askedLight)) / 1000;
    expect(wait.sum).toBeGreaterThanOrEqual(0.08 - 0.003);
    expect(Math.abs(wait.sum - trueWait)).toBeLessThan(0.003);
    expect(s.hold(w).count).toBe(3);
    expect(s.hold(w).sum).toBeGreaterThanOrEqual(0.05 - 0.003);
    expect(s.waiters(w)).toBe(0);
  });

  it('priorities are kept: the higher priority waiter goes first', async () => {
    const sem = nameLock(new am.Semaphore(1), 'priorities');
    const [, release] = await sem.acquire();
    const order: number[] = [];
    const waits = [0, 5, 1].map((p) => sem.acquire(1, p).then(([, r]) => (order.push(p), r())));
    release();
    await Promise.all(waits);
    expect(order).toEqual([5, 1, 0]);
    const s = await env.snapshot();
    expect(s.acquisitions(lock('priorities', 'semaphore'))).toBe(4);
    expect(s.waiters(lock('priorities', 'semaphore'))).toBe(0);
  });

  it('priorities: each wait is matched to its own caller, whatever its place in the queue', async () => {
    const sem = nameLock(new am.Semaphore(1), 'priority-waits');
    const w = lock('priority-waits', 'semaphore');
    const [, release] = await sem.acquire();
    const asked = performance.now();
    const low = sem.acquire(1, 0).then(([, r]) => (r(), performance.now()));
    // Queued first (priority 5), gives up after 20 ms; granted later and released at once.
    const timed = am.withTimeout(sem, 20).acquire(1, 5);
    const mid = sem.acquire(1, 1).then(([, r]) => (r(), performance.now()));
    expect((await env.snapshot()).waiters(w)).toBe(3);
    await expect(timed).rejects.toBe(am.E_TIMEOUT);
    expect((await env.snapshot()).waiters(w)).toBe(2);
    await sleep(20);
    release();
    const [lowAt, midAt] = await Promise.all([low, mid]);
    expect(midAt).toBeLessThanOrEqual(lowAt);
    const s = await env.snapshot();
    expect(s.waiters(w)).toBe(0);
    expect(s.wait({ ...w, 'lock.outcome': 'timeout' }).count).toBe(1);
    expect(s.acquisitions({ ...w, 'lock.contended': 'true' })).toBe(2); // not the abandoned one
    const acquired = s.wait({ ...w, 'lock.outcome': 'acquired' });
    expect(acquired.count).toBe(3);
    // Both waited from `asked` until the release (~40 ms), not the timed-out caller's 20 ms.
    expect(acquired.sum).toBeGreaterThanOrEqual(2 * 0.04 - 0.003);
    expect(acquired.sum).toBeLessThanOrEqual((lowAt - asked + midAt - asked) / 1000 + 0.003);
  });

  it('withTimeout: outcome timeout, once; the abandoned request is not counted when granted later', async () => {
    const sem = nameLock(new am.Semaphore(1), 'timeouts');
    const timed = am.withTimeout(sem, 30);
    const [, release] = await timed.acquire();
    const t0 = performance.now();
    await expect(timed.acquire()).rejects.toBe(am.E_TIMEOUT);
    const waited = (performance.now() - t0) / 1000;
    let s = await env.snapshot();
    const w = lock('timeouts', 'semaphore');
    expect(s.waiters(w)).toBe(0);
    const timeout = s.wait({ ...w, 'lock.outcome': 'timeout' });
    expect(timeout.count).toBe(1);
    expect(timeout.sum).toBeGreaterThanOrEqual(0.029);
    expect(timeout.sum).toBeLessThanOrEqual(waited + 0.002);
    release(); // the library now grants the abandoned request and releases it at once
    await sleep(5);
    s = await env.snapshot();
    expect(s.acquisitions(w)).toBe(1);
    expect(s.hold(w).count).toBe(1);
    expect(s.wait({ ...w, 'lock.outcome': 'timeout' }).count).toBe(1);
    expect(s.waiters(w)).toBe(0);
    expect(sem.getValue()).toBe(1);
  });

  it('withTimeout on a mutex: runExclusive through the decorator', async () => {
    const mutex = nameLock(new am.Mutex(), 'timeout-mutex');
    const timed = am.withTimeout(mutex, 20);
    const release = await mutex.acquire();
    await expect(timed.runExclusive(() => 1)).rejects.toBe(am.E_TIMEOUT);
    release();
    await expect(timed.runExclusive(() => 7)).resolves.toBe(7);
    const s = await env.snapshot();
    const m = lock('timeout-mutex');
    expect(s.wait({ ...m, 'lock.outcome': 'timeout' }).count).toBe(1);
    expect(s.acquisitions(m)).toBe(2);
    expect(s.waiters(m)).toBe(0);
  });

  it('tryAcquire: outcome rejected when locked, acquired when free', async () => {
    const mutex = nameLock(new am.Mutex(), 'try');
    const release = await am.tryAcquire(mutex).acquire();
    await expect(am.tryAcquire(mutex).acquire()).rejects.toBe(am.E_ALREADY_LOCKED);
    release();
    await sleep(5);
    const s = await env.snapshot();
    const m = lock('try');
    expect(s.wait({ ...m, 'lock.outcome': 'rejected' }).count).toBe(1);
    expect(s.wait({ ...m, 'lock.outcome': 'timeout' }).count).toBe(0);
    expect(s.acquisitions(m)).toBe(1);
    expect(s.waiters(m)).toBe(0);
  });

  it('cancel(): every queued caller ends canceled, once', async () => {
    const mutex = nameLock(new am.Mutex(), 'cancel');
    const release = await mutex.acquire();
    const waiting = [mutex.acquire(), mutex.acquire(), mutex.runExclusive(() => 1)];
    const timed = am.withTimeout(mutex, 1000).acquire();
    await sleep(10);
    expect((await env.snapshot()).waiters(lock('cancel'))).toBe(4);
    mutex.cancel();
    for (const p of waiting) await expect(p).rejects.toBe(am.E_CANCELED);
    await expect(timed).rejects.toBe(am.E_CANCELED);
    release();
    const s = await env.snapshot();
    const m = lock('cancel');
    expect(s.wait({ ...m, 'lock.outcome': 'canceled' }).count).toBe(4);
    expect(s.wait({ ...m, 'lock.outcome': 'timeout' }).count).toBe(0);
    expect(s.waiters(m)).toBe(0);
    expect(s.acquisitions(m)).toBe(1);
  });

  it('waitForUnlock: a waiter while it waits, not an acquisition', async () => {
    const mutex = nameLock(new am.Mutex(), 'unlock');
    const release = await mutex.acquire();
    const unlocked = mutex.waitForUnlock();
    const timed = am.withTimeout(mutex, 10).waitForUnlock();
    expect((await env.snapshot()).waiters(lock('unlock'))).toBe(2);
    await expect(timed).rejects.toBe(am.E_TIMEOUT);
    expect((await env.snapshot()).waiters(lock('unlock'))).toBe(1);
    release();
    await unlocked;
    const s = await env.snapshot();
    expect(s.waiters(lock('unlock'))).toBe(0);
    expect(s.acquisitions(lock('unlock'))).toBe(1);
    await expect(mutex.waitForUnlock()).resolves.toBeUndefined();
  });

  it('unnamed locks report `unnamed`; nameLock on a lock in use takes effect on the next acquisition', async () => {
    const mutex = new am.Mutex();
    await mutex.runExclusive(() => undefined);
    nameLock(mutex, 'renamed');
    await mutex.runExclusive(() => undefined);
    const s = await env.snapshot();
    expect(s.acquisitions(lock('unnamed'))).toBeGreaterThanOrEqual(1);
    expect(s.acquisitions(lock('renamed'))).toBe(1);
    expect(() => nameLock(mutex, '')).toThrow(/non-empty string/);
  });

  it('behaves like the bare library on invalid input', async () => {
    const sem = new am.Semaphore(1);
    expect(() => sem.acquire(0)).toThrow(/invalid weight 0/);
    expect(() => am.withTimeout(sem, 10).acquire(-1)).toThrow(/invalid weight -1/);
    expect(() => sem.waitForUnlock(0)).toThrow(/invalid weight 0/);
  });
});
