import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import {
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_BASELINE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  METRIC_FEATURE_MISSING,
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
  metric,
} from '@statewatch/semconv';
import { psi, psiCritical } from '../math/psi';
import type { FeatureState } from './feature-state';

const DRIFT_SCOPE_INSTANCE = 'instance';

/** Features published under one `feature.name` (one feature, or all of them past the cap). */
interface Group {
  features: FeatureState[];
  counters: Array<{ attributes: Attributes; sources: Array<[FeatureState, number]> }>;
  missing: Attributes;
  gauges: Attributes;
  scratch: Float64Array[];
  cumulative: Map<FeatureState, Float64Array>;
}

function options(name: string) {
  const definition = metric(name);
  return { description: definition.description, unit: definition.unit };
}

function buildGroup(label: string, features: FeatureState[], baselineId: string): Group {
  const byBin = new Map<string, Array<[FeatureState, number]>>();
  for (const feature of features) {
    feature.labels.forEach((bin, index) => {
      const sources = byBin.get(bin) ?? [];
      sources.push([feature, index]);
      byBin.set(bin, sources);
    });
  }
  return {
    features,
    counters: [...byBin].map(([bin, sources]) => ({
      attributes: {
        [ATTR_FEATURE_NAME]: label,
        [ATTR_FEATURE_BIN]: bin,
        [ATTR_FEATURE_BASELINE]: baselineId,
      },
      sources,
    })),
    missing: { [ATTR_FEATURE_NAME]: label, [ATTR_FEATURE_BASELINE]: baselineId },
    gauges: {
      [ATTR_FEATURE_NAME]: label,
      [ATTR_FEATURE_BASELINE]: baselineId,
      [ATTR_DRIFT_SCOPE]: DRIFT_SCOPE_INSTANCE,
    },
    scratch: features.map((f) => new Float64Array(f.bins)),
    cumulative: new Map(features.map((f) => [f, new Float64Array(f.bins)])),
  };
}

/**
 * The monitor's instruments. Values are counted in typed arrays on the request path and read
 * here once per collection, so the SDK is never called per observed value.
 */
export class DriftInstruments {
  private readonly observables: Observable[];
  private readonly groups: Group[];
  private readonly callback = (result: BatchObservableResult) => this.collect(result);
  private readonly observations;
  private readonly missing;
  private readonly psi;
  private readonly critical;
  private readonly windowSize;

  constructor(
    private readonly meter: Meter,
    labelled: ReadonlyMap<string, FeatureState[]>,
    baselineId: string,
    private readonly beforeCollect: () => void,
  ) {
    this.groups = [...labelled].map(([label, features]) => buildGroup(label, features, baselineId));
    this.observations = meter.createObservableCounter(
      METRIC_FEATURE_OBSERVATIONS,
      options(METRIC_FEATURE_OBSERVATIONS),
    );
    this.missing = meter.createObservableCounter(METRIC_FEATURE_MISSING, options(METRIC_FEATURE_MISSING));
    this.psi = meter.createObservableGauge(METRIC_FEATURE_PSI, options(METRIC_FEATURE_PSI));
    this.critical = meter.createObservableGauge(
      METRIC_FEATURE_PSI_CRITICAL,
      options(METRIC_FEATURE_PSI_CRITICAL),
    );
    this.windowSize = meter.createObservableGauge(
      METRIC_FEATURE_WINDOW_OBSERVATIONS,
      options(METRIC_FEATURE_WINDOW_OBSERVATIONS),
    );
    this.observables = [this.observations, this.missing, this.psi, this.critical, this.windowSize];
    meter.addBatchObservableCallback(this.callback, this.observables);
  }

  close(): void {
    this.meter.removeBatchObservableCallback(this.callback, this.observables);
  }

  private collect(result: BatchObservableResult): void {
    this.beforeCollect();
    for (const group of this.groups) {
      let missing = 0;
      let seen = 0;
      for (const feature of group.features) {
        const cumulative = feature.cumulativeCounts(group.cumulative.get(feature));
        missing += feature.missing;
        seen += feature.missing;
        for (let b = 0; b < feature.bins; b++) seen += cumulative[b];
      }
      // A feature appears once it has seen a value; after that every bin is published, zeros too.
      if (seen === 0) continue;
      for (const counter of group.counters) {
        let value = 0;
        for (const [feature, bin] of counter.sources) value += group.cumulative.get(feature)![bin];
        result.observe(this.observations, value, counter.attributes);
      }
      result.observe(this.missing, missing, group.missing);
      this.observeWorstWindow(result, group);
    }
  }

  /** Window gauges of the group's feature with the highest PSI (the only one unless capped). */
  private observeWorstWindow(result: BatchObservableResult, group: Group): void {
    let worst: { psi: number; critical: number; n: number } | undefined;
    let anyN = 0;
    group.features.forEach((feature, i) => {
      const counts = feature.windowCounts(group.scratch[i]);
      let n = 0;
      for (let b = 0; b < counts.length; b++) n += counts[b];
      const value = psi(feature.referenceCounts, counts);
      const critical = psiCritical(feature.referenceSize, n, feature.bins);
      if (value !== undefined && critical !== undefined && (worst === undefined || value > worst.psi)) {
        worst = { psi: value, critical, n };
      }
      anyN = Math.max(anyN, n);
    });
    result.observe(this.windowSize, worst?.n ?? anyN, group.gauges);
    if (worst === undefined) return;
    result.observe(this.psi, worst.psi, group.gauges);
    result.observe(this.critical, worst.critical, group.gauges);
  }
}
