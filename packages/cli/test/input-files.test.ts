// The CLI's input rules: CSV through csv-parse (RFC 4180) with line and column in errors, the
// same BOM handling for CSV, JSON Lines and baseline files, and errors that name the path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBaseline } from '@statewatch/feature-drift';
import { describe, expect, it } from 'vitest';
import { readBaselineFile } from '../src/input/baseline-file';
import { readRecords } from '../src/input/records';
import { tempFiles } from './drift-helpers';

const spec = { numeric: ['n'], categorical: ['c'] };

async function readAll(name: string, text: string | Buffer) {
  const dir = tempFiles({});
  const path = join(dir, name);
  writeFileSync(path, text);
  const out: Record<string, unknown>[] = [];
  for await (const r of readRecords(path, spec)) out.push(r);
  return { path, out };
}

describe('CSV input (csv-parse)', () => {
  it('quotes, doubled quotes, commas and line breaks in fields, CRLF, blank lines', async () => {
    const text = 'n,c,x\r\n1,"x, y",3\r\n\r\n2,"say ""hi""","multi\nline"\n3,,\n4,last,no-newline';
    const { out } = await readAll('a.csv', text);
    expect(out).toEqual([
      { n: 1, c: 'x, y' },
      { n: 2, c: 'say "hi"' },
      { n: 3, c: '' },
      { n: 4, c: 'last' },
    ]);
  });

  it.each([
    [
      'a quote inside an unquoted-then-quoted field',
      'n,c\n1,x\n"ab"cd,y\n',
      /bad\.csv:3: column 1 \('n'\): Invalid Closing Quote: got "c"/,
    ],
    ['an unclosed quote', 'n,c\n1,"open\n', /bad\.csv:2: column 2 \('c'\): Quote Not Closed/],
    [
      'a row with fewer fields than the header',
      'n,c\n1,x\n2\n',
      /bad\.csv:3: column 2 \('c'\): Invalid Record Length: expect 2, got 1/,
    ],
    [
      'text in a numeric column',
      'n,c\n1,x\nlots,y\n',
      /bad\.csv:3: column 1 \('n'\): "lots" is not a number/,
    ],
    [
      'a column missing from the header',
      'x,c\n1,y\n',
      /bad\.csv:1: column 'n' is not in the header \(columns: x, c\)/,
    ],
  ])('rejects %s with file, line and column', async (_, text, message) => {
    await expect(readAll('bad.csv', text)).rejects.toThrow(message);
  });
});

describe('the same BOM handling for every input', () => {
  const BOM = '\uFEFF';
  it('CSV, JSON Lines and baseline files with a UTF-8 BOM read as without one', async () => {
    expect((await readAll('b.csv', `${BOM}n,c\n1,x\n`)).out).toEqual([{ n: 1, c: 'x' }]);
    expect((await readAll('b.jsonl', `${BOM}{"n":1,"c":"x"}\n`)).out).toEqual([{ n: 1, c: 'x' }]);
    const dir = tempFiles({});
    const path = join(dir, 'baseline.json');
    const baseline = buildBaseline(
      [
        { n: 1, c: 'x' },
        { n: 2, c: 'y' },
      ],
      spec,
    );
    writeFileSync(path, `${BOM}${JSON.stringify(baseline)}`);
    expect((await readBaselineFile(path)).id).toBe(baseline.id);
  });
});

describe('file errors name the path', () => {
  it('a directory, a missing file, invalid JSON', async () => {
    const dir = tempFiles({ 'broken.json': '{"version":' });
    await expect(readAll('x.csv', 'n,c\n').then(() => readRecords(dir, spec).next())).rejects.toThrow(
      `${dir}: is a directory, not a file`,
    );
    await expect(readRecords(join(dir, 'nope.csv'), spec).next()).rejects.toThrow(
      `${join(dir, 'nope.csv')}: cannot read: no such file`,
    );
    await expect(readBaselineFile(join(dir, 'broken.json'))).rejects.toThrow(
      `${join(dir, 'broken.json')}: not valid JSON`,
    );
    await expect(readBaselineFile(dir)).rejects.toThrow(`${dir}: is a directory, not a file`);
  });
});
