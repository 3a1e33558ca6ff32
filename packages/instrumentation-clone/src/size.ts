/**
 * Estimated heap size of a value graph, in bytes, from the shapes V8 uses on 64-bit Node
 * (8-byte slots). It is an estimate for comparing copies, not an exact heap measurement:
 * strings count as one byte per character plus a header, shared strings count every time
 * they are met, and property names (kept in shared hidden classes) are not counted.
 *
 * The walk is bounded: at most `budget` values are visited. When a collection has more entries
 * than the budget allows, the entries not visited are counted at the mean size of the visited
 * ones, so a sampled 100,000-entry Map costs a bounded walk, not a full one.
 */
export const DEFAULT_SIZE_BUDGET = 4096;

const SLOT = 8;
const OBJECT_HEADER = 24;
const ARRAY_HEADER = 32;
const STRING_HEADER = 16;
const HEAP_NUMBER = 16;
const MAP_HEADER = 48;
/** An OrderedHashMap entry: key, value and chain slots, plus its share of the bucket table. */
const MAP_ENTRY = 3 * SLOT + 4;
const SET_ENTRY = 2 * SLOT + 4;
const BINARY_HEADER = 64;
const DATE_SIZE = 32;

export function estimateSize(value: unknown, budget: number = DEFAULT_SIZE_BUDGET): number {
  const walk = new SizeWalk(budget);
  return Math.round(walk.size(value));
}

class SizeWalk {
  private readonly seen = new Set<object>();

  constructor(private remaining: number) {}

  size(value: unknown): number {
    this.remaining--;
    switch (typeof value) {
      case 'string':
        return STRING_HEADER + value.length;
      case 'number':
        // Small integers live in the slot itself; other numbers are boxed.
        return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 0 : HEAP_NUMBER;
      case 'bigint':
        return STRING_HEADER + SLOT * Math.ceil(value.toString(16).length / 16);
      case 'object':
        return value === null ? 0 : this.object(value);
      case 'function':
        return 0; // functions are shared, never copied
      default:
        return 0;
    }
  }

  private object(value: object): number {
    if (this.seen.has(value)) return 0;
    this.seen.add(value);
    if (Array.isArray(value)) return this.array(value as unknown[]);
    if (value instanceof Map) return MAP_HEADER + this.entries(value.size, MAP_ENTRY, value.entries(), true);
    if (value instanceof Set) return MAP_HEADER + this.entries(value.size, SET_ENTRY, value.values(), false);
    if (ArrayBuffer.isView(value)) return BINARY_HEADER + value.byteLength;
    if (value instanceof ArrayBuffer) return BINARY_HEADER + value.byteLength;
    if (value instanceof Date) return DATE_SIZE;
    if (value instanceof RegExp) return OBJECT_HEADER + STRING_HEADER + value.source.length;
    const keys = Object.keys(value);
    const record = value as Record<string, unknown>;
    let visited = 0;
    let held = 0;
    while (visited < keys.length && this.remaining > 0) held += this.size(record[keys[visited++]!]);
    return OBJECT_HEADER + total(keys.length, SLOT, visited, held);
  }

  private array(array: readonly unknown[]): number {
    let visited = 0;
    let held = 0;
    while (visited < array.length && this.remaining > 0) held += this.size(array[visited++]);
    return ARRAY_HEADER + total(array.length, SLOT, visited, held);
  }

  /**
   * `count` entries of `perEntry` bytes each, plus what their values hold. Values are visited
   * while the budget lasts; the rest are counted at the mean of those visited.
   */
  private entries(count: number, perEntry: number, values: Iterator<unknown>, pairs: boolean): number {
    let visited = 0;
    let held = 0;
    while (visited < count && this.remaining > 0) {
      const next = values.next();
      if (next.done) break;
      held += pairs ? this.pair(next.value as [unknown, unknown]) : this.size(next.value);
      visited++;
    }
    return total(count, perEntry, visited, held);
  }

  private pair([key, value]: [unknown, unknown]): number {
    return this.size(key) + this.size(value);
  }
}

/**
 * `count` entries of `perEntry` bytes each, plus what the `visited` ones hold; the entries not
 * visited are counted at the mean of the visited ones.
 */
function total(count: number, perEntry: number, visited: number, held: number): number {
  const extrapolated = visited > 0 && visited < count ? (held / visited) * (count - visited) : 0;
  return count * perEntry + held + extrapolated;
}
