import { deserialize, serialize } from 'node:v8';
import type { CloneStrategy } from '@statewatch/semconv';
import { nowSeconds } from './clock';
import { unwrapped } from './measure';
import { manualMetrics } from './current';
import type { CloneTarget } from './recording';

/** The options `structuredClone` takes. */
type StructuredOptions = NonNullable<Parameters<typeof structuredClone>[1]>;

export interface MeasureOptions {
  /** Label of the call site (`clone.site`); capped per process. Absent when not given. */
  site?: string;
}

/**
 * Runs `copy` (a copy of `source` with `strategy`) and records it: returns exactly what `copy`
 * returns and throws exactly what it throws (a throw is still counted). Through the global
 * MeterProvider, or the one a `CloneInstrumentation` was given; with neither, it just calls
 * `copy`.
 *
 * ```ts
 * const snapshot = measureClone('json', state, () => JSON.parse(JSON.stringify(state)), { site: 'snapshot' });
 * ```
 */
export function measureClone<T>(
  strategy: CloneStrategy,
  source: unknown,
  copy: () => T,
  options?: MeasureOptions,
): T {
  return run(strategy, options, source, call, copy) as T;
}

/** `new Map(map)`, measured as `map_copy`. */
export function cloneMap<K, V>(map: ReadonlyMap<K, V>, options?: MeasureOptions): Map<K, V> {
  return run('map_copy', options, map, copyMap, map) as Map<K, V>;
}

/** `new Set(set)`, measured as `map_copy` (a collection-constructor copy). */
export function cloneSet<T>(set: ReadonlySet<T>, options?: MeasureOptions): Set<T> {
  return run('map_copy', options, set, copySet, set) as Set<T>;
}

/** `{ ...object }`, measured as `spread`. */
export function spreadObject<T extends object>(object: T, options?: MeasureOptions): T {
  return run('spread', options, object, copySpreadObject, object) as T;
}

/** `[...array]`, measured as `spread`. */
export function spreadArray<T>(array: readonly T[], options?: MeasureOptions): T[] {
  return run('spread', options, array, copySpreadArray, array) as T[];
}

/** `JSON.parse(JSON.stringify(value))`, measured as `json`. */
export function jsonClone<T>(value: T, options?: MeasureOptions): T {
  return run('json', options, value, copyJson, value) as T;
}

/**
 * `structuredClone(value, transfer)` measured as `structured_clone` with a `site`. Calls the
 * global (patched or not) without recording it twice.
 */
export function measuredStructuredClone<T>(value: T, options?: MeasureOptions & StructuredOptions): T {
  const transfer = options?.transfer ? { transfer: options.transfer } : undefined;
  return run('structured_clone', options, value, copyStructured, [value, transfer]) as T;
}

/**
 * `v8.deserialize(v8.serialize(value))`, measured as `v8`. The round trip is offered as a helper
 * rather than patched: `serialize` and `deserialize` are mostly used apart (IPC, caches, files),
 * and pairing two separate calls into one copy would be a guess.
 */
export function v8Clone<T>(value: T, options?: MeasureOptions): T {
  return run('v8', options, value, copyV8, value) as T;
}

const call = (copy: () => unknown) => copy();
const copyV8 = (value: unknown) => deserialize(serialize(value)) as unknown;
const copyMap = (map: ReadonlyMap<unknown, unknown>) => new Map(map);
const copySet = (set: ReadonlySet<unknown>) => new Set(set);
const copySpreadObject = (object: object) => ({ ...object });
const copySpreadArray = (array: readonly unknown[]) => [...array];
const copyJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
// The bare global even while it is patched, so the copy is not recorded twice.
const copyStructured = ([value, options]: [unknown, StructuredOptions | undefined]) =>
  unwrapped(globalThis.structuredClone)(value, options);

/** Measures `operation(argument)`, a copy of `source`; allocates nothing per call. */
function run<A>(
  strategy: CloneStrategy,
  options: MeasureOptions | undefined,
  source: unknown,
  operation: (argument: A) => unknown,
  argument: A,
): unknown {
  const metrics = manualMetrics();
  const site = options?.site;
  const target: CloneTarget =
    site === undefined ? metrics.target(strategy) : metrics.siteTarget(strategy, site);
  if (!metrics.bound) metrics.followGlobal();
  if (!metrics.active || metrics.copying) return operation(argument);
  target.copies.value++;
  metrics.copying = true;
  if (!target.sampler.shouldTime()) {
    try {
      return operation(argument);
    } finally {
      metrics.copying = false;
    }
  }
  const start = nowSeconds();
  let copy: unknown;
  try {
    copy = operation(argument);
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
}
