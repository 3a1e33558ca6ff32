// Calibration of the "new values" verdict (the full table: bench/unseen-calibration.ts, recorded in
// docs/drift-math.md): false alarms on calm data at most about 1%, power against a new category.
import { describe, expect, it } from 'vitest';
import { CALM_POPULATIONS, flaggedRate, rareCategory } from './helpers/unseen-calibration';

describe('new values on calm data: a fresh reference and window per trial', () => {
  // 400 trials: a true rate of 1% exceeds 2.5% with probability < 0.5%.
  it.each(CALM_POPULATIONS.flatMap((p, i) => [50, 5000].map((n) => [p.name, n, p, i] as const)))(
    '%s, N = %i: at most 2.5% flagged',
    (_name, windowSize, population, index) => {
      const rate = flaggedRate(population, windowSize, 400, 5000 + index * 10 + windowSize);
      expect(rate).toBeLessThanOrEqual(0.025);
    },
  );
});

describe('power', () => {
  it('a new category at 0.5% of a 5,000-value window is flagged at least 90% of the time', () => {
    expect(flaggedRate(rareCategory(0), 5000, 300, 17, 0.005)).toBeGreaterThanOrEqual(0.9);
  });
});
