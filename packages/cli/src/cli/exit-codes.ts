// The exit codes of every `statewatch` command (documented in the CLI README).

/** Success (`drift check`: no drift). */
export const EXIT_OK = 0;
/** `drift check` found drift; any other command: what it checked or did failed (Grafana refused, unreachable …). */
export const EXIT_FAILED = 1;
/** Bad usage or bad input: an unknown option, a bad value, a file that cannot be read or parsed. */
export const EXIT_USAGE = 2;
/** The reader of the output went away (`statewatch top --summary | head -3`), as for SIGPIPE in a shell. */
export const EXIT_CLOSED_PIPE = 141;

/** Bad usage: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

/** Bad input (a file, a value read from the environment): one line, exit code 2. */
export class InputError extends Error {}
