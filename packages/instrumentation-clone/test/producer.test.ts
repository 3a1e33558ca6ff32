import { createRequire } from 'node:module';
import { metrics } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { CloneInstrumentation, cloneMap } from '../src/index';
import { providerWithReader } from './utils/reader';

// recording: 'producer' aggregates in process and reports through the instrumentation's own
// metric producer, given to the reader.
const load = createRequire(__filename);
const instrumentation = new CloneInstrumentation({ recording: 'producer', sizeSampleRate: 1 });
const { provider, reader } = providerWithReader([instrumentation.getMetricProducer()!]);
metrics.setGlobalMeterProvider(provider);
const rfdc = load('rfdc') as () => (value: unknown) => unknown;

afterAll(() => {
  instrumentation.disable();
  metrics.disable();
});

describe("recording: 'producer'", () => {
  it('counts every copy exactly, with the registry buckets, through the metric producer', async () => {
    const clone = rfdc();
    const object = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    for (let i = 0; i < 1000; i++) clone(object);
    const map = new Map(Array.from({ length: 10_000 }, (_, i) => [i, { i }]));
    for (let i = 0; i < 3; i++) cloneMap(map, { site: 'big' });

    const rfdcObject = { 'clone.strategy': 'rfdc', 'clone.source': 'object' };
    expect(await reader.count('duration', rfdcObject)).toBe(1000);
    const [entries] = await reader.histogram('entries', rfdcObject);
    expect(entries!.sum).toBe(10_000);
    expect(entries!.buckets.boundaries).toEqual([1, 10, 100, 1000, 10000, 100000, 1000000]);
    expect(entries!.buckets.counts[1]).toBe(1000); // 10 entries: the (1, 10] bucket
    expect(await reader.count('size', rfdcObject)).toBe(1000);

    const [big] = await reader.histogram('duration', { 'clone.strategy': 'map_copy', 'clone.site': 'big' });
    expect(big!.count).toBe(3);
    expect(big!.min).toBeGreaterThan(0);
  });

  it('switches back to the SDK path without counting twice', async () => {
    const labels = { 'clone.strategy': 'klona', 'clone.source': 'array' };
    const { klona } = load('klona') as { klona: (value: unknown) => unknown };
    for (let i = 0; i < 10; i++) klona([i]);
    expect(await reader.count('duration', labels)).toBe(10);
    instrumentation.setConfig({ recording: 'sdk', sizeSampleRate: 1 });
    for (let i = 0; i < 7; i++) klona([i]);
    // The producer's totals are gone with its recorder; the SDK path has the 7 new copies.
    expect(await reader.count('duration', labels)).toBe(7);
  });

  it('rejects an unknown recording mode, naming it', () => {
    expect(() => instrumentation.setConfig({ recording: 'fast' as never })).toThrow(
      /recording must be 'sdk' or 'producer' \(got fast\)/,
    );
  });
});
