import { diag } from '@opentelemetry/api';
import type { CollectionResult, IMetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import {
  metricProducersOf,
  reportCapsThrough,
  statewatchMetricProducer,
} from '@statewatch/instrumentation-common';
import type { MetricProducer } from '@statewatch/instrumentation-common';
import { reportCapsHit, reportRecorderCap } from './cardinality';
import { reportOnce } from './diagnostics';
import { StatewatchPrometheusReader } from './prometheus-reader';
import type { ResolvedOptions } from './options';

export interface Readers {
  readers: IMetricReader[];
  /** Resolves when every reader is ready (the Prometheus server listens, or failed to). */
  ready: Promise<void>;
  metricsUrl?: string;
}

/**
 * The metric producers every reader of a pipeline carries: the lock and clone metrics aggregated
 * in process (`recording: 'producer'`) reach the exporters through their instrumentation's own
 * producer. The shared one is transitional, for packages not yet on per-instance producers.
 * Their recorders say a name cap through the pipeline's own stderr line, not through diag too.
 */
export function pipelineProducers(instrumentations: Iterable<unknown>): MetricProducer[] {
  const producers = metricProducersOf(instrumentations);
  for (const p of producers) reportCapsThrough(p, reportRecorderCap);
  return [...producers, statewatchMetricProducer];
}

/** One reader per exporter. Exporter modules are loaded only when chosen. */
export function createReaders(options: ResolvedOptions, metricProducers: MetricProducer[]): Readers {
  const readers: IMetricReader[] = [];
  const waits: Promise<void>[] = [];
  let metricsUrl: string | undefined;
  for (const name of options.exporters) {
    if (name === 'prometheus') {
      const { reader, ready, url } = prometheusReader(
        options.prometheus,
        options.attributeValueLimit,
        metricProducers,
      );
      readers.push(reader);
      waits.push(ready);
      metricsUrl = url;
    } else if (name === 'otlp' || name === 'console') {
      const { PeriodicExportingMetricReader, ConsoleMetricExporter } = require('@opentelemetry/sdk-metrics');
      const exporter: PushMetricExporter =
        name === 'otlp' ? otlpExporter(options.otlp) : new ConsoleMetricExporter();
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: watchCaps(exporter, options.attributeValueLimit),
          exportIntervalMillis: options.otlp.exportIntervalMillis,
          exportTimeoutMillis: Math.min(30_000, options.otlp.exportIntervalMillis),
          metricProducers,
        }),
      );
    }
  }
  return { readers, ready: Promise.all(waits).then(() => undefined), metricsUrl };
}

function prometheusReader(
  opts: ResolvedOptions['prometheus'],
  attributeValueLimit: number,
  metricProducers: MetricProducer[],
) {
  // statewatch's own endpoint: the OTel spec's Prometheus names (unit suffixes), as every collector
  // and Prometheus 3's OTLP receiver give them; its server does not keep the process alive.
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}${opts.endpoint}`;
  const reader = new StatewatchPrometheusReader({
    host: opts.host,
    port: opts.port,
    endpoint: opts.endpoint,
    metricProducers,
  });
  const ready = reader.listen().then(
    () => undefined,
    (err: NodeJS.ErrnoException) => reportOnce('prometheus-listen', listenFailure(opts, err)),
  );
  return { reader: watchCollections(reader, attributeValueLimit), ready, url };
}

/** Why the endpoint could not listen, naming the variable to change. */
function listenFailure(opts: ResolvedOptions['prometheus'], err: NodeJS.ErrnoException): string {
  const where = `cannot serve metrics on ${opts.host}:${opts.port}`;
  const after = 'The application keeps running without the endpoint.';
  if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
    const reason = err.code === 'EADDRINUSE' ? 'the port is in use' : 'no permission for the port';
    return `${where} (${reason}); set STATEWATCH_PROMETHEUS_PORT to a free port. ${after}`;
  }
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    const reason =
      err.code === 'EADDRNOTAVAIL' ? 'no such address on this machine' : 'the host name does not resolve';
    return `${where} (${reason}); set STATEWATCH_PROMETHEUS_HOST to an address of this machine (e.g. 127.0.0.1 or 0.0.0.0). ${after}`;
  }
  return `${where} (${err.message}). ${after}`;
}

/** Reports caps hit in one collection; never lets a problem there fail the collection. */
function checkCaps(result: CollectionResult, attributeValueLimit: number): void {
  try {
    reportCapsHit(result.resourceMetrics, attributeValueLimit);
  } catch (err) {
    reportOnce('caps-check', `checking cardinality caps failed: ${String(err)}`);
  }
}

/**
 * A pull reader whose every collection (each scrape) is looked at for caps that were hit. The
 * reader is statewatch's own, so wrapping its public `collect` touches nothing of the SDK's.
 */
export function watchCollections<R extends IMetricReader>(reader: R, attributeValueLimit: number): R {
  const collect = reader.collect.bind(reader);
  reader.collect = async (options) => {
    const result = await collect(options);
    checkCaps(result, attributeValueLimit);
    return result;
  };
  return reader;
}

/** A push exporter that looks at each export for caps that were hit. */
function watchCaps(inner: PushMetricExporter, attributeValueLimit: number): PushMetricExporter {
  return {
    export(metrics, callback) {
      checkCaps({ resourceMetrics: metrics, errors: [] }, attributeValueLimit);
      inner.export(metrics, callback);
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
    selectAggregation: inner.selectAggregation?.bind(inner),
  };
}

/** The OTLP/HTTP exporter, wrapped so that a failing endpoint is reported once, clearly. */
function otlpExporter(otlp: ResolvedOptions['otlp']): PushMetricExporter {
  const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http');
  // The exporter retries a failed export with ref'd timers until its timeout: at most half an
  // interval, so retry chains never overlap and an app whose collector is down can still exit.
  const timeoutMillis = Math.min(otlp.timeoutMillis, Math.floor(otlp.exportIntervalMillis / 2));
  // The URL is resolved and checked by resolveOptions (the exporter's own fallback is silent).
  const target = otlp.url!;
  const inner: PushMetricExporter = new OTLPMetricExporter({ url: target, timeoutMillis });
  let failing = false;
  return {
    export(metrics, callback) {
      inner.export(metrics, (result) => {
        if (result.code !== 0) {
          if (!failing) {
            reportOnce(
              `otlp:${target}`,
              `OTLP export to ${target} failed: ${result.error?.message ?? 'unknown error'}. Metrics are retried on the next interval.`,
            );
          }
          failing = true;
        } else if (failing) {
          diag.info(`statewatch: OTLP export to ${target} works again`);
          failing = false;
        }
        callback(result);
      });
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
    selectAggregation: inner.selectAggregation?.bind(inner),
  };
}
