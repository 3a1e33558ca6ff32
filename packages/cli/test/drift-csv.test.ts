import { describe, expect, it } from 'vitest';
import { CsvParser } from '../src/drift/csv';

function parseAll(text: string, chunk = 3) {
  const parser = new CsvParser();
  const rows = [];
  for (let i = 0; i < text.length; i += chunk) rows.push(...parser.push(text.slice(i, i + chunk)));
  rows.push(...parser.end());
  return rows;
}

describe('CsvParser', () => {
  it('handles quotes, doubled quotes, commas and line breaks in fields, CRLF, blank lines, across chunks', () => {
    const text = 'a,b,c\r\n1,"x, y",3\r\n\r\n2,"say ""hi""","multi\nline"\n3,,\n4,last,no-newline';
    for (const chunk of [1, 2, 5, 1000]) {
      expect(parseAll(text, chunk)).toEqual([
        { fields: ['a', 'b', 'c'], line: 1 },
        { fields: ['1', 'x, y', '3'], line: 2 },
        { fields: ['2', 'say "hi"', 'multi\nline'], line: 4 },
        { fields: ['3', '', ''], line: 6 },
        { fields: ['4', 'last', 'no-newline'], line: 7 },
      ]);
    }
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => parseAll('a\n"open\n')).toThrow(/line 2: quoted field is not closed/);
  });
});
