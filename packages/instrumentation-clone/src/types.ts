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
   * Patch the global `structuredClone` while enabled.
   * @default true
   */
  structuredClone?: boolean;
}
