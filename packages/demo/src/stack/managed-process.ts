import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** File with the process's stdout and stderr. */
  logFile: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a program with its output in `logFile`, and waits until `readyUrl` answers 200. */
export async function startManaged(options: {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  readyUrl: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /**
   * Its own process group: a terminal's Ctrl-C then reaches only us, and we stop it when we
   * choose (after the processes that still send to it).
   */
  ownProcessGroup?: boolean;
}): Promise<ManagedProcess> {
  const log = createWriteStream(options.logFile);
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  // Should this process end without stop() (a crash, process.exit), the child goes too.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  }).finally(() => process.off('exit', killOnExit));
  const managed: ManagedProcess = {
    name: options.name,
    child,
    logFile: options.logFile,
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => log.end(() => resolve()));
    },
  };
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (spawnError) break;
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const response = await fetch(options.readyUrl, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.ok) return managed;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await managed.stop(0);
  const tail = (await readFile(options.logFile, 'utf8').catch(() => ''))
    .trim()
    .split('\n')
    .slice(-8)
    .join('\n');
  throw new Error(
    `${options.name} did not become ready at ${options.readyUrl}` +
      (spawnError
        ? ` (${spawnError.message})`
        : child.exitCode !== null
          ? ` (exit code ${child.exitCode})`
          : '') +
      (tail ? `; last lines of ${options.logFile}:\n${tail}` : ''),
  );
}
