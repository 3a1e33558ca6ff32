const BARS = '▁▂▃▄▅▆▇█';

/** The last few values of each trend the view draws, keyed by what they measure. */
export class History {
  private readonly series = new Map<string, number[]>();

  constructor(private readonly length = 12) {}

  /** Appends a value (undefined values are skipped) and returns the trend so far. */
  push(key: string, value: number | undefined): readonly number[] {
    let values = this.series.get(key);
    if (!values) this.series.set(key, (values = []));
    if (value !== undefined && Number.isFinite(value)) {
      values.push(value);
      if (values.length > this.length) values.shift();
    }
    return values;
  }
}

/** A sparkline scaled from zero to the largest value (or `max`, when larger). */
export function sparkline(values: readonly number[], max = 0): string {
  const top = Math.max(max, ...values);
  if (!(top > 0)) return values.map(() => BARS[0]).join('');
  return values
    .map((v) => BARS[Math.min(BARS.length - 1, Math.max(0, Math.round((v / top) * (BARS.length - 1))))])
    .join('');
}
