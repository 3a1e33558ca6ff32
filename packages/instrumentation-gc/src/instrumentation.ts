import { diag, type Attributes } from '@opentelemetry/api';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import {
  HotPathRecorder,
  reportError,
  type GaugeSeries,
  type HistogramSeries,
  type SumSeries,
} from '@statewatch/instrumentation-common';
import {
  ATTR_V8JS_GC_TYPE,
  METRIC_GC_ALLOCATED,
  METRIC_GC_HEAP_LIMIT,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_PAUSE_DURATION,
  METRIC_GC_RECLAIMED,
} from '@statewatch/semconv';
import { GC_TYPES } from './gc-type';
import { GcMonitor } from './monitor';
import type { AllocationSource, GcInstrumentationConfig } from './types';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

/** The OTel runtime convention's GC histogram (registry entry in @statewatch/semconv, opt-in). */
const METRIC_V8JS_GC_DURATION = 'v8js.gc.duration';

/** One frozen attribute set per GC type, built once. */
const TYPE_ATTRIBUTES: readonly Attributes[] = GC_TYPES.map((t) => Object.freeze({ [ATTR_V8JS_GC_TYPE]: t }));

/** The series of this instance, resolved once. */
interface Series {
  pause: HistogramSeries[];
  v8jsDuration: HistogramSeries[] | undefined;
  allocated: SumSeries | undefined;
  reclaimed: SumSeries[] | undefined;
  live: GaugeSeries | undefined;
  limit: GaugeSeries;
}

/**
 * GC pressure: every V8 GC pause by type, bytes allocated and reclaimed, the live heap after
 * the latest major GC, and the heap limit (see the package README and the metrics contract).
 *
 * Nothing is patched (`init()` returns nothing): `enable()` starts a `gc` PerformanceObserver,
 * `disable()` stops it. Nothing runs inside a GC pause. Instruments are bound through the
 * shared recording core (`HotPathRecorder.setMeter`).
 */
export class GcInstrumentation extends InstrumentationBase<GcInstrumentationConfig> {
  // `declare`: the base constructor calls _updateMetricInstruments() and enable() before
  // field initialisers would run, so these are created lazily instead.
  declare private _gcMonitor: GcMonitor | undefined;
  declare private _gcRecorder: HotPathRecorder | undefined;
  declare private _gcSeries: Series | undefined;

  constructor(config: GcInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  /**
   * Where `statewatch.gc.allocated` comes from in this process: `total_allocated_bytes` (V8's
   * counter; Node 26 and later) or `estimated` (from the heap readings; Node 22 and 24).
   */
  get allocationSource(): AllocationSource {
    return this.monitor().figures.exactAllocation ? 'total_allocated_bytes' : 'estimated';
  }

  /**
   * Which figures are estimates in this process (see the README): always
   * `statewatch.gc.reclaimed`; `statewatch.gc.allocated` without `total_allocated_bytes`;
   * `statewatch.gc.heap.live` while its latest value was read with more GCs after its major GC.
   */
  get estimatedFigures(): string[] {
    const monitor = this.monitor();
    if (!monitor.heapStatistics) return [];
    const figures: string[] = [METRIC_GC_RECLAIMED];
    if (!monitor.figures.exactAllocation) figures.push(METRIC_GC_ALLOCATED);
    if (!monitor.figures.liveExact) figures.push(METRIC_GC_HEAP_LIVE);
    return figures;
  }

  protected override init(): undefined {
    return undefined;
  }

  override enable(): void {
    super.enable();
    try {
      const monitor = this.monitor();
      if (!monitor.running) sayEstimatesOnce(this.estimatedFigures);
      monitor.start();
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

  protected override _updateMetricInstruments(): void {
    try {
      this.recorder().setMeter(this.meter);
    } catch (err) {
      reportError('gc: creating instruments', err);
    }
  }

  private recorder(): HotPathRecorder {
    return (this._gcRecorder ??= new HotPathRecorder({
      scope: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
    }));
  }

  /** Declared when first needed: `heapStatistics` and `v8jsGcDuration` are read then. */
  private series(): Series {
    if (this._gcSeries) return this._gcSeries;
    const recorder = this.recorder();
    const config = this.getConfig();
    const heap = config.heapStatistics !== false;
    const pause = recorder.histogram(METRIC_GC_PAUSE_DURATION);
    const v8js = config.v8jsGcDuration === true ? recorder.histogram(METRIC_V8JS_GC_DURATION) : undefined;
    const reclaimed = heap ? recorder.counter(METRIC_GC_RECLAIMED) : undefined;
    // The estimate is made of the heap figures: without them there is nothing to report.
    const allocated =
      heap || this.monitor().figures.exactAllocation ? recorder.counter(METRIC_GC_ALLOCATED) : undefined;
    return (this._gcSeries = {
      pause: TYPE_ATTRIBUTES.map((a) => pause.series(a)),
      v8jsDuration: v8js && TYPE_ATTRIBUTES.map((a) => v8js.series(a)),
      allocated: allocated?.series({}),
      reclaimed: reclaimed && TYPE_ATTRIBUTES.map((a) => reclaimed.series(a)),
      live: heap ? recorder.gauge(METRIC_GC_HEAP_LIVE).series({}) : undefined,
      limit: recorder.gauge(METRIC_GC_HEAP_LIMIT).series({}),
    });
  }

  private monitor(): GcMonitor {
    return (this._gcMonitor ??= new GcMonitor(
      (type, seconds) => this.recordPause(type, seconds),
      this.getConfig().heapStatistics !== false,
      () => this.updateSeries(),
    ));
  }

  private recordPause(type: number, seconds: number): void {
    const series = this.series();
    series.pause[type]!.record(seconds);
    series.v8jsDuration?.[type]!.record(seconds);
  }

  /** After each observer batch (and at enable and disable): the sums and gauges. */
  private updateSeries(): void {
    const monitor = this._gcMonitor;
    if (!monitor) return;
    const series = this.series();
    const now = monitor.latest;
    if (series.allocated)
      series.allocated.value = monitor.figures.allocated(monitor.running ? now : undefined);
    series.limit.value = monitor.running ? now?.limit : undefined;
    const figures = monitor.figures;
    if (series.reclaimed)
      for (let i = 0; i < GC_TYPES.length; i++) series.reclaimed[i]!.value = figures.reclaimed[i]!;
    if (series.live && figures.live !== undefined) series.live.set(figures.live);
  }
}

let estimatesSaid = false;
function sayEstimatesOnce(figures: readonly string[]): void {
  if (estimatesSaid || figures.length === 0) return;
  estimatesSaid = true;
  try {
    diag.info(
      `statewatch gc: ${figures.join(' and ')} ${figures.length > 1 ? 'are estimates' : 'is an estimate'} ` +
        "(a GC's heap size before it is only known inside the pause); see the @statewatch/instrumentation-gc README",
    );
  } catch {
    // diag failed: nowhere to report
  }
}
