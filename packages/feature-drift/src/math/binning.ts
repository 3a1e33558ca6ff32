import { FEATURE_BIN_OTHER } from '@statewatch/semconv';

/** Bin index of a missing value (null, undefined, NaN, ±Infinity or wrong type). */
export const MISSING_BIN = -1;

/**
 * Bin of a numeric value: the number of edges `e <= v` (bins `(-inf, e1)`, `[e1, e2)`, …,
 * `[eK, +inf)`), found by binary search; `MISSING_BIN` for anything but a finite number.
 */
export function numericBin(edges: ArrayLike<number>, value: unknown): number {
  if (typeof value !== 'number' || value - value !== 0) return MISSING_BIN; // NaN and ±Infinity
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a categorical feature reads as a category: non-empty strings, finite numbers and
 * booleans. An empty string is missing, as an empty CSV cell is (same PSI in the CLI and live).
 */
export function categoryOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value === '' ? undefined : value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return String(value);
    default:
      return undefined;
  }
}

/** Bin of a categorical value: its index in `categories`, else the last bin (`__other__`). */
export function categoricalBin(index: ReadonlyMap<string, number>, binCount: number, value: unknown): number {
  const category = categoryOf(value);
  if (category === undefined) return MISSING_BIN;
  const found = index.get(category);
  return found === undefined ? binCount - 1 : found;
}

/** The `feature.bin` attribute values of a feature's bins, in bin order. */
export function binLabels(
  feature:
    { type: 'numeric'; edges: readonly number[] } | { type: 'categorical'; categories: readonly string[] },
): string[] {
  if (feature.type === 'numeric')
    return Array.from({ length: feature.edges.length + 1 }, (_, i) => String(i));
  return [...feature.categories, FEATURE_BIN_OTHER];
}
