/**
 * A small, deterministic model-input generator for demos: the inputs of a credit-scoring
 * endpoint (age, income, country, device) whose distribution drifts as `drift` goes from 0 to 1.
 * The example baseline `packages/feature-drift/testdata/scoring-baseline.json` (the collector's
 * default) is `scoringBaseline()`; `npm run generate -w @statewatch/demo` rewrites it.
 */
import {
  buildBaseline,
  categoricalSampler,
  normalSampler,
  seededRandom,
  type Baseline,
} from '@statewatch/feature-drift';

export interface ScoringInput {
  age: number;
  income: number;
  country: string;
  device: string;
}

export const SCORING_NUMERIC = ['age', 'income'] as const;
export const SCORING_CATEGORICAL = ['country', 'device'] as const;
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'NL', 'BR'];
const REFERENCE_COUNTRY_SHARES = [0.5, 0.2, 0.15, 0.1, 0.05, 0];
const DRIFTED_COUNTRY_SHARES = [0.3, 0.15, 0.1, 0.1, 0.05, 0.3];
const DEVICES = ['mobile', 'desktop', 'tablet'];

/**
 * Returns a generator of scoring inputs. `drift` 0 is the reference population; 1 moves age up
 * by 10 years, income up by half, and brings in a country (`BR`) the baseline never saw.
 */
export function scoringInputs(seed = 1): (drift?: number) => ScoringInput {
  const uniform = seededRandom(seed);
  const normal = normalSampler(uniform);
  const device = categoricalSampler(uniform, [0.6, 0.3, 0.1]);
  return (drift = 0) => {
    const d = Math.min(1, Math.max(0, drift));
    const shares = REFERENCE_COUNTRY_SHARES.map((p, i) => p + d * (DRIFTED_COUNTRY_SHARES[i] - p));
    const country = categoricalSampler(uniform, shares)();
    return {
      age: Math.round(Math.min(90, Math.max(18, 40 + 10 * d + 12 * normal()))),
      income: Math.round(Math.exp(10.8 + 0.5 * normal()) * (1 + 0.5 * d)),
      country: COUNTRIES[country],
      device: DEVICES[device()],
    };
  };
}

/** Baseline of 20,000 reference inputs (the content of the example baseline file). */
export function scoringBaseline(): Baseline {
  const next = scoringInputs(20261122);
  const records = Array.from({ length: 20_000 }, () => next(0));
  return buildBaseline(records, {
    numeric: SCORING_NUMERIC,
    categorical: SCORING_CATEGORICAL,
    createdAt: new Date('2026-11-22T00:00:00.000Z'),
    // No numeric min/max: the file keeps the id (240e85e26f6d) the collector configs and tests use.
    range: false,
  });
}
