import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { OverheadBudget } from '@statewatch/instrumentation-common';
import type { InstrumentationsOptions, ResolvedOptions } from './options';

// Each package's config type is checked at the call site (InstrumentationsOptions).
type InstrumentationClass = new (config?: object) => Instrumentation;

/** The statewatch instrumentations, loaded only when asked for. */
const KNOWN: ReadonlyArray<{
  key: keyof InstrumentationsOptions;
  load: () => InstrumentationClass | undefined;
}> = [
  { key: 'gc', load: () => require('@statewatch/instrumentation-gc').GcInstrumentation },
  { key: 'lock', load: () => require('@statewatch/instrumentation-lock').LockInstrumentation },
  { key: 'clone', load: () => require('@statewatch/instrumentation-clone').CloneInstrumentation },
];

export interface GetInstrumentationsConfig extends InstrumentationsOptions {
  /** Applied to every instrumentation that caps user-controlled attribute values. */
  attributeValueLimit?: number;
  /** Applied to the instrumentations that sample durations of hot sites (clone, lock). */
  overheadBudget?: OverheadBudget;
}

/** The instrumentations that take `overheadBudget` (TimingSampler). */
const SAMPLED: ReadonlySet<keyof InstrumentationsOptions> = new Set(['clone', 'lock']);

/**
 * The statewatch instrumentations for your own `NodeSDK({ instrumentations })`, like
 * `getNodeAutoInstrumentations()`. Pass `{ lock: false }` to leave one out. Give the SDK
 * `views: statewatchViews()` too, so that no statewatch metric is cut at the SDK's default
 * cardinality limit.
 */
export function getStatewatchInstrumentations(config: GetInstrumentationsConfig = {}): Instrumentation[] {
  const result: Instrumentation[] = [];
  for (const { key, load } of KNOWN) {
    const own = config[key];
    if (own === false) continue;
    const Class = load();
    if (typeof Class !== 'function') continue; // a package not built yet exports nothing
    const limit =
      config.attributeValueLimit === undefined ? {} : { attributeValueLimit: config.attributeValueLimit };
    const budget =
      config.overheadBudget === undefined || !SAMPLED.has(key)
        ? {}
        : { overheadBudget: config.overheadBudget };
    result.push(new Class({ ...limit, ...budget, ...own }));
  }
  return result;
}

/**
 * The instrumentations of statewatch's own pipeline (`register`, `startStatewatch`): lock and
 * clone events are aggregated in process, exactly, with no SDK call per event, and reach every
 * reader through their own metric producer (see readers.ts). A user's explicit `recording`
 * option still wins. A user's own NodeSDK gets `getStatewatchInstrumentations`, which records
 * through the OTel API and needs no producer.
 */
export function pipelineInstrumentations(options: ResolvedOptions): Instrumentation[] {
  const { gc, lock, clone } = options.instrumentations;
  return getStatewatchInstrumentations({
    gc,
    lock: lock === false ? false : { recording: 'producer', ...lock },
    clone: clone === false ? false : { recording: 'producer', ...clone },
    attributeValueLimit: options.attributeValueLimit,
    overheadBudget: options.overheadBudget,
  });
}

/** Module names the instrumentations patch: the ESM loader hook intercepts only these. */
export function patchedModuleNames(instrumentations: Instrumentation[]): string[] {
  const names = new Set<string>();
  for (const i of instrumentations) {
    const definitions =
      (i as { getModuleDefinitions?: () => Array<{ name: string }> }).getModuleDefinitions?.() ?? [];
    for (const d of definitions) names.add(d.name);
  }
  return [...names];
}
