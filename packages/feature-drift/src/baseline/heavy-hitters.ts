/**
 * SpaceSaving (Metwally, Agrawal, El Abbadi 2005): the most frequent keys of a stream in
 * `capacity` counters. While fewer distinct keys than counters have been seen, every count is
 * exact. After that, a new key takes the counter of the least counted one and inherits its
 * count as its possible error, so for every kept key `count - error <= true count <= count`, and
 * `error <= total / capacity`. Any key seen more than `total / capacity` times is kept.
 */
export class SpaceSaving {
  private readonly keys: string[] = [];
  private readonly counts: number[] = [];
  private readonly errors: number[] = [];
  /** Heap position of each key (min-heap by count). */
  private readonly position = new Map<string, number>();
  /** Values added. */
  total = 0;
  /** Keys that lost their counter to a new one. */
  evicted = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be an integer >= 1 (got ${String(capacity)})`);
  }

  add(key: string): void {
    this.total++;
    const at = this.position.get(key);
    if (at !== undefined) {
      this.counts[at]++;
      this.down(at);
      return;
    }
    if (this.keys.length < this.capacity) {
      this.keys.push(key);
      this.counts.push(1);
      this.errors.push(0);
      this.position.set(key, this.keys.length - 1);
      this.up(this.keys.length - 1);
      return;
    }
    // Replace the least counted key (the heap root).
    this.evicted++;
    this.position.delete(this.keys[0]);
    this.keys[0] = key;
    this.errors[0] = this.counts[0];
    this.counts[0]++;
    this.position.set(key, 0);
    this.down(0);
  }

  /** True while no key was evicted: every count is exact. */
  get exact(): boolean {
    return this.evicted === 0;
  }

  /** The largest possible overcount of any kept key. */
  get maxError(): number {
    return this.exact ? 0 : this.counts[0];
  }

  /** Kept keys with their count (an upper bound) and error (count - error is a lower bound). */
  entries(): { key: string; count: number; error: number }[] {
    return this.keys.map((key, i) => ({ key, count: this.counts[i], error: this.errors[i] }));
  }

  private swap(i: number, j: number): void {
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.errors[i], this.errors[j]] = [this.errors[j], this.errors[i]];
    this.position.set(this.keys[i], i);
    this.position.set(this.keys[j], j);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.counts[parent] <= this.counts[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.keys.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < n && this.counts[l] < this.counts[least]) least = l;
      if (r < n && this.counts[r] < this.counts[least]) least = r;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }
}
