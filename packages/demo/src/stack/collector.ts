import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startManaged, type ManagedProcess } from './managed-process';

/** Where `npm run collector:build` puts the statewatch collector (STATEWATCH_COLLECTOR_BIN overrides). */
export function collectorBinary(repoRoot: string): string {
  return (
    process.env.STATEWATCH_COLLECTOR_BIN ??
    join(repoRoot, 'collector', '_build', 'dist', 'statewatch-collector')
  );
}

export interface CollectorOptions {
  dir: string;
  binary: string;
  /** The shipped `collector/config.yaml`; its `${env:…}` endpoints are pointed at loopback. */
  configFile: string;
  otlpHttpPort: number;
  otlpGrpcPort: number;
  prometheusPort: number;
  telemetryPort: number;
  baselineFile: string;
  emitInterval: string;
  /** Overrides of the fleet PSI window (the shipped config says 15m in 15 buckets). */
  driftWindow?: string;
  driftBuckets?: number;
  /** See `startManaged`. */
  ownProcessGroup?: boolean;
}

export interface RunningCollector extends ManagedProcess {
  otlpUrl: string;
  metricsUrl: string;
}

/** The statewatch collector with its shipped config: OTLP in, fleet PSI, Prometheus out. */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  if (!existsSync(options.binary))
    throw new Error(`no statewatch collector at ${options.binary}: build it with npm run collector:build`);
  const overrides = [
    options.driftWindow && `yaml:processors::drift::window: ${options.driftWindow}`,
    options.driftBuckets && `yaml:processors::drift::buckets: ${options.driftBuckets}`,
  ].filter((o): o is string => Boolean(o));
  const managed = await startManaged({
    name: 'statewatch collector',
    command: options.binary,
    args: [`--config=${options.configFile}`, ...overrides.map((o) => `--config=${o}`)],
    logFile: join(options.dir, 'collector.log'),
    // The exporter's endpoint answers once the pipeline runs.
    readyUrl: `http://127.0.0.1:${options.prometheusPort}/metrics`,
    ownProcessGroup: options.ownProcessGroup,
    env: {
      ...process.env,
      STATEWATCH_OTLP_HTTP_ENDPOINT: `127.0.0.1:${options.otlpHttpPort}`,
      STATEWATCH_OTLP_GRPC_ENDPOINT: `127.0.0.1:${options.otlpGrpcPort}`,
      STATEWATCH_PROMETHEUS_ENDPOINT: `127.0.0.1:${options.prometheusPort}`,
      STATEWATCH_TELEMETRY_HOST: '127.0.0.1',
      STATEWATCH_TELEMETRY_PORT: String(options.telemetryPort),
      STATEWATCH_BASELINE: options.baselineFile,
      STATEWATCH_DRIFT_EMIT_INTERVAL: options.emitInterval,
    },
  });
  return Object.assign(managed, {
    otlpUrl: `http://127.0.0.1:${options.otlpHttpPort}`,
    metricsUrl: `http://127.0.0.1:${options.prometheusPort}/metrics`,
  });
}
