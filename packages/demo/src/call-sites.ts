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
  // Loaded only with statewatch on, after startStatewatch has patched what they patch.
  const { cloneMap } =
    require('@statewatch/instrumentation-clone') as typeof import('@statewatch/instrumentation-clone');
  const { nameLock } =
    require('@statewatch/instrumentation-lock') as typeof import('@statewatch/instrumentation-lock');
  return {
    cloneMap: (source, site) => cloneMap(source, { site }),
    nameLock: (lock, name) => nameLock(lock, name),
  };
}
