// What explains a window's drift: its new values, and the bins that move PSI the most. Shared by
// the monitor's gauges and `drift check`.
import { psiContributions, smoothedProportions } from './psi';
import type { FeatureBaseline } from '../types';
import { hasNewValues, unseenCritical, unseenOpenEnds, unseenReferenceShare } from './unseen';

/** Where new values are measured from: the reference's count outside, its size, its open ends. */
export interface UnseenReference {
  referenceOutside: number;
  referenceSize: number;
  openEnds: number;
}

/**
 * The new-value reference of a baseline feature: `r` is its `__other__` count (categorical) or 0
 * (numeric: `min` and `max` are reference values). `undefined` for a numeric feature without
 * `min`/`max` (a baseline written before they existed).
 */
export function unseenReferenceOf(feature: FeatureBaseline): UnseenReference | undefined {
  if (feature.type === 'numeric' && (feature.min === undefined || feature.max === undefined))
    return undefined;
  return {
    referenceOutside: feature.type === 'categorical' ? feature.counts[feature.counts.length - 1] : 0,
    referenceSize: feature.counts.reduce((a, b) => a + b, 0),
    openEnds: unseenOpenEnds(feature.type),
  };
}

export interface UnseenSignal {
  /** Values of the window outside the reference. */
  count: number;
  share: number;
  /** The share calm data of this window's size exceeds only 1% of the time. */
  critical: number;
  /** Smoothed reference share of new values, `(r + e) / (M + 1)`. */
  referenceShare: number;
  /** Verdict "new values": `share > critical`. */
  newValues: boolean;
}

/** The new-value signal of a window of `n` values with `outside` of them new; none when `n = 0`. */
export function unseenSignal(
  reference: UnseenReference,
  outside: number,
  n: number,
): UnseenSignal | undefined {
  const critical = unseenCritical(reference.referenceOutside, reference.referenceSize, reference.openEnds, n);
  if (critical === undefined) return undefined;
  const share = outside / n;
  return {
    count: outside,
    share,
    critical,
    referenceShare: unseenReferenceShare(
      reference.referenceOutside,
      reference.referenceSize,
      reference.openEnds,
    ),
    newValues: hasNewValues(share, critical),
  };
}

export interface BinContribution {
  bin: number;
  /** The bin's term of the PSI sum. */
  contribution: number;
  /** Smoothed shares, as PSI uses them. */
  share: number;
  referenceShare: number;
}

/** Every bin's PSI term with the smoothed shares behind it, in bin order. */
export function binContributions(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): BinContribution[] {
  const terms = psiContributions(reference, current);
  const shares = smoothedProportions(current);
  const referenceShares = smoothedProportions(reference);
  return terms.map((contribution, bin) => ({
    bin,
    contribution,
    share: shares[bin],
    referenceShare: referenceShares[bin],
  }));
}

/** The `count` largest positive terms of `binContributions`, largest first (ties: lower bin first). */
export function largestContributions(all: readonly BinContribution[], count: number): BinContribution[] {
  if (count <= 0) return [];
  return all
    .filter((c) => c.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.bin - b.bin)
    .slice(0, count);
}

/** The `count` bins with the largest positive PSI terms, largest first (ties: lower bin first). */
export function topContributions(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  count: number,
): BinContribution[] {
  return count <= 0 ? [] : largestContributions(binContributions(reference, current), count);
}
