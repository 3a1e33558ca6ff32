import { hiddenSlot } from './hidden';

/**
 * Lock names, kept off the user's objects in a hidden slot (hidden.ts): a named lock has no extra
 * property, copies of it carry none, and the name goes with the lock. Read once per lock when
 * its series are resolved, never per acquisition.
 */
const names = hiddenSlot<string>();
/** A `withTimeout`/`tryAcquire` decorator → the lock it decorates (filled by the instrumentation). */
const decorated = hiddenSlot<object>();
let generation = 0;

/**
 * Names a lock for the `lock.name` attribute and returns it:
 * `const refresh = nameLock(new Mutex(), 'cache-refresh')`. Works on async-mutex `Mutex`,
 * `Semaphore` and their `withTimeout`/`tryAcquire` decorators (the decorated lock is named),
 * before or after the instrumentation is enabled. Unnamed locks report `unnamed`.
 */
export function nameLock<T extends object>(lock: T, name: string): T {
  if (typeof name !== 'string' || name === '')
    throw new TypeError(`nameLock: the name must be a non-empty string (got ${String(name)})`);
  names.set(lock, name);
  for (let target = decorated.get(lock); target !== undefined; target = decorated.get(target))
    names.set(target, name);
  generation++; // a lock already in use resolves its series again on its next acquisition
  return lock;
}

/** The name given with `nameLock`, if any. */
export function lockNameOf(lock: object): string | undefined {
  return names.get(lock);
}

/** Changes whenever a lock is named (cheap to compare on a hot path). */
export function namesGeneration(): number {
  return generation;
}

/** Records that `decorator` decorates `lock` (its name is the lock's). */
export function linkDecorator(decorator: object, lock: object): void {
  decorated.set(decorator, lock);
  const name = names.get(decorator);
  if (name !== undefined) names.set(lock, name);
}
