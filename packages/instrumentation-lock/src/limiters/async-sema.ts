import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { reportError } from '@statewatch/instrumentation-common';
import { hiddenSlot } from '../hidden';
import type { HiddenSlot } from '../hidden';
import { checkMembers, isFunction } from '../integration';
import type { Member } from '../integration';
import type { LockMetrics } from '../lock-metrics';
import type { MethodWrapper } from '../wrap';
import { Limiter } from './limiter';
import type { LimiterTask } from './limiter';

export const SUPPORTED_ASYNC_SEMA_VERSIONS = ['>=3.0.0 <4'];
const LIBRARY = 'async-sema';

interface SemaInternals {
  free: { length: number };
  waiting: { length: number };
}
interface AsyncSemaExports {
  Sema?: new (n: number) => SemaInternals;
}

function asyncSemaMembers(exports: AsyncSemaExports): Member[] {
  const proto = exports.Sema?.prototype as object | undefined;
  return [
    ...['acquire', 'release'].map((key) => ({
      path: `Sema.prototype.${key}`,
      present: () => isFunction(proto, key),
    })),
    {
      path: 'Sema instance fields free and waiting (deques with a numeric length)',
      present: () => {
        const probe = new exports.Sema!(1);
        return typeof probe.free?.length === 'number' && typeof probe.waiting?.length === 'number';
      },
    },
  ];
}

/**
 * Tasks in order, oldest first: a ring buffer. An array's shift() cost ~450 instructions a task
 * (V8's C++ shift path, then the backing store grown again by the next push); here a slot is
 * reused. Its capacity is the most tasks held at once, never more.
 */
class TaskFifo {
  private items: (LimiterTask | undefined)[] = [];
  private head = 0;
  length = 0;

  push(task: LimiterTask): void {
    if (this.length === this.items.length) this.grow();
    this.items[(this.head + this.length) % this.items.length] = task;
    this.length++;
  }

  shift(): LimiterTask | undefined {
    if (this.length === 0) return undefined;
    const task = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.length--;
    return task;
  }

  private grow(): void {
    const items: (LimiterTask | undefined)[] = [];
    for (let i = 0; i < this.length; i++) items.push(this.items[(this.head + i) % this.items.length]);
    for (let i = Math.max(4, this.length); i > 0; i--) items.push(undefined);
    this.items = items;
    this.head = 0;
  }
}

/** Per-Sema state, in a hidden slot of the Sema (never a property of it). */
class SemaState {
  readonly limiter: Limiter;
  /** Tasks in the library's `waiting` deque, oldest first (it hands tokens out in that order). */
  readonly queued = new TaskFifo();
  /** Started tasks, oldest first: release() ends the oldest hold (tokens are not told apart). */
  readonly running = new TaskFifo();
  /** acquire() is running: its own tryAcquire() call (3.1+) is part of it. */
  inAcquire = false;

  constructor(metrics: LockMetrics, sema: object) {
    this.limiter = new Limiter(metrics, sema, LIBRARY);
  }

  startNow(contended: boolean): void {
    const task = this.limiter.ask(contended);
    task.start();
    this.running.push(task);
  }

  finishOldest(): void {
    this.running.shift()?.finish();
  }
}

/*
 * async-sema 3: `Sema` hands tokens out. acquire() takes a free token at once (from `free`; 3.1+
 * through tryAcquire) or queues in `waiting`; release() gives its token to the oldest waiter or
 * back to `free`. The patched methods return exactly what the library returns; whether a call
 * was granted or queued is read from the lengths of `free` and `waiting` around it. `RateLimit` is built on a
 * Sema: its calls are recorded as that (unnamed) Sema's, each hold lasting the rate window.
 */
export class AsyncSemaIntegration {
  private readonly states: HiddenSlot<SemaState> = hiddenSlot<SemaState>();

  constructor(
    private readonly metrics: LockMetrics,
    private readonly wrapper: MethodWrapper,
  ) {}

  definition(): InstrumentationNodeModuleDefinition {
    const patch = (exports: AsyncSemaExports, version?: string) => {
      if (exports?.Sema && checkMembers(LIBRARY, version, asyncSemaMembers(exports)))
        this.patch(exports.Sema.prototype as object);
      return exports;
    };
    const unpatch = (exports: AsyncSemaExports) => {
      const proto = exports?.Sema?.prototype as object | undefined;
      if (proto) for (const key of ['acquire', 'tryAcquire', 'release']) this.wrapper.unwrap(proto, key);
    };
    const v = SUPPORTED_ASYNC_SEMA_VERSIONS;
    // By name, and its entry file (what import-in-the-middle names for an absolute path or file URL).
    return new InstrumentationNodeModuleDefinition(LIBRARY, v, patch, unpatch, [
      new InstrumentationNodeModuleFile(`${LIBRARY}/lib/index.js`, v, patch, unpatch),
    ]);
  }

  private stateOf(sema: object): SemaState {
    let st = this.states.get(sema);
    if (st === undefined) this.states.set(sema, (st = new SemaState(this.metrics, sema)));
    return st;
  }

  private patch(proto: object): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    const waitingLength = (sema: unknown) => (sema as SemaInternals).waiting.length;
    this.wrapper.wrap(
      proto,
      'acquire',
      (original) =>
        ({
          acquire(this: object) {
            let st: SemaState | undefined;
            let before = 0;
            let freeBefore = 0;
            try {
              st = p.stateOf(this);
              before = waitingLength(this);
              freeBefore = (this as unknown as SemaInternals).free.length;
              st.inAcquire = true;
            } catch (err) {
              reportError('async-sema acquire', err);
            }
            let result: unknown;
            try {
              // eslint-disable-next-line prefer-rest-params
              result = original.apply(this, arguments as unknown as unknown[]);
            } finally {
              if (st !== undefined) st.inAcquire = false;
            }
            if (st !== undefined)
              try {
                if ((this as unknown as SemaInternals).free.length < freeBefore) st.startNow(false);
                else if (waitingLength(this) > before) st.queued.push(st.limiter.ask(true));
              } catch (err) {
                reportError('async-sema acquire', err);
              }
            return result;
          },
        }).acquire,
    );
    this.wrapper.wrap(
      proto,
      'tryAcquire',
      (original) =>
        ({
          tryAcquire(this: object) {
            // eslint-disable-next-line prefer-rest-params
            const token = original.apply(this, arguments as unknown as unknown[]) as unknown;
            try {
              const st = p.stateOf(this);
              if (st.inAcquire) return token;
              if (token !== undefined) st.startNow(false);
              else st.limiter.ask(true).giveUp('rejected');
            } catch (err) {
              reportError('async-sema tryAcquire', err);
            }
            return token;
          },
        }).tryAcquire,
    );
    this.wrapper.wrap(
      proto,
      'release',
      (original) =>
        ({
          release(this: object) {
            let st: SemaState | undefined;
            let before = 0;
            try {
              st = p.stateOf(this);
              before = waitingLength(this);
            } catch (err) {
              reportError('async-sema release', err);
            }
            // eslint-disable-next-line prefer-rest-params
            const result = original.apply(this, arguments as unknown as unknown[]) as unknown;
            if (st !== undefined)
              try {
                st.finishOldest();
                // The token went to the oldest waiter (one queued before the patch is not ours).
                if (waitingLength(this) < before && st.queued.length >= before) {
                  const task = st.queued.shift()!;
                  task.start();
                  st.running.push(task);
                }
              } catch (err) {
                reportError('async-sema release', err);
              }
            return result;
          },
        }).release,
    );
  }
}
