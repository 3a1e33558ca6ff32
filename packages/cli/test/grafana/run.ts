// Runs `statewatch grafana` in process, collecting its output and the backoff sleeps.
import { expect } from 'vitest';
import { grafanaCli } from '../../src/grafana/cli';
import { TOKEN } from './fake-grafana';

export interface Run {
  code: number;
  out: string;
  err: string;
  sleeps: number[];
}

export async function cli(
  argv: string[],
  env: Record<string, string> = { GRAFANA_TOKEN: TOKEN },
): Promise<Run> {
  const run: Run = { code: -1, out: '', err: '', sleeps: [] };
  run.code = await grafanaCli(argv, {
    env,
    out: (t) => (run.out += t),
    err: (t) => (run.err += t),
    backoffMs: 100,
    sleep: async (ms) => void run.sleeps.push(ms),
  });
  // The token must never reach the output, in any form.
  for (const form of [TOKEN, TOKEN.slice(0, 12), Buffer.from(TOKEN).toString('base64')])
    expect(run.out + run.err).not.toContain(form);
  return run;
}
