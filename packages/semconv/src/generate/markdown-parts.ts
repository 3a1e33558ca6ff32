import type { Area } from '../metrics';

export const AREA_TITLES: Record<Area, string> = {
  gc: 'GC pressure — @statewatch/instrumentation-gc',
  lock: 'Lock contention — @statewatch/instrumentation-lock',
  clone: 'Clone cost — @statewatch/instrumentation-clone',
  drift: 'Feature drift — @statewatch/feature-drift and the collector drift processor',
};

export const code = (s: string) => '`' + s + '`';
