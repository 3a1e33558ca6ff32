import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { reportCapsHit } from './cardinality';
import { reportOnce } from './diagnostics';
import { SpecPrometheusSerializer } from './prometheus-serializer';
import { resolveOptions } from './env';
import { pipelineInstrumentations } from './instrumentations';
import { pipelineProducers } from './readers';
import type { StatewatchOptions } from './options';
import { startResolved, type StatewatchHandle } from './start';

/** The part of a prom-client `Registry` we use (prom-client is the app's own dependency). */
export interface PromClientRegistry {
  metrics(): Promise<string>;
  readonly contentType: string;
}

/**
 * For apps that already serve prom-client's `/metrics`: statewatch's metrics join the same
 * response, in the same text format, and no second server is started. Other exporters
 * (e.g. `otlp`) still apply when given in `options.exporters`.
 */
export async function registerStatewatchMetrics(
  registry: PromClientRegistry,
  options: StatewatchOptions = {},
): Promise<StatewatchHandle> {
  if (!registry.contentType.startsWith('text/plain')) {
    throw new Error(
      `registerStatewatchMetrics: the registry must serve Prometheus text (its content type is ${registry.contentType})`,
    );
  }
  const { PrometheusExporter: Exporter } =
    require('@opentelemetry/exporter-prometheus') as typeof import('@opentelemetry/exporter-prometheus');
  const exporters = (options.exporters ?? []).filter((e) => e !== 'prometheus');
  const resolved = resolveOptions({ ...options, exporters });
  const instrumentations = pipelineInstrumentations(resolved);
  const reader = new Exporter({
    preventServerStart: true,
    metricProducers: pipelineProducers(instrumentations),
  });
  const handle = await startResolved(resolved, { readers: [reader], instrumentations });

  const original = registry.metrics;
  // The same spec names as statewatch's own endpoint.
  const serializer = new SpecPrometheusSerializer();
  registry.metrics = async function metricsWithStatewatch(this: PromClientRegistry) {
    const [theirs, ours] = await Promise.all([
      original.call(this),
      statewatchText(reader, serializer, handle.options.attributeValueLimit),
    ]);
    return theirs.endsWith('\n') || theirs === '' ? theirs + ours : `${theirs}\n${ours}`;
  };
  return {
    ...handle,
    async shutdown() {
      registry.metrics = original;
      await handle.shutdown();
    },
  };
}

async function statewatchText(
  reader: PrometheusExporter,
  serializer: SpecPrometheusSerializer,
  attributeValueLimit: number,
): Promise<string> {
  try {
    const { resourceMetrics } = await reader.collect();
    reportCapsHit(resourceMetrics, attributeValueLimit);
    return serializer.serialize(resourceMetrics);
  } catch (err) {
    // The app's own metrics must still be served.
    reportOnce('prom-client-collect', `collecting statewatch metrics for prom-client failed: ${String(err)}`);
    return '';
  }
}
