import { reportError } from '@statewatch/instrumentation-common';
import { nowMs } from './clock';
import type { LockMetrics } from './lock-metrics';
import { MS } from './lock-metrics';
import type { Wrapper } from './async-mutex';
import type { AnyFunction } from './internal-types';

/*
 * Web Locks (navigator.locks.request, Node ≥ 24.5). Every request is a waiter until its callback
 * starts (or it is aborted, or turned away by ifAvailable); the hold lasts until the callback's
 * promise settles, which is when the lock manager releases the lock.
 *
 * `lock.contended` is true when another request of this thread held the lock or was queued for it
 * when this one was made (shared requests are compatible with shared holders). Locks held by other
 * threads of the process are not visible here, but their wait is measured all the same.
 */

interface LockOptions {
  mode?: 'exclusive' | 'shared';
  ifAvailable?: boolean;
  steal?: boolean;
  signal?: AbortSignal;
}

/** What this thread holds and waits for, per lock name. */
class NameState {
  exclusive = 0;
  shared = 0;
  waiting = 0;
}

export interface WebLockManager {
  request(...args: unknown[]): Promise<unknown>;
}

/** The LockManager prototype, or undefined where this Node has no Web Locks API. */
export function lockManagerPrototype(): object | undefined {
  const locks = (globalThis as { navigator?: { locks?: object } }).navigator?.locks;
  if (locks === undefined || locks === null) return undefined;
  const proto = Object.getPrototypeOf(locks) as object | null;
  return proto !== null && typeof (proto as Partial<WebLockManager>).request === 'function'
    ? proto
    : undefined;
}

export function patchWebLocks(proto: object, metrics: LockMetrics, w: Wrapper): void {
  w.wrap(proto, 'request', (original) => request(original, metrics));
}

export function unpatchWebLocks(proto: object, w: Wrapper): void {
  w.unwrap(proto, 'request');
}

function request(original: AnyFunction, metrics: LockMetrics): AnyFunction {
  const names = new Map<string, NameState>();
  return function (this: unknown, name: unknown, optionsOrCallback: unknown, maybeCallback: unknown) {
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    // Anything unusual (no callback, odd arguments) goes to the lock manager untouched.
    // eslint-disable-next-line prefer-rest-params
    if (typeof callback !== 'function') return original.apply(this, arguments as unknown as unknown[]);
    const options = (typeof optionsOrCallback === 'function' ? {} : (optionsOrCallback ?? {})) as LockOptions;
    let track: Tracked;
    try {
      track = new Tracked(metrics, names, String(name), options);
    } catch (err) {
      reportError('web locks request', err);
      // eslint-disable-next-line prefer-rest-params
      return original.apply(this, arguments as unknown as unknown[]);
    }
    const wrapped = function (this: unknown, lock: unknown) {
      // eslint-disable-next-line prefer-rest-params
      return track.granted(lock, callback as AnyFunction, this, arguments as unknown as unknown[]);
    };
    const result =
      typeof optionsOrCallback === 'function'
        ? original.call(this, name, wrapped)
        : original.call(this, name, optionsOrCallback, wrapped);
    // A request that never reached its callback ends here: aborted (canceled) or invalid.
    return (result as Promise<unknown>).then(undefined, (err: unknown) => {
      track.failed(err);
      throw err;
    });
  };
}

class Tracked {
  private readonly askedAt = nowMs();
  private readonly series;
  private readonly state: NameState;
  private readonly exclusive: boolean;
  private readonly contended: boolean;
  private readonly signal: AbortSignal | undefined;
  private waiting = true;

  constructor(metrics: LockMetrics, names: Map<string, NameState>, name: string, options: LockOptions) {
    this.series = metrics.series(name, 'web_lock');
    this.signal = options.signal ?? undefined;
    let state = names.get(name);
    if (state === undefined) names.set(name, (state = new NameState()));
    this.state = state;
    this.exclusive = options.mode !== 'shared';
    this.contended =
      state.exclusive > 0 || state.waiting > 0 || (this.exclusive && state.shared > 0) || false;
    state.waiting++;
    this.series.waiters.add(1);
  }

  private stopWaiting(): number {
    const now = nowMs();
    if (this.waiting) {
      this.waiting = false;
      this.state.waiting--;
      this.series.waiters.add(-1);
    }
    return now;
  }

  granted(lock: unknown, callback: AnyFunction, self: unknown, args: unknown[]): unknown {
    let grantedAt = 0;
    try {
      grantedAt = this.stopWaiting();
      const wait = (grantedAt - this.askedAt) * MS;
      if (lock === null) {
        this.series.waitRejected.record(wait); // ifAvailable and not available
        return callback.apply(self, args);
      }
      this.series.waitAcquired.record(wait);
      (this.contended ? this.series.contended : this.series.uncontended).add(1);
      if (this.exclusive) this.state.exclusive++;
      else this.state.shared++;
    } catch (err) {
      reportError('web locks grant', err);
      return callback.apply(self, args);
    }
    let result: unknown;
    try {
      result = callback.apply(self, args);
    } catch (err) {
      this.released(grantedAt);
      throw err;
    }
    if (result !== null && typeof (result as PromiseLike<unknown>)?.then === 'function') {
      // The lock manager holds the lock until this settles; it awaits the same promise, so one
      // more reaction changes nothing for the caller.
      const end = () => this.released(grantedAt);
      Promise.resolve(result).then(end, end);
    } else this.released(grantedAt);
    return result;
  }

  private released(grantedAt: number): void {
    try {
      if (this.exclusive) this.state.exclusive--;
      else this.state.shared--;
      this.series.hold.record((nowMs() - grantedAt) * MS);
    } catch (err) {
      reportError('web locks release', err);
    }
  }

  failed(err: unknown): void {
    try {
      if (!this.waiting) return; // the callback ran: its own error, already accounted for
      const now = this.stopWaiting();
      const outcome = this.abortOutcome(err);
      if (outcome !== undefined) this.series.waitFor(outcome).record((now - this.askedAt) * MS);
    } catch (e) {
      reportError('web locks abort', e);
    }
  }

  /**
   * An aborted request rejects with the signal's reason: `timeout` for `AbortSignal.timeout()`
   * (a TimeoutError), `canceled` for any other reason. Other rejections (an invalid name or
   * options) never waited for the lock and record no wait.
   */
  private abortOutcome(err: unknown): 'timeout' | 'canceled' | undefined {
    const signal = this.signal;
    const aborted = signal !== undefined && signal.aborted === true;
    if (!aborted && (err as { name?: string } | null)?.name !== 'AbortError') return undefined;
    const reason: unknown = aborted ? signal.reason : err;
    return (reason as { name?: string } | null)?.name === 'TimeoutError' ? 'timeout' : 'canceled';
  }
}
