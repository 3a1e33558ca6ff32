import { recordWeighted } from '@statewatch/instrumentation-common';
import type { LockKind, LockOutcome } from '@statewatch/semconv';
import type { LockMetrics, LockSeries } from '../lock-metrics';
import { MS } from '../lock-metrics';
import { lockNameOf, namesGeneration } from '../names';
import type { QueuedTask } from '../internal-types';

/*
 * Per-lock state, kept in a hidden slot (hidden.ts) of the library's long-lived Semaphore (a
 * Mutex's internal one for a Mutex): never a property of the lock. It also carries the
 * synchronous hand-offs between the patched methods of that one semaphore (acquire →
 * _dispatchItem; release → the grant it makes): JavaScript runs them without interleaving, and
 * keeping them per lock leaves no module-level state.
 */
export class LockState {
  private series: LockSeries | undefined = undefined;
  private generation = -1;
  /**
   * Open holds, oldest first: `untimedHeld` untimed holds of weight 1 (only a count: no object,
   * no clock), then a linked list; a direct release() closes the oldest. An untimed hold of weight
   * 1 is counted there while the list is empty, else linked as a Hold.
   */
  untimedHeld = 0;
  oldest: Hold | undefined = undefined;
  newest: Hold | undefined = undefined;
  /**
   * The Requests of the tasks in the semaphore's queue, in queue order (a linked list): the
   * library only inserts a task by priority, takes the first one, or empties the queue, so tasks
   * are matched by position. Requests of tasks that left the queue unseen (while unpatched) can
   * only be first: `takeRequest` drops them.
   */
  firstWaiting: Request | undefined = undefined;
  lastWaiting: Request | undefined = undefined;
  /**
   * Counts the acquisitions that queued; each Request keeps its number (`seq`), so a decorator
   * finds the one its call queued without a pointer stored per acquisition (a write barrier).
   */
  queued = 0;
  /** The newest waitForUnlock() caller counted as a waiter (for the decorators). */
  lastUnlockWaiter: UnlockWaiter | undefined = undefined;

  // Hand-offs within one synchronous call on this semaphore.
  /** Whether the running acquire() is timed: when it was asked for (ms), else 0 … */
  askedAt = 0;
  /** … and its weight (the requests it stands for). */
  askWeight = 0;
  /** A decorator (withTimeout, tryAcquire) is calling acquire(): time it, weight 1. */
  timeAlways = false;
  /** The units the running acquire() was granted at once (set by _dispatchItem); 0: it queued. */
  grantedWeight = 0;
  /** The time a release closed a hold, while it runs: its grant to the next caller reuses it. */
  releasedAt = 0;

  constructor(
    readonly metrics: LockMetrics,
    /** The library's Semaphore this state belongs to. */
    readonly semaphore: object,
    /** The object the user named: the Mutex, or the Semaphore itself. */
    readonly owner: object,
    readonly kind: LockKind,
  ) {}

  /** The series of this lock (resolved again after a nameLock). */
  resolve(): LockSeries {
    const series = this.series;
    if (series !== undefined && this.generation === namesGeneration()) return series;
    return this.refresh();
  }

  /** Out of line: `resolve` is on every acquisition's path and small enough to be inlined. */
  private refresh(): LockSeries {
    const g = namesGeneration();
    const series = this.metrics.series(lockNameOf(this.owner), this.kind);
    this.series = series;
    this.generation = g;
    return series;
  }
}

/** A caller waiting in a semaphore's queue; timed when `weight` is not 0. */
export class Request {
  done = false;
  prev: Request | undefined = undefined;
  next: Request | undefined = undefined;
  /** Give-up timers of the decorators it went through (withTimeout, tryAcquire), cleared when granted. */
  deadlines: NodeJS.Timeout[] | undefined = undefined;
  /** `LockState.queued` when this request was queued. */
  seq = 0;

  constructor(
    readonly state: LockState,
    /** When it was asked for (ms); 0 when untimed. */
    readonly askedAt: number,
    /** The library's queued task. */
    readonly task: QueuedTask,
    /** The sampling weight of its wait and hold; 0: untimed. */
    readonly weight: number,
  ) {}

  /** Ends the wait with an outcome other than `acquired` (the grant path records that). */
  giveUp(outcome: LockOutcome, now: number): void {
    if (this.done) return;
    this.done = true;
    this.clearDeadline();
    const series = this.state.resolve();
    if (this.weight !== 0) recordWeighted(series.waitFor(outcome), (now - this.askedAt) * MS, this.weight);
    series.waiters.add(-1);
  }

  clearDeadline(): void {
    const d = this.deadlines;
    if (d === undefined) return;
    this.deadlines = undefined;
    for (const t of d) clearTimeout(t);
  }
}

export class Hold {
  open = true;
  prev: Hold | undefined = undefined;
  next: Hold | undefined = undefined;
  constructor(
    /** When it started (ms); 0 when untimed. */
    readonly since: number,
    /** The semaphore units it holds. */
    readonly weight: number,
    /** The sampling weight of its duration; 0: untimed. */
    readonly sampleWeight: number,
  ) {}
}

/** A waitForUnlock() caller, counted as a waiter until the lock is free or it gives up. */
export class UnlockWaiter {
  counted = true;
  constructor(readonly series: LockSeries) {}
  end(): void {
    if (!this.counted) return;
    this.counted = false;
    this.series.waiters.add(-1);
  }
}
