import type { Instrument, MetricDefinition, PrometheusType } from './metrics';

/**
 * The naming rule of `@opentelemetry/exporter-prometheus` 0.301 (see the contract):
 * dots become underscores, counters get `_total`, no unit suffix.
 */
export function toPrometheusName(otelName: string, instrument: Instrument): string {
  const base = otelName.replace(/[^a-zA-Z0-9_:]/g, '_');
  return instrument === 'Counter' ? `${base}_total` : base;
}

export function toPrometheusType(instrument: Instrument): PrometheusType {
  switch (instrument) {
    case 'Histogram':
      return 'histogram';
    case 'Counter':
      return 'counter';
    case 'Gauge':
    case 'UpDownCounter':
      return 'gauge';
  }
}

export function toPrometheusLabel(attribute: string): string {
  return attribute.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** Every series name a metric is served under (`_bucket`/`_sum`/`_count` for histograms). */
export function prometheusSeriesNames(m: MetricDefinition): string[] {
  const { name, type } = m.prometheus;
  return type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
}
