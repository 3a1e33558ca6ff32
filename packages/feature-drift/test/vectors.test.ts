import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baselineId,
  canonicalJson,
  categoricalBin,
  chiSquare99,
  MISSING_BIN,
  numericBin,
  psi,
  psiCritical,
  validateBaseline,
  verdict,
  type FeatureBaseline,
} from '../src/index';
import { renderVectors, VECTORS_RELATIVE_PATH } from '../src/vectors/cases';

const file = join(__dirname, '..', '..', '..', VECTORS_RELATIVE_PATH);
const text = readFileSync(file, 'utf8');
const vectors = JSON.parse(text);

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    vectors.tolerance.relative * Math.max(1, Math.abs(expected)),
  );
}

describe('shared PSI vectors', () => {
  it('are up to date with the generator (run `npm run generate -w @statewatch/feature-drift`)', () => {
    expect(text).toBe(renderVectors());
  });

  it('bin every value as the TypeScript implementation does', () => {
    expect(vectors.binning.length).toBeGreaterThan(40);
    for (const c of vectors.binning) {
      const bin =
        c.kind === 'numeric'
          ? numericBin(c.edges, c.value)
          : categoricalBin(
              new Map(c.categories.map((k: string, i: number) => [k, i])),
              c.categories.length + 1,
              c.value,
            );
      expect(bin === MISSING_BIN ? null : bin, JSON.stringify(c)).toBe(c.bin);
    }
  });

  it('give the PSI, critical value and verdict of every case', () => {
    for (const c of vectors.psi) {
      const feature = c.feature as FeatureBaseline;
      // The feature objects are valid baseline features.
      const body = { version: 1 as const, features: { f: feature } };
      validateBaseline(
        { ...body, id: baselineId(body), createdAt: '2026-01-01T00:00:00Z', sampleSize: 1 },
        c.name,
      );
      const m = feature.counts.reduce((a, b) => a + b, 0);
      const value = psi(feature.counts, c.windowCounts);
      const critical = psiCritical(m, c.expected.n, feature.counts.length);
      if (c.expected.psi === null) {
        expect(value).toBeUndefined();
        expect(critical).toBeUndefined();
        continue;
      }
      close(value!, c.expected.psi);
      close(critical!, c.expected.critical);
      expect(verdict(value!, critical!)).toBe(c.expected.verdict);
    }
  });

  it('give chi-square quantiles, verdicts and baseline ids', () => {
    for (const c of vectors.chiSquare99) close(chiSquare99(c.k), c.value);
    for (const c of vectors.verdict) expect(verdict(c.psi, c.critical)).toBe(c.verdict);
    for (const c of vectors.baselineId) {
      expect(canonicalJson({ version: c.version, features: c.features })).toBe(c.canonical);
      expect(baselineId(c)).toBe(c.id);
    }
  });

  it('hold hand-checked anchors', () => {
    // chi2_99(1) is 6.635 exactly; Wilson–Hilferty is within 1% for k = 1 and better above.
    expect(vectors.chiSquare99[0].value).toBeCloseTo(6.5858, 3);
    const chi9 = vectors.chiSquare99.find((c: { k: number }) => c.k === 9).value;
    expect(Math.abs(chi9 - 21.666) / 21.666).toBeLessThan(0.002);
    const same = vectors.psi.find((c: { name: string }) => c.name === 'identical counts give exactly zero');
    expect(same.expected.psi).toBe(0);
  });
});
