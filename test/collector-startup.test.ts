// The built statewatch collector refuses to start on a bad drift processor setup, and says why:
// a missing or malformed baseline file fails with its path and the reason, a bad option with
// the name of the field. Each case starts the real binary on the shipped collector/config.yaml.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCollector,
  COLLECTOR_BINARY as BINARY,
  REPO_ROOT as ROOT,
  SCORING_BASELINE as BASELINE,
  SHIPPED_COLLECTOR_CONFIG as CONFIG,
} from './utils/collector-process';

/** Starts the collector and waits for it to exit; every listener is on an ephemeral port. */
function startCollector(baseline: string, ...extraArgs: string[]): { status: number | null; output: string } {
  const result = spawnSync(BINARY, ['--config', CONFIG, ...extraArgs], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      ...process.env,
      STATEWATCH_BASELINE: baseline,
      STATEWATCH_OTLP_HTTP_ENDPOINT: '127.0.0.1:0',
      STATEWATCH_OTLP_GRPC_ENDPOINT: '127.0.0.1:0',
      STATEWATCH_PROMETHEUS_ENDPOINT: '127.0.0.1:0',
      STATEWATCH_TELEMETRY_HOST: '127.0.0.1',
      STATEWATCH_TELEMETRY_PORT: '0',
    },
  });
  expect(result.signal, 'the collector exited by itself instead of running on').toBeNull();
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('statewatch collector start-up errors', () => {
  let dir = '';

  beforeAll(() => {
    // Cached: a no-op when the binary is newer than its inputs, minutes on a fresh clone.
    buildCollector();
    dir = mkdtempSync(join(tmpdir(), 'statewatch-collector-startup-'));
  }, 1_200_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the path of a missing baseline file and the reason', () => {
    const path = join(dir, 'no-such-baseline.json');
    const { status, output } = startCollector(path);
    expect(status).not.toBe(0);
    expect(output).toContain(`baseline ${path}: (file): cannot read`);
    expect(output).toContain('no such file or directory');
  });

  it('names the path of a baseline that is not JSON and the reason', () => {
    const path = join(dir, 'not-json.json');
    writeFileSync(path, '{ "version": 1, ');
    const { status, output } = startCollector(path);
    expect(status).not.toBe(0);
    expect(output).toContain(`baseline ${path}: (file): not a valid baseline JSON object`);
  });

  it('names the path, the field and the problem of a malformed baseline', () => {
    const original = readFileSync(BASELINE, 'utf8');
    const edited = original.replace('"version": 1', '"version": 2');
    expect(edited).not.toBe(original);
    const path = join(dir, 'version-2.json');
    writeFileSync(path, edited);
    const { status, output } = startCollector(path);
    expect(status).not.toBe(0);
    expect(output).toContain(`baseline ${path}: version: must be 1 (got 2)`);
  });

  it('names the bad option of the drift processor', () => {
    const zero = startCollector(BASELINE, '--set=processors::drift::emit_interval=0s');
    expect(zero.status).not.toBe(0);
    expect(zero.output).toContain('processors::drift: emit_interval: must be a positive duration (got 0s)');

    const uneven = startCollector(BASELINE, '--set=processors::drift::buckets=7');
    expect(uneven.status).not.toBe(0);
    expect(uneven.output).toContain('processors::drift: buckets: must divide window');
  });
});
