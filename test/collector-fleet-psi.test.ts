// Fleet PSI end to end: two Node processes using @statewatch/feature-drift each observe one half
// of a drifting stream and send their counters over OTLP to the built statewatch collector
// (shipped collector/config.yaml). The fleet PSI its Prometheus exporter serves must equal the
// PSI of the combined stream, while each instance's own PSI differs from it. Counters of a
// baseline the collector did not load are counted in its own telemetry and, with
// pass_through_counters on (as here), passed through.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_BASELINE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  METRIC_FEATURE_MISSING,
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
  metric,
  toPrometheusLabel,
} from '@statewatch/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sumSamples, type Exposition, type Sample } from './utils/prometheus-text';
import {
  buildCollector,
  SCORING_BASELINE,
  startCollector,
  type RunningCollector,
} from './utils/collector-process';

const ROOT = resolve(import.meta.dirname, '..');
const FEEDER = join(ROOT, 'collector/test/fleet-feeder.mjs');
const BASELINE = SCORING_BASELINE;
const RECORDS = 6000;
const SEED = 11;
const FEATURES = ['age', 'income', 'country', 'device'];
const UNKNOWN_BASELINE = '000000000000';
const PSI = metric(METRIC_FEATURE_PSI).prometheus.name;
const PSI_CRITICAL = metric(METRIC_FEATURE_PSI_CRITICAL).prometheus.name;
const WINDOW_OBSERVATIONS = metric(METRIC_FEATURE_WINDOW_OBSERVATIONS).prometheus.name;
const OBSERVATIONS = metric(METRIC_FEATURE_OBSERVATIONS).prometheus.name;
const FEATURE_NAME = toPrometheusLabel(ATTR_FEATURE_NAME);
const FEATURE_BASELINE = toPrometheusLabel(ATTR_FEATURE_BASELINE);
const DRIFT_SCOPE = toPrometheusLabel(ATTR_DRIFT_SCOPE);
// The collector's own telemetry (collector/driftprocessor/documentation.md).
const DROPPED = 'otelcol_processor_drift_dropped_data_points';

interface WindowState {
  feature: string;
  n: number;
  psi: number;
  critical: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runFeeder(otlpUrl: string, instance: string, part: string): WindowState[] {
  const out = execFileSync(
    process.execPath,
    [FEEDER, otlpUrl, instance, part, String(RECORDS), String(SEED), BASELINE],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  return JSON.parse(out.trim().split('\n').pop() as string) as WindowState[];
}

function byFeature(states: WindowState[]): Map<string, WindowState> {
  return new Map(states.map((s) => [s.feature, s]));
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

function samplesOf(exp: Exposition, name: string, labels: Record<string, string>): Sample[] {
  return exp.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

/** One OTLP/JSON export of an instance: the feature counters, cumulative, with these points. */
function counterExport(
  instance: string,
  points: Array<{ metric: string; attributes: Record<string, string>; value: number }>,
): string {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  const attributes = (map: Record<string, string>) =>
    Object.entries(map).map(([key, value]) => ({ key, value: { stringValue: value } }));
  const metrics = [...new Set(points.map((p) => p.metric))].map((name) => ({
    name,
    sum: {
      aggregationTemporality: 2, // cumulative
      isMonotonic: true,
      dataPoints: points
        .filter((p) => p.metric === name)
        .map((p) => ({
          attributes: attributes(p.attributes),
          startTimeUnixNano: now,
          timeUnixNano: now,
          asInt: String(p.value),
        })),
    },
  }));
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: {
          attributes: attributes({ 'service.name': 'fleet-psi-test', 'service.instance.id': instance }),
        },
        scopeMetrics: [{ scope: { name: '@statewatch/feature-drift' }, metrics }],
      },
    ],
  });
}

describe('statewatch collector: fleet PSI from two instances', () => {
  let collector: RunningCollector | undefined;
  let otlpUrl = '';
  let metricsUrl = '';
  let telemetryUrl = '';

  async function scrape(url = metricsUrl): Promise<Exposition> {
    const response = await fetch(url);
    return parsePrometheusText(await response.text());
  }

  beforeAll(async () => {
    // Cached: a no-op when the binary is newer than its inputs, minutes on a fresh clone.
    buildCollector();
    collector = await startCollector(['config.yaml'], {
      STATEWATCH_DRIFT_EMIT_INTERVAL: '500ms',
      // The option under test here: the instances' counters go on to Prometheus too (by
      // default they stop at the processor; test/collector-sharded-psi.test.ts checks that).
      STATEWATCH_DRIFT_PASS_THROUGH_COUNTERS: 'true',
    });
    otlpUrl = collector.otlpUrl;
    metricsUrl = collector.metricsUrl;
    telemetryUrl = collector.telemetryUrl;
  }, 1_200_000);

  afterAll(() => collector?.stop());

  it('serves the PSI of the combined stream as drift_scope="fleet", unlike each instance', async () => {
    const combined = byFeature(runFeeder('', 'combined', 'all'));
    const podA = byFeature(runFeeder(otlpUrl, 'pod-a', 'first'));
    const podB = byFeature(runFeeder(otlpUrl, 'pod-b', 'second'));

    // Wait until the fleet window holds every observation of both instances.
    let exp: Exposition | undefined;
    for (let i = 0; i < 100; i++) {
      exp = await scrape();
      const complete = FEATURES.every((feature) => {
        const n = samplesOf(exp as Exposition, WINDOW_OBSERVATIONS, {
          [FEATURE_NAME]: feature,
          [DRIFT_SCOPE]: 'fleet',
        });
        return n.length === 1 && n[0].value === combined.get(feature)?.n;
      });
      if (complete) break;
      await sleep(200);
    }
    if (!exp) throw new Error('no scrape');

    for (const feature of FEATURES) {
      const want = combined.get(feature) as WindowState;
      const fleet = { [FEATURE_NAME]: feature, [DRIFT_SCOPE]: 'fleet' };
      const [size] = samplesOf(exp, WINDOW_OBSERVATIONS, fleet);
      expect(size?.value, `${feature}: fleet window size\n${collector?.log()}`).toBe(want.n);
      expect(want.n).toBe((podA.get(feature)?.n ?? 0) + (podB.get(feature)?.n ?? 0));

      const [fleetPsi] = samplesOf(exp, PSI, fleet);
      const [fleetCritical] = samplesOf(exp, PSI_CRITICAL, fleet);
      expect(relativeError(fleetPsi.value, want.psi), `${feature}: fleet PSI`).toBeLessThan(1e-9);
      expect(relativeError(fleetCritical.value, want.critical), `${feature}: critical`).toBeLessThan(1e-9);

      // The instances' own PSI pass through the collector too, and differ from the fleet's.
      for (const [instance, own] of [
        ['pod-a', podA.get(feature) as WindowState],
        ['pod-b', podB.get(feature) as WindowState],
      ] as const) {
        const [served] = samplesOf(exp, PSI, {
          [FEATURE_NAME]: feature,
          [DRIFT_SCOPE]: 'instance',
          instance,
        });
        expect(served, `${feature}: ${instance} instance PSI served`).toBeDefined();
        expect(relativeError(served.value, own.psi)).toBeLessThan(1e-9);
        if (feature !== 'device') expect(relativeError(own.psi, want.psi)).toBeGreaterThan(0.05);
      }
    }
    // The drifting features show it: the calm half is below the fleet, the drifted half above.
    expect(podA.get('country')?.psi).toBeLessThan(combined.get('country')?.psi as number);
    expect(podB.get('country')?.psi).toBeGreaterThan(combined.get('country')?.psi as number);
  });

  it('serves the contract names (Prometheus names and types of the registry), the same labels', async () => {
    const registry = JSON.parse(await readFile(join(ROOT, 'packages/semconv/registry.json'), 'utf8')) as {
      metrics: Array<{ name: string; prometheus: { name: string; type: string } }>;
    };
    const exp = await scrape();
    const served = new Set(exp.samples.map((s) => s.name));
    for (const m of registry.metrics.filter((m) => m.name.startsWith('statewatch.feature.'))) {
      expect(served, `${m.name} is served as ${m.prometheus.name}`).toContain(m.prometheus.name);
      expect(exp.types.get(m.prometheus.name)).toBe(m.prometheus.type);
    }
    const [observation] = samplesOf(exp, OBSERVATIONS, { instance: 'pod-a' });
    expect(Object.keys(observation.labels)).toEqual(
      expect.arrayContaining([FEATURE_NAME, toPrometheusLabel(ATTR_FEATURE_BIN), FEATURE_BASELINE]),
    );
    // Every statewatch series served is a name of the contract (no doubled or stray suffixes).
    const contract = new Set(registry.metrics.map((m) => m.prometheus.name));
    const series = (n: string) => n.replace(/_(bucket|count|sum)$/, '');
    expect(
      [...served].filter((n) => n.startsWith('statewatch_') && !contract.has(n) && !contract.has(series(n))),
    ).toEqual([]);
  });

  it('counts and drops counters of a baseline it did not load, and passes them through', async () => {
    const loaded = (JSON.parse(await readFile(BASELINE, 'utf8')) as { id: string }).id;
    const unknown = { [ATTR_FEATURE_NAME]: 'age', [ATTR_FEATURE_BASELINE]: UNKNOWN_BASELINE };
    const droppedBefore = sumSamples(await scrape(telemetryUrl), DROPPED, { reason: 'unknown_baseline' });
    const response = await fetch(`${otlpUrl}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: counterExport('pod-c', [
        {
          metric: METRIC_FEATURE_OBSERVATIONS,
          attributes: { ...unknown, [ATTR_FEATURE_BIN]: '0' },
          value: 5,
        },
        { metric: METRIC_FEATURE_MISSING, attributes: unknown, value: 2 },
      ]),
    });
    expect(response.status).toBe(200);

    let passedThrough: Sample[] = [];
    let dropped = 0;
    for (let i = 0; i < 100; i++) {
      passedThrough = samplesOf(await scrape(), OBSERVATIONS, { [FEATURE_BASELINE]: UNKNOWN_BASELINE });
      dropped =
        sumSamples(await scrape(telemetryUrl), DROPPED, { reason: 'unknown_baseline' }) - droppedBefore;
      if (passedThrough.length > 0 && dropped >= 2) break;
      await sleep(200);
    }
    expect(dropped, 'both points (observations and missing) are counted as unknown_baseline').toBe(2);
    expect(passedThrough.map((s) => [s.labels.instance, s.value])).toEqual([['pod-c', 5]]);
    // No fleet window was made for it: every fleet gauge belongs to the loaded baseline.
    const fleet = (await scrape()).samples.filter((s) => s.labels[DRIFT_SCOPE] === 'fleet');
    expect(fleet.length).toBeGreaterThan(0);
    expect(new Set(fleet.map((s) => s.labels[FEATURE_BASELINE]))).toEqual(new Set([loaded]));
  });
});
