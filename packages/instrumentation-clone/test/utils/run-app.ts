import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface Point {
  name: string;
  attributes: Record<string, string>;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface AppResult {
  points: Point[];
  checks: Record<string, unknown>;
}

/** Runs a fixture app with the running (pinned) Node, bounded in time; returns its JSON line. */
export function runFixture(nodeArgs: string[], app: string, timeoutMs = 60_000): Promise<AppResult> {
  return runFixtureJson<AppResult>(nodeArgs, app, [], timeoutMs);
}

/** Runs a fixture app (with `args` after it), bounded in time; returns its last line, parsed. */
export function runFixtureJson<T>(
  nodeArgs: string[],
  app: string,
  args: string[] = [],
  timeoutMs = 60_000,
): Promise<T> {
  const fixtures = resolve(__dirname, '..', 'fixtures');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeArgs, resolve(fixtures, app), ...args], {
      cwd: fixtures,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${app} did not exit within ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0)
        return fail(new Error(`${app} exited with ${code}\nstdout: ${stdout}\nstderr: ${stderr}`));
      try {
        done(JSON.parse(stdout.trim().split('\n').pop()!) as T);
      } catch (err) {
        fail(new Error(`${app} printed no result: ${String(err)}\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}

/** The point of `metric` (suffix after `statewatch.clone.`) whose attributes are exactly `attributes`. */
export function pointOf(
  points: Point[],
  metric: string,
  attributes: Record<string, string>,
): Point | undefined {
  const name = `statewatch.clone.${metric}`;
  const wanted = JSON.stringify(Object.entries(attributes).sort());
  return points.find(
    (p) => p.name === name && JSON.stringify(Object.entries(p.attributes).sort()) === wanted,
  );
}
