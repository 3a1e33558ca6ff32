import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { reportError } from '@statewatch/instrumentation-common';
import type { AnyFunction } from '../internal-types';
import { checkMembers, isFunction } from '../integration';
import type { Member } from '../integration';
import type { LockMetrics, LockSeries } from '../lock-metrics';
import type { MethodWrapper } from '../wrap';
import { applyReplacing, askTask, callWithCount, dataProperty, finishWhenSettled } from './limiter';
import type { LimiterTask, SeriesSource } from './limiter';

export const SUPPORTED_ASYNC_LOCK_VERSIONS = ['>=1.0.0 <2'];
const LIBRARY = 'async-lock';

interface AsyncLockInternals {
  queues: Record<string, unknown[] | undefined>;
  timeout?: number;
  maxOccupationTime?: number;
}

function asyncLockMembers(AsyncLock: unknown): Member[] {
  const proto = (AsyncLock as { prototype?: object } | undefined)?.prototype;
  return [
    { path: 'AsyncLock (the export, a constructor)', present: () => typeof AsyncLock === 'function' },
    { path: 'AsyncLock.prototype.acquire', present: () => isFunction(proto, 'acquire') },
    {
      path: 'AsyncLock instance field queues (an object)',
      present: () =>
        typeof (new (AsyncLock as new () => AsyncLockInternals)() as AsyncLockInternals).queues === 'object',
    },
  ];
}

/*
 * async-lock 1.x, lock.kind `keyed_lock`: every key is a lock, and `lock.name` is the key (user
 * data: through the name cap). acquire(key, fn[, cb][, opts]) runs fn once the key is free;
 * the wrapper hands the library a wrapper of fn of fn's mode (the library picks callback or
 * promise mode by `fn.length === 1`): the library calling it ends the wait, and fn's callback
 * (callback mode) or its result settling (promise mode) ends the hold. An array of keys is
 * acquired key by key through acquire itself, each recorded. Contended: the key was held when
 * asked for. A request refused at once (maxPending) is `rejected`; one whose `timeout` or
 * `maxOccupationTime` passes in the queue is `timeout`, seen by a timer of the same duration
 * created just before the library's (Node fires same-duration timers in creation order). Those
 * options are read only where they are plain data properties; behind a getter or a proxy they
 * are not read, and such a wait that gives up stays counted as a waiter. `maxExecutionTime`
 * (1.3+) is not followed: the hold lasts until fn finishes.
 */
export class AsyncLockIntegration {
  private readonly byName = new Map<string, FixedSeries>();

  constructor(
    private readonly metrics: LockMetrics,
    private readonly wrapper: MethodWrapper,
  ) {}

  definition(): InstrumentationNodeModuleDefinition {
    const v = SUPPORTED_ASYNC_LOCK_VERSIONS;
    const patch = (exports: unknown, version?: string) => {
      if (checkMembers(LIBRARY, version, asyncLockMembers(exports)))
        this.wrapper.wrap((exports as { prototype: object }).prototype, 'acquire', (original) =>
          this.acquireWrapper(original),
        );
      return exports;
    };
    const unpatch = (exports: unknown) => {
      const proto = (exports as { prototype?: object } | undefined)?.prototype;
      if (proto) this.wrapper.unwrap(proto, 'acquire');
    };
    // index.js only re-exports lib/index.js: the class is patched where it is defined.
    return new InstrumentationNodeModuleDefinition(LIBRARY, v, undefined, undefined, [
      new InstrumentationNodeModuleFile(`${LIBRARY}/lib/index.js`, v, patch, unpatch),
    ]);
  }

  /**
   * The series of a key, resolved once per key rather than per acquire (building and hashing the
   * metrics' lookup key was a quarter of the per-acquire cost). Kept only for a name the metrics
   * keep under it too (admitted whole), so this map is bounded by the name cap.
   */
  private seriesOf(key: unknown): SeriesSource {
    const name = String(key);
    let source = this.byName.get(name);
    if (source === undefined) {
      source = new FixedSeries(this.metrics.series(name, 'keyed_lock'));
      if (source.series.name === name) this.byName.set(name, source);
    }
    return source;
  }

  private acquireWrapper(original: AnyFunction): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      acquire(this: AsyncLockInternals, key: unknown, fn: unknown, cb: unknown, opts: unknown) {
        if (Array.isArray(key) || typeof fn !== 'function')
          // eslint-disable-next-line prefer-rest-params
          return original.apply(this, arguments as unknown as unknown[]);
        let request: KeyedRequest | undefined;
        let wrapped = fn as AnyFunction;
        let queuedBefore = -1;
        try {
          const queue = this.queues[key as string];
          queuedBefore = Array.isArray(queue) ? queue.length : -1;
          request = new KeyedRequest(askTask(p.seriesOf(key), queuedBefore >= 0));
          const options = typeof cb === 'function' ? opts : cb;
          if (queuedBefore >= 0) request.giveUpAfter(dataProperty(options, 'timeout') ?? this.timeout);
          request.giveUpAfter(dataProperty(options, 'maxOccupationTime') ?? this.maxOccupationTime);
          wrapped = runAs(request, wrapped);
        } catch (err) {
          reportError('async-lock acquire', err);
        }
        let result: unknown;
        try {
          result =
            arguments.length <= 4
              ? callWithCount(original, this, arguments.length, key, wrapped, cb, opts)
              : // eslint-disable-next-line prefer-rest-params
                applyReplacing(original, this, arguments, 1, wrapped);
        } catch (err) {
          request?.giveUp('rejected');
          throw err;
        }
        // Neither started nor queued: refused at once (maxPending). A free key starts at once.
        if (request !== undefined && !request.task.started && queuedBefore >= 0)
          try {
            const queue = this.queues[key as string];
            if (Array.isArray(queue) && queue.length <= queuedBefore) request.giveUp('rejected');
          } catch (err) {
            reportError('async-lock acquire', err);
          }
        return result;
      },
    }.acquire;
  }
}

/** One acquire of a key: its task and the timers that see it give up in the queue. */
class KeyedRequest {
  private timers: NodeJS.Timeout[] | undefined;

  constructor(readonly task: LimiterTask) {}

  /** The task gives up as `timeout` after `ms`, when that is a positive number (a library limit). */
  giveUpAfter(ms: unknown): void {
    if (typeof ms !== 'number' || !(ms > 0)) return;
    const timer = setTimeout(() => this.task.giveUp('timeout'), ms);
    timer.unref();
    (this.timers ??= []).push(timer);
  }

  start(): void {
    this.clearTimers();
    this.task.start();
  }

  giveUp(outcome: 'rejected'): void {
    this.clearTimers();
    this.task.giveUp(outcome);
  }

  private clearTimers(): void {
    if (this.timers === undefined) return;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = undefined;
  }
}

/** A key's series: a key's lock name never changes (no `nameLock` for keys). */
class FixedSeries implements SeriesSource {
  constructor(readonly series: LockSeries) {}

  resolve(): LockSeries {
    return this.series;
  }
}

/**
 * fn as the library will call it: the call starts the task. The library reads only
 * `fn.length === 1` (callback mode); each wrapper's own length (1, or 0) gives the same answer,
 * and fn's length is not copied onto it (defineProperty turned each wrapper into a slow
 * dictionary-mode function, and the library's `fn.length` read with it).
 */
function runAs(request: KeyedRequest, fn: AnyFunction): AnyFunction {
  const task = request.task;
  return fn.length === 1
    ? function (this: unknown, done: AnyFunction) {
        request.start();
        const finish = function (this: unknown) {
          task.finish();
          // eslint-disable-next-line prefer-rest-params
          return done.apply(this, arguments as unknown as unknown[]) as unknown;
        };
        for (const k of ['length', 'name'] as const)
          Object.defineProperty(finish, k, Object.getOwnPropertyDescriptor(done, k)!);
        try {
          return fn.call(this, finish) as unknown;
        } catch (err) {
          task.finish(); // the library ends the task with this error
          throw err;
        }
      }
    : function (this: unknown) {
        request.start();
        let result: unknown;
        try {
          // eslint-disable-next-line prefer-rest-params
          result = fn.apply(this, arguments as unknown as unknown[]);
        } catch (err) {
          task.finish();
          throw err;
        }
        finishWhenSettled(task, result);
        return result;
      };
}
