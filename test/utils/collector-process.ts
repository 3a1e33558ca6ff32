// The built statewatch collector distribution (collector/build.sh) on loopback for a test.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

export const REPO_ROOT = resolve(__dirname, '../..');
export const COLLECTOR_BINARY =
  process.env.STATEWATCH_COLLECTOR_BIN ?? join(REPO_ROOT, 'collector/_build/dist/statewatch-collector');
export const SHIPPED_COLLECTOR_CONFIG = join(REPO_ROOT, 'collector/config.yaml');
export const SCORING_BASELINE = join(REPO_ROOT, 'packages/feature-drift/testdata/scoring-baseline.json');

export interface CollectorProcess {
  /** `host:port` of its OTLP/HTTP receiver. */
  otlpHttp: string;
  /** OTLP/HTTP base endpoint. */
  otlpUrl: string;
  /** `host:port` of its prometheus exporter, for a scrape config. */
  metricsTarget: string;
  metricsUrl: string;
  log(): string;
  stop(): Promise<void>;
}

/** A collector on the repository's configs (startCollector), with its own telemetry endpoint. */
export interface RunningCollector extends CollectorProcess {
  telemetryUrl: string;
}

type Ready = (c: CollectorProcess) => Promise<boolean>;
const metricsAnswer: Ready = async (c) => (await fetch(c.metricsUrl)).ok;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the distribution if needed (cached: a no-op when up to date). */
export function buildCollector(): void {
  execFileSync('bash', [join(REPO_ROOT, 'collector/build.sh')], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/**
 * Starts the binary with `args` and `env` (added to this process's environment) and waits, up to
 * 30 s, until `ready` (default: its Prometheus endpoint answers). Stopped again if it never is.
 */
export async function startCollectorProcess(o: {
  args: string[];
  env?: Record<string, string>;
  otlpHttpPort: number;
  prometheusPort: number;
  ready?: Ready;
}): Promise<CollectorProcess> {
  if (!existsSync(COLLECTOR_BINARY))
    throw new Error(`no statewatch collector at ${COLLECTOR_BINARY}: run npm run collector:build`);
  let output = '';
  const child: ChildProcess = spawn(COLLECTOR_BINARY, o.args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...o.env },
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const metricsTarget = `127.0.0.1:${o.prometheusPort}`;
  const collector: CollectorProcess = {
    otlpHttp: `127.0.0.1:${o.otlpHttpPort}`,
    otlpUrl: `http://127.0.0.1:${o.otlpHttpPort}`,
    metricsTarget,
    metricsUrl: `http://${metricsTarget}/metrics`,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
  const ready = o.ready ?? metricsAnswer;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`collector exited with ${child.exitCode}:\n${output}`);
    if (await ready(collector).catch(() => false)) return collector;
    if (Date.now() > deadline) {
      await collector.stop();
      throw new Error(`collector did not start within 30 s:\n${output}`);
    }
    await sleep(100);
  }
}

/**
 * Runs the collector on `configs` (paths under collector/, merged in order) with every listener on
 * a free loopback port and the scoring baseline, and waits until `ready`.
 */
export async function startCollector(
  configs: string[],
  env: Record<string, string> = {},
  ready?: Ready,
): Promise<RunningCollector> {
  const [http, grpc, prom, telemetry] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const collector = await startCollectorProcess({
    args: configs.flatMap((c) => ['--config', join(REPO_ROOT, 'collector', c)]),
    env: {
      STATEWATCH_BASELINE: SCORING_BASELINE,
      STATEWATCH_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
      STATEWATCH_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
      STATEWATCH_PROMETHEUS_ENDPOINT: `127.0.0.1:${prom}`,
      STATEWATCH_TELEMETRY_HOST: '127.0.0.1',
      STATEWATCH_TELEMETRY_PORT: String(telemetry),
      STATEWATCH_DRIFT_EMIT_INTERVAL: '300ms',
      ...env,
    },
    otlpHttpPort: http,
    prometheusPort: prom,
    ready,
  });
  return { ...collector, telemetryUrl: `http://127.0.0.1:${telemetry}/metrics` };
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
