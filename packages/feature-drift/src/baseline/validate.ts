import { readFile } from 'node:fs/promises';
import { FEATURE_BIN_OTHER } from '@statewatch/semconv';
import { smoothedProportions } from '../math/psi';
import { BASELINE_VERSION, type Baseline, type FeatureBaseline } from '../types';
import { baselineId } from './id';

/** A baseline that cannot be used; the message names the file, the feature and the field. */
export class BaselineError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${source}: ${field}: ${problem}`);
    this.name = 'BaselineError';
  }
}

/** Tolerance between stored `proportions` and the ones recomputed from `counts`. */
const PROPORTION_TOLERANCE = 1e-9;

type Fail = (field: string, problem: string) => never;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function countArray(value: unknown, field: string, length: number, fail: Fail): number[] {
  if (!Array.isArray(value)) fail(field, `must be an array (got ${show(value)})`);
  if (value.length !== length) fail(field, `must have ${length} entries, one per bin (got ${value.length})`);
  value.forEach((c, i) => {
    if (!Number.isInteger(c) || (c as number) < 0)
      fail(`${field}[${i}]`, `must be a non-negative integer (got ${show(c)})`);
  });
  return value as number[];
}

/** The optional `min`/`max` of a numeric feature: both or neither, finite, `min <= max`. */
function validateRange(raw: Record<string, unknown>, at: string, fail: Fail): void {
  if (raw.min === undefined && raw.max === undefined) return;
  for (const field of ['min', 'max'] as const) {
    if (typeof raw[field] !== 'number' || !Number.isFinite(raw[field]))
      fail(`${at}.${field}`, `must be a finite number when min or max is given (got ${show(raw[field])})`);
  }
  if (!((raw.min as number) <= (raw.max as number)))
    fail(`${at}.min`, `must not be greater than max (got ${show(raw.min)} > ${show(raw.max)})`);
}

function validateFeature(raw: unknown, at: string, fail: Fail): FeatureBaseline {
  if (!isRecord(raw)) fail(at, `must be an object (got ${show(raw)})`);
  let bins: number;
  if (raw.type === 'numeric') {
    const edges = raw.edges;
    if (!Array.isArray(edges)) fail(`${at}.edges`, `must be an array of numbers (got ${show(edges)})`);
    edges.forEach((e, i) => {
      if (typeof e !== 'number' || !Number.isFinite(e))
        fail(`${at}.edges[${i}]`, `must be a finite number (got ${show(e)})`);
      if (i > 0 && !(e > edges[i - 1])) {
        fail(
          `${at}.edges[${i}]`,
          `must be greater than edges[${i - 1}] (got ${show(e)} after ${show(edges[i - 1])})`,
        );
      }
    });
    bins = edges.length + 1;
    validateRange(raw, at, fail);
  } else if (raw.type === 'categorical') {
    const categories = raw.categories;
    if (!Array.isArray(categories))
      fail(`${at}.categories`, `must be an array of strings (got ${show(categories)})`);
    const seen = new Set<string>();
    categories.forEach((c, i) => {
      if (typeof c !== 'string') fail(`${at}.categories[${i}]`, `must be a string (got ${show(c)})`);
      if (c === FEATURE_BIN_OTHER)
        fail(`${at}.categories[${i}]`, `'${FEATURE_BIN_OTHER}' is the implicit last bin`);
      if (seen.has(c)) fail(`${at}.categories[${i}]`, `duplicate category ${show(c)}`);
      seen.add(c);
    });
    bins = categories.length + 1;
  } else {
    fail(`${at}.type`, `must be "numeric" or "categorical" (got ${show(raw.type)})`);
  }
  if (bins < 2) fail(at, `needs at least 2 bins (got ${bins})`);
  const counts = countArray(raw.counts, `${at}.counts`, bins, fail);
  if (counts.reduce((a, b) => a + b, 0) === 0) fail(`${at}.counts`, 'must not all be zero');
  const proportions = raw.proportions;
  if (!Array.isArray(proportions) || proportions.length !== bins) {
    fail(`${at}.proportions`, `must be an array of ${bins} numbers (got ${show(proportions)})`);
  }
  const expected = smoothedProportions(counts);
  proportions.forEach((p, i) => {
    if (typeof p !== 'number' || !(Math.abs(p - expected[i]) <= PROPORTION_TOLERANCE)) {
      fail(`${at}.proportions[${i}]`, `must be the smoothed share ${expected[i]} of counts (got ${show(p)})`);
    }
  });
  if (!Number.isInteger(raw.missing) || (raw.missing as number) < 0) {
    fail(`${at}.missing`, `must be a non-negative integer (got ${show(raw.missing)})`);
  }
  return raw as unknown as FeatureBaseline;
}

/** Checks a parsed baseline file; throws `BaselineError` naming the first bad field. */
export function validateBaseline(raw: unknown, source = 'baseline'): Baseline {
  const fail: Fail = (field, problem) => {
    throw new BaselineError(source, field, problem);
  };
  if (!isRecord(raw)) fail('(root)', `must be a JSON object (got ${show(raw)})`);
  if (raw.version !== BASELINE_VERSION) {
    fail(
      'version',
      `must be ${BASELINE_VERSION} (got ${show(raw.version)}); this statewatch reads version ${BASELINE_VERSION}`,
    );
  }
  if (typeof raw.id !== 'string' || !/^[0-9a-f]{12}$/.test(raw.id))
    fail('id', `must be 12 lowercase hex characters (got ${show(raw.id)})`);
  if (typeof raw.createdAt !== 'string' || Number.isNaN(Date.parse(raw.createdAt))) {
    fail('createdAt', `must be an ISO-8601 time (got ${show(raw.createdAt)})`);
  }
  if (!Number.isInteger(raw.sampleSize) || (raw.sampleSize as number) < 1) {
    fail('sampleSize', `must be a positive integer (got ${show(raw.sampleSize)})`);
  }
  if (!isRecord(raw.features) || Object.keys(raw.features).length === 0) {
    fail('features', `must be an object with at least one feature (got ${show(raw.features)})`);
  }
  for (const [name, feature] of Object.entries(raw.features)) {
    validateFeature(feature, `features.${name}`, fail);
  }
  const expectedId = baselineId({
    version: BASELINE_VERSION,
    features: raw.features as Baseline['features'],
  });
  if (raw.id !== expectedId) {
    fail(
      'id',
      `content hash is ${expectedId} but the file says ${raw.id}: the file was edited after it was built`,
    );
  }
  return raw as unknown as Baseline;
}

/** Reads and validates a baseline file. */
export async function loadBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new BaselineError(path, '(file)', `cannot read: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(path, '(file)', `not valid JSON: ${(err as Error).message}`);
  }
  return validateBaseline(parsed, path);
}
