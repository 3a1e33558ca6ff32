// One declarative spec per command: node:util parseArgs reads the options from it, and the help
// text (options, value names, defaults) is generated from the same spec.
import { parseArgs } from 'node:util';
import { UsageError } from './exit-codes';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Value name in the help, e.g. `<seconds>`. */
  value?: string;
  /** Default given to the command when the option is absent (also printed in the help). */
  default?: string;
  /** How the help describes the default when there is no literal one (e.g. `until Ctrl-C`). */
  defaultText?: string;
  /** May be given more than once. */
  multiple?: boolean;
  description: string;
}

export interface CommandSpec {
  /** `statewatch <name>`, e.g. `drift check`. */
  name: string;
  /** What follows the name in the usage line, e.g. `[URL] [options]`. */
  usage: string;
  /** Paragraph under the usage line. */
  summary: string;
  options: Record<string, OptionSpec>;
  /** Positional words after the name: [min, max]. @default [0, 0] */
  positionals?: [number, number];
  /** Lines of the "Exit codes" section. */
  exitCodes: string[];
  /** Extra paragraphs after the options (environment variables and the like). */
  notes?: string[];
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  values: Values;
  positionals: string[];
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'this text' };

/** Parses argv against the spec; undefined for --help. Throws UsageError naming what is wrong. */
export function parseCommand(spec: CommandSpec, argv: string[]): Parsed | undefined {
  const options = { ...spec.options, help: HELP };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [
          name,
          {
            type: o.type,
            ...(o.short && { short: o.short }),
            ...(o.multiple && { multiple: true }),
            ...(o.default !== undefined && { default: o.default }),
          },
        ]),
      ),
    });
  } catch (err) {
    throw new UsageError(parseArgsMessage(err));
  }
  if (parsed.values.help) return undefined;
  const [min, max] = spec.positionals ?? [0, 0];
  const words = parsed.positionals;
  if (words.length > max)
    throw new UsageError(`unexpected argument '${words[max]}' (statewatch ${spec.name} ${spec.usage})`);
  if (words.length < min) throw new UsageError(`missing argument (statewatch ${spec.name} ${spec.usage})`);
  return { values: parsed.values as Values, positionals: words };
}

/** node:util's messages name the option; drop its advice about `--` and its error codes. */
function parseArgsMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  const option = /'(-[^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    const name = option.split(' ')[0];
    return message.includes('does not take an argument') ? `${name} takes no value` : `${name} needs a value`;
  }
  return message.split('\n')[0];
}

/** The help text: usage, summary, options with value names and defaults, exit codes. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
    const fallback = o.default !== undefined ? o.default : o.defaultText;
    return [flag, `${o.description}${fallback ? ` (default: ${fallback})` : ''}`];
  });
  const width = Math.min(28, Math.max(...rows.map(([flag]) => flag.length)));
  const options = rows.map(([flag, text]) =>
    flag.length > width ? `  ${flag}\n  ${' '.repeat(width)}  ${text}` : `  ${flag.padEnd(width)}  ${text}`,
  );
  return [
    `Usage: statewatch ${spec.name} ${spec.usage}`,
    '',
    spec.summary,
    '',
    'Options:',
    ...options,
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
    '',
    'Exit codes:',
    ...spec.exitCodes.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

/** A string option's value (specs with `default` always have one). */
export function stringValue(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A comma-separated list (`--numeric age,income`), also given more than once. */
export function listValue(values: Values, name: string): string[] {
  const v = values[name];
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return parts
    .flatMap((p) => p.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function integerValue(values: Values, name: string, min: number): number {
  const text = stringValue(values, name);
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer >= ${min} (got '${text ?? ''}')`);
  return n;
}

export function requiredValue(values: Values, name: string): string {
  const text = stringValue(values, name);
  if (text === undefined || text === '') throw new UsageError(`--${name} is required`);
  return text;
}

export function oneOf<T extends string>(values: Values, name: string, allowed: readonly T[]): T {
  const text = stringValue(values, name);
  if (!allowed.includes(text as T))
    throw new UsageError(`--${name} must be ${allowed.join(' or ')} (got '${text ?? ''}')`);
  return text as T;
}
