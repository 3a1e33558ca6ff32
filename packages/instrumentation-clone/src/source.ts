import { CLONE_SOURCE_VALUES } from '@statewatch/semconv';
import type { CloneSource } from '@statewatch/semconv';
import {
  ArrayIsArray,
  isAnyArrayBuffer,
  isArrayBufferView,
  isDate,
  isMap,
  isNativeError,
  isPromise,
  isProxy,
  isRegExp,
  isSet,
  MapSize,
  ObjectGetPrototypeOf,
  ObjectKeys,
  ObjectPrototype,
  SetSize,
} from './primordials';

/** Index of a `clone.source` value in `CLONE_SOURCE_VALUES` (map, set, array, object, other). */
export type SourceIndex = 0 | 1 | 2 | 3 | 4;

export const SOURCE_MAP = CLONE_SOURCE_VALUES.indexOf('map') as SourceIndex;
export const SOURCE_SET = CLONE_SOURCE_VALUES.indexOf('set') as SourceIndex;
export const SOURCE_ARRAY = CLONE_SOURCE_VALUES.indexOf('array') as SourceIndex;
export const SOURCE_OBJECT = CLONE_SOURCE_VALUES.indexOf('object') as SourceIndex;
export const SOURCE_OTHER = CLONE_SOURCE_VALUES.indexOf('other') as SourceIndex;

/**
 * The `clone.source` of a value, as an index. Plain objects, class instances and null-prototype
 * objects are `object`; primitives, functions, dates, regexps, errors, promises, binary data
 * (ArrayBuffer, typed arrays, DataView, Buffer) and proxies are `other`. Runs none of the value's
 * code: brand checks, never `instanceof` or a property read, and a Proxy is never looked into
 * (its traps would run). The common cases (plain object, array) are decided first.
 */
export function sourceIndex(value: unknown): SourceIndex {
  if (typeof value !== 'object' || value === null || isProxy(value)) return SOURCE_OTHER;
  if (ArrayIsArray(value)) return SOURCE_ARRAY;
  const proto: unknown = ObjectGetPrototypeOf(value);
  if (proto === ObjectPrototype || proto === null) return SOURCE_OBJECT;
  if (isMap(value)) return SOURCE_MAP;
  if (isSet(value)) return SOURCE_SET;
  if (
    isArrayBufferView(value) ||
    isAnyArrayBuffer(value) ||
    isDate(value) ||
    isRegExp(value) ||
    isNativeError(value) ||
    isPromise(value)
  )
    return SOURCE_OTHER;
  return SOURCE_OBJECT;
}

/** The `clone.source` value of a value. */
export function detectSource(value: unknown): CloneSource {
  return CLONE_SOURCE_VALUES[sourceIndex(value)]!;
}

/**
 * Top-level entries of `value`, whose source index is `index`: Map/Set size (the intrinsic
 * getter: a subclass's own `size` is not called), array length, own enumerable string keys of an
 * object; 0 for `other`. Never walks nested values, never runs a getter.
 */
export function countEntries(value: unknown, index: SourceIndex): number {
  switch (index) {
    case SOURCE_ARRAY:
      return (value as unknown[]).length;
    case SOURCE_OBJECT:
      return ObjectKeys(value as object).length;
    case SOURCE_MAP:
      return MapSize(value as object);
    case SOURCE_SET:
      return SetSize(value as object);
    default:
      return 0;
  }
}
