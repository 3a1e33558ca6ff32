const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration given as a number of ms or a string such as `15m`, `90s`, `1h`. */
export function parseDuration(value: number | string, what: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return value;
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(value);
    if (match) return Number(match[1]) * UNIT_MS[match[2]];
  }
  throw new RangeError(
    `${what} must be a positive duration in ms or like '15m', '90s', '1h' (got ${JSON.stringify(value)})`,
  );
}
