import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Histogram, MetricProducer } from '@opentelemetry/sdk-metrics';

/** A reader that collects on demand. */
export class CollectingReader extends MetricReader {
  constructor(metricProducers: MetricProducer[] = []) {
    super({ metricProducers });
  }

  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}

  /** Histogram points of one collection whose metric name ends with `metric` and whose attributes include `match`. */
  async histogram(metric: string, match: Record<string, string> = {}): Promise<Histogram[]> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length) throw new AggregateError(errors, 'collection errors');
    const found: Histogram[] = [];
    for (const scope of resourceMetrics.scopeMetrics)
      for (const m of scope.metrics)
        if (m.descriptor.name === `statewatch.clone.${metric}`)
          for (const p of m.dataPoints)
            if (Object.entries(match).every(([k, v]) => p.attributes[k] === v))
              found.push(p.value as Histogram);
    return found;
  }

  /** The summed values of the matching counter or gauge points (`copies`, `sampling.interval`). */
  async value(metric: string, match: Record<string, string> = {}): Promise<number | undefined> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length) throw new AggregateError(errors, 'collection errors');
    let total: number | undefined = undefined;
    for (const scope of resourceMetrics.scopeMetrics)
      for (const m of scope.metrics)
        if (m.descriptor.name === `statewatch.clone.${metric}`)
          for (const p of m.dataPoints)
            if (Object.entries(match).every(([k, v]) => p.attributes[k] === v))
              total = (total ?? 0) + (p.value as number);
    return total;
  }

  /** Total count of the matching points. */
  async count(metric: string, match: Record<string, string> = {}): Promise<number> {
    return (await this.histogram(metric, match)).reduce((n, h) => n + h.count, 0);
  }
}

export function providerWithReader(metricProducers: MetricProducer[] = []): {
  provider: MeterProvider;
  reader: CollectingReader;
} {
  const reader = new CollectingReader(metricProducers);
  return { provider: new MeterProvider({ readers: [reader] }), reader };
}
