/** Shapes of async-mutex 0.5.x internals the instrumentation relies on (see toolchain notes). */
import type { LOCK_STATE, LOCK_NAME } from './names';
import type { LockState } from './async-mutex';

export interface QueuedTask {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  weight: number;
  priority: number;
}

export interface SemaphoreInternals {
  _value: number;
  _queue: QueuedTask[];
  _couldLockImmediately?(weight: number, priority: number): boolean;
  [LOCK_STATE]?: LockState;
  [LOCK_NAME]?: string;
}

export interface MutexInternals {
  _semaphore: SemaphoreInternals;
  [LOCK_NAME]?: string;
}

/** What `withTimeout`/`tryAcquire` return: a plain object decorating a Mutex or Semaphore. */
export interface Decorator {
  acquire(...args: unknown[]): Promise<unknown>;
  waitForUnlock(...args: unknown[]): Promise<void>;
  [key: symbol]: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (this: any, ...args: any[]) => any;
