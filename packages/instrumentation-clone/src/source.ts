import { CLONE_SOURCE_VALUES } from '@statewatch/semconv';
import type { CloneSource } from '@statewatch/semconv';

/** Index of a `clone.source` value in `CLONE_SOURCE_VALUES` (map, set, array, object, other). */
export type SourceIndex = 0 | 1 | 2 | 3 | 4;

export const SOURCE_MAP = CLONE_SOURCE_VALUES.indexOf('map') as SourceIndex;
export const SOURCE_SET = CLONE_SOURCE_VALUES.indexOf('set') as SourceIndex;
export const SOURCE_ARRAY = CLONE_SOURCE_VALUES.indexOf('array') as SourceIndex;
export const SOURCE_OBJECT = CLONE_SOURCE_VALUES.indexOf('object') as SourceIndex;
export const SOURCE_OTHER = CLONE_SOURCE_VALUES.indexOf('other') as SourceIndex;

const objectPrototype = Object.prototype;

/**
 * The `clone.source` of a value, as an index. Plain objects, class instances and null-prototype
 * objects are `object`; primitives, functions, dates, regexps, errors, promises and binary data
 * (ArrayBuffer, typed arrays, DataView, Buffer) are `other`. The common cases (plain object,
 * array) are decided by the first two checks.
 */
export function sourceIndex(value: unknown): SourceIndex {
  if (typeof value !== 'object' || value === null) return SOURCE_OTHER;
  if (Array.isArray(value)) return SOURCE_ARRAY;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === objectPrototype || proto === null) return SOURCE_OBJECT;
  if (value instanceof Map) return SOURCE_MAP;
  if (value instanceof Set) return SOURCE_SET;
  if (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Error ||
    value instanceof Promise ||
    (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)
  )
    return SOURCE_OTHER;
  return SOURCE_OBJECT;
}

/** The `clone.source` value of a value. */
export function detectSource(value: unknown): CloneSource {
  return CLONE_SOURCE_VALUES[sourceIndex(value)]!;
}

/**
 * Top-level entries of `value`, whose source index is `index`: Map/Set size, array length, own
 * enumerable string keys of an object; 0 for `other`. Never walks nested values.
 */
export function countEntries(value: unknown, index: SourceIndex): number {
  switch (index) {
    case SOURCE_ARRAY:
      return (value as unknown[]).length;
    case SOURCE_OBJECT:
      return Object.keys(value as object).length;
    case SOURCE_MAP:
      return (value as Map<unknown, unknown>).size;
    case SOURCE_SET:
      return (value as Set<unknown>).size;
    default:
      return 0;
  }
}
