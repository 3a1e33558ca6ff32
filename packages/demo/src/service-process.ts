import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ServiceOptions } from './options';
import type { ServiceMessage } from './service-main';

/** The compiled entry point, from `dist` and from `src` (tests) alike. */
const SERVICE_MAIN = join(__dirname, '..', 'dist', 'service-main.js');

export interface ServiceProcess {
  port: number;
  metricsUrl?: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Forks the demo service (same Node binary) and waits until it listens. */
export function startServiceProcess(
  options: ServiceOptions,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 30_000,
): Promise<ServiceProcess> {
  const child = fork(SERVICE_MAIN, [JSON.stringify(options)], {
    env,
    // gc high: a 1 MB young generation as well, so scavenges come often enough to pass the
    // pause-ratio alert (5%); the bigger allocation rate alone stayed at 2–4%.
    execArgv: options.stress.gc === 'high' ? [...process.execArgv, '--max-semi-space-size=1'] : undefined,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(0);
      reject(new Error(`the demo service did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the demo service exited before it was ready (${signal ?? `exit code ${code}`})`));
    });
    child.on('message', (message: ServiceMessage) => {
      clearTimeout(timer);
      if (message.type === 'error') {
        void stop(0);
        reject(new Error(`the demo service could not start: ${message.message}`));
      } else resolve({ port: message.port, metricsUrl: message.metricsUrl, child, stop });
    });
  });
}
