import { createRequire } from 'node:module';
import { metrics } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloneInstrumentation, measuredStructuredClone } from '../src/index';
import { isWrapper, measuredClone, unwrapped } from '../src/measure';
import { CloneMetrics } from '../src/recording';
import { providerWithReader } from './utils/reader';

// CommonJS loads (through require-in-the-middle), after the instrumentation is enabled.
const load = createRequire(__filename);
const { provider, reader } = providerWithReader();
const originalStructuredClone = globalThis.structuredClone;
let instrumentation: CloneInstrumentation;
type Copy = (value: unknown) => unknown;
let libs: {
  rfdc: (opts?: { circles?: boolean }) => Copy;
  klona: { klona: Copy };
  klonaFull: { klona: Copy };
  lodash: { cloneDeep: Copy };
  lodashClonedeep: Copy;
  fastCopy: { copy: Copy; copyStrict: Copy; createCopier: (o: object) => Copy };
};

beforeAll(() => {
  metrics.setGlobalMeterProvider(provider);
  instrumentation = new CloneInstrumentation({ sizeSampleRate: 0 });
  libs = {
    rfdc: load('rfdc'),
    klona: load('klona'),
    klonaFull: load('klona/full'),
    lodash: load('lodash'),
    lodashClonedeep: load('lodash.clonedeep'),
    fastCopy: load('fast-copy'),
  };
});
afterAll(() => {
  instrumentation.disable();
  metrics.disable();
});

describe('CloneInstrumentation', () => {
  it('rejects bad configuration, naming the value', () => {
    expect(() => new CloneInstrumentation({ enabled: false, sizeSampleRate: 2 })).toThrow(
      /sizeSampleRate must be a number from 0 to 1 \(got 2\)/,
    );
    expect(() => new CloneInstrumentation({ enabled: false, attributeValueLimit: 0 })).toThrow(/got 0/);
    // Back to the suite's configuration (the settings are per process).
    instrumentation.setConfig({ sizeSampleRate: 0 });
  });

  it('declares every library it patches, for the ESM loader hook', () => {
    const names = [...new Set(instrumentation.getModuleDefinitions().map((d) => d.name))];
    expect(names).toEqual([
      'rfdc',
      'klona',
      'lodash',
      'lodash.clonedeep',
      'lodash-es',
      'fast-copy',
      'clone',
      '@ungap/structured-clone',
    ]);
  });

  it('patches the global structuredClone on enable and restores the very same function on disable', () => {
    expect(isWrapper(globalThis.structuredClone)).toBe(true);
    expect(unwrapped(globalThis.structuredClone)).toBe(originalStructuredClone);
    expect(globalThis.structuredClone.name).toBe('structuredClone');
    expect(globalThis.structuredClone.length).toBe(originalStructuredClone.length);
    instrumentation.disable();
    expect(globalThis.structuredClone).toBe(originalStructuredClone);
    instrumentation.enable();
    expect(isWrapper(globalThis.structuredClone)).toBe(true);
  });

  it('leaves the global structuredClone alone with structuredClone: false', () => {
    instrumentation.disable();
    instrumentation.setConfig({ sizeSampleRate: 0, structuredClone: false });
    instrumentation.enable();
    expect(globalThis.structuredClone).toBe(originalStructuredClone);
    instrumentation.disable();
    instrumentation.setConfig({ sizeSampleRate: 0 });
    instrumentation.enable();
    expect(isWrapper(globalThis.structuredClone)).toBe(true);
  });

  it('restores patched exports on disable and patches them again on enable', () => {
    const hosts = [
      [libs.klona, 'klona'],
      [libs.klonaFull, 'klona'],
      [libs.lodash, 'cloneDeep'],
      [libs.fastCopy, 'copy'],
      [libs.fastCopy, 'copyStrict'],
      [libs.fastCopy, 'createCopier'],
    ] as const;
    const patched = hosts.map(([host, name]) => (host as Record<string, unknown>)[name]);
    for (const fn of patched) expect(isWrapper(fn)).toBe(true);
    instrumentation.disable();
    hosts.forEach(([host, name], i) =>
      expect((host as Record<string, unknown>)[name]).toBe(unwrapped(patched[i])),
    );
    instrumentation.enable();
    for (const [host, name] of hosts) expect(isWrapper((host as Record<string, unknown>)[name])).toBe(true);
  });

  it('lets functions the app already holds pass straight through once disabled', async () => {
    const before = await reader.count('duration', { 'clone.strategy': 'rfdc' });
    const clone = libs.rfdc();
    clone({ a: 1 });
    expect(await reader.count('duration', { 'clone.strategy': 'rfdc' })).toBe(before + 1);
    instrumentation.disable();
    clone({ a: 1 });
    libs.lodashClonedeep({ a: 1 });
    expect(isWrapper(libs.rfdc())).toBe(false); // a factory called while disabled returns the bare copier
    expect(await reader.count('duration', { 'clone.strategy': 'rfdc' })).toBe(before + 1);
    instrumentation.enable();
    clone({ a: 1 });
    expect(await reader.count('duration', { 'clone.strategy': 'rfdc' })).toBe(before + 2);
  });

  it('measures a site-labelled structuredClone once, even while the global is patched', async () => {
    const all = { 'clone.strategy': 'structured_clone', 'clone.source': 'map' };
    const before = await reader.count('duration', all);
    const copy = measuredStructuredClone(new Map([[1, { a: 1 }]]), { site: 'labelled' });
    expect(copy.get(1)).toEqual({ a: 1 });
    expect(await reader.count('duration', { ...all, 'clone.site': 'labelled' })).toBe(1);
    expect(await reader.count('duration', all)).toBe(before + 1);
  });

  it('passes `this` and every argument through, with any arity', async () => {
    const calls: Array<[unknown, unknown[]]> = [];
    const original = function (this: unknown, ...args: unknown[]) {
      calls.push([this, args]);
      return args[0];
    };
    const wrapped = measuredClone(original, 'custom', { on: true, metrics: new CloneMetrics() });
    const self = { me: true };
    const value = { v: 1 };
    expect(wrapped.call(self, value, 2, 3)).toBe(value);
    expect(wrapped.call(self, value)).toBe(value);
    expect(wrapped.call(undefined)).toBe(undefined);
    expect(calls).toEqual([
      [self, [value, 2, 3]],
      [self, [value]],
      [undefined, []], // no argument: the original sees none either
    ]);
    expect(await reader.count('duration', { 'clone.strategy': 'custom' })).toBe(3);
    // structuredClone's options reach the original: the buffer is transferred, not copied.
    const buffer = new ArrayBuffer(8);
    const copy = structuredClone({ buffer }, { transfer: [buffer] });
    expect(buffer.byteLength).toBe(0);
    expect(copy.buffer.byteLength).toBe(8);
  });

  it('samples the size only at the configured rate', async () => {
    const labels = { 'clone.strategy': 'klona', 'clone.source': 'array' };
    instrumentation.setConfig({ sizeSampleRate: 0 });
    for (let i = 0; i < 500; i++) libs.klona.klona([i]);
    expect(await reader.count('size', labels)).toBe(0);
    instrumentation.setConfig({ sizeSampleRate: 1 });
    for (let i = 0; i < 500; i++) libs.klona.klona([i]);
    expect(await reader.count('size', labels)).toBe(500);
    instrumentation.setConfig({}); // the default, 1%
    for (let i = 0; i < 5000; i++) libs.klona.klona([i]);
    const sampled = (await reader.count('size', labels)) - 500;
    expect(sampled).toBeGreaterThan(10); // expected 50; P(≤ 10) < 1e-12
    expect(sampled).toBeLessThan(150);
    expect(await reader.count('duration', labels)).toBe(6000);
    instrumentation.setConfig({ sizeSampleRate: 0 });
  });
});

describe('an instrumented copy behaves exactly like the bare one', () => {
  const anything = fc.anything({
    withMap: true,
    withSet: true,
    withDate: true,
    withTypedArray: true,
    withBigInt: true,
    withNullPrototype: true,
    withSparseArray: true,
    withObjectString: true,
  });

  /** The outcome of a call: its result, or the class and message of what it threw. */
  function outcome(fn: Copy, value: unknown): { result?: unknown; error?: string } {
    try {
      return { result: fn(value) };
    } catch (err) {
      return { error: `${(err as Error)?.constructor?.name}: ${(err as Error)?.message}` };
    }
  }

  it.each([
    ['rfdc', () => libs.rfdc()],
    ['rfdc circles', () => libs.rfdc({ circles: true })],
    ['klona', () => libs.klona.klona],
    ['klona/full', () => libs.klonaFull.klona],
    ['lodash cloneDeep', () => libs.lodash.cloneDeep],
    ['lodash.clonedeep', () => libs.lodashClonedeep],
    ['fast-copy', () => libs.fastCopy.copy],
    ['fast-copy strict', () => libs.fastCopy.copyStrict],
    ['structuredClone', () => globalThis.structuredClone as Copy],
  ])('%s', (_name, get) => {
    const instrumented = get();
    expect(isWrapper(instrumented)).toBe(true);
    const bare = unwrapped(instrumented);
    fc.assert(
      fc.property(anything, (value) => {
        const a = outcome(instrumented, value);
        const b = outcome(bare, value);
        expect(a).toStrictEqual(b);
        // Identity: what the library returns as-is (primitives, or values it does not copy) stays so.
        if ('result' in a && 'result' in b && Object.is(b.result, value)) expect(a.result).toBe(value);
      }),
      // A fixed seed: the same 150 values on every run, so CI is deterministic.
      { numRuns: 150, seed: 20261122 },
    );
  });
});
