import { createRequire } from 'node:module';
import { metrics } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloneInstrumentation, countEntries, detectSource, estimateSize, sourceIndex } from '../src/index';
import { measuredClone, unwrapped } from '../src/measure';
import { CloneMetrics } from '../src/recording';
import { providerWithReader } from './utils/reader';

// The instrumentation looks at sources and copies without running any of the app's code: no
// Proxy trap, no getter, no overridden `size`, no Math.random.
const load = createRequire(__filename);
const { provider, reader } = providerWithReader();
let instrumentation: CloneInstrumentation;
beforeAll(() => {
  metrics.setGlobalMeterProvider(provider);
  instrumentation = new CloneInstrumentation({ sizeSampleRate: 1 });
});
afterAll(() => {
  instrumentation.disable();
  metrics.disable();
});

/** A Proxy whose every trap is counted (and forwarded). */
function countingProxy<T extends object>(target: T): { proxy: T; traps: string[] } {
  const traps: string[] = [];
  const handler = new Proxy({} as ProxyHandler<T>, {
    get:
      (_h, trap: string) =>
      (...args: unknown[]) => {
        traps.push(trap);
        return (Reflect as unknown as Record<string, (...a: unknown[]) => unknown>)[trap]!(...args);
      },
  });
  return { proxy: new Proxy(target, handler), traps };
}

class SizedMap extends Map<unknown, unknown> {
  sizeReads = 0;
  override get size(): number {
    this.sizeReads++;
    return 1_000;
  }
}
class SizedSet extends Set<unknown> {
  sizeReads = 0;
  override get size(): number {
    this.sizeReads++;
    return 1_000;
  }
}

describe('looking at a source runs none of its code', () => {
  it('never looks into a Proxy: no trap runs, recorded as other with 0 entries', () => {
    for (const target of [{ a: 1 }, [1, 2, 3], new Map([[1, 2]])]) {
      const { proxy, traps } = countingProxy(target);
      expect(detectSource(proxy)).toBe('other');
      expect(countEntries(proxy, sourceIndex(proxy))).toBe(0);
      estimateSize(proxy);
      expect(traps).toEqual([]);
    }
  });

  it('reads a Map or Set subclass through the intrinsic size, not its own getter', () => {
    const map = new SizedMap([[1, { a: 1 }]]);
    const set = new SizedSet([1, 2]);
    expect(detectSource(map)).toBe('map');
    expect(countEntries(map, sourceIndex(map))).toBe(1);
    expect(countEntries(set, sourceIndex(set))).toBe(2);
    expect(estimateSize(map)).toBeGreaterThan(0);
    estimateSize(set);
    expect([map.sizeReads, set.sizeReads]).toEqual([0, 0]);
  });

  it('sizes objects and arrays without calling their getters', () => {
    let reads = 0;
    const withGetter = {
      plain: 'x'.repeat(100),
      get computed() {
        reads++;
        return 'y'.repeat(1000);
      },
    };
    const array = [1, 2, 3];
    Object.defineProperty(array, 1, { get: () => reads++, enumerable: true });
    expect(estimateSize(withGetter)).toBeGreaterThan(100);
    estimateSize(array);
    estimateSize(new Array(3)); // holes: no lookup on Array.prototype
    expect(reads).toBe(0);
  });
});

describe('an instrumented copy runs no more of the app’s code than the bare one', () => {
  it('calls getters of the copy (klona/full copies them as getters) only as often as bare', async () => {
    const { klona } = load('klona/full') as { klona: (v: unknown) => unknown };
    const count = (fn: (v: unknown) => unknown) => {
      let reads = 0;
      const source = {
        get value() {
          reads++;
          return 1;
        },
      };
      fn(source);
      return reads;
    };
    const before = await reader.count('size', { 'clone.strategy': 'klona' });
    expect(count(klona)).toBe(count(unwrapped(klona)));
    expect(await reader.count('size', { 'clone.strategy': 'klona' })).toBe(before + 1); // sampled, sized
  });

  it('draws no Math.random while sampling', () => {
    instrumentation.setConfig({ sizeSampleRate: 0.5 });
    const original = Math.random;
    let draws = 0;
    Math.random = () => {
      draws++;
      return 0.5;
    };
    try {
      const rfdc = (load('rfdc') as () => (v: unknown) => unknown)();
      for (let i = 0; i < 100; i++) rfdc({ i });
    } finally {
      Math.random = original;
      instrumentation.setConfig({ sizeSampleRate: 1 });
    }
    expect(draws).toBe(0);
  });

  it('calls through without Function.prototype.call or apply, which an app may replace', () => {
    const { call, apply } = Function.prototype;
    let used = 0;
    const copy = measuredClone((v: unknown) => v, 'custom', { on: true, metrics: new CloneMetrics() });
    Function.prototype.call = function (this: (...a: unknown[]) => unknown, ...args: unknown[]) {
      used++;
      return Reflect.apply(this, args[0], args.slice(1));
    };
    Function.prototype.apply = function (
      this: (...a: unknown[]) => unknown,
      self: unknown,
      args?: unknown[],
    ) {
      used++;
      return Reflect.apply(this, self, args ?? []);
    };
    try {
      copy({ a: new Map([[1, 2]]) });
      copy(new Set([1]), 2);
    } finally {
      Function.prototype.call = call;
      Function.prototype.apply = apply;
    }
    expect(used).toBe(0);
  });

  it('gives each wrapper the own keys, name, length and prototype of the original, in order', () => {
    const libraries = {
      rfdc: (load('rfdc') as () => unknown)(),
      klona: (load('klona') as { klona: unknown }).klona,
      lodash: (load('lodash') as { cloneDeep: unknown }).cloneDeep,
      fastCopy: (load('fast-copy') as { copy: unknown }).copy,
      structuredClone: globalThis.structuredClone,
    };
    for (const fn of Object.values(libraries) as Array<(v: unknown) => unknown>) {
      const bare = unwrapped(fn);
      expect(bare).not.toBe(fn);
      expect(Reflect.ownKeys(fn)).toEqual(Reflect.ownKeys(bare));
      for (const key of Reflect.ownKeys(bare))
        expect(Object.getOwnPropertyDescriptor(fn, key)).toEqual(Object.getOwnPropertyDescriptor(bare, key));
    }
  });
});
