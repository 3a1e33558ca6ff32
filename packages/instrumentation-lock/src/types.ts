import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { OverheadBudget, SamplingOptions } from '@statewatch/instrumentation-common';

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
  /**
   * What one lock (`lock.name` × `lock.kind`) may spend timing its requests, as a fraction of one
   * CPU core. Acquisitions (contended or not) and waiters are always counted exactly; once timing
   * every request of a lock would cost more than this, 1 in k requests is timed, decided when
   * it is made (`statewatch.lock.sampling.interval` says k), and its wait and hold are recorded
   * with weight k, so the wait and hold histograms (their counts per `lock.outcome` too) are
   * unbiased estimates with sampling error. async-mutex requests through `withTimeout` or
   * `tryAcquire` are always timed (weight 1). `'exact'`: time every request (the behaviour
   * before sampling).
   * @default STATEWATCH_OVERHEAD_BUDGET, else 0.01
   */
  overheadBudget?: OverheadBudget;
  /**
   * How the sampler adapts (rarely needed): `windowMs` between re-measurements of the request
   * rate (default 1000), `timedCallCostNs` (default: measured in the process, four clock reads), `maxInterval` (default 1024).
   */
  sampling?: Omit<SamplingOptions, 'overheadBudget'>;
}
