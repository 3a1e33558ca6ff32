import { METRIC_CLONE_DURATION } from '@statewatch/semconv';
import { config } from '../config';
import { DASHBOARD_RATE as R, DASHBOARD_SELECTOR as S, quantile, quantileName, vector } from '../promql';
import { CLONE_CPU_SHARE } from '../rules/clone';
import { FEATURE_PSI_CRITICAL_PREFERRED, FEATURE_PSI_PREFERRED } from '../rules/drift';
import { GC_ALLOCATION_RATE, GC_PAUSE_RATIO } from '../rules/gc';
import { LOCK_CONTENDED_SHARE, LOCK_WAIT_QUANTILE } from '../rules/lock';
import { CLONE_SLUG } from './clone';
import { buildDashboard, statPanel } from './common';
import { DRIFT_SLUG } from './drift';
import { GC_SLUG } from './gc';
import { LOCK_SLUG } from './lock';

export const OVERVIEW_SLUG = 'overview';
const q = quantileName(config.latencyQuantile);

export const overviewDashboard = () => {
  const gc = { title: 'GC pressure', slug: GC_SLUG };
  const lock = { title: 'Lock contention', slug: LOCK_SLUG };
  const clone = { title: 'Clone cost', slug: CLONE_SLUG };
  const drift = { title: 'Feature drift', slug: DRIFT_SLUG };
  return buildDashboard({
    slug: OVERVIEW_SLUG,
    title: 'Overview',
    description: 'The headline signal of each statewatch area; every panel links to its detail dashboard.',
    rows: [
      {
        title: 'GC pressure',
        panels: [
          statPanel({
            title: 'GC pause ratio (worst instance)',
            description:
              'Highest fraction of wall time any selected process spent in GC pauses. Red at the StatewatchGCPauseRatioHigh threshold.',
            unit: 'percentunit',
            thresholds: [config.gcPauseRatioThreshold],
            link: gc,
            width: 12,
            targets: [{ expr: `max(${vector(GC_PAUSE_RATIO, S)})`, legend: 'worst' }],
          }),
          statPanel({
            title: 'Allocation rate (all instances)',
            description: 'Bytes allocated on the V8 heap per second, summed over the selected processes.',
            unit: 'Bps',
            link: gc,
            width: 12,
            targets: [{ expr: `sum(${vector(GC_ALLOCATION_RATE, S)})`, legend: 'total' }],
          }),
        ],
      },
      {
        title: 'Lock contention',
        panels: [
          statPanel({
            title: `Lock wait ${q} (worst lock)`,
            description: `Highest ${q} wait of any lock. Red at the StatewatchLockWaitHigh threshold.`,
            unit: 's',
            thresholds: [config.lockWaitP99Threshold],
            link: lock,
            width: 12,
            targets: [{ expr: `max(${vector(LOCK_WAIT_QUANTILE, S)})`, legend: 'worst' }],
          }),
          statPanel({
            title: 'Contended share (worst lock)',
            description:
              'Highest share of acquisitions that found a lock held. Red at the StatewatchLockContended threshold.',
            unit: 'percentunit',
            thresholds: [config.lockContendedShareThreshold],
            link: lock,
            width: 12,
            targets: [{ expr: `max(${vector(LOCK_CONTENDED_SHARE, S)})`, legend: 'worst' }],
          }),
        ],
      },
      {
        title: 'Clone cost',
        panels: [
          statPanel({
            title: 'Clone CPU share (worst instance)',
            description:
              'Highest fraction of wall time any selected process spent copying values. Red at the StatewatchCloneCPUHigh threshold.',
            unit: 'percentunit',
            thresholds: [config.cloneCpuShareThreshold],
            link: clone,
            width: 12,
            targets: [{ expr: `max(${vector(CLONE_CPU_SHARE, S)})`, legend: 'worst' }],
          }),
          statPanel({
            title: `Clone ${q}`,
            description: `${q} time of one copy over every strategy and call site.`,
            unit: 's',
            link: clone,
            width: 12,
            targets: [
              {
                expr: quantile(config.latencyQuantile, METRIC_CLONE_DURATION, { selector: S, window: R }),
                legend: q,
              },
            ],
          }),
        ],
      },
      {
        title: 'Feature drift',
        panels: [
          statPanel({
            title: 'Worst feature PSI',
            description: `Highest PSI of any feature (fleet scope where present). Orange at ${config.driftWarningFloor}, red at ${config.driftCriticalFloor}; the alerts also require PSI above the feature's own critical value.`,
            unit: 'none',
            thresholds: [config.driftWarningFloor, config.driftCriticalFloor],
            link: drift,
            width: 12,
            targets: [{ expr: `max(${vector(FEATURE_PSI_PREFERRED, S)})`, legend: 'worst' }],
          }),
          statPanel({
            title: 'Features drifting',
            description: `Features whose PSI is above max(${config.driftWarningFloor}, critical): the StatewatchFeatureDrift warning condition.`,
            unit: 'short',
            thresholds: [1],
            link: drift,
            width: 12,
            targets: [
              {
                expr: `count(${vector(FEATURE_PSI_PREFERRED, S)} > clamp_min(${vector(FEATURE_PSI_CRITICAL_PREFERRED, S)}, ${config.driftWarningFloor})) or vector(0)`,
                legend: 'features',
              },
            ],
          }),
        ],
      },
    ],
  });
};
