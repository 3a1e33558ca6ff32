import { diag } from '@opentelemetry/api';
import type { IMetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { metricProducersOf, statewatchMetricProducer } from '@statewatch/instrumentation-common';
import type { MetricProducer } from '@statewatch/instrumentation-common';
import { reportOnce } from './diagnostics';
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
 */
export function pipelineProducers(instrumentations: Iterable<unknown>): MetricProducer[] {
  return [...metricProducersOf(instrumentations), statewatchMetricProducer];
}

/** One reader per exporter. Exporter modules are loaded only when chosen. */
export function createReaders(options: ResolvedOptions, metricProducers: MetricProducer[]): Readers {
  const readers: IMetricReader[] = [];
  const waits: Promise<void>[] = [];
  let metricsUrl: string | undefined;
  for (const name of options.exporters) {
    if (name === 'prometheus') {
      const { reader, ready, url } = prometheusReader(options.prometheus, metricProducers);
      readers.push(reader);
      waits.push(ready);
      metricsUrl = url;
    } else if (name === 'otlp' || name === 'console') {
      const { PeriodicExportingMetricReader, ConsoleMetricExporter } = require('@opentelemetry/sdk-metrics');
      const exporter: PushMetricExporter =
        name === 'otlp'
          ? otlpExporter(options.otlp.url, options.otlp.exportIntervalMillis)
          : new ConsoleMetricExporter();
      readers.push(
        new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: options.otlp.exportIntervalMillis,
          exportTimeoutMillis: Math.min(30_000, options.otlp.exportIntervalMillis),
          metricProducers,
        }),
      );
    }
  }
  return { readers, ready: Promise.all(waits).then(() => undefined), metricsUrl };
}

function prometheusReader(opts: ResolvedOptions['prometheus'], metricProducers: MetricProducer[]) {
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus') as {
    PrometheusExporter: typeof import('@opentelemetry/exporter-prometheus').PrometheusExporter;
  };
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}${opts.endpoint}`;
  let reader!: PrometheusExporter;
  const ready = new Promise<void>((resolve) => {
    reader = new PrometheusExporter(
      { host: opts.host, port: opts.port, endpoint: opts.endpoint, metricProducers },
      (err) => {
        if (err) {
          const reason =
            (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is in use' : err.message;
          reportOnce(
            `prometheus-listen`,
            `cannot serve metrics on ${opts.host}:${opts.port} (${reason}); set STATEWATCH_PROMETHEUS_PORT to a free port. The application keeps running without the endpoint.`,
          );
        }
        // The endpoint must not keep a finished app alive; the exporter offers no option for it.
        (reader as unknown as { _server?: { unref(): void } })._server?.unref();
        resolve();
      },
    );
  });
  return { reader, ready, url };
}

/** The OTLP/HTTP exporter, wrapped so that a failing endpoint is reported once, clearly. */
function otlpExporter(url: string | undefined, intervalMillis: number): PushMetricExporter {
  const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http');
  // The exporter retries a failed export with ref'd timers until its timeout: at most half an
  // interval, so retry chains never overlap and an app whose collector is down can still exit.
  const envTimeout = Number(
    process.env.OTEL_EXPORTER_OTLP_METRICS_TIMEOUT ?? process.env.OTEL_EXPORTER_OTLP_TIMEOUT,
  );
  const timeoutMillis = Math.min(
    Number.isFinite(envTimeout) && envTimeout > 0 ? envTimeout : 10_000,
    Math.floor(intervalMillis / 2),
  );
  const inner: PushMetricExporter = new OTLPMetricExporter({ ...(url ? { url } : {}), timeoutMillis });
  const target =
    url ??
    process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT ??
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT ??
    'http://localhost:4318';
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
