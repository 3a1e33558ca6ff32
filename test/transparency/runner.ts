// The differential harness: one scenario script, run in a bare child process and in an
// instrumented one (`--require` / `--import @statewatch/node/register`), on a given Node binary.
// Both print what the program can observe (observe.cjs); the outputs must be equal, except for
// the lines listed in exceptions.json with a reason.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../utils/ports';

const run = promisify(execFile);
export const ROOT = resolve(__dirname, '..', '..');
export const HARNESS = __dirname;
export const SCENARIOS = join(HARNESS, 'scenarios');

/** The Node binaries of the matrix (the repository pins 24; 22 and 26 are npm aliases). */
export const NODES = {
  22: join(ROOT, 'node_modules/node22/bin/node'),
  24: join(ROOT, 'node_modules/.bin/node'),
  26: join(ROOT, 'node_modules/node26/bin/node'),
} as const;

export interface Scenario {
  file: string;
  name: string;
  format: 'cjs' | 'esm';
  /** `// @requires web-locks`: skipped where Node has no navigator.locks. */
  requires: string[];
  /** `// @expect-metrics <text>`: a line of the instrumented /metrics must contain each one. */
  expectMetrics: string[];
  /** `// @env NAME=value`: set in both processes (e.g. to leave another instrumentation out). */
  env: Record<string, string>;
}

export function scenarios(prefix = ''): Scenario[] {
  return readdirSync(SCENARIOS)
    .filter((f) => /\.(cjs|mjs)$/.test(f) && f.startsWith(prefix) && !f.includes('.part.'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(SCENARIOS, f), 'utf8');
      const header = (tag: string) =>
        [...text.matchAll(new RegExp(`^// @${tag} (.+)$`, 'gm'))].map((m) => m[1]!.trim());
      return {
        file: join(SCENARIOS, f),
        name: f,
        format: f.endsWith('.mjs') ? 'esm' : 'cjs',
        requires: header('requires'),
        expectMetrics: header('expect-metrics'),
        env: Object.fromEntries(
          header('env').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
        ),
      };
    });
}

export interface ProcessRun {
  lines: string[];
  stderr: string;
  code: number;
}

async function runOne(node: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  try {
    const { stdout, stderr } = await run(node, args, {
      cwd: ROOT,
      env,
      timeout: 120_000,
      maxBuffer: 1 << 26,
    });
    return { lines: stdout.split('\n').filter((l) => l !== ''), stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return {
      lines: (e.stdout ?? '').split('\n').filter((l) => l !== ''),
      stderr: e.stderr ?? '',
      code: e.code ?? -1,
    };
  }
}

export interface PairResult {
  bare: ProcessRun;
  instrumented: ProcessRun;
  /** What the instrumented process served on /metrics when it was done. */
  metrics: string;
}

/** Runs a scenario bare and instrumented on one Node binary. */
export async function runPair(
  scenario: Scenario,
  node: string,
  extraInstrumented: string[] = [],
): Promise<PairResult> {
  const env = { ...process.env, NODE_OPTIONS: '', OTEL_SDK_DISABLED: undefined, ...scenario.env };
  const preload = ['--require', join(HARNESS, 'preload.cjs')];
  const register = [scenario.format === 'esm' ? '--import' : '--require', '@statewatch/node/register'];
  const dir = mkdtempSync(join(tmpdir(), 'transparency-'));
  const port = await freePort();
  try {
    const [bare, instrumented] = await Promise.all([
      runOne(node, [...preload, scenario.file], env),
      runOne(node, [...preload, ...register, ...extraInstrumented, scenario.file], {
        ...env,
        STATEWATCH_PROMETHEUS_HOST: '127.0.0.1',
        STATEWATCH_PROMETHEUS_PORT: String(port),
        TRANSPARENCY_METRICS_URL: `http://127.0.0.1:${port}/metrics`,
        TRANSPARENCY_METRICS_FILE: join(dir, 'metrics.txt'),
      }),
    ]);
    let metrics = '';
    try {
      metrics = readFileSync(join(dir, 'metrics.txt'), 'utf8');
    } catch {
      metrics = '# nothing scraped';
    }
    return { bare, instrumented, metrics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Exception {
  scenario: string;
  label: string;
  node?: number;
  reason: string;
}

export function exceptions(): Exception[] {
  return JSON.parse(readFileSync(join(HARNESS, 'exceptions.json'), 'utf8')) as Exception[];
}

/**
 * The observations that differ, by label, minus the documented exceptions; and the exceptions
 * that no longer match a difference (stale: remove them).
 */
export function compare(
  scenario: Scenario,
  nodeMajor: number,
  result: PairResult,
): { differences: string[]; unusedExceptions: Exception[] } {
  const mine = exceptions().filter(
    (e) => e.scenario === scenario.name && (e.node === undefined || e.node === nodeMajor),
  );
  const used = new Set<Exception>();
  const byLabel = (lines: string[]) => {
    const m = new Map<string, string[]>();
    for (const l of lines) {
      const label = l.slice(0, Math.max(0, l.indexOf(': ')));
      m.set(label, [...(m.get(label) ?? []), l]);
    }
    return m;
  };
  const a = byLabel(result.bare.lines);
  const b = byLabel(result.instrumented.lines);
  const differences: string[] = [];
  for (const label of new Set([...a.keys(), ...b.keys()])) {
    const left = (a.get(label) ?? []).join('\n');
    const right = (b.get(label) ?? []).join('\n');
    if (left === right) continue;
    const exception = mine.find((e) => e.label === label);
    if (exception) {
      used.add(exception);
      continue;
    }
    differences.push(`bare:         ${left || '(missing)'}\ninstrumented: ${right || '(missing)'}`);
  }
  if (result.bare.code !== result.instrumented.code)
    differences.push(`exit code: bare ${result.bare.code}, instrumented ${result.instrumented.code}`);
  const order = (r: ProcessRun) => r.lines.map((l) => l.slice(0, l.indexOf(': '))).join('\n');
  if (differences.length === 0 && order(result.bare) !== order(result.instrumented))
    differences.push('the observations came in another order');
  return { differences, unusedExceptions: mine.filter((e) => !used.has(e)) };
}
