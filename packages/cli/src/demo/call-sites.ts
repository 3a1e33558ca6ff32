/**
 * The two call-site helpers the demo uses from the instrumentation packages. With statewatch off
 * (the benchmark's bare run) the demo does the same work through plain code, so the comparison
 * measures statewatch and nothing else.
 */
export interface CallSites {
  /** Copies a Map, measured under `clone.site` when statewatch is on. */
  cloneMap<K, V>(source: Map<K, V>, site: string): Map<K, V>;
  /** Gives a lock its `lock.name`; returns the lock. */
  nameLock<T extends object>(lock: T, name: string): T;
}

const PLAIN: CallSites = {
  cloneMap: (source) => new Map(source),
  nameLock: (lock) => lock,
};

export function callSites(statewatch: boolean): CallSites {
  if (!statewatch) return PLAIN;
  const clone = require('@statewatch/instrumentation-clone') as {
    cloneMap?: <K, V>(source: Map<K, V>, options?: { site?: string }) => Map<K, V>;
  };
  const lock = require('@statewatch/instrumentation-lock') as {
    nameLock?: <T extends object>(lock: T, name: string) => T;
  };
  if (typeof clone.cloneMap !== 'function' || typeof lock.nameLock !== 'function') {
    throw new Error(
      'the demo needs cloneMap from @statewatch/instrumentation-clone and nameLock from @statewatch/instrumentation-lock (run npm run build)',
    );
  }
  const { cloneMap } = clone;
  const { nameLock } = lock;
  return {
    cloneMap: (source, site) => cloneMap(source, { site }),
    nameLock: (l, name) => nameLock(l, name),
  };
}
