import {
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_ATTEMPTS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_LEASE_EXTENSIONS,
  METRIC_LOCK_SAMPLING_INTERVAL,
  METRIC_LOCK_THROTTLE_DURATION,
  METRIC_LOCK_WAIT_DURATION,
  METRIC_LOCK_WAITER_COUNT,
} from '@statewatch/semconv';
import { config } from '../config';
import {
  DASHBOARD_RATE as R,
  DASHBOARD_SELECTOR as S,
  L,
  quantile,
  quantileName,
  sel,
  sumRate,
  vector,
} from '../promql';
import { LOCK_CONTENDED_SHARE, LOCK_LEASE_LOST_RATE, LOCK_WAIT_QUANTILE } from '../rules/lock';
import { buildDashboard, heatmapPanel, timeseriesPanel } from './common';

export const LOCK_SLUG = 'lock';
const q = quantileName(config.latencyQuantile);
const lockLegend = `{{${L.lockName}}} ({{${L.lockKind}}}) {{instance}}`;
const perLock = [L.job, L.instance, L.lockName, L.lockKind];

export const lockDashboard = () =>
  buildDashboard({
    slug: LOCK_SLUG,
    title: 'Lock contention',
    description:
      'How long callers wait for mutexes, semaphores, Web Locks, limiters (p-limit, async-sema), queues (p-queue), rate limiters (bottleneck), keyed locks (async-lock) and distributed locks (redlock), how often they find them held or full, and how long holders keep them (panels per lock.name and lock.kind).',
    area: 'lock',
    rows: [
      {
        title: 'Contention',
        panels: [
          timeseriesPanel({
            title: 'Contended share by lock',
            description: `Share of granted acquisitions that found the lock held (recording rule ${LOCK_CONTENDED_SHARE}). The dashed line is the StatewatchLockContended threshold.`,
            unit: 'percentunit',
            min: 0,
            max: 1,
            thresholds: [config.lockContendedShareThreshold],
            targets: [{ expr: vector(LOCK_CONTENDED_SHARE, S), legend: lockLegend }],
          }),
          timeseriesPanel({
            title: 'Acquisitions by lock and contention',
            description:
              'Granted acquisitions per second, split into those that had to wait (contended) and those that did not.',
            unit: 'cps',
            min: 0,
            stacked: true,
            targets: [
              {
                expr: sumRate(METRIC_LOCK_ACQUISITIONS, {
                  selector: S,
                  window: R,
                  by: [L.lockName, L.lockContended],
                }),
                legend: `{{${L.lockName}}} contended={{${L.lockContended}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Waiters by lock',
            description:
              'Callers waiting for each lock right now: a queue that grows without draining means a stuck holder.',
            unit: 'short',
            min: 0,
            targets: [
              {
                expr: `sum by (${perLock.join(', ')}) (${sel(METRIC_LOCK_WAITER_COUNT, S)})`,
                legend: lockLegend,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Wait outcomes',
            description: 'Waits per second by how they ended: acquired, timeout, canceled or rejected.',
            unit: 'cps',
            min: 0,
            stacked: true,
            targets: [
              {
                expr: sumRate(METRIC_LOCK_WAIT_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.lockName, L.lockOutcome],
                  part: 'count',
                }),
                legend: `{{${L.lockName}}} {{${L.lockOutcome}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Wait',
        panels: [
          timeseriesPanel({
            title: `Wait ${q} by lock`,
            description: `${q} of the time from asking for a lock to getting it or giving up (recording rule ${LOCK_WAIT_QUANTILE}). The dashed line is the StatewatchLockWaitHigh threshold.`,
            unit: 's',
            min: 0,
            thresholds: [config.lockWaitP99Threshold],
            targets: [{ expr: vector(LOCK_WAIT_QUANTILE, S), legend: lockLegend }],
          }),
          timeseriesPanel({
            title: 'Wait p50 by lock',
            description:
              'Median wait: compare with the p99 to tell a few long waits from a generally slow lock.',
            unit: 's',
            min: 0,
            targets: [
              {
                expr: quantile(0.5, METRIC_LOCK_WAIT_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.lockName, L.lockKind],
                }),
                legend: `{{${L.lockName}}} ({{${L.lockKind}}})`,
              },
            ],
          }),
          heatmapPanel({
            title: 'Wait distribution',
            description: 'Waits per second in each duration bucket, all locks together.',
            unit: 's',
            width: 24,
            targets: [
              {
                expr: sumRate(METRIC_LOCK_WAIT_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.le],
                  part: 'bucket',
                }),
                legend: '{{le}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Hold',
        panels: [
          timeseriesPanel({
            title: 'Hold p50 / p99 by lock',
            description: 'How long holders keep each lock: long holds are what make others wait.',
            unit: 's',
            min: 0,
            targets: [
              {
                expr: quantile(0.5, METRIC_LOCK_HOLD_DURATION, { selector: S, window: R, by: [L.lockName] }),
                legend: `p50 {{${L.lockName}}}`,
              },
              {
                expr: quantile(0.99, METRIC_LOCK_HOLD_DURATION, { selector: S, window: R, by: [L.lockName] }),
                legend: `p99 {{${L.lockName}}}`,
              },
            ],
          }),
          heatmapPanel({
            title: 'Hold distribution',
            description: 'Holds per second in each duration bucket, all locks together.',
            unit: 's',
            targets: [
              {
                expr: sumRate(METRIC_LOCK_HOLD_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.le],
                  part: 'bucket',
                }),
                legend: '{{le}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Rate limits and distributed locks',
        panels: [
          timeseriesPanel({
            title: 'Share of wait caused by the rate limit',
            description:
              'Rate limiters (bottleneck): seconds per second held back by minTime or an empty reservoir, over all waiting. Near 1: the limit, not a busy slot, is what callers wait for.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            targets: [
              {
                expr: `${sumRate(METRIC_LOCK_THROTTLE_DURATION, { selector: S, window: R, by: [L.lockName], part: 'sum' })} / ${sumRate(METRIC_LOCK_WAIT_DURATION, { selector: S, window: R, by: [L.lockName], part: 'sum' })}`,
                legend: `{{${L.lockName}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Attempts per granted distributed lock',
            description:
              'Distributed locks (redlock): tries (first and retries) per granted acquisition. Above 1: another holder kept the resource.',
            unit: 'short',
            min: 0,
            targets: [
              {
                expr: `${sumRate(METRIC_LOCK_ATTEMPTS, { selector: S, window: R, by: [L.lockName] })} / ${sumRate(METRIC_LOCK_ACQUISITIONS, { selector: `${S}, ${L.lockKind}="distributed_lock"`, window: R, by: [L.lockName] })}`,
                legend: `{{${L.lockName}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Lease extensions and lost leases',
            description: `Distributed locks: leases extended per second, and leases lost while held (an extension or release found the lease gone): a lost lease means two holders may have run at once (recording rule ${LOCK_LEASE_LOST_RATE}; the dashed line is the StatewatchLockLeaseLost threshold).`,
            unit: 'cps',
            min: 0,
            thresholds: [0],
            targets: [
              {
                expr: sumRate(METRIC_LOCK_LEASE_EXTENSIONS, { selector: S, window: R, by: [L.lockName] }),
                legend: `extended {{${L.lockName}}}`,
              },
              { expr: vector(LOCK_LEASE_LOST_RATE, S), legend: `lost {{${L.lockName}}} {{instance}}` },
            ],
          }),
          timeseriesPanel({
            title: 'Timing sample interval by lock',
            description:
              'Wait and hold are timed for 1 in this many acquisitions (1: every one) once timing every one would cost more than the overhead budget; acquisitions and waiters stay exact.',
            unit: 'short',
            min: 1,
            targets: [
              {
                expr: `max by (${perLock.join(', ')}) (${sel(METRIC_LOCK_SAMPLING_INTERVAL, S)})`,
                legend: lockLegend,
              },
            ],
          }),
        ],
      },
    ],
  });
