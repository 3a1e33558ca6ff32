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
 * The exact path: a `MetricProducer` that reports the metrics of every recorder created with
 * `mode: 'producer'`, aggregated in process (histogram buckets, sums, counts, min, max), with no
 * SDK call per event. Give it to every reader:
 * `new PrometheusExporter({ metricProducers: [statewatchMetricProducer] })`,
 * `new PeriodicExportingMetricReader({ exporter, metricProducers: [statewatchMetricProducer] })`.
 * Data is cumulative (what Prometheus and most OTLP backends take).
 */
export class StatewatchMetricProducer implements MetricProducer {
  private readonly sources = new Set<LocalSource>();

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

const GLOBAL_KEY = Symbol.for('statewatch.metricProducer');

/** The process-wide producer (shared by every copy of this package). */
export const statewatchMetricProducer: StatewatchMetricProducer = ((globalThis as Record<symbol, unknown>)[
  GLOBAL_KEY
] ??= new StatewatchMetricProducer()) as StatewatchMetricProducer;

export function hrNow(): HrTime {
  const ms = performance.timeOrigin + performance.now();
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

export type { MetricData };
