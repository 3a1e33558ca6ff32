import type { LockKind, LockOutcome } from '@statewatch/semconv';
import { reportError } from '@statewatch/instrumentation-common';
import { nowMs } from './clock';
import { LockMetrics, LockSeries, MS } from './lock-metrics';
import { DECORATED, LOCK_NAME, LOCK_STATE } from './names';
import type {
  AnyFunction,
  Decorator,
  MutexInternals,
  QueuedTask,
  SemaphoreInternals,
} from './internal-types';

/*
 * async-mutex 0.5.x. A Mutex is built on an internal Semaphore, and every Mutex operation
 * (acquire, runExclusive, waitForUnlock, release, cancel) goes through it; Semaphore.runExclusive
 * calls this.acquire. So acquisitions are counted in one place, Semaphore.prototype.acquire, under
 * the kind of the lock the user holds: a Mutex's methods mark its semaphore as a mutex first.
 *
 * Grants are seen in the Semaphore itself (_dispatchItem → _newReleaser), not through an extra
 * promise: an uncontended grant happens synchronously inside acquire, a queued one inside
 * release(). The Requests of queued tasks are kept per lock, in queue order (a linked list from
 * `LockState.firstWaiting`), so cancel() and the withTimeout/tryAcquire decorators can finish them
 * with the right outcome.
 */

/** Per-lock state, kept on the Semaphore (a Mutex's internal one for a Mutex). */
export class LockState {
  /** `undefined` after nameLock: resolved again on the next acquisition. */
  series: LockSeries | undefined = undefined;
  /** Open holds, oldest first (a linked list): a direct release() closes the oldest. */
  oldest: Hold | undefined = undefined;
  newest: Hold | undefined = undefined;
  /**
   * The Requests of the tasks in the semaphore's queue, in queue order (a linked list): the
   * library only inserts a task by priority, takes the first one, or empties the queue, so tasks
   * are matched by position. A WeakMap keyed by each task cost ~0.3 µs per wait (an identity hash
   * and an ephemeron entry per short-lived task), and an array's shift() ~0.7 µs. Requests of
   * tasks that left the queue unseen (while unpatched) can only be first: `takeRequest` drops them.
   */
  firstWaiting: Request | undefined = undefined;
  lastWaiting: Request | undefined = undefined;
  constructor(
    readonly metrics: LockMetrics,
    /** The object the user named: the Mutex, or the Semaphore itself. */
    readonly owner: { [LOCK_NAME]?: string },
    readonly kind: LockKind,
  ) {}

  resolve(): LockSeries {
    return (this.series ??= this.metrics.series(this.owner[LOCK_NAME], this.kind));
  }
}

/** A caller waiting in a semaphore's queue. */
export class Request {
  done = false;
  constructor(
    readonly state: LockState,
    readonly askedAt: number,
    /** The library's queued task. */
    readonly task: QueuedTask,
  ) {}

  /** Neighbours in `LockState`'s list of waiting requests. */
  prev: Request | undefined = undefined;
  next: Request | undefined = undefined;

  /** Ends the wait with an outcome other than `acquired` (the grant path records that). */
  giveUp(outcome: LockOutcome, now: number): void {
    if (this.done) return;
    this.done = true;
    const series = this.state.resolve();
    series.waitFor(outcome).record((now - this.askedAt) * MS);
    series.waiters.add(-1);
  }
}

class Hold {
  open = true;
  prev: Hold | undefined = undefined;
  next: Hold | undefined = undefined;
  constructor(
    readonly since: number,
    readonly weight: number,
  ) {}
}

/** Links a decorator call to the request its inner acquire queued, or to its waitForUnlock. */
interface Link {
  request: Request | undefined;
  unlockWaiter: UnlockWaiter | undefined;
}

class UnlockWaiter {
  counted = true;
  constructor(readonly series: LockSeries) {}
  end(): void {
    if (!this.counted) return;
    this.counted = false;
    this.series.waiters.add(-1);
  }
}

// Synchronous hand-offs between the patched methods (JavaScript runs them without interleaving).
/** The state of the lock whose acquire() is running: a grant seen now is immediate. */
let asking: LockState | undefined;
/** Set by _dispatchItem for _newReleaser: the queued request being granted… */
let grantingRequest: Request | undefined;
/** … or the lock whose acquire() is granted at once (two variables: no instanceof per grant). */
let grantingAtOnce: LockState | undefined;
/** True when the grant of the running acquire() happened synchronously. */
let grantedAtOnce = false;
/** The decorator call whose inner acquire()/waitForUnlock() is running. */
let linking: Link | undefined;
/** Nonzero while a releaser runs, so Semaphore.release does not close a second hold. */
let viaReleaser = 0;
/**
 * The time a release closed a hold, while that release runs: the grant it makes to the next
 * caller happens in the same synchronous call, so one clock read serves both.
 */
let releasedAt = 0;

/** The outcome a decorator reports when it gives up: `timeout` (withTimeout), `rejected` (tryAcquire). */
const OUTCOME = Symbol.for('statewatch.lock.decoratorOutcome');

export interface Wrapper {
  wrap(target: object, name: string, wrapper: (original: AnyFunction) => AnyFunction): void;
  unwrap(target: object, name: string): void;
}

const SEMAPHORE_METHODS = ['acquire', 'waitForUnlock', 'release', 'cancel', '_dispatchItem', '_newReleaser'];
const MUTEX_METHODS = ['acquire', 'runExclusive', 'waitForUnlock'];

/** Patches the Mutex and Semaphore prototypes. */
export function patchClasses(
  exports: { Mutex?: { prototype: object }; Semaphore?: { prototype: object } },
  metrics: LockMetrics,
  w: Wrapper,
): void {
  const sem = exports.Semaphore?.prototype;
  const mutex = exports.Mutex?.prototype;
  if (sem === undefined || typeof (sem as Record<string, unknown>)._newReleaser !== 'function') {
    reportError('async-mutex', new Error('Semaphore internals not found; async-mutex left unpatched'));
    return;
  }
  w.wrap(sem, 'acquire', (original) => semaphoreAcquire(original, metrics));
  w.wrap(sem, '_dispatchItem', dispatchItem);
  w.wrap(sem, '_newReleaser', newReleaser);
  w.wrap(sem, 'release', release);
  w.wrap(sem, 'cancel', cancel);
  w.wrap(sem, 'waitForUnlock', (original) => waitForUnlock(original, metrics));
  if (mutex !== undefined)
    for (const name of MUTEX_METHODS) w.wrap(mutex, name, (o) => adoptMutex(o, metrics));
}

export function unpatchClasses(
  exports: { Mutex?: { prototype: object }; Semaphore?: { prototype: object } },
  w: Wrapper,
): void {
  const sem = exports.Semaphore?.prototype;
  const mutex = exports.Mutex?.prototype;
  if (sem !== undefined) for (const name of SEMAPHORE_METHODS) w.unwrap(sem, name);
  if (mutex !== undefined) for (const name of MUTEX_METHODS) w.unwrap(mutex, name);
}

function stateOf(sem: SemaphoreInternals, metrics: LockMetrics): LockState {
  const st = sem[LOCK_STATE];
  if (st !== undefined && st.metrics === metrics) return st;
  return replaceState(sem, new LockState(metrics, st?.owner ?? sem, st?.kind ?? 'semaphore'));
}

/** Installs a new state for other metrics; tasks queued meanwhile keep their Requests. */
function replaceState(sem: SemaphoreInternals, next: LockState): LockState {
  const previous = sem[LOCK_STATE];
  if (previous instanceof LockState) {
    next.firstWaiting = previous.firstWaiting;
    next.lastWaiting = previous.lastWaiting;
  }
  return (sem[LOCK_STATE] = next);
}

/** Mutex methods: mark the internal semaphore as this mutex before it is used. */
function adoptMutex(original: AnyFunction, metrics: LockMetrics): AnyFunction {
  return function (this: MutexInternals) {
    const sem = this._semaphore;
    if (sem !== undefined) {
      const st = sem[LOCK_STATE];
      if (st === undefined || st.metrics !== metrics)
        replaceState(sem, new LockState(metrics, this, 'mutex'));
    }
    // eslint-disable-next-line prefer-rest-params
    return original.apply(this, arguments as unknown as unknown[]);
  };
}

function semaphoreAcquire(original: AnyFunction, metrics: LockMetrics): AnyFunction {
  return function acquire(this: SemaphoreInternals) {
    let st = this[LOCK_STATE];
    if (st === undefined || st.metrics !== metrics) st = stateOf(this, metrics);
    const link = linking;
    linking = undefined;
    asking = st;
    grantedAtOnce = false;
    let result;
    try {
      // eslint-disable-next-line prefer-rest-params
      result = original.apply(this, arguments as unknown as unknown[]);
    } finally {
      asking = undefined;
    }
    if (grantedAtOnce) return result;
    // Queued: the caller waits from now on.
    try {
      const askedAt = nowMs();
      const queue = this._queue;
      // The new task is the last one unless priorities put it earlier: the last unknown one.
      // Known tasks after it are the end of the waiting list, in the same order.
      let i = queue.length - 1;
      let before = st.lastWaiting;
      while (i >= 0 && before !== undefined && before.task === queue[i]) {
        i--;
        before = before.prev;
      }
      if (i >= 0) {
        const request = new Request(st, askedAt, queue[i]!);
        insertAfter(st, before, request);
        st.resolve().waiters.add(1);
        if (link !== undefined) link.request = request;
      }
    } catch (err) {
      reportError('async-mutex acquire', err);
    }
    return result;
  };
}

function dispatchItem(original: AnyFunction): AnyFunction {
  return function (this: SemaphoreInternals, item: QueuedTask) {
    // During acquire() only its own task can be dispatched (immediately).
    if (asking !== undefined) grantingAtOnce = asking;
    else grantingRequest = takeRequest(this, item);
    try {
      return original.call(this, item);
    } finally {
      grantingRequest = grantingAtOnce = undefined;
    }
  };
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
function takeRequest(sem: SemaphoreInternals, item: QueuedTask): Request | undefined {
  try {
    const st = sem[LOCK_STATE];
    if (st === undefined) return undefined;
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

function newReleaser(original: AnyFunction): AnyFunction {
  return function (this: SemaphoreInternals, weight: number) {
    const release = original.call(this, weight) as () => void;
    const g = grantingRequest;
    const atOnce = grantingAtOnce;
    grantingRequest = grantingAtOnce = undefined;
    if (g === undefined && atOnce === undefined) return release;
    try {
      let st: LockState;
      const now = releasedAt !== 0 ? releasedAt : nowMs();
      if (g !== undefined) {
        // A decorator that gave up (timeout, tryAcquire) releases at once: already counted.
        if (g.done) return release;
        g.done = true;
        st = g.state;
        const series = st.resolve();
        series.waitAcquired.record((now - g.askedAt) * MS);
        series.waiters.add(-1);
        series.contended.add(1);
      } else {
        st = atOnce!;
        grantedAtOnce = true;
        const series = st.series ?? st.resolve();
        series.waitAcquired.record(0);
        series.uncontended.add(1);
      }
      const hold = new Hold(now, weight);
      const newest = st.newest;
      if (newest === undefined) st.oldest = hold;
      else {
        newest.next = hold;
        hold.prev = newest;
      }
      st.newest = hold;
      return function releaser() {
        const outer = releasedAt;
        if (hold.open) releasedAt = closeHold(st, hold);
        viaReleaser++;
        try {
          return release();
        } finally {
          viaReleaser--;
          releasedAt = outer;
        }
      };
    } catch (err) {
      reportError('async-mutex grant', err);
      return release;
    }
  };
}

/** Ends a hold; returns the time it ended (0 if recording failed). */
function closeHold(st: LockState, hold: Hold): number {
  try {
    hold.open = false;
    const now = nowMs();
    (st.series ?? st.resolve()).hold.record((now - hold.since) * MS);
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

/** A direct Semaphore.release(weight) / Mutex.release() closes the oldest holds it covers. */
function release(original: AnyFunction): AnyFunction {
  return function (this: SemaphoreInternals, weight?: number) {
    if (viaReleaser !== 0) return original.call(this, weight);
    const outer = releasedAt;
    const st = this[LOCK_STATE];
    if (st !== undefined && st.oldest !== undefined) {
      let left = weight === undefined ? 1 : weight;
      while (left > 0 && st.oldest !== undefined) {
        left -= st.oldest.weight;
        releasedAt = closeHold(st, st.oldest);
      }
    }
    try {
      return original.call(this, weight);
    } finally {
      releasedAt = outer;
    }
  };
}

/** cancel() rejects every queued caller: each ends with outcome `canceled`. */
function cancel(original: AnyFunction): AnyFunction {
  return function (this: SemaphoreInternals) {
    try {
      const st = this[LOCK_STATE];
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
  };
}

/**
 * waitForUnlock() does not take the lock: its caller counts as a waiter while it waits (no wait
 * duration, no acquisition).
 */
function waitForUnlock(original: AnyFunction, metrics: LockMetrics): AnyFunction {
  return function (this: SemaphoreInternals, weight?: number, priority?: number) {
    const link = linking;
    linking = undefined;
    let waiter: UnlockWaiter | undefined;
    try {
      const w = weight === undefined ? 1 : weight;
      if (w > 0 && this._couldLockImmediately?.(w, priority === undefined ? 0 : priority) === false) {
        waiter = new UnlockWaiter(stateOf(this, metrics).resolve());
        waiter.series.waiters.add(1);
        if (link !== undefined) link.unlockWaiter = waiter;
      }
    } catch (err) {
      reportError('async-mutex waitForUnlock', err);
    }
    // eslint-disable-next-line prefer-rest-params
    const result = original.apply(this, arguments as unknown as unknown[]) as Promise<void>;
    // This promise only ever resolves, so a reaction on it changes nothing for the caller.
    if (waiter !== undefined) result.then(() => waiter.end());
    return result;
  };
}

/**
 * withTimeout()/tryAcquire() return a plain decorator whose acquire rejects when its timer fires,
 * while the inner acquire stays queued and, once granted, is released at once. The decorator's
 * acquire is wrapped so that the caller stops counting as a waiter when it gives up, with outcome
 * `timeout` (withTimeout) or `rejected` (tryAcquire).
 */
export function decorate(decorator: Decorator, sync: object, outcome: 'timeout' | 'rejected'): Decorator {
  if (decorator === null || typeof decorator !== 'object') return decorator;
  if (decorator[DECORATED] !== undefined) {
    // Already decorated (CommonJS tryAcquire calls the patched withTimeout): refine the outcome.
    (decorator as { [OUTCOME]?: string })[OUTCOME] = outcome;
    return decorator;
  }
  decorator[DECORATED] = sync;
  (decorator as { [OUTCOME]?: string })[OUTCOME] = outcome;
  const acquire = decorator.acquire;
  const waitUnlock = decorator.waitForUnlock;
  if (typeof acquire === 'function')
    decorator.acquire = function (this: Decorator) {
      const link: Link = { request: undefined, unlockWaiter: undefined };
      linking = link;
      let result: Promise<unknown>;
      try {
        // eslint-disable-next-line prefer-rest-params
        result = acquire.apply(this, arguments as unknown as unknown[]);
      } finally {
        linking = undefined;
      }
      if (link.request === undefined) return result; // granted at once, or threw
      const request = link.request;
      return result.then(undefined, (err: unknown) => {
        try {
          const how = ((decorator as { [OUTCOME]?: string })[OUTCOME] ?? 'timeout') as LockOutcome;
          request.giveUp(how, nowMs()); // no-op if cancel() already ended it
        } catch (e) {
          reportError('async-mutex timeout', e);
        }
        throw err;
      });
    };
  if (typeof waitUnlock === 'function')
    decorator.waitForUnlock = function (this: Decorator) {
      const link: Link = { request: undefined, unlockWaiter: undefined };
      linking = link;
      let result: Promise<void>;
      try {
        // eslint-disable-next-line prefer-rest-params
        result = waitUnlock.apply(this, arguments as unknown as unknown[]);
      } finally {
        linking = undefined;
      }
      const waiter = link.unlockWaiter;
      if (waiter === undefined) return result;
      return result.then(undefined, (err: unknown) => {
        waiter.end();
        throw err;
      });
    };
  return decorator;
}
