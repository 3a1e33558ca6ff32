import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface AppRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a fixture app with the running Node (so the Node matrix covers it), bounded in time. */
export function runApp(
  fixture: string,
  nodeArgs: string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<AppRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeArgs, resolve(__dirname, 'fixtures', fixture)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${fixture} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
