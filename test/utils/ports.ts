import * as ports from './ports.cjs';

/** A port that was free a moment ago on 127.0.0.1 (test/utils/ports.cjs). */
export const freePort: () => Promise<number> = ports.freePort;
