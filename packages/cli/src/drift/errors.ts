import { BaselineError } from '@statewatch/feature-drift';
import { UsageError } from './args';
import { InputError } from './records';

/** Exit codes of `statewatch baseline` and `statewatch drift`. */
export const EXIT_OK = 0;
/** `drift check` found drift (or a warning with `--fail-on warn`). */
export const EXIT_DRIFT = 1;
/** Bad usage, bad input file or bad baseline. */
export const EXIT_ERROR = 2;

/** Prints a known error as one clear line (usage errors with the command's help) and returns the exit code. */
export function reportError(err: unknown, usage: string): number {
  if (err instanceof UsageError) {
    process.stderr.write(`statewatch: ${err.message}\n\n${usage}`);
    return EXIT_ERROR;
  }
  if (err instanceof InputError || err instanceof BaselineError) {
    process.stderr.write(`statewatch: ${err.message}\n`);
    return EXIT_ERROR;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`statewatch: ${message}\n`);
  return EXIT_ERROR;
}
