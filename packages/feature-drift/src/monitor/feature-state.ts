import { binLabels, MISSING_BIN, categoricalBin } from '../math/binning';
import { NumericBinner } from '../math/numeric-binner';
import { smoothedProportions } from '../math/psi';
import { unseenReferenceOf, type UnseenReference } from '../math/signals';
import type { FeatureBaseline } from '../types';

/**
 * Counting state of one baseline feature: the sliding window's sub-window buckets, plus the
 * counts of buckets that have left the window, all in preallocated typed arrays. Observing a
 * value is one increment and never allocates; cumulative counts (for the observation counters)
 * are `retired + window`, summed at collection time.
 */
export class FeatureState {
  readonly bins: number;
  readonly labels: readonly string[];
  readonly referenceCounts: Float64Array;
  readonly referenceSize: number;
  /** Smoothed reference share per bin (`p_i`). */
  readonly referenceShares: readonly number[];
  /** Counts per bin of the sub-windows that have left the window. */
  private readonly retired: Float64Array;
  /** `buckets × bins` window counts; the current bucket starts at `offset`. */
  readonly window: Float64Array;
  offset = 0;
  missing = 0;
  /** Where new values are measured from; undefined for a numeric feature without `min`/`max`. */
  readonly unseenReference: UnseenReference | undefined;
  /** Numeric only: values below `min` or above `max`, per sub-window bucket, and retired. */
  private readonly outside: Float64Array;
  private retiredOutside = 0;
  private bucket = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly binner: NumericBinner;
  private readonly categoryIndex: ReadonlyMap<string, number>;
  readonly numeric: boolean;

  constructor(
    readonly name: string,
    feature: FeatureBaseline,
    buckets: number,
  ) {
    this.numeric = feature.type === 'numeric';
    this.binner = new NumericBinner(feature.type === 'numeric' ? feature.edges : []);
    this.categoryIndex = new Map(
      feature.type === 'categorical' ? feature.categories.map((c, i) => [c, i]) : [],
    );
    this.bins = feature.counts.length;
    this.labels = binLabels(feature);
    this.referenceCounts = Float64Array.from(feature.counts);
    this.referenceSize = feature.counts.reduce((a, b) => a + b, 0);
    this.referenceShares = smoothedProportions(feature.counts);
    this.retired = new Float64Array(this.bins);
    this.window = new Float64Array(buckets * this.bins);
    const range = feature.type === 'numeric' && feature.min !== undefined && feature.max !== undefined;
    this.min = range ? (feature.min as number) : -Infinity;
    this.max = range ? (feature.max as number) : Infinity;
    this.unseenReference = unseenReferenceOf(feature);
    this.outside = new Float64Array(buckets);
  }

  /** Counts one value; the request-path call (a grid lookup, one typed-array increment). */
  observe(value: unknown): void {
    const bin = this.numeric ? this.binner.bin(value) : categoricalBin(this.categoryIndex, this.bins, value);
    if (bin === MISSING_BIN) {
      this.missing++;
      return;
    }
    this.window[this.offset + bin]++;
    // Only a number in an open end bin can be outside the range; one compare for the rest.
    if (this.numeric && (bin === 0 || bin === this.bins - 1)) {
      if ((value as number) < this.min || (value as number) > this.max) this.outside[this.bucket]++;
    }
  }

  /** Bin of a value without counting it (for tests and tools). */
  binOf(value: unknown): number {
    return this.numeric ? this.binner.bin(value) : categoricalBin(this.categoryIndex, this.bins, value);
  }

  /** Moves to sub-window `bucket`, retiring its old counts. */
  startBucket(bucket: number): void {
    const offset = bucket * this.bins;
    for (let b = 0; b < this.bins; b++) this.retired[b] += this.window[offset + b];
    this.window.fill(0, offset, offset + this.bins);
    this.offset = offset;
    this.retiredOutside += this.outside[bucket];
    this.outside[bucket] = 0;
    this.bucket = bucket;
  }

  /** Values outside the reference in the window (`windowCounts` given: categorical reads its `__other__`). */
  windowOutside(windowCounts: ArrayLike<number>): number {
    if (!this.numeric) return windowCounts[this.bins - 1];
    let total = 0;
    for (let i = 0; i < this.outside.length; i++) total += this.outside[i];
    return total;
  }

  /** Values outside the reference since the start (what the unseen counter publishes). */
  cumulativeOutside(cumulativeCounts: ArrayLike<number>): number {
    if (!this.numeric) return cumulativeCounts[this.bins - 1];
    return this.retiredOutside + this.windowOutside(cumulativeCounts);
  }

  /** Count per bin since the start (what the observation counters publish). */
  cumulativeCounts(into: Float64Array = new Float64Array(this.bins)): Float64Array {
    this.windowCounts(into);
    for (let b = 0; b < this.bins; b++) into[b] += this.retired[b];
    return into;
  }

  /** Counts per bin over the whole window. */
  windowCounts(into: Float64Array = new Float64Array(this.bins)): Float64Array {
    into.fill(0);
    const bins = this.bins;
    for (let i = 0; i < this.window.length; i++) into[i % bins] += this.window[i];
    return into;
  }
}
