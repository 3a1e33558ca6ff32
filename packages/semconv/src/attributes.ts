/**
 * Attribute names and their allowed values. This registry is the metrics contract
 * (docs/metrics-contract.md is generated from it). OTel names use dots; Prometheus labels
 * replace them with `_`.
 */

/** GC kind, using the OpenTelemetry semantic-convention values. */
export const ATTR_V8JS_GC_TYPE = 'v8js.gc.type' as const;
export const V8JS_GC_TYPE_VALUES = ['major', 'minor', 'incremental', 'weakcb'] as const;
export type V8jsGcType = (typeof V8JS_GC_TYPE_VALUES)[number];

/** Name of a lock, given by the user (capped, see `cardinality.ts`). */
export const ATTR_LOCK_NAME = 'lock.name' as const;
export const ATTR_LOCK_KIND = 'lock.kind' as const;
export const LOCK_KIND_VALUES = [
  'mutex',
  'semaphore',
  'web_lock',
  'custom',
  'limiter',
  'keyed_lock',
  'queue',
  'rate_limiter',
  'distributed_lock',
] as const;
export type LockKind = (typeof LOCK_KIND_VALUES)[number];
export const ATTR_LOCK_OUTCOME = 'lock.outcome' as const;
export const LOCK_OUTCOME_VALUES = ['acquired', 'timeout', 'canceled', 'rejected'] as const;
export type LockOutcome = (typeof LOCK_OUTCOME_VALUES)[number];
/**
 * `true` when someone held the lock at the moment it was asked for. A boolean attribute (OTel
 * attributes are typed; a yes/no fact is a boolean): every Prometheus path shows it as the
 * label values `"true"` / `"false"`.
 */
export const ATTR_LOCK_CONTENDED = 'lock.contended' as const;
/** The label values Prometheus shows for the boolean. */
export const LOCK_CONTENDED_VALUES = ['true', 'false'] as const;
/** Default `lock.name` of a lock the user did not name. */
export const LOCK_NAME_UNNAMED = 'unnamed' as const;

export const ATTR_CLONE_STRATEGY = 'clone.strategy' as const;
export const CLONE_STRATEGY_VALUES = [
  'structured_clone',
  'rfdc',
  'klona',
  'lodash',
  'fast_copy',
  'json',
  'map_copy',
  'spread',
  'custom',
  'clone',
  'ungap_structured_clone',
  'v8',
] as const;
export type CloneStrategy = (typeof CLONE_STRATEGY_VALUES)[number];
export const ATTR_CLONE_SOURCE = 'clone.source' as const;
export const CLONE_SOURCE_VALUES = ['map', 'set', 'array', 'object', 'other'] as const;
export type CloneSource = (typeof CLONE_SOURCE_VALUES)[number];
/** Optional call-site label given by the user; absent when not given (capped). */
export const ATTR_CLONE_SITE = 'clone.site' as const;

/** Feature name, given by the user (capped). */
export const ATTR_FEATURE_NAME = 'feature.name' as const;
/** Bin index `0`…`B-1` of a numeric feature, or the category of a categorical one. */
export const ATTR_FEATURE_BIN = 'feature.bin' as const;
/** Short id of the baseline: a hash of its content. */
export const ATTR_FEATURE_BASELINE = 'feature.baseline' as const;
/** Category value that collects every category not named in the baseline. */
export const FEATURE_BIN_OTHER = '__other__' as const;
export const ATTR_DRIFT_SCOPE = 'drift.scope' as const;
export const DRIFT_SCOPE_VALUES = ['instance', 'fleet'] as const;
export type DriftScope = (typeof DRIFT_SCOPE_VALUES)[number];

export interface AttributeDefinition {
  name: string;
  /** Closed set of values, or `undefined` when the value is free (user-given or computed). */
  values?: readonly string[];
  /** True when the user controls the value: it is capped per process. */
  userControlled: boolean;
  /** OTel attribute type (string unless said). Prometheus shows a boolean as `"true"`/`"false"`. */
  type?: 'string' | 'boolean';
  description: string;
}

export const ATTRIBUTES: readonly AttributeDefinition[] = [
  {
    name: ATTR_V8JS_GC_TYPE,
    values: V8JS_GC_TYPE_VALUES,
    userControlled: false,
    description: 'Kind of V8 garbage collection.',
  },
  {
    name: ATTR_LOCK_NAME,
    userControlled: true,
    description: `Name the user gave the lock (\`${LOCK_NAME_UNNAMED}\` when none).`,
  },
  {
    name: ATTR_LOCK_KIND,
    values: LOCK_KIND_VALUES,
    userControlled: false,
    description: 'Kind of lock (what wait and hold mean for each: docs/metrics-contract.md).',
  },
  {
    name: ATTR_LOCK_OUTCOME,
    values: LOCK_OUTCOME_VALUES,
    userControlled: false,
    description: 'How the wait ended.',
  },
  {
    name: ATTR_LOCK_CONTENDED,
    values: LOCK_CONTENDED_VALUES,
    type: 'boolean',
    userControlled: false,
    description: 'Whether someone held the lock when it was asked for.',
  },
  {
    name: ATTR_CLONE_STRATEGY,
    values: CLONE_STRATEGY_VALUES,
    userControlled: false,
    description: 'How the copy was made.',
  },
  {
    name: ATTR_CLONE_SOURCE,
    values: CLONE_SOURCE_VALUES,
    userControlled: false,
    description: 'Shape of the value copied.',
  },
  {
    name: ATTR_CLONE_SITE,
    userControlled: true,
    description: 'Optional call-site label given by the user; absent when not given.',
  },
  {
    name: ATTR_FEATURE_NAME,
    userControlled: true,
    description: 'Name of the model input feature.',
  },
  {
    name: ATTR_FEATURE_BIN,
    userControlled: false,
    description: `Baseline bin index (numeric) or category (categorical; \`${FEATURE_BIN_OTHER}\` for unnamed ones).`,
  },
  {
    name: ATTR_FEATURE_BASELINE,
    userControlled: false,
    description: 'Short id of the baseline (hash of its content).',
  },
  {
    name: ATTR_DRIFT_SCOPE,
    values: DRIFT_SCOPE_VALUES,
    userControlled: false,
    description:
      '`instance`: computed in the process; `fleet`: computed by the collector from every instance.',
  },
];
