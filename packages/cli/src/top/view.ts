import {
  ATTR_CLONE_SITE,
  ATTR_CLONE_STRATEGY,
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_BASELINE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  ATTR_LOCK_CONTENDED,
  ATTR_LOCK_KIND,
  ATTR_LOCK_NAME,
  ATTR_LOCK_OUTCOME,
  ATTR_V8JS_GC_TYPE,
  METRIC_CLONE_COPIES,
  METRIC_CLONE_DURATION,
  METRIC_CLONE_ENTRIES,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CONTRIBUTION,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_UNSEEN_SHARE,
  METRIC_FEATURE_UNSEEN_SHARE_CRITICAL,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
  METRIC_GC_ALLOCATED,
  METRIC_GC_HEAP_LIMIT,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_PAUSE_DURATION,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_ATTEMPTS,
  METRIC_LOCK_LEASE_EXTENSIONS,
  METRIC_LOCK_LEASE_LOST,
  METRIC_LOCK_THROTTLE_DURATION,
  METRIC_LOCK_WAIT_DURATION,
  METRIC_LOCK_WAITERS,
  metric,
  toPrometheusLabel,
} from '@statewatch/semconv';
import { verdict, type Verdict } from '@statewatch/feature-drift';
import { bucketQuantile } from './histogram';
import { samplesOf } from './exposition';
import { histogramIncreaseBy, increaseBy, sumBy, type HistogramGroup, type Scrape } from './series';

const prom = (name: string) => metric(name).prometheus.name;
const label = toPrometheusLabel;

export interface GcPauseKind {
  type: string;
  perSecond?: number;
  p99?: number;
}

export interface GcView {
  /** Fraction of wall time spent in GC pauses over the interval. */
  pauseRatio?: number;
  /** Bytes allocated per second over the interval. */
  allocationRate?: number;
  liveHeap?: number;
  heapLimit?: number;
  kinds: GcPauseKind[];
}

export interface LockRow {
  name: string;
  kind: string;
  waitP99?: number;
  /** Share of granted acquisitions that found the lock held. */
  contendedShare?: number;
  acquisitionsPerSecond?: number;
  /** Waits that ended without the lock (timeout, canceled, rejected) per second. */
  failedPerSecond?: number;
  waiters: number;
  /** Rate limiters: share of the waited time held back by the rate limit, not by a busy slot. */
  throttleShare?: number;
  /** Distributed locks: tries per granted acquisition, extensions per second, leases lost. */
  attemptsPerAcquisition?: number;
  extensionsPerSecond?: number;
  leasesLost?: number;
}

export interface CloneRow {
  strategy: string;
  site: string;
  callsPerSecond?: number;
  meanSeconds?: number;
  p99?: number;
  /** Fraction of wall time spent copying at this site. */
  timeShare?: number;
  meanEntries?: number;
}

export interface FeatureRow {
  name: string;
  scope: string;
  baseline: string;
  psi: number;
  critical?: number;
  window?: number;
  verdict: Verdict;
  /** Share of the window's values outside the baseline, and the share calm data exceeds 1% of the time. */
  unseenShare?: number;
  unseenCritical?: number;
  /** The bin that adds most to PSI now (`feature.bin`: index or category). */
  topBin?: string;
}

export interface TopView {
  at: number;
  /** Seconds between the two scrapes the rates come from; undefined on the first scrape. */
  intervalSeconds?: number;
  gc: GcView;
  locks: LockRow[];
  clones: CloneRow[];
  features: FeatureRow[];
}

/** Everything `statewatch top` shows, from the latest scrape and the one before it. */
export function computeView(previous: Scrape | undefined, current: Scrape): TopView {
  const seconds = previous ? (current.at - previous.at) / 1000 : undefined;
  const perSecond = (delta: number) => (seconds && seconds > 0 ? delta / seconds : undefined);
  return {
    at: current.at,
    intervalSeconds: seconds,
    gc: gcView(previous, current, perSecond),
    locks: lockRows(previous, current, perSecond),
    clones: cloneRows(previous, current, perSecond),
    features: featureRows(current),
  };
}

type PerSecond = (delta: number) => number | undefined;

/** Increase of each histogram group between scrapes (per series first): its buckets, sum and count. */
function histogramIncrease(
  previous: Scrape | undefined,
  current: Scrape,
  name: string,
  by: readonly string[],
  filter: Record<string, string> = {},
): Map<string, HistogramGroup> {
  return histogramIncreaseBy(previous?.exposition, current.exposition, name, by, filter);
}

function single(scrape: Scrape | undefined, name: string): number | undefined {
  if (!scrape) return undefined;
  const group = sumBy(scrape.exposition, name, []).get('');
  return group?.value;
}

function gcView(previous: Scrape | undefined, current: Scrape, perSecond: PerSecond): GcView {
  const pauses = histogramIncrease(previous, current, prom(METRIC_GC_PAUSE_DURATION), [
    label(ATTR_V8JS_GC_TYPE),
  ]);
  let pausedSeconds = 0;
  const kinds: GcPauseKind[] = [];
  for (const group of pauses.values()) {
    pausedSeconds += group.sum;
    kinds.push({
      type: group.labels[label(ATTR_V8JS_GC_TYPE)],
      perSecond: perSecond(group.count),
      p99: bucketQuantile(0.99, group.buckets),
    });
  }
  kinds.sort((a, b) => a.type.localeCompare(b.type));
  const allocated = prom(METRIC_GC_ALLOCATED);
  const allocatedNow = single(current, allocated);
  const allocatedIncrease = increaseBy(previous?.exposition, current.exposition, allocated, []).get(
    '',
  )?.value;
  return {
    pauseRatio: pauses.size ? perSecond(pausedSeconds) : undefined,
    allocationRate:
      allocatedNow === undefined || allocatedIncrease === undefined
        ? undefined
        : perSecond(allocatedIncrease),
    liveHeap: single(current, prom(METRIC_GC_HEAP_LIVE)),
    heapLimit: single(current, prom(METRIC_GC_HEAP_LIMIT)),
    kinds,
  };
}

function lockRows(previous: Scrape | undefined, current: Scrape, perSecond: PerSecond): LockRow[] {
  const by = [label(ATTR_LOCK_NAME), label(ATTR_LOCK_KIND)];
  const acquisitions = prom(METRIC_LOCK_ACQUISITIONS);
  const contendedLabel = label(ATTR_LOCK_CONTENDED);
  const granted = increaseBy(previous?.exposition, current.exposition, acquisitions, [...by, contendedLabel]);
  const waits = histogramIncrease(previous, current, prom(METRIC_LOCK_WAIT_DURATION), by);
  const waitsByOutcome = histogramIncrease(previous, current, prom(METRIC_LOCK_WAIT_DURATION), [
    ...by,
    label(ATTR_LOCK_OUTCOME),
  ]);
  const waiters = sumBy(current.exposition, prom(METRIC_LOCK_WAITERS), by);

  const rows = new Map<string, LockRow & { total: number; contended: number }>();
  const row = (labels: Record<string, string>) => {
    const name = labels[by[0]];
    const kind = labels[by[1]];
    const key = `${name}\u0000${kind}`;
    let found = rows.get(key);
    if (!found) rows.set(key, (found = { name, kind, waiters: 0, total: 0, contended: 0 }));
    return found;
  };
  for (const group of granted.values()) {
    const delta = group.value;
    const r = row(group.labels);
    r.total += delta;
    if (group.labels[contendedLabel] === 'true') r.contended += delta;
  }
  for (const group of waits.values()) row(group.labels).waitP99 = bucketQuantile(0.99, group.buckets);
  for (const group of waitsByOutcome.values()) {
    if (group.labels[label(ATTR_LOCK_OUTCOME)] === 'acquired') continue;
    const r = row(group.labels);
    r.failedPerSecond = (r.failedPerSecond ?? 0) + (perSecond(group.count) ?? 0);
  }
  for (const group of waiters.values()) row(group.labels).waiters = group.value;
  const waitedSeconds = new Map(
    [...waits.values()].map((g) => [`${g.labels[by[0]]}\u0000${g.labels[by[1]]}`, g.sum]),
  );
  for (const group of histogramIncrease(
    previous,
    current,
    prom(METRIC_LOCK_THROTTLE_DURATION),
    by,
  ).values()) {
    const r = row(group.labels);
    const waited = waitedSeconds.get(`${r.name}\u0000${r.kind}`) ?? 0;
    r.throttleShare = waited > 0 ? Math.min(1, group.sum / waited) : undefined;
  }
  const increase = (name: string) => increaseBy(previous?.exposition, current.exposition, prom(name), by);
  const attempts = new Map<LockRow, number>();
  for (const group of increase(METRIC_LOCK_ATTEMPTS).values()) attempts.set(row(group.labels), group.value);
  for (const group of increase(METRIC_LOCK_LEASE_EXTENSIONS).values())
    row(group.labels).extensionsPerSecond = perSecond(group.value);
  for (const group of increase(METRIC_LOCK_LEASE_LOST).values()) row(group.labels).leasesLost = group.value;

  return [...rows.values()]
    .map((entry) => {
      const { total, contended, ...r } = entry;
      const tries = attempts.get(entry);
      return {
        ...r,
        acquisitionsPerSecond: perSecond(total),
        contendedShare: previous && total > 0 ? contended / total : undefined,
        attemptsPerAcquisition: tries !== undefined && total > 0 ? tries / total : undefined,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}

function cloneRows(previous: Scrape | undefined, current: Scrape, perSecond: PerSecond): CloneRow[] {
  const by = [label(ATTR_CLONE_STRATEGY), label(ATTR_CLONE_SITE)];
  const durations = histogramIncrease(previous, current, prom(METRIC_CLONE_DURATION), by);
  const entries = histogramIncrease(previous, current, prom(METRIC_CLONE_ENTRIES), by);
  // The exact copy count; the duration histogram's count is an estimate once copies are sampled.
  const copies = increaseBy(previous?.exposition, current.exposition, prom(METRIC_CLONE_COPIES), by);
  const rows: CloneRow[] = [];
  for (const [key, group] of durations) {
    const entryGroup = entries.get(key);
    rows.push({
      strategy: group.labels[by[0]],
      site: group.labels[by[1]],
      callsPerSecond: perSecond(copies.get(key)?.value ?? group.count),
      meanSeconds: group.count > 0 ? group.sum / group.count : undefined,
      p99: bucketQuantile(0.99, group.buckets),
      timeShare: perSecond(group.sum),
      meanEntries: entryGroup && entryGroup.count > 0 ? entryGroup.sum / entryGroup.count : undefined,
    });
  }
  return rows.sort((a, b) => (b.timeShare ?? 0) - (a.timeShare ?? 0) || a.site.localeCompare(b.site));
}

/** Identity of a series: its labels, in a stable order. */
function identity(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

function featureRows(current: Scrape): FeatureRow[] {
  const { samples } = current.exposition;
  const valuesOf = (name: string) =>
    new Map(samples.filter((s) => s.name === name).map((s) => [identity(s.labels), s.value]));
  const critical = valuesOf(prom(METRIC_FEATURE_PSI_CRITICAL));
  const windows = valuesOf(prom(METRIC_FEATURE_WINDOW_OBSERVATIONS));
  const unseen = valuesOf(prom(METRIC_FEATURE_UNSEEN_SHARE));
  const unseenCritical = valuesOf(prom(METRIC_FEATURE_UNSEEN_SHARE_CRITICAL));
  const topBins = topBinOf(current);
  const nameLabel = label(ATTR_FEATURE_NAME);
  const scopeLabel = label(ATTR_DRIFT_SCOPE);
  const rows = new Map<string, FeatureRow>();
  for (const s of samplesOf(current.exposition, prom(METRIC_FEATURE_PSI))) {
    const id = identity(s.labels);
    const row: FeatureRow = {
      name: s.labels[nameLabel] ?? '',
      scope: s.labels[scopeLabel] ?? '',
      baseline: s.labels[label(ATTR_FEATURE_BASELINE)] ?? '',
      psi: s.value,
      critical: critical.get(id),
      window: windows.get(id),
      verdict: verdict(s.value, critical.get(id) ?? 0),
      unseenShare: unseen.get(id),
      unseenCritical: unseenCritical.get(id),
      topBin: topBins.get(id),
    };
    // Several instances behind one endpoint (the collector): show the worst of each feature.
    const key = `${row.name}\u0000${row.scope}`;
    const seen = rows.get(key);
    if (!seen || severity(row) > severity(seen)) rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name) || a.scope.localeCompare(b.scope));
}

/** Per gauge series (identity without `feature.bin`), the bin with the largest PSI contribution. */
function topBinOf(current: Scrape): Map<string, string> {
  const binLabel = label(ATTR_FEATURE_BIN);
  const best = new Map<string, { bin: string; value: number }>();
  for (const s of samplesOf(current.exposition, prom(METRIC_FEATURE_PSI_CONTRIBUTION))) {
    const { [binLabel]: bin, ...rest } = s.labels;
    const id = identity(rest);
    const seen = best.get(id);
    if (bin !== undefined && (!seen || s.value > seen.value)) best.set(id, { bin, value: s.value });
  }
  return new Map([...best].map(([id, b]) => [id, b.bin]));
}

/** The row's share of new values exceeds its critical share (the "new values" verdict). */
export function hasNewValues(row: FeatureRow): boolean {
  return (
    row.unseenShare !== undefined && row.unseenCritical !== undefined && row.unseenShare > row.unseenCritical
  );
}

function severity(row: FeatureRow): number {
  return row.psi / Math.max(row.critical ?? 0, Number.EPSILON);
}
