import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
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
  otlpPort: number;
  prometheusPort: number;
  baselineFile: string;
  /** Fleet PSI window and how often it is emitted. */
  driftWindow: string;
  driftBuckets: number;
  emitInterval: string;
}

export interface RunningCollector extends ManagedProcess {
  otlpUrl: string;
  metricsUrl: string;
}

/** The statewatch collector: OTLP/HTTP in, fleet PSI by the drift processor, Prometheus out. */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  if (!existsSync(options.binary))
    throw new Error(`no statewatch collector at ${options.binary}: build it with npm run collector:build`);
  const config = join(options.dir, 'collector.yaml');
  await writeFile(config, collectorConfig(options));
  const managed = await startManaged({
    name: 'statewatch collector',
    command: options.binary,
    args: [`--config=${config}`],
    logFile: join(options.dir, 'collector.log'),
    // The exporter's endpoint answers once the pipeline runs.
    readyUrl: `http://127.0.0.1:${options.prometheusPort}/metrics`,
  });
  return Object.assign(managed, {
    otlpUrl: `http://127.0.0.1:${options.otlpPort}`,
    metricsUrl: `http://127.0.0.1:${options.prometheusPort}/metrics`,
  });
}

function collectorConfig(o: CollectorOptions): string {
  return `receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${o.otlpPort}
processors:
  drift:
    baselines: [${JSON.stringify(o.baselineFile)}]
    window: ${o.driftWindow}
    buckets: ${o.driftBuckets}
    emit_interval: ${o.emitInterval}
  transform/total:
    metric_statements:
      - context: metric
        statements:
          - set(metric.name, Concat([metric.name, "total"], "_")) where metric.type == METRIC_DATA_TYPE_SUM and metric.is_monotonic == true
exporters:
  prometheus:
    endpoint: 127.0.0.1:${o.prometheusPort}
    translation_strategy: UnderscoreEscapingWithoutSuffixes
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    metrics:
      receivers: [otlp]
      processors: [drift, transform/total]
      exporters: [prometheus]
`;
}
