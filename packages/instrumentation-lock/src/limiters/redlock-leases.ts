import { types } from 'node:util';
import { diag } from '@opentelemetry/api';
import { reportError } from '@statewatch/instrumentation-common';
import type { SumSeries } from '@statewatch/instrumentation-common';
import {
  ATTR_LOCK_KIND,
  ATTR_LOCK_NAME,
  METRIC_LOCK_ATTEMPTS,
  METRIC_LOCK_LEASE_EXTENSIONS,
  METRIC_LOCK_LEASE_LOST,
} from '@statewatch/semconv';
import { nowMs } from '../clock';
import type { LockMetrics, LockSeries } from '../lock-metrics';
import { MS } from '../lock-metrics';

/**
 * Acquisitions and leases followed at once. When full, leases past their TTL (never released:
 * left to expire) are forgotten; if none is, new ones are not recorded (said once).
 */
export const MAX_TRACKED_LEASES = 10_000;

/** The series of one resource (name): the lock series plus redlock's own three counters. */
interface DistributedSeries {
  lock: LockSeries;
  attempts: SumSeries;
  extensions: SumSeries;
  lost: SumSeries;
}

/** An acquisition or lease, keyed by its random value (what redlock itself identifies it by). */
export interface LeaseRecord {
  state: 'acquiring' | 'held' | 'releasing';
  series: DistributedSeries;
  /** acquiring: since acquire was called; held: since granted. */
  since: number;
  /** held: when its TTL runs out (nowMs clock), as of the grant or the last extension. */
  expiresAt: number;
  attempts: number;
  /** Per-protocol bookkeeping (redlock 4 counts the replies of each round itself). */
  round?: unknown;
}

/*
 * What a distributed lock records (kind `distributed_lock`, see docs/metrics-contract.md): wait =
 * acquire called → lease granted, over every attempt (outcome acquired), or → the last attempt
 * failed (rejected); `statewatch.lock.attempts` each try, the first and every retry; contended =
 * the first attempt did not get it; hold = granted → released or lost; extensions that succeeded;
 * lost = an extension failed, the lease had expired before extend, or the release found it gone.
 * State is kept here, keyed by the lease's value, never on the program's objects.
 */
export class RedlockLeases {
  private readonly byValue = new Map<string, LeaseRecord>();
  private readonly byLock = new Map<LockSeries, DistributedSeries>();
  private readonly attemptsMetric;
  private readonly extensionsMetric;
  private readonly lostMetric;
  private toldFull = false;

  constructor(private readonly metrics: LockMetrics) {
    this.attemptsMetric = metrics.recorder.counter(METRIC_LOCK_ATTEMPTS);
    this.extensionsMetric = metrics.recorder.counter(METRIC_LOCK_LEASE_EXTENSIONS);
    this.lostMetric = metrics.recorder.counter(METRIC_LOCK_LEASE_LOST);
  }

  get(value: unknown): LeaseRecord | undefined {
    return typeof value === 'string' ? this.byValue.get(value) : undefined;
  }

  /** An acquisition of `resources` asked for now, under `value`; undefined when not recorded. */
  ask(value: unknown, resources: unknown): LeaseRecord | undefined {
    if (typeof value !== 'string' || this.byValue.has(value)) return undefined;
    if (this.byValue.size >= MAX_TRACKED_LEASES && !this.forgetExpired()) {
      this.sayFull();
      return undefined;
    }
    try {
      const series = this.seriesOf(nameOf(resources));
      const record: LeaseRecord = {
        state: 'acquiring',
        series,
        since: nowMs(),
        expiresAt: Infinity,
        attempts: 0,
      };
      this.byValue.set(value, record);
      series.lock.waiters.add(1);
      return record;
    } catch (err) {
      reportError('redlock acquire', err);
      return undefined;
    }
  }

  /** One try of an acquisition (the first or a retry). */
  attempt(record: LeaseRecord): void {
    record.attempts++;
    record.series.attempts.add(1);
  }

  /** Granted for `ttl` ms (the program's argument: anything but a number is never forgotten). */
  granted(value: string, record: LeaseRecord, ttl: unknown): void {
    if (record.state !== 'acquiring' || this.byValue.get(value) !== record) return;
    const now = nowMs();
    const lock = record.series.lock;
    lock.waiters.add(-1);
    lock.waitAcquired.record((now - record.since) * MS);
    (record.attempts > 1 ? lock.contended : lock.uncontended).add(1);
    record.state = 'held';
    record.since = lock.holdStart(now);
    record.expiresAt = expiry(record.since, ttl);
  }

  /** Every attempt failed. */
  failed(value: string, record: LeaseRecord): void {
    if (record.state !== 'acquiring' || this.byValue.get(value) !== record) return;
    this.byValue.delete(value);
    record.series.lock.waiters.add(-1);
    record.series.lock.waitRejected.record((nowMs() - record.since) * MS);
  }

  /** Extended by `ttl` ms from now. */
  extended(record: LeaseRecord, ttl: unknown): void {
    if (record.state !== 'held') return;
    record.series.extensions.add(1);
    record.expiresAt = expiry(nowMs(), ttl);
  }

  /** The holder lost the lease (a failed extension, or it expired): the hold ends now. */
  lost(value: string, record: LeaseRecord): void {
    if (this.byValue.get(value) !== record) return;
    this.byValue.delete(value);
    if (record.state === 'held') record.series.lock.hold.record((nowMs() - record.since) * MS);
    if (record.state !== 'acquiring') record.series.lost.add(1);
  }

  /** The holder releases it: the hold ends now; `releaseDone` says whether Redis still had it. */
  releasing(record: LeaseRecord): void {
    if (record.state !== 'held') return;
    record.state = 'releasing';
    record.series.lock.hold.record((nowMs() - record.since) * MS);
  }

  releaseDone(value: string, record: LeaseRecord, stillHeld: boolean): void {
    if (record.state !== 'releasing' || this.byValue.get(value) !== record) return;
    this.byValue.delete(value);
    if (!stillHeld) record.series.lost.add(1);
  }

  private seriesOf(name: string): DistributedSeries {
    const lock = this.metrics.series(name, 'distributed_lock');
    let found = this.byLock.get(lock);
    if (found === undefined) {
      const attrs = { [ATTR_LOCK_NAME]: lock.name, [ATTR_LOCK_KIND]: lock.kind };
      found = {
        lock,
        attempts: this.attemptsMetric.series(attrs),
        extensions: this.extensionsMetric.series(attrs),
        lost: this.lostMetric.series(attrs),
      };
      this.byLock.set(lock, found);
    }
    return found;
  }

  /** Forgets the held leases whose TTL ran out (the library refuses to extend them); any? */
  private forgetExpired(): boolean {
    const now = nowMs();
    let forgot = false;
    for (const [value, record] of this.byValue)
      if (record.state === 'held' && record.expiresAt < now) {
        this.byValue.delete(value);
        forgot = true;
      }
    return forgot;
  }

  private sayFull(): void {
    if (this.toldFull) return;
    this.toldFull = true;
    try {
      diag.warn(
        `statewatch: redlock: ${MAX_TRACKED_LEASES} acquisitions and leases in progress are followed at once; further ones are not recorded until some are released or expire`,
      );
    } catch {
      // nowhere to report
    }
  }
}

/** `lock.name` of a redlock resource or array of resources (user data: capped by LockMetrics). */
function nameOf(resources: unknown): string {
  if (typeof resources === 'string') return resources;
  if (!Array.isArray(resources) || types.isProxy(resources)) return 'redlock';
  let name = '';
  for (let i = 0; i < resources.length; i++) {
    const r: unknown = resources[i];
    if (typeof r !== 'string') return 'redlock';
    name = i === 0 ? r : `${name},${r}`;
  }
  return name || 'redlock';
}

const expiry = (from: number, ttl: unknown) => (typeof ttl === 'number' && ttl >= 0 ? from + ttl : Infinity);

/** Date.now as it was at load (an app that fakes it later is not seen calling it). */
export const dateNow = Date.now;
