/** Number formatting for the terminal view: short, fixed-ish width, `–` when unknown. */
export const NONE = '–';

export function seconds(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return NONE;
  if (value >= 1) return `${value.toFixed(2)} s`;
  if (value >= 1e-3) return `${(value * 1e3).toFixed(value >= 0.1 ? 0 : 1)} ms`;
  return `${(value * 1e6).toFixed(value >= 1e-4 ? 0 : 1)} µs`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function bytes(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return NONE;
  let v = value;
  let unit = 0;
  while (Math.abs(v) >= 1000 && unit < BYTE_UNITS.length - 1) {
    v /= 1000;
    unit++;
  }
  return `${v.toFixed(unit === 0 || v >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

export function percent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return NONE;
  const p = fraction * 100;
  return `${p.toFixed(p >= 10 || p === 0 ? 0 : 1)}%`;
}

export function count(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return NONE;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  return value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1);
}

export function ratio(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? NONE : value.toFixed(digits);
}

/** Cuts or pads `text` to exactly `width` characters (an ellipsis marks a cut). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const chars = [...text];
  if (chars.length > width) return chars.slice(0, Math.max(0, width - 1)).join('') + '…';
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}
