import { AggregationTemporality, DataPointType, MetricReader } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';

/** A reader that collects on demand (the runtime-node test pattern). */
export class CollectingReader extends MetricReader {
  constructor(
    temporality: AggregationTemporality = AggregationTemporality.CUMULATIVE,
    metricProducers: MetricProducer[] = [],
  ) {
    super({ aggregationTemporalitySelector: () => temporality, metricProducers });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}

  /** Every metric of one collection, by name. */
  async metrics(): Promise<Map<string, MetricData>> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length) throw new AggregateError(errors, 'collection errors');
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics)
      for (const m of scope.metrics) byName.set(m.descriptor.name, m);
    return byName;
  }
}

export const isHistogram = (m: MetricData | undefined) => m?.dataPointType === DataPointType.HISTOGRAM;

/** The data point whose attributes include `match`. */
export function point<T>(m: MetricData | undefined, match: Record<string, string>): DataPoint<T> | undefined {
  return (m?.dataPoints as DataPoint<T>[] | undefined)?.find((p) =>
    Object.entries(match).every(([k, v]) => p.attributes[k] === v),
  );
}

export type HistogramPoint = DataPoint<Histogram>;
