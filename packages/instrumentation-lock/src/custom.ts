import { recordWeighted, reportError } from '@statewatch/instrumentation-common';
import type { LockOutcome } from '@statewatch/semconv';
import { nowMs } from './clock';
import type { LockMetrics, LockSeries } from './lock-metrics';
import { hiddenSlot } from './hidden';
import { MS } from './lock-metrics';

/** How `instrumentLock` reads an acquire that failed. */
export type OutcomeOfError = (error: unknown) => Exclude<LockOutcome, 'acquired'>;

export interface InstrumentLockOptions {
  /** `lock.name` of this lock (capped per the contract). @default 'unnamed' */
  name?: string;
  /** Name of the method that acquires. It may return a promise; a function it resolves to is a releaser. @default 'acquire' */
  acquire?: string;
  /** Name of the method that releases (on the lock, or on the handle acquire resolves to). @default 'release' */
  release?: string;
  /**
   * Outcome of an acquire that threw or rejected. By default an error named like `*Timeout*` is
   * `timeout`, an `AbortError` is `canceled`, anything else `rejected`.
   */
  outcomeOf?: OutcomeOfError;
}

export const defaultOutcomeOf: OutcomeOfError = (error) => {
  const name = `${(error as { name?: string } | null)?.name ?? ''} ${(error as { code?: string } | null)?.code ?? ''}`;
  if (/abort/i.test(name)) return 'canceled';
  if (/timeout|timedout/i.test(name)) return 'timeout';
  return 'rejected';
};

/** The metrics of the enabled LockInstrumentation; custom locks record nothing without one. */
let active: LockMetrics | undefined;
export function setActiveMetrics(metrics: LockMetrics | undefined): void {
  active = metrics;
}

/** Locks already given to instrumentLock (a hidden slot: no property is added to the lock). */
const instrumented = hiddenSlot<true>();

/**
 * Reports any lock (a redis or file lock, your own) with the statewatch lock metrics, kind
 * `custom`: wraps `lock[acquire]` and `lock[release]` on this object and returns it. An acquire
 * that resolves to a function (a releaser) or to an object with a `release` method (a handle)
 * has that wrapped too, so the hold ends whichever way the lock is released.
 *
 * `lock.contended` is true when another acquisition of this lock object was held or waiting in
 * this process when it was asked for; the wait is measured either way. Recording never changes
 * what the lock returns or throws, and nothing is recorded while no LockInstrumentation is
 * enabled. Acquisitions are counted exactly; wait and hold durations are timed for the
 * acquisitions the lock's sampler picks when they are asked for (weighted, see `overheadBudget`).
 */
export function instrumentLock<T extends object>(lock: T, options: InstrumentLockOptions = {}): T {
  const acquireName = options.acquire ?? 'acquire';
  const releaseName = options.release ?? 'release';
  const target = lock as Record<string | symbol, unknown>;
  if (typeof target[acquireName] !== 'function')
    throw new TypeError(`instrumentLock: the lock has no method ${JSON.stringify(acquireName)}`);
  if (instrumented.get(lock) === true) return lock;
  instrumented.set(lock, true);
  const tracker = new CustomLock(options.name, options.outcomeOf ?? defaultOutcomeOf);
  const acquire = target[acquireName] as (...args: unknown[]) => unknown;
  target[acquireName] = function (this: unknown, ...args: unknown[]) {
    const ask = tracker.ask();
    let result: unknown;
    try {
      result = acquire.apply(this, args);
    } catch (err) {
      tracker.failed(ask, err);
      throw err;
    }
    if (result !== null && typeof (result as PromiseLike<unknown>)?.then === 'function') {
      return Promise.resolve(result).then(
        (handle) => tracker.granted(ask, handle, releaseName),
        (err: unknown) => {
          tracker.failed(ask, err);
          throw err;
        },
      );
    }
    return tracker.granted(ask, result, releaseName);
  };
  const release = target[releaseName];
  if (typeof release === 'function')
    target[releaseName] = function (this: unknown, ...args: unknown[]) {
      tracker.releaseOldest();
      return (release as (...a: unknown[]) => unknown).apply(this, args);
    };
  return lock;
}

interface Ask {
  /** 0 when untimed. */
  askedAt: number;
  /** The sampling weight of its wait and hold; 0: untimed. */
  weight: number;
  contended: boolean;
  series: LockSeries | undefined;
}

interface Hold {
  /** 0 when untimed. */
  since: number;
  weight: number;
  series: LockSeries;
  open: boolean;
}

class CustomLock {
  private waiting = 0;
  private readonly holds: Hold[] = [];
  /** Nonzero while a releaser or handle release runs: a nested lock-level release is the same one. */
  private releasing = 0;
  private resolved: { metrics: LockMetrics; series: LockSeries } | undefined;

  constructor(
    private readonly name: string | undefined,
    private readonly outcomeOf: OutcomeOfError,
  ) {}

  private series(): LockSeries | undefined {
    const metrics = active;
    if (metrics === undefined) return undefined;
    if (this.resolved?.metrics !== metrics)
      this.resolved = { metrics, series: metrics.series(this.name, 'custom') };
    return this.resolved.series;
  }

  ask(): Ask {
    const ask: Ask = {
      askedAt: 0,
      weight: 0,
      contended: this.waiting > 0 || this.holds.length > 0,
      series: undefined,
    };
    try {
      const series = (ask.series = this.series());
      this.waiting++;
      if (series !== undefined) {
        series.waiters.add(1);
        ask.askedAt = series.startTiming();
        if (ask.askedAt !== 0) ask.weight = series.sampler.weight;
      }
    } catch (err) {
      reportError('custom lock acquire', err);
    }
    return ask;
  }

  granted(ask: Ask, handle: unknown, releaseName: string): unknown {
    try {
      this.waiting--;
      const series = ask.series;
      if (series === undefined) return handle;
      const weight = ask.weight;
      const now = weight === 0 ? 0 : nowMs();
      series.waiters.add(-1);
      (ask.contended ? series.contended : series.uncontended).add(1);
      let since = 0;
      if (weight !== 0) {
        recordWeighted(series.waitAcquired, (now - ask.askedAt) * MS, weight);
        since = series.holdStart(now);
      }
      const hold: Hold = { since, weight, series, open: true };
      this.holds.push(hold);
      const lock = this as CustomLock;
      const wrapRelease = (release: (...a: unknown[]) => unknown) => {
        const self = lock;
        return function (this: unknown, ...args: unknown[]) {
          self.close(hold);
          self.releasing++;
          try {
            return release.apply(this, args);
          } finally {
            self.releasing--;
          }
        };
      };
      if (typeof handle === 'function') return wrapRelease(handle as (...a: unknown[]) => unknown);
      const own = handle as Record<string, unknown> | null;
      if (own !== null && typeof own === 'object' && typeof own[releaseName] === 'function')
        own[releaseName] = wrapRelease(own[releaseName] as (...a: unknown[]) => unknown);
    } catch (err) {
      reportError('custom lock grant', err);
    }
    return handle;
  }

  failed(ask: Ask, err: unknown): void {
    try {
      this.waiting--;
      const series = ask.series;
      if (series === undefined) return;
      series.waiters.add(-1);
      if (ask.weight !== 0)
        recordWeighted(series.waitFor(this.outcomeOf(err)), (nowMs() - ask.askedAt) * MS, ask.weight);
    } catch (e) {
      reportError('custom lock failure', e);
    }
  }

  /** A lock-level release closes the oldest open hold (unless a releaser already did). */
  releaseOldest(): void {
    if (this.releasing === 0 && this.holds.length > 0) this.close(this.holds[0]!);
  }

  private close(hold: Hold): void {
    if (!hold.open) return;
    hold.open = false;
    try {
      if (hold.weight !== 0) recordWeighted(hold.series.hold, (nowMs() - hold.since) * MS, hold.weight);
      const i = this.holds.indexOf(hold);
      if (i >= 0) this.holds.splice(i, 1);
    } catch (err) {
      reportError('custom lock release', err);
    }
  }
}
