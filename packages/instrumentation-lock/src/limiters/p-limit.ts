import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { reportError } from '@statewatch/instrumentation-common';
import type { AnyFunction } from '../internal-types';
import { checkMembers, isFunction } from '../integration';
import type { Member } from '../integration';
import type { LockMetrics } from '../lock-metrics';
import type { MethodWrapper } from '../wrap';
import { Limiter, applyReplacing, callWithCount, runAsTask } from './limiter';
import type { LimiterTask } from './limiter';

/** p-limit 3 (CommonJS: `module.exports = pLimit`) and 4–7 (ESM only: `export default pLimit`). */
export const SUPPORTED_P_LIMIT_VERSIONS = ['>=3.0.0 <4', '>=4.0.0 <8'];
const LIBRARY = 'p-limit';

/** What the integration relies on: pLimit(n) returns `limit(fn, ...args)` with these members. */
function pLimitMembers(pLimit: unknown): Member[] {
  const probe = () => (pLimit as (n: number) => Record<string, unknown>)(1);
  const getter = (key: string): Member => ({
    path: `pLimit(1).${key} (a getter)`,
    present: () => typeof Object.getOwnPropertyDescriptor(probe(), key)?.get === 'function',
  });
  return [
    { path: 'the pLimit export (a function)', present: () => typeof pLimit === 'function' },
    { path: 'pLimit(1) (a function)', present: () => typeof probe() === 'function' },
    getter('activeCount'),
    getter('pendingCount'),
    { path: 'pLimit(1).clearQueue', present: () => isFunction(probe(), 'clearQueue') },
  ];
}

/*
 * Every limit function pLimit returns is replaced by a wrapper of the same shape: name, length,
 * and the original's own properties (the library's getters and methods, same descriptors, same
 * order), `clearQueue` wrapped. A call asks for a task (wait starts; contended when active +
 * queued tasks fill the concurrency) and hands the library a wrapper of `fn`: the library calling
 * it is the start (wait ends, hold starts); its result settling ends the hold. Not recorded:
 * `limitFunction` (6.2+) and `limit.map` of 7.3.3 call the library's own internal limit function
 * (7.0.0's `limit.map` calls `this`, so it is recorded).
 */
export class PLimitIntegration {
  private enabled = true;
  private readonly factories = new WeakSet<AnyFunction>();

  constructor(
    private readonly metrics: LockMetrics,
    private readonly wrapper: MethodWrapper,
  ) {}

  definition(): InstrumentationNodeModuleDefinition {
    const patch = (exports: unknown, version?: string) => this.patch(exports, version);
    // module.exports cannot be put back in a loaded CommonJS module: the wrappers stop recording.
    const unpatch = () => {
      this.enabled = false;
    };
    // By name, and its entry file (what import-in-the-middle names for an absolute path or file URL).
    return new InstrumentationNodeModuleDefinition(LIBRARY, SUPPORTED_P_LIMIT_VERSIONS, patch, unpatch, [
      new InstrumentationNodeModuleFile(`${LIBRARY}/index.js`, SUPPORTED_P_LIMIT_VERSIONS, patch, unpatch),
    ]);
  }

  private patch(exports: unknown, version: string | undefined): unknown {
    this.enabled = true;
    if (typeof exports === 'function') {
      // CommonJS (3.x): the export is pLimit itself.
      if (this.factories.has(exports as AnyFunction)) return exports;
      if (!checkMembers(LIBRARY, version, pLimitMembers(exports))) return exports;
      return this.wrapFactory(exports as AnyFunction);
    }
    const ns = exports as { default?: unknown } | null | undefined;
    if (ns === null || ns === undefined || this.factories.has(ns.default as AnyFunction)) return exports;
    if (!checkMembers(LIBRARY, version, pLimitMembers(ns.default))) return exports;
    this.wrapper.wrap(ns, 'default', (original) => this.factoryWrapper(original));
    return exports;
  }

  private wrapFactory(original: AnyFunction): AnyFunction {
    return this.wrapper.shaped(this.factoryWrapper(original), original);
  }

  /** The wrapper of pLimit: the same call, its limit function wrapped. */
  private factoryWrapper(original: AnyFunction): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const integration = this;
    const wrapped = {
      pLimit(this: unknown, options: unknown) {
        // eslint-disable-next-line prefer-rest-params
        const limit = original.apply(this, arguments as unknown as unknown[]) as unknown;
        if (typeof limit !== 'function') return limit; // 3.x: a rejected promise for a bad concurrency
        try {
          return integration.wrapLimit(limit as AnyFunction, options);
        } catch (err) {
          reportError('p-limit', err);
          return limit;
        }
      },
    }.pLimit;
    this.factories.add(wrapped);
    return wrapped;
  }

  private wrapLimit(limit: AnyFunction, options: unknown): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const integration = this;
    const concurrencyGetter = Object.getOwnPropertyDescriptor(limit, 'concurrency')?.get;
    const fixedConcurrency = typeof options === 'number' ? options : Infinity;
    const count = (key: 'activeCount' | 'pendingCount') => (limit as unknown as Record<string, number>)[key]!;
    /** Tasks asked for and not started, oldest first (the library's queue order). */
    const waiting = new Set<LimiterTask>();
    const wrapper = {
      generator(this: unknown, fn: unknown, a1: unknown, a2: unknown, a3: unknown) {
        let wrapped = fn;
        if (integration.enabled && typeof fn === 'function') {
          try {
            const concurrency = concurrencyGetter
              ? (concurrencyGetter.call(limit) as number)
              : fixedConcurrency;
            const task = limiter.ask(count('activeCount') + count('pendingCount') >= concurrency);
            waiting.add(task);
            wrapped = runAsTask(task, fn as AnyFunction, waiting);
          } catch (err) {
            reportError('p-limit', err);
          }
        }
        return arguments.length <= 4
          ? callWithCount(limit, this, arguments.length, wrapped, a1, a2, a3)
          : // eslint-disable-next-line prefer-rest-params
            applyReplacing(limit, this, arguments, 0, wrapped);
      },
    }.generator;
    const limiter = new Limiter(this.metrics, wrapper, LIBRARY);
    this.wrapper.shaped(wrapper, limit);
    for (const key of Reflect.ownKeys(limit)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      const d = Object.getOwnPropertyDescriptor(limit, key)!;
      if (key === 'clearQueue' && typeof d.value === 'function') {
        const clear = d.value as AnyFunction;
        const clearWrapper = {
          clearQueue(this: unknown) {
            // The newest `pendingCount` tasks not started are the ones the library drops.
            let dropped: number;
            try {
              dropped = count('pendingCount');
            } catch {
              dropped = 0;
            }
            // eslint-disable-next-line prefer-rest-params
            const result = clear.apply(this, arguments as unknown as unknown[]) as unknown;
            if (dropped > 0) giveUpNewest(waiting, dropped);
            return result;
          },
        }.clearQueue;
        Object.defineProperty(wrapper, key, { ...d, value: this.wrapper.shaped(clearWrapper, clear) });
      } else Object.defineProperty(wrapper, key, d);
    }
    return wrapper;
  }
}

function giveUpNewest(waiting: Set<LimiterTask>, n: number): void {
  const tasks = [...waiting];
  for (const task of tasks.slice(Math.max(0, tasks.length - n))) {
    waiting.delete(task);
    task.giveUp('canceled');
  }
}
