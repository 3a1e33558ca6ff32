import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from './utils/ports';

// A real vitest project (test/vitest-project) with statewatch loaded into its workers: vitest
// loads the libraries by file URL, and its tests read statewatch's metrics from the endpoint.
const run = promisify(execFile);
const root = join(__dirname, '..');

describe('a vitest project', () => {
  it('gets statewatch metrics for the libraries its tests import', async () => {
    const port = await freePort();
    const vitest = join(root, 'node_modules/vitest/vitest.mjs');
    const args = [
      vitest,
      'run',
      '--root',
      join(__dirname, 'vitest-project'),
      '--config',
      'vitest.config.mjs',
    ];
    const dir = mkdtempSync(join(tmpdir(), 'vitest-project-'));
    const outputFile = join(dir, 'report.json');
    let report: {
      numPassedTests: number;
      numFailedTests: number;
      testResults: Array<{ name: string; status: string; message: string }>;
    };
    try {
      await run(process.execPath, [...args, '--reporter=json', `--outputFile=${outputFile}`], {
        cwd: root,
        env: {
          ...process.env,
          STATEWATCH_PROMETHEUS_PORT: String(port),
          STATEWATCH_PROMETHEUS_HOST: '127.0.0.1',
        },
        timeout: 240_000,
        maxBuffer: 1 << 26,
      }).catch((err: { stderr?: string }) => {
        if (!existsSync(outputFile))
          throw new Error(`vitest did not run: ${String(err.stderr ?? err).slice(0, 3000)}`);
      });
      report = JSON.parse(readFileSync(outputFile, 'utf8')) as typeof report;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const failures = report.testResults
      .filter((r) => r.status !== 'passed')
      .map((r) => `${r.name}: ${r.message}`);
    expect(failures).toEqual([]);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThanOrEqual(1);
    const files = report.testResults.map((r) => r.name.slice(r.name.lastIndexOf('/') + 1));
    expect(files).toContain('lock.test.mjs');
  });
});
