import { Semaphore } from 'async-mutex';
import type { CallSites } from './call-sites';
import { LEVELS, type Level } from './options';
import { sleep } from './sleep';

/** Calls the upstream allows at once. */
const UPSTREAM_SLOTS = 2;

/**
 * A rate-limited upstream pricing API: at most `slots` calls in flight, behind a semaphore;
 * callers beyond that wait for a slot (lock contention).
 */
export class Upstream {
  private readonly slots: Semaphore | undefined;
  private readonly latencyMs: number;

  constructor(sites: CallSites, locks: Level) {
    // At 20 quotes/s: ~30% busy at normal, ~80% at high (waits of hundreds of ms).
    this.latencyMs = 5 + 25 * LEVELS[locks];
    this.slots = locks === 'off' ? undefined : sites.nameLock(new Semaphore(UPSTREAM_SLOTS), 'upstream-api');
  }

  async quote(productId: string, quantity: number): Promise<{ productId: string; total: number }> {
    const call = async () => {
      await sleep(this.latencyMs * (0.5 + Math.random()));
      return { productId, total: Math.round(quantity * 9.99 * 100) / 100 };
    };
    return this.slots ? this.slots.runExclusive(call) : call();
  }
}
