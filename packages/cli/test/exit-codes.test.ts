// One exit-code convention for every command of the built `statewatch` binary: 0 ok, 1 drift
// found or the command failed, 2 bad usage or bad input (top and demo included).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBaseline } from '@statewatch/feature-drift';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { tempFiles } from './drift-helpers';

const bin = join(__dirname, '../dist/bin.js');
const statewatch = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GRAFANA_TOKEN: '' },
  });

let dir: string;
beforeAll(() => {
  const reference = Array.from({ length: 400 }, (_, i) => ({ score: i % 97, plan: ['a', 'b'][i % 2] }));
  dir = tempFiles({
    'baseline.json': JSON.stringify(buildBaseline(reference, { numeric: ['score'], categorical: ['plan'] })),
    'header-only.csv': 'score,plan\n',
    'no-plan.csv': ['score,plan', ...reference.map((r) => `${r.score},`)].join('\n'),
    'ok.csv': ['score,plan', ...reference.map((r) => `${r.score},${r.plan}`)].join('\n'),
  });
});

describe('statewatch exit codes', () => {
  it.each([
    [['top', '--bogus'], /statewatch top: unknown option --bogus/],
    [['top', 'a', 'b'], /unexpected argument 'b'/],
    [['top', '--interval', 'soon'], /--interval must be a number of seconds/],
    [['demo', '--bogus'], /statewatch demo: unknown option --bogus/],
    [['demo', '--gc', 'extreme'], /--gc must be one of off, low, normal, high \(got extreme\)/],
    [['baseline', 'build', '--input', 'x.csv'], /--out is required/],
    [['baseline', 'make'], /expected the subcommand 'build' \(got make\)/],
    [['drift', 'check', '--input', 'x.csv'], /--baseline is required/],
    [['drift', 'check', '--fail-on', 'maybe'], /--fail-on must be drift or warn \(got 'maybe'\)/],
    [['grafana', 'import', '--bogus'], /unknown option --bogus/],
    [['grafana', 'import', '--url'], /--url needs a value/],
    [['nonsense'], /unknown command 'nonsense'/],
  ])('%j: bad usage exits 2 with the reason', (argv, message) => {
    const r = statewatch(...argv);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help of every command exits 0 and shows its options and exit codes', () => {
    for (const argv of [
      ['top'],
      ['demo'],
      ['baseline', 'build'],
      ['drift', 'check'],
      ['grafana', 'import'],
    ]) {
      const r = statewatch(...argv, '--help');
      expect(r.status, argv.join(' ')).toBe(0);
      expect(r.stdout).toContain(`Usage: statewatch ${argv.join(' ')}`);
      expect(r.stdout).toContain('Exit codes:');
    }
  });

  it('drift check: a feature without any usable value fails with 2 (an empty extract cannot pass)', () => {
    const baseline = join(dir, 'baseline.json');
    for (const file of ['header-only.csv', 'no-plan.csv']) {
      const r = statewatch('drift', 'check', '--baseline', baseline, '--input', join(dir, file));
      expect(r.status, r.stdout).toBe(2);
      expect(r.stderr).toContain(`${join(dir, file)}: no usable value for`);
    }
    const allowed = statewatch(
      'drift',
      'check',
      '--baseline',
      baseline,
      '--input',
      join(dir, 'no-plan.csv'),
      '--allow-empty',
    );
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/^plan\s+categorical\s+0\s+400\s.*NO DATA/m);
    expect(statewatch('drift', 'check', '--baseline', baseline, '--input', join(dir, 'ok.csv')).status).toBe(
      0,
    );
  });

  it('top --refreshes against an endpoint that does not answer: ends, exit 1', async () => {
    const port = await freePort();
    const r = statewatch('top', `http://127.0.0.1:${port}/metrics`, '-n', '2', '-i', '0.2', '--summary');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`waiting for http://127.0.0.1:${port}/metrics: cannot reach`);
  });

  it('a directory as --input exits 2 naming it', () => {
    const r = statewatch('drift', 'check', '--baseline', join(dir, 'baseline.json'), '--input', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${dir}: is a directory, not a file`);
  });
});

describe('empty values are missing, in every input format', () => {
  it('an empty categorical cell (CSV) or "" (JSON Lines) counts as missing, not as a category', () => {
    const baseline = join(dir, 'baseline.json');
    const rows = Array.from({ length: 400 }, (_, i) => ({
      score: i % 97,
      plan: i % 4 === 0 ? '' : ['a', 'b'][i % 2],
    }));
    writeFileSync(
      join(dir, 'blanks.csv'),
      ['score,plan', ...rows.map((r) => `${r.score},${r.plan}`)].join('\n'),
    );
    writeFileSync(join(dir, 'blanks.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    for (const file of ['blanks.csv', 'blanks.jsonl']) {
      const r = statewatch('drift', 'check', '--baseline', baseline, '--input', join(dir, file), '--json');
      const plan = JSON.parse(r.stdout).features.find((f: { feature: string }) => f.feature === 'plan');
      expect(plan, file).toMatchObject({ n: 300, missing: 100 });
    }
  });
});
