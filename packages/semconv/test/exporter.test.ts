import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { parsePrometheusText, type Exposition } from '../../../test/utils/prometheus-text';
import { ATTRIBUTES, METRICS, prometheusSeriesNames, toPrometheusLabel } from '../src';

/** A sample value for every attribute: the first allowed value, or a made-up one. */
const sampleAttributes = (names: readonly string[]) =>
  Object.fromEntries(names.map((n) => [n, ATTRIBUTES.find((a) => a.name === n)?.values?.[0] ?? 'x']));

describe('the registry states what exporter-prometheus really serves', () => {
  let exporter: PrometheusExporter;
  let provider: MeterProvider;
  let exposition: Exposition;

  beforeAll(async () => {
    const port = await freePort();
    await new Promise<void>((resolve, reject) => {
      exporter = new PrometheusExporter({ host: '127.0.0.1', port }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
    provider = new MeterProvider({ readers: [exporter] });
    const meter = provider.getMeter('statewatch-registry-test');
    for (const m of METRICS) {
      const opts = { unit: m.unit, description: m.description };
      const attrs = sampleAttributes(m.attributes);
      if (m.instrument === 'Histogram') {
        meter
          .createHistogram(m.name, { ...opts, advice: { explicitBucketBoundaries: [...m.buckets!] } })
          .record(1, attrs);
      } else if (m.instrument === 'Counter') meter.createCounter(m.name, opts).add(1, attrs);
      else if (m.instrument === 'UpDownCounter') meter.createUpDownCounter(m.name, opts).add(1, attrs);
      else meter.createGauge(m.name, opts).record(1, attrs);
    }
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    exposition = parsePrometheusText(await response.text());
  });

  afterAll(async () => {
    await provider?.shutdown();
  });

  it.each(METRICS.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    expect(exposition.types.get(m.prometheus.name), `TYPE of ${m.prometheus.name}`).toBe(m.prometheus.type);
    for (const series of prometheusSeriesNames(m)) {
      const samples = exposition.samples.filter((s) => s.name === series);
      expect(samples.length, `${series} is served`).toBeGreaterThan(0);
      for (const attr of m.attributes) expect(samples[0].labels).toHaveProperty(toPrometheusLabel(attr));
    }
    if (m.buckets) {
      const les = exposition.samples
        .filter((s) => s.name === `${m.prometheus.name}_bucket`)
        .map((s) => s.labels.le);
      expect(les).toEqual([...m.buckets.map(String), '+Inf']);
    }
  });
});
