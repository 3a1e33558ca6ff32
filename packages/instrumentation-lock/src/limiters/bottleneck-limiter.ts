import type { HistogramHandle, HistogramSeries } from '@statewatch/instrumentation-common';
import { ATTR_LOCK_KIND, ATTR_LOCK_NAME } from '@statewatch/semconv';
import { nowMs } from '../clock';
import type { LockMetrics, LockSeries } from '../lock-metrics';
import { lockNameOf, namesGeneration } from '../names';
import { dataProperty } from './limiter';
import type { LimiterTask, SeriesSource } from './limiter';

const LIBRARY = 'bottleneck';
/** The `id` a limiter has when none is given (Bottleneck.prototype.instanceDefaults.id). */
export const DEFAULT_ID = '<no-id>';
/** Captured at load: a clock the program replaces later (fake timers) is never called by us. */
const dateNow = Date.now;

/** The LocalDatastore fields read (data properties of the library's own objects). */
interface LocalStore {
  _running: number;
  _nextRequest: number;
}
interface StoreOptions {
  maxConcurrent: number | null;
  minTime: number;
  reservoir: number | null;
}

/** One job of a limiter, from `_receive` to its start or drop. */
export interface JobState {
  readonly limiter: BottleneckLimiter;
  readonly task: LimiterTask;
  readonly weight: number;
  /** When the store registered it (`_run`: slot and reservoir taken); 0 before. */
  registeredAt: number;
  /** The minTime spacing it was given at registration (ms). */
  spacing: number;
  /** The part of its wait behind an empty reservoir while a slot was free (ms). */
  reservoirMs: number;
  /** When asked, a slot was free for it but the reservoir (after the jobs ahead) was not. */
  reservoirShortAtAsk: boolean;
}

/**
 * The series and rate-limit bookkeeping of one Bottleneck (local datastore). `lock.name`: the
 * `id` option unless it is the default, else `nameLock(limiter, …)`, else `bottleneck`.
 */
export class BottleneckLimiter implements SeriesSource {
  /** Weight of the recorded jobs received and not yet registered (ahead of a new one). */
  pendingWeight = 0;
  /** Since when the reservoir, not a busy slot, has held the queue back; undefined when not. */
  private reservoirBlockedSince: number | undefined = undefined;
  private series: LockSeries | undefined;
  private throttleSeries: HistogramSeries | undefined;
  private generation = -1;

  constructor(
    private readonly metrics: LockMetrics,
    private readonly throttle: HistogramHandle,
    private readonly owner: object,
    /** The `id` option, read once at the limiter's first job. */
    private readonly id: string | undefined,
    private readonly store: LocalStore,
    private readonly options: StoreOptions,
  ) {}

  /** The state of `limiter`, or undefined when its store is not the local one we know. */
  static of(metrics: LockMetrics, throttle: HistogramHandle, limiter: object): BottleneckLimiter | undefined {
    const store = dataProperty(limiter, '_store') as LocalStore | undefined;
    const options = dataProperty(store, 'storeOptions') as StoreOptions | undefined;
    if (
      typeof dataProperty(store, '_running') !== 'number' ||
      typeof dataProperty(store, '_nextRequest') !== 'number' ||
      typeof dataProperty(options, 'minTime') !== 'number'
    )
      return undefined;
    const id = dataProperty(limiter, 'id');
    const named = typeof id === 'string' && id !== DEFAULT_ID && id !== '' ? id : undefined;
    return new BottleneckLimiter(metrics, throttle, limiter, named, store!, options!);
  }

  resolve(): LockSeries {
    const g = namesGeneration();
    if (this.series === undefined || this.generation !== g) {
      this.series = this.metrics.series(this.id ?? lockNameOf(this.owner) ?? LIBRARY, 'rate_limiter');
      this.throttleSeries = this.throttle.series({
        [ATTR_LOCK_NAME]: this.series.name,
        [ATTR_LOCK_KIND]: this.series.kind,
      });
      this.generation = g;
    }
    return this.series;
  }

  /** statewatch.lock.throttle.duration of this limiter's series. */
  throttleOf(): HistogramSeries {
    this.resolve();
    return this.throttleSeries!;
  }

  /**
   * Whether a job of `weight` received now could start at once: a free slot and reservoir left
   * after the jobs ahead of it, and no minTime spacing pending.
   */
  couldStartAtOnce(weight: number): boolean {
    const { maxConcurrent, reservoir, minTime } = this.options;
    const ahead = this.pendingWeight;
    if (maxConcurrent != null && maxConcurrent - this.store._running - ahead < weight) return false;
    if (reservoir != null && reservoir - ahead < weight) return false;
    if (minTime > 0 && ahead > 0) return false;
    return this.store._nextRequest <= dateNow();
  }

  /** A job of `weight` received now would find a free slot but not enough reservoir. */
  reservoirShort(weight: number): boolean {
    const { maxConcurrent, reservoir } = this.options;
    const ahead = this.pendingWeight;
    return (
      reservoir != null &&
      reservoir - ahead < weight &&
      (maxConcurrent == null || maxConcurrent - this.store._running - ahead >= weight)
    );
  }

  /**
   * A drain found nothing to register (`_drainOne` gave null). With jobs queued and more slots
   * free than the reservoir allows, the reservoir holds them back from now on; otherwise (no
   * job, or no free slot) it does not.
   */
  drainFoundNothing(queued: number): void {
    const { maxConcurrent, reservoir } = this.options;
    const reservoirBinding =
      queued > 0 &&
      reservoir != null &&
      (maxConcurrent == null || reservoir < maxConcurrent - this.store._running);
    if (!reservoirBinding) this.reservoirBlockedSince = undefined;
    else this.reservoirBlockedSince ??= nowMs();
  }

  /** A job registered now (`_run`, its first): the reservoir part of its wait ends. */
  registered(job: JobState, spacing: number): void {
    const now = nowMs();
    job.registeredAt = now;
    job.spacing = spacing;
    this.pendingWeight -= job.weight;
    // Held back by the reservoir from its ask, or since the reservoir became what held the queue.
    const since = this.reservoirBlockedSince;
    if (since !== undefined)
      job.reservoirMs =
        now - (job.reservoirShortAtAsk ? job.task.askedAt : Math.max(since, job.task.askedAt));
  }
}
