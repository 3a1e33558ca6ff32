import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import type { LockMetrics } from '../lock-metrics';
import { checkMembers } from '../integration';
import type { MethodWrapper } from '../wrap';
import { DecoratorPatches } from './decorators';
import { asyncMutexMembers, decoratorMembers } from './members';
import type { AsyncMutexExports } from './members';
import { SemaphorePatches } from './semaphore';

/** The async-mutex releases this instrumentation knows the internals of. */
export const SUPPORTED_ASYNC_MUTEX_VERSIONS = ['>=0.5.0 <0.6'];
const LIBRARY = 'async-mutex';

/*
 * Where async-mutex's code is reached from:
 * - `require('async-mutex')` (lib/index.js): the classes; withTimeout/tryAcquire are re-exported
 *   through fixed getters, so their own files (lib/withTimeout.js, lib/tryAcquire.js) are patched;
 * - `import 'async-mutex'` (index.mjs, one bundle): everything on its namespace;
 * - the same files reached by absolute path or file:// URL (vitest loads packages that way):
 *   import-in-the-middle then names the entry file, hence the file definitions for both entries.
 * Patching is idempotent, so a module seen by two definitions is patched once.
 */
export class AsyncMutexIntegration {
  readonly locks: SemaphorePatches;
  private readonly decorators: DecoratorPatches;

  constructor(
    metrics: LockMetrics,
    private readonly wrapper: MethodWrapper,
  ) {
    this.locks = new SemaphorePatches(metrics, wrapper);
    this.decorators = new DecoratorPatches(this.locks, wrapper);
  }

  definition(): InstrumentationNodeModuleDefinition {
    const v = SUPPORTED_ASYNC_MUTEX_VERSIONS;
    const entry = (exports: AsyncMutexExports, version?: string) => this.patchEntry(exports, version);
    const unentry = (exports: AsyncMutexExports) => this.unpatchEntry(exports);
    const file = (key: 'withTimeout' | 'tryAcquire') =>
      new InstrumentationNodeModuleFile(
        `${LIBRARY}/lib/${key}.js`,
        v,
        (exports: AsyncMutexExports, version?: string) => {
          if (checkMembers(LIBRARY, version, decoratorMembers(exports, key))) this.patchFactory(exports, key);
          return exports;
        },
        (exports: AsyncMutexExports) => exports && this.wrapper.unwrap(exports, key),
      );
    return new InstrumentationNodeModuleDefinition(LIBRARY, v, entry, unentry, [
      new InstrumentationNodeModuleFile(`${LIBRARY}/index.mjs`, v, entry, unentry),
      new InstrumentationNodeModuleFile(`${LIBRARY}/lib/index.js`, v, entry, unentry),
      file('withTimeout'),
      file('tryAcquire'),
    ]);
  }

  private patchEntry(exports: AsyncMutexExports, version: string | undefined): AsyncMutexExports {
    if (exports === undefined || exports === null) return exports;
    if (!checkMembers(LIBRARY, version, asyncMutexMembers(exports))) return exports;
    this.locks.patch(exports.Semaphore!.prototype as object, exports.Mutex!.prototype as object);
    // ESM: the namespace holds the factories as values (CommonJS: getters; see the file definitions).
    for (const key of ['withTimeout', 'tryAcquire'] as const) this.patchFactory(exports, key);
    return exports;
  }

  private unpatchEntry(exports: AsyncMutexExports): void {
    if (exports === undefined || exports === null) return;
    this.locks.unpatch(
      exports.Semaphore?.prototype as object,
      exports.Mutex?.prototype as object | undefined,
    );
    for (const key of ['withTimeout', 'tryAcquire'] as const) this.wrapper.unwrap(exports, key);
  }

  private patchFactory(exports: AsyncMutexExports, key: 'withTimeout' | 'tryAcquire'): void {
    this.wrapper.wrap(exports, key, (original) =>
      this.decorators.factory(original, key === 'withTimeout' ? 'timeout' : 'rejected'),
    );
  }
}
