#!/usr/bin/env node
// The `statewatch` command. Each subcommand lives in `commands/<name>.ts` and exports
// `run(argv): Promise<number>` (the exit code); it is loaded only when asked for.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CLOSED_PIPE, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli/exit-codes';

const COMMANDS: Record<string, string> = {
  demo: 'Run the instrumented demo service with its load generator and live view.',
  top: 'Live terminal view of a statewatch /metrics endpoint.',
  baseline: 'Build a feature baseline from CSV or JSONL (`statewatch baseline build ...`).',
  drift: 'Check a data file against a baseline (`statewatch drift check ...`).',
  grafana: 'Import the dashboards and alert rules into Grafana (`statewatch grafana import ...`).',
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(width)}  ${text}`);
  return [
    'Usage: statewatch <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'statewatch <command> --help shows its options. Exit codes, the same for every command: 0 ok,',
    '1 drift found (drift check) or the command failed, 2 bad usage or bad input, 141 the reader of',
    'the output went away.',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const file = join(__dirname, 'commands', `${name}.js`);
  if (!(name in COMMANDS) || !existsSync(file)) {
    process.stderr.write(`statewatch: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (name in IN_WORKER) return runInWorker(file, rest, IN_WORKER[name]);
  const command = (await import(file)) as { run(argv: string[]): Promise<number> };
  return command.run(rest);
}

/**
 * Commands that stream big files run in a worker with a small young generation: on a fast
 * allocating read V8 otherwise grows it to over 100 MB, most of the process's memory, although
 * what stays alive is ~10 MB (measured, 2 M-record CSV: peak RSS 229 MB in process, 160 MB so).
 */
const IN_WORKER: Record<string, { maxYoungGenerationSizeMb: number }> = {
  baseline: { maxYoungGenerationSizeMb: 8 },
  drift: { maxYoungGenerationSizeMb: 8 },
};

function runInWorker(file: string, argv: string[], resourceLimits: { maxYoungGenerationSizeMb: number }) {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const source = `const { parentPort, workerData } = require('node:worker_threads');
require(workerData.file).run(workerData.argv).then((code) => parentPort.postMessage(code), (err) => { throw err; });`;
  const worker = new Worker(source, { eval: true, workerData: { file, argv }, resourceLimits });
  return new Promise<number>((resolve, reject) => {
    let code: number = EXIT_FAILED;
    worker.on('message', (c: number) => (code = c));
    worker.on('error', reject);
    worker.on('exit', () => resolve(code));
  });
}

let stdoutClosed = false;

/**
 * A reader that stops early (`statewatch top --summary | head -3`) closes stdout. Stop as a
 * shell-killed process would: no stack trace, and never exit 1, which `drift check` uses for
 * "drift found". Commands that clean up on SIGTERM (demo, top) get it, the rest exit at once.
 */
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (stdoutClosed) return; // later writes to the closed pipe fail too
  if (err.code !== 'EPIPE') throw err;
  stdoutClosed = true;
  process.exitCode = EXIT_CLOSED_PIPE;
  if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
  else process.exit(EXIT_CLOSED_PIPE);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = stdoutClosed ? EXIT_CLOSED_PIPE : code;
  },
  (err: unknown) => {
    // Commands report their own errors; this is only for what none of them expected.
    process.stderr.write(`statewatch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
