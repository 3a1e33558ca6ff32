import type { HistogramSeries, LocalHistogram } from './series';
import { type SamplingPolicy, defaultSamplingPolicy } from './sampling-budget';

// Captured at load: an app that replaces a Math function (or process.hrtime) must not see
// statewatch call it.
const { ceil, imul, log, log1p, max } = Math;
const hrtime = process.hrtime;

/**
 * Adaptive, unbiased timing samples for one call site (or one lock).
 *
 * Counts stay exact: the caller counts every call itself. Only the *duration* of a call (two
 * clock reads and a histogram update) is sampled, and only once the site is hot enough that
 * timing every call would cost more than the budget: a site's timing costs
 * `rate × timedCallCostNs / interval` of a core, so the interval is
 * `k = ceil(rate × timedCallCostNs / budget)` (at least 1, at most `maxInterval`). Unless the
 * policy fixes it, `timedCallCostNs` is measured in the process (`timedCallCostEstimateNs`), so
 * a slower machine (or valgrind) that also makes the call rate lower gets the same k.
 *
 * The estimator: each call is timed with probability exactly 1/k, drawn from a private PRNG
 * (never `Math.random`), as geometric gaps between timed calls, which is the same as an
 * independent coin per call but costs one decrement per untimed call. A timed call stands for
 * `k` calls (its `weight`): histogram bucket counts, count and sum scaled by the weight are
 * Horvitz–Thompson estimates, unbiased for any sequence of durations, also while k adapts
 * (k changes only at a timed call, from what was seen before it).
 *
 * The call rate is measured without extra clock reads: the gaps give the number of calls
 * between two timed calls, and the timed calls' own clock readings give the time between them.
 *
 * Use:
 * ```ts
 * if (site.sampler.shouldTime()) { const t0 = now(); ...call...; const t1 = now();
 *   addWeighted(site.histogram, t1 - t0, site.sampler.weight); site.sampler.timed(t1); }
 * ```
 */
export class TimingSampler {
  /** Calls left until the next timed one (1: the next call is timed). */
  private countdown = 1;
  /** Calls the current gap spans (the timed call at its end included). */
  private gap = 1;
  private k = 1;
  /** The weight of the call `shouldTime()` just chose (the k it was drawn with). */
  weight = 1;
  /** Calls whose durations were recorded, and the calls they stand for (Σ weight). */
  timedCalls = 0;
  representedCalls = 0;
  private windowStartMs: number | undefined = undefined;
  private windowCalls = 0;
  private readonly random: SplitMix32;

  constructor(
    private readonly policy: SamplingPolicy = defaultSamplingPolicy(),
    seed = nextSeed(),
  ) {
    this.random = new SplitMix32(seed);
  }

  /** 1 in how many calls is timed now (1: every call). Export it per site as a gauge or attribute. */
  get interval(): number {
    return this.k;
  }

  /** Whether this call should be timed. Call exactly once per call of the site. */
  shouldTime(): boolean {
    if (--this.countdown > 0) return false;
    this.weight = this.k;
    this.windowCalls += this.gap;
    this.timedCalls++;
    this.representedCalls += this.k;
    return true;
  }

  /**
   * After a timed call: `nowMs`, a clock reading the caller already has (e.g. the call's end),
   * in milliseconds. Adapts the interval once per window and draws the next gap.
   */
  timed(nowMs: number): void {
    const p = this.policy;
    if (p.budget !== undefined) {
      if (this.windowStartMs === undefined) {
        this.windowStartMs = nowMs;
        this.windowCalls = 0;
      } else {
        const elapsed = nowMs - this.windowStartMs;
        if (elapsed >= p.windowMs) {
          const callsPerSecond = (this.windowCalls * 1000) / elapsed;
          const costNs = p.timedCallCostNs ?? timedCallCostEstimateNs();
          const wanted = ceil((callsPerSecond * costNs * 1e-9) / p.budget);
          this.k = wanted < 1 ? 1 : wanted > p.maxInterval ? p.maxInterval : wanted;
          this.windowStartMs = nowMs;
          this.windowCalls = 0;
        }
      }
    }
    this.gap = this.k === 1 ? 1 : geometric(this.random.next(), this.k);
    this.countdown = this.gap;
  }
}

/**
 * What timing one call costs, in ns, as this process runs now: two clock reads plus the
 * recording, estimated as `TIMED_CALL_CLOCK_READS` clock reads. A clock read is measured on
 * each call (16 reads, three times; once per sampler window, so about 1 µs a second) and the
 * least cost seen so far is kept: a measurement the scheduler interrupted only reads high.
 * About 150 ns on the reference machine (2 cores, Node 24).
 */
export function timedCallCostEstimateNs(): number {
  for (let run = 0; run < 3; run++) {
    const a = hrtime();
    for (let i = 0; i < 16; i++) hrtime();
    const b = hrtime();
    const ns = ((b[0] - a[0]) * 1e9 + (b[1] - a[1])) / 17;
    if (ns < leastClockReadNs) leastClockReadNs = ns;
  }
  return TIMED_CALL_CLOCK_READS * leastClockReadNs;
}

/**
 * A timed call reads the clock twice, plus its bookkeeping (histogram updates, sampler). On the
 * low side: under callgrind a timed 10-key rfdc copy costs ~5.4 clock reads more than an untimed
 * one (docs/benchmarks.md), so k comes out smaller (more calls timed) than the budget allows.
 */
export const TIMED_CALL_CLOCK_READS = 4;
let leastClockReadNs = Infinity;

/** Records a sampled value into a local histogram as `weight` values (see TimingSampler). */
export function addWeighted(histogram: LocalHistogram, value: number, weight: number): void {
  if (value !== value) return;
  const b = histogram.boundaries;
  const n = b.length;
  let i = 0;
  while (i < n && value > b[i]!) i++;
  histogram.counts[i]! += weight;
  histogram.sum += value * weight;
  histogram.count += weight;
  if (value < histogram.min) histogram.min = value;
  if (value > histogram.max) histogram.max = value;
}

/**
 * Records a sampled value into a recorder series as `weight` values: one bucket update in
 * `producer` mode; in `sdk` mode the OTel API takes no weights, so `weight` calls of
 * `Histogram.record` (sampling there saves the clock reads, not the SDK's per-value cost).
 */
export function recordWeighted(series: HistogramSeries, value: number, weight: number): void {
  if (series.local !== undefined) return addWeighted(series.local, value, weight);
  for (let i = 0; i < weight; i++) series.record(value);
}

/** Calls up to and including the next success of a coin with P(success) = 1/k (k ≥ 2), from u ∈ (0, 1]. */
export function geometric(u: number, k: number): number {
  return max(1, ceil(log(u) / log1p(-1 / k)));
}

/** SplitMix32: a small, fast, well-mixed PRNG; uniform in (0, 1]. Private state, no Math.random. */
export class SplitMix32 {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return ((z >>> 0) + 1) / 4294967296;
  }
}

/** Different (deterministic) streams for different samplers in one process. */
let seedCounter = 0x2545f491;
function nextSeed(): number {
  seedCounter = (seedCounter + 0x6d2b79f5) | 0;
  return seedCounter;
}
