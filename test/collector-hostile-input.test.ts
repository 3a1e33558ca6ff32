// Hostile input through the real binary on the shipped collector/config.yaml: a point stamped an
// hour ahead must not freeze its series in the Prometheus exporter (the transform clamps it to
// now), and two huge but finite counter values must not make a fleet gauge NaN or negative (the
// drift processor drops them as implausible and says so in its telemetry).
import { readFileSync } from 'node:fs';
import {
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_BASELINE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
  metric,
  toPrometheusLabel,
} from '@statewatch/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCORING_BASELINE,
  buildCollector,
  gaugeExport,
  startCollector,
  type RunningCollector,
} from './utils/collector-process';
import { parsePrometheusText, sumSamples } from './utils/prometheus-text';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BASELINE_ID = (JSON.parse(readFileSync(SCORING_BASELINE, 'utf8')) as { id: string }).id;

/** One cumulative observation counter point of an instance, as OTLP/JSON. */
function counterExport(instance: string, bin: string, value: number, startMs: number): string {
  const ns = (ms: number) => String(BigInt(Math.round(ms)) * 1_000_000n);
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.instance.id', value: { stringValue: instance } }] },
        scopeMetrics: [
          {
            scope: { name: '@statewatch/feature-drift' },
            metrics: [
              {
                name: METRIC_FEATURE_OBSERVATIONS,
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [
                    {
                      attributes: [
                        { key: ATTR_FEATURE_NAME, value: { stringValue: 'age' } },
                        { key: ATTR_FEATURE_BIN, value: { stringValue: bin } },
                        { key: ATTR_FEATURE_BASELINE, value: { stringValue: BASELINE_ID } },
                      ],
                      startTimeUnixNano: ns(startMs),
                      timeUnixNano: ns(Date.now()),
                      asDouble: value,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('statewatch collector: hostile input', () => {
  let collector: RunningCollector;

  async function send(body: string): Promise<void> {
    const response = await fetch(`http://${collector.otlpHttp}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
  }
  const scrape = async (url = collector.metricsUrl) => parsePrometheusText(await (await fetch(url)).text());

  beforeAll(async () => {
    buildCollector();
    collector = await startCollector(['config.yaml']);
  }, 1_200_000);

  afterAll(() => collector?.stop());

  it('clamps a future timestamp to now, so the next real point still updates the series', async () => {
    await send(gaugeExport('hostile.future', 1, Date.now() + 3_600_000));
    await sleep(1500); // past the batch timeout: the first point is in the exporter
    await send(gaugeExport('hostile.future', 2, Date.now()));
    let value: number | undefined;
    for (let i = 0; i < 50 && value !== 2; i++) {
      await sleep(100);
      value = (await scrape()).samples.find((s) => s.name === 'hostile_future')?.value;
    }
    expect(value, collector.log()).toBe(2);
  });

  it('drops two huge finite counts as implausible: the fleet PSI stays finite, the window size non-negative', async () => {
    const start = Date.now() - 1000; // the counters started inside the window
    await send(counterExport('pod-a', '3', 8, start));
    await send(counterExport('pod-b', '3', 1.7e308, start));
    await send(counterExport('pod-c', '3', 1.7e308, start));
    const fleet = {
      [toPrometheusLabel(ATTR_FEATURE_NAME)]: 'age',
      [toPrometheusLabel(ATTR_DRIFT_SCOPE)]: 'fleet',
    };
    const psiName = metric(METRIC_FEATURE_PSI).prometheus.name;
    const sizeName = metric(METRIC_FEATURE_WINDOW_OBSERVATIONS).prometheus.name;
    let psi: number | undefined;
    let size: number | undefined;
    for (let i = 0; i < 50 && size === undefined; i++) {
      await sleep(200);
      const exp = await scrape();
      const of = (name: string) =>
        exp.samples.find((s) => s.name === name && Object.entries(fleet).every(([k, v]) => s.labels[k] === v))
          ?.value;
      psi = of(psiName);
      size = of(sizeName);
    }
    expect(size, collector.log()).toBe(8);
    expect(Number.isFinite(psi)).toBe(true);
    expect(psi).toBeGreaterThanOrEqual(0);
    const dropped = sumSamples(
      await scrape(collector.telemetryUrl),
      'otelcol_processor_drift_dropped_data_points',
      {
        reason: 'implausible_value',
      },
    );
    expect(dropped).toBe(2);
  });
});
