import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_LOCK_SAMPLING_INTERVAL } from '@statewatch/semconv';
import { instrumentLock, nameLock } from '../src';
import { webLocksChannelsPublished } from '../src/web-locks';
import { setup } from './utils/setup';

/*
 * Truth tests with sampling forced on: a budget so small that every lock samples at its sparsest
 * (1 in K) after its first 20 ms window. Counts must stay exact; wait and hold histograms are
 * Horvitz–Thompson estimates, checked against the durations the test times itself, within 4σ
 * of the estimator (σ² = Σ (k − 1) y² ≤ (K − 1) Σ y² for independent inclusion with probability
 * 1/k) plus the clock reads' own offset (the test's and the instrumentation's reads are a few
 * statements apart: at most OFFSET_MS per request).
 */
const K = 16;
const OFFSET_MS = 0.005;
// A 20 ms window: the sampler re-measures the rate (and the clock's cost) inside a timed request,
// which that request's k-weighted duration then carries; at most once a window.
const env = setup({ overheadBudget: 1e-6, sampling: { windowMs: 20, maxInterval: K } });
const require = createRequire(import.meta.url);
type AsyncMutex = typeof import('async-mutex');
let am: AsyncMutex;
let pLimit: (concurrency: number) => <T>(fn: () => T) => Promise<T>;
beforeAll(() => {
  am = require('async-mutex') as AsyncMutex;
  pLimit = require('p-limit') as typeof pLimit;
});

const lock = (name: string, kind: string) => ({ 'lock.name': name, 'lock.kind': kind });

/** Spins for `ms` (a hold of known length without a timer). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
/** 0.01–0.2 ms, varied. */
const holdMs = (i: number) => 0.01 + ((i * 37) % 20) * 0.01;

/** The estimate of Σ y (seconds) is within 4σ of the truth (ms), plus the clock offset. */
function expectEstimate(estimateSeconds: number, truthMs: number[], offsetMs = OFFSET_MS) {
  const sum = truthMs.reduce((a, y) => a + y, 0);
  const sumSquares = truthMs.reduce((a, y) => a + y * y, 0);
  const sigma = Math.sqrt((K - 1) * sumSquares);
  expect(Math.abs(estimateSeconds * 1e3 - sum)).toBeLessThanOrEqual(4 * sigma + offsetMs * truthMs.length);
}
/** An estimated count of `n` events (each y = 1): within 4σ. */
function expectCount(estimate: number, n: number) {
  expect(Math.abs(estimate - n)).toBeLessThanOrEqual(4 * Math.sqrt((K - 1) * n));
}

async function interval(attrs: Record<string, string>): Promise<number | undefined> {
  const s = await env.snapshot();
  const points = s.metrics.get(METRIC_LOCK_SAMPLING_INTERVAL)?.dataPoints ?? [];
  const p = points.find((d) => Object.entries(attrs).every(([k, v]) => d.attributes[k] === v));
  return p === undefined ? undefined : (p.value as number);
}

function timedCalls(name: string, kind: 'mutex' | 'custom' | 'limiter' | 'web_lock'): number {
  return env.instrumentation.lockMetrics.series(name, kind).sampler.timedCalls;
}

describe('lock timing samples (forced: 1 in 16)', () => {
  it('async-mutex, uncontended: acquisitions exact, hold and wait estimated', async () => {
    const name = 'sampled-uncontended';
    const mutex = nameLock(new am.Mutex(), name);
    const n = 4000;
    const holds: number[] = [];
    for (let i = 0; i < n; i++) {
      const asked = performance.now();
      const release = await mutex.acquire();
      busy(holdMs(i));
      holds.push(performance.now() - asked);
      release();
    }
    const s = await env.snapshot();
    const l = lock(name, 'mutex');
    expect(s.acquisitions({ ...l, 'lock.contended': 'false' })).toBe(n);
    expect(s.acquisitions({ ...l, 'lock.contended': 'true' })).toBe(0);
    expect(s.waiters(l)).toBe(0);
    expect(await interval(l)).toBe(K);
    expect(timedCalls(name, 'mutex')).toBeLessThan(n / 4);
    const wait = s.wait({ ...l, 'lock.outcome': 'acquired' });
    expectCount(wait.count, n);
    expect(wait.sum).toBe(0); // never queued
    const hold = s.hold(l);
    expectCount(hold.count, n);
    expectEstimate(hold.sum, holds);
  });

  it('async-mutex, 4 callers on one mutex: counts exact, waits and holds estimated', async () => {
    const name = 'sampled-contended';
    const mutex = nameLock(new am.Mutex(), name);
    const perWorker = 1000;
    // Events in program order: a mutex grants FIFO, so the i-th ask is the i-th grant and release.
    let seq = 0;
    const asks: Array<{ at: number; seq: number }> = [];
    const releases: Array<{ at: number; seq: number }> = [];
    const worker = async (w: number) => {
      for (let j = 0; j < perWorker; j++) {
        asks.push({ at: performance.now(), seq: seq++ });
        const release = await mutex.acquire();
        busy(holdMs(w * perWorker + j));
        releases.push({ at: performance.now(), seq: seq++ });
        release();
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    const n = asks.length;
    const waits: number[] = [];
    const holds: number[] = [];
    let contended = 0;
    for (let i = 0; i < n; i++) {
      const before = releases[i - 1];
      const queued = before !== undefined && asks[i]!.seq < before.seq;
      if (queued) contended++;
      const grantedAt = queued ? before.at : asks[i]!.at;
      waits.push(grantedAt - asks[i]!.at);
      holds.push(releases[i]!.at - grantedAt);
    }
    const s = await env.snapshot();
    const l = lock(name, 'mutex');
    expect(contended).toBeGreaterThan(n / 2);
    expect(s.acquisitions({ ...l, 'lock.contended': 'true' })).toBe(contended);
    expect(s.acquisitions({ ...l, 'lock.contended': 'false' })).toBe(n - contended);
    expect(s.waiters(l)).toBe(0);
    expect(await interval(l)).toBe(K);
    expect(timedCalls(name, 'mutex')).toBeLessThan(n / 4);
    const wait = s.wait({ ...l, 'lock.outcome': 'acquired' });
    expectCount(wait.count, n);
    expectEstimate(wait.sum, waits);
    const hold = s.hold(l);
    expectCount(hold.count, n);
    expectEstimate(hold.sum, holds);
  });

  it('async-mutex: tryAcquire and withTimeout give-ups are counted exactly (always timed)', async () => {
    const name = 'sampled-give-ups';
    const mutex = nameLock(new am.Mutex(), name);
    // Plain acquisitions first, until the lock samples at 1 in K (one window).
    const sampler = env.instrumentation.lockMetrics.series(name, 'mutex').sampler;
    let plain = 0;
    while (sampler.interval < K && plain < 1e6) {
      (await mutex.acquire())();
      plain++;
    }
    const release = await mutex.acquire();
    const rejections = 40;
    for (let i = 0; i < rejections; i++)
      await expect(am.tryAcquire(mutex).acquire()).rejects.toBe(am.E_ALREADY_LOCKED);
    const timeouts = 5;
    for (let i = 0; i < timeouts; i++)
      await expect(am.withTimeout(mutex, 2).acquire()).rejects.toBe(am.E_TIMEOUT);
    release();
    const s = await env.snapshot();
    const l = lock(name, 'mutex');
    expect(await interval(l)).toBe(K);
    expect(s.wait({ ...l, 'lock.outcome': 'rejected' }).count).toBe(rejections);
    const timedOut = s.wait({ ...l, 'lock.outcome': 'timeout' });
    expect(timedOut.count).toBe(timeouts);
    expect(timedOut.sum).toBeGreaterThanOrEqual(timeouts * 0.002 - 0.001);
    expect(s.acquisitions(l)).toBe(plain + 1);
    expect(s.waiters(l)).toBe(0);
  });

  it('instrumentLock: acquisitions exact, hold estimated', async () => {
    const name = 'sampled-custom';
    let held = false;
    const own = instrumentLock(
      {
        acquire: () => {
          held = true;
          return Promise.resolve();
        },
        release: () => {
          held = false;
        },
      },
      { name },
    );
    const n = 4000;
    const holds: number[] = [];
    for (let i = 0; i < n; i++) {
      await own.acquire();
      const start = performance.now();
      busy(holdMs(i));
      holds.push(performance.now() - start);
      own.release();
    }
    expect(held).toBe(false);
    const s = await env.snapshot();
    const l = lock(name, 'custom');
    expect(s.acquisitions({ ...l, 'lock.contended': 'false' })).toBe(n);
    expect(await interval(l)).toBe(K);
    expect(timedCalls(name, 'custom')).toBeLessThan(n / 4);
    const hold = s.hold(l);
    expectCount(hold.count, n);
    expectEstimate(hold.sum, holds);
  });

  it('p-limit (the limiters’ shared path): tasks counted exactly, hold estimated', async () => {
    const name = 'sampled-p-limit';
    const limit = nameLock(pLimit(1), name);
    const n = 4000;
    const holds: number[] = [];
    for (let i = 0; i < n; i++)
      await limit(() => {
        const start = performance.now();
        busy(holdMs(i));
        holds.push(performance.now() - start);
      });
    const s = await env.snapshot();
    const l = lock(name, 'limiter');
    expect(s.acquisitions({ ...l, 'lock.contended': 'false' })).toBe(n);
    expect(s.waiters(l)).toBe(0);
    expect(await interval(l)).toBe(K);
    expect(timedCalls(name, 'limiter')).toBeLessThan(n / 4);
    const hold = s.hold(l);
    expectCount(hold.count, n);
    expectEstimate(hold.sum, holds);
  });

  it.skipIf(!webLocksChannelsPublished())('Web Locks: acquisitions exact, hold estimated', async () => {
    const name = 'sampled-web-lock';
    const n = 1000;
    const holds: number[] = [];
    for (let i = 0; i < n; i++) {
      let start = 0;
      await navigator.locks.request(name, () => {
        start = performance.now();
        busy(5 * holdMs(i));
      });
      holds.push(performance.now() - start);
    }
    const s = await env.snapshot();
    const l = lock(name, 'web_lock');
    expect(s.acquisitions({ ...l, 'lock.contended': 'false' })).toBe(n);
    expect(s.waiters(l)).toBe(0);
    expect(await interval(l)).toBe(K);
    expect(timedCalls(name, 'web_lock')).toBeLessThan(n / 4);
    const hold = s.hold(l);
    expectCount(hold.count, n);
    // Node publishes the grant just before the callback and the end a few turns after it returns.
    expectEstimate(hold.sum, holds, 0.05);
  });
});
