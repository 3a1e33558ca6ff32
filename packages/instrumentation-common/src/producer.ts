import type { HrTime } from '@opentelemetry/api';
import type {
  CollectionResult,
  MetricData,
  MetricProducer,
  ResourceMetrics,
  ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { reportError } from './report';

/** What a recorder in `producer` mode hands over at collection. */
export interface LocalSource {
  collectLocal(now: HrTime): ScopeMetrics | undefined;
}

// Values of the SDK's exported data-model enums (stable across sdk-metrics 1.x–3.x); kept here so
// that this package does not load the SDK itself.
export const DATA_POINT_HISTOGRAM = 0;
export const DATA_POINT_GAUGE = 2;
export const DATA_POINT_SUM = 3;
export const TEMPORALITY_CUMULATIVE = 1;

/**
 * An SDK `MetricProducer` for the metrics of the recorders it is given, aggregated in process
 * (histogram buckets, sums, counts, min, max), with no SDK call per event. Each `producer`-mode
 * recorder owns one (`recorder.metricProducer`); give it to every reader:
 * `new PrometheusExporter({ metricProducers: [p] })`,
 * `new PeriodicExportingMetricReader({ exporter, metricProducers: [p] })`.
 * Data is cumulative (what Prometheus and most OTLP backends take).
 */
export class StatewatchMetricProducer implements MetricProducer {
  private readonly sources = new Set<LocalSource>();

  constructor(sources: Iterable<LocalSource> = []) {
    for (const s of sources) this.sources.add(s);
  }

  /** @internal */ add(source: LocalSource): void {
    this.sources.add(source);
  }

  /** @internal */ delete(source: LocalSource): void {
    this.sources.delete(source);
  }

  async collect(): Promise<CollectionResult> {
    const now = hrNow();
    const scopeMetrics: ScopeMetrics[] = [];
    const errors: unknown[] = [];
    for (const source of this.sources) {
      try {
        const scope = source.collectLocal(now);
        if (scope !== undefined && scope.metrics.length > 0) scopeMetrics.push(scope);
      } catch (err) {
        reportError('metric producer', err);
        errors.push(err);
      }
    }
    // The reader keeps its own resource; this one is never read.
    const resourceMetrics = { resource: undefined, scopeMetrics } as unknown as ResourceMetrics;
    return { resourceMetrics, errors };
  }
}

/**
 * @deprecated Transitional, for packages not yet migrated to per-instance producers: reports
 * the `producer`-mode recorders whose own `metricProducer` nobody asked for (asking for it takes
 * the recorder out of this one, so nothing is reported twice). Module-level, not on globalThis.
 */
export const statewatchMetricProducer = new StatewatchMetricProducer();

export function hrNow(): HrTime {
  const ms = performance.timeOrigin + performance.now();
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * The metric producers of some instrumentations (those that implement `getMetricProducer()`
 * and record in `producer` mode), for the readers of the pipeline they are registered on.
 */
export function metricProducersOf(instrumentations: Iterable<unknown>): MetricProducer[] {
  const producers: MetricProducer[] = [];
  for (const i of instrumentations) {
    const get = (i as Partial<MetricProducerSource> | null)?.getMetricProducer;
    const p = typeof get === 'function' ? get.call(i) : undefined;
    if (p !== undefined) producers.push(p);
  }
  return producers;
}

/** An instrumentation whose metrics (in `producer` mode) reach readers through its own producer. */
export interface MetricProducerSource {
  /** The producer every reader must be given, or `undefined` when it records through the SDK. */
  getMetricProducer(): MetricProducer | undefined;
}

export type { MetricData };
