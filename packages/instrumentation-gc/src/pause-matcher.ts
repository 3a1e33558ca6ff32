import type { HeapSample } from './heap-sampler';

/** Samples kept waiting for their performance entry; more means the two streams lost step. */
const MAX_PENDING = 4096;

/**
 * Pairs `gc` performance entries with `v8.GCProfiler` samples of the same GCs, in order.
 *
 * Node's entry duration runs from its own GC prologue callback to its epilogue callback, so
 * it includes whatever other GC callbacks do in between, among them the profiler's own
 * bookkeeping (tens of µs per GC). The profiler's `cost` leaves that out and agrees with the
 * pause V8 reports, so it is used when the sample of an entry's GC is at hand; otherwise the
 * entry's duration is.
 */
export class PauseMatcher {
  private pending: HeapSample[] = [];
  private head = 0;
  /** Entries already recorded from their own duration whose samples are still to come. */
  private unmatched = 0;

  /** Samples of the GCs since the last rotation, oldest first. */
  addSamples(samples: readonly HeapSample[]): void {
    let from = 0;
    if (this.unmatched > 0) {
      from = Math.min(this.unmatched, samples.length);
      this.unmatched -= from;
    }
    if (this.pending.length - this.head + samples.length - from > MAX_PENDING) return this.reset();
    for (let i = from; i < samples.length; i++) this.pending.push(samples[i]!);
  }

  /**
   * The pause (ms) to record for the next entry. `profilerRunning`: whether a profiler covers
   * this GC, i.e. whether its sample will come later when none is pending now.
   */
  pause(type: number, duration: number, profilerRunning: boolean): number {
    if (this.head < this.pending.length) {
      const sample = this.pending[this.head]!;
      // A sample of another GC type, or longer than the whole entry, means the streams are out
      // of step (an entry or a sample went missing): start over from here.
      if (sample.type === type && sample.cost <= duration) {
        this.advance();
        return sample.cost;
      }
      this.reset();
      return duration;
    }
    if (profilerRunning) this.unmatched++;
    return duration;
  }

  reset(): void {
    this.pending = [];
    this.head = 0;
    this.unmatched = 0;
  }

  private advance(): void {
    if (++this.head === this.pending.length) {
      this.pending.length = 0;
      this.head = 0;
    }
  }
}
