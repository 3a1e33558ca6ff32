import {
  ATTR_CLONE_SITE,
  ATTR_CLONE_SOURCE,
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
} from './attributes';

export const METRIC_GC_PAUSE_DURATION = 'statewatch.gc.pause.duration' as const;
export const METRIC_GC_ALLOCATED = 'statewatch.gc.allocated' as const;
export const METRIC_GC_RECLAIMED = 'statewatch.gc.reclaimed' as const;
export const METRIC_GC_HEAP_LIVE = 'statewatch.gc.heap.live' as const;
export const METRIC_GC_HEAP_LIMIT = 'statewatch.gc.heap.limit' as const;

export const METRIC_LOCK_WAIT_DURATION = 'statewatch.lock.wait.duration' as const;
export const METRIC_LOCK_HOLD_DURATION = 'statewatch.lock.hold.duration' as const;
export const METRIC_LOCK_ACQUISITIONS = 'statewatch.lock.acquisitions' as const;
/** Callers waiting right now: an UpDownCounter, so `.count` and not a plural (OTel naming rules). */
export const METRIC_LOCK_WAITER_COUNT = 'statewatch.lock.waiter.count' as const;
/** @deprecated renamed to {@link METRIC_LOCK_WAITER_COUNT} (`statewatch.lock.waiter.count`). */
export const METRIC_LOCK_WAITERS = METRIC_LOCK_WAITER_COUNT;
export const METRIC_LOCK_THROTTLE_DURATION = 'statewatch.lock.throttle.duration' as const;
export const METRIC_LOCK_ATTEMPTS = 'statewatch.lock.attempts' as const;
export const METRIC_LOCK_LEASE_EXTENSIONS = 'statewatch.lock.lease.extensions' as const;
export const METRIC_LOCK_LEASE_LOST = 'statewatch.lock.lease.lost' as const;
export const METRIC_LOCK_SAMPLING_INTERVAL = 'statewatch.lock.sampling.interval' as const;

export const METRIC_CLONE_DURATION = 'statewatch.clone.duration' as const;
export const METRIC_CLONE_ENTRIES = 'statewatch.clone.entries' as const;
export const METRIC_CLONE_SIZE = 'statewatch.clone.size' as const;
export const METRIC_CLONE_COPIES = 'statewatch.clone.copies' as const;
export const METRIC_CLONE_SAMPLING_INTERVAL = 'statewatch.clone.sampling.interval' as const;

export const METRIC_FEATURE_OBSERVATIONS = 'statewatch.feature.observations' as const;
export const METRIC_FEATURE_MISSING = 'statewatch.feature.missing' as const;
export const METRIC_FEATURE_PSI = 'statewatch.feature.psi' as const;
export const METRIC_FEATURE_PSI_CRITICAL = 'statewatch.feature.psi.critical' as const;
export const METRIC_FEATURE_WINDOW_OBSERVATIONS = 'statewatch.feature.window.observations' as const;
export const METRIC_FEATURE_UNSEEN = 'statewatch.feature.unseen' as const;
export const METRIC_FEATURE_UNSEEN_SHARE = 'statewatch.feature.unseen.share' as const;
export const METRIC_FEATURE_UNSEEN_SHARE_CRITICAL = 'statewatch.feature.unseen.share.critical' as const;
export const METRIC_FEATURE_PSI_CONTRIBUTION = 'statewatch.feature.psi.contribution' as const;
export const METRIC_FEATURE_BIN_SHARE = 'statewatch.feature.bin.share' as const;
export const METRIC_FEATURE_BIN_SHARE_REFERENCE = 'statewatch.feature.bin.share.reference' as const;

/** The standard V8 GC histogram of the OTel runtime conventions (opt-in, beside statewatch's own). */
export const METRIC_V8JS_GC_DURATION = 'v8js.gc.duration' as const;

export type Instrument = 'Histogram' | 'Counter' | 'Gauge' | 'UpDownCounter';
export type Area = 'gc' | 'lock' | 'clone' | 'drift';
export type PrometheusType = 'histogram' | 'counter' | 'gauge';

export interface MetricDefinition {
  name: string;
  instrument: Instrument;
  /** UCUM unit. */
  unit: string;
  description: string;
  attributes: readonly string[];
  area: Area;
  /** Explicit histogram bucket boundaries (histograms only), in the metric's unit. */
  buckets?: readonly number[];
  /**
   * The Prometheus name on every path (embedded endpoint, any collector's prometheus exporter,
   * Prometheus 3's OTLP receiver, remote write): the OTel spec's default translation.
   */
  prometheus: { name: string; type: PrometheusType };
  /** Emitted only when the user asks for it (e.g. a standard metric beside statewatch's own). */
  optIn?: boolean;
  /** Where the name comes from: statewatch's own, or an OTel semantic convention. */
  source?: 'statewatch' | 'otel-semconv';
}

/** 0.1 ms … 1 s: minor GCs sit at 0.1–2 ms, major ones at 5 ms and up. */
export const GC_PAUSE_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
] as const;
/** 10 µs … 10 s: an uncontended async acquire is a few µs; a stuck one is seconds. */
export const LOCK_DURATION_BUCKETS = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
  0.5, 1, 2.5, 5, 10,
] as const;
/** 1 µs … 1 s: a 10-key object copies in ~1 µs, a 100,000-entry Map in tens of ms. */
export const CLONE_DURATION_BUCKETS = [
  0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
] as const;
/** Powers of ten up to a million top-level entries. */
export const CLONE_ENTRIES_BUCKETS = [1, 10, 100, 1000, 10000, 100000, 1000000] as const;
/** 1 KiB … 1 GiB in powers of four. */
export const CLONE_SIZE_BUCKETS = [
  1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864, 268435456, 1073741824,
] as const;

/**
 * PSI is a dimensionless index in [0, ∞), not a fraction: unit `1` would make every Prometheus
 * path append `_ratio` (as Prometheus 3 does for unit-1 gauges), which reads as a value in [0, 1].
 * The UCUM annotation `{psi}` is dimensionless too and adds nothing to the Prometheus name.
 */
export const PSI_UNIT = '{psi}';
/** The OTel runtime conventions' advice for `v8js.gc.duration` (what instrumentation-runtime-node uses). */
export const V8JS_GC_DURATION_BUCKETS = [0.01, 0.1, 1, 10] as const;

const LOCK_ATTRS = [ATTR_LOCK_NAME, ATTR_LOCK_KIND] as const;
const CLONE_ATTRS = [ATTR_CLONE_STRATEGY, ATTR_CLONE_SOURCE, ATTR_CLONE_SITE] as const;
/** A target's counter and sampling gauge: per strategy and site (the source is classified only on timed copies). */
const CLONE_TARGET_ATTRS = [ATTR_CLONE_STRATEGY, ATTR_CLONE_SITE] as const;
const DRIFT_GAUGE_ATTRS = [ATTR_FEATURE_NAME, ATTR_FEATURE_BASELINE, ATTR_DRIFT_SCOPE] as const;
const DRIFT_BIN_GAUGE_ATTRS = [
  ATTR_FEATURE_NAME,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_BASELINE,
  ATTR_DRIFT_SCOPE,
] as const;

/** Every metric of the contract, in contract order. */
export const METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_GC_PAUSE_DURATION,
    instrument: 'Histogram',
    unit: 's',
    area: 'gc',
    description: 'Every GC pause, all entries of every observer batch.',
    attributes: [ATTR_V8JS_GC_TYPE],
    buckets: GC_PAUSE_BUCKETS,
    prometheus: { name: 'statewatch_gc_pause_duration_seconds', type: 'histogram' },
  },
  {
    name: METRIC_GC_ALLOCATED,
    instrument: 'Counter',
    unit: 'By',
    area: 'gc',
    description:
      "Bytes allocated on the V8 heap: V8's total_allocated_bytes where Node has it (26+), estimated from the heap read after each GC batch elsewhere.",
    attributes: [],
    prometheus: { name: 'statewatch_gc_allocated_bytes_total', type: 'counter' },
  },
  {
    name: METRIC_GC_RECLAIMED,
    instrument: 'Counter',
    unit: 'By',
    area: 'gc',
    description: 'Bytes freed by GC (an estimate: from the heap read after each GC batch).',
    attributes: [ATTR_V8JS_GC_TYPE],
    prometheus: { name: 'statewatch_gc_reclaimed_bytes_total', type: 'counter' },
  },
  {
    name: METRIC_GC_HEAP_LIVE,
    instrument: 'Gauge',
    unit: 'By',
    area: 'gc',
    description: 'Used heap right after the latest major GC (the live set).',
    attributes: [],
    prometheus: { name: 'statewatch_gc_heap_live_bytes', type: 'gauge' },
  },
  {
    name: METRIC_GC_HEAP_LIMIT,
    instrument: 'Gauge',
    unit: 'By',
    area: 'gc',
    description: 'V8 heap size limit.',
    attributes: [],
    prometheus: { name: 'statewatch_gc_heap_limit_bytes', type: 'gauge' },
  },
  {
    name: METRIC_LOCK_WAIT_DURATION,
    instrument: 'Histogram',
    unit: 's',
    area: 'lock',
    description: 'From asking for the lock to getting it, or giving up.',
    attributes: [...LOCK_ATTRS, ATTR_LOCK_OUTCOME],
    buckets: LOCK_DURATION_BUCKETS,
    prometheus: { name: 'statewatch_lock_wait_duration_seconds', type: 'histogram' },
  },
  {
    name: METRIC_LOCK_HOLD_DURATION,
    instrument: 'Histogram',
    unit: 's',
    area: 'lock',
    description: 'From getting the lock to releasing it.',
    attributes: LOCK_ATTRS,
    buckets: LOCK_DURATION_BUCKETS,
    prometheus: { name: 'statewatch_lock_hold_duration_seconds', type: 'histogram' },
  },
  {
    name: METRIC_LOCK_ACQUISITIONS,
    instrument: 'Counter',
    unit: '{acquisition}',
    area: 'lock',
    description: 'Granted acquisitions; contended = someone held it when asked.',
    attributes: [...LOCK_ATTRS, ATTR_LOCK_CONTENDED],
    prometheus: { name: 'statewatch_lock_acquisitions_total', type: 'counter' },
  },
  {
    name: METRIC_LOCK_WAITER_COUNT,
    instrument: 'UpDownCounter',
    unit: '{waiter}',
    area: 'lock',
    description: 'Callers waiting right now.',
    attributes: LOCK_ATTRS,
    prometheus: { name: 'statewatch_lock_waiter_count', type: 'gauge' },
  },
  {
    name: METRIC_LOCK_THROTTLE_DURATION,
    instrument: 'Histogram',
    unit: 's',
    area: 'lock',
    description:
      'The part of a granted wait caused by a rate limit (bottleneck minTime or an empty reservoir), not by a busy slot.',
    attributes: LOCK_ATTRS,
    buckets: LOCK_DURATION_BUCKETS,
    prometheus: { name: 'statewatch_lock_throttle_duration_seconds', type: 'histogram' },
  },
  {
    name: METRIC_LOCK_ATTEMPTS,
    instrument: 'Counter',
    unit: '{attempt}',
    area: 'lock',
    description: 'Tries to take a distributed lock (redlock: the first try and every retry), granted or not.',
    attributes: LOCK_ATTRS,
    prometheus: { name: 'statewatch_lock_attempts_total', type: 'counter' },
  },
  {
    name: METRIC_LOCK_LEASE_EXTENSIONS,
    instrument: 'Counter',
    unit: '{extension}',
    area: 'lock',
    description:
      "Leases of a distributed lock extended before they ran out (redlock's extend, auto-extension included).",
    attributes: LOCK_ATTRS,
    prometheus: { name: 'statewatch_lock_lease_extensions_total', type: 'counter' },
  },
  {
    name: METRIC_LOCK_LEASE_LOST,
    instrument: 'Counter',
    unit: '{lease}',
    area: 'lock',
    description:
      'Leases of a distributed lock lost while held: an extension or release did not reach a quorum (the lease expired, was deleted or taken, or Redis erred).',
    attributes: LOCK_ATTRS,
    prometheus: { name: 'statewatch_lock_lease_lost_total', type: 'counter' },
  },
  {
    name: METRIC_LOCK_SAMPLING_INTERVAL,
    instrument: 'Gauge',
    unit: '{acquisition}',
    area: 'lock',
    description:
      'Wait and hold durations of this lock are recorded for 1 in this many acquisitions, each with this weight (1: every one); counts stay exact.',
    attributes: LOCK_ATTRS,
    prometheus: { name: 'statewatch_lock_sampling_interval', type: 'gauge' },
  },
  {
    name: METRIC_CLONE_DURATION,
    instrument: 'Histogram',
    unit: 's',
    area: 'clone',
    description: 'Time of one copy.',
    attributes: CLONE_ATTRS,
    buckets: CLONE_DURATION_BUCKETS,
    prometheus: { name: 'statewatch_clone_duration_seconds', type: 'histogram' },
  },
  {
    name: METRIC_CLONE_ENTRIES,
    instrument: 'Histogram',
    unit: '{entry}',
    area: 'clone',
    description: 'Top-level entries of the source (Map/Set size, array length, own keys).',
    attributes: CLONE_ATTRS,
    buckets: CLONE_ENTRIES_BUCKETS,
    prometheus: { name: 'statewatch_clone_entries', type: 'histogram' },
  },
  {
    name: METRIC_CLONE_SIZE,
    instrument: 'Histogram',
    unit: 'By',
    area: 'clone',
    description: 'Estimated size of the copy, on sampled calls.',
    attributes: CLONE_ATTRS,
    buckets: CLONE_SIZE_BUCKETS,
    prometheus: { name: 'statewatch_clone_size_bytes', type: 'histogram' },
  },
  {
    name: METRIC_CLONE_COPIES,
    instrument: 'Counter',
    unit: '{copy}',
    area: 'clone',
    description: 'Every copy, timed or not (exact).',
    attributes: CLONE_TARGET_ATTRS,
    prometheus: { name: 'statewatch_clone_copies_total', type: 'counter' },
  },
  {
    name: METRIC_CLONE_SAMPLING_INTERVAL,
    instrument: 'Gauge',
    unit: '{copy}',
    area: 'clone',
    description:
      'Copies of this strategy and site are timed 1 in this many, each recorded with this weight (1: every copy); the copies counter stays exact.',
    attributes: CLONE_TARGET_ATTRS,
    prometheus: { name: 'statewatch_clone_sampling_interval', type: 'gauge' },
  },
  {
    name: METRIC_FEATURE_OBSERVATIONS,
    instrument: 'Counter',
    unit: '{observation}',
    area: 'drift',
    description: 'Values seen, per baseline bin.',
    attributes: [ATTR_FEATURE_NAME, ATTR_FEATURE_BIN, ATTR_FEATURE_BASELINE],
    prometheus: { name: 'statewatch_feature_observations_total', type: 'counter' },
  },
  {
    name: METRIC_FEATURE_MISSING,
    instrument: 'Counter',
    unit: '{observation}',
    area: 'drift',
    description: 'Null, undefined, NaN or wrong-typed values.',
    attributes: [ATTR_FEATURE_NAME, ATTR_FEATURE_BASELINE],
    prometheus: { name: 'statewatch_feature_missing_total', type: 'counter' },
  },
  {
    name: METRIC_FEATURE_PSI,
    instrument: 'Gauge',
    unit: PSI_UNIT,
    area: 'drift',
    description: 'Population Stability Index of the current window against the baseline.',
    attributes: DRIFT_GAUGE_ATTRS,
    prometheus: { name: 'statewatch_feature_psi', type: 'gauge' },
  },
  {
    name: METRIC_FEATURE_PSI_CRITICAL,
    instrument: 'Gauge',
    unit: PSI_UNIT,
    area: 'drift',
    description: "PSI that no-drift data of this window's size exceeds only 1% of the time.",
    attributes: DRIFT_GAUGE_ATTRS,
    prometheus: { name: 'statewatch_feature_psi_critical', type: 'gauge' },
  },
  {
    name: METRIC_FEATURE_WINDOW_OBSERVATIONS,
    instrument: 'Gauge',
    unit: '{observation}',
    area: 'drift',
    description: 'Observations in the current window.',
    attributes: DRIFT_GAUGE_ATTRS,
    prometheus: { name: 'statewatch_feature_window_observations', type: 'gauge' },
  },
  {
    name: METRIC_FEATURE_UNSEEN,
    instrument: 'Counter',
    unit: '{observation}',
    area: 'drift',
    description:
      'Values outside the reference: a category the baseline does not name, a number below its min or above its max.',
    attributes: [ATTR_FEATURE_NAME, ATTR_FEATURE_BASELINE],
    prometheus: { name: 'statewatch_feature_unseen_total', type: 'counter' },
  },
  {
    name: METRIC_FEATURE_UNSEEN_SHARE,
    instrument: 'Gauge',
    unit: '1',
    area: 'drift',
    description: "Share of the current window's values outside the reference (new values).",
    attributes: DRIFT_GAUGE_ATTRS,
    prometheus: { name: 'statewatch_feature_unseen_share_ratio', type: 'gauge' },
  },
  {
    name: METRIC_FEATURE_UNSEEN_SHARE_CRITICAL,
    instrument: 'Gauge',
    unit: '1',
    area: 'drift',
    description:
      'Share of new values that data like the reference, in a window of this size, exceeds only 1% of the time.',
    attributes: DRIFT_GAUGE_ATTRS,
    prometheus: { name: 'statewatch_feature_unseen_share_critical_ratio', type: 'gauge' },
  },
  {
    name: METRIC_FEATURE_PSI_CONTRIBUTION,
    instrument: 'Gauge',
    unit: PSI_UNIT,
    area: 'drift',
    description:
      "One bin's term of the PSI sum, for the bins that contribute most (top 3 a feature by default).",
    attributes: DRIFT_BIN_GAUGE_ATTRS,
    prometheus: { name: 'statewatch_feature_psi_contribution', type: 'gauge' },
  },
  {
    name: METRIC_FEATURE_BIN_SHARE,
    instrument: 'Gauge',
    unit: '1',
    area: 'drift',
    description: 'Smoothed share of the current window in a bin, for the bins that contribute most to PSI.',
    attributes: DRIFT_BIN_GAUGE_ATTRS,
    prometheus: { name: 'statewatch_feature_bin_share_ratio', type: 'gauge' },
  },
  {
    name: METRIC_FEATURE_BIN_SHARE_REFERENCE,
    instrument: 'Gauge',
    unit: '1',
    area: 'drift',
    description:
      'Smoothed share of the reference in a bin, for the same bins as statewatch.feature.bin.share.',
    attributes: DRIFT_BIN_GAUGE_ATTRS,
    prometheus: { name: 'statewatch_feature_bin_share_reference_ratio', type: 'gauge' },
  },
  {
    name: METRIC_V8JS_GC_DURATION,
    instrument: 'Histogram',
    unit: 's',
    area: 'gc',
    description:
      'Garbage collection duration (the OTel runtime convention; opt-in, coarse buckets, kept for existing Node runtime dashboards).',
    attributes: [ATTR_V8JS_GC_TYPE],
    buckets: V8JS_GC_DURATION_BUCKETS,
    prometheus: { name: 'v8js_gc_duration_seconds', type: 'histogram' },
    optIn: true,
    source: 'otel-semconv',
  },
];

/** statewatch's own metrics: what every statewatch process emits by default. */
export const DEFAULT_METRICS: readonly MetricDefinition[] = METRICS.filter((m) => !m.optIn);

const BY_NAME = new Map(METRICS.map((m) => [m.name, m]));

/** The registry entry of a metric; throws on a name the registry does not know. */
export function metric(name: string): MetricDefinition {
  const found = BY_NAME.get(name);
  if (!found) throw new Error(`unknown statewatch metric: ${name}`);
  return found;
}
