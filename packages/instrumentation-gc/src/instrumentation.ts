import type {
  Attributes,
  BatchObservableResult,
  Histogram,
  Meter,
  MeterProvider,
  Observable,
  ObservableCounter,
  ObservableGauge,
} from '@opentelemetry/api';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { reportError } from '@statewatch/instrumentation-common';
import {
  ATTR_V8JS_GC_TYPE,
  METRIC_GC_ALLOCATED,
  METRIC_GC_HEAP_LIMIT,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_PAUSE_DURATION,
  METRIC_GC_RECLAIMED,
  metric,
} from '@statewatch/semconv';
import { GC_TYPES } from './gc-type';
import { GcMonitor } from './monitor';
import type { AllocationSource, GcInstrumentationConfig } from './types';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

/** One frozen attribute set per GC type, built once. */
const TYPE_ATTRIBUTES: readonly Attributes[] = GC_TYPES.map((t) => Object.freeze({ [ATTR_V8JS_GC_TYPE]: t }));

interface Instruments {
  meter: Meter;
  pause: Histogram;
  allocated: ObservableCounter;
  reclaimed: ObservableCounter;
  live: ObservableGauge;
  limit: ObservableGauge;
  observables: Observable[];
  /** The batch callback registered on `meter` (kept to remove exactly it). */
  callback: (result: BatchObservableResult) => void;
}

/**
 * GC pressure: every V8 GC pause by type, bytes allocated and reclaimed, the live heap after
 * the latest major GC, and the heap limit (see the package README and the metrics contract).
 *
 * Nothing is patched (`init()` returns nothing): `enable()` starts a `gc` PerformanceObserver
 * and `v8.GCProfiler`, `disable()` stops them; a shut-down SDK MeterProvider stops them too.
 */
export class GcInstrumentation extends InstrumentationBase<GcInstrumentationConfig> {
  // `declare`: the base constructor calls _updateMetricInstruments() and enable() before
  // field initialisers would run, so these are created lazily instead.
  declare private _gcMonitor: GcMonitor | undefined;
  declare private _gcInstruments: Instruments | undefined;
  declare private _gcProvider: MeterProvider | undefined;

  constructor(config: GcInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  /**
   * Where `statewatch.gc.allocated` comes from in this process: `total_allocated_bytes` (exact;
   * Node 26 and later) or `estimated` (from the heap sizes around each GC; Node 22 and 24).
   */
  get allocationSource(): AllocationSource {
    return this.monitor().allocation.source;
  }

  protected override init(): undefined {
    return undefined;
  }

  override enable(): void {
    super.enable();
    try {
      this.monitor().start();
    } catch (err) {
      reportError('gc: enable', err);
    }
  }

  override disable(): void {
    super.disable();
    try {
      this._gcMonitor?.stop();
    } catch (err) {
      reportError('gc: disable', err);
    }
  }

  override setMeterProvider(meterProvider: MeterProvider): void {
    this._gcProvider = meterProvider;
    super.setMeterProvider(meterProvider);
  }

  protected override _updateMetricInstruments(): void {
    try {
      this.unregisterCallback();
      const meter = this.meter;
      const pause = metric(METRIC_GC_PAUSE_DURATION);
      const allocated = metric(METRIC_GC_ALLOCATED);
      const reclaimed = metric(METRIC_GC_RECLAIMED);
      const live = metric(METRIC_GC_HEAP_LIVE);
      const limit = metric(METRIC_GC_HEAP_LIMIT);
      const instruments: Instruments = {
        meter,
        pause: meter.createHistogram(pause.name, {
          unit: pause.unit,
          description: pause.description,
          advice: { explicitBucketBoundaries: [...(pause.buckets ?? [])] },
        }),
        allocated: meter.createObservableCounter(allocated.name, {
          unit: allocated.unit,
          description: allocated.description,
        }),
        reclaimed: meter.createObservableCounter(reclaimed.name, {
          unit: reclaimed.unit,
          description: reclaimed.description,
        }),
        live: meter.createObservableGauge(live.name, { unit: live.unit, description: live.description }),
        limit: meter.createObservableGauge(limit.name, { unit: limit.unit, description: limit.description }),
        observables: [],
        callback: (result) => this.onCollect(result),
      };
      instruments.observables = [
        instruments.allocated,
        instruments.reclaimed,
        instruments.live,
        instruments.limit,
      ];
      meter.addBatchObservableCallback(instruments.callback, instruments.observables);
      this._gcInstruments = instruments;
    } catch (err) {
      reportError('gc: creating instruments', err);
    }
  }

  /** `heapStatistics` is read when the monitor is first needed (construction or enable). */
  private monitor(): GcMonitor {
    return (this._gcMonitor ??= new GcMonitor(
      (type, seconds) => this._gcInstruments?.pause.record(seconds, TYPE_ATTRIBUTES[type]),
      this.getConfig().heapStatistics !== false,
      () => this.stopIfProviderShutDown(),
    ));
  }

  private onCollect(result: BatchObservableResult): void {
    try {
      const monitor = this._gcMonitor;
      const instruments = this._gcInstruments;
      if (!monitor || !instruments) return;
      const now = monitor.running ? monitor.refresh() : undefined;
      if (now) result.observe(instruments.limit, now.heap_size_limit);
      // The estimate is made of the GC samples: without them there is nothing to report.
      if (monitor.heapStatistics || monitor.allocation.source === 'total_allocated_bytes')
        result.observe(instruments.allocated, monitor.allocation.value(now));
      if (!monitor.heapStatistics) return;
      for (let i = 0; i < GC_TYPES.length; i++)
        result.observe(instruments.reclaimed, monitor.reclaimed[i]!, TYPE_ATTRIBUTES[i]);
      if (monitor.liveAfterMajor !== undefined) result.observe(instruments.live, monitor.liveAfterMajor);
    } catch (err) {
      reportError('gc: collect callback', err);
    }
  }

  /** A MeterProvider that was shut down (NodeSDK.shutdown) collects no more: stop watching. */
  private stopIfProviderShutDown(): void {
    const provider = this._gcProvider as { _shutdown?: unknown } | undefined;
    if (provider?._shutdown === true) this.disable();
  }

  private unregisterCallback(): void {
    const old = this._gcInstruments;
    if (!old) return;
    this._gcInstruments = undefined;
    try {
      old.meter.removeBatchObservableCallback(old.callback, old.observables);
    } catch (err) {
      reportError('gc: removing the collect callback', err);
    }
  }
}
