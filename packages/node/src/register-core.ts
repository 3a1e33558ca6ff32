import type { Instrumentation } from '@opentelemetry/instrumentation';
import { afterPreloads } from './coexistence';
import { reportOnce } from './diagnostics';
import { ConfigError, resolveOptions } from './env';
import { readBoolean } from './env-values';
import { patchedModuleNames, pipelineInstrumentations } from './instrumentations';
import type { ResolvedOptions } from './options';
import { startResolved } from './start';

export interface Prepared {
  options: ResolvedOptions;
  instrumentations: Instrumentation[];
  /** Modules the ESM loader hook must intercept. */
  moduleNames: string[];
}

/**
 * Configuration from the environment. Bad configuration is reported once, naming the
 * variable, and statewatch stays off: the application itself always starts.
 */
export function prepareFromEnvironment(): Prepared | undefined {
  const problems: string[] = [];
  if (readBoolean(process.env, 'OTEL_SDK_DISABLED', problems)) return undefined;
  try {
    const options = resolveOptions({}, process.env, problems);
    for (const p of problems) reportOnce(p, p);
    const instrumentations = pipelineInstrumentations(options);
    return { options, instrumentations, moduleNames: patchedModuleNames(instrumentations) };
  } catch (err) {
    for (const p of problems) reportOnce(p, p);
    const detail = err instanceof ConfigError ? err.message : String(err);
    reportOnce('config', `not started: ${detail}`);
    return undefined;
  }
}

/** Starts the pipeline without blocking the application; flushes on a normal exit. */
export function startPrepared(prepared: Prepared): void {
  startResolved(prepared.options, {
    instrumentations: prepared.instrumentations,
    whenToClaimGlobal: afterPreloads,
  }).then(
    (handle) => {
      process.once('beforeExit', () => void handle.shutdown());
    },
    (err: unknown) => reportOnce('start', `not started: ${String(err)}`),
  );
}
