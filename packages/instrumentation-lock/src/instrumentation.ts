import { diag } from '@opentelemetry/api';
import type { MetricProducer, MetricProducerSource } from '@statewatch/instrumentation-common';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT } from '@statewatch/semconv';
import { types as utilTypes } from 'node:util';
import { decorate, patchClasses, unpatchClasses } from './async-mutex';
import type { Wrapper } from './async-mutex';
import { setActiveMetrics } from './custom';
import type { Decorator, AnyFunction } from './internal-types';
import { LockMetrics } from './lock-metrics';
import type { LockInstrumentationConfig } from './types';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';
import { lockManagerPrototype, patchWebLocks, unpatchWebLocks } from './web-locks';

/** The async-mutex releases this instrumentation knows the internals of. */
export const SUPPORTED_ASYNC_MUTEX_VERSIONS = ['>=0.5.0 <0.6'];

const DEFAULT_CONFIG: LockInstrumentationConfig = {
  attributeValueLimit: DEFAULT_ATTRIBUTE_VALUE_LIMIT,
  webLocks: true,
  recording: 'sdk',
};

type AsyncMutexExports = {
  Mutex?: { prototype: object };
  Semaphore?: { prototype: object };
  withTimeout: AnyFunction;
  tryAcquire: AnyFunction;
};

let toldNoWebLocks = false;

/**
 * Lock contention metrics (`statewatch.lock.*`) for async-mutex (Mutex, Semaphore, withTimeout,
 * tryAcquire; CommonJS and ESM), the Web Locks API, and any lock given to `instrumentLock`.
 */
export class LockInstrumentation
  extends InstrumentationBase<LockInstrumentationConfig>
  implements MetricProducerSource
{
  // `declare`: the base constructor already calls init(), enable() and _updateMetricInstruments().
  declare private _lockMetrics: LockMetrics | undefined;
  declare private _webLocksPatched: object | undefined;

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
      });
      this._lockMetrics.setMeter(this.meter);
    }
    return this._lockMetrics;
  }

  protected override _updateMetricInstruments(): void {
    this._lockMetrics?.setMeter(this.meter);
  }

  /**
   * `recording: 'producer'`: the producer of this instance's metrics, for every metric reader
   * (`metricProducers: [instrumentation.getMetricProducer()]`). `undefined` in `sdk` mode.
   */
  getMetricProducer(): MetricProducer | undefined {
    return this.lockMetrics.recorder.metricProducer;
  }

  protected init() {
    const w = this.wrapper();
    const versions = SUPPORTED_ASYNC_MUTEX_VERSIONS;
    const patchDecorators = (exports: AsyncMutexExports) => {
      this._wrap(exports, 'withTimeout', (original: AnyFunction) => decoratorFactory(original, 'timeout'));
      this._wrap(exports, 'tryAcquire', (original: AnyFunction) => decoratorFactory(original, 'rejected'));
    };
    return new InstrumentationNodeModuleDefinition(
      'async-mutex',
      versions,
      (exports: AsyncMutexExports) => {
        patchClasses(exports, this.lockMetrics, w);
        // ESM: one bundled module whose namespace (a proxy) can be patched. CommonJS: the index
        // re-exports through fixed getters, so the files below are patched instead.
        if (utilTypes.isProxy(exports)) patchDecorators(exports);
        return exports;
      },
      (exports: AsyncMutexExports) => {
        if (exports === undefined) return;
        unpatchClasses(exports, w);
        if (utilTypes.isProxy(exports))
          for (const name of ['withTimeout', 'tryAcquire'] as const) restore(exports, name);
      },
      [
        new InstrumentationNodeModuleFile(
          'async-mutex/lib/withTimeout.js',
          versions,
          (exports: AsyncMutexExports) => {
            this._wrap(exports, 'withTimeout', (original: AnyFunction) =>
              decoratorFactory(original, 'timeout'),
            );
            return exports;
          },
          (exports: AsyncMutexExports) => exports && this._unwrap(exports, 'withTimeout'),
        ),
        new InstrumentationNodeModuleFile(
          'async-mutex/lib/tryAcquire.js',
          versions,
          (exports: AsyncMutexExports) => {
            this._wrap(exports, 'tryAcquire', (original: AnyFunction) =>
              decoratorFactory(original, 'rejected'),
            );
            return exports;
          },
          (exports: AsyncMutexExports) => exports && this._unwrap(exports, 'tryAcquire'),
        ),
      ],
    );
  }

  override enable(): void {
    super.enable();
    setActiveMetrics(this.lockMetrics);
    if (this.getConfig().webLocks === false || this._webLocksPatched) return;
    const proto = lockManagerPrototype();
    if (proto === undefined) {
      if (!toldNoWebLocks) {
        toldNoWebLocks = true;
        diag.info(
          `${PACKAGE_NAME}: this Node (${process.version}) has no Web Locks API; navigator.locks is not instrumented`,
        );
      }
      return;
    }
    try {
      patchWebLocks(proto, this.lockMetrics, this.wrapper());
      this._webLocksPatched = proto;
    } catch (err) {
      diag.error(`${PACKAGE_NAME}: could not instrument Web Locks: ${String(err)}`);
    }
  }

  override disable(): void {
    super.disable();
    setActiveMetrics(undefined);
    const proto = this._webLocksPatched;
    if (proto !== undefined) {
      this._webLocksPatched = undefined;
      unpatchWebLocks(proto, this.wrapper());
    }
  }

  private wrapper(): Wrapper {
    return {
      wrap: (target, name, wrapper) =>
        this._wrap(
          target as Record<string, AnyFunction>,
          name,
          wrapper as (original: AnyFunction) => AnyFunction,
        ),
      unwrap: (target, name) => this._unwrap(target as Record<string, AnyFunction>, name),
    };
  }
}

/** withTimeout/tryAcquire: decorate what they return. */
function decoratorFactory(original: AnyFunction, outcome: 'timeout' | 'rejected'): AnyFunction {
  return function (this: unknown, sync: unknown) {
    // eslint-disable-next-line prefer-rest-params
    const decorator = original.apply(this, arguments as unknown as unknown[]) as Decorator;
    try {
      return decorate(decorator, sync as object, outcome);
    } catch (err) {
      diag.error(`${PACKAGE_NAME}: ${String(err)}`);
      return decorator;
    }
  };
}

/** Puts an ESM namespace export back to the function it wrapped. */
function restore(exports: AsyncMutexExports, name: 'withTimeout' | 'tryAcquire'): void {
  const current = exports[name] as (AnyFunction & { __original?: AnyFunction }) | undefined;
  if (current?.__original === undefined) return;
  try {
    Object.defineProperty(exports, name, { value: current.__original });
  } catch (err) {
    diag.error(`${PACKAGE_NAME}: could not restore ${name}: ${String(err)}`);
  }
}
