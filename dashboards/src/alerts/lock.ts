import { config } from '../config';
import { L, quantileName } from '../promql';
import { LOCK_CONTENDED_SHARE, LOCK_LEASE_LOST_RATE, LOCK_WAIT_QUANTILE } from '../rules/lock';
import type { AlertRule, RuleGroup } from '../types';

const q = quantileName(config.latencyQuantile);

export const lockAlerts: RuleGroup<AlertRule> = {
  name: 'statewatch-lock.alerts',
  rules: [
    {
      alert: 'StatewatchLockWaitHigh',
      severity: 'warning',
      signal: LOCK_WAIT_QUANTILE,
      comparison: `> ${config.lockWaitP99Threshold}`,
      for: config.lockWaitP99For,
      summary: `Callers wait long for a lock (${q}).`,
      description: (v) =>
        `${q} wait for lock {{ $labels.${L.lockName} }} ({{ $labels.${L.lockKind} }}) on {{ $labels.instance }} of job {{ $labels.job }} is {{ humanizeDuration ${v} }}.`,
    },
    {
      alert: 'StatewatchLockContended',
      severity: 'warning',
      signal: LOCK_CONTENDED_SHARE,
      comparison: `> ${config.lockContendedShareThreshold}`,
      for: config.lockContendedShareFor,
      summary: 'Most acquisitions of a lock find it held.',
      description: (v) =>
        `{{ humanizePercentage ${v} }} of acquisitions of lock {{ $labels.${L.lockName} }} ({{ $labels.${L.lockKind} }}) on {{ $labels.instance }} of job {{ $labels.job }} had to wait for another holder.`,
    },
    {
      // A lost lease is an event, not a level: any one in the window means mutual exclusion may have broken.
      alert: 'StatewatchLockLeaseLost',
      severity: 'critical',
      signal: LOCK_LEASE_LOST_RATE,
      comparison: '> 0',
      for: config.lockLeaseLostFor,
      summary: 'A distributed lock lost its lease while held.',
      description: (v) =>
        `Lock {{ $labels.${L.lockName} }} ({{ $labels.${L.lockKind} }}) on {{ $labels.instance }} of job {{ $labels.job }} is losing leases while held ({{ printf "%.3f" ${v} }}/s): another process may have taken it meanwhile.`,
    },
  ],
};
