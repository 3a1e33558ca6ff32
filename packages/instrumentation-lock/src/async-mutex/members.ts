import { isFunction } from '../integration';
import type { Member } from '../integration';

/** async-mutex exports the instrumentation touches. */
export interface AsyncMutexExports {
  Mutex?: new () => object;
  Semaphore?: new (value: number) => object;
  withTimeout?: unknown;
  tryAcquire?: unknown;
}

/**
 * Every async-mutex member the instrumentation relies on (0.5.x; see the toolchain notes):
 * checked all together before anything is patched.
 */
export function asyncMutexMembers(exports: AsyncMutexExports): Member[] {
  const sem = exports.Semaphore?.prototype as object | undefined;
  const mutex = exports.Mutex?.prototype as object | undefined;
  const semaphoreMethod = (key: string): Member => ({
    path: `Semaphore.prototype.${key}`,
    present: () => isFunction(sem, key),
  });
  const mutexMethod = (key: string): Member => ({
    path: `Mutex.prototype.${key}`,
    present: () => isFunction(mutex, key),
  });
  return [
    ...['acquire', 'waitForUnlock', 'release', 'cancel', '_dispatchItem', '_couldLockImmediately'].map(
      semaphoreMethod,
    ),
    {
      path: 'Semaphore instance fields _queue (array) and _value (number)',
      present: () => {
        const probe = new exports.Semaphore!(1) as { _queue?: unknown; _value?: unknown };
        return Array.isArray(probe._queue) && typeof probe._value === 'number';
      },
    },
    ...['acquire', 'runExclusive', 'waitForUnlock', 'release', 'cancel'].map(mutexMethod),
    {
      path: 'Mutex instance field _semaphore (a Semaphore)',
      present: () =>
        (new exports.Mutex!() as { _semaphore?: unknown })._semaphore instanceof exports.Semaphore!,
    },
  ];
}

/** The decorator factories (in the package index for ESM, in their own files for CommonJS). */
export const decoratorMembers = (exports: AsyncMutexExports, key: 'withTimeout' | 'tryAcquire'): Member[] => [
  { path: key, present: () => typeof exports[key] === 'function' },
];
