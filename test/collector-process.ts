// Starts the built statewatch collector on loopback ports for the collector end-to-end tests.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from './utils/ports';

export const ROOT = resolve(import.meta.dirname, '..');
export const COLLECTOR_BINARY = join(ROOT, 'collector/_build/dist/statewatch-collector');
export const SCORING_BASELINE = join(ROOT, 'packages/feature-drift/testdata/scoring-baseline.json');

export interface RunningCollector {
  otlpHttp: string;
  metricsUrl: string;
  telemetryUrl: string;
  log: () => string;
  stop: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the distribution if needed (cached: a no-op when up to date). */
export function buildCollector(): void {
  execFileSync('bash', [join(ROOT, 'collector/build.sh')], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Runs the collector on `configs` (paths under collector/, merged in order) with every listener on
 * a free loopback port, and waits until `ready` (default: its Prometheus endpoint) answers.
 */
export async function startCollector(
  configs: string[],
  env: Record<string, string> = {},
  ready: (c: RunningCollector) => Promise<boolean> = async (c) => (await fetch(c.metricsUrl)).ok,
): Promise<RunningCollector> {
  const [http, grpc, prom, telemetry] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const child: ChildProcess = spawn(
    COLLECTOR_BINARY,
    configs.flatMap((c) => ['--config', join(ROOT, 'collector', c)]),
    {
      cwd: ROOT,
      env: {
        ...process.env,
        STATEWATCH_BASELINE: SCORING_BASELINE,
        STATEWATCH_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
        STATEWATCH_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
        STATEWATCH_PROMETHEUS_ENDPOINT: `127.0.0.1:${prom}`,
        STATEWATCH_TELEMETRY_HOST: '127.0.0.1',
        STATEWATCH_TELEMETRY_PORT: String(telemetry),
        STATEWATCH_DRIFT_EMIT_INTERVAL: '300ms',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const running: RunningCollector = {
    otlpHttp: `127.0.0.1:${http}`,
    metricsUrl: `http://127.0.0.1:${prom}/metrics`,
    telemetryUrl: `http://127.0.0.1:${telemetry}/metrics`,
    log: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`collector exited:\n${log}`);
    try {
      if (await ready(running)) return running;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`collector did not start:\n${log}`);
    await sleep(100);
  }
}

/** An OTLP/JSON metrics request with one gauge point (value, timestamp in ms) of one instance. */
export function gaugeExport(name: string, value: number, timeMs: number, instance = 'pod-a'): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'collector-test' } },
            { key: 'service.instance.id', value: { stringValue: instance } },
          ],
        },
        scopeMetrics: [
          {
            scope: { name: 'collector-test' },
            metrics: [
              {
                name,
                gauge: {
                  dataPoints: [{ timeUnixNano: String(BigInt(timeMs) * 1_000_000n), asDouble: value }],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}
