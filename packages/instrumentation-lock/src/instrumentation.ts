import { diag } from '@opentelemetry/api';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import type { MetricProducer, MetricProducerSource } from '@statewatch/instrumentation-common';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT } from '@statewatch/semconv';
import { AsyncMutexIntegration } from './async-mutex';
import { setActiveMetrics } from './custom';
import { AsyncLockIntegration } from './limiters/async-lock';
import { AsyncSemaIntegration } from './limiters/async-sema';
import { BottleneckIntegration } from './limiters/bottleneck';
import { PLimitIntegration } from './limiters/p-limit';
import { PQueueIntegration } from './limiters/p-queue';
import { RedlockIntegration } from './limiters/redlock';
import { LockMetrics, lockSamplingPolicy } from './lock-metrics';
import type { LockInstrumentationConfig } from './types';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';
import { lockManagerPrototype, webLocksChannelsPublished, WebLocksSubscriber } from './web-locks';
import { MethodWrapper } from './wrap';

export { SUPPORTED_ASYNC_MUTEX_VERSIONS } from './async-mutex';
export { SUPPORTED_ASYNC_LOCK_VERSIONS } from './limiters/async-lock';
export { SUPPORTED_ASYNC_SEMA_VERSIONS } from './limiters/async-sema';
export { SUPPORTED_BOTTLENECK_VERSIONS } from './limiters/bottleneck';
export { SUPPORTED_P_LIMIT_VERSIONS } from './limiters/p-limit';
export { SUPPORTED_P_QUEUE_VERSIONS } from './limiters/p-queue';
export { SUPPORTED_REDLOCK_VERSIONS } from './limiters/redlock';

const DEFAULT_CONFIG: LockInstrumentationConfig = {
  attributeValueLimit: DEFAULT_ATTRIBUTE_VALUE_LIMIT,
  webLocks: true,
  recording: 'sdk',
};

/** Said once per process (several instances would say the same). */
let toldNoWebLocks = false;

/**
 * Lock contention metrics (`statewatch.lock.*`) for async-mutex (Mutex, Semaphore, withTimeout,
 * tryAcquire; CommonJS and ESM, by name, absolute path or file URL), the Web Locks API (through
 * Node's diagnostics channels), the limiters p-limit and async-sema (`limiters/`, kind `limiter`),
 * async-lock (kind `keyed_lock`), p-queue (kind `queue`), bottleneck (kind `rate_limiter`), and any lock given to `instrumentLock`. One module per library integration (`async-mutex/`,
 * `web-locks.ts`, `limiters/`); every piece of state belongs to this instance.
 */
export class LockInstrumentation
  extends InstrumentationBase<LockInstrumentationConfig>
  implements MetricProducerSource
{
  // `declare`: the base constructor already calls init(), enable() and _updateMetricInstruments().
  declare private _lockMetrics: LockMetrics | undefined;
  declare private _wrapper: MethodWrapper | undefined;
  declare private _asyncMutex: AsyncMutexIntegration | undefined;
  declare private _webLocks: WebLocksSubscriber | undefined;

  constructor(config: LockInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, { ...DEFAULT_CONFIG, ...config });
  }

  /** The metrics of this instrumentation (created on first use, from the config). */
  get lockMetrics(): LockMetrics {
    if (this._lockMetrics === undefined) {
      const config = this.getConfig();
      this._lockMetrics = new LockMetrics({
        attributeValueLimit: config.attributeValueLimit,
        mode: config.recording,
        scope: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
        limitHint: 'the attributeValueLimit option (STATEWATCH_ATTRIBUTE_VALUE_LIMIT with @statewatch/node)',
        sampling: lockSamplingPolicy(config),
      });
      this._lockMetrics.setMeter(this.meter);
    }
    return this._lockMetrics;
  }

  /**
   * `recording: 'producer'`: the producer of this instance's metrics, for every metric reader
   * (`metricProducers: [instrumentation.getMetricProducer()]`). `undefined` in `sdk` mode.
   */
  getMetricProducer(): MetricProducer | undefined {
    return this.lockMetrics.recorder.metricProducer;
  }

  protected override _updateMetricInstruments(): void {
    this._lockMetrics?.setMeter(this.meter);
  }

  protected init() {
    this._wrapper ??= new MethodWrapper();
    this._asyncMutex ??= new AsyncMutexIntegration(this.lockMetrics, this._wrapper);
    return [
      this._asyncMutex.definition(),
      new PLimitIntegration(this.lockMetrics, this._wrapper).definition(),
      new AsyncSemaIntegration(this.lockMetrics, this._wrapper).definition(),
      new AsyncLockIntegration(this.lockMetrics, this._wrapper).definition(),
      new PQueueIntegration(this.lockMetrics, this._wrapper).definition(),
      new BottleneckIntegration(this.lockMetrics, this._wrapper).definition(),
      new RedlockIntegration(this.lockMetrics, this._wrapper).definition(),
    ];
  }

  override enable(): void {
    super.enable();
    setActiveMetrics(this.lockMetrics);
    if (this.getConfig().webLocks === false || this._webLocks !== undefined) return;
    if (lockManagerPrototype() === undefined || !webLocksChannelsPublished()) {
      if (!toldNoWebLocks) {
        toldNoWebLocks = true;
        const why =
          lockManagerPrototype() === undefined
            ? 'has no Web Locks API'
            : 'publishes no Web Locks diagnostics channels (Node 24.19+)';
        diag.info(
          `${PACKAGE_NAME}: this Node (${process.version}) ${why}; navigator.locks is not instrumented`,
        );
      }
      return;
    }
    try {
      this._webLocks = new WebLocksSubscriber(this.lockMetrics);
      this._webLocks.subscribe();
    } catch (err) {
      diag.error(`${PACKAGE_NAME}: could not instrument Web Locks: ${String(err)}`);
    }
  }

  override disable(): void {
    super.disable();
    setActiveMetrics(undefined);
    this._webLocks?.unsubscribe();
    this._webLocks = undefined;
  }
}
