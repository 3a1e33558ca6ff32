import {
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_LEASE_LOST,
  METRIC_LOCK_WAIT_DURATION,
} from '@statewatch/semconv';
import { config } from '../config';
import { L, quantile, quantileName, sumRate } from '../promql';
import type { RecordingRule, RuleGroup } from '../types';

const perLock = [L.job, L.instance, L.lockName, L.lockKind];
const w = config.rateWindow;

export const LOCK_CONTENDED_SHARE = `lock:statewatch_lock_contended_share:ratio_rate${w}`;
export const LOCK_LEASE_LOST_RATE = `lock:statewatch_lock_lease_lost:rate${w}`;
export const LOCK_WAIT_QUANTILE = `lock:statewatch_lock_wait_seconds:${quantileName(config.latencyQuantile)}_rate${w}`;

const acquisitions = (extra: string[] = []) =>
  sumRate(METRIC_LOCK_ACQUISITIONS, { selector: config.ruleSelector, window: w, by: perLock, extra });

export const lockRules: RuleGroup<RecordingRule> = {
  name: 'statewatch-lock.rules',
  rules: [
    {
      record: LOCK_CONTENDED_SHARE,
      help: 'Share of granted acquisitions that found the lock held (0 when none did).',
      // `or … * 0` keeps locks that were never contended at 0 instead of dropping them.
      expr:
        `(${acquisitions([`${L.lockContended}="true"`])} or ${acquisitions()} * 0)` + ` / ${acquisitions()}`,
    },
    {
      record: LOCK_WAIT_QUANTILE,
      help: `${quantileName(config.latencyQuantile)} of the time from asking for a lock to getting it or giving up.`,
      expr: quantile(config.latencyQuantile, METRIC_LOCK_WAIT_DURATION, {
        selector: config.ruleSelector,
        window: w,
        by: perLock,
      }),
    },
    {
      record: LOCK_LEASE_LOST_RATE,
      help: 'Leases of a distributed lock lost while held, per second.',
      expr: sumRate(METRIC_LOCK_LEASE_LOST, { selector: config.ruleSelector, window: w, by: perLock }),
    },
  ],
};
