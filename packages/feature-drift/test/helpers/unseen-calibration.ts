// Monte Carlo of the "new values" verdict: a fresh reference and a fresh window per trial, both
// drawn from one population (calm) or with a share of a new category (power). Shared by
// test/unseen-truth.test.ts and bench/unseen-calibration.ts (the full table of docs/drift-math.md).
import { unseenCritical, unseenOpenEnds } from '../../src/math/unseen';
import { normalSampler, seededRandom } from '../../src/random';

export const REFERENCE_SIZE = 10_000;

/** A population the reference and the window are drawn from. */
export interface Population {
  name: string;
  type: 'numeric' | 'categorical';
  /** One value: a number, or a category index (0 = most frequent). */
  draw: (uniform: () => number) => number;
  /** Categories a baseline names (the most frequent ones); categorical only. */
  named?: number;
}

/** Continuous numbers: N(0, 1). The reference range leaves a Beta(2, M − 1) share outside. */
export const normalNumbers: Population = {
  name: 'numeric, N(0, 1)',
  type: 'numeric',
  draw: (uniform) => normalSampler(uniform)(),
};

/** Whole years 18 … 90 (ties at the extremes make new values rarer than for continuous data). */
export const wholeYears: Population = {
  name: 'numeric, ages in whole years',
  type: 'numeric',
  draw: (uniform) => Math.round(Math.min(90, Math.max(18, 40 + 12 * normalSampler(uniform)()))),
};

/** Zipf over 200 categories, the 20 most frequent named: a long tail in `__other__`. */
export const zipfTail: Population = zipfPopulation(200, 20);

/** Six categories, all named, plus one rare category of share `share` the reference may miss. */
export function rareCategory(share: number): Population {
  const common = [0.5, 0.2, 0.15, 0.1, 0.05].map((p) => p * (1 - share));
  return {
    name:
      share > 0
        ? `categorical, 5 named, one more at ${share * REFERENCE_SIZE}/M`
        : 'categorical, every category named',
    type: 'categorical',
    named: 5,
    draw: (uniform) => {
      let u = uniform();
      for (let i = 0; i < common.length; i++) if ((u -= common[i]) < 0) return i;
      return common.length;
    },
  };
}

function zipfPopulation(categories: number, named: number): Population {
  const weights = Array.from({ length: categories }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  return {
    name: `categorical, Zipf over ${categories}, ${named} named`,
    type: 'categorical',
    named,
    draw: (uniform) => {
      const u = uniform();
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}

/** The reference as the baseline keeps it: a range, or the named categories (most frequent). */
interface Reference {
  isNew: (value: number) => boolean;
  outside: number;
}

function drawReference(population: Population, uniform: () => number): Reference {
  if (population.type === 'numeric') {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < REFERENCE_SIZE; i++) {
      const v = population.draw(uniform);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { isNew: (v) => v < min || v > max, outside: 0 };
  }
  const counts = new Map<number, number>();
  for (let i = 0; i < REFERENCE_SIZE; i++) {
    const c = population.draw(uniform);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const ranked = [...counts].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const named = new Set(ranked.slice(0, population.named).map(([c]) => c));
  const outside = ranked.slice(population.named).reduce((sum, [, n]) => sum + n, 0);
  return { isNew: (c) => !named.has(c), outside };
}

/**
 * Share of trials flagged "new values". `newShare` of each window's values is replaced by a
 * value no reference has (a new category, or a number beyond any range): 0 for calm data.
 */
export function flaggedRate(
  population: Population,
  windowSize: number,
  trials: number,
  seed: number,
  newShare = 0,
): number {
  const uniform = seededRandom(seed);
  const openEnds = unseenOpenEnds(population.type);
  let flagged = 0;
  for (let t = 0; t < trials; t++) {
    const reference = drawReference(population, uniform);
    let outside = 0;
    for (let i = 0; i < windowSize; i++) {
      if (newShare > 0 && uniform() < newShare) outside++;
      else if (reference.isNew(population.draw(uniform))) outside++;
    }
    const critical = unseenCritical(reference.outside, REFERENCE_SIZE, openEnds, windowSize)!;
    if (outside / windowSize > critical) flagged++;
  }
  return flagged / trials;
}

export const CALM_POPULATIONS: readonly Population[] = [
  normalNumbers,
  wholeYears,
  zipfTail,
  rareCategory(1 / REFERENCE_SIZE),
  rareCategory(4.6 / REFERENCE_SIZE),
];
