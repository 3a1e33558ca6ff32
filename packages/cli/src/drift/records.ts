import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { CsvParser, type CsvRow } from './csv';

export type InputFormat = 'csv' | 'jsonl';

/** Which fields to read, and how. */
export interface FieldSpec {
  numeric: readonly string[];
  categorical: readonly string[];
}

/** Bad input data; the message names the file, the line and the field. */
export class InputError extends Error {
  constructor(file: string, line: number | undefined, problem: string) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'InputError';
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** CSV cells read as a missing value in a numeric column. */
const MISSING_TEXT = new Set(['', 'na', 'nan', 'null', 'none']);

export function formatOf(path: string, explicit?: string): InputFormat {
  const format =
    explicit ??
    { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl' }[extname(path).toLowerCase()];
  if (format === 'csv' || format === 'jsonl') return format;
  throw new InputError(
    path,
    undefined,
    `cannot tell the format from the name; pass --format csv or --format jsonl`,
  );
}

export interface ReadOptions {
  format?: InputFormat;
  onProgress?: (bytes: number, records: number) => void;
}

/** Byte size of a file, for the progress bar; throws an InputError naming the file. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (err) {
    throw new InputError(path, undefined, `cannot read: ${(err as Error).message}`);
  }
}

/** Streams the records of a CSV or JSONL file, converting and checking the requested fields. */
export async function* readRecords(
  path: string,
  spec: FieldSpec,
  options: ReadOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  fileSize(path);
  const format = options.format ?? formatOf(path);
  const decoder = new StringDecoder('utf8');
  const toRecords = format === 'csv' ? csvRecords(path, spec) : jsonlRecords(path, spec);
  let bytes = 0;
  let records = 0;
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (const record of toRecords.push(decoder.write(chunk))) {
        records++;
        yield record;
      }
      options.onProgress?.(bytes, records);
    }
    for (const record of toRecords.end(decoder.end())) {
      records++;
      yield record;
    }
    options.onProgress?.(bytes, records);
  } finally {
    stream.destroy();
  }
}

interface RecordSource {
  push(text: string): Record<string, unknown>[];
  end(text: string): Record<string, unknown>[];
}

function csvRecords(path: string, spec: FieldSpec): RecordSource {
  const parser = new CsvParser();
  const wanted = [
    ...spec.numeric.map((name) => ({ name, numeric: true })),
    ...spec.categorical.map((name) => ({ name, numeric: false })),
  ];
  let columns: Array<{ name: string; numeric: boolean; index: number }> | undefined;
  let width = 0;

  const header = (row: CsvRow) => {
    const names = row.fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim());
    width = names.length;
    columns = wanted.map(({ name, numeric }) => {
      const index = names.indexOf(name);
      if (index === -1)
        throw new InputError(
          path,
          row.line,
          `column '${name}' is not in the header (columns: ${names.join(', ')})`,
        );
      if (names.indexOf(name, index + 1) !== -1)
        throw new InputError(path, row.line, `column '${name}' appears more than once in the header`);
      return { name, numeric, index };
    });
  };

  const convert = (rows: CsvRow[]) => {
    const out: Record<string, unknown>[] = [];
    for (const row of rows) {
      if (columns === undefined) {
        header(row);
        continue;
      }
      if (row.fields.length !== width) {
        throw new InputError(
          path,
          row.line,
          `expected ${width} fields like the header, got ${row.fields.length}`,
        );
      }
      const record: Record<string, unknown> = {};
      for (const column of columns) {
        const text = row.fields[column.index];
        if (!column.numeric) record[column.name] = text === '' ? null : text;
        else if (MISSING_TEXT.has(text.trim().toLowerCase())) record[column.name] = null;
        else if (NUMBER.test(text.trim())) record[column.name] = Number(text);
        else
          throw new InputError(
            path,
            row.line,
            `column '${column.name}': ${JSON.stringify(text)} is not a number`,
          );
      }
      out.push(record);
    }
    return out;
  };

  const wrap = (parse: () => CsvRow[]) => {
    try {
      return parse();
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(path, undefined, (err as Error).message);
    }
  };

  return {
    push: (text) => convert(wrap(() => parser.push(text))),
    end: (text) => {
      const rows = convert(wrap(() => [...parser.push(text), ...parser.end()]));
      if (columns === undefined) throw new InputError(path, undefined, 'the file is empty (no header line)');
      return rows;
    },
  };
}

function jsonlRecords(path: string, spec: FieldSpec): RecordSource {
  let pending = '';
  let line = 0;
  const seen = new Set<string>();

  const parseLine = (text: string, out: Record<string, unknown>[]) => {
    line++;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new InputError(path, line, `not valid JSON: ${(err as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError(path, line, 'each line must be a JSON object');
    }
    const record = value as Record<string, unknown>;
    for (const name of spec.numeric) {
      const v = record[name];
      if (v === undefined) continue;
      seen.add(name);
      if (v !== null && typeof v !== 'number') {
        throw new InputError(path, line, `field '${name}': ${JSON.stringify(v)} is not a number`);
      }
    }
    for (const name of spec.categorical) if (record[name] !== undefined) seen.add(name);
    out.push(record);
  };

  const lines = (text: string, final: boolean) => {
    const out: Record<string, unknown>[] = [];
    const parts = (pending + text).split('\n');
    pending = final ? '' : parts.pop()!;
    for (const part of parts) parseLine(part.endsWith('\r') ? part.slice(0, -1) : part, out);
    return out;
  };

  return {
    push: (text) => lines(text, false),
    end: (text) => {
      const out = lines(text, true);
      for (const name of [...spec.numeric, ...spec.categorical]) {
        if (!seen.has(name))
          throw new InputError(path, undefined, `field '${name}' does not appear in any record`);
      }
      return out;
    },
  };
}
