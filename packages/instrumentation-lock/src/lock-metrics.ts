import {
  HotPathRecorder,
  TimingSampler,
  defaultSamplingPolicy,
  resolveSamplingPolicy,
} from '@statewatch/instrumentation-common';
import type {
  GaugeSeries,
  HistogramSeries,
  OverheadBudget,
  SamplingOptions,
  SamplingPolicy,
  SumSeries,
} from '@statewatch/instrumentation-common';
import {
  ATTR_LOCK_CONTENDED,
  ATTR_LOCK_KIND,
  ATTR_LOCK_NAME,
  ATTR_LOCK_OUTCOME,
  LOCK_NAME_UNNAMED,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_SAMPLING_INTERVAL,
  METRIC_LOCK_WAITER_COUNT,
  METRIC_LOCK_WAIT_DURATION,
} from '@statewatch/semconv';
import type { LockKind, LockOutcome } from '@statewatch/semconv';
import type { Meter } from '@opentelemetry/api';
import { nowMs } from './clock';

/**
 * Every series of one lock (name × kind), resolved once; the hot path only updates numbers.
 *
 * Counts are exact: every acquisition (`contended`/`uncontended`) and every waiter. Wait and
 * hold durations are recorded for the requests `sampler` picks when they are made (see
 * `startTiming`), each with the sampler's weight k (Horvitz–Thompson: histogram counts and sums
 * are unbiased estimates over all requests); an untimed request reads no clock at all.
 */
export class LockSeries {
  constructor(
    readonly name: string,
    readonly kind: LockKind,
    readonly waitAcquired: HistogramSeries,
    readonly waitTimeout: HistogramSeries,
    readonly waitCanceled: HistogramSeries,
    readonly waitRejected: HistogramSeries,
    readonly hold: HistogramSeries,
    readonly contended: SumSeries,
    readonly uncontended: SumSeries,
    readonly waiters: SumSeries,
    /** Which requests are timed; one per lock (name × kind). */
    readonly sampler: TimingSampler,
    /** `statewatch.lock.sampling.interval`: 1 in how many requests is timed now. */
    readonly interval: GaugeSeries,
  ) {
    interval.set(1);
  }

  /**
   * A request of this lock is made: when the sampler picks it, the clock reading (ms, never 0)
   * its durations start from, and its weight is `sampler.weight` (read it right away); else 0,
   * and no clock is read. Call exactly once per request.
   */
  startTiming(): number {
    return this.sampler.shouldTime() ? this.timedStart() : 0;
  }

  /**
   * The rare part of `startTiming`, out of line so that a hot caller inlines only the countdown:
   * call it exactly when `sampler.shouldTime()` just returned true.
   */
  timedStart(): number {
    const sampler = this.sampler;
    const now = nowMs();
    sampler.timed(now);
    this.interval.set(sampler.interval);
    return now;
  }

  /**
   * Where a timed hold starts, after its wait was recorded at `grantedAt`: in `sdk` mode that
   * record may have handed a full buffer to the SDK (up to milliseconds), which must not count
   * as this hold (it would, k times over: only timed requests record); so the clock is read
   * again. In `producer` mode a record is a bucket update: `grantedAt`.
   */
  holdStart(grantedAt: number): number {
    return this.waitAcquired.local === undefined ? nowMs() : grantedAt;
  }

  waitFor(outcome: LockOutcome): HistogramSeries {
    switch (outcome) {
      case 'acquired':
        return this.waitAcquired;
      case 'timeout':
        return this.waitTimeout;
      case 'canceled':
        return this.waitCanceled;
      default:
        return this.waitRejected;
    }
  }
}

export interface LockMetricsOptions {
  attributeValueLimit?: number;
  mode?: 'sdk' | 'producer';
  scope?: { name: string; version?: string };
  limitHint?: string;
  /** Which requests' durations are timed (resolveSamplingPolicy). @default defaultSamplingPolicy() */
  sampling?: SamplingPolicy;
}

/** The lock metrics of one instrumentation: the recorder and the series of every lock. */
export class LockMetrics {
  readonly recorder: HotPathRecorder;
  private readonly wait;
  private readonly hold;
  private readonly acquisitions;
  private readonly waiters;
  private readonly intervals;
  private readonly sampling: SamplingPolicy;
  private readonly byLock = new Map<string, LockSeries>();

  constructor(options: LockMetricsOptions = {}) {
    this.recorder = new HotPathRecorder(options);
    this.wait = this.recorder.histogram(METRIC_LOCK_WAIT_DURATION);
    this.hold = this.recorder.histogram(METRIC_LOCK_HOLD_DURATION);
    this.acquisitions = this.recorder.counter(METRIC_LOCK_ACQUISITIONS);
    this.waiters = this.recorder.upDownCounter(METRIC_LOCK_WAITER_COUNT);
    this.intervals = this.recorder.gauge(METRIC_LOCK_SAMPLING_INTERVAL);
    this.sampling = options.sampling ?? defaultSamplingPolicy();
  }

  setMeter(meter: Meter): void {
    this.recorder.setMeter(meter);
  }

  /**
   * The series of a lock; `name` undefined or empty means `unnamed`. Capped per the contract:
   * once `lock.name` is full, a new name gets the shared overflow series and is not remembered,
   * so memory stays bounded however many names come by.
   */
  series(name: string | undefined, kind: LockKind): LockSeries {
    const lockName = name || LOCK_NAME_UNNAMED;
    const key = `${kind}\u0000${lockName}`;
    const found = this.byLock.get(key);
    if (found !== undefined) return found;
    const admitted = this.recorder.admit(ATTR_LOCK_NAME, lockName);
    return this.create(admitted === lockName ? key : `${kind}\u0000${admitted}`, admitted, kind);
  }

  private create(key: string, lockName: string, kind: LockKind): LockSeries {
    let found = this.byLock.get(key);
    if (found === undefined) {
      const lock = { [ATTR_LOCK_NAME]: lockName, [ATTR_LOCK_KIND]: kind };
      const wait = (outcome: LockOutcome) => this.wait.series({ ...lock, [ATTR_LOCK_OUTCOME]: outcome });
      found = new LockSeries(
        lockName,
        kind,
        wait('acquired'),
        wait('timeout'),
        wait('canceled'),
        wait('rejected'),
        this.hold.series(lock),
        this.acquisitions.series({ ...lock, [ATTR_LOCK_CONTENDED]: true }),
        this.acquisitions.series({ ...lock, [ATTR_LOCK_CONTENDED]: false }),
        this.waiters.series(lock),
        new TimingSampler(this.sampling),
        this.intervals.series(lock),
      );
      this.byLock.set(key, found);
    }
    return found;
  }
}

/** Milliseconds (`nowMs()`) to the metrics' unit, seconds. */
export const MS = 1e-3;

/**
 * The sampling policy of a LockInstrumentationConfig: its `overheadBudget` and `sampling`
 * options, else STATEWATCH_OVERHEAD_BUDGET (resolved once per process). Throws one line naming
 * the option for a bad value (at construction, like a bad config anywhere).
 */
export function lockSamplingPolicy(config: {
  overheadBudget?: OverheadBudget;
  sampling?: Omit<SamplingOptions, 'overheadBudget'>;
}): SamplingPolicy {
  if (config.overheadBudget === undefined && config.sampling === undefined) return defaultSamplingPolicy();
  return resolveSamplingPolicy({
    ...config.sampling,
    overheadBudget: config.overheadBudget,
  });
}
