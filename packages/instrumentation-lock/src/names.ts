/**
 * Lock names. async-mutex locks are anonymous objects, so a name is attached to the object itself
 * under a registered symbol (shared by every copy of this package in the process). It is read
 * once per lock when its series are resolved, never per acquisition.
 */
export const LOCK_NAME = Symbol.for('statewatch.lock.name');
/** Where the instrumentation keeps its per-lock state (see `async-mutex.ts`). */
export const LOCK_STATE = Symbol.for('statewatch.lock.state');
/** Set on a `withTimeout`/`tryAcquire` decorator: the lock it decorates. */
export const DECORATED = Symbol.for('statewatch.lock.decorated');

interface Nameable {
  [LOCK_NAME]?: string;
  [DECORATED]?: object;
  _semaphore?: object;
}

/**
 * Names a lock for the `lock.name` attribute and returns it:
 * `const refresh = nameLock(new Mutex(), 'cache-refresh')`. Works on async-mutex `Mutex`,
 * `Semaphore` and their `withTimeout`/`tryAcquire` decorators (the decorated lock is named),
 * before or after the instrumentation is enabled. Unnamed locks report `unnamed`.
 */
export function nameLock<T extends object>(lock: T, name: string): T {
  if (typeof name !== 'string' || name === '')
    throw new TypeError(`nameLock: the name must be a non-empty string (got ${String(name)})`);
  let target = lock as Nameable;
  while (target[DECORATED] !== undefined) target = target[DECORATED] as Nameable;
  target[LOCK_NAME] = name;
  // A lock already in use resolves its series again on its next acquisition.
  const holder = (target._semaphore ?? target) as { [LOCK_STATE]?: { series: unknown } };
  if (holder[LOCK_STATE] !== undefined) holder[LOCK_STATE].series = undefined;
  if (target !== (lock as Nameable)) (lock as Nameable)[LOCK_NAME] = name;
  return lock;
}

/** The name given with `nameLock`, if any. */
export function lockNameOf(lock: object): string | undefined {
  return (lock as Nameable)[LOCK_NAME];
}
