// The "new values" signal (docs/drift-math.md, "New values"): the share of a window's values
// outside the reference, tested one-sided against what the reference itself predicts.

/** Calm data exceeds the critical share this often (at most; the count is discrete). */
export const UNSEEN_FALSE_ALARM = 0.01;
/** Larger windows use the critical share of a window this size (slightly conservative, bounded cost). */
export const UNSEEN_EXACT_WINDOW_LIMIT = 100_000;
/** Weight of a reference whose `__other__` bin is not empty (see `unseenCritical`). */
export const TRUNCATED_REFERENCE_WEIGHT = 0.5;
/** Weights below this fraction of the running total end a walk away from the bulk. */
const NEGLIGIBLE = 1e-17;

/**
 * Ways a value can be new: below the minimum or above the maximum of a numeric reference (2),
 * outside the named categories (1). The smoothed reference share of new values is
 * `(r + e) / (M + 1)` for `r` new values among `M`.
 */
export function unseenOpenEnds(type: 'numeric' | 'categorical'): number {
  return type === 'numeric' ? 2 : 1;
}

/** Smoothed reference share of new values: `(r + e) / (M + 1)`. */
export function unseenReferenceShare(
  referenceOutside: number,
  referenceSize: number,
  openEnds: number,
): number {
  return (referenceOutside + openEnds) / (referenceSize + 1);
}

/**
 * The 99th percentile of the count of new values in a window of `n`, as a share of `n`: the
 * predictive distribution is beta-binomial(`n`, `r + e`, `M − r + 1 − e`), which for a continuous
 * numeric feature is exact whatever its distribution (the two extremes of `M` values leave
 * outside them a Beta(2, M − 1) share of the population). `undefined` when `n = 0` or `M = 0`.
 * Windows above `UNSEEN_EXACT_WINDOW_LIMIT` values use that window's critical share.
 */
export function unseenCritical(
  referenceOutside: number,
  referenceSize: number,
  openEnds: number,
  windowSize: number,
): number | undefined {
  if (!(windowSize > 0) || !(referenceSize > 0)) return undefined;
  const n = Math.min(Math.floor(windowSize), UNSEEN_EXACT_WINDOW_LIMIT);
  // A truncated categorical reference: its kept categories were chosen as the most frequent of
  // the same sample, which biases its `__other__` share low; half the weight covers that.
  const weight = openEnds === 1 && referenceOutside > 0 ? TRUNCATED_REFERENCE_WEIGHT : 1;
  const a = weight * (referenceOutside + openEnds);
  const b = Math.max(weight * (referenceSize - referenceOutside + 1 - openEnds), 0.5);
  return betaBinomialUpperQuantile(n, a, b, UNSEEN_FALSE_ALARM) / n;
}

/**
 * Smallest `k` with `P(X > k) <= tail` for X ~ beta-binomial(n, a, b). Unnormalised weights from
 * `floor(mean)` outwards by the ratio of consecutive terms (no gamma function, so TypeScript and
 * Go agree to the last bit on the same operations), summed in ascending `k`.
 */
export function betaBinomialUpperQuantile(n: number, a: number, b: number, tail: number): number {
  const start = Math.min(n, Math.floor((n * a) / (a + b)));
  // w(k+1)/w(k) = (n − k)(k + a) / ((k + 1)(n − k − 1 + b))
  const up: number[] = [1];
  let total = 1;
  for (let k = start, w = 1; k < n; k++) {
    const next = (w * ((n - k) * (k + a))) / ((k + 1) * (n - k - 1 + b));
    up.push(next);
    total += next;
    if (next < w && next < NEGLIGIBLE * total) break;
    w = next;
  }
  const down: number[] = [];
  for (let k = start, w = 1; k > 0; k--) {
    const next = (w * (k * (n - k + b))) / ((n - k + 1) * (k - 1 + a));
    down.push(next);
    total += next;
    if (next < w && next < NEGLIGIBLE * total) break;
    w = next;
  }
  // Total again in ascending k, the order both implementations use.
  let sum = 0;
  for (let i = down.length - 1; i >= 0; i--) sum += down[i];
  for (let i = 0; i < up.length; i++) sum += up[i];
  const limit = tail * sum;
  let upper = 0; // weight of every k above the current one
  for (let i = up.length - 1; i >= 0; i--) {
    if (upper + up[i] > limit) return start + i;
    upper += up[i];
  }
  for (let i = 0; i < down.length; i++) {
    if (upper + down[i] > limit) return start - 1 - i;
    upper += down[i];
  }
  return 0;
}

/** `true` ("new values") when the window's share of new values exceeds its critical share. */
export function hasNewValues(share: number, critical: number): boolean {
  return share > critical;
}
