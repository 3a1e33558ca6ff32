import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import {
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_BASELINE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  METRIC_FEATURE_BIN_SHARE,
  METRIC_FEATURE_BIN_SHARE_REFERENCE,
  METRIC_FEATURE_PSI_CONTRIBUTION,
  METRIC_FEATURE_UNSEEN,
  METRIC_FEATURE_UNSEEN_SHARE,
  METRIC_FEATURE_UNSEEN_SHARE_CRITICAL,
  metric,
  OVERFLOW_VALUE,
} from '@statewatch/semconv';
import { binContributions, largestContributions, unseenSignal, type UnseenSignal } from '../math/signals';
import type { FeatureState } from './feature-state';

const DRIFT_SCOPE_INSTANCE = 'instance';

function options(name: string) {
  const definition = metric(name);
  return { description: definition.description, unit: definition.unit };
}

/** One `feature.name` value: one feature, or every feature past the cap (`__overflow__`). */
interface Group {
  features: FeatureState[];
  counter: Attributes;
  gauges: Attributes;
  /** Per-bin attributes of a single feature; none for an overflow group (its bins would mix). */
  bins?: Attributes[];
  /**
   * Bins published so far. The SDK keeps exporting every series an asynchronous instrument
   * has reported (cumulative temporality), so a bin that leaves the top keeps being reported
   * with its current values rather than frozen at its last ones: at most every bin of the
   * baseline, like the observation counters.
   */
  published: Uint8Array;
  /** The new-value share was published: an empty window then reports 0 instead of a stale share. */
  unseenPublished: boolean;
  scratch: Float64Array[];
}

/**
 * The gauges that explain drift: new values (a counter for the collector, the window's share
 * and its critical share) and the top `topBins` bins by PSI contribution with their shares.
 */
export class DriftSignalInstruments {
  private readonly groups: Group[];
  private readonly observables: Observable[];
  private readonly callback = (result: BatchObservableResult) => this.collect(result);
  private readonly unseen;
  private readonly unseenShare;
  private readonly unseenCritical;
  private readonly contribution;
  private readonly binShare;
  private readonly binShareReference;

  constructor(
    private readonly meter: Meter,
    labelled: ReadonlyMap<string, FeatureState[]>,
    baselineId: string,
    private readonly topBins: number,
    private readonly beforeCollect: () => void,
  ) {
    this.groups = [...labelled].map(([label, features]) => {
      const gauges = {
        [ATTR_FEATURE_NAME]: label,
        [ATTR_FEATURE_BASELINE]: baselineId,
        [ATTR_DRIFT_SCOPE]: DRIFT_SCOPE_INSTANCE,
      };
      return {
        features,
        counter: { [ATTR_FEATURE_NAME]: label, [ATTR_FEATURE_BASELINE]: baselineId },
        gauges,
        bins:
          features.length === 1 && label !== OVERFLOW_VALUE
            ? features[0].labels.map((bin) => ({ ...gauges, [ATTR_FEATURE_BIN]: bin }))
            : undefined,
        published: new Uint8Array(features.length === 1 ? features[0].bins : 0),
        unseenPublished: false,
        scratch: features.map((f) => new Float64Array(f.bins)),
      };
    });
    const counter = (name: string) => meter.createObservableCounter(name, options(name));
    const gauge = (name: string) => meter.createObservableGauge(name, options(name));
    this.unseen = counter(METRIC_FEATURE_UNSEEN);
    this.unseenShare = gauge(METRIC_FEATURE_UNSEEN_SHARE);
    this.unseenCritical = gauge(METRIC_FEATURE_UNSEEN_SHARE_CRITICAL);
    this.contribution = gauge(METRIC_FEATURE_PSI_CONTRIBUTION);
    this.binShare = gauge(METRIC_FEATURE_BIN_SHARE);
    this.binShareReference = gauge(METRIC_FEATURE_BIN_SHARE_REFERENCE);
    this.observables = [
      this.unseen,
      this.unseenShare,
      this.unseenCritical,
      this.contribution,
      this.binShare,
      this.binShareReference,
    ];
    meter.addBatchObservableCallback(this.callback, this.observables);
  }

  close(): void {
    this.meter.removeBatchObservableCallback(this.callback, this.observables);
  }

  private collect(result: BatchObservableResult): void {
    this.beforeCollect();
    for (const group of this.groups) {
      let cumulativeOutside = 0;
      let seen = false;
      let worst: UnseenSignal | undefined;
      let windowSize = 0;
      group.features.forEach((feature, i) => {
        const counts = feature.cumulativeCounts(group.scratch[i]);
        for (let b = 0; b < counts.length && !seen; b++) seen = counts[b] > 0;
        if (feature.unseenReference) cumulativeOutside += feature.cumulativeOutside(counts);
        const window = feature.windowCounts(group.scratch[i]);
        let n = 0;
        for (let b = 0; b < window.length; b++) n += window[b];
        windowSize = n;
        if (!feature.unseenReference) return;
        const signal = unseenSignal(feature.unseenReference, feature.windowOutside(window), n);
        if (signal && (worst === undefined || signal.share / signal.critical > worst.share / worst.critical))
          worst = signal;
      });
      // Like the observation counters: a feature appears once it has seen a value.
      if (!seen) continue;
      if (group.features.some((f) => f.unseenReference))
        result.observe(this.unseen, cumulativeOutside, group.counter);
      if (worst !== undefined) {
        result.observe(this.unseenShare, worst.share, group.gauges);
        result.observe(this.unseenCritical, worst.critical, group.gauges);
        group.unseenPublished = true;
      } else if (group.unseenPublished) {
        result.observe(this.unseenShare, 0, group.gauges);
      }
      if (group.bins !== undefined) this.observeBins(result, group, windowSize);
    }
  }

  /**
   * The window's top contributing bins of a one-feature group (its scratch holds the window
   * counts), plus every bin published before, with current values (0 for an empty window).
   */
  private observeBins(result: BatchObservableResult, group: Group, windowSize: number): void {
    const feature = group.features[0];
    const bins = group.bins!;
    const all = windowSize > 0 ? binContributions(feature.referenceCounts, group.scratch[0]) : undefined;
    for (const top of largestContributions(all ?? [], this.topBins)) group.published[top.bin] = 1;
    for (let bin = 0; bin < feature.bins; bin++) {
      if (group.published[bin] === 0) continue;
      result.observe(this.contribution, all?.[bin].contribution ?? 0, bins[bin]);
      result.observe(this.binShare, all?.[bin].share ?? 0, bins[bin]);
      result.observe(this.binShareReference, feature.referenceShares[bin], bins[bin]);
    }
  }
}
