import { HotPathRecorder } from '@statewatch/instrumentation-common';
import type { HistogramSeries, SumSeries } from '@statewatch/instrumentation-common';
import {
  ATTR_LOCK_CONTENDED,
  ATTR_LOCK_KIND,
  ATTR_LOCK_NAME,
  ATTR_LOCK_OUTCOME,
  LOCK_NAME_UNNAMED,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_WAITER_COUNT,
  METRIC_LOCK_WAIT_DURATION,
} from '@statewatch/semconv';
import type { LockKind, LockOutcome } from '@statewatch/semconv';
import type { Meter } from '@opentelemetry/api';

/** Every series of one lock (name × kind), resolved once; the hot path only updates numbers. */
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
  ) {}

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
}

/** The lock metrics of one instrumentation: the recorder and the series of every lock. */
export class LockMetrics {
  readonly recorder: HotPathRecorder;
  private readonly wait;
  private readonly hold;
  private readonly acquisitions;
  private readonly waiters;
  private readonly byLock = new Map<string, LockSeries>();

  constructor(options: LockMetricsOptions = {}) {
    this.recorder = new HotPathRecorder(options);
    this.wait = this.recorder.histogram(METRIC_LOCK_WAIT_DURATION);
    this.hold = this.recorder.histogram(METRIC_LOCK_HOLD_DURATION);
    this.acquisitions = this.recorder.counter(METRIC_LOCK_ACQUISITIONS);
    this.waiters = this.recorder.upDownCounter(METRIC_LOCK_WAITER_COUNT);
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
      );
      this.byLock.set(key, found);
    }
    return found;
  }
}

/** Milliseconds (`nowMs()`) to the metrics' unit, seconds. */
export const MS = 1e-3;
