import { createNoopMeter, metrics } from '@opentelemetry/api';
import type { Meter, MeterProvider } from '@opentelemetry/api';
import {
  HotPathRecorder,
  SplitMix32,
  TimingSampler,
  defaultSamplingPolicy,
  geometric,
  recordWeighted,
  reportError,
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
  ATTR_CLONE_SITE,
  ATTR_CLONE_SOURCE,
  ATTR_CLONE_STRATEGY,
  CLONE_SOURCE_VALUES,
  CLONE_STRATEGY_VALUES,
  DEFAULT_ATTRIBUTE_VALUE_LIMIT,
  METRIC_CLONE_COPIES,
  METRIC_CLONE_DURATION,
  METRIC_CLONE_ENTRIES,
  METRIC_CLONE_SAMPLING_INTERVAL,
  METRIC_CLONE_SIZE,
} from '@statewatch/semconv';
import type { CloneStrategy } from '@statewatch/semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from './names';
import { estimateSize } from './size';
import { countEntries, sourceIndex } from './source';
import type { SourceIndex } from './source';

/** Fraction of copies whose size is estimated (`statewatch.clone.size`). */
export const DEFAULT_SIZE_SAMPLE_RATE = 0.01;

/** The series of one (strategy, site, source). */
interface SourceSeries {
  readonly duration: HistogramSeries;
  readonly entries: HistogramSeries;
  readonly size: HistogramSeries;
}

/**
 * One strategy at one call site (or at none): its exact copy counter, its timing sampler and
 * the sampler's interval gauge, and its histogram series per source, resolved on first use.
 */
export class CloneTarget {
  /** @internal */ readonly bySource: Array<SourceSeries | undefined> = CLONE_SOURCE_VALUES.map(
    () => undefined,
  );

  constructor(
    readonly strategy: CloneStrategy,
    /** Already capped; `undefined` when the caller gave no site. */
    readonly site: string | undefined,
    /** `statewatch.clone.copies`: every copy, timed or not. */
    public copies: SumSeries,
    /** `statewatch.clone.sampling.interval`: 1 in how many copies is timed now. */
    public interval: GaugeSeries,
    /** Which copies are timed (and recorded in the histograms, with the sampler's weight). */
    public sampler: TimingSampler,
  ) {}
}

const strategies: ReadonlySet<string> = new Set(CLONE_STRATEGY_VALUES);
const noopMeter = createNoopMeter();

/**
 * The clone metrics of one `CloneInstrumentation` (or of the manual API when none is enabled),
 * recorded through its own `HotPathRecorder` from `@statewatch/instrumentation-common`.
 * Series are resolved once per (strategy, site, source); a hot-path record is a number update.
 *
 * Which meter: the one the instrumentation was given (`bind`, from `_updateMetricInstruments`);
 * while that is the noop meter (no MeterProvider when the instrumentation was made), the global
 * MeterProvider's, followed as it changes. On the noop meter nothing is measured.
 */
export class CloneMetrics {
  private mode: RecordingMode = 'sdk';
  private attributeValueLimit = DEFAULT_ATTRIBUTE_VALUE_LIMIT;
  /** @internal */ recorder = this.newRecorder();
  private durations = this.recorder.histogram(METRIC_CLONE_DURATION);
  private entries = this.recorder.histogram(METRIC_CLONE_ENTRIES);
  private sizes = this.recorder.histogram(METRIC_CLONE_SIZE);
  private copyCounts = this.recorder.counter(METRIC_CLONE_COPIES);
  private intervals = this.recorder.gauge(METRIC_CLONE_SAMPLING_INTERVAL);
  private samplingPolicy: SamplingPolicy = defaultSamplingPolicy();
  private meter: Meter | undefined = undefined;

  /**
   * False while recording would go to the noop meter (in `sdk` mode): callers then skip
   * measuring. Always true in `producer` mode, whose readers are not known here.
   */
  active = false;
  /** True while a measured copy runs: copies nested in it are part of it, not recorded again. */
  copying = false;
  /** False while following the global MeterProvider (no meter of our own): see `followGlobal`. */
  bound = false;
  private globalProvider: MeterProvider | undefined = undefined;

  private readonly unsited = new Map<string, CloneTarget>();
  private readonly sited = new Map<string, Map<string, CloneTarget>>();

  private sampleRate = DEFAULT_SIZE_SAMPLE_RATE;
  private countdown = nextGap(DEFAULT_SIZE_SAMPLE_RATE);

  /** The target of a strategy at no particular site. Throws a TypeError for an unknown strategy. */
  target(strategy: CloneStrategy): CloneTarget {
    let found = this.unsited.get(strategy);
    if (found === undefined) {
      checkStrategy(strategy);
      this.unsited.set(strategy, (found = this.newTarget(strategy, undefined)));
    }
    return found;
  }

  /**
   * The target of a strategy at a labelled call site. Sites past `attributeValueLimit` share
   * the `__overflow__` target and are not remembered, so memory stays bounded (the recorder says
   * once that the cap was reached).
   */
  siteTarget(strategy: CloneStrategy, site: string): CloneTarget {
    let bySite = this.sited.get(strategy);
    if (bySite === undefined) {
      checkStrategy(strategy);
      this.sited.set(strategy, (bySite = new Map()));
    }
    const found = bySite.get(site);
    if (found !== undefined) return found;
    if (typeof site !== 'string') throw new TypeError(`clone site must be a string (got ${describe(site)})`);
    const admitted = this.recorder.admit(ATTR_CLONE_SITE, site);
    let target = bySite.get(admitted);
    if (target === undefined) bySite.set(admitted, (target = this.newTarget(strategy, admitted)));
    return target;
  }

  /**
   * Records one timed copy of `source` (one `target.sampler.shouldTime()` chose, already counted
   * in `target.copies`) that took `seconds` and ended at `endSeconds`; `copy` is its result when
   * `copied`. Duration and entries are recorded with the sampler's weight (Horvitz–Thompson:
   * histogram counts and sums are unbiased estimates over every copy). The size is estimated on
   * `sizeSampleRate` of the timed copies, also with that weight: the size histogram stays an
   * unbiased picture of `sizeSampleRate` of all copies, as before sampling. Never throws.
   */
  record(
    target: CloneTarget,
    source: unknown,
    seconds: number,
    copy: unknown,
    copied: boolean,
    endSeconds: number,
  ): void {
    try {
      const sampler = target.sampler;
      const weight = sampler.weight;
      const index = sourceIndex(source);
      const series = target.bySource[index] ?? this.resolve(target, index);
      recordWeighted(series.duration, seconds, weight);
      recordWeighted(series.entries, countEntries(source, index), weight);
      if (copied && --this.countdown <= 0) {
        this.countdown = nextGap(this.sampleRate);
        recordWeighted(series.size, estimateSize(copy), weight);
      }
      sampler.timed(endSeconds * 1000);
      target.interval.set(sampler.interval);
    } catch (err) {
      reportError('recording a clone', err);
    }
  }

  /** Follows the global MeterProvider (while not bound to a meter of our own), if it changed. */
  followGlobal(): void {
    const provider = metrics.getMeterProvider();
    if (provider === this.globalProvider) return;
    this.globalProvider = provider;
    this.useMeter(provider.getMeter(PACKAGE_NAME, PACKAGE_VERSION));
  }

  /** Records to `meter` (the instrumentation's); the noop meter means: follow the global provider. */
  bind(meter: Meter): void {
    this.globalProvider = undefined;
    this.bound = meter !== noopMeter;
    if (this.bound) this.useMeter(meter);
    else this.followGlobal();
  }

  /** Hands buffered values to the SDK now (tests and shutdown). */
  flush(): void {
    this.recorder.flush();
  }

  /** Stops reporting (the instrumentation is disabled): to no meter and no metric producer. */
  detach(): void {
    this.recorder.detach();
  }

  configure(options: {
    attributeValueLimit?: number;
    sizeSampleRate?: number;
    recording?: RecordingMode;
    overheadBudget?: OverheadBudget;
    sampling?: Omit<SamplingOptions, 'overheadBudget'>;
  }): void {
    const { recording, attributeValueLimit } = options;
    if (recording !== undefined && recording !== 'sdk' && recording !== 'producer')
      throw new RangeError(`recording must be 'sdk' or 'producer' (got ${String(recording)})`);
    const policy =
      options.overheadBudget === undefined && options.sampling === undefined
        ? defaultSamplingPolicy()
        : resolveSamplingPolicy({ ...options.sampling, overheadBudget: options.overheadBudget });
    if (!samePolicy(policy, this.samplingPolicy)) {
      this.samplingPolicy = policy;
      for (const target of this.targets()) target.sampler = new TimingSampler(policy);
    }
    if (options.sizeSampleRate !== undefined) {
      const rate = options.sizeSampleRate;
      if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
        throw new RangeError(`sizeSampleRate must be a number from 0 to 1 (got ${String(rate)})`);
      this.sampleRate = rate;
      this.countdown = nextGap(rate);
    }
    const modeChanged = recording !== undefined && recording !== this.mode;
    const limitChanged =
      attributeValueLimit !== undefined && attributeValueLimit !== this.attributeValueLimit;
    if (!modeChanged && !limitChanged) return;
    const previous = { mode: this.mode, attributeValueLimit: this.attributeValueLimit };
    if (recording !== undefined) this.mode = recording;
    if (attributeValueLimit !== undefined) this.attributeValueLimit = attributeValueLimit;
    let recorder: HotPathRecorder;
    try {
      recorder = this.newRecorder();
    } catch (err) {
      Object.assign(this, previous);
      throw err;
    }
    this.useRecorder(recorder);
  }

  private useMeter(meter: Meter): void {
    this.meter = meter;
    this.active = this.mode === 'producer' || meter !== noopMeter;
    this.recorder.setMeter(meter);
  }

  private newRecorder(): HotPathRecorder {
    return new HotPathRecorder({
      mode: this.mode,
      attributeValueLimit: this.attributeValueLimit,
      limitHint: 'the attributeValueLimit option of CloneInstrumentation',
      scope: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
    });
  }

  /**
   * Switches to a new recorder (another mode or cap): sites are admitted again, series resolved
   * again. Totals of the old recorder are not carried over.
   */
  private useRecorder(recorder: HotPathRecorder): void {
    this.recorder.detach();
    this.recorder = recorder;
    this.durations = recorder.histogram(METRIC_CLONE_DURATION);
    this.entries = recorder.histogram(METRIC_CLONE_ENTRIES);
    this.sizes = recorder.histogram(METRIC_CLONE_SIZE);
    this.copyCounts = recorder.counter(METRIC_CLONE_COPIES);
    this.intervals = recorder.gauge(METRIC_CLONE_SAMPLING_INTERVAL);
    // Wrappers keep their (unsited) targets: only their series are resolved again.
    for (const target of this.unsited.values()) {
      target.bySource.fill(undefined);
      const attributes = targetAttributes(target.strategy, undefined);
      target.copies = this.copyCounts.series(attributes);
      target.interval = this.intervals.series(attributes);
    }
    this.sited.clear();
    if (this.meter !== undefined) this.useMeter(this.meter);
    else this.active = this.mode === 'producer';
  }

  private newTarget(strategy: CloneStrategy, site: string | undefined): CloneTarget {
    const attributes = targetAttributes(strategy, site);
    return new CloneTarget(
      strategy,
      site,
      this.copyCounts.series(attributes),
      this.intervals.series(attributes),
      new TimingSampler(this.samplingPolicy),
    );
  }

  private *targets(): Iterable<CloneTarget> {
    yield* this.unsited.values();
    for (const bySite of this.sited.values()) yield* bySite.values();
  }

  private resolve(target: CloneTarget, index: SourceIndex): SourceSeries {
    const attributes = targetAttributes(target.strategy, target.site);
    attributes[ATTR_CLONE_SOURCE] = CLONE_SOURCE_VALUES[index]!;
    const series: SourceSeries = {
      duration: this.durations.series(attributes),
      entries: this.entries.series(attributes),
      size: this.sizes.series(attributes),
    };
    target.bySource[index] = series;
    return series;
  }
}

/**
 * `sdk`: through OTel API instruments (every value reaches `Histogram.record`). `producer`:
 * aggregated in process and reported by `statewatchMetricProducer`.
 */
export type RecordingMode = 'sdk' | 'producer';

/** The attributes of a target's counter and gauge: strategy and site, no source (not classified per copy). */
function targetAttributes(strategy: CloneStrategy, site: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = { [ATTR_CLONE_STRATEGY]: strategy };
  if (site !== undefined) attributes[ATTR_CLONE_SITE] = site;
  return attributes;
}

function samePolicy(a: SamplingPolicy, b: SamplingPolicy): boolean {
  return (
    a.budget === b.budget &&
    a.timedCallCostNs === b.timedCallCostNs &&
    a.windowMs === b.windowMs &&
    a.maxInterval === b.maxInterval
  );
}

/** A non-string site for an error message, without calling the value's own `toString`. */
function describe(value: unknown): string {
  const type = typeof value;
  return (type === 'object' && value !== null) || type === 'function' ? type : `${type}: ${String(value)}`;
}

function checkStrategy(strategy: string): void {
  if (!strategies.has(strategy))
    throw new TypeError(
      `unknown clone strategy ${JSON.stringify(strategy)} (expected one of ${CLONE_STRATEGY_VALUES.join(', ')})`,
    );
}

/**
 * Calls until the next sampled one: geometric with mean `1 / rate`, so sampling does not lock
 * onto a periodic pattern of calls. Infinity when the rate is 0. Drawn from a private generator,
 * never `Math.random`.
 */
function nextGap(rate: number): number {
  if (rate >= 1) return 1;
  if (rate <= 0) return Infinity;
  return geometric(random.next(), 1 / rate);
}

/** Our own generator (fixed seed: `--predictable` runs repeat); the app's `Math.random` stays its own. */
const random = new SplitMix32(0x5bd1e995);
