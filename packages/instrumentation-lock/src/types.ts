import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

export interface LockInstrumentationConfig extends InstrumentationConfig {
  /**
   * Distinct `lock.name` values kept per process; later names are recorded as `__overflow__`.
   * @default DEFAULT_ATTRIBUTE_VALUE_LIMIT (200)
   */
  attributeValueLimit?: number;
  /**
   * Instrument `navigator.locks.request` (Web Locks API, Node ≥ 24.5). Where Node lacks the API
   * the instrumentation says so once (diag info) and skips it.
   * @default true
   */
  webLocks?: boolean;
  /**
   * Wait and hold durations buffered per series before they are handed to the SDK (see
   * `@statewatch/instrumentation-common`).
   * @default 128
   */
  histogramBufferSize?: number;
}
