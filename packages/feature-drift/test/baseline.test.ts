import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baselineId,
  BaselineError,
  buildBaseline,
  loadBaseline,
  validateBaseline,
  type Baseline,
} from '../src/index';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- these tests break the shape on purpose
type Loose = Record<string, any>;

const records = [
  { age: 30, country: 'US' },
  { age: 40, country: 'DE' },
  { age: null, country: 'US' },
  { age: NaN, country: 7 },
  { age: '50', country: undefined },
  { age: 50, country: { name: 'FR' } },
  { age: 60, country: 'FR' },
  { age: 70, country: 'IT' },
];

function build(topCategories = 2): Baseline {
  return buildBaseline(records, {
    numeric: ['age'],
    categorical: ['country'],
    bins: 4,
    topCategories,
    createdAt: new Date('2026-11-22T10:00:00Z'),
  });
}

describe('buildBaseline', () => {
  it('writes version, id, sample size, bins, raw counts, smoothed proportions and missing counts', () => {
    const b = build();
    expect(b).toMatchObject({ version: 1, sampleSize: 8, createdAt: '2026-11-22T10:00:00.000Z' });
    expect(b.features.age).toEqual({
      type: 'numeric',
      // sorted 30 40 50 60 70: candidate i is the value at rank ceil(i·5/4) = 2, 3, 4
      edges: [50, 60, 70],
      counts: [2, 1, 1, 1],
      proportions: [2.5 / 7, 1.5 / 7, 1.5 / 7, 1.5 / 7],
      missing: 3, // null, NaN and the string '50'
      min: 30,
      max: 70,
    });
    // US 2 first; then DE, FR, IT and '7' tie at 1 and are ordered by name: '7' < 'DE'.
    expect(b.features.country).toMatchObject({ categories: ['US', '7'], counts: [2, 1, 3], missing: 2 });
    expect(b.id).toBe(baselineId(b));
    expect(b.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('gives the same id for the same content, whatever the creation time, and another for other content', () => {
    const later = buildBaseline(records, {
      numeric: ['age'],
      categorical: ['country'],
      bins: 4,
      topCategories: 2,
    });
    expect(later.id).toBe(build().id);
    expect(build(3).id).not.toBe(build().id);
  });

  it('rejects features without values and contradictory specs, naming the feature', () => {
    expect(() => buildBaseline([{ a: 'x' }], { numeric: ['a'] })).toThrow(
      /feature 'a' has no finite numeric value in 1 records/,
    );
    expect(() => buildBaseline([{ a: 1 }], { numeric: ['a'], categorical: ['a'] })).toThrow(
      /both numeric and categorical/,
    );
    expect(() => buildBaseline([{ a: 1 }], {})).toThrow(/at least one/);
    expect(() => buildBaseline([{ a: 1 }], { numeric: ['a'], bins: 1 })).toThrow(
      /bins must be an integer >= 2 \(got 1\)/,
    );
  });
});

describe('validateBaseline / loadBaseline', () => {
  const good = build();
  const mutate = (change: (b: Loose) => void) => {
    const copy = structuredClone(good) as Loose;
    change(copy);
    return copy;
  };

  it('accepts a built baseline, from memory and from a file', async () => {
    expect(validateBaseline(structuredClone(good))).toEqual(good);
    const dir = mkdtempSync(join(tmpdir(), 'statewatch-baseline-'));
    const path = join(dir, 'baseline.json');
    writeFileSync(path, JSON.stringify(good, null, 2));
    await expect(loadBaseline(path)).resolves.toEqual(good);
  });

  it.each([
    ['version', (b: Loose) => (b.version = 2), /version: must be 1 \(got 2\)/],
    ['id', (b: Loose) => (b.id = 'abc'), /id: must be 12 lowercase hex/],
    ['edited content', (b: Loose) => (b.features.age.counts[0] = 5), /features\.age\.proportions\[0\]/],
    [
      'edited content with fixed proportions',
      (b: Loose) => (b.features.age.missing = 9),
      /id: content hash is [0-9a-f]{12} but the file says/,
    ],
    [
      'unsorted edges',
      (b: Loose) => (b.features.age.edges = [40, 60, 50]),
      /features\.age\.edges\[2\]: must be greater than edges\[1\] \(got 50 after 60\)/,
    ],
    [
      'wrong count length',
      (b: Loose) => b.features.age.counts.pop(),
      /features\.age\.counts: must have 4 entries/,
    ],
    [
      'negative count',
      (b: Loose) => (b.features.country.counts[1] = -1),
      /features\.country\.counts\[1\]: must be a non-negative integer \(got -1\)/,
    ],
    [
      'bad type',
      (b: Loose) => (b.features.country.type = 'text'),
      /features\.country\.type: must be "numeric" or "categorical"/,
    ],
    [
      '__other__ as a category',
      (b: Loose) => (b.features.country.categories[1] = '__other__'),
      /features\.country\.categories\[1\]: '__other__' is the implicit last bin/,
    ],
    ['no features', (b: Loose) => (b.features = {}), /features: must be an object with at least one feature/],
  ])('names the field of a malformed baseline: %s', (_name, change, message) => {
    const bad = mutate(change);
    expect(() => validateBaseline(bad, 'b.json')).toThrow(BaselineError);
    expect(() => validateBaseline(bad, 'b.json')).toThrow(message);
  });

  it('names the file when it is missing or not JSON', async () => {
    await expect(loadBaseline('/nonexistent/baseline.json')).rejects.toThrow(
      /\/nonexistent\/baseline\.json: \(file\): cannot read/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'statewatch-baseline-'));
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"version": 1,');
    await expect(loadBaseline(path)).rejects.toThrow(/broken\.json: \(file\): not valid JSON/);
  });
});
