import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startManaged, type ManagedProcess } from './managed-process';

/**
 * Prometheus 3: STATEWATCH_PROMETHEUS_BIN, else the build `scripts/ensure-prometheus.sh` cached
 * for a repository checkout, else `prometheus` on the PATH.
 */
export function prometheusBinary(repoRoot: string): string {
  if (process.env.STATEWATCH_PROMETHEUS_BIN) return process.env.STATEWATCH_PROMETHEUS_BIN;
  const script = join(repoRoot, 'scripts', 'ensure-prometheus.sh');
  if (existsSync(script)) {
    const r = spawnSync('bash', [script, '--cached-only'], { encoding: 'utf8' });
    if (r.status === 0) return join(r.stdout.trim(), 'prometheus');
  }
  return 'prometheus';
}

export interface PrometheusOptions {
  /** Directory for its config, data and log. */
  dir: string;
  port: number;
  /** `host:port` targets to scrape (honor_labels: the collector's job/instance labels stay). */
  targets: string[];
  rulesFile: string;
  intervalSeconds: number;
  binary?: string;
  /** See `startManaged`. */
  ownProcessGroup?: boolean;
}

/** Prometheus on loopback, scraping the collector and evaluating the statewatch rules. */
export async function startPrometheus(options: PrometheusOptions): Promise<ManagedProcess & { url: string }> {
  const config = join(options.dir, 'prometheus.yml');
  const interval = `${options.intervalSeconds}s`;
  await writeFile(
    config,
    [
      'global:',
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      'rule_files:',
      `  - ${JSON.stringify(options.rulesFile)}`,
      'scrape_configs:',
      '  - job_name: statewatch-collector',
      '    honor_labels: true',
      '    static_configs:',
      `      - targets: ${JSON.stringify(options.targets)}`,
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const managed = await startManaged({
    name: 'prometheus',
    command: options.binary ?? 'prometheus',
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(options.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      '--storage.tsdb.retention.time=1h',
    ],
    logFile: join(options.dir, 'prometheus.log'),
    readyUrl: `${url}/-/ready`,
    ownProcessGroup: options.ownProcessGroup,
  });
  return Object.assign(managed, { url });
}
