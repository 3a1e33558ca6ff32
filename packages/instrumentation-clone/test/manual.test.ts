import { metrics } from '@opentelemetry/api';
import { OVERFLOW_VALUE } from '@statewatch/semconv';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CloneInstrumentation,
  cloneMap,
  cloneSet,
  jsonClone,
  measureClone,
  spreadArray,
  spreadObject,
} from '../src/index';
import { providerWithReader } from './utils/reader';

const mapOf = (n: number) => new Map(Array.from({ length: n }, (_, i) => [i, { i }]));

afterEach(() => metrics.disable());

describe('the manual API without a MeterProvider', () => {
  it('returns exactly what the bare operation returns', () => {
    const result = { copied: true };
    expect(measureClone('custom', {}, () => result)).toBe(result);
    const map = mapOf(3);
    const copy = cloneMap(map, { site: 'x' });
    expect(copy).not.toBe(map);
    expect(copy).toEqual(map);
  });
});

describe('the manual API through the global MeterProvider', () => {
  it('counts every call with strategy, source and site, and sums the entries', async () => {
    const { provider, reader } = providerWithReader();
    metrics.setGlobalMeterProvider(provider);
    const map = mapOf(1000);
    for (let i = 0; i < 40; i++) cloneMap(map, { site: 'orders.snapshot' });
    for (let i = 0; i < 7; i++) cloneSet(new Set([1, 2, 3]));
    for (let i = 0; i < 5; i++) spreadObject({ a: 1, b: 2 });
    for (let i = 0; i < 3; i++) spreadArray([1, 2, 3, 4]);
    for (let i = 0; i < 2; i++) jsonClone({ a: [1, 2] }, { site: 'api.response' });

    const site = { 'clone.strategy': 'map_copy', 'clone.source': 'map', 'clone.site': 'orders.snapshot' };
    expect(await reader.count('duration', site)).toBe(40);
    const [entries] = await reader.histogram('entries', site);
    expect(entries!.sum).toBe(40_000);
    expect(await reader.count('duration', { 'clone.strategy': 'map_copy', 'clone.source': 'set' })).toBe(7);
    expect(await reader.count('duration', { 'clone.strategy': 'spread', 'clone.source': 'object' })).toBe(5);
    expect(await reader.count('duration', { 'clone.strategy': 'spread', 'clone.source': 'array' })).toBe(3);
    expect(await reader.count('duration', { 'clone.strategy': 'json', 'clone.site': 'api.response' })).toBe(
      2,
    );
    const [duration] = await reader.histogram('duration', site);
    expect(duration!.min).toBeGreaterThan(0);
  });

  it('leaves clone.site out when no site is given', async () => {
    const { provider, reader } = providerWithReader();
    metrics.setGlobalMeterProvider(provider);
    spreadObject({ a: 1 });
    const { resourceMetrics } = await reader.collect();
    const points = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.flatMap((m) => m.dataPoints));
    const unsited = points.filter((p) => p.attributes['clone.strategy'] === 'spread');
    expect(unsited.length).toBeGreaterThan(0);
    // Histograms carry the source; the copy counter and the sampling-interval gauge do not.
    for (const p of unsited)
      expect(Object.keys(p.attributes).sort()).toEqual(
        'clone.source' in p.attributes ? ['clone.source', 'clone.strategy'] : ['clone.strategy'],
      );
  });

  it('passes errors through as the same object and still counts them', async () => {
    const { provider, reader } = providerWithReader();
    metrics.setGlobalMeterProvider(provider);
    const boom = new Error('boom');
    let caught: unknown;
    try {
      measureClone('custom', [1, 2], () => {
        throw boom;
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(boom);
    expect(() => jsonClone({ n: 1n })).toThrow(TypeError);
    expect(await reader.count('duration', { 'clone.strategy': 'custom', 'clone.source': 'array' })).toBe(1);
    expect(await reader.count('duration', { 'clone.strategy': 'json' })).toBe(1);
  });

  it('follows a change of global MeterProvider', async () => {
    const first = providerWithReader();
    metrics.setGlobalMeterProvider(first.provider);
    spreadArray([1]);
    metrics.disable();
    const second = providerWithReader();
    metrics.setGlobalMeterProvider(second.provider);
    spreadArray([1]);
    spreadArray([1]);
    expect(await first.reader.count('duration', { 'clone.strategy': 'spread' })).toBe(1);
    expect(await second.reader.count('duration', { 'clone.strategy': 'spread' })).toBe(2);
  });

  it('caps clone.site values and records the rest as __overflow__', async () => {
    const { provider, reader } = providerWithReader();
    metrics.setGlobalMeterProvider(provider);
    // The manual API records to the enabled instrumentation, with its cap.
    const instrumentation = new CloneInstrumentation({ attributeValueLimit: 3, structuredClone: false });
    for (let i = 0; i < 10; i++) measureClone('custom', {}, () => ({}), { site: `site-${i}` });
    instrumentation.disable();
    const { resourceMetrics } = await reader.collect();
    const sites = new Set(
      resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .filter((m) => m.descriptor.name === 'statewatch.clone.duration')
        .flatMap((m) => m.dataPoints)
        .filter((p) => p.attributes['clone.strategy'] === 'custom')
        .map((p) => p.attributes['clone.site']),
    );
    expect(sites).toEqual(new Set(['site-0', 'site-1', 'site-2', OVERFLOW_VALUE]));
    expect(await reader.count('duration', { 'clone.strategy': 'custom', 'clone.site': OVERFLOW_VALUE })).toBe(
      7,
    );
  });

  it('rejects an unknown strategy or a site that is not a string, naming the value', () => {
    expect(() => measureClone('deep' as never, {}, () => ({}))).toThrow(/unknown clone strategy "deep"/);
    expect(() => cloneMap(new Map(), { site: 42 as never })).toThrow(
      /site must be a string \(got number: 42\)/,
    );
  });
});
