/**
 * Every selector, threshold and window the dashboards, recording rules and alerts use. This is the
 * single source of thresholds: alerts compare against these values and dashboard panels draw their
 * threshold steps from them, so the two can never disagree. Change a value here, run
 * `npm run generate -w @statewatch/dashboards`, and commit the regenerated files.
 */
export const config = {
  /** Label matchers every rule expression starts from; e.g. `job=~"checkout-.*"` to scope a fleet. Empty: all jobs. */
  ruleSelector: '',
  /** Window of every `rate()` in recording rules and alerts. Use at least 4x the scrape interval. */
  rateWindow: '5m',
  /** Evaluation interval of the Grafana alert groups (Prometheus rule groups use the server's `evaluation_interval`). */
  evaluationInterval: '1m',
  /** Quantile of the latency alerts and headline panels. */
  latencyQuantile: 0.99,

  /** Fraction of wall time spent in GC pauses. 5% means every request pays ~5% extra latency on average. */
  gcPauseRatioThreshold: 0.05,
  /** How long the GC pause ratio must stay above its threshold before the alert fires. */
  gcPauseRatioFor: '10m',
  /** Live heap after a major GC as a share of the V8 heap limit; past ~85% V8 spends most of its time in major GCs before it dies out of memory. */
  heapLiveRatioThreshold: 0.85,
  heapLiveRatioFor: '10m',

  /** p99 wait for a lock, in seconds. 100 ms is a visible share of a typical request budget. */
  lockWaitP99Threshold: 0.1,
  lockWaitP99For: '10m',
  /** Share of granted acquisitions that found the lock held. Above one half, the lock serialises most of its callers. */
  lockContendedShareThreshold: 0.5,
  lockContendedShareFor: '15m',
  /** A lost lease fires at once: a second holder may already have run. `for` only rides out one scrape. */
  lockLeaseLostFor: '1m',

  /** Fraction of wall time spent copying (sum of clone durations per second). Node runs JS on one thread, so this is a CPU share of the event loop. */
  cloneCpuShareThreshold: 0.1,
  cloneCpuShareFor: '15m',

  /** PSI floor of the drift warning: `psi > max(driftWarningFloor, psi.critical)`. 0.1 is the customary "some shift" mark. */
  driftWarningFloor: 0.1,
  /** PSI floor of the drift critical alert: `psi > max(driftCriticalFloor, psi.critical)`. 0.25 is the customary "significant shift" mark. */
  driftCriticalFloor: 0.25,
  driftFor: '15m',
  /** How long the new-value share must stay above its critical share (a one-sided test at 1% false alarms per window). */
  driftNewValuesFor: '15m',

  /** Runbook links: `%s` becomes the lower-cased alert name, an anchor of docs/runbooks.md. */
  runbookURLPattern: 'https://github.com/statewatch/statewatch/blob/main/docs/runbooks.md#%s',

  /** Tag on every dashboard; the dashboards link to each other through it. */
  dashboardTag: 'statewatch',
  /** Prefix of every dashboard uid (uids must stay stable: links and bookmarks use them). */
  dashboardUidPrefix: 'statewatch-',
  /** Default dashboard time range and refresh. */
  dashboardFrom: 'now-1h',
  dashboardRefresh: '30s',
} as const;

export type Config = typeof config;
