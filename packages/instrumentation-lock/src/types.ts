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
  /**
   * `sdk`: record through the OTel API; every wait and hold duration reaches `Histogram.record`
   * (about 1 µs each with sdk-metrics 3.1). `producer`: aggregate in process, exactly, and report
   * through `statewatchMetricProducer` from `@statewatch/instrumentation-common`, which must be
   * given to every metric reader (`metricProducers: [statewatchMetricProducer]`); much cheaper.
   * @default 'sdk'
   */
  recording?: 'sdk' | 'producer';
}
