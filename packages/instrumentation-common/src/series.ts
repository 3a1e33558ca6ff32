import type { Attributes, Histogram } from '@opentelemetry/api';
import { reportError } from './report';

/**
 * A monotonic counter or an up-down counter for one attribute set. `add` is a plain number
 * update; the value reaches the SDK through an observable instrument (or the recorder's metric
 * producer) when a reader collects.
 */
export class SumSeries {
  /** The running total since the recorder was created (cumulative). */
  value = 0;

  constructor(
    /** Built once; never mutate it. */
    readonly attributes: Readonly<Attributes>,
  ) {}

  add(delta: number): void {
    this.value += delta;
  }
}

/** A gauge for one attribute set: the last value set is observed at collection. */
export class GaugeSeries {
  /** `undefined` until the first `set`: nothing is reported before that. */
  value: number | undefined = undefined;

  constructor(readonly attributes: Readonly<Attributes>) {}

  set(value: number): void {
    this.value = value;
  }
}

/** The histogram instrument of the current meter, shared by every series of one metric. */
export interface HistogramSink {
  readonly instrument: Histogram | undefined;
}

/**
 * A histogram for one attribute set. In `sdk` mode `record` calls `Histogram.record` with the
 * series' attributes (buffering and batching the values measured no cheaper: see the README); in
 * `producer` mode it updates an in-process explicit-bucket histogram.
 */
export class HistogramSeries {
  /** Set in `producer` mode: values are aggregated here, exactly, and never reach the SDK. */
  readonly local: LocalHistogram | undefined;

  constructor(
    readonly attributes: Readonly<Attributes>,
    private readonly sink: HistogramSink,
    boundaries?: readonly number[],
  ) {
    this.local = boundaries === undefined ? undefined : new LocalHistogram(boundaries);
  }

  /** Never throws. */
  record(value: number): void {
    const local = this.local;
    if (local !== undefined) return local.record(value);
    const instrument = this.sink.instrument;
    if (instrument === undefined) return;
    try {
      instrument.record(value, this.attributes);
    } catch (err) {
      reportError('Histogram.record', err);
    }
  }
}

/** An explicit-bucket histogram aggregated in process (cumulative), as the SDK would. */
export class LocalHistogram {
  /** counts[i]: values in (boundaries[i-1], boundaries[i]]; the last one: above every boundary. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;

  constructor(readonly boundaries: readonly number[]) {
    this.counts = new Float64Array(boundaries.length + 1);
  }

  record(value: number): void {
    if (value !== value) return; // NaN: dropped, like the SDK
    const b = this.boundaries;
    const n = b.length;
    let i = 0;
    while (i < n && value > b[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }
}
