import { afterEach, describe, expect, it, vi } from 'vitest';
import { HotPathRecorder } from '../src/recorder';
import {
  addWeighted,
  geometric,
  recordWeighted,
  SplitMix32,
  timedCallCostEstimateNs,
  TimingSampler,
} from '../src/sampling';
import {
  defaultSamplingPolicy,
  OVERHEAD_BUDGET_VARIABLE,
  parseOverheadBudget,
  resolveSamplingPolicy,
} from '../src/sampling-budget';
import { LocalHistogram } from '../src/series';

const BOUNDARIES = [1, 10, 100];

/**
 * Drives a sampler through `calls` calls of a site called `callsPerSecond` times a second; the
 * clock is the call's index over the rate (no real time is read). Returns the weighted
 * histogram of the sampled durations and the exact one of all durations.
 */
function drive(
  sampler: TimingSampler,
  calls: number,
  callsPerSecond: number,
  duration: (i: number) => number,
  from = 0,
) {
  const sampled = new LocalHistogram(BOUNDARIES);
  const exact = new LocalHistogram(BOUNDARIES);
  for (let i = from; i < from + calls; i++) {
    const d = duration(i);
    exact.record(d);
    if (sampler.shouldTime()) {
      addWeighted(sampled, d, sampler.weight);
      sampler.timed((i * 1000) / callsPerSecond);
    }
  }
  return { sampled, exact };
}

afterEach(() => vi.restoreAllMocks());

describe('TimingSampler', () => {
  it('times every call of a site below the budget (1,000 calls/s at 200 ns is 0.02% of a core)', () => {
    const sampler = new TimingSampler(resolveSamplingPolicy({ overheadBudget: 0.01 }, {}));
    const { sampled, exact } = drive(sampler, 20_000, 1_000, (i) => i % 7);
    expect(sampler.interval).toBe(1);
    expect(sampler.timedCalls).toBe(20_000);
    expect(Array.from(sampled.counts)).toEqual(Array.from(exact.counts));
    expect(sampled.sum).toBe(exact.sum);
  });

  it('samples 1 in k once the rate makes timing expensive: k = ceil(rate × cost / budget)', () => {
    const sampler = new TimingSampler(
      resolveSamplingPolicy({ overheadBudget: 0.01, timedCallCostNs: 200 }, {}),
    );
    // 10M calls/s × 200 ns = 2 cores of timing; 1% of a core → k = 200
    drive(sampler, 30_000_000, 10_000_000, () => 5);
    expect(sampler.interval).toBe(200);
    const share = sampler.timedCalls / 30_000_000;
    // mostly at 1 in 200 after the first 1 s window at 1 in 1
    expect(share).toBeLessThan(0.34);
    expect(sampler.representedCalls).toBeGreaterThan(0.97 * 30_000_000);
    expect(sampler.representedCalls).toBeLessThan(1.03 * 30_000_000);
  });

  it('the weighted histogram is unbiased, also for durations that repeat with the period k', () => {
    // a site at 2M calls/s → k = 40; every 40th call is slow
    const duration = (i: number) => (i % 40 === 0 ? 500 : i % 3 === 0 ? 0.5 : 5);
    const runs = 200;
    let sumOfSums = 0;
    let sumOfSlow = 0;
    let exactSum = 0;
    let exactSlow = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const sampler = new TimingSampler(
        resolveSamplingPolicy({ overheadBudget: 0.01, windowMs: 10, timedCallCostNs: 200 }, {}),
        seed,
      );
      const warm = drive(sampler, 40_000, 2_000_000, duration);
      expect(sampler.interval).toBe(40);
      const { sampled, exact } = drive(sampler, 80_000, 2_000_000, duration, 40_000);
      void warm;
      sumOfSums += sampled.sum;
      sumOfSlow += sampled.counts[3]!;
      exactSum = exact.sum;
      exactSlow = exact.counts[3]!;
    }
    // the mean over seeds converges on the truth (one run alone is within a few %)
    expect(Math.abs(sumOfSums / runs / exactSum - 1)).toBeLessThan(0.02);
    expect(Math.abs(sumOfSlow / runs / exactSlow - 1)).toBeLessThan(0.03);
  });

  it('goes back to timing every call when the rate falls, and never above maxInterval', () => {
    const policy = resolveSamplingPolicy(
      { overheadBudget: 0.001, maxInterval: 64, windowMs: 100, timedCallCostNs: 200 },
      {},
    );
    const sampler = new TimingSampler(policy, 7);
    drive(sampler, 5_000_000, 10_000_000, () => 1);
    expect(sampler.interval).toBe(64); // 2,000 wanted, capped
    // 100 calls/s from t = 0.5 s on: the next window sees the low rate
    for (let i = 0; i < 2_000; i++) if (sampler.shouldTime()) sampler.timed(500 + i * 10);
    expect(sampler.interval).toBe(1);
  });

  it('without a fixed timedCallCostNs, k follows the cost measured in this process', () => {
    const before = timedCallCostEstimateNs();
    expect(before).toBeGreaterThan(0);
    expect(Number.isFinite(before)).toBe(true);
    const policy = resolveSamplingPolicy({ overheadBudget: 0.01, windowMs: 10 }, {});
    expect(policy.timedCallCostNs).toBeUndefined();
    const sampler = new TimingSampler(policy, 3);
    drive(sampler, 100_000, 1_000_000, () => 1);
    const after = timedCallCostEstimateNs();
    // the least cost seen is kept, so the sampler's estimate lies between the two readings
    expect(after).toBeLessThanOrEqual(before);
    const k = (costNs: number) => Math.min(1024, Math.ceil((1_000_000 * costNs * 1e-9) / 0.01));
    expect(sampler.interval).toBeGreaterThanOrEqual(k(after));
    expect(sampler.interval).toBeLessThanOrEqual(k(before));
  });

  it("'exact' times every call at any rate", () => {
    const sampler = new TimingSampler(resolveSamplingPolicy({ overheadBudget: 'exact' }, {}));
    drive(sampler, 1_000_000, 100_000_000, () => 1);
    expect(sampler.interval).toBe(1);
    expect(sampler.timedCalls).toBe(1_000_000);
  });

  it('never calls Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const sampler = new TimingSampler(resolveSamplingPolicy({ windowMs: 10 }, {}));
    drive(sampler, 3_000_000, 10_000_000, () => 1);
    expect(sampler.interval).toBeGreaterThan(1);
    expect(random).not.toHaveBeenCalled();
  });
});

describe('recordWeighted', () => {
  it('producer mode: one bucket update standing for weight values', () => {
    const recorder = new HotPathRecorder({ mode: 'producer' });
    const series = recorder
      .histogram('statewatch.lock.hold.duration')
      .series({ 'lock.name': 'a', 'lock.kind': 'mutex' });
    recordWeighted(series, 0.002, 40);
    expect(series.local!.count).toBe(40);
    expect(series.local!.sum).toBeCloseTo(0.08, 12);
    recorder.detach();
  });
});

describe('geometric gaps and the PRNG', () => {
  it('gaps have mean k (a coin of 1/k per call), the PRNG is uniform in (0, 1]', () => {
    const random = new SplitMix32(42);
    let total = 0;
    let low = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = random.next();
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThanOrEqual(1);
      if (u <= 0.25) low++;
      total += geometric(random.next(), 50);
    }
    expect(Math.abs(total / n / 50 - 1)).toBeLessThan(0.02);
    expect(Math.abs(low / n - 0.25)).toBeLessThan(0.01);
  });
});

describe('overhead budget option', () => {
  it(`${OVERHEAD_BUDGET_VARIABLE}: unset → 0.01, a fraction, or exact; the code option wins`, () => {
    expect(resolveSamplingPolicy({}, {}).budget).toBe(0.01);
    expect(resolveSamplingPolicy({}, { [OVERHEAD_BUDGET_VARIABLE]: '0.05' }).budget).toBe(0.05);
    expect(resolveSamplingPolicy({}, { [OVERHEAD_BUDGET_VARIABLE]: 'EXACT' }).budget).toBeUndefined();
    expect(
      resolveSamplingPolicy({ overheadBudget: 0.2 }, { [OVERHEAD_BUDGET_VARIABLE]: 'exact' }).budget,
    ).toBe(0.2);
    expect(parseOverheadBudget('')).toBe(0.01);
  });

  it('a bad value is one line naming the variable or option', () => {
    for (const raw of ['0', '-1', '2', 'fast', 'NaN'])
      expect(() => resolveSamplingPolicy({}, { [OVERHEAD_BUDGET_VARIABLE]: raw })).toThrow(
        new RegExp(`^${OVERHEAD_BUDGET_VARIABLE}="${raw}": expected a fraction`),
      );
    expect(() => resolveSamplingPolicy({ overheadBudget: 0 }, {})).toThrow(/^overheadBudget=0: /);
    expect(() => resolveSamplingPolicy({ timedCallCostNs: -5 }, {})).toThrow(/^timedCallCostNs=-5: /);
  });

  it('the process default never throws into the caller: a bad variable is reported once, the default used', () => {
    const saved = process.env[OVERHEAD_BUDGET_VARIABLE];
    process.env[OVERHEAD_BUDGET_VARIABLE] = 'fast';
    try {
      expect(defaultSamplingPolicy().budget).toBe(0.01);
      expect(() => new TimingSampler()).not.toThrow();
    } finally {
      if (saved === undefined) delete process.env[OVERHEAD_BUDGET_VARIABLE];
      else process.env[OVERHEAD_BUDGET_VARIABLE] = saved;
    }
  });
});
