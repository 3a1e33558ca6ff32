import { scoringBaseline, scoringInputs, type ScoringInput } from './scoring';

/** One input of the demo's scoring endpoint (the example credit-scoring inputs of ./scoring). */
export type ScoringFeatures = Omit<ScoringInput, 'device'> & {
  /** Absent on some requests (an old client): the drift monitor counts it as missing. */
  device?: string;
};

const MISSING_DEVICE_SHARE = 0.02;

/** The baseline the demo's model was "trained" on. */
export const demoBaseline = scoringBaseline;

/**
 * Scoring requests: the reference population, or after the drift age and income up and a
 * country the baseline never saw; the device mix never drifts (the view shows both).
 */
export function scoringRequests(seed = Date.now()): (drifted: boolean) => ScoringFeatures {
  const next = scoringInputs(seed);
  return (drifted) => {
    const input: ScoringFeatures = next(drifted ? 1 : 0);
    if (Math.random() < MISSING_DEVICE_SHARE) delete input.device;
    return input;
  };
}

/** A toy model: the demo's scoring endpoint answers with this. */
export function score(f: ScoringFeatures): number {
  const z = 0.00002 * f.income - 0.03 * f.age + (f.device === 'mobile' ? 0.3 : 0);
  return 1 / (1 + Math.exp(-z));
}
