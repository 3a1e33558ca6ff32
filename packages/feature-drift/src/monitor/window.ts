/**
 * Clock of a sliding window made of `buckets` sub-windows of `bucketMs` each. `advance(now)`
 * reports which sub-window is current and which ones time has emptied; the counts themselves
 * live in each `FeatureState`, so the window's memory is fixed.
 */
export class WindowClock {
  readonly bucketMs: number;
  private head = 0;
  private headStart: number;

  constructor(
    readonly windowMs: number,
    readonly buckets: number,
    now: number,
  ) {
    if (!Number.isInteger(buckets) || buckets < 1)
      throw new RangeError(`buckets must be a positive integer (got ${buckets})`);
    this.bucketMs = windowMs / buckets;
    this.headStart = Math.floor(now / this.bucketMs) * this.bucketMs;
  }

  get current(): number {
    return this.head;
  }

  /**
   * Moves the head to the sub-window of `now`, calling `clear(bucket)` for every sub-window it
   * enters (at most `buckets` of them, however long the gap). Time going backwards is ignored.
   */
  advance(now: number, clear: (bucket: number) => void): void {
    const steps = Math.floor((now - this.headStart) / this.bucketMs);
    if (!(steps > 0)) return;
    for (let i = 0; i < Math.min(steps, this.buckets); i++) {
      this.head = (this.head + 1) % this.buckets;
      clear(this.head);
    }
    this.headStart += steps * this.bucketMs;
  }
}
