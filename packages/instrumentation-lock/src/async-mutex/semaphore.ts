import { recordWeighted, reportError } from '@statewatch/instrumentation-common';
import { nowMs } from '../clock';
import type { LockMetrics, LockSeries } from '../lock-metrics';
import { MS } from '../lock-metrics';
import type { AnyFunction, MutexInternals, QueuedTask, SemaphoreInternals } from '../internal-types';
import { hiddenSlot } from '../hidden';
import type { HiddenSlot } from '../hidden';
import type { MethodWrapper } from '../wrap';
import { Hold, LockState, Request, UnlockWaiter } from './state';

/*
 * async-mutex 0.5.x. A Mutex is built on an internal Semaphore, and every Mutex operation
 * (acquire, runExclusive, waitForUnlock, release, cancel) goes through it; Semaphore.runExclusive
 * calls this.acquire. So acquisitions are counted in one place, Semaphore.prototype.acquire, under
 * the kind of the lock the user holds: a Mutex's methods mark its semaphore as a mutex first.
 *
 * Grants are seen in the Semaphore itself (_dispatchItem), not through an extra promise: an
 * uncontended grant happens synchronously inside acquire, a queued one inside release(). No property is added to the library's objects: state lives in a hidden slot of the
 * semaphore (hidden.ts), and every wrapper returns exactly what the library returns.
 *
 * Cost: the wrappers are inlined into the library's callers, within V8's budget of inlined
 * bytecode per optimised function that the library's own methods share. So the acquire-path
 * helpers keep the untimed case inline and call out for the rest (startTimed, openHoldAtOnce,
 * dispatchQueued, adoptAnew, LockState.refresh, LockSeries.timedStart): with the budget raised,
 * the same code costs ~100 instructions less per acquisition (docs/benchmarks.md, issue 18).
 * (Splitting release() the same way measured worse: it moved the library's release out.)
 *
 * Whether an acquisition is timed is decided when acquire() is called (the lock's sampler, see
 * LockSeries.startTiming; always for a decorator's): an untimed one reads no clock and records
 * no duration, but is counted (acquisitions, waiters) like every other.
 */
export const SEMAPHORE_METHODS = ['acquire', 'waitForUnlock', 'release', 'cancel', '_dispatchItem'];
export const MUTEX_METHODS = ['acquire', 'runExclusive', 'waitForUnlock'];

export class SemaphorePatches {
  /** Per-semaphore state, in a hidden slot (see hidden.ts). */
  private readonly states: HiddenSlot<LockState> = hiddenSlot<LockState>();
  /**
   * The lock whose acquire() is running (restored when it returns, so nested calls on other
   * locks stay apart): a grant of its semaphore seen now is that acquire's own, immediate one,
   * and _dispatchItem needs no lookup of the state for it.
   */
  private acquiring: LockState | undefined = undefined;

  constructor(
    private readonly metrics: LockMetrics,
    private readonly wrapper: MethodWrapper,
  ) {}

  /** The state of a semaphore (created as a plain semaphore on first use). */
  stateOf(sem: object): LockState {
    let st = this.states.get(sem);
    if (st === undefined) this.states.set(sem, (st = new LockState(this.metrics, sem, sem, 'semaphore')));
    return st;
  }

  /** The state behind a Mutex or Semaphore the user holds. */
  stateOfLock(lock: object): LockState {
    const sem = (lock as Partial<MutexInternals>)._semaphore;
    if (sem === undefined) return this.stateOf(lock);
    this.adopt(lock, sem);
    return this.stateOf(sem);
  }

  patch(semaphore: object, mutex: object | undefined): void {
    // The wrapper runs with the library's `this`; `p` is these patches.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    const w = this.wrapper;
    w.wrap(semaphore, 'acquire', (original) => p.acquire(original));
    w.wrap(semaphore, '_dispatchItem', (original) => p.dispatchItem(original));
    w.wrap(semaphore, 'release', (original) => p.release(original));
    w.wrap(semaphore, 'cancel', (original) => p.cancel(original));
    w.wrap(semaphore, 'waitForUnlock', (original) => p.waitForUnlock(original));
    if (mutex !== undefined)
      for (const name of MUTEX_METHODS)
        w.wrap(
          mutex,
          name,
          (original) =>
            ({
              // Mutex methods: mark the internal semaphore as this mutex before it is used.
              method(this: MutexInternals) {
                const sem = this._semaphore;
                if (sem !== undefined) p.adopt(this, sem);
                // eslint-disable-next-line prefer-rest-params
                return original.apply(this, arguments as unknown as unknown[]);
              },
            }).method,
        );
  }

  unpatch(semaphore: object | undefined, mutex: object | undefined): void {
    if (semaphore !== undefined) for (const name of SEMAPHORE_METHODS) this.wrapper.unwrap(semaphore, name);
    if (mutex !== undefined) for (const name of MUTEX_METHODS) this.wrapper.unwrap(mutex, name);
  }

  /** Marks `sem` as the semaphore of `mutex` (kind mutex); tasks queued meanwhile keep their Requests. */
  adopt(mutex: object, sem: object): void {
    const st = this.states.get(sem);
    if (st === undefined || st.owner !== mutex) this.adoptAnew(mutex, sem, st);
  }

  private adoptAnew(mutex: object, sem: object, st: LockState | undefined): void {
    const next = new LockState(this.metrics, sem, mutex, 'mutex');
    if (st !== undefined) {
      next.firstWaiting = st.firstWaiting;
      next.lastWaiting = st.lastWaiting;
    }
    this.states.set(sem, next);
  }

  private acquire(original: AnyFunction): AnyFunction {
    // The wrapper runs with the library's `this`; `p` is these patches.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      acquire(this: SemaphoreInternals) {
        const st = p.states.get(this) ?? p.stateOf(this);
        const outer = p.acquiring;
        p.acquiring = st;
        st.grantedWeight = 0;
        const series = startRequest(st);
        let result;
        try {
          // eslint-disable-next-line prefer-rest-params
          result = original.apply(this, arguments as unknown as unknown[]);
        } finally {
          p.acquiring = outer;
        }
        if (st.grantedWeight !== 0) grantedAtOnce(st, series);
        else p.queued(this, st);
        return result;
      },
    }.acquire;
  }

  /** A caller that was queued: it waits from now on. */
  private queued(sem: SemaphoreInternals, st: LockState): void {
    try {
      const queue = sem._queue;
      // The new task is the last one unless priorities put it earlier: the last unknown one.
      // Known tasks after it are the end of the waiting list, in the same order.
      let i = queue.length - 1;
      let before = st.lastWaiting;
      while (i >= 0 && before !== undefined && before.task === queue[i]) {
        i--;
        before = before.prev;
      }
      if (i < 0) return;
      const request = new Request(st, st.askedAt, queue[i]!, st.askWeight);
      insertAfter(st, before, request);
      request.seq = ++st.queued;
      st.resolve().waiters.add(1);
    } catch (err) {
      reportError('async-mutex acquire', err);
    }
  }

  private dispatchItem(original: AnyFunction): AnyFunction {
    // The wrapper runs with the library's `this`; `p` is these patches.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      _dispatchItem(this: SemaphoreInternals, item: QueuedTask) {
        const now = p.acquiring;
        if (now !== undefined && now.semaphore === this) {
          // Inside acquire(): only its own task can be dispatched; acquire() records the grant.
          now.grantedWeight = item.weight;
          return original.call(this, item);
        }
        return p.dispatchQueued(this, item, original);
      },
    }._dispatchItem;
  }

  /** A queued task is granted (by release or setValue): its Request's wait ends. */
  private dispatchQueued(sem: SemaphoreInternals, item: QueuedTask, original: AnyFunction): unknown {
    const st = this.states.get(sem);
    const request = st === undefined ? undefined : takeRequest(st, item);
    const result = original.call(sem, item);
    if (request !== undefined) grantedQueued(st!, request, item.weight);
    return result;
  }

  /**
   * Semaphore.release(weight) (called by the library's releasers, by Mutex.release() and by the
   * user) closes the oldest holds it covers.
   */
  private release(original: AnyFunction): AnyFunction {
    // The wrapper runs with the library's `this`; `p` is these patches.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      release(this: SemaphoreInternals, weight?: number) {
        const st = p.states.get(this);
        // eslint-disable-next-line prefer-rest-params
        const args = arguments as unknown as unknown[];
        if (st === undefined) return original.apply(this, args);
        const outer = st.releasedAt;
        if (st.untimedHeld !== 0 || st.oldest !== undefined) {
          let left = weight === undefined ? 1 : weight;
          if (st.untimedHeld !== 0 && left > 0) {
            // Untimed holds of weight 1: nothing to record.
            const closed = left < st.untimedHeld ? left : st.untimedHeld;
            st.untimedHeld -= closed;
            left -= closed;
          }
          while (left > 0 && st.oldest !== undefined) {
            left -= st.oldest.weight;
            const endedAt = closeHold(st, st.oldest);
            if (endedAt !== 0) st.releasedAt = endedAt;
          }
        }
        try {
          return original.apply(this, args);
        } finally {
          st.releasedAt = outer;
        }
      },
    }.release;
  }

  /** cancel() rejects every queued caller: each ends with outcome `canceled`. */
  private cancel(original: AnyFunction): AnyFunction {
    // The wrapper runs with the library's `this`; `p` is these patches.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      cancel(this: SemaphoreInternals) {
        try {
          const st = p.states.get(this);
          if (st !== undefined && st.firstWaiting !== undefined) {
            const now = nowMs();
            const queued = new Set(this._queue);
            for (let r: Request | undefined = st.firstWaiting; r !== undefined; r = r.next)
              if (queued.has(r.task)) r.giveUp('canceled', now);
            // The library empties the queue.
            st.firstWaiting = st.lastWaiting = undefined;
          }
        } catch (err) {
          reportError('async-mutex cancel', err);
        }
        // eslint-disable-next-line prefer-rest-params
        return original.apply(this, arguments as unknown as unknown[]);
      },
    }.cancel;
  }

  /**
   * waitForUnlock() does not take the lock: its caller counts as a waiter while it waits (no
   * wait duration, no acquisition).
   */
  private waitForUnlock(original: AnyFunction): AnyFunction {
    // The wrapper runs with the library's `this`; `p` is these patches.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      waitForUnlock(this: SemaphoreInternals, weight?: number, priority?: number) {
        let waiter: UnlockWaiter | undefined;
        try {
          const w = weight === undefined ? 1 : weight;
          if (w > 0 && this._couldLockImmediately(w, priority === undefined ? 0 : priority) === false) {
            const st = p.states.get(this) ?? p.stateOf(this);
            waiter = new UnlockWaiter(st.resolve());
            waiter.series.waiters.add(1);
            st.lastUnlockWaiter = waiter;
          }
        } catch (err) {
          reportError('async-mutex waitForUnlock', err);
        }
        // eslint-disable-next-line prefer-rest-params
        const result = original.apply(this, arguments as unknown as unknown[]) as Promise<void>;
        // This promise only ever resolves, and more reactions do not delay the caller's.
        if (waiter !== undefined) result.then(() => waiter.end());
        return result;
      },
    }.waitForUnlock;
  }
}

/**
 * Decides whether the acquire() starting now is timed (its clock reading and weight in
 * `st.askedAt` / `st.askWeight`, 0 when not); returns the lock's series (undefined if that
 * failed). Never throws.
 */
function startRequest(st: LockState): LockSeries | undefined {
  st.askedAt = 0;
  st.askWeight = 0;
  try {
    const series = st.resolve();
    // The common case inlines the sampler's countdown alone; a timed request calls out.
    if (st.timeAlways || series.sampler.shouldTime()) startTimed(st, series);
    return series;
  } catch (err) {
    reportError('async-mutex acquire', err);
    return undefined;
  }
}

/** The acquire() starting now is timed: its clock reading and weight. */
function startTimed(st: LockState, series: LockSeries): void {
  if (st.timeAlways) {
    // A decorator's acquisition already pays for a timer; its give-up must be seen exactly
    // (weight 1, and the sampler's countdown is left alone).
    st.askedAt = nowMs();
    st.askWeight = 1;
    return;
  }
  st.askedAt = series.timedStart();
  st.askWeight = series.sampler.weight;
}

/** The running acquire() was granted at once (`st.grantedWeight` units): count it, open its hold. */
function grantedAtOnce(st: LockState, series: LockSeries | undefined): void {
  if (series === undefined) return;
  series.uncontended.add(1);
  // The common case, a count: an untimed one-unit hold while no linked hold is open.
  if (st.askWeight === 0 && st.grantedWeight === 1 && st.newest === undefined) st.untimedHeld++;
  else openHoldAtOnce(st, series);
}

function openHoldAtOnce(st: LockState, series: LockSeries): void {
  try {
    const sampleWeight = st.askWeight;
    let since = 0;
    if (sampleWeight !== 0) {
      // Granted inside the acquire() that read the clock: no second reading.
      recordWeighted(series.waitAcquired, 0, sampleWeight);
      since = series.holdStart(st.askedAt);
    }
    openHold(st, since, st.grantedWeight, sampleWeight);
  } catch (err) {
    reportError('async-mutex grant', err);
  }
}

/**
 * A queued request was granted (`weight` units, by a release or setValue): its wait ends.
 * The caller gets the library's own releaser: it calls release(weight), which closes the
 * oldest open hold (a weighted semaphore released out of order pairs its holds oldest-first:
 * the sum of holds stays exact).
 */
function grantedQueued(st: LockState, request: Request, weight: number): void {
  try {
    // A decorator that gave up (timeout, tryAcquire) releases at once: already counted.
    if (request.done) return;
    request.done = true;
    request.clearDeadline();
    const series = st.resolve();
    series.waiters.add(-1);
    series.contended.add(1);
    const sampleWeight = request.weight;
    let since = 0;
    if (sampleWeight !== 0) {
      const grantedAt = st.releasedAt !== 0 ? st.releasedAt : nowMs();
      recordWeighted(series.waitAcquired, (grantedAt - request.askedAt) * MS, sampleWeight);
      since = series.holdStart(grantedAt);
    }
    openHold(st, since, weight, sampleWeight);
  } catch (err) {
    reportError('async-mutex grant', err);
  }
}

/** Opens a hold of `weight` units granted at `since`, timed with `sampleWeight` (0: untimed). */
function openHold(st: LockState, since: number, weight: number, sampleWeight: number): void {
  const newest = st.newest;
  if (sampleWeight === 0 && weight === 1 && newest === undefined) {
    st.untimedHeld++;
    return;
  }
  const hold = new Hold(since, weight, sampleWeight);
  if (newest === undefined) st.oldest = hold;
  else {
    newest.next = hold;
    hold.prev = newest;
  }
  st.newest = hold;
}

/** Links `request` into the waiting list after `before` (first if `before` is undefined). */
function insertAfter(st: LockState, before: Request | undefined, request: Request): void {
  const after = before === undefined ? st.firstWaiting : before.next;
  request.prev = before;
  request.next = after;
  if (before === undefined) st.firstWaiting = request;
  else before.next = request;
  if (after === undefined) st.lastWaiting = request;
  else after.prev = request;
}

/** The Request of a task leaving the queue (always its first task), if it has one. */
function takeRequest(st: LockState, item: QueuedTask): Request | undefined {
  try {
    let request = st.firstWaiting;
    // Rare: a task queued before the patch, or Requests of tasks that left the queue unseen.
    while (request !== undefined && request.task !== item) request = request.next;
    if (request === undefined) return undefined;
    // Everything before it has left the queue: unlink them all with it.
    const next = request.next;
    st.firstWaiting = next;
    if (next === undefined) st.lastWaiting = undefined;
    else next.prev = undefined;
    request.prev = request.next = undefined;
    return request;
  } catch (err) {
    reportError('async-mutex dispatch', err);
    return undefined;
  }
}

/** Ends a hold; returns the time it ended (0 if untimed or recording failed). */
function closeHold(st: LockState, hold: Hold): number {
  try {
    hold.open = false;
    let now = 0;
    if (hold.sampleWeight !== 0) {
      now = nowMs();
      recordWeighted(st.resolve().hold, (now - hold.since) * MS, hold.sampleWeight);
    }
    const { prev, next } = hold;
    if (prev === undefined) st.oldest = next;
    else prev.next = next;
    if (next === undefined) st.newest = prev;
    else next.prev = prev;
    return now;
  } catch (err) {
    reportError('async-mutex release', err);
    return 0;
  }
}
