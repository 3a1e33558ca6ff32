/* eslint-disable prefer-rest-params -- `arguments` forwards the exact arity without allocating a rest array on the hot path */
import type { CloneStrategy } from '@statewatch/semconv';
import { nowSeconds } from './clock';
import {
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ReflectApply,
  ReflectOwnKeys,
  WeakMapCtor,
  WeakMapGet,
  WeakMapHas,
  WeakMapSet,
} from './primordials';
import type { CloneMetrics } from './recording';

/**
 * Whether the instrumentation that made a wrapper is enabled (wrappers pass straight through
 * when not), and the metrics it records to.
 */
export interface Gate {
  on: boolean;
  readonly metrics: CloneMetrics;
}

type AnyFunction = (this: unknown, ...args: never[]) => unknown;

/** Every wrapper this package made, mapped to the function it wraps. */
const originals = new WeakMapCtor<object, AnyFunction>();

export function isWrapper(fn: unknown): boolean {
  return typeof fn === 'function' && WeakMapHas(originals, fn);
}

/** The function a wrapper wraps (the function itself when it is not a wrapper). */
export function unwrapped<F>(fn: F): F {
  return ((typeof fn === 'function' && (WeakMapGet(originals, fn) as F | undefined)) || fn) as F;
}

/**
 * `original` measured as a copy with `strategy`: same result, same exception, same `this` and
 * arguments, and none of the caller's code run that the bare call would not run. The first
 * argument is the source. A wrapper is never wrapped again.
 */
export function measuredClone<F extends AnyFunction>(original: F, strategy: CloneStrategy, gate: Gate): F {
  if (isWrapper(original)) return original;
  const metrics = gate.metrics;
  const target = metrics.target(strategy);
  // The common call, `copy(value)` with no receiver: a direct call, the cheapest V8 has. It is the
  // same call as `ReflectApply(original, undefined, [value])` (this module is strict code).
  const direct = original as unknown as (this: void, value: unknown) => unknown;
  // A method, not a `function`: no own `prototype` of its own, so `finish` can give it the
  // original's own properties in the original's order.
  const wrapper = {
    wrapper(this: unknown, source: unknown): unknown {
      if (!metrics.bound) metrics.followGlobal();
      // A copy made inside a measured copy (@ungap/structured-clone calling the native
      // structuredClone) is part of it: recorded once, by the outer one.
      // One argument (the common call) through a one-element array: escape analysis removes
      // it, and it costs ~100 fewer instructions than forwarding `arguments`; with no receiver
      // a direct call.
      if (!gate.on || !metrics.active || metrics.copying)
        return arguments.length !== 1
          ? ReflectApply(original, this, arguments)
          : this === undefined
            ? direct(source)
            : ReflectApply(original, this, [source]);
      // Every copy is counted; only the ones the sampler picks are timed (see TimingSampler).
      target.copies.value++;
      metrics.copying = true;
      if (!target.sampler.shouldTime()) {
        try {
          return arguments.length !== 1
            ? ReflectApply(original, this, arguments)
            : this === undefined
              ? direct(source)
              : ReflectApply(original, this, [source]);
        } finally {
          metrics.copying = false;
        }
      }
      const start = nowSeconds();
      let copy: unknown;
      try {
        copy =
          arguments.length !== 1
            ? ReflectApply(original, this, arguments)
            : this === undefined
              ? direct(source)
              : ReflectApply(original, this, [source]);
      } catch (err) {
        const end = nowSeconds();
        metrics.copying = false;
        metrics.record(target, source, end - start, undefined, false, end);
        throw err;
      }
      const end = nowSeconds();
      metrics.copying = false;
      metrics.record(target, source, end - start, copy, true, end);
      return copy;
    },
  }.wrapper;
  return finish(wrapper, original);
}

/**
 * A factory (rfdc's default export, fast-copy's `createCopier`) whose returned copy functions
 * are measured with `strategy` while the gate is open.
 */
export function measuredFactory<F extends AnyFunction>(original: F, strategy: CloneStrategy, gate: Gate): F {
  if (isWrapper(original)) return original;
  const wrapper = {
    wrapper(this: unknown): unknown {
      const made = ReflectApply(original, this, arguments);
      return gate.on && typeof made === 'function'
        ? measuredClone(made as AnyFunction, strategy, gate)
        : made;
    },
  }.wrapper;
  return finish(wrapper, original);
}

/**
 * Gives the wrapper every own property of the original (name, length, prototype, and the
 * `arguments`/`caller` of a sloppy-mode function) in the original's order, and remembers the pair.
 */
function finish<F extends AnyFunction>(wrapper: AnyFunction, original: F): F {
  const keys = ReflectOwnKeys(original);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const descriptor = ObjectGetOwnPropertyDescriptor(original, key);
    if (descriptor !== undefined) ObjectDefineProperty(wrapper, key, descriptor);
  }
  WeakMapSet(originals, wrapper, original);
  return wrapper as F;
}
