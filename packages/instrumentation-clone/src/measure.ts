/* eslint-disable prefer-rest-params -- `arguments` forwards the exact arity without allocating a rest array on the hot path */
// The module's own binding: the global `performance` is a getter, slower on every read.
import { performance } from 'node:perf_hooks';
import type { CloneStrategy } from '@statewatch/semconv';
import { cloneMetrics } from './recording';

/** Whether the instrumentation that made a wrapper is enabled; wrappers pass straight through when not. */
export interface Gate {
  on: boolean;
}

type AnyFunction = (this: unknown, ...args: never[]) => unknown;

/** Every wrapper this package made, mapped to the function it wraps. */
const originals = new WeakMap<object, AnyFunction>();

export function isWrapper(fn: unknown): boolean {
  return typeof fn === 'function' && originals.has(fn);
}

/** The function a wrapper wraps (the function itself when it is not a wrapper). */
export function unwrapped<F>(fn: F): F {
  return ((typeof fn === 'function' && originals.get(fn)) || fn) as F;
}

/**
 * `original` measured as a copy with `strategy`: same result, same exception, same `this` and
 * arguments. The first argument is the source. A wrapper is never wrapped again.
 */
export function measuredClone<F extends AnyFunction>(original: F, strategy: CloneStrategy, gate: Gate): F {
  if (originals.has(original)) return original;
  const metrics = cloneMetrics;
  const target = metrics.target(strategy);
  const wrapper = function (this: unknown, source: unknown): unknown {
    if (metrics.owner === undefined) metrics.followGlobal();
    if (!gate.on || !metrics.active)
      return arguments.length === 1
        ? original.call(this, source as never)
        : Reflect.apply(original, this, arguments);
    const start = performance.now();
    let copy: unknown;
    try {
      copy =
        arguments.length === 1
          ? original.call(this, source as never)
          : Reflect.apply(original, this, arguments);
    } catch (err) {
      metrics.record(target, source, (performance.now() - start) / 1000, undefined, false);
      throw err;
    }
    metrics.record(target, source, (performance.now() - start) / 1000, copy, true);
    return copy;
  };
  return finish(wrapper, original);
}

/**
 * A factory (rfdc's default export, fast-copy's `createCopier`) whose returned copy functions
 * are measured with `strategy` while the gate is open.
 */
export function measuredFactory<F extends AnyFunction>(original: F, strategy: CloneStrategy, gate: Gate): F {
  if (originals.has(original)) return original;
  const wrapper = function (this: unknown): unknown {
    const made = Reflect.apply(original, this, arguments);
    return gate.on && typeof made === 'function' ? measuredClone(made as AnyFunction, strategy, gate) : made;
  };
  return finish(wrapper, original);
}

/** Gives the wrapper the original's name, length and own properties, and remembers the pair. */
function finish<F extends AnyFunction>(wrapper: AnyFunction, original: F): F {
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'prototype' || key === 'arguments' || key === 'caller') continue;
    const descriptor = Object.getOwnPropertyDescriptor(original, key);
    if (descriptor) Object.defineProperty(wrapper, key, descriptor);
  }
  originals.set(wrapper, original);
  return wrapper as F;
}
