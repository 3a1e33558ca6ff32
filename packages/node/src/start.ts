import { metrics } from '@opentelemetry/api';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { MeterProvider, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { reportFeatureCapsThrough } from '@statewatch/feature-drift';
import { reportFeatureNameCap, statewatchViews } from './cardinality';
import { claimGlobalMeterProvider, reportSharedPrometheusPort } from './coexistence';
import { reportOnce } from './diagnostics';
import { resolveOptions } from './env';
import { pipelineInstrumentations } from './instrumentations';
import type { ResolvedOptions, StatewatchOptions } from './options';
import { createReaders, pipelineProducers } from './readers';
import { buildResource } from './resource';

export interface StatewatchHandle {
  readonly meterProvider: MeterProvider;
  readonly instrumentations: Instrumentation[];
  /** The embedded endpoint's URL, when the prometheus exporter is on. */
  readonly metricsUrl?: string;
  readonly options: ResolvedOptions;
  /** Stops the instrumentations and the endpoint, and flushes pending exports. */
  shutdown(): Promise<void>;
}

/**
 * Programmatic setup: a MeterProvider with the chosen exporters, every statewatch
 * instrumentation registered on it, and the global MeterProvider unless another SDK has it (coexistence.ts).
 * Throws a ConfigError naming the variable or option when the configuration is bad.
 */
export async function startStatewatch(options: StatewatchOptions = {}): Promise<StatewatchHandle> {
  const problems: string[] = [];
  const resolved = resolveOptions(options, process.env, problems);
  for (const p of problems) reportOnce(p, p);
  return startResolved(resolved);
}

/** The MeterProvider of the running statewatch pipeline (register or startStatewatch). */
let current: MeterProvider | undefined;

/**
 * The MeterProvider of statewatch's running pipeline (`register`, `startStatewatch`), or
 * `undefined` when none runs. Give it to a FeatureDriftMonitor to publish drift metrics where
 * statewatch's other metrics go, whoever owns the global MeterProvider.
 */
export function statewatchMeterProvider(): MeterProvider | undefined {
  return current;
}

/**
 * Builds the pipeline from resolved options (shared by `startStatewatch` and `register`).
 * Extra readers must carry `pipelineProducers(instrumentations)`, as `createReaders`' do.
 */
export async function startResolved(
  resolved: ResolvedOptions,
  extra: {
    instrumentations?: Instrumentation[];
    readers?: IMetricReader[];
    /** When to claim the global MeterProvider (register: after every preload). @default now */
    whenToClaimGlobal?: (claim: () => void) => void;
  } = {},
): Promise<StatewatchHandle> {
  const instrumentations = extra.instrumentations ?? pipelineInstrumentations(resolved);
  if (resolved.exporters.includes('prometheus')) reportSharedPrometheusPort(resolved.prometheus.port);
  const { readers, ready, metricsUrl } = createReaders(resolved, pipelineProducers(instrumentations));
  const meterProvider = new MeterProvider({
    resource: buildResource(resolved.serviceName, resolved.resourceAttributes),
    readers: [...readers, ...(extra.readers ?? [])],
    views: statewatchViews({ attributeValueLimit: resolved.attributeValueLimit }),
  });
  reportFeatureCapsThrough(meterProvider, reportFeatureNameCap);
  current = meterProvider;
  let ownsGlobal = false;
  let stopping = false;
  (extra.whenToClaimGlobal ?? ((claim) => claim()))(() => {
    if (!stopping)
      ownsGlobal = claimGlobalMeterProvider(meterProvider, { metricsUrl, exporters: resolved.exporters });
  });
  const unregister = registerInstrumentations({ instrumentations, meterProvider });
  await ready;

  let stopped: Promise<void> | undefined;
  return {
    meterProvider,
    instrumentations,
    metricsUrl,
    options: resolved,
    shutdown() {
      stopped ??= (async () => {
        stopping = true;
        unregister();
        if (ownsGlobal) metrics.disable();
        if (current === meterProvider) current = undefined;
        await meterProvider.shutdown();
      })();
      return stopped;
    },
  };
}
