import { diag, metrics } from '@opentelemetry/api';
import { BoundedValueSet, DEFAULT_ATTRIBUTE_VALUE_LIMIT, OVERFLOW_VALUE } from '@statewatch/semconv';
import { validateBaseline } from '../baseline/validate';
import { psi, psiCritical, verdict } from '../math/psi';
import { unseenSignal, type UnseenSignal } from '../math/signals';
import type { Baseline, Verdict } from '../types';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { featureCapReportOf } from './cap-report';
import { parseDuration } from './duration';
import { FeatureState } from './feature-state';
import { DriftInstruments } from './instruments';
import { DriftSignalInstruments } from './signal-instruments';
import {
  DEFAULT_BUCKETS,
  DEFAULT_TOP_BINS,
  DEFAULT_WINDOW,
  type FeatureDriftMonitorOptions,
  UNKNOWN_KEY_CHECK_EVERY,
  UNKNOWN_KEY_CHECK_FIRST,
} from './options';
import { WindowClock } from './window';

/** Names of unknown features remembered for their one diagnostic (bounded memory). */
const MAX_REPORTED_UNKNOWN = 1000;

/** Fast path for one feature: `monitor.feature('age').observe(42)`. */
export interface FeatureHandle {
  observe(value: unknown): void;
}

const IGNORE: FeatureHandle = { observe: () => undefined };

/** `String(value)`, or a placeholder when the value's own conversion throws. */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return `(unprintable ${typeof value})`;
  }
}

export interface FeatureWindowState {
  feature: string;
  /** Observations in the current window. */
  n: number;
  /** `undefined` while the window is empty. */
  psi?: number;
  critical?: number;
  verdict?: Verdict;
  /** New values of the window; absent while it is empty or when the baseline has no numeric range. */
  unseen?: UnseenSignal;
  windowCounts: number[];
  missing: number;
}

/**
 * Watches model input features against a frozen baseline: counts values per baseline bin in
 * typed arrays (no allocation, no SDK call per value) and publishes the instance PSI of a
 * sliding window plus per-bin observation counters for the collector's fleet PSI.
 */
export class FeatureDriftMonitor {
  readonly baseline: Baseline;
  private readonly states: FeatureState[];
  private readonly byName: Map<string, FeatureState>;
  private readonly clock: WindowClock;
  private readonly now: () => number;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly instruments: DriftInstruments;
  private readonly signals: DriftSignalInstruments;
  private readonly reportedUnknown = new Set<string>();
  private records = 0;
  private lastName: string | undefined;
  private lastState: FeatureState | undefined;
  private readonly diagnose: (message: string) => void;

  /** Throws on a bad baseline or option (at setup); `observe*` never throw. */
  constructor(options: FeatureDriftMonitorOptions) {
    this.baseline = validateBaseline(options.baseline, 'FeatureDriftMonitor baseline');
    const windowMs = parseDuration(options.window ?? DEFAULT_WINDOW, 'window');
    const buckets = options.buckets ?? DEFAULT_BUCKETS;
    this.now = options.now ?? Date.now;
    const report = options.onDiagnostic ?? ((message: string) => diag.warn(message));
    // A diagnostic is reported from the request path: a throwing handler must not reach the app.
    this.diagnose = (message) => {
      try {
        report(message);
      } catch {
        // nothing else to tell
      }
    };
    this.clock = new WindowClock(windowMs, buckets, this.now());
    this.states = Object.entries(this.baseline.features).map(
      ([name, f]) => new FeatureState(name, f, buckets),
    );
    this.byName = new Map(this.states.map((s) => [s.name, s]));

    const meterProvider = options.meterProvider ?? metrics.getMeterProvider();
    const pipelineCapReport = options.onDiagnostic ? undefined : featureCapReportOf(meterProvider);
    const cap = new BoundedValueSet(options.attributeValueLimit ?? DEFAULT_ATTRIBUTE_VALUE_LIMIT);
    const labelled = new Map<string, FeatureState[]>();
    for (const state of this.states) {
      const label = cap.admit(state.name);
      if (label === OVERFLOW_VALUE && !labelled.has(label)) {
        if (pipelineCapReport) pipelineCapReport();
        else
          this.diagnose(
            `${PACKAGE_NAME}: more than ${cap.limit} features; the rest are published as '${OVERFLOW_VALUE}' (raise the attributeValueLimit option to keep more apart)`,
          );
      }
      labelled.set(label, [...(labelled.get(label) ?? []), state]);
    }
    const meter = meterProvider.getMeter(PACKAGE_NAME, PACKAGE_VERSION);
    this.instruments = new DriftInstruments(meter, labelled, this.baseline.id, () => this.rotate());
    const topBins = options.topBins ?? DEFAULT_TOP_BINS;
    if (!Number.isInteger(topBins) || topBins < 0)
      throw new RangeError(`topBins must be a non-negative integer (got ${String(options.topBins)})`);
    this.signals = new DriftSignalInstruments(meter, labelled, this.baseline.id, topBins, () =>
      this.rotate(),
    );
    // Moves the window on time even when nothing is observed or collected.
    this.timer = setInterval(() => this.rotate(), this.clock.bucketMs);
    this.timer.unref();
  }

  /** Counts every baseline feature of a record; other keys are ignored (one diagnostic each). */
  observe(record: object): void {
    try {
      if (record === null || typeof record !== 'object') return;
      const states = this.states;
      for (let i = 0; i < states.length; i++) {
        const value = (record as Record<string, unknown>)[states[i].name];
        if (value !== undefined) states[i].observe(value);
        else states[i].missing++;
      }
      const count = ++this.records;
      if (count <= UNKNOWN_KEY_CHECK_FIRST || count % UNKNOWN_KEY_CHECK_EVERY === 0) this.checkKeys(record);
    } catch (err) {
      this.reportOnce('observe', `observe(record) failed and was skipped: ${String(err)}`);
    }
  }

  /** Counts one value of one feature. */
  observeValue(feature: string, value: unknown): void {
    // One-entry cache: callers mostly pass the same literal (an identity compare) in a row,
    // which skips the Map lookup.
    let state = this.lastState;
    if (feature !== this.lastName) {
      state = this.byName.get(feature);
      if (state === undefined) {
        this.unknownFeature(feature);
        return;
      }
      this.lastName = feature;
      this.lastState = state;
    }
    state!.observe(value);
  }

  /** The fastest path: a handle bound to one feature (a no-op handle for unknown features). */
  feature(name: string): FeatureHandle {
    const state = this.byName.get(name);
    if (state === undefined) {
      this.unknownFeature(name);
      return IGNORE;
    }
    return state;
  }

  /** Current window of every feature (what the gauges publish), for tests and status pages. */
  snapshot(): FeatureWindowState[] {
    this.rotate();
    return this.states.map((state) => {
      const counts = state.windowCounts();
      const n = counts.reduce((a, b) => a + b, 0);
      const value = psi(state.referenceCounts, counts);
      const critical = psiCritical(state.referenceSize, n, state.bins);
      return {
        feature: state.name,
        n,
        psi: value,
        critical,
        verdict: value === undefined || critical === undefined ? undefined : verdict(value, critical),
        unseen: state.unseenReference && unseenSignal(state.unseenReference, state.windowOutside(counts), n),
        windowCounts: Array.from(counts),
        missing: state.missing,
      };
    });
  }

  /** Stops the window timer and unregisters the instruments' callback. */
  close(): void {
    clearInterval(this.timer);
    this.instruments.close();
    this.signals.close();
  }

  private rotate(): void {
    try {
      this.clock.advance(this.now(), (bucket) => {
        for (const state of this.states) state.startBucket(bucket);
      });
    } catch (err) {
      this.reportOnce('rotate', `window rotation failed: ${String(err)}`);
    }
  }

  private checkKeys(record: object): void {
    for (const key in record) if (!this.byName.has(key)) this.unknownFeature(key);
  }

  private unknownFeature(name: unknown): void {
    const key = typeof name === 'string' ? name : safeString(name);
    if (this.reportedUnknown.has(key) || this.reportedUnknown.size >= MAX_REPORTED_UNKNOWN) return;
    this.reportedUnknown.add(key);
    this.diagnose(
      `${PACKAGE_NAME}: feature '${key}' is not in baseline ${this.baseline.id}; its values are ignored`,
    );
  }

  private reportOnce(key: string, message: string): void {
    if (this.reportedUnknown.has(`\0${key}`)) return;
    this.reportedUnknown.add(`\0${key}`);
    this.diagnose(`${PACKAGE_NAME}: ${message}`);
  }
}
