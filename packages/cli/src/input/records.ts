// Streams the records of a CSV (RFC 4180, through csv-parse) or JSON Lines file, converting and
// checking the requested fields. Memory stays bounded: one chunk and one record at a time.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parse, CsvError } from 'csv-parse';
import { inputError, inputFileSize, stripBom } from './files';

export type InputFormat = 'csv' | 'jsonl';

/** Which fields to read, and how. */
export interface FieldSpec {
  numeric: readonly string[];
  categorical: readonly string[];
}

export interface ReadOptions {
  format?: InputFormat;
  onProgress?: (bytes: number, records: number) => void;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** CSV cells read as a missing value in a numeric column. */
const MISSING_TEXT = new Set(['', 'na', 'nan', 'null', 'none']);
/** Longest CSV record accepted: a broken quote must not swallow the whole file into memory. */
const MAX_RECORD_BYTES = 1 << 20;

export function formatOf(path: string, explicit?: string): InputFormat {
  const format =
    explicit ??
    { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl' }[extname(path).toLowerCase()];
  if (format === 'csv' || format === 'jsonl') return format;
  throw inputError(
    path,
    undefined,
    'cannot tell the format from the name; pass --format csv or --format jsonl',
  );
}

export async function* readRecords(
  path: string,
  spec: FieldSpec,
  options: ReadOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  inputFileSize(path);
  const format = options.format ?? formatOf(path);
  yield* format === 'csv' ? csvRecords(path, spec, options) : jsonlRecords(path, spec, options);
}

async function* csvRecords(
  path: string,
  spec: FieldSpec,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  const file = createReadStream(path);
  let bytes = 0;
  file.on('data', (chunk) => (bytes += chunk.length));
  // The header, seen as the parser reads it: an error later in the same chunk ends the stream
  // before its records reach the loop, and the message still names the column.
  let header: string[] | undefined;
  const parser = file.pipe(
    parse({
      // With `info`, csv-parse hands this hook { info, record } although its types say string[].
      on_record: (row: string[]) => {
        const fields = Array.isArray(row) ? row : (row as { record: string[] }).record;
        header ??= fields.map((f) => f.trim());
        return row;
      },
      bom: true,
      info: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  file.on('error', (err) => parser.destroy(inputError(path, undefined, `cannot read: ${err.message}`)));
  const wanted = [
    ...spec.numeric.map((name) => ({ name, numeric: true })),
    ...spec.categorical.map((name) => ({ name, numeric: false })),
  ];
  let names: string[] | undefined;
  let columns: { name: string; numeric: boolean; index: number }[] = [];
  let records = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (names === undefined) {
        names = record.map((f) => f.trim());
        columns = wanted.map(({ name, numeric }) => {
          const index = names!.indexOf(name);
          if (index === -1)
            throw inputError(
              path,
              info.lines,
              `column '${name}' is not in the header (columns: ${names!.join(', ')})`,
            );
          if (names!.indexOf(name, index + 1) !== -1)
            throw inputError(path, info.lines, `column '${name}' appears more than once in the header`);
          return { name, numeric, index };
        });
        continue;
      }
      const out: Record<string, unknown> = {};
      for (const column of columns) {
        const text = record[column.index];
        if (!column.numeric) out[column.name] = text;
        else if (MISSING_TEXT.has(text.trim().toLowerCase())) out[column.name] = null;
        else if (NUMBER.test(text.trim())) out[column.name] = Number(text);
        else
          throw inputError(
            path,
            info.lines,
            `column ${column.index + 1} ('${column.name}'): ${JSON.stringify(text)} is not a number`,
          );
      }
      records++;
      yield out;
      if (records % 4096 === 0) options.onProgress?.(bytes, records);
    }
  } catch (err) {
    if (err instanceof CsvError) throw csvError(path, err, header);
    throw err;
  } finally {
    file.destroy();
  }
  if (names === undefined) throw inputError(path, undefined, 'the file is empty (no header line)');
  options.onProgress?.(bytes, records);
}

/** csv-parse's error as `path:line: column N ('name'): what`, without its own "at line N". */
function csvError(path: string, err: CsvError, names: string[] | undefined) {
  const context = err as CsvError & { lines?: number; column?: number | string };
  const column =
    typeof context.column === 'number'
      ? `column ${context.column + 1}${names?.[context.column] ? ` ('${names[context.column]}')` : ''}: `
      : '';
  const what = err.message.replace(/ (at|on) line \d+/, '');
  return inputError(path, context.lines, `${column}${what}`);
}

async function* jsonlRecords(
  path: string,
  spec: FieldSpec,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  const decoder = new StringDecoder('utf8');
  const seen = new Set<string>();
  let pending = '';
  let line = 0;
  let bytes = 0;
  let records = 0;
  let first = true;
  const parseLine = (text: string): Record<string, unknown> | undefined => {
    line++;
    if (text.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw inputError(path, line, `not valid JSON: ${(err as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw inputError(path, line, 'each line must be a JSON object');
    const record = value as Record<string, unknown>;
    for (const name of spec.numeric) {
      const v = record[name];
      if (v === undefined) continue;
      seen.add(name);
      if (v !== null && typeof v !== 'number')
        throw inputError(path, line, `field '${name}': ${JSON.stringify(v)} is not a number`);
    }
    for (const name of spec.categorical) if (record[name] !== undefined) seen.add(name);
    return record;
  };
  const file = createReadStream(path);
  try {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      let text = decoder.write(chunk);
      if (first && text) {
        text = stripBom(text);
        first = false;
      }
      const parts = (pending + text).split('\n');
      pending = parts.pop()!;
      for (const part of parts) {
        const record = parseLine(part.endsWith('\r') ? part.slice(0, -1) : part);
        if (record) {
          records++;
          yield record;
        }
      }
      options.onProgress?.(bytes, records);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code)
      throw inputError(path, undefined, `cannot read: ${(err as Error).message}`);
    throw err;
  } finally {
    file.destroy();
  }
  const last = parseLine((pending + decoder.end()).replace(/\r$/, ''));
  if (last) {
    records++;
    yield last;
  }
  for (const name of [...spec.numeric, ...spec.categorical])
    if (!seen.has(name)) throw inputError(path, undefined, `field '${name}' does not appear in any record`);
  options.onProgress?.(bytes, records);
}
