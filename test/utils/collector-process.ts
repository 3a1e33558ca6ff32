// The built statewatch collector distribution (collector/build.sh) on loopback for a test.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { waitFor } from './prometheus-server';

export const REPO_ROOT = resolve(__dirname, '../..');
export const COLLECTOR_BINARY =
  process.env.STATEWATCH_COLLECTOR_BIN ?? join(REPO_ROOT, 'collector/_build/dist/statewatch-collector');
export const SHIPPED_COLLECTOR_CONFIG = join(REPO_ROOT, 'collector/config.yaml');

export interface CollectorProcess {
  /** OTLP/HTTP base endpoint. */
  otlpUrl: string;
  /** `host:port` of its prometheus exporter, for a scrape config. */
  metricsTarget: string;
  log(): string;
  stop(): Promise<void>;
}

/** Starts the binary with `args`; ready when `metricsTarget`/metrics answers. */
export async function startCollectorProcess(o: {
  args: string[];
  env?: Record<string, string>;
  otlpHttpPort: number;
  prometheusPort: number;
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
    otlpUrl: `http://127.0.0.1:${o.otlpHttpPort}`,
    metricsTarget,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`collector exited with ${child.exitCode}:\n${output}`);
      const r = await fetch(`http://${metricsTarget}/metrics`).catch(() => undefined);
      return r?.ok === true;
    }, 30_000);
  } catch (err) {
    await collector.stop();
    throw err;
  }
  return collector;
}
