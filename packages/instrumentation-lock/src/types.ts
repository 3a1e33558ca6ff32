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
   * `sdk`: record through the OTel API of the instrumentation's MeterProvider; every wait and
   * hold duration is one `Histogram.record` (about 1 µs each with sdk-metrics 3.1). `producer`:
   * aggregate in process, exactly, and report through this instance's own metric producer
   * (`instrumentation.getMetricProducer()`), which must be given to every metric reader
   * (`metricProducers: [instrumentation.getMetricProducer()]`); much cheaper.
   * @default 'sdk'
   */
  recording?: 'sdk' | 'producer';
}
