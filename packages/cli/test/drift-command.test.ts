import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBaseline } from '@statewatch/feature-drift';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/commands/drift';
import { capture, tempFiles } from './drift-helpers';

const reference = Array.from({ length: 5000 }, (_, i) => ({
  score: (i * 7919) % 1000,
  plan: ['free', 'pro', 'team'][i % 3],
}));
const same = Array.from({ length: 2000 }, (_, i) => ({
  score: (i * 104729) % 1000,
  plan: ['free', 'pro', 'team'][(i + 1) % 3],
}));
const shifted = same.map((r, i) => ({ score: r.score * 0.5 + 500, plan: i % 2 ? 'enterprise' : r.plan }));
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

let dir: string;
beforeAll(() => {
  dir = tempFiles({
    'baseline.json': JSON.stringify(buildBaseline(reference, { numeric: ['score'], categorical: ['plan'] })),
    'same.jsonl': jsonl(same),
    'shifted.jsonl': jsonl(shifted),
    'same.csv': ['plan,score', ...same.map((r) => `${r.plan},${r.score}`)].join('\n'),
  });
});

describe('statewatch drift check', () => {
  it('passes (exit 0) on data from the baseline distribution, CSV or JSONL', async () => {
    for (const input of ['same.jsonl', 'same.csv']) {
      const r = await capture(run, [
        'check',
        '--baseline',
        join(dir, 'baseline.json'),
        '--input',
        join(dir, input),
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^score\s+numeric\s+2000\s+0\s+\d\.\d{4}\s+\d\.\d{4}\s+OK/m);
      expect(r.stdout).toMatch(/^plan\s+categorical\s+2000\s+0\s+.*OK/m);
    }
  });

  it('fails (exit 1) on drift, naming the feature, PSI, critical value and the top bins', async () => {
    const r = await capture(run, [
      'check',
      '--baseline',
      join(dir, 'baseline.json'),
      '--input',
      join(dir, 'shifted.jsonl'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^score\s+numeric\s+2000\s+0\s+\d+\.\d{4}\s+0\.\d{4}\s+DRIFT\s+\(-inf, \d+\) 10\.0% → 0\.0%/m,
    );
    expect(r.stdout).toMatch(/^plan\s+categorical.*DRIFT\s+__other__ 0\.0% → 50\.0%/m);
  });

  it('--json gives the same numbers for machines', async () => {
    const r = await capture(run, [
      'check',
      '--baseline',
      join(dir, 'baseline.json'),
      '--input',
      join(dir, 'shifted.jsonl'),
      '--json',
    ]);
    const report = JSON.parse(r.stdout);
    expect(report.result).toBe('drift');
    expect(report.records).toBe(2000);
    const score = report.features.find((f: { feature: string }) => f.feature === 'score');
    expect(score.psi).toBeGreaterThan(score.critical);
    expect(score.bins.reduce((a: number, b: { contribution: number }) => a + b.contribution, 0)).toBeCloseTo(
      score.psi,
      12,
    );
  });

  it('--html writes a self-contained report with both shares per bin and PSI against its critical value', async () => {
    const html = join(dir, 'report.html');
    await capture(run, [
      'check',
      '--baseline',
      join(dir, 'baseline.json'),
      '--input',
      join(dir, 'shifted.jsonl'),
      '--html',
      html,
    ]);
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text.match(/<svg /g)!.length).toBe(4); // a scale and a shares chart per feature
    expect(text).toContain('__other__: reference 0.0%'); // bar tooltips carry both shares
    expect(text).toContain('__other__: current 50.0%');
    expect(text).toMatch(/critical 0\.\d{3}/);
    // Nothing is fetched: no scripts, no links, no external resources.
    expect(text).not.toMatch(/<script|<link|src=|href=|url\(|@import/i);
  });

  it('--fail-on warn also fails on a warning', async () => {
    const mild = same.map((r, i) => ({ ...r, plan: i % 11 === 0 ? 'free' : r.plan }));
    writeFileSync(join(dir, 'mild.jsonl'), jsonl(mild));
    const base = [
      'check',
      '--baseline',
      join(dir, 'baseline.json'),
      '--input',
      join(dir, 'mild.jsonl'),
      '--json',
    ];
    const lenient = await capture(run, base);
    const report = JSON.parse(lenient.stdout);
    const verdicts = report.features.map((f: { verdict: string }) => f.verdict);
    expect(lenient.code).toBe(verdicts.includes('drift') ? 1 : 0);
    const strict = await capture(run, [...base, '--fail-on', 'warn']);
    expect(strict.code).toBe(verdicts.some((v: string) => v !== 'ok') ? 1 : 0);
  });

  it('rejects a malformed baseline, naming the file and field (exit 2)', async () => {
    const bad = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    bad.features.score.edges[2] = bad.features.score.edges[1];
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const r = await capture(run, [
      'check',
      '--baseline',
      join(dir, 'bad.json'),
      '--input',
      join(dir, 'same.jsonl'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: features\.score\.edges\[2\]: must be greater than edges\[1\]/);
  });

  it('rejects a CSV missing a baseline column and a non-numeric value, with file and line', async () => {
    const files = tempFiles({
      'nocol.csv': 'score\n1\n',
      'text.csv': 'score,plan\n1,free\n2,pro\nhigh,team\n',
    });
    const args = (input: string) => [
      'check',
      '--baseline',
      join(dir, 'baseline.json'),
      '--input',
      join(files, input),
    ];
    const missing = await capture(run, args('nocol.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nocol\.csv:1: column 'plan' is not in the header \(columns: score\)/);
    const text = await capture(run, args('text.csv'));
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/text\.csv:4: column \d \('score'\): "high" is not a number/);
  });
});

describe('the built statewatch binary', () => {
  const bin = join(__dirname, '..', 'dist', 'bin.js');
  it('runs baseline build and drift check end to end with their exit codes', () => {
    const files = tempFiles({ 'ref.jsonl': jsonl(reference), 'cur.jsonl': jsonl(shifted) });
    const node = process.execPath;
    const build = spawnSync(
      node,
      [
        bin,
        'baseline',
        'build',
        '--input',
        join(files, 'ref.jsonl'),
        '--numeric',
        'score',
        '--categorical',
        'plan',
        '--out',
        join(files, 'b.json'),
      ],
      { encoding: 'utf8' },
    );
    expect(build.status, build.stderr).toBe(0);
    const check = spawnSync(
      node,
      [bin, 'drift', 'check', '--baseline', join(files, 'b.json'), '--input', join(files, 'cur.jsonl')],
      { encoding: 'utf8' },
    );
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('DRIFT');
  });
});
