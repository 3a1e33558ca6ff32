import { reportError } from './report';

/** The environment variable of the overhead budget (see `resolveSamplingPolicy`). */
export const OVERHEAD_BUDGET_VARIABLE = 'STATEWATCH_OVERHEAD_BUDGET';

/**
 * What a site may spend on timing its calls, as a fraction of one CPU core: `0.01` lets a site
 * time every call up to `0.01 / timedCallCostNs` calls per second (about 66,000/s at a measured 150 ns) and
 * samples 1 in k above that. `'exact'` times every call at any rate.
 */
export type OverheadBudget = number | 'exact';

export const DEFAULT_OVERHEAD_BUDGET = 0.01;

export interface SamplingOptions {
  /** @default 0.01, or STATEWATCH_OVERHEAD_BUDGET */
  overheadBudget?: OverheadBudget;
  /**
   * What timing one call costs (two clock reads and a histogram update), in ns.
   * @default measured in the process (`timedCallCostEstimateNs`: about 150 ns natively)
   */
  timedCallCostNs?: number;
  /** How often a site's call rate is re-measured. @default 1000 */
  windowMs?: number;
  /** The sparsest sampling: 1 in this many calls. @default 1024 */
  maxInterval?: number;
}

export interface SamplingPolicy {
  /** Fraction of a core per site; `undefined`: every call is timed. */
  budget: number | undefined;
  /** `undefined`: measured (`timedCallCostEstimateNs`). */
  timedCallCostNs: number | undefined;
  windowMs: number;
  maxInterval: number;
}

/**
 * The sampling policy from code options first, then `STATEWATCH_OVERHEAD_BUDGET`, then the
 * default. Throws one line naming the option or variable for a bad value.
 */
export function resolveSamplingPolicy(
  options: SamplingOptions = {},
  env: Record<string, string | undefined> = process.env,
): SamplingPolicy {
  const budget =
    options.overheadBudget !== undefined
      ? checkBudget('overheadBudget', options.overheadBudget)
      : parseOverheadBudget(env[OVERHEAD_BUDGET_VARIABLE]);
  return {
    budget: budget === 'exact' ? undefined : budget,
    timedCallCostNs:
      options.timedCallCostNs === undefined
        ? undefined
        : positive('timedCallCostNs', options.timedCallCostNs),
    windowMs: positive('windowMs', options.windowMs ?? 1000),
    maxInterval: Math.floor(positive('maxInterval', options.maxInterval ?? 1024)),
  };
}

let processDefault: SamplingPolicy | undefined;

/**
 * The policy from `STATEWATCH_OVERHEAD_BUDGET` alone, resolved once per process. Never throws:
 * a bad value is reported once (diag) and the default budget is used.
 */
export function defaultSamplingPolicy(): SamplingPolicy {
  if (processDefault) return processDefault;
  try {
    processDefault = resolveSamplingPolicy();
  } catch (err) {
    reportError('sampling: STATEWATCH_OVERHEAD_BUDGET', err);
    processDefault = resolveSamplingPolicy({ overheadBudget: DEFAULT_OVERHEAD_BUDGET }, {});
  }
  return processDefault;
}

/** `STATEWATCH_OVERHEAD_BUDGET`: unset or empty → the default; `exact`; or a number in (0, 1]. */
export function parseOverheadBudget(raw: string | undefined): OverheadBudget {
  if (raw === undefined || raw.trim() === '') return DEFAULT_OVERHEAD_BUDGET;
  const text = raw.trim().toLowerCase();
  if (text === 'exact') return 'exact';
  return checkBudget(OVERHEAD_BUDGET_VARIABLE, Number(text), raw);
}

function checkBudget(name: string, value: OverheadBudget, raw: unknown = value): OverheadBudget {
  if (value === 'exact') return value;
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new RangeError(
      `${name}=${JSON.stringify(raw)}: expected a fraction of one core in (0, 1] (e.g. 0.01) or "exact"`,
    );
  }
  return value;
}

function positive(name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${name}=${JSON.stringify(value)}: expected a positive number`);
  }
  return value;
}
