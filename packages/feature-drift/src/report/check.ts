import { psiContributions, psi, psiCritical, smoothedProportions, verdict } from '../math/psi';
import { unseenReferenceOf, unseenSignal, type UnseenSignal } from '../math/signals';
import { FeatureState } from '../monitor/feature-state';
import type { Baseline, FeatureBaseline, Verdict } from '../types';

export interface BinComparison {
  /** `feature.bin` value: index for numeric, category for categorical. */
  label: string;
  /** Human range of a numeric bin, e.g. `[23.5, 29)`; the category otherwise. */
  range: string;
  referenceCount: number;
  currentCount: number;
  /** Smoothed shares, as PSI uses them. */
  referenceShare: number;
  currentShare: number;
  /** This bin's term of the PSI sum. */
  contribution: number;
}

export interface FeatureComparison {
  feature: string;
  type: FeatureBaseline['type'];
  /** Non-missing values in the current data. */
  n: number;
  missing: number;
  /** Absent when the current data has no value for the feature. */
  psi?: number;
  critical?: number;
  verdict?: Verdict;
  /**
   * Values outside the reference (categories it does not name; numbers below its min or above
   * its max) against their critical share. Absent without data, and for a numeric feature of a
   * baseline without `min`/`max`.
   */
  unseen?: UnseenSignal;
  bins: BinComparison[];
}

function binRanges(feature: FeatureBaseline): string[] {
  if (feature.type === 'categorical') return [...feature.categories, '__other__'];
  const e = feature.edges;
  return Array.from({ length: e.length + 1 }, (_, i) =>
    i === 0 ? `(-inf, ${e[0]})` : i === e.length ? `[${e[i - 1]}, +inf)` : `[${e[i - 1]}, ${e[i]})`,
  );
}

/**
 * PSI, critical value, verdict, new values and per-bin shares of current counts against one
 * baseline feature. `outside` counts the numeric values below `min` or above `max` (a
 * categorical feature's new values are its `__other__` bin).
 */
export function compareFeature(
  name: string,
  feature: FeatureBaseline,
  current: ArrayLike<number>,
  missing = 0,
  outside?: number,
): FeatureComparison {
  const n = Array.from(current).reduce((a, b) => a + b, 0);
  const m = feature.counts.reduce((a, b) => a + b, 0);
  const value = psi(feature.counts, current);
  const critical = psiCritical(m, n, feature.counts.length);
  const referenceShares = smoothedProportions(feature.counts);
  const currentShares = smoothedProportions(current);
  const terms = psiContributions(feature.counts, current);
  const ranges = binRanges(feature);
  const labels = feature.type === 'categorical' ? ranges : ranges.map((_, i) => String(i));
  return {
    feature: name,
    type: feature.type,
    n,
    missing,
    psi: value,
    critical,
    verdict: value === undefined || critical === undefined ? undefined : verdict(value, critical),
    unseen: unseenOf(feature, current, n, outside),
    bins: labels.map((label, i) => ({
      label,
      range: ranges[i],
      referenceCount: feature.counts[i],
      currentCount: current[i],
      referenceShare: referenceShares[i],
      currentShare: n === 0 ? 0 : currentShares[i],
      contribution: n === 0 ? 0 : terms[i],
    })),
  };
}

function unseenOf(
  feature: FeatureBaseline,
  current: ArrayLike<number>,
  n: number,
  outside: number | undefined,
): UnseenSignal | undefined {
  const reference = unseenReferenceOf(feature);
  if (reference === undefined) return undefined;
  if (feature.type === 'categorical') return unseenSignal(reference, current[current.length - 1], n);
  return outside === undefined ? undefined : unseenSignal(reference, outside, n);
}

/** Offline check: counts a whole data set per baseline bin, then compares every feature. */
export class DriftCheck {
  private readonly states: FeatureState[];

  constructor(readonly baseline: Baseline) {
    this.states = Object.entries(baseline.features).map(([name, f]) => new FeatureState(name, f, 1));
  }

  add(record: object): void {
    for (const state of this.states) state.observe((record as Record<string, unknown>)[state.name]);
  }

  result(): FeatureComparison[] {
    return this.states.map((state) => {
      const counts = state.cumulativeCounts();
      const outside = state.unseenReference ? state.windowOutside(counts) : undefined;
      return compareFeature(state.name, this.baseline.features[state.name], counts, state.missing, outside);
    });
  }
}
