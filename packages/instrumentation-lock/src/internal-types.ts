/** Shapes of async-mutex 0.5.x internals the instrumentation relies on (see async-mutex/members.ts). */

export interface QueuedTask {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  weight: number;
  priority: number;
}

export interface SemaphoreInternals {
  _value: number;
  _queue: QueuedTask[];
  _couldLockImmediately(weight: number, priority: number): boolean;
  acquire(...args: unknown[]): Promise<unknown>;
  waitForUnlock(...args: unknown[]): Promise<void>;
}

export interface MutexInternals {
  _semaphore: SemaphoreInternals;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (this: any, ...args: any[]) => any;
