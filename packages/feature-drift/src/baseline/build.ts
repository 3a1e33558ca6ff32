import { FEATURE_BIN_OTHER } from '@statewatch/semconv';
import { categoryOf, numericBin } from '../math/binning';
import { smoothedProportions } from '../math/psi';
import {
  BASELINE_VERSION,
  type Baseline,
  type BaselineSpec,
  type FeatureBaseline,
  type NumericFeatureBaseline,
} from '../types';
import { quantileEdges } from './edges';
import { SpaceSaving } from './heavy-hitters';
import { baselineId } from './id';

export const DEFAULT_BINS = 10;
export const DEFAULT_TOP_CATEGORIES = 20;
export const DEFAULT_MAX_CATEGORIES = 10_000;

/** Growable array of doubles: 8 bytes a value, so large reference files fit in memory. */
class DoubleBuffer {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  sorted(): Float64Array {
    return this.data.subarray(0, this.length).sort();
  }
}

interface NumericAccumulator {
  type: 'numeric';
  values: DoubleBuffer;
  missing: number;
}
interface CategoricalAccumulator {
  type: 'categorical';
  counts: SpaceSaving;
  missing: number;
}

/** A categorical feature whose distinct values outnumbered the counters. */
export interface SketchedFeature {
  feature: string;
  /** Counters kept (`maxCategories`). */
  counters: number;
  /** The most any written count is below the true one. */
  maxError: number;
}

/** Builds a baseline from records added one at a time (for streaming large files). */
export class BaselineBuilder {
  private readonly bins: number;
  private readonly topCategories: number;
  private readonly features = new Map<string, NumericAccumulator | CategoricalAccumulator>();
  private records = 0;

  constructor(private readonly spec: BaselineSpec) {
    this.bins = spec.bins ?? DEFAULT_BINS;
    this.topCategories = spec.topCategories ?? DEFAULT_TOP_CATEGORIES;
    if (!Number.isInteger(this.bins) || this.bins < 2) {
      throw new RangeError(`bins must be an integer >= 2 (got ${String(spec.bins)})`);
    }
    if (!Number.isInteger(this.topCategories) || this.topCategories < 1) {
      throw new RangeError(`topCategories must be an integer >= 1 (got ${String(spec.topCategories)})`);
    }
    for (const name of spec.numeric ?? []) {
      this.features.set(name, { type: 'numeric', values: new DoubleBuffer(), missing: 0 });
    }
    for (const name of spec.categorical ?? []) {
      if (this.features.has(name))
        throw new Error(`feature '${name}' is listed as both numeric and categorical`);
      this.features.set(name, {
        type: 'categorical',
        counts: new SpaceSaving(spec.maxCategories ?? DEFAULT_MAX_CATEGORIES),
        missing: 0,
      });
    }
    if (this.features.size === 0)
      throw new Error('a baseline needs at least one numeric or categorical feature');
  }

  /** Adds one record; missing and wrong-typed values count as missing (docs/drift-math.md). */
  add(record: object): void {
    this.records++;
    for (const [name, acc] of this.features) {
      const value = (record as Record<string, unknown>)[name];
      if (acc.type === 'numeric') {
        if (typeof value === 'number' && Number.isFinite(value)) acc.values.push(value);
        else acc.missing++;
      } else {
        const category = categoryOf(value);
        if (category === undefined) acc.missing++;
        else acc.counts.add(category);
      }
    }
  }

  get size(): number {
    return this.records;
  }

  /** The categorical features counted by the sketch (more distinct values than counters). */
  sketched(): SketchedFeature[] {
    const out: SketchedFeature[] = [];
    for (const [feature, acc] of this.features)
      if (acc.type === 'categorical' && !acc.counts.exact)
        out.push({ feature, counters: acc.counts.capacity, maxError: acc.counts.maxError });
    return out;
  }

  build(): Baseline {
    const features: Record<string, FeatureBaseline> = {};
    for (const [name, acc] of this.features) {
      features[name] = acc.type === 'numeric' ? this.numeric(name, acc) : this.categorical(name, acc);
    }
    const body = { version: BASELINE_VERSION, features };
    return {
      version: BASELINE_VERSION,
      id: baselineId(body),
      createdAt: (this.spec.createdAt ?? new Date()).toISOString(),
      sampleSize: this.records,
      features,
    };
  }

  private numeric(name: string, acc: NumericAccumulator): FeatureBaseline {
    if (acc.values.length === 0)
      throw new Error(`feature '${name}' has no finite numeric value in ${this.records} records`);
    const sorted = acc.values.sorted();
    const edges = quantileEdges(sorted, this.bins);
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (let i = 0; i < sorted.length; i++) counts[numericBin(edges, sorted[i])]++;
    const feature: NumericFeatureBaseline = {
      type: 'numeric',
      edges,
      counts,
      proportions: smoothedProportions(counts),
      missing: acc.missing,
    };
    if (this.spec.range ?? true) {
      feature.min = sorted[0];
      feature.max = sorted[sorted.length - 1];
    }
    return feature;
  }

  private categorical(name: string, acc: CategoricalAccumulator): FeatureBaseline {
    if (acc.counts.total === 0)
      throw new Error(`feature '${name}' has no category value in ${this.records} records`);
    // Lower bounds (exact while the sketch never evicted): kept counts never exceed the truth,
    // so __other__ (the rest of the total) is never negative.
    // Most frequent first; ties by name so the same data always gives the same file.
    const ranked = acc.counts
      .entries()
      .map(({ key, count, error }): [string, number] => [key, count - error])
      .filter(([category]) => category !== FEATURE_BIN_OTHER)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const kept = ranked.slice(0, this.topCategories);
    if (kept.length === 0) throw new Error(`feature '${name}' has only '${FEATURE_BIN_OTHER}' values`);
    const counts = kept.map(([, count]) => count);
    counts.push(acc.counts.total - counts.reduce((a, b) => a + b, 0));
    return {
      type: 'categorical',
      categories: kept.map(([category]) => category),
      counts,
      proportions: smoothedProportions(counts),
      missing: acc.missing,
    };
  }
}

/** Baseline of in-memory records. */
export function buildBaseline(records: Iterable<object>, spec: BaselineSpec): Baseline {
  const builder = new BaselineBuilder(spec);
  for (const record of records) builder.add(record);
  return builder.build();
}
