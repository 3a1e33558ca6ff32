import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from './utils/ports';

// A real vitest project (test/vitest-project) whose workers run with statewatch registered, as a
// service's own test suite would: vitest loads the libraries by file:// URL, and each spec reads
// statewatch's metrics from its worker's /metrics endpoint.
const ROOT = join(__dirname, '..');
const run = promisify(execFile);

describe('a vitest project', () => {
  it('gets statewatch metrics for the libraries its tests use', async () => {
    const port = await freePort();
    const result = await run(
      join(ROOT, 'node_modules/.bin/node'),
      [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', join(__dirname, 'vitest-project')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
          STATEWATCH_PROMETHEUS_PORT: String(port),
        },
        timeout: 120_000,
      },
    ).catch((err: { stdout?: string; stderr?: string; code?: number }) => err);
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
    expect('code' in result ? result.code : 0, output).toBe(0);
    expect(output).toMatch(/clone\.spec\.ts/);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/failed/);
  });
});
