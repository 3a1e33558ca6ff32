/** Version of the baseline file format written and read by this package (`docs/drift-math.md`). */
export const BASELINE_VERSION = 1 as const;

export interface NumericFeatureBaseline {
  type: 'numeric';
  /** Strictly increasing finite bin edges; `edges.length + 1` bins. */
  edges: number[];
  /** Raw reference counts per bin (non-missing values). */
  counts: number[];
  /** Smoothed reference shares per bin (for people and for checking; PSI uses `counts`). */
  proportions: number[];
  /** Reference values that were missing or wrong-typed. */
  missing: number;
  /**
   * Smallest and largest reference value: a window value outside them is a new value. Optional
   * (baselines written before they existed still load; their numeric features have no new-value
   * signal).
   */
  min?: number;
  max?: number;
}

export interface CategoricalFeatureBaseline {
  type: 'categorical';
  /** Named categories; the last bin (`__other__`) collects every other value. */
  categories: string[];
  counts: number[];
  proportions: number[];
  missing: number;
}

export type FeatureBaseline = NumericFeatureBaseline | CategoricalFeatureBaseline;

export interface Baseline {
  version: typeof BASELINE_VERSION;
  /** First 12 hex characters of the SHA-256 of the canonical `{ version, features }`. */
  id: string;
  createdAt: string;
  /** Records the baseline was built from. */
  sampleSize: number;
  features: Record<string, FeatureBaseline>;
}

/** Which columns of the reference data become which kind of feature. */
export interface BaselineSpec {
  numeric?: readonly string[];
  categorical?: readonly string[];
  /**
   * Number of quantile bins of a numeric feature (ties can merge some).
   * @default 10
   */
  bins?: number;
  /**
   * Categories kept per categorical feature (the most frequent); the rest go to `__other__`.
   * @default 20
   */
  topCategories?: number;
  /**
   * Counters per categorical feature. Up to this many distinct categories the counts are exact;
   * beyond, they come from a SpaceSaving sketch of this many counters (memory stays bounded):
   * each written count is at most `records / maxCategories` below the true one, never above
   * (`BaselineBuilder.sketched()` says which features and by how much).
   * @default 10000
   */
  maxCategories?: number;
  /** Creation time written into the file. @default new Date() */
  createdAt?: Date;
  /**
   * Record each numeric feature's `min` and `max` (the range new values are measured against).
   * @default true
   */
  range?: boolean;
}

export type Verdict = 'ok' | 'warn' | 'drift';
