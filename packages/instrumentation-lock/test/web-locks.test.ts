import dc from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { setup, sleep } from './utils/setup';

// Node 24.5+ has navigator.locks; the unit suite also runs on Node 22, where these are skipped
// (and the instrumentation leaves the missing API alone: see instrumentation.test.ts).
const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
const env = setup();
const lock = (name: string) => ({ 'lock.name': name, 'lock.kind': 'web_lock' });

describe.skipIf(locks === undefined)('Web Locks: measurement truth', () => {
  it('10 exclusive requests holding for 50 ms: waits 0, 50, …, 450 ms', async () => {
    const asked: number[] = [];
    const released: number[] = [];
    const waitersWhenGranted: number[] = [];
    const all = Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        asked[i] = performance.now();
        return locks!.request('ten', async () => {
          // A free lock runs the first callback inside request(): read once every request is made.
          await new Promise((r) => setImmediate(r));
          waitersWhenGranted.push((await env.snapshot()).waiters(lock('ten')));
          await sleep(50);
          released.push(performance.now());
          return i;
        });
      }),
    );
    await sleep(10);
    expect((await env.snapshot()).waiters(lock('ten'))).toBe(9);
    expect(await all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Down by one at each grant, never drifting: 9 is the peak.
    expect(waitersWhenGranted).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const s = await env.snapshot();
    const wait = s.wait({ ...lock('ten'), 'lock.outcome': 'acquired' });
    const hold = s.hold(lock('ten'));
    expect(wait.count).toBe(10);
    expect(hold.count).toBe(10);
    expect(wait.sum).toBeGreaterThanOrEqual(2.25 - 0.005);
    expect(hold.sum).toBeGreaterThanOrEqual(0.5 - 0.005);
    const trueWait = asked.slice(1).reduce((acc, t, i) => acc + (released[i]! - t), 0) / 1000;
    // The lock manager hands the lock over a few event-loop turns after the holder's promise
    // settles: real waiting of the next caller, a little more under load.
    expect(wait.sum).toBeGreaterThanOrEqual(trueWait - 0.002);
    expect(wait.sum - trueWait).toBeLessThan(Math.max(0.01, 0.02 * trueWait));
    expect(s.acquisitions({ ...lock('ten'), 'lock.contended': 'true' })).toBe(9);
    expect(s.acquisitions({ ...lock('ten'), 'lock.contended': 'false' })).toBe(1);
    expect(s.waiters(lock('ten'))).toBe(0);
  });

  it('shared requests run together; an exclusive one waits for them', async () => {
    const order: string[] = [];
    const shared = [1, 2, 3].map((i) =>
      locks!.request('rw', { mode: 'shared' }, async () => {
        order.push(`s${i}`);
        await sleep(30);
      }),
    );
    const exclusive = locks!.request('rw', () => order.push('x'));
    await Promise.all([...shared, exclusive]);
    expect(order).toEqual(['s1', 's2', 's3', 'x']);
    const s = await env.snapshot();
    expect(s.acquisitions({ ...lock('rw'), 'lock.contended': 'false' })).toBe(3);
    expect(s.acquisitions({ ...lock('rw'), 'lock.contended': 'true' })).toBe(1);
    expect(s.wait({ ...lock('rw'), 'lock.outcome': 'acquired' }).sum).toBeGreaterThanOrEqual(0.029);
    expect(s.waiters(lock('rw'))).toBe(0);
  });

  it('ifAvailable on a held lock: outcome rejected, the callback gets null', async () => {
    let release!: () => void;
    const held = locks!.request('busy', () => new Promise<void>((r) => (release = r)));
    await sleep(5);
    const got = await locks!.request('busy', { ifAvailable: true }, (l) => l);
    expect(got).toBeNull();
    release();
    await held;
    const s = await env.snapshot();
    expect(s.wait({ ...lock('busy'), 'lock.outcome': 'rejected' }).count).toBe(1);
    expect(s.acquisitions(lock('busy'))).toBe(1);
    expect(s.waiters(lock('busy'))).toBe(0);
  });

  it('an aborted request: outcome canceled, the same AbortError', async () => {
    let release!: () => void;
    const held = locks!.request('abort', () => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const aborted = locks!.request('abort', { signal: controller.signal }, () => 'never');
    await sleep(20);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await held;
    await sleep(5); // Node drops the aborted request once it reaches the head of the queue
    const s = await env.snapshot();
    const canceled = s.wait({ ...lock('abort'), 'lock.outcome': 'canceled' });
    expect(canceled.count).toBe(1);
    expect(canceled.sum).toBeGreaterThanOrEqual(0.019);
    expect(s.acquisitions(lock('abort'))).toBe(1);
    expect(s.waiters(lock('abort'))).toBe(0);
  });

  // The one Web Locks exception: Node publishes no abort reason (next test), so a timeout is
  // `canceled` like any abort; reading `options.signal` ourselves would be seen by the program.
  it('AbortSignal.timeout() and an abort with a reason of its own: both canceled, waiting until Node drops them', async () => {
    let release!: () => void;
    const held = locks!.request('abort-reasons', () => new Promise<void>((r) => (release = r)));
    // The lock manager keeps no timer alive: the test's own sleep does.
    const askedTimedOut = performance.now();
    const timedOut = locks!.request('abort-reasons', { signal: AbortSignal.timeout(20) }, () => 'never');
    const timedOutError = expect(timedOut).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const askedAborted = performance.now();
    const aborted = locks!.request('abort-reasons', { signal: controller.signal }, () => 'never');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    await sleep(40);
    await timedOutError;
    const releasedAt = performance.now();
    release();
    await held;
    await sleep(5); // Node drops an aborted request once it reaches the head of the queue
    const s = await env.snapshot();
    const w = lock('abort-reasons');
    expect(s.wait({ ...w, 'lock.outcome': 'timeout' }).count).toBe(0);
    const canceled = s.wait({ ...w, 'lock.outcome': 'canceled' });
    expect(canceled.count).toBe(2);
    // Independent truth: both waited from their request until the holder let go (not until their
    // abort), plus the few event-loop turns the lock manager takes to reach them.
    const trueWait = (releasedAt - askedTimedOut + (releasedAt - askedAborted)) / 1000;
    expect(canceled.sum).toBeGreaterThanOrEqual(trueWait - 0.002);
    expect(canceled.sum - trueWait).toBeLessThan(Math.max(0.01, 0.02 * trueWait));
    expect(s.wait({ ...w, 'lock.outcome': 'acquired' }).count).toBe(1);
    expect(s.acquisitions(w)).toBe(1);
    expect(s.waiters(w)).toBe(0);
  });

  it("Node's channels publish no abort reason: an aborted request's messages name no signal and no error", async () => {
    const seen: { channel: string; keys: string[]; error: unknown }[] = [];
    const record = (channel: string) => (m: unknown) => {
      const msg = m as { name?: string; error?: unknown };
      if (msg.name === 'no-reason') seen.push({ channel, keys: Object.keys(msg), error: msg.error });
    };
    const channels = ['start', 'grant', 'miss', 'end'].map((c) => [`locks.request.${c}`, record(c)] as const);
    for (const [name, fn] of channels) dc.subscribe(name, fn);
    try {
      let release!: () => void;
      const held = locks!.request('no-reason', () => new Promise<void>((r) => (release = r)));
      const timedOut = locks!.request('no-reason', { signal: AbortSignal.timeout(5) }, () => 'never');
      await expect(timedOut).rejects.toMatchObject({ name: 'TimeoutError' });
      release();
      await held;
      await sleep(5);
    } finally {
      for (const [name, fn] of channels) dc.unsubscribe(name, fn);
    }
    const messages = ['name', 'mode'];
    const end = ['name', 'mode', 'ifAvailable', 'steal', 'error'];
    expect(seen).toEqual([
      { channel: 'start', keys: messages, error: undefined },
      { channel: 'grant', keys: messages, error: undefined },
      { channel: 'start', keys: messages, error: undefined },
      { channel: 'end', keys: end, error: undefined }, // the holder
      { channel: 'end', keys: end, error: undefined }, // the timed-out request: no TimeoutError
    ]);
  });

  it('errors of the callback and of the request reach the caller unchanged', async () => {
    const boom = new Error('boom');
    await expect(locks!.request('err', () => Promise.reject(boom))).rejects.toBe(boom);
    await expect(
      locks!.request('err', () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(locks!.request('-reserved', () => 1)).rejects.toMatchObject({ name: 'NotSupportedError' });
    const s = await env.snapshot();
    expect(s.hold(lock('err')).count).toBe(2);
    expect(s.waiters(lock('-reserved'))).toBe(0);
    expect(s.acquisitions(lock('-reserved'))).toBe(0);
  });
});
