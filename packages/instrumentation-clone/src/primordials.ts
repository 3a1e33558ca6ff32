/*
 * Built-ins captured when this module loads, so that looking at a user's value runs none of the
 * user's code: no getter, no Proxy trap, no overridden `size`, and no built-in the app replaced
 * later (`Math.random`, `Set.prototype.has`, `Function.prototype.call`, …). Brand checks come from
 * `node:util` types (they read the engine's internal type, never a property); sizes and lengths
 * from the intrinsic getters, called on the value directly.
 */
import { types } from 'node:util';

type Getter<T> = (receiver: object) => T;

const call = Function.prototype.call;
/** `fn` as a plain function taking its receiver first, immune to later changes of `call`. */
function uncurry<A extends unknown[], R>(
  fn: (this: never, ...args: A) => R,
): (self: unknown, ...args: A) => R {
  return call.bind(fn) as never;
}

function getter<T>(prototype: object, name: string): Getter<T> {
  return uncurry(Object.getOwnPropertyDescriptor(prototype, name)!.get! as () => T);
}

export const ReflectApply = Reflect.apply;
export const ReflectConstruct = Reflect.construct;
export const ReflectOwnKeys = Reflect.ownKeys;
export const ArrayIsArray = Array.isArray;
export const ObjectKeys = Object.keys;
export const ObjectGetPrototypeOf = Object.getPrototypeOf;
export const ObjectPrototype = Object.prototype;
export const ObjectDefineProperty = Object.defineProperty;
export const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
export const ObjectHasOwn = Object.hasOwn;
export const NumberIsInteger = Number.isInteger;
export const MathAbs = Math.abs;
export const MathCeil = Math.ceil;
export const MathRound = Math.round;
export const SetCtor = Set;

export const {
  isProxy,
  isMap,
  isSet,
  isDate,
  isRegExp,
  isNativeError,
  isPromise,
  isAnyArrayBuffer,
  isSharedArrayBuffer,
  isArrayBufferView,
  isDataView,
  isTypedArray,
} = types;

export const MapSize: Getter<number> = getter(Map.prototype, 'size');
export const SetSize: Getter<number> = getter(Set.prototype, 'size');
export const TypedArrayByteLength: Getter<number> = getter(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  'byteLength',
);
export const DataViewByteLength: Getter<number> = getter(DataView.prototype, 'byteLength');
export const ArrayBufferByteLength: Getter<number> = getter(ArrayBuffer.prototype, 'byteLength');
const sharedByteLength: Getter<number> | undefined =
  typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined;
export const RegExpSource: Getter<string> = getter(RegExp.prototype, 'source');

/** Bytes of an ArrayBuffer or SharedArrayBuffer. */
export function anyArrayBufferByteLength(buffer: object): number {
  return isSharedArrayBuffer(buffer) && sharedByteLength !== undefined
    ? sharedByteLength(buffer)
    : ArrayBufferByteLength(buffer);
}

export const MapEntries = uncurry(Map.prototype.entries as () => Iterator<[unknown, unknown]>);
export const SetValues = uncurry(Set.prototype.values as () => Iterator<unknown>);
const mapIteratorNext = uncurry(
  (Object.getPrototypeOf(new Map().entries()) as Iterator<unknown>).next as () => IteratorResult<unknown>,
);
const setIteratorNext = uncurry(
  (Object.getPrototypeOf(new Set().values()) as Iterator<unknown>).next as () => IteratorResult<unknown>,
);
export const MapIteratorNext = mapIteratorNext as (
  it: Iterator<[unknown, unknown]>,
) => IteratorResult<[unknown, unknown]>;
export const SetIteratorNext = setIteratorNext as (it: Iterator<unknown>) => IteratorResult<unknown>;

export const SetHas = uncurry(Set.prototype.has as (value: unknown) => boolean) as (
  set: Set<unknown>,
  value: unknown,
) => boolean;
export const SetAdd = uncurry(Set.prototype.add as (value: unknown) => Set<unknown>) as (
  set: Set<unknown>,
  value: unknown,
) => Set<unknown>;
export const BigIntToString = uncurry(BigInt.prototype.toString as (radix?: number) => string) as (
  value: bigint,
  radix: number,
) => string;

export const WeakMapCtor = WeakMap;
export const WeakMapGet = uncurry(WeakMap.prototype.get as (key: object) => unknown) as (
  map: WeakMap<object, unknown>,
  key: unknown,
) => unknown;
export const WeakMapHas = uncurry(WeakMap.prototype.has as (key: object) => boolean) as (
  map: WeakMap<object, unknown>,
  key: unknown,
) => boolean;
export const WeakMapSet = uncurry(WeakMap.prototype.set as (key: object, value: unknown) => unknown) as (
  map: WeakMap<object, unknown>,
  key: object,
  value: unknown,
) => unknown;
