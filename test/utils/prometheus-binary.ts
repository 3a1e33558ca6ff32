// The Prometheus 3 and promtool that scripts/ensure-prometheus.sh built (cached outside the
// repository). Tests use these binaries, never whatever `prometheus` is on PATH (Debian's is 2.x).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '../../scripts/ensure-prometheus.sh');

/** Directory of the cached build, or undefined when it is not built (the script says how). */
export function prometheusBinDir(): string | undefined {
  if (process.env.PROMETHEUS3_BIN_DIR) return process.env.PROMETHEUS3_BIN_DIR;
  const r = spawnSync('bash', [SCRIPT, '--cached-only'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The prometheus binary; throws with the command to run when it is missing. */
export function prometheusBinary(): string {
  const dir = prometheusBinDir();
  if (!dir) throw new Error('Prometheus 3 is not built: run scripts/ensure-prometheus.sh');
  return join(dir, 'prometheus');
}

/**
 * Whether tests that need Prometheus can run. With CI=true a missing build is an error, not a
 * skip; elsewhere the caller skips with a warning naming the script.
 */
export function requirePrometheus(what: string): boolean {
  if (prometheusBinDir()) return true;
  const message = `${what}: Prometheus 3 is not built (run scripts/ensure-prometheus.sh)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true requires it`);
  console.warn(`SKIPPED ${message}`);
  return false;
}
