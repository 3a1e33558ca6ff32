import { reportError } from '@statewatch/instrumentation-common';
import type { LockOutcome } from '@statewatch/semconv';
import { nowMs } from '../clock';
import type { AnyFunction } from '../internal-types';
import { linkDecorator } from '../names';
import { hiddenSlot } from '../hidden';
import type { HiddenSlot } from '../hidden';
import type { MethodWrapper } from '../wrap';
import type { SemaphorePatches } from './semaphore';
import type { LockState, Request } from './state';

/*
 * withTimeout()/tryAcquire() return a plain decorator object. Its acquire() starts a timer, then
 * calls the lock's acquire(); when the timer fires first, the decorator rejects while the inner
 * request stays queued and, once granted, is released at once. The caller has given up at the
 * timer, so that is when its wait ends, with outcome `timeout` (withTimeout) or `rejected`
 * (tryAcquire, a zero timeout).
 *
 * The decorator's acquire/waitForUnlock are wrapped in place (same name, length and shape) and
 * return the library's own promise: no extra microtask turn, no reaction on the caller's
 * promise (which would hide an unhandled rejection). The wrapper starts a timer of the same
 * duration just before the library's own: Node fires timers of one duration in the order they
 * were created, so ours runs first and ends the wait if the request was not granted. It is
 * unref'd (it never keeps the process alive) and cleared when the request is granted.
 * A decorator's acquisitions are always timed, so `timeout` and `rejected` are exact counts.
 */
interface Decorated {
  /** The Mutex or Semaphore underneath (through nested decorators). */
  lock: object;
  timeout: unknown;
  outcome: LockOutcome;
}

/** The waiting request with number `seq` (the newest: searched from the end of the queue). */
function queuedRequest(st: LockState, seq: number): Request | undefined {
  for (let r = st.lastWaiting; r !== undefined; r = r.prev) if (r.seq === seq) return r;
  return undefined;
}

export class DecoratorPatches {
  private readonly decorated: HiddenSlot<Decorated> = hiddenSlot<Decorated>();

  constructor(
    private readonly locks: SemaphorePatches,
    private readonly wrapper: MethodWrapper,
  ) {}

  /** The wrapper of the library's withTimeout (outcome timeout) or tryAcquire (outcome rejected). */
  factory(original: AnyFunction, outcome: 'timeout' | 'rejected'): AnyFunction {
    // The wrapper runs with the library's `this`; `p` is these patches.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    const named = {
      withTimeout(this: unknown, sync: unknown, timeout: unknown) {
        // eslint-disable-next-line prefer-rest-params
        const decorator = original.apply(this, arguments as unknown as unknown[]) as unknown;
        try {
          p.decorate(decorator, sync, outcome === 'rejected' ? 0 : timeout, outcome);
        } catch (err) {
          reportError('async-mutex decorator', err);
        }
        return decorator;
      },
    };
    return named.withTimeout;
  }

  private decorate(decorator: unknown, sync: unknown, timeout: unknown, outcome: LockOutcome): void {
    if (decorator === null || typeof decorator !== 'object' || sync === null || typeof sync !== 'object')
      return;
    const known = this.decorated.get(decorator);
    if (known !== undefined) {
      // CommonJS tryAcquire calls the patched withTimeout: the outer call refines the outcome.
      known.outcome = outcome;
      known.timeout = timeout;
      return;
    }
    const lock = this.decorated.get(sync)?.lock ?? sync;
    const info: Decorated = { lock, timeout, outcome };
    this.decorated.set(decorator, info);
    linkDecorator(decorator, sync);
    // The wrapper runs with the library's `this`; `p` is these patches.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    this.wrapper.wrap(
      decorator,
      'acquire',
      (original) =>
        ({
          acquire(this: unknown) {
            // eslint-disable-next-line prefer-rest-params
            return p.withDeadline(info, original, this, arguments as unknown as unknown[], false);
          },
        }).acquire,
    );
    this.wrapper.wrap(
      decorator,
      'waitForUnlock',
      (original) =>
        ({
          waitForUnlock(this: unknown) {
            // eslint-disable-next-line prefer-rest-params
            return p.withDeadline(info, original, this, arguments as unknown as unknown[], true);
          },
        }).waitForUnlock,
    );
  }

  private withDeadline(
    info: Decorated,
    original: AnyFunction,
    self: unknown,
    args: unknown[],
    unlock: boolean,
  ): unknown {
    let st;
    let timer: NodeJS.Timeout | undefined;
    let queuedBefore = 0;
    let waiterBefore;
    try {
      st = this.locks.stateOfLock(info.lock);
      queuedBefore = st.queued;
      waiterBefore = st.lastUnlockWaiter;
      // Created before the library's own timer, with the same duration: it fires first.
      timer = setTimeout(() => fired(), info.timeout as number);
      timer.unref();
    } catch (err) {
      reportError('async-mutex decorator', err);
    }
    let result: unknown;
    // Its acquisition is timed whatever the sampler says (weight 1): a timeout or rejection is
    // rare and worth an exact count, and the timer costs more than the clock reads.
    const timedBefore = st?.timeAlways;
    if (st !== undefined && !unlock) st.timeAlways = true;
    try {
      result = original.apply(self, args);
    } catch (err) {
      if (timer !== undefined) clearTimeout(timer);
      throw err;
    } finally {
      if (st !== undefined) st.timeAlways = timedBefore === true;
    }
    if (st === undefined || timer === undefined) return result;
    const t = timer;
    let fired = () => {};
    const request = !unlock && st.queued !== queuedBefore ? queuedRequest(st, st.queued) : undefined;
    if (request !== undefined) {
      (request.deadlines ??= []).push(t);
      const outcome = info.outcome;
      fired = () => {
        try {
          request.giveUp(outcome, nowMs());
        } catch (err) {
          reportError('async-mutex timeout', err);
        }
      };
    } else if (unlock && st.lastUnlockWaiter !== waiterBefore && st.lastUnlockWaiter !== undefined) {
      const waiter = st.lastUnlockWaiter;
      fired = () => waiter.end();
    } else clearTimeout(t); // granted at once (or not waiting): nothing to give up
    return result;
  }
}
