import { createRequire } from 'node:module';
import { metrics } from '@opentelemetry/api';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CloneInstrumentation, measureClone } from '../src/index';
import { providerWithReader } from './utils/reader';

// Forced sampling: a tiny budget and a 5 ms window, so every site here is hot after 5 ms and
// timed 1 in MAX_INTERVAL copies from then on. Producer mode: a timed copy is one bucket update
// of weight k.
const MAX_INTERVAL = 16;
const load = createRequire(__filename);
const forced = {
  recording: 'producer',
  sizeSampleRate: 0,
  overheadBudget: 1e-6,
  sampling: { windowMs: 5, maxInterval: MAX_INTERVAL },
} as const;
const instrumentation = new CloneInstrumentation(forced);
const { provider, reader } = providerWithReader([instrumentation.getMetricProducer()!]);
metrics.setGlobalMeterProvider(provider);
const rfdc = load('rfdc') as () => (value: unknown) => unknown;
const hrtime = process.hrtime;
const nowNs = () => {
  const [s, ns] = hrtime();
  return s * 1e9 + ns;
};

afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  instrumentation.disable();
  metrics.disable();
});

describe('durations under forced sampling (1 in 16 copies timed)', () => {
  it('counts every copy exactly; histogram count and sum are unbiased estimates (within 4σ)', async () => {
    const site = { 'clone.strategy': 'custom', 'clone.site': 'truth' };
    const source = new Map([[1, 1]]);
    const copies = 4000;
    // Each copy spins for a duration that varies with i. The test times it twice itself: inside
    // the copy function (d, a lower bound of what the instrumentation times) and around the
    // measureClone call (o, an upper bound).
    const inner: number[] = [];
    const outer: number[] = [];
    for (let i = 0; i < copies; i++) {
      const spinNs = ((i % 10) + 1) * 5_000;
      const before = nowNs();
      measureClone(
        'custom',
        source,
        () => {
          const start = nowNs();
          let t = start;
          while (t - start < spinNs) t = nowNs();
          inner.push((t - start) / 1e9);
          return t;
        },
        { site: 'truth' },
      );
      outer.push((nowNs() - before) / 1e9);
    }

    expect(await reader.value('copies', site)).toBe(copies);
    expect(await reader.value('sampling.interval', site)).toBe(MAX_INTERVAL);
    const [duration] = await reader.histogram('duration', site);
    // Timed with probability 1/k, weight k: per copy a variance of (k − 1)·x² for a value x
    // (x = 1 for the count), here at most (16 − 1)·x² (k is 1 in the first window).
    const sigma = (values: number[]) => Math.sqrt((MAX_INTERVAL - 1) * values.reduce((a, x) => a + x * x, 0));
    const sum = (values: number[]) => values.reduce((a, x) => a + x, 0);
    const countSigma = Math.sqrt((MAX_INTERVAL - 1) * copies);
    expect(Math.abs(duration!.count - copies)).toBeLessThanOrEqual(4 * countSigma);
    expect(duration!.count).not.toBe(copies); // sampled, not timed on every copy
    expect(duration!.sum).toBeGreaterThanOrEqual(sum(inner) - 4 * sigma(inner));
    expect(duration!.sum).toBeLessThanOrEqual(sum(outer) + 4 * sigma(outer));
    // Entries are recorded with the same weight as durations: one entry per copy.
    const [entries] = await reader.histogram('entries', site);
    expect(entries!.count).toBe(duration!.count);
    expect(entries!.sum).toBe(duration!.count);
  });

  it('a patched library (rfdc): copies exact, durations sampled at the gauge’s interval', async () => {
    const clone = rfdc();
    const object = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const labels = { 'clone.strategy': 'rfdc' };
    const copies = 50_000;
    for (let i = 0; i < copies; i++) clone(object);
    expect(await reader.value('copies', labels)).toBe(copies);
    expect(await reader.value('sampling.interval', labels)).toBe(MAX_INTERVAL);
    const [duration] = await reader.histogram('duration', { ...labels, 'clone.source': 'object' });
    const countSigma = Math.sqrt((MAX_INTERVAL - 1) * copies);
    expect(Math.abs(duration!.count - copies)).toBeLessThanOrEqual(4 * countSigma);
    // Most copies were not timed (the first 5 ms at k = 1, then 1 in 16).
    expect(duration!.count).toBeGreaterThan(0);
  });

  it('never calls Math.random, also while choosing which copies to time', async () => {
    const random = vi.spyOn(Math, 'random');
    for (let i = 0; i < 20_000; i++) measureClone('custom', i, () => i, { site: 'no-random' });
    const site = { 'clone.strategy': 'custom', 'clone.site': 'no-random' };
    expect(await reader.value('sampling.interval', site)).toBe(MAX_INTERVAL);
    expect(random).not.toHaveBeenCalled();
  });

  it("overheadBudget: 'exact' times every copy at the same rate", async () => {
    instrumentation.setConfig({ ...forced, overheadBudget: 'exact' });
    try {
      const copies = 20_000;
      for (let i = 0; i < copies; i++) measureClone('custom', i, () => i, { site: 'exact' });
      const site = { 'clone.strategy': 'custom', 'clone.site': 'exact' };
      expect(await reader.value('copies', site)).toBe(copies);
      expect(await reader.value('sampling.interval', site)).toBe(1);
      expect(await reader.count('duration', site)).toBe(copies);
    } finally {
      instrumentation.setConfig(forced);
    }
  });

  it('rejects a bad overheadBudget, naming the option', () => {
    expect(() => new CloneInstrumentation({ enabled: false, overheadBudget: 2 })).toThrow(
      /^overheadBudget=2: expected a fraction of one core/,
    );
  });
});
