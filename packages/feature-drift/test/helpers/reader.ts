import type { Attributes } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';

/** A real MeterProvider whose reader collects on demand. */
export class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}

  /** Every data point of one metric, by name. */
  async points(name: string): Promise<Array<{ value: number; attributes: Attributes }>> {
    const { resourceMetrics } = await this.collect();
    const out: Array<{ value: number; attributes: Attributes }> = [];
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const m of scope.metrics) {
        if (m.descriptor.name !== name) continue;
        for (const p of m.dataPoints as DataPoint<number>[])
          out.push({ value: p.value, attributes: p.attributes });
      }
    }
    return out;
  }
}

export function testProvider(): { provider: MeterProvider; reader: CollectingReader } {
  const reader = new CollectingReader();
  return { provider: new MeterProvider({ readers: [reader] }), reader };
}
