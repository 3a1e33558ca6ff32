import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { OverheadBudget, SamplingOptions } from '@statewatch/instrumentation-common';

export interface CloneInstrumentationConfig extends InstrumentationConfig {
  /**
   * Distinct `clone.site` values kept per process; later ones are recorded as `__overflow__`.
   * @default DEFAULT_ATTRIBUTE_VALUE_LIMIT (200)
   */
  attributeValueLimit?: number;
  /**
   * Fraction of copies (0–1) whose size is estimated for `statewatch.clone.size`. Sampled calls
   * walk the copy (a bounded walk), so keep it low on hot paths.
   * @default 0.01
   */
  sizeSampleRate?: number;
  /**
   * `sdk`: record through the OTel API; every duration and entry count reaches
   * `Histogram.record` (about 0.8 µs each with sdk-metrics 3.1, more than a small copy costs).
   * `producer`: aggregate in process, exactly, and report through `statewatchMetricProducer` from
   * `@statewatch/instrumentation-common`, which must be given to every metric reader
   * (`metricProducers: [statewatchMetricProducer]`); much cheaper. Applies to the manual API too
   * (the setting is per process).
   * @default 'sdk'
   */
  recording?: 'sdk' | 'producer';
  /**
   * What one strategy at one site (`clone.strategy` × `clone.site`) may spend timing its copies,
   * as a fraction of one CPU core. Every copy is counted (`statewatch.clone.copies`, exact);
   * once timing every copy of a site would cost more than this, 1 in k copies is timed
   * (`statewatch.clone.sampling.interval` says k) and recorded with weight k, so the
   * duration, entries and size histograms are unbiased estimates with sampling error.
   * `'exact'`: time every copy (the behaviour before sampling). Applies to the manual API too.
   * @default STATEWATCH_OVERHEAD_BUDGET, else 0.01
   */
  overheadBudget?: OverheadBudget;
  /**
   * How the sampler adapts (rarely needed): `windowMs` between re-measurements of the call rate
   * (default 1000), `timedCallCostNs` (default: measured, ~150 ns), `maxInterval` (default 1024).
   */
  sampling?: Omit<SamplingOptions, 'overheadBudget'>;
  /**
   * Patch the global `structuredClone` while enabled.
   * @default true
   */
  structuredClone?: boolean;
}
