// End to end, one OTel process into Prometheus 3 on every ingestion path at once:
//   (b) OTLP → statewatch collector (shipped config: drift processor, stock prometheus exporter) → scrape
//   (c) OTLP → Prometheus 3's OTLP receiver, default translation, no collector
//   (d) OTLP → a plain collector pipeline (stock otlp receiver → stock prometheus exporter with its
//       defaults, no statewatch component; the binary is the statewatch distribution, which holds both)
//   (a) + remote write: Prometheus scrapes the embedded endpoint and remote-writes to another one
// On each, every registry metric arrives under the registry's Prometheus name with its labels, no
// other statewatch name appears, and (b)–(d) run every dashboard, variable, rule and alert query
// (path (a) alone: dashboards/test/live-prometheus.test.ts).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS, prometheusSeriesNames, toPrometheusLabel } from '@statewatch/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { loadPrometheusRules } from '../dashboards/src';
import {
  COLLECTOR_BINARY,
  SHIPPED_COLLECTOR_CONFIG,
  startCollectorProcess,
  type CollectorProcess,
} from './utils/collector-process';
import { describeEveryQuery, waitForRecordingRules } from './utils/dashboard-queries';
import { DEMO_BASELINE_FILE, startEmitter, type Emitter } from './utils/emitter';
import { freePort } from './utils/ports';
import { series } from './utils/prometheus-api';
import { requirePrometheus } from './utils/prometheus-binary';
import { startPrometheus, waitFor, type PrometheusServer } from './utils/prometheus-server';

const SERVICE = 'statewatch-paths-e2e';
const haveCollector = existsSync(COLLECTOR_BINARY);
if (!haveCollector && process.env.CI === 'true')
  throw new Error(`CI=true: no collector at ${COLLECTOR_BINARY}`);
const available = requirePrometheus('per-path e2e test') && haveCollector;

/** Every series name Prometheus holds that looks like one of ours. */
async function statewatchNames(prom: PrometheusServer): Promise<Set<string>> {
  const r = await fetch(`${prom.url}/api/v1/label/__name__/values`);
  const names = ((await r.json()) as { data: string[] }).data;
  return new Set(names.filter((n) => /^(statewatch_|v8js_)/.test(n)));
}

/** Every registry metric arrives with its series names and labels; no other statewatch name. */
async function expectRegistryNames(prom: PrometheusServer, job?: string): Promise<void> {
  const known = new Set(METRICS.flatMap(prometheusSeriesNames));
  expect(
    [...(await statewatchNames(prom))].filter((n) => !known.has(n)),
    'names outside the registry',
  ).toEqual([]);
  for (const m of METRICS) {
    const names = prometheusSeriesNames(m);
    const matcher = `{__name__=~"${names.join('|')}"${job ? `,job="${job}"` : ''}}`;
    const found = await series(prom.url, matcher);
    expect(new Set(found.map((s) => s.__name__)), `${m.name} arrives as ${names.join(', ')}`).toEqual(
      new Set(names),
    );
    for (const attribute of m.attributes)
      expect(
        found.some((s) => (s[toPrometheusLabel(attribute)] ?? '') !== ''),
        `${m.name} label ${toPrometheusLabel(attribute)}`,
      ).toBe(true);
  }
}

describe.skipIf(!available)('every ingestion path into Prometheus 3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statewatch-paths-'));
  let statewatchCollector: CollectorProcess | undefined;
  let plainCollector: CollectorProcess | undefined;
  const proms: Record<'a' | 'b' | 'c' | 'd' | 'rw', PrometheusServer | undefined> = {
    a: undefined,
    b: undefined,
    c: undefined,
    d: undefined,
    rw: undefined,
  };
  let emitter: Emitter | undefined;
  const rules = [loadPrometheusRules().path];

  beforeAll(async () => {
    const [swOtlp, swGrpc, swProm, swTelemetry] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    statewatchCollector = await startCollectorProcess({
      args: [
        `--config=${SHIPPED_COLLECTOR_CONFIG}`,
        '--config=yaml:processors::drift::window: 20s',
        '--config=yaml:processors::drift::buckets: 10',
      ],
      env: {
        STATEWATCH_OTLP_HTTP_ENDPOINT: `127.0.0.1:${swOtlp}`,
        STATEWATCH_OTLP_GRPC_ENDPOINT: `127.0.0.1:${swGrpc}`,
        STATEWATCH_PROMETHEUS_ENDPOINT: `127.0.0.1:${swProm}`,
        STATEWATCH_TELEMETRY_HOST: '127.0.0.1',
        STATEWATCH_TELEMETRY_PORT: String(swTelemetry),
        STATEWATCH_BASELINE: DEMO_BASELINE_FILE,
        STATEWATCH_DRIFT_EMIT_INTERVAL: '1s',
        // The shipped default keeps the instances' per-bin counters in the drift processor
        // (test/e2e-stack.test.ts checks that); passed on, every drift panel has data here too.
        STATEWATCH_DRIFT_PASS_THROUGH_COUNTERS: 'true',
      },
      otlpHttpPort: swOtlp,
      prometheusPort: swProm,
    });

    const [plainOtlp, plainProm] = [await freePort(), await freePort()];
    const plainConfig = join(dir, 'plain-collector.yaml');
    // A pipeline any platform team may run: stock components, their defaults, nothing renamed.
    writeFileSync(
      plainConfig,
      stringify({
        receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${plainOtlp}` } } } },
        exporters: { prometheus: { endpoint: `127.0.0.1:${plainProm}` } },
        service: {
          pipelines: { metrics: { receivers: ['otlp'], exporters: ['prometheus'] } },
          telemetry: { metrics: { level: 'none' } },
        },
      }),
    );
    plainCollector = await startCollectorProcess({
      args: [`--config=${plainConfig}`],
      otlpHttpPort: plainOtlp,
      prometheusPort: plainProm,
    });

    const scrape = { scrapeInterval: '1s', ruleFiles: rules, honorLabels: true };
    proms.b = await startPrometheus({
      port: await freePort(),
      scrapeTargets: [statewatchCollector.metricsTarget],
      ...scrape,
    });
    proms.c = await startPrometheus({ port: await freePort(), otlpReceiver: true, ...scrape });
    proms.d = await startPrometheus({
      port: await freePort(),
      scrapeTargets: [plainCollector.metricsTarget],
      ...scrape,
    });
    proms.rw = await startPrometheus({
      port: await freePort(),
      remoteWriteReceiver: true,
      scrapeInterval: '1s',
    });
    const emitterPort = await freePort();
    proms.a = await startPrometheus({
      port: await freePort(),
      scrapeTargets: [`127.0.0.1:${emitterPort}`],
      remoteWrite: [`${proms.rw.url}/api/v1/write`],
      scrapeInterval: '1s',
    });
    emitter = await startEmitter({
      port: emitterPort,
      serviceName: SERVICE,
      otlpEndpoints: [statewatchCollector.otlpUrl, proms.c.otlpUrl, plainCollector.otlpUrl],
    });
    await Promise.all([proms.b, proms.c, proms.d].map((p) => waitForRecordingRules(p!)));
    // Fleet PSI: the drift processor emits it once it has seen the counters twice.
    await waitFor(
      async () => (await series(proms.b!.url, 'statewatch_feature_psi{drift_scope="fleet"}')).length > 0,
      60_000,
    );
  }, 180_000);

  afterAll(async () => {
    await emitter?.stop();
    for (const p of Object.values(proms)) await p?.stop();
    await plainCollector?.stop();
    await statewatchCollector?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('(b) OTLP → statewatch collector → scrape', () => {
    it('serves every registry metric under its registry name, with fleet PSI from the drift processor', async () => {
      await expectRegistryNames(proms.b!, SERVICE);
      const fleet = await series(proms.b!.url, 'statewatch_feature_psi{drift_scope="fleet"}');
      expect(new Set(fleet.map((s) => s.feature_name))).toEqual(
        new Set(['age', 'income', 'country', 'device']),
      );
    });

    it("keeps the sender's job and instance (honor_labels) and its otel_scope_name", async () => {
      const [s] = await series(proms.b!.url, 'statewatch_gc_heap_live_bytes');
      expect(s).toMatchObject({
        job: SERVICE,
        instance: `emitter-${emitter!.port}`,
        otel_scope_name: '@statewatch/live-test',
      });
    });
    describeEveryQuery(() => proms.b!, { statewatchCollector: true });
  });

  describe("(c) OTLP → Prometheus 3's OTLP receiver", () => {
    it('stores every registry metric under its registry name (default translation)', async () => {
      await expectRegistryNames(proms.c!, SERVICE);
      expect(await series(proms.c!.url, '{drift_scope="fleet"}')).toEqual([]);
    });

    it('takes job and instance from service.name and service.instance.id, and adds no otel_scope_name', async () => {
      const [s] = await series(proms.c!.url, 'statewatch_gc_heap_live_bytes');
      expect(s).toMatchObject({ job: SERVICE, instance: `emitter-${emitter!.port}` });
      expect(s.otel_scope_name).toBeUndefined();
    });

    it('appends _ratio to a gauge of unit 1 (why PSI has unit {psi})', async () => {
      const provider = new MeterProvider({
        readers: [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ url: `${proms.c!.otlpUrl}/v1/metrics` }),
            exportIntervalMillis: 60_000,
          }),
        ],
      });
      const meter = provider.getMeter('naming-probe');
      meter.createGauge('naming.probe.unit_one', { unit: '1' }).record(0.5);
      meter.createGauge('naming.probe.annotation', { unit: '{thing}' }).record(2);
      await provider.shutdown(); // flushes
      const names = await fetch(`${proms.c!.url}/api/v1/label/__name__/values`).then(
        async (r) => ((await r.json()) as { data: string[] }).data,
      );
      expect(names.filter((n) => n.startsWith('naming_probe')).sort()).toEqual([
        'naming_probe_annotation',
        'naming_probe_unit_one_ratio',
      ]);
    });
    describeEveryQuery(() => proms.c!, { statewatchCollector: false });
  });

  describe('(d) OTLP → plain collector (otlp receiver → prometheus exporter) → scrape', () => {
    it('serves every registry metric under its registry name', async () => {
      await expectRegistryNames(proms.d!, SERVICE);
      expect(await series(proms.d!.url, '{drift_scope="fleet"}')).toEqual([]);
    });
    describeEveryQuery(() => proms.d!, { statewatchCollector: false });
  });

  it('(a) + remote write: the embedded endpoint names pass through remote write unchanged', async () => {
    await waitFor(async () => (await statewatchNames(proms.rw!)).size >= METRICS.length, 30_000);
    await expectRegistryNames(proms.a!);
    await expectRegistryNames(proms.rw!);
  });
});
