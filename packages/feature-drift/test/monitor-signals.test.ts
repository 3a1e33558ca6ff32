// The monitor's explaining gauges: new values (counter, share, critical share) and the top PSI
// contributors with their shares, checked against the math on calm and drifted windows.
import {
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  METRIC_FEATURE_BIN_SHARE,
  METRIC_FEATURE_BIN_SHARE_REFERENCE,
  METRIC_FEATURE_PSI_CONTRIBUTION,
  METRIC_FEATURE_UNSEEN,
  METRIC_FEATURE_UNSEEN_SHARE,
  METRIC_FEATURE_UNSEEN_SHARE_CRITICAL,
  OVERFLOW_VALUE,
} from '@statewatch/semconv';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildBaseline,
  FeatureDriftMonitor,
  psiContributions,
  smoothedProportions,
  unseenCritical,
  type Baseline,
} from '../src/index';
import { normalSampler, seededRandom } from '../src/random';
import { testProvider } from './helpers/reader';

const random = seededRandom(5);
const normal = normalSampler(random);
const countries = ['US', 'DE', 'FR'];
const draw = () => ({ x: normal(), country: countries[Math.floor(random() * 3)] });
const baseline: Baseline = buildBaseline(Array.from({ length: 10_000 }, draw), {
  numeric: ['x'],
  categorical: ['country'],
  bins: 5,
  createdAt: new Date(0),
});

const open: FeatureDriftMonitor[] = [];
function monitor(extra: Partial<ConstructorParameters<typeof FeatureDriftMonitor>[0]> = {}) {
  const { provider, reader } = testProvider();
  let time = 1_000_000;
  const m = new FeatureDriftMonitor({ baseline, meterProvider: provider, now: () => time, ...extra });
  open.push(m);
  const byFeature = async (name: string) =>
    Object.fromEntries(
      (await reader.points(name)).map((p) => [`${String(p.attributes[ATTR_FEATURE_NAME])}`, p]),
    );
  return { m, reader, byFeature, advance: (ms: number) => (time += ms) };
}
afterEach(() => open.splice(0).forEach((m) => m.close()));

describe('new values in the monitor', () => {
  it('calm window: shares under their critical shares, the gauges match the math', async () => {
    const { m, byFeature } = monitor();
    for (let i = 0; i < 2000; i++) m.observe(draw());
    const share = await byFeature(METRIC_FEATURE_UNSEEN_SHARE);
    const critical = await byFeature(METRIC_FEATURE_UNSEEN_SHARE_CRITICAL);
    expect(Object.keys(share).sort()).toEqual(['country', 'x']);
    expect(share.country.value).toBe(0);
    expect(critical.country.value).toBe(unseenCritical(0, 10_000, 1, 2000));
    expect(critical.x.value).toBe(unseenCritical(0, 10_000, 2, 2000));
    expect(share.x.value).toBeLessThanOrEqual(critical.x.value);
    expect(share.x.attributes[ATTR_DRIFT_SCOPE]).toBe('instance');
    for (const f of m.snapshot()) expect(f.unseen!.newValues).toBe(false);
  });

  it('new category and out-of-range numbers: counted, flagged, and kept by the cumulative counter', async () => {
    const { m, byFeature, advance } = monitor({ window: '15m', buckets: 15 });
    for (let i = 0; i < 1000; i++) m.observe(i % 100 === 0 ? { x: 1e6, country: 'BR' } : draw());
    const share = await byFeature(METRIC_FEATURE_UNSEEN_SHARE);
    const critical = await byFeature(METRIC_FEATURE_UNSEEN_SHARE_CRITICAL);
    expect(share.country.value).toBe(10 / 1000);
    expect(share.country.value).toBeGreaterThan(critical.country.value);
    expect(share.x.value).toBeGreaterThanOrEqual(10 / 1000);
    const snapshot = Object.fromEntries(m.snapshot().map((f) => [f.feature, f]));
    expect(snapshot.country.unseen).toMatchObject({ count: 10, newValues: true });
    expect(snapshot.x.unseen!.newValues).toBe(true);
    // 16 minutes later the window is empty: share 0; the counter still holds every new value.
    advance(16 * 60_000);
    const after = await byFeature(METRIC_FEATURE_UNSEEN_SHARE);
    expect([after.country.value, after.x.value]).toEqual([0, 0]);
    const counter = await byFeature(METRIC_FEATURE_UNSEEN);
    expect(counter.country.value).toBe(10);
    expect(counter.x.value).toBeGreaterThanOrEqual(10);
  });

  it('an old baseline without min/max: no numeric new-value series, categorical ones stay', async () => {
    const old = buildBaseline(Array.from({ length: 1000 }, draw), {
      numeric: ['x'],
      categorical: ['country'],
      range: false,
      createdAt: new Date(0),
    });
    const { m, byFeature } = monitor({ baseline: old });
    m.observe({ x: 1e9, country: 'BR' });
    expect(Object.keys(await byFeature(METRIC_FEATURE_UNSEEN_SHARE))).toEqual(['country']);
    expect(Object.keys(await byFeature(METRIC_FEATURE_UNSEEN))).toEqual(['country']);
  });
});

describe('top contributing bins in the monitor', () => {
  it('publishes the topBins largest PSI terms with both smoothed shares', async () => {
    const { m, reader } = monitor({ topBins: 2 });
    const window = { US: 0, DE: 0, FR: 0, __other__: 0 } as Record<string, number>;
    for (let i = 0; i < 3000; i++) {
      const r = draw();
      const country = i % 3 === 0 ? 'FR' : r.country; // FR grows
      window[country]++;
      m.observe({ ...r, country });
    }
    const country = (points: Awaited<ReturnType<typeof reader.points>>) =>
      points.filter((p) => p.attributes[ATTR_FEATURE_NAME] === 'country');
    const contributions = country(await reader.points(METRIC_FEATURE_PSI_CONTRIBUTION));
    const feature = baseline.features.country;
    if (feature.type !== 'categorical') throw new Error('country is categorical');
    const labels = [...feature.categories, '__other__'];
    const counts = labels.map((label) => window[label]);
    const terms = psiContributions(feature.counts, counts);
    const expected = terms
      .map((t, i) => [labels[i], t] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2);
    expect(contributions.map((p) => [p.attributes[ATTR_FEATURE_BIN], p.value])).toEqual(expected);
    expect(expected[0][0]).toBe('FR');
    const shares = country(await reader.points(METRIC_FEATURE_BIN_SHARE));
    const referenceShares = country(await reader.points(METRIC_FEATURE_BIN_SHARE_REFERENCE));
    const fr = labels.indexOf('FR');
    expect(shares.find((p) => p.attributes[ATTR_FEATURE_BIN] === 'FR')!.value).toBe(
      smoothedProportions(counts)[fr],
    );
    expect(referenceShares.find((p) => p.attributes[ATTR_FEATURE_BIN] === 'FR')!.value).toBe(
      feature.proportions[fr],
    );
  });

  it('calm window: the top terms are a part of a PSI under its critical value', async () => {
    const { m, reader } = monitor();
    for (let i = 0; i < 3000; i++) m.observe(draw());
    const [, country] = m.snapshot();
    expect(country.psi!).toBeLessThan(country.critical!);
    const terms = (await reader.points(METRIC_FEATURE_PSI_CONTRIBUTION)).filter(
      (p) => p.attributes[ATTR_FEATURE_NAME] === 'country',
    );
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.length).toBeLessThanOrEqual(3);
    expect(terms.reduce((a, p) => a + p.value, 0)).toBeLessThanOrEqual(country.psi! + 1e-15);
  });

  it('topBins 0 publishes no bin gauges; an empty window publishes none either', async () => {
    const none = monitor({ topBins: 0 });
    for (let i = 0; i < 100; i++) none.m.observe(draw());
    expect(await none.reader.points(METRIC_FEATURE_PSI_CONTRIBUTION)).toEqual([]);
    const idle = monitor();
    idle.m.observe(draw());
    idle.advance(16 * 60_000);
    expect(await idle.reader.points(METRIC_FEATURE_PSI_CONTRIBUTION)).toEqual([]);
  });

  it('features past the name cap publish no per-bin series, only their worst new-value share', async () => {
    const { m, reader } = monitor({ attributeValueLimit: 1 });
    for (let i = 0; i < 500; i++) m.observe(draw());
    const names = new Set(
      (await reader.points(METRIC_FEATURE_PSI_CONTRIBUTION)).map((p) => p.attributes[ATTR_FEATURE_NAME]),
    );
    expect(names.has(OVERFLOW_VALUE)).toBe(false);
    const shares = (await reader.points(METRIC_FEATURE_UNSEEN_SHARE)).map(
      (p) => p.attributes[ATTR_FEATURE_NAME],
    );
    expect(shares.sort()).toEqual([OVERFLOW_VALUE, 'x'].sort());
  });

  it('a bin that leaves the top keeps its series, with its current contribution', async () => {
    const { m, reader, advance } = monitor({ topBins: 1, window: '2m', buckets: 2 });
    const top = async () =>
      Object.fromEntries(
        (await reader.points(METRIC_FEATURE_PSI_CONTRIBUTION))
          .filter((p) => p.attributes[ATTR_FEATURE_NAME] === 'country')
          .map((p) => [p.attributes[ATTR_FEATURE_BIN], p.value]),
      );
    const feature = baseline.features.country;
    if (feature.type !== 'categorical') throw new Error('country is categorical');
    const bin = (c: string) => feature.categories.indexOf(c);
    const grow = (country: string) => {
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < 900; i++) {
        const r = draw();
        const c = i % 2 === 0 ? country : r.country;
        counts[bin(c)]++;
        m.observe({ ...r, country: c });
      }
      return psiContributions(feature.counts, counts);
    };
    const first = grow('FR');
    expect(await top()).toEqual({ FR: first[bin('FR')] });
    advance(3 * 60_000); // the window empties
    expect(await top()).toEqual({ FR: 0 });
    const second = grow('DE');
    expect(await top()).toEqual({ FR: second[bin('FR')], DE: second[bin('DE')] });
    expect(second[bin('DE')]).toBeGreaterThan(second[bin('FR')]);
  });
});
