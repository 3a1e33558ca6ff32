import { binLabels, MISSING_BIN, numericBin, categoricalBin } from '../math/binning';
import type { FeatureBaseline } from '../types';

/**
 * Counting state of one baseline feature: cumulative counts per bin (for the observation
 * counters) and the sliding window's sub-window buckets, all in preallocated typed arrays so
 * that observing a value never allocates.
 */
export class FeatureState {
  readonly bins: number;
  readonly labels: readonly string[];
  readonly referenceCounts: Float64Array;
  readonly referenceSize: number;
  /** Cumulative count per bin since the monitor started. */
  readonly totals: Float64Array;
  /** `buckets × bins` window counts; the current bucket starts at `offset`. */
  readonly window: Float64Array;
  offset = 0;
  missing = 0;
  private readonly edges: Float64Array;
  private readonly categoryIndex: ReadonlyMap<string, number>;
  readonly numeric: boolean;

  constructor(
    readonly name: string,
    feature: FeatureBaseline,
    buckets: number,
  ) {
    this.numeric = feature.type === 'numeric';
    this.edges = new Float64Array(feature.type === 'numeric' ? feature.edges : []);
    this.categoryIndex = new Map(
      feature.type === 'categorical' ? feature.categories.map((c, i) => [c, i]) : [],
    );
    this.bins = feature.counts.length;
    this.labels = binLabels(feature);
    this.referenceCounts = Float64Array.from(feature.counts);
    this.referenceSize = feature.counts.reduce((a, b) => a + b, 0);
    this.totals = new Float64Array(this.bins);
    this.window = new Float64Array(buckets * this.bins);
  }

  /** Counts one value; the request-path call (binary search, two typed-array increments). */
  observe(value: unknown): void {
    const bin = this.numeric
      ? numericBin(this.edges, value)
      : categoricalBin(this.categoryIndex, this.bins, value);
    if (bin === MISSING_BIN) {
      this.missing++;
      return;
    }
    this.totals[bin]++;
    this.window[this.offset + bin]++;
  }

  /** Bin of a value without counting it (for tests and tools). */
  binOf(value: unknown): number {
    return this.numeric
      ? numericBin(this.edges, value)
      : categoricalBin(this.categoryIndex, this.bins, value);
  }

  /** Moves to sub-window `bucket` and clears it. */
  startBucket(bucket: number): void {
    this.offset = bucket * this.bins;
    this.window.fill(0, this.offset, this.offset + this.bins);
  }

  /** Counts per bin over the whole window. */
  windowCounts(into: Float64Array = new Float64Array(this.bins)): Float64Array {
    into.fill(0);
    const bins = this.bins;
    for (let i = 0; i < this.window.length; i++) into[i % bins] += this.window[i];
    return into;
  }
}
