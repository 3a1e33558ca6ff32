/** A reader of the Prometheus text exposition format (what every statewatch `/metrics` serves). */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** `# TYPE` of each metric family. */
  types: Map<string, string>;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export class ExpositionError extends Error {}

/** Parses a whole exposition; throws an ExpositionError naming the line that is not valid. */
export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const parts = line.split(/\s+/);
      if (parts[1] === 'TYPE' && parts.length >= 4) types.set(parts[2], parts[3]);
      continue;
    }
    try {
      samples.push(parseSample(line));
    } catch (err) {
      throw new ExpositionError(
        `line ${i + 1} is not a Prometheus sample (${(err as Error).message}): ${line}`,
      );
    }
  }
  return { types, samples };
}

function parseSample(line: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error('no metric name');
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith('}')) {
        rest = rest.slice(1);
        break;
      }
      const labelName = LABEL_NAME.exec(rest)?.[0];
      if (!labelName || rest[labelName.length] !== '=' || rest[labelName.length + 1] !== '"')
        throw new Error('bad label');
      const { value, length } = readQuoted(rest.slice(labelName.length + 2));
      labels[labelName] = value;
      rest = rest.slice(labelName.length + 2 + length).trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) throw new Error('expected , or }');
    }
  }
  const [valueText] = rest.trim().split(/\s+/);
  const value = parseValue(valueText);
  return { name, labels, value };
}

/** Reads an escaped label value up to its closing quote; `length` includes that quote. */
function readQuoted(text: string): { value: string; length: number } {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return { value, length: i + 1 };
    if (c === '\\') {
      const next = text[++i];
      value += next === 'n' ? '\n' : next;
    } else value += c;
  }
  throw new Error('unterminated label value');
}

function parseValue(text: string | undefined): number {
  if (text === undefined || text === '') throw new Error('no value');
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`bad value ${text}`);
  return value;
}

/** Samples of one series name. */
export function samplesOf(exposition: Exposition, name: string): Sample[] {
  return exposition.samples.filter((s) => s.name === name);
}
