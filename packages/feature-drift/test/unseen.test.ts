// The "new values" signal: the beta-binomial critical count against exact rational arithmetic,
// the baseline's numeric range (new and old files), and `drift check` on calm and drifted data.
import { describe, expect, it } from 'vitest';
import {
  betaBinomialUpperQuantile,
  buildBaseline,
  DriftCheck,
  unseenCritical,
  unseenReferenceShare,
  validateBaseline,
  type NumericFeatureBaseline,
} from '../src/index';
import { normalSampler, seededRandom } from '../src/random';

function factorial(n: number): bigint {
  let r = 1n;
  for (let i = 2n; i <= BigInt(n); i++) r *= i;
  return r;
}

/** Beta-binomial(n, a, b) for integer a, b in exact rationals: C(n,k) B(k+a, n−k+b) / B(a, b). */
function exactUpperQuantile(n: number, a: number, b: number, tail: number): number {
  const denominator = factorial(n + a + b - 1) * factorial(a - 1) * factorial(b - 1);
  const scale = 10n ** 40n;
  const pmf = Array.from({ length: n + 1 }, (_, k) => {
    const numerator =
      (factorial(n) / (factorial(k) * factorial(n - k))) *
      factorial(k + a - 1) *
      factorial(n - k + b - 1) *
      factorial(a + b - 1);
    return (numerator * scale) / denominator;
  });
  const limit = BigInt(Math.round(tail * 1e6)) * (scale / 1_000_000n);
  let upper = 0n;
  for (let k = n; k >= 0; k--) {
    if (upper + pmf[k] > limit) return k;
    upper += pmf[k];
  }
  return 0;
}

describe('betaBinomialUpperQuantile', () => {
  it.each([
    [50, 2, 99],
    [200, 1, 50],
    [300, 5, 40],
    [100, 30, 3],
    [120, 1, 1],
    [80, 2, 2],
    [400, 1, 3000],
    [250, 17, 17],
  ])('n=%i, a=%i, b=%i: the exact 99th percentile', (n, a, b) => {
    expect(betaBinomialUpperQuantile(n, a, b, 0.01)).toBe(exactUpperQuantile(n, a, b, 0.01));
  });

  it('binomial limit: a huge reference gives the Poisson/binomial quantile', () => {
    // a/(a+b) = 0.001, a + b = 1e9: practically Binomial(10000, 0.001), Poisson(10): 99th pct 18.
    expect(betaBinomialUpperQuantile(10_000, 1e6, 1e9 - 1e6, 0.01)).toBe(18);
  });
});

describe('unseenCritical', () => {
  it('is a share of the window, undefined for an empty window or reference', () => {
    expect(unseenCritical(0, 10_000, 2, 0)).toBeUndefined();
    expect(unseenCritical(0, 0, 2, 100)).toBeUndefined();
    const critical = unseenCritical(0, 10_000, 2, 5000)!;
    expect(critical * 5000).toBe(Math.round(critical * 5000));
  });

  it('uses the share of the largest exact window beyond it', () => {
    expect(unseenCritical(30, 10_000, 1, 5e7)).toBe(unseenCritical(30, 10_000, 1, 1e5));
  });

  it('smoothed reference share (r + e) / (M + 1)', () => {
    expect(unseenReferenceShare(0, 9999, 2)).toBe(2 / 10_000);
    expect(unseenReferenceShare(4, 9999, 1)).toBe(5 / 10_000);
  });
});

describe('baseline range', () => {
  const random = seededRandom(3);
  const normal = normalSampler(random);
  const records = Array.from({ length: 2000 }, () => ({ x: normal(), c: random() < 0.7 ? 'a' : 'b' }));

  it('records min and max of numeric features, and validates them', () => {
    const baseline = buildBaseline(records, { numeric: ['x'], categorical: ['c'], createdAt: new Date(0) });
    const x = baseline.features.x as NumericFeatureBaseline;
    expect(x.min).toBe(Math.min(...records.map((r) => r.x)));
    expect(x.max).toBe(Math.max(...records.map((r) => r.x)));
    expect(() => validateBaseline(structuredClone(baseline))).not.toThrow();
    const broken = structuredClone(baseline);
    (broken.features.x as NumericFeatureBaseline).max = x.min - 1;
    expect(() => validateBaseline(broken)).toThrow(/features\.x\.min: must not be greater than max/);
  });

  it('an old baseline (no min/max) still loads; its numeric features have no new-value signal', () => {
    const old = buildBaseline(records, {
      numeric: ['x'],
      categorical: ['c'],
      range: false,
      createdAt: new Date(0),
    });
    expect('min' in old.features.x).toBe(false);
    const check = new DriftCheck(validateBaseline(old));
    check.add({ x: 1e9, c: 'zzz' });
    const [x, c] = check.result();
    expect(x.unseen).toBeUndefined();
    expect(c.unseen).toMatchObject({ count: 1, share: 1, newValues: true });
  });
});

describe('drift check: new values', () => {
  const random = seededRandom(11);
  const normal = normalSampler(random);
  const countries = ['US', 'DE', 'FR', 'GB'];
  const draw = () => ({ x: normal(), country: countries[Math.floor(random() * 4)] });
  const baseline = buildBaseline(Array.from({ length: 10_000 }, draw), {
    numeric: ['x'],
    categorical: ['country'],
    createdAt: new Date(0),
  });

  it('stays quiet on calm data', () => {
    const check = new DriftCheck(baseline);
    for (let i = 0; i < 5000; i++) check.add(draw());
    for (const f of check.result()) expect(f.unseen!.newValues, f.feature).toBe(false);
  });

  it('flags a new category at 0.5% and numbers beyond the range, though PSI stays under 0.1', () => {
    const check = new DriftCheck(baseline);
    for (let i = 0; i < 5000; i++) {
      const r = draw();
      if (i % 200 === 0) check.add({ x: 100 + i, country: 'BR' });
      else check.add(r);
    }
    const [x, country] = check.result();
    expect(country.unseen).toMatchObject({ count: 25, share: 0.005, newValues: true });
    expect(country.psi!).toBeLessThan(0.1);
    expect(country.verdict).toBe('ok');
    // 25 planted, plus the odd calm value beyond the reference's extremes (2/(M+1) of them).
    expect(x.unseen!.count).toBeGreaterThanOrEqual(25);
    expect(x.unseen!.newValues).toBe(true);
  });
});
