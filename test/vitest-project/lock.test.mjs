// async-mutex imported as an app under vitest would (vitest loads it by file URL): statewatch's
// lock metrics count what the test did, scraped from the embedded endpoint.
import { Mutex, Semaphore, tryAcquire } from 'async-mutex';
import { describe, expect, it } from 'vitest';
import { sample, scrape } from './metrics.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('statewatch lock metrics in a vitest project', () => {
  it('counts every acquisition of a contended mutex and a semaphore, and a tryAcquire rejection', async () => {
    const mutex = new Mutex();
    await Promise.all(Array.from({ length: 5 }, () => mutex.runExclusive(() => sleep(5))));
    const semaphore = new Semaphore(2);
    await Promise.all(Array.from({ length: 4 }, () => semaphore.runExclusive(() => sleep(5))));
    const release = await mutex.acquire();
    await expect(tryAcquire(mutex).acquire()).rejects.toThrow(/already locked/);
    release();

    const text = await scrape();
    const acquisitions = (kind, contended) =>
      sample(text, 'statewatch_lock_acquisitions', [`lock_kind="${kind}"`, `lock_contended="${contended}"`]);
    expect(acquisitions('mutex', 'true')).toBe(4);
    expect(acquisitions('mutex', 'false')).toBe(2); // the first runExclusive and the acquire
    expect(acquisitions('semaphore', 'true')).toBe(2);
    expect(acquisitions('semaphore', 'false')).toBe(2);
    const rejected = sample(text, 'statewatch_lock_wait_duration', ['_count', 'lock_outcome="rejected"']);
    expect(rejected).toBe(1);
  });
});
