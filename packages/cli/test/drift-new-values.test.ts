// `statewatch drift check`: the new-value lines of the table, the JSON fields and the HTML report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBaseline } from '@statewatch/feature-drift';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/commands/drift';
import { capture, tempFiles } from './drift-helpers';

const plans = ['free', 'pro', 'team'];
const reference = Array.from({ length: 5000 }, (_, i) => ({ score: (i * 7919) % 1000, plan: plans[i % 3] }));
const calm = Array.from({ length: 2000 }, (_, i) => ({
  score: (i * 104729) % 1000,
  plan: plans[(i + 1) % 3],
}));
// A new plan at 0.5% and scores above the reference maximum (999) at 0.5%: PSI stays small.
const fresh = calm.map((r, i) => (i % 200 === 0 ? { score: 5000, plan: 'enterprise' } : r));
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

let dir: string;
beforeAll(() => {
  dir = tempFiles({
    'baseline.json': JSON.stringify(buildBaseline(reference, { numeric: ['score'], categorical: ['plan'] })),
    'calm.jsonl': jsonl(calm),
    'fresh.jsonl': jsonl(fresh),
  });
});

const check = (input: string, ...extra: string[]) =>
  capture(run, ['check', '--baseline', join(dir, 'baseline.json'), '--input', join(dir, input), ...extra]);

describe('statewatch drift check: new values', () => {
  it('calm data: no value outside the baseline, nothing flagged', async () => {
    const r = await check('calm.jsonl');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^score\s+0 of 2000 \(0%\), critical share [\d.]+%$/m);
    expect(r.stdout).toMatch(/^plan\s+0 of 2000 \(0%\), critical share [\d.]+%$/m);
    expect(r.stdout).not.toContain('NEW VALUES');
  });

  it('a new category and numbers beyond the maximum at 0.5%: flagged though PSI stays ok', async () => {
    const r = await check('fresh.jsonl', '--json', '--html', join(dir, 'report.html'));
    const report = JSON.parse(r.stdout) as {
      features: Array<{
        feature: string;
        verdict: string;
        unseen: { count: number; share: number; newValues: boolean };
      }>;
    };
    for (const name of ['score', 'plan']) {
      const f = report.features.find((x) => x.feature === name)!;
      expect(f.unseen, name).toMatchObject({ count: 10, share: 0.005, newValues: true });
    }
    expect(report.features.find((x) => x.feature === 'plan')!.verdict).toBe('ok');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('New values (outside the baseline): <b>10</b> of 2000 (0.5%)');
    expect(html.match(/>new values<\/span>/g)).toHaveLength(2);
    const table = await check('fresh.jsonl');
    expect(table.stdout).toMatch(/^plan\s+10 of 2000 \(0\.5%\), critical share [\d.]+%\s+NEW VALUES$/m);
    // Exit code: new values are a warning, so only --fail-on warn fails on them.
    expect(table.code).toBe(0);
    expect((await check('fresh.jsonl', '--fail-on', 'warn')).code).toBe(1);
    expect((await check('calm.jsonl', '--fail-on', 'warn')).code).toBe(0);
  });
});
