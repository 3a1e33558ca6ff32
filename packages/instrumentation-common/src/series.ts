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

/** Where a histogram series hands its buffered values. */
export interface HistogramSink {
  readonly instrument: Histogram | undefined;
  readonly bufferSize: number;
}

/**
 * A histogram for one attribute set. In `sdk` mode `record` writes the value into a
 * preallocated `Float64Array`; the values reach `Histogram.record` one by one when the buffer
 * fills or a reader collects (the OTel API has no way to hand over pre-aggregated buckets).
 * Batching does not make the SDK cheaper per value in isolation, but measured 11% fewer
 * instructions per contended lock acquisition than a `Histogram.record` per event (README).
 * Memory per series is bounded by the buffer, allocated on the first value. In `producer` mode
 * values update an in-process explicit-bucket histogram.
 */
export class HistogramSeries {
  private buffer: Float64Array | undefined = undefined;
  private count = 0;
  /** Set in `producer` mode: values are aggregated here, exactly, and never reach the SDK. */
  readonly local: LocalHistogram | undefined;

  constructor(
    readonly attributes: Readonly<Attributes>,
    private readonly sink: HistogramSink,
    boundaries?: readonly number[],
  ) {
    this.local = boundaries === undefined ? undefined : new LocalHistogram(boundaries);
  }

  record(value: number): void {
    const local = this.local;
    if (local !== undefined) return local.record(value);
    let buffer = this.buffer;
    if (buffer === undefined) buffer = this.buffer = new Float64Array(this.sink.bufferSize);
    buffer[this.count++] = value;
    if (this.count === buffer.length) this.flush();
  }

  /** Values buffered and not yet handed to the SDK. */
  get pending(): number {
    return this.count;
  }

  /** Hands every buffered value to the SDK instrument. Never throws. */
  flush(): void {
    const count = this.count;
    if (count === 0) return;
    this.count = 0;
    const instrument = this.sink.instrument;
    if (instrument === undefined) return;
    const buffer = this.buffer!;
    const attributes = this.attributes;
    try {
      for (let i = 0; i < count; i++) instrument.record(buffer[i]!, attributes);
    } catch (err) {
      reportError('histogram flush', err);
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
