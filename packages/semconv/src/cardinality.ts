/**
 * The contract caps every attribute the user controls (`lock.name`, `clone.site`,
 * `feature.name`) per process: past the cap a value is recorded as `__overflow__`,
 * never dropped and never grown without bound.
 */
export const OVERFLOW_VALUE = '__overflow__' as const;
export const DEFAULT_ATTRIBUTE_VALUE_LIMIT = 200;

export class BoundedValueSet {
  private readonly seen = new Set<string>();

  constructor(readonly limit: number = DEFAULT_ATTRIBUTE_VALUE_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`attribute value limit must be a positive integer (got ${String(limit)})`);
    }
  }

  /** The value itself while under the cap (or already seen), else `__overflow__`. */
  admit(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return OVERFLOW_VALUE;
    this.seen.add(value);
    return value;
  }

  get size(): number {
    return this.seen.size;
  }
}
