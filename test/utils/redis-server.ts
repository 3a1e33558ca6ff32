// Real Redis (Debian's redis-server) on loopback for a test: the process handling lives in
// redis-server.cjs (the differential harness's scenarios use it too); this adds the types and the
// rule for a machine without it.
import * as redis from './redis-server.cjs';

export interface RedisServer {
  host: string;
  port: number;
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Its output so far, for failure messages. */
  log(): string;
}

export const haveRedisServer: () => boolean = redis.haveRedisServer;
export const startRedisServer: (options?: { timeoutMs?: number }) => Promise<RedisServer> =
  redis.startRedisServer;
export const startRedisServers: (count: number, options?: { timeoutMs?: number }) => Promise<RedisServer[]> =
  redis.startRedisServers;

/**
 * Whether tests that need Redis can run. With CI=true a missing redis-server is an error (.ci/run
 * installs it), not a skip; elsewhere the caller skips with a warning saying how to install it.
 */
export function requireRedisServer(what: string): boolean {
  if (haveRedisServer()) return true;
  const message = `${what}: redis-server is not installed (apt-get install -y redis-server)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true requires it`);
  console.warn(`SKIPPED ${message}`);
  return false;
}
