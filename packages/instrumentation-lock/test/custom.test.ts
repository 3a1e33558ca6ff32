import { describe, expect, it } from 'vitest';
import { instrumentLock } from '../src';
import { setup, sleep } from './utils/setup';

const env = setup();
const lock = (name: string) => ({ 'lock.name': name, 'lock.kind': 'custom' });

/** A small lock of our own, like a file or redis lock: acquire() resolves to a handle. */
class ToyLock {
  private held = false;
  private readonly queue: Array<() => void> = [];
  async acquire(timeoutMs = Infinity): Promise<{ release(): void }> {
    if (this.held) {
      await new Promise<void>((resolve, reject) => {
        this.queue.push(resolve);
        if (timeoutMs !== Infinity)
          setTimeout(() => {
            const i = this.queue.indexOf(resolve);
            if (i >= 0) {
              this.queue.splice(i, 1);
              reject(Object.assign(new Error('lock timed out'), { name: 'LockTimeoutError' }));
            }
          }, timeoutMs);
      });
    }
    this.held = true;
    return { release: () => this.release() };
  }
  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }
}

describe('instrumentLock', () => {
  it('reports the scripted schedule of a custom lock', async () => {
    const toy = instrumentLock(new ToyLock(), { name: 'toy' });
    const asked: number[] = [];
    const released: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        asked[i] = performance.now();
        const handle = await toy.acquire();
        await sleep(20);
        released.push(performance.now());
        handle.release();
      }),
    );
    const s = await env.snapshot();
    const wait = s.wait({ ...lock('toy'), 'lock.outcome': 'acquired' });
    expect(wait.count).toBe(5);
    expect(wait.sum).toBeGreaterThanOrEqual((20 + 40 + 60 + 80) / 1000 - 0.005);
    const trueWait = asked.slice(1).reduce((acc, t, i) => acc + (released[i]! - t), 0) / 1000;
    expect(Math.abs(wait.sum - trueWait)).toBeLessThan(0.01);
    expect(s.hold(lock('toy')).count).toBe(5);
    expect(s.acquisitions({ ...lock('toy'), 'lock.contended': 'true' })).toBe(4);
    expect(s.acquisitions({ ...lock('toy'), 'lock.contended': 'false' })).toBe(1);
    expect(s.waiters(lock('toy'))).toBe(0);
  });

  it('a failed acquire: outcome from the error, the same error', async () => {
    const toy = instrumentLock(new ToyLock(), { name: 'toy-timeout' });
    const h = await toy.acquire();
    await expect(toy.acquire(10)).rejects.toMatchObject({ name: 'LockTimeoutError' });
    toy.release(); // the lock-level release ends the hold too
    const s = await env.snapshot();
    expect(s.wait({ ...lock('toy-timeout'), 'lock.outcome': 'timeout' }).count).toBe(1);
    expect(s.hold(lock('toy-timeout')).count).toBe(1);
    h.release(); // already ended: not counted twice
    expect((await env.snapshot()).hold(lock('toy-timeout')).count).toBe(1);
    expect((await env.snapshot()).waiters(lock('toy-timeout'))).toBe(0);
  });

  it('acquire functions that return a releaser, and custom method names', async () => {
    let locked = false;
    const fileLock = {
      lock: async () => {
        locked = true;
        return () => {
          locked = false;
          return 'released';
        };
      },
    };
    instrumentLock(fileLock, { name: 'file', acquire: 'lock' });
    const release = await fileLock.lock();
    expect(locked).toBe(true);
    expect(release()).toBe('released');
    expect(locked).toBe(false);
    const s = await env.snapshot();
    expect(s.acquisitions(lock('file'))).toBe(1);
    expect(s.hold(lock('file')).count).toBe(1);
    expect(() => instrumentLock({}, { name: 'x' })).toThrow(/no method "acquire"/);
  });
});
