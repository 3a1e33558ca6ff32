import { UsageError } from '@statewatch/cli';

/** How hard each stressor of the demo service pushes. */
export const LEVELS = { off: 0, low: 0.3, normal: 1, high: 3 } as const;
export type Level = keyof typeof LEVELS;

export interface StressLevels {
  /** Copying the shared catalog Map on reads (clone cost). */
  clone: Level;
  /** The refresh mutex, the rate-limited upstream semaphore and the report queue behind p-limit (lock contention). */
  locks: Level;
  /** Allocation-heavy report handler and the live set it churns (GC pressure). */
  gc: Level;
}

/** What the service process needs (the part of the demo options it sees). */
export interface ServiceOptions {
  port: number;
  host: string;
  stress: StressLevels;
  /** Window of the drift monitor's instance PSI. */
  driftWindow: string;
  /** Statewatch on (the demo) or off (the whole-service benchmark's bare run). */
  statewatch: boolean;
  /** Exporters; undefined leaves the choice to OTEL_METRICS_EXPORTER (default prometheus). */
  exporters?: Array<'prometheus' | 'otlp'>;
  metricsPort: number;
  serviceName: string;
}

export function parseLevel(option: string, value: string | undefined, fallback: Level): Level {
  if (value === undefined) return fallback;
  if (value in LEVELS) return value as Level;
  throw new UsageError(`--${option} must be one of ${Object.keys(LEVELS).join(', ')} (got ${value})`);
}

/** Seconds from `90`, `90s`, `2m` or `off`/`never` (undefined). */
export function parseSeconds(option: string, value: string): number | undefined {
  if (value === 'off' || value === 'never') return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new UsageError(`--${option} must be a duration like 45s, 2m or off (got ${value})`);
  const n = Number(match[1]);
  return match[2] === 'ms' ? n / 1000 : match[2] === 'm' ? n * 60 : n;
}

export function parsePort(option: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--${option} must be a port number from 0 to 65535 (got ${value})`);
  return port;
}
