// The rules every input file of the CLI follows: it must be a readable regular file, a UTF-8 BOM
// at its start is skipped (CSV, JSON Lines and baseline JSON alike), and every error names it.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputError } from '../cli/exit-codes';

/** `path:line: problem`, or `path: problem`. */
export function inputError(path: string, line: number | undefined, problem: string): InputError {
  return new InputError(`${path}${line === undefined ? '' : `:${line}`}: ${problem}`);
}

/** Byte size of an input file; InputError naming the path when it is missing, a directory, unreadable. */
export function inputFileSize(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch (err) {
    throw inputError(
      path,
      undefined,
      `cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  if (stats.isDirectory()) throw inputError(path, undefined, 'is a directory, not a file');
  if (!stats.isFile()) throw inputError(path, undefined, 'is not a regular file');
  return stats.size;
}

export const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** A whole (small) text input file, BOM skipped. */
export async function readInputText(path: string): Promise<string> {
  inputFileSize(path);
  try {
    return stripBom(await readFile(path, 'utf8'));
  } catch (err) {
    throw inputError(path, undefined, `cannot read: ${(err as Error).message}`);
  }
}
