import { createHash } from 'node:crypto';
import type { Baseline } from '../types';

/**
 * Canonical JSON: object keys sorted, no whitespace, numbers as JavaScript writes them (the
 * same shortest round-trip form Go's encoding/json uses).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The `feature.baseline` id: first 12 hex characters of SHA-256 of canonical `{ version, features }`. */
export function baselineId(baseline: Pick<Baseline, 'version' | 'features'>): string {
  const canonical = canonicalJson({ version: baseline.version, features: baseline.features });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}
