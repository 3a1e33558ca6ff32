import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateBaseline } from '@statewatch/feature-drift';
import { describe, expect, it } from 'vitest';
import { run } from '../src/commands/baseline';
import { capture, tempFiles } from './drift-helpers';

const csv = [
  'id,age,income,country',
  ...Array.from(
    { length: 200 },
    (_, i) => `${i},${20 + (i % 40)},${1000 * (i % 13)},${['US', 'DE', '"FR"', 'IT', ''][i % 5]}`,
  ),
].join('\r\n');

describe('statewatch baseline build', () => {
  it('builds a valid baseline from CSV (quotes, CRLF, empty cells) and reports it', async () => {
    const dir = tempFiles({ 'ref.csv': csv });
    const out = join(dir, 'baseline.json');
    const args = [
      'build',
      '--input',
      join(dir, 'ref.csv'),
      '--numeric',
      'age,income',
      '--categorical',
      'country',
    ];
    const r = await capture(run, [...args, '--bins', '5', '--top', '2', '--out', out]);
    expect(r.stderr).toMatch(/ref\.csv: 200 records/); // not a TTY: a count
    expect(r.code).toBe(0);
    const baseline = validateBaseline(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(r.stdout).toContain(`baseline ${baseline.id}, 200 records`);
    expect(baseline.sampleSize).toBe(200);
    expect(baseline.features.age.counts).toHaveLength(5);
    expect(baseline.features.country).toMatchObject({
      categories: ['DE', 'FR'],
      counts: [40, 40, 80],
      missing: 40,
    });
  });

  it('builds the same baseline from the same data as JSONL', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      age: 20 + (i % 40),
      income: 1000 * (i % 13),
      country: ['US', 'DE', 'FR', 'IT', null][i % 5],
    }));
    const dir = tempFiles({ 'ref.csv': csv, 'ref.jsonl': rows.map((r) => JSON.stringify(r)).join('\n') });
    const common = ['--numeric', 'age,income', '--categorical', 'country', '--bins', '5', '--top', '2'];
    await capture(run, ['build', '--input', join(dir, 'ref.csv'), ...common, '--out', join(dir, 'a.json')]);
    await capture(run, ['build', '--input', join(dir, 'ref.jsonl'), ...common, '--out', join(dir, 'b.json')]);
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(b.id).toBe(a.id);
  });

  it.each([
    [
      'a column missing from the CSV',
      { 'ref.csv': 'age,country\n1,US\n' },
      ['--numeric', 'age,income'],
      /ref\.csv:1: column 'income' is not in the header \(columns: age, country\)/,
    ],
    [
      'a non-numeric value in a numeric column',
      { 'ref.csv': 'age,country\n1,US\n2,DE\nforty,FR\n' },
      ['--numeric', 'age'],
      /ref\.csv:4: column 1 \('age'\): "forty" is not a number/,
    ],
    [
      'a short CSV row',
      { 'ref.csv': 'age,country\n1,US\n2\n' },
      ['--numeric', 'age'],
      /ref\.csv:3: column 2 \('country'\): Invalid Record Length: expect 2, got 1/,
    ],
    [
      'a bad JSONL line',
      { 'ref.jsonl': '{"age": 1}\n{"age": 2,\n' },
      ['--numeric', 'age'],
      /ref\.jsonl:2: not valid JSON/,
    ],
    [
      'a string in a numeric JSONL field',
      { 'ref.jsonl': '{"age": 1}\n{"age": "2"}\n' },
      ['--numeric', 'age'],
      /ref\.jsonl:2: field 'age': "2" is not a number/,
    ],
    [
      'a feature absent from every JSONL record',
      { 'ref.jsonl': '{"age": 1}\n' },
      ['--numeric', 'age,height'],
      /ref\.jsonl: field 'height' does not appear in any record/,
    ],
    [
      'a numeric column without any value',
      { 'ref.csv': 'age,country\n,US\nNA,DE\n' },
      ['--numeric', 'age'],
      /ref\.csv: feature 'age' has no finite numeric value in 2 records/,
    ],
  ])('fails clearly on %s', async (_name, files, spec, message) => {
    const dir = tempFiles(files);
    const input = join(dir, Object.keys(files)[0]);
    const r = await capture(run, ['build', '--input', input, ...spec, '--out', join(dir, 'out.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('explains usage errors', async () => {
    const r = await capture(run, ['build', '--input', 'x.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out is required/);
    expect(r.stderr).toMatch(/Usage: statewatch baseline build/);
    const unknown = await capture(run, [
      'build',
      '--input',
      'x.csv',
      '--out',
      'o',
      '--numeric',
      'a',
      '--colour',
      'red',
    ]);
    expect(unknown.stderr).toMatch(/unknown option --colour/);
  });
});
