// Runs a command body under the CLI's convention: --help from the spec, usage errors with the
// help (exit 2), bad input as one line naming the file (exit 2), anything else exit 1.
import { BaselineError } from '@statewatch/feature-drift';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, InputError, UsageError } from './exit-codes';
import { helpText, parseCommand, type CommandSpec, type Parsed } from './spec';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function runCommand(
  spec: CommandSpec,
  argv: string[],
  body: (parsed: Parsed) => Promise<number>,
  io: Io = processIo,
): Promise<number> {
  try {
    const parsed = parseCommand(spec, argv);
    if (!parsed) {
      io.out(helpText(spec));
      return EXIT_OK;
    }
    return await body(parsed);
  } catch (err) {
    return reportError(spec, err, io);
  }
}

export function reportError(spec: CommandSpec, err: unknown, io: Io = processIo): number {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof UsageError) {
    io.err(`statewatch ${spec.name}: ${message}\n\n${helpText(spec)}`);
    return EXIT_USAGE;
  }
  io.err(`statewatch ${spec.name}: ${message}\n`);
  return err instanceof InputError || err instanceof BaselineError ? EXIT_USAGE : EXIT_FAILED;
}

/** `statewatch <group> <sub>`: the subcommand word, or a UsageError naming what was expected. */
export function subcommand(
  argv: string[],
  expected: string,
  spec: CommandSpec,
  io: Io = processIo,
): string[] | number {
  if (argv[0] === expected) return argv.slice(1);
  if (argv[0] === '--help' || argv[0] === '-h') {
    io.out(helpText(spec));
    return EXIT_OK;
  }
  return reportError(
    spec,
    new UsageError(`expected the subcommand '${expected}' (got ${argv[0] ?? 'nothing'})`),
    io,
  );
}
