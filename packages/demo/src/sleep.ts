import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms` milliseconds (simulated I/O). */
export function sleep(ms: number): Promise<void> {
  return delay(ms).then(() => undefined);
}
