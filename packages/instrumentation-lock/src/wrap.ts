import type { AnyFunction } from './internal-types';

/*
 * Method wrapping that leaves no trace a program can see: the wrapper replaces the method's value
 * with the same property flags, has the original's `name` and `length`, and has a `prototype`
 * exactly when the original has one (async-mutex's CommonJS methods are ES5 functions, its ESM
 * ones class methods). Wrappers must be method definitions (`{ m() {} }.m`), which have no
 * `prototype` of their own. The originals are kept in a WeakMap, not as properties of the
 * wrapper (shimmer's `__original`, `__wrapped`, `__unwrap` are own keys a program can list).
 */
export class MethodWrapper {
  private readonly originals = new WeakMap<AnyFunction, AnyFunction>();

  /** Wraps `target[key]` unless this wrapper already did; returns false when it is not a method. */
  wrap(target: object, key: string, makeWrapper: (original: AnyFunction) => AnyFunction): boolean {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    const current = descriptor?.value as unknown;
    if (typeof current !== 'function') return false;
    if (this.originals.has(current as AnyFunction)) return true;
    const wrapper = shapeLike(makeWrapper(current as AnyFunction), current as AnyFunction);
    this.originals.set(wrapper, current as AnyFunction);
    Object.defineProperty(target, key, { ...descriptor, value: wrapper });
    return true;
  }

  /** Puts the original back if `target[key]` is still this wrapper's. */
  unwrap(target: object, key: string): void {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    const original = this.originals.get(descriptor?.value as AnyFunction);
    if (original === undefined) return;
    Object.defineProperty(target, key, { ...descriptor, value: original });
  }

  /**
   * Gives `wrapper` (a method definition) the shape of `original` and remembers the original:
   * for a function that is not a property to replace (a CommonJS `module.exports`, a function a
   * library returns).
   */
  shaped(wrapper: AnyFunction, original: AnyFunction): AnyFunction {
    shapeLike(wrapper, original);
    this.originals.set(wrapper, original);
    return wrapper;
  }

  isWrapped(fn: unknown): boolean {
    return typeof fn === 'function' && this.originals.has(fn as AnyFunction);
  }
}

/** Whether `fn` is a wrapper of any MethodWrapper (for tests and diagnostics). */
export function isWrapped(fn: unknown): boolean {
  return typeof fn === 'function' && shaped.has(fn as AnyFunction);
}
const shaped = new WeakSet<AnyFunction>();

/**
 * Gives `wrapper` (a method definition: no `prototype` of its own) the observable shape of
 * `original`: its name, its length, its `prototype` property when it has one, and its own
 * prototype (so its constructor).
 */
function shapeLike(wrapper: AnyFunction, original: AnyFunction): AnyFunction {
  for (const key of ['length', 'name', 'prototype'] as const) {
    const d = Object.getOwnPropertyDescriptor(original, key);
    if (d !== undefined) Object.defineProperty(wrapper, key, d);
  }
  // An async original (async-sema's acquire) keeps AsyncFunction as its constructor; the wrapper
  // itself stays synchronous so it returns the library's own promise (util.types.isAsyncFunction
  // can still tell it apart, as can its source text).
  const proto = Object.getPrototypeOf(original) as object | null;
  if (Object.getPrototypeOf(wrapper) !== proto) Object.setPrototypeOf(wrapper, proto);
  shaped.add(wrapper);
  return wrapper;
}
