import { types } from 'node:util';
import { recordWeighted, reportError } from '@statewatch/instrumentation-common';
import type { LockKind, LockOutcome } from '@statewatch/semconv';
import { nowMs } from '../clock';
import type { LockMetrics, LockSeries } from '../lock-metrics';
import { MS } from '../lock-metrics';
import { lockNameOf, namesGeneration } from '../names';

/**
 * One task of a concurrency limiter (kind `limiter`, see docs/metrics-contract.md): asked for,
 * then started (its wait ends) or given up, then finished (its hold ends).
 */
/** Where a task's series come from (resolved again after a `nameLock`). */
export interface SeriesSource {
  resolve(): LockSeries;
}

export class LimiterTask {
  started = false;
  gaveUp = false;
  private startedAt = 0;
  private finished = false;

  constructor(
    private readonly limiter: SeriesSource,
    /** When it was asked for (ms); 0 when untimed. */
    readonly askedAt: number,
    private readonly contended: boolean,
    /** The sampling weight of its wait and hold (see LockSeries.startTiming); 0: untimed. */
    readonly weight = 1,
  ) {}

  start(): void {
    if (this.started || this.gaveUp) return;
    this.started = true;
    try {
      const series = this.limiter.resolve();
      series.waiters.add(-1);
      (this.contended ? series.contended : series.uncontended).add(1);
      if (this.weight === 0) return;
      const now = nowMs();
      recordWeighted(series.waitAcquired, (now - this.askedAt) * MS, this.weight);
      this.startedAt = series.holdStart(now);
    } catch (err) {
      reportError('limiter task start', err);
    }
  }

  finish(): void {
    if (!this.started || this.finished) return;
    this.finished = true;
    try {
      if (this.weight !== 0)
        recordWeighted(this.limiter.resolve().hold, (nowMs() - this.startedAt) * MS, this.weight);
    } catch (err) {
      reportError('limiter task finish', err);
    }
  }

  giveUp(outcome: Exclude<LockOutcome, 'acquired'>): void {
    if (this.started || this.gaveUp) return;
    this.gaveUp = true;
    try {
      const series = this.limiter.resolve();
      series.waiters.add(-1);
      if (this.weight !== 0)
        recordWeighted(series.waitFor(outcome), (nowMs() - this.askedAt) * MS, this.weight);
    } catch (err) {
      reportError('limiter task give-up', err);
    }
  }
}

/** The series of one limiter object (named with `nameLock`, else the library's name). */
export class Limiter {
  private series: LockSeries | undefined;
  private generation = -1;

  constructor(
    private readonly metrics: LockMetrics,
    /** The object the user holds and may name. */
    readonly owner: object,
    private readonly defaultName: string,
    private readonly kind: LockKind = 'limiter',
  ) {}

  resolve(): LockSeries {
    const g = namesGeneration();
    if (this.series === undefined || this.generation !== g) {
      this.series = this.metrics.series(lockNameOf(this.owner) ?? this.defaultName, this.kind);
      this.generation = g;
    }
    return this.series;
  }

  /** A task asked for now; counted as a waiter until it starts or gives up. */
  ask(contended: boolean): LimiterTask {
    return askTask(this, contended);
  }
}

/**
 * A task of `source` asked for now; counted as a waiter until it starts or gives up. Timed (wait
 * and hold) when the lock's sampler picks it now.
 */
export function askTask(source: SeriesSource, contended: boolean): LimiterTask {
  const series = source.resolve();
  const askedAt = series.startTiming();
  const task = new LimiterTask(source, askedAt, contended, askedAt === 0 ? 0 : series.sampler.weight);
  series.waiters.add(1);
  return task;
}

/**
 * The value of `object[key]` when it is a plain data property (own or inherited), read without
 * running any of the program's code (no getter, no proxy trap); `undefined` otherwise.
 */
export function dataProperty(object: unknown, key: string): unknown {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function')) return undefined;
  for (let o: object | null = object as object; o !== null; o = Object.getPrototypeOf(o)) {
    if (types.isProxy(o)) return undefined;
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined) return 'value' in d ? (d.value as unknown) : undefined;
  }
  return undefined;
}

/**
 * Whether each of `keys` of `object` is absent or a plain data property, decided without running
 * the program's code (false for a proxy anywhere on the prototype chain, or a getter).
 */
export function onlyDataProperties(object: object, keys: readonly string[]): boolean {
  for (let o: object | null = object; o !== null; o = Object.getPrototypeOf(o)) {
    if (types.isProxy(o)) return false;
    for (const key of keys) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (d !== undefined && !('value' in d)) return false;
    }
  }
  return true;
}

/**
 * `fn` as the library will call it: the call starts the task (and takes it out of `waiting`),
 * its result settling ends the task.
 */
export function runAsTask(
  task: LimiterTask,
  fn: AnyTaskFunction,
  waiting?: Set<LimiterTask>,
): AnyTaskFunction {
  return function (this: unknown) {
    waiting?.delete(task);
    task.start();
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

/**
 * `original` called with the first `count` (at most 4) of `a0`…`a3`: a wrapper forwards its
 * caller's arguments as given (`arguments.length` of them) without copying `arguments` (slicing
 * and applying it cost ~440 instructions an acquire in async-lock; a helper taking `arguments`
 * itself, ~700: V8 then builds the arguments object). More than 4: `applyReplacing`.
 */
export function callWithCount(
  original: AnyTaskFunction,
  self: unknown,
  count: number,
  a0: unknown,
  a1?: unknown,
  a2?: unknown,
  a3?: unknown,
): unknown {
  switch (count) {
    case 0:
      return original.call(self);
    case 1:
      return original.call(self, a0);
    case 2:
      return original.call(self, a0, a1);
    case 3:
      return original.call(self, a0, a1, a2);
    default:
      return original.call(self, a0, a1, a2, a3);
  }
}

/** `original.apply(self, args)` with `args[index]` replaced by `value`. */
export function applyReplacing(
  original: AnyTaskFunction,
  self: unknown,
  args: IArguments,
  index: number,
  value: unknown,
): unknown {
  const copy = Array.prototype.slice.call(args) as unknown[];
  copy[index] = value;
  return original.apply(self, copy);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTaskFunction = (this: any, ...args: any[]) => any;

/**
 * Ends `task`'s hold when `result` settles, if it is a native promise (its own `then` is never
 * looked up or called: a reaction through Promise.prototype.then adds no turn to anyone else's
 * reactions). Any other value ends the hold at once; a thenable that is not a native promise is
 * not followed (its hold is not recorded).
 */
export function finishWhenSettled(task: LimiterTask, result: unknown): void {
  if (result instanceof Promise && Object.getPrototypeOf(result) === Promise.prototype) {
    const end = () => task.finish();
    promiseThen.call(result, end, end);
  } else if (
    result === null ||
    (typeof result !== 'object' && typeof result !== 'function') ||
    !isThenableShape(result)
  )
    task.finish();
}

const promiseThen = Promise.prototype.then;

/** Whether a value may be a thenable, decided without running its code (no getter is called). */
function isThenableShape(value: object): boolean {
  // A proxy's traps or a getter named `then` would be user code: anything not a plain data
  // property is treated as a thenable, so the hold is left unrecorded rather than guessed.
  for (let o: object | null = value; o !== null; o = Object.getPrototypeOf(o)) {
    if (types.isProxy(o)) return true;
    const d = Object.getOwnPropertyDescriptor(o, 'then');
    if (d !== undefined) return !('value' in d) || typeof d.value === 'function';
  }
  return false;
}
