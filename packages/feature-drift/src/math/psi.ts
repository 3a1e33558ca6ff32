import type { Verdict } from '../types';

/** Jeffreys prior: added to every bin on both sides so that empty bins keep PSI finite. */
export const SMOOTHING_ALPHA = 0.5;
/** Standard normal 99th percentile, used by the Wilson–Hilferty approximation. */
export const Z_99 = 2.3263478740408408;
/** Conventional PSI levels; a verdict also requires PSI above the sample-size critical value. */
export const PSI_WARN_LEVEL = 0.1;
export const PSI_DRIFT_LEVEL = 0.25;

function sum(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  return total;
}

/** Smoothed shares `(c_i + 0.5) / (N + 0.5 B)`. */
export function smoothedProportions(counts: ArrayLike<number>): number[] {
  const denominator = sum(counts) + SMOOTHING_ALPHA * counts.length;
  return Array.from(counts, (c) => (c + SMOOTHING_ALPHA) / denominator);
}

/**
 * Per-bin terms `(q_i - p_i) ln(q_i / p_i)` of the PSI of current counts against reference
 * counts, both smoothed. Their sum is the PSI.
 */
export function psiContributions(reference: ArrayLike<number>, current: ArrayLike<number>): number[] {
  if (reference.length !== current.length) {
    throw new RangeError(
      `bin count mismatch: reference has ${reference.length} bins, current ${current.length}`,
    );
  }
  const bins = reference.length;
  const refDenominator = sum(reference) + SMOOTHING_ALPHA * bins;
  const curDenominator = sum(current) + SMOOTHING_ALPHA * bins;
  const terms = new Array<number>(bins);
  for (let i = 0; i < bins; i++) {
    const p = (reference[i] + SMOOTHING_ALPHA) / refDenominator;
    const q = (current[i] + SMOOTHING_ALPHA) / curDenominator;
    terms[i] = (q - p) * Math.log(q / p);
  }
  return terms;
}

/** PSI of current counts against reference counts; `undefined` when the current window is empty. */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number | undefined {
  if (sum(current) === 0) return undefined;
  const terms = psiContributions(reference, current);
  let total = 0;
  for (let i = 0; i < terms.length; i++) total += terms[i];
  return total;
}

/** 99th percentile of χ²(k) by Wilson–Hilferty: `k (1 − 2/(9k) + z sqrt(2/(9k)))³`. */
export function chiSquare99(degreesOfFreedom: number): number {
  const k = degreesOfFreedom;
  if (!(k >= 1)) throw new RangeError(`degrees of freedom must be >= 1 (got ${k})`);
  const a = 2 / (9 * k);
  const t = 1 - a + Z_99 * Math.sqrt(a);
  return k * t * t * t; // not `** 3`: V8's pow differs in the last bit between Node versions
}

/**
 * PSI that no-drift data exceeds only 1% of the time: `(1/M + 1/N) · chi2_99(B − 1)` for a
 * reference of `M` values, a window of `N` values and `B` bins. `undefined` when `N = 0`.
 */
export function psiCritical(referenceSize: number, windowSize: number, bins: number): number | undefined {
  if (!(windowSize > 0) || !(referenceSize > 0)) return undefined;
  return (1 / referenceSize + 1 / windowSize) * chiSquare99(bins - 1);
}

/** `drift` above max(0.25, critical), `warn` above max(0.1, critical), else `ok`. */
export function verdict(psiValue: number, critical: number): Verdict {
  if (psiValue > Math.max(PSI_DRIFT_LEVEL, critical)) return 'drift';
  if (psiValue > Math.max(PSI_WARN_LEVEL, critical)) return 'warn';
  return 'ok';
}
