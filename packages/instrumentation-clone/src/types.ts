import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

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
   * Patch the global `structuredClone` while enabled.
   * @default true
   */
  structuredClone?: boolean;
}
