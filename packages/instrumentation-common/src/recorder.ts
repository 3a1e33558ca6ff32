import { diag, ValueType } from '@opentelemetry/api';
import type {
  Attributes,
  BatchObservableResult,
  HrTime,
  Histogram,
  Meter,
  Observable,
  ObservableCounter,
  ObservableGauge,
  ObservableUpDownCounter,
} from '@opentelemetry/api';
import { BoundedValueSet, DEFAULT_ATTRIBUTE_VALUE_LIMIT, metric } from '@statewatch/semconv';
import { OVERFLOW_VALUE } from '@statewatch/semconv';
import type { Instrument, MetricDefinition } from '@statewatch/semconv';
import type { MetricProducer, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { reportError } from './report';
import { GaugeSeries, HistogramSeries, SumSeries } from './series';
import type { HistogramSink } from './series';
import {
  DATA_POINT_GAUGE,
  DATA_POINT_HISTOGRAM,
  DATA_POINT_SUM,
  TEMPORALITY_CUMULATIVE,
  hrNow,
  statewatchMetricProducer,
  StatewatchMetricProducer,
} from './producer';
import type { LocalSource, MetricData } from './producer';

export interface HotPathRecorderOptions {
  /**
   * Distinct values kept per user-controlled attribute (see `admit`); later values become
   * `__overflow__`.
   * @default DEFAULT_ATTRIBUTE_VALUE_LIMIT (200)
   */
  attributeValueLimit?: number;
  /**
   * `sdk` mode: histogram values buffered per series before they are handed to
   * `Histogram.record`. Memory per series is `8 × histogramBufferSize` bytes, allocated on its
   * first value.
   * @default 128
   */
  histogramBufferSize?: number;
  /**
   * `sdk`: report through OTel API instruments on the meter given to `setMeter` (every histogram
   * value reaches `Histogram.record`, in batches: at collection or when a series' buffer fills). `producer`: aggregate in process, exactly, with no SDK call
   * per event, and report through this recorder's own `metricProducer`, which must then be given
   * to every metric reader (`metricProducers: [recorder.metricProducer]`).
   * @default 'sdk'
   */
  mode?: 'sdk' | 'producer';
  /** Instrumentation scope of the metrics in `producer` mode (in `sdk` mode the meter's). */
  scope?: { name: string; version?: string };
  /**
   * How to raise `attributeValueLimit`, named in the one diagnostic said when an attribute first
   * reaches it (e.g. `the attributeValueLimit option or STATEWATCH_ATTRIBUTE_VALUE_LIMIT`).
   * @default 'the attributeValueLimit option'
   */
  limitHint?: string;
}
/** The SDK's default explicit buckets, for a histogram the registry gives none. */
export const DEFAULT_HISTOGRAM_BUFFER_SIZE = 128;
/**
 * An observable instrument that is never observed: the SDK omits it from every export, but it
 * makes the batch callback (which flushes the histogram buffers) run at the start of each
 * collection even for a recorder that has only histograms.
 */
const COLLECT_HOOK_NAME = 'statewatch.internal.collect_hook';
const SDK_DEFAULT_BOUNDARIES = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
const DEFAULT_SCOPE = { name: '@statewatch/instrumentation-common' };

/** Says that `attribute` reached its cap of `limit` distinct values (see `reportCapsThrough`). */
export type CapReport = (attribute: string, limit: number) => void;

const recorderOfProducer = new WeakMap<MetricProducer, HotPathRecorder>();
const capReports = new WeakMap<HotPathRecorder, CapReport>();

/**
 * A pipeline that reports caps itself (statewatch's, once per cap on stderr) takes over the cap
 * diagnostic of the recorder behind `producer` (a `recorder.metricProducer`), so that one cap is
 * said once, not also through the diag logger. False when `producer` is no recorder's own.
 */
export function reportCapsThrough(producer: MetricProducer, report: CapReport): boolean {
  const recorder = recorderOfProducer.get(producer);
  if (recorder !== undefined) capReports.set(recorder, report);
  return recorder !== undefined;
}

/** One declared metric: its registry entry, its series, and the instrument of the current meter. */
abstract class Handle<S extends { attributes: Readonly<Attributes> }> {
  /** @internal */ readonly all: S[] = [];
  private readonly byKey = new Map<string, S>();

  constructor(readonly definition: MetricDefinition) {}

  /**
   * The series of one attribute set, created on first use and the same object afterwards:
   * resolve it once (not per event) and keep it. Values of user-controlled attributes must
   * already be capped (`HotPathRecorder.admit`).
   */
  series(attributes: Attributes): S {
    const key = attributeKey(attributes);
    let found = this.byKey.get(key);
    if (found === undefined) {
      found = this.create(Object.freeze({ ...attributes }));
      this.byKey.set(key, found);
      this.all.push(found);
    }
    return found;
  }

  protected abstract create(attributes: Readonly<Attributes>): S;
  /** @internal */ abstract bind(meter: Meter): void;
}

export class HistogramHandle extends Handle<HistogramSeries> implements HistogramSink {
  instrument: Histogram | undefined = undefined;

  constructor(
    definition: MetricDefinition,
    readonly bufferSize: number,
    private readonly local: boolean,
  ) {
    super(definition);
  }

  protected create(attributes: Readonly<Attributes>): HistogramSeries {
    if (!this.local) return new HistogramSeries(attributes, this);
    return new HistogramSeries(attributes, this, [...(this.definition.buckets ?? SDK_DEFAULT_BOUNDARIES)]);
  }

  /** @internal */ bind(meter: Meter): void {
    const d = this.definition;
    this.instrument = meter.createHistogram(d.name, {
      unit: d.unit,
      description: d.description,
      advice: d.buckets ? { explicitBucketBoundaries: [...d.buckets] } : undefined,
    });
  }

  /** @internal */ flush(): void {
    for (const s of this.all) s.flush();
  }
}

export class SumHandle extends Handle<SumSeries> {
  instrument: ObservableCounter | ObservableUpDownCounter | undefined = undefined;

  protected create(attributes: Readonly<Attributes>): SumSeries {
    return new SumSeries(attributes);
  }

  /** @internal */ bind(meter: Meter): void {
    const d = this.definition;
    const options = { unit: d.unit, description: d.description };
    this.instrument =
      d.instrument === 'Counter'
        ? meter.createObservableCounter(d.name, options)
        : meter.createObservableUpDownCounter(d.name, options);
  }

  /** @internal */ observe(result: BatchObservableResult): void {
    const instrument = this.instrument!;
    for (const s of this.all) result.observe(instrument, s.value, s.attributes);
  }
}

export class GaugeHandle extends Handle<GaugeSeries> {
  instrument: ObservableGauge | undefined = undefined;

  protected create(attributes: Readonly<Attributes>): GaugeSeries {
    return new GaugeSeries(attributes);
  }

  /** @internal */ bind(meter: Meter): void {
    const d = this.definition;
    this.instrument = meter.createObservableGauge(d.name, { unit: d.unit, description: d.description });
  }

  /** @internal */ observe(result: BatchObservableResult): void {
    const instrument = this.instrument!;
    for (const s of this.all) if (s.value !== undefined) result.observe(instrument, s.value, s.attributes);
  }
}

/**
 * The recording core of the statewatch instrumentations, one per instrumentation instance.
 *
 * Declare each metric once (`histogram`, `counter`, `upDownCounter`, `gauge`, by registry name),
 * resolve a series per attribute set once, and update the series on the hot path. Counters,
 * up-down counters and gauges are plain number updates, reported through observable instruments
 * in one batch callback (`sdk` mode) or the recorder's own metric producer (`producer` mode).
 * Histograms buffer values for `Histogram.record` in batches (`sdk`) or update in-process
 * buckets (`producer`).
 *
 * Bound to a MeterProvider in one way: `setMeter(this.meter)` from the instrumentation's
 * `_updateMetricInstruments()`. Nothing is shared between recorders or kept on globalThis.
 * Never throws into the caller once set up; works without a MeterProvider (noop meter).
 */
export class HotPathRecorder implements LocalSource {
  private readonly histograms: HistogramHandle[] = [];
  private readonly sums: SumHandle[] = [];
  private readonly gauges: GaugeHandle[] = [];
  private readonly bounded = new Map<string, BoundedValueSet>();
  private readonly attributeValueLimit: number;
  private readonly histogramBufferSize: number;
  private readonly limitHint: string;
  private meter: Meter | undefined = undefined;
  private registered: { meter: Meter; observables: Observable[] } | undefined = undefined;
  private readonly local: boolean;
  private readonly scope: { name: string; version?: string };
  private readonly startTime: HrTime = hrNow();
  private producer: StatewatchMetricProducer | undefined = undefined;

  constructor(options: HotPathRecorderOptions = {}) {
    if (options.mode !== undefined && options.mode !== 'sdk' && options.mode !== 'producer')
      throw new RangeError(`mode must be 'sdk' or 'producer' (got ${String(options.mode)})`);
    this.local = options.mode === 'producer';
    this.scope = options.scope ?? DEFAULT_SCOPE;
    if (this.local) statewatchMetricProducer.add(this); // until someone asks for metricProducer
    const size = options.histogramBufferSize ?? DEFAULT_HISTOGRAM_BUFFER_SIZE;
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`histogramBufferSize must be a positive integer (got ${String(size)})`);
    this.histogramBufferSize = size;
    this.attributeValueLimit = options.attributeValueLimit ?? DEFAULT_ATTRIBUTE_VALUE_LIMIT;
    this.limitHint = options.limitHint ?? 'the attributeValueLimit option';
    // Validates the limit now rather than on the first admit.
    new BoundedValueSet(this.attributeValueLimit);
  }

  /** Declares a registry Histogram. */
  histogram(name: string): HistogramHandle {
    return this.declare(
      this.histograms,
      new HistogramHandle(definition(name, 'Histogram'), this.histogramBufferSize, this.local),
    );
  }

  /** Declares a registry Counter (reported as an ObservableCounter: a cumulative monotonic sum). */
  counter(name: string): SumHandle {
    return this.declare(this.sums, new SumHandle(definition(name, 'Counter')));
  }

  /** Declares a registry UpDownCounter (reported as an ObservableUpDownCounter: a non-monotonic sum). */
  upDownCounter(name: string): SumHandle {
    return this.declare(this.sums, new SumHandle(definition(name, 'UpDownCounter')));
  }

  /** Declares a registry Gauge (reported as an ObservableGauge). */
  gauge(name: string): GaugeHandle {
    return this.declare(this.gauges, new GaugeHandle(definition(name, 'Gauge')));
  }

  /**
   * The value to use for a user-controlled attribute: itself while fewer than
   * `attributeValueLimit` distinct values were admitted for that attribute, else `__overflow__`.
   * Call it when resolving a series, not per event.
   */
  admit(attribute: string, value: string): string {
    let set = this.bounded.get(attribute);
    if (set === undefined) this.bounded.set(attribute, (set = new BoundedValueSet(this.attributeValueLimit)));
    const admitted = set.admit(value);
    if (admitted === OVERFLOW_VALUE) this.sayCapReached(attribute);
    return admitted;
  }

  /** True once `attribute` has as many distinct values as the limit allows. */
  isFull(attribute: string): boolean {
    return (this.bounded.get(attribute)?.size ?? 0) >= this.attributeValueLimit;
  }

  private readonly capsSaid = new Set<string>();
  private sayCapReached(attribute: string): void {
    if (this.capsSaid.has(attribute)) return;
    this.capsSaid.add(attribute);
    try {
      const report = capReports.get(this);
      if (report !== undefined) return report(attribute, this.attributeValueLimit);
      diag.warn(
        `statewatch (${this.scope.name}): ${attribute} reached its cap of ${this.attributeValueLimit} distinct values; ` +
          `further values are recorded as ${OVERFLOW_VALUE}. Raise it with ${this.limitHint}.`,
      );
    } catch {
      // the report failed: nowhere left to say it
    }
  }

  /**
   * `producer` mode: the `MetricProducer` that reports this recorder's metrics; give it to every
   * reader. `undefined` in `sdk` mode.
   */
  get metricProducer(): MetricProducer | undefined {
    if (!this.local) return undefined;
    if (this.producer === undefined) {
      statewatchMetricProducer.delete(this);
      this.producer = new StatewatchMetricProducer([this]);
      recorderOfProducer.set(this.producer, this);
    }
    return this.producer;
  }

  /**
   * Creates the instruments on `meter` (call it from `_updateMetricInstruments`, again whenever
   * the MeterProvider changes). Values buffered for the previous meter are flushed to it first;
   * sums keep their running totals.
   */
  setMeter(meter: Meter): void {
    if (this.local) return; // reported by the metric producer, not through a meter
    this.flush();
    this.meter = meter;
    this.rebind();
  }

  /** True in `producer` mode. */
  get producerMode(): boolean {
    return this.local;
  }

  /** Hands every buffered histogram value to the SDK now. Never throws. */
  flush(): void {
    for (const h of this.histograms) h.flush();
  }

  /** Stops reporting to the current meter, and to readers holding its metric producer. */
  detach(): void {
    statewatchMetricProducer.delete(this);
    this.producer?.delete(this);
    this.flush();
    this.unregister();
    this.meter = undefined;
    for (const h of this.histograms) h.instrument = undefined;
  }

  /** Declaring a metric again returns the first handle (one metric stream per name). */
  private declare<H extends { definition: MetricDefinition }>(list: H[], handle: H): H {
    const existing = list.find((h) => h.definition.name === handle.definition.name);
    if (existing !== undefined) return existing;
    list.push(handle);
    if (this.meter) this.rebind();
    return handle;
  }

  private rebind(): void {
    const meter = this.meter;
    if (!meter) return;
    try {
      this.unregister();
      for (const h of this.histograms) h.bind(meter);
      for (const h of this.sums) h.bind(meter);
      for (const h of this.gauges) h.bind(meter);
      const observables: Observable[] = [meter.createObservableGauge(COLLECT_HOOK_NAME)];
      for (const h of this.sums) observables.push(h.instrument!);
      for (const h of this.gauges) observables.push(h.instrument!);
      meter.addBatchObservableCallback(this.onCollect, observables);
      this.registered = { meter, observables };
    } catch (err) {
      reportError('creating instruments', err);
    }
  }

  private unregister(): void {
    const r = this.registered;
    if (!r) return;
    this.registered = undefined;
    try {
      r.meter.removeBatchObservableCallback(this.onCollect, r.observables);
    } catch (err) {
      reportError('removing the collect callback', err);
    }
  }

  /** @internal `producer` mode: the metrics of this recorder, cumulative since it was created. */
  collectLocal(now: HrTime): ScopeMetrics {
    const startTime = this.startTime;
    const metrics: MetricData[] = [];
    const descriptor = (d: MetricDefinition) => ({
      name: d.name,
      description: d.description,
      unit: d.unit,
      valueType: ValueType.DOUBLE,
    });
    for (const h of this.histograms) {
      const dataPoints = [];
      for (const s of h.all) {
        const l = s.local;
        if (l === undefined || l.count === 0) continue;
        dataPoints.push({
          attributes: s.attributes as Attributes,
          startTime,
          endTime: now,
          value: {
            buckets: { boundaries: [...l.boundaries], counts: Array.from(l.counts) },
            sum: l.sum,
            count: l.count,
            min: l.min,
            max: l.max,
          },
        });
      }
      if (dataPoints.length > 0)
        metrics.push({
          descriptor: descriptor(h.definition),
          aggregationTemporality: TEMPORALITY_CUMULATIVE,
          dataPointType: DATA_POINT_HISTOGRAM,
          dataPoints,
        } as unknown as MetricData);
    }
    for (const h of this.sums) {
      if (h.all.length === 0) continue;
      metrics.push({
        descriptor: descriptor(h.definition),
        aggregationTemporality: TEMPORALITY_CUMULATIVE,
        dataPointType: DATA_POINT_SUM,
        isMonotonic: h.definition.instrument === 'Counter',
        dataPoints: h.all.map((s) => ({
          attributes: s.attributes as Attributes,
          startTime,
          endTime: now,
          value: s.value,
        })),
      } as unknown as MetricData);
    }
    for (const h of this.gauges) {
      const dataPoints = h.all
        .filter((s) => s.value !== undefined)
        .map((s) => ({
          attributes: s.attributes as Attributes,
          startTime: now,
          endTime: now,
          value: s.value!,
        }));
      if (dataPoints.length > 0)
        metrics.push({
          descriptor: descriptor(h.definition),
          aggregationTemporality: TEMPORALITY_CUMULATIVE,
          dataPointType: DATA_POINT_GAUGE,
          dataPoints,
        } as unknown as MetricData);
    }
    return { scope: this.scope, metrics };
  }

  /** Runs at the start of every collection, before the SDK reads the histograms. */
  private readonly onCollect = (result: BatchObservableResult): void => {
    try {
      this.flush();
      for (const h of this.sums) h.observe(result);
      for (const h of this.gauges) h.observe(result);
    } catch (err) {
      reportError('collect callback', err);
    }
  };
}

function definition(name: string, instrument: Instrument): MetricDefinition {
  const d = metric(name);
  if (d.instrument !== instrument)
    throw new TypeError(`${name} is a ${d.instrument} in the registry, not a ${instrument}`);
  return d;
}

/** A stable key of an attribute set (order of keys does not matter). Not for hot paths. */
function attributeKey(attributes: Attributes): string {
  return JSON.stringify(
    Object.keys(attributes)
      .sort()
      .map((k) => [k, attributes[k]]),
  );
}
