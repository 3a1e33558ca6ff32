import { createRequire } from 'node:module';
import { METRIC_LOCK_WAIT_DURATION } from '@statewatch/semconv';
import { describe, expect, it } from 'vitest';
import { nameLock } from '../src';
import { setup, sleep } from './utils/setup';

// recording: 'producer': aggregated in process, reported through the instance's own metric producer.
const env = setup({ recording: 'producer' });
const am = createRequire(import.meta.url)('async-mutex') as typeof import('async-mutex');
const lock = (name: string, kind = 'mutex') => ({ 'lock.name': name, 'lock.kind': kind });

describe("recording: 'producer'", () => {
  it('reports the 10-task schedule exactly like the SDK path', async () => {
    const mutex = nameLock(new am.Mutex(), 'producer-ten');
    const asked: number[] = [];
    const released: number[] = [];
    const all = Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        asked[i] = performance.now();
        await mutex.runExclusive(async () => {
          await sleep(50);
          released.push(performance.now());
        });
      }),
    );
    expect((await env.snapshot()).waiters(lock('producer-ten'))).toBe(9);
    await all;
    const s = await env.snapshot();
    const wait = s.wait({ ...lock('producer-ten'), 'lock.outcome': 'acquired' });
    expect(wait.count).toBe(10);
    expect(wait.sum).toBeGreaterThanOrEqual(2.25 - 0.005);
    const trueWait = asked.slice(1).reduce((acc, t, i) => acc + (released[i]! - t), 0) / 1000;
    expect(Math.abs(wait.sum - trueWait)).toBeLessThan(0.01);
    expect(s.hold(lock('producer-ten')).count).toBe(10);
    expect(s.hold(lock('producer-ten')).sum).toBeGreaterThanOrEqual(0.5 - 0.005);
    expect(s.acquisitions({ ...lock('producer-ten'), 'lock.contended': 'true' })).toBe(9);
    expect(s.acquisitions({ ...lock('producer-ten'), 'lock.contended': 'false' })).toBe(1);
    expect(s.waiters(lock('producer-ten'))).toBe(0);
    // Same scope as the SDK path: the Prometheus label otel_scope_name does not change.
    const scope = (await env.reader.collect()).resourceMetrics.scopeMetrics.find((x) =>
      x.metrics.some((m) => m.descriptor.name === METRIC_LOCK_WAIT_DURATION),
    )!.scope;
    expect(scope.name).toBe('@statewatch/instrumentation-lock');
  });

  it('timeout, tryAcquire and cancel outcomes', async () => {
    const sem = nameLock(new am.Semaphore(1), 'producer-outcomes');
    const [, release] = await sem.acquire();
    await expect(am.withTimeout(sem, 10).acquire()).rejects.toBe(am.E_TIMEOUT);
    await expect(am.tryAcquire(sem).acquire()).rejects.toBe(am.E_ALREADY_LOCKED);
    const queued = sem.acquire();
    sem.cancel();
    await expect(queued).rejects.toBe(am.E_CANCELED);
    release();
    const s = await env.snapshot();
    const w = lock('producer-outcomes', 'semaphore');
    for (const outcome of ['acquired', 'timeout', 'rejected', 'canceled'])
      expect(s.wait({ ...w, 'lock.outcome': outcome }).count).toBe(1);
    expect(s.waiters(w)).toBe(0);
  });
});
