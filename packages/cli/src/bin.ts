#!/usr/bin/env node
// The `statewatch` command. Each subcommand lives in `commands/<name>.ts` and exports
// `run(argv): Promise<number>` (the exit code); it is loaded only when asked for.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
  return ['Usage: statewatch <command> [options]', '', 'Commands:', ...lines, ''].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const file = join(__dirname, 'commands', `${name}.js`);
  if (!(name in COMMANDS) || !existsSync(file)) {
    process.stderr.write(`statewatch: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const command = (await import(file)) as { run(argv: string[]): Promise<number> };
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`statewatch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
