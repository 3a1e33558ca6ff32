// A real Prometheus 3 (scripts/ensure-prometheus.sh) on loopback for a test, and its HTTP API.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { prometheusBinary } from './prometheus-binary';

export interface PrometheusServer {
  url: string;
  /** OTLP base endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`), when started with `otlpReceiver`. */
  otlpUrl: string;
  stop(): Promise<void>;
  /** Log output so far, for failure messages. */
  log(): string;
}

export interface QueryResult {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value?: [number, string] }[] };
}

export interface PrometheusOptions {
  port: number;
  scrapeTargets?: string[];
  /** Keep the scraped `job`/`instance` labels (a collector's exporter sets them per sender). */
  honorLabels?: boolean;
  ruleFiles?: string[];
  scrapeInterval: string;
  /** `--web.enable-otlp-receiver`: OTLP/HTTP at /api/v1/otlp/v1/metrics, default translation. */
  otlpReceiver?: boolean;
  /** `--web.enable-remote-write-receiver`. */
  remoteWriteReceiver?: boolean;
  /** Remote-write URLs (another Prometheus: `${url}/api/v1/write`). */
  remoteWrite?: string[];
}

export async function startPrometheus(o: PrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'statewatch-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  const config: Record<string, unknown> = {
    global: { scrape_interval: o.scrapeInterval, evaluation_interval: o.scrapeInterval },
    rule_files: o.ruleFiles ?? [],
    scrape_configs: o.scrapeTargets?.length
      ? [
          {
            job_name: 'statewatch-test',
            honor_labels: o.honorLabels ?? false,
            static_configs: [{ targets: o.scrapeTargets }],
          },
        ]
      : [],
  };
  if (o.remoteWrite?.length)
    config.remote_write = o.remoteWrite.map((url) => ({ url, queue_config: { batch_send_deadline: '1s' } }));
  writeFileSync(configFile, stringify(config));
  let output = '';
  const child: ChildProcess = spawn(
    prometheusBinary(),
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${o.port}`,
      '--log.level=warn',
      ...(o.otlpReceiver ? ['--web.enable-otlp-receiver'] : []),
      ...(o.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${o.port}`;
  const server: PrometheusServer = {
    url,
    otlpUrl: `${url}/api/v1/otlp`,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timeout);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
      const r = await fetch(`${server.url}/-/ready`).catch(() => undefined);
      return r?.ok === true;
    }, 20_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

export async function query(server: PrometheusServer, promql: string): Promise<QueryResult> {
  const r = await fetch(`${server.url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
  return (await r.json()) as QueryResult;
}

/** Values of a label among the series `match` selects: what Grafana's `label_values(match, label)` runs. */
export async function labelValues(
  server: PrometheusServer,
  label: string,
  match: string,
): Promise<QueryResult & { data?: unknown }> {
  const r = await fetch(
    `${server.url}/api/v1/label/${encodeURIComponent(label)}/values?${new URLSearchParams({ 'match[]': match })}`,
  );
  return (await r.json()) as QueryResult;
}

export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
