// Run a real Prometheus (Debian's 2.42) on loopback for a test, and query its HTTP API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const havePrometheus = () =>
  spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).status === 0;

export interface PrometheusServer {
  url: string;
  stop(): Promise<void>;
  /** Log output so far, for failure messages. */
  log(): string;
}

export interface QueryResult {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value?: [number, string] }[] };
}

export async function startPrometheus(o: {
  port: number;
  scrapeTargets: string[];
  ruleFiles: string[];
  scrapeInterval: string;
}): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'statewatch-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    stringify({
      global: { scrape_interval: o.scrapeInterval, evaluation_interval: o.scrapeInterval },
      rule_files: o.ruleFiles,
      scrape_configs: [{ job_name: 'statewatch-live-test', static_configs: [{ targets: o.scrapeTargets }] }],
    }),
  );
  let output = '';
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${o.port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: PrometheusServer = {
    url: `http://127.0.0.1:${o.port}`,
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
