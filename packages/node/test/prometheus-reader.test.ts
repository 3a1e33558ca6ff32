// statewatch's embedded endpoint serves every registry metric under the registry's Prometheus name
// (the spec's default translation), with the same samples as the stock exporter-prometheus:
// the stock exporter, reading the same MeterProvider, is the independent truth for values and labels.
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  ATTRIBUTES,
  METRICS,
  prometheusSeriesNames,
  toPrometheusLabel,
  type MetricDefinition,
} from '@statewatch/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { parsePrometheusText, type Exposition, type Sample } from '../../../test/utils/prometheus-text';
import { StatewatchPrometheusReader } from '../src/prometheus-reader';
import { labelPairs } from '../src/prometheus-serializer';

/** A sample value for every attribute: the first allowed value (a boolean as a boolean), or a made-up one. */
const sampleAttributes = (names: readonly string[]) =>
  Object.fromEntries(
    names.map((n) => {
      const a = ATTRIBUTES.find((x) => x.name === n);
      return [n, a?.type === 'boolean' ? true : (a?.values?.[0] ?? 'x')];
    }),
  );

/** The stock exporter's name of a series: dots to `_`, `_total` on counters, no unit or `_ratio`. */
const stockName = (m: MetricDefinition, series: string) =>
  m.name.replace(/[^a-zA-Z0-9_]/g, '_') +
  (m.instrument === 'Counter' ? '_total' : '') +
  series.slice(m.prometheus.name.length);
const key = (s: Sample) => JSON.stringify(Object.entries(s.labels).sort());

describe('the embedded endpoint serves the spec names of every registry metric', () => {
  let reader: StatewatchPrometheusReader;
  let stock: PrometheusExporter;
  let provider: MeterProvider;
  let ours: Exposition;
  let theirs: Exposition;
  let contentType: string | null;

  beforeAll(async () => {
    const port = await freePort();
    reader = new StatewatchPrometheusReader({ host: '127.0.0.1', port, endpoint: '/metrics' });
    await reader.listen();
    stock = new PrometheusExporter({ preventServerStart: true });
    provider = new MeterProvider({ readers: [reader, stock] });
    const meter = provider.getMeter('statewatch-reader-test', '1.2.3');
    for (const m of METRICS) {
      const opts = { unit: m.unit, description: m.description };
      const attrs = sampleAttributes(m.attributes);
      if (m.instrument === 'Histogram') {
        const h = meter.createHistogram(m.name, {
          ...opts,
          advice: { explicitBucketBoundaries: [...m.buckets!] },
        });
        for (const v of [m.buckets![0] / 2, m.buckets![1], m.buckets!.at(-1)! * 2]) h.record(v, attrs);
      } else if (m.instrument === 'Counter') meter.createCounter(m.name, opts).add(3, attrs);
      else if (m.instrument === 'UpDownCounter') meter.createUpDownCounter(m.name, opts).add(-2, attrs);
      else meter.createGauge(m.name, opts).record(0.25, attrs);
    }
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    contentType = response.headers.get('content-type');
    ours = parsePrometheusText(await response.text());
    const { resourceMetrics } = await stock.collect();
    const { PrometheusSerializer } = await import('@opentelemetry/exporter-prometheus');
    theirs = parsePrometheusText(new PrometheusSerializer().serialize(resourceMetrics));
  });

  afterAll(async () => {
    await provider?.shutdown();
  });

  it('answers with the Prometheus text content type, and 404 elsewhere', async () => {
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const port = (reader as unknown as { options: { port: number } }).options.port;
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it.each(METRICS.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    expect(ours.types.get(m.prometheus.name), `TYPE of ${m.prometheus.name}`).toBe(m.prometheus.type);
    for (const series of prometheusSeriesNames(m)) {
      const samples = ours.samples.filter((s) => s.name === series);
      expect(samples.length, `${series} is served`).toBeGreaterThan(0);
      for (const attr of m.attributes) expect(samples[0].labels).toHaveProperty(toPrometheusLabel(attr));
      expect(samples[0].labels.otel_scope_name).toBe('statewatch-reader-test');
      expect(samples[0].labels.otel_scope_version).toBe('1.2.3');
      // Same samples as the stock exporter, under its unit-less name.
      const stockSamples = theirs.samples.filter((s) => s.name === stockName(m, series));
      expect(stockSamples.length, `stock exporter serves ${stockName(m, series)}`).toBe(samples.length);
      const byLabels = new Map(stockSamples.map((s) => [key(s), s.value]));
      for (const s of samples) expect(byLabels.get(key(s)), `${series} ${key(s)}`).toBe(s.value);
    }
    if (m.buckets) {
      const les = ours.samples
        .filter((s) => s.name === `${m.prometheus.name}_bucket`)
        .map((s) => s.labels.le);
      expect(les).toEqual([...m.buckets.map(String), '+Inf']);
    }
  });

  it('serves a boolean attribute as the label value "true"', () => {
    const contended = ours.samples.find((s) => s.name === 'statewatch_lock_acquisitions_total');
    expect(contended?.labels.lock_contended).toBe('true');
  });

  it('serves target_info with the resource attributes', () => {
    const target = ours.samples.filter((s) => s.name === 'target_info');
    expect(target).toHaveLength(1);
    expect(target[0].labels.telemetry_sdk_language).toBe('nodejs');
  });
});

describe('label pairs', () => {
  it('escapes values and joins attributes that map to one label with ";" in key order', () => {
    expect(labelPairs({ 'a.b': 'x"y\\z\nw', a_b: 'second', n: 3, t: false })).toBe(
      'a_b="x\\"y\\\\z\\nw;second",n="3",t="false"',
    );
  });
});
