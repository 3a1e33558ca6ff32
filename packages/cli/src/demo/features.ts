import { buildBaseline, type Baseline } from '@statewatch/feature-drift';
// Internal module of feature-drift (not in its index): the project's one seeded generator.
import { normalSampler, seededRandom } from '@statewatch/feature-drift/dist/random';

/** One input of the demo's scoring model. */
export interface ScoringFeatures {
  amount: number;
  account_age: number;
  country: string;
  /** Absent on some requests (an old client): the drift monitor counts it as missing. */
  device?: string;
}

const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'BR', 'IN', 'JP'];
const CALM_COUNTRY_WEIGHTS = [0.35, 0.15, 0.12, 0.12, 0.1, 0.1, 0.06];
/** After the drift: a market the model was not trained on takes over. */
const DRIFTED_COUNTRY_WEIGHTS = [0.15, 0.08, 0.07, 0.07, 0.5, 0.08, 0.05];
const DEVICES = ['ios', 'android', 'web'];
const DEVICE_WEIGHTS = [0.4, 0.35, 0.25];
const MISSING_DEVICE_SHARE = 0.02;

function pick<T>(values: readonly T[], weights: readonly number[], random: () => number): T {
  let r = random();
  for (let i = 0; i < values.length; i++) {
    r -= weights[i];
    if (r <= 0) return values[i];
  }
  return values[values.length - 1];
}

/**
 * A scoring request. `drifted` shifts two of the four features (amount up by ~80%, the country
 * mix) and leaves the other two as they were, so the view shows drift next to calm features.
 */
export function generateFeatures(drifted: boolean, random: () => number = Math.random): ScoringFeatures {
  const amount = Math.exp(3.5 + 0.8 * normalSampler(random)()) * (drifted ? 1.8 : 1);
  return {
    amount: Math.round(amount * 100) / 100,
    account_age: Math.floor(-Math.log(1 - random()) * 400),
    country: pick(COUNTRIES, drifted ? DRIFTED_COUNTRY_WEIGHTS : CALM_COUNTRY_WEIGHTS, random),
    device: random() < MISSING_DEVICE_SHARE ? undefined : pick(DEVICES, DEVICE_WEIGHTS, random),
  };
}

/** The reference the model was "trained" on: calm requests, with a fixed seed so its id is stable. */
export function demoBaseline(records = 20_000): Baseline {
  const random = seededRandom(20261122);
  const sample = Array.from({ length: records }, () => generateFeatures(false, random));
  return buildBaseline(sample as unknown as Array<Record<string, unknown>>, {
    numeric: ['amount', 'account_age'],
    categorical: ['country', 'device'],
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });
}

/** A toy model: the demo's scoring endpoint answers with this. */
export function score(f: ScoringFeatures): number {
  const z = 0.01 * f.amount - 0.002 * f.account_age + (f.device === 'web' ? 0.5 : 0) - 1;
  return 1 / (1 + Math.exp(-z));
}
