import { readFileSync } from 'node:fs';
import { DriftCheck, validateBaseline } from '@statewatch/feature-drift';
import { describe, expect, it } from 'vitest';
import { scoringBaseline, scoringInputs } from '../src/scoring';
import { EXAMPLE_BASELINE_FILE } from '../src/stack/stack';

describe('example scoring baseline', () => {
  it('the shipped file is up to date and valid (run `npm run generate -w @statewatch/demo`)', () => {
    const fixture = readFileSync(EXAMPLE_BASELINE_FILE, 'utf8');
    expect(fixture).toBe(`${JSON.stringify(scoringBaseline(), null, 2)}\n`);
    expect(validateBaseline(JSON.parse(fixture), EXAMPLE_BASELINE_FILE).sampleSize).toBe(20_000);
  });

  it('drifts as its generator says: no alarm at drift 0, every shifted feature drifts at 1', () => {
    const baseline = scoringBaseline();
    const check = (drift: number) => {
      const next = scoringInputs(7);
      const counts = new DriftCheck(baseline);
      for (let i = 0; i < 5000; i++) counts.add(next(drift));
      return Object.fromEntries(counts.result().map((f) => [f.feature, f.verdict]));
    };
    expect(check(0)).toEqual({ age: 'ok', income: 'ok', country: 'ok', device: 'ok' });
    expect(check(1)).toEqual({ age: 'drift', income: 'drift', country: 'drift', device: 'ok' });
  });
});
