import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { otherSdkPreload, preloadedModules } from '../src/coexistence';
import { startOtlpReceiver, spanNames, type OtlpReceiver } from './otlp-receiver';
import { runApp } from './run-app';

const AUTO = '@opentelemetry/auto-instrumentations-node/register';
const STATEWATCH = '@statewatch/node/register';

interface CoexistOutput {
  recording: boolean;
  statewatchMeterProvider: boolean;
  metrics: string;
}

/** The environment a user of auto-instrumentations-node sets, pointed at the test receiver. */
function autoEnv(receiver: OtlpReceiver, statewatchPort: number): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_METRIC_EXPORT_INTERVAL: '200',
    OTEL_NODE_RESOURCE_DETECTORS: 'none',
    OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,runtime-node',
    OTEL_LOGS_EXPORTER: 'none',
    STATEWATCH_PROMETHEUS_PORT: String(statewatchPort),
  };
}

const statewatchLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('statewatch:'));

describe('statewatch register next to @opentelemetry/auto-instrumentations-node/register (real package)', () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it.each([
    ['--import, auto first', ['--import', AUTO, '--import', STATEWATCH]],
    ['--import, statewatch first', ['--import', STATEWATCH, '--import', AUTO]],
    ['--require, auto first', ['--require', AUTO, '--require', STATEWATCH]],
    ['--require, statewatch first', ['--require', STATEWATCH, '--require', AUTO]],
    ['auto in NODE_OPTIONS, statewatch --import', ['--import', STATEWATCH], `--require ${AUTO}`],
  ])(
    '%s: same outcome, said in one line; the other SDK traces and exports',
    async (_label, args, nodeOptions = '') => {
      receiver = await startOtlpReceiver();
      const port = await freePort();
      const env = { ...autoEnv(receiver, port), NODE_OPTIONS: nodeOptions };
      const run = await runApp('coexist-app.cjs', args, env, 30_000);
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as CoexistOutput;

      // The other SDK owns the globals: its tracing records and exports the HTTP spans…
      expect(out.recording).toBe(true);
      expect(spanNames(receiver.traces)).toEqual(expect.arrayContaining(['GET']));
      // …and metrics made through the global API (the monitor without meterProvider) reach its exporter.
      const exported = JSON.stringify(receiver.metrics);
      expect(exported).toContain('"viaGlobal"');
      expect(exported).not.toContain('"viaStatewatch"');

      // statewatch's endpoint serves gc, lock and clone, and the monitor given statewatchMeterProvider().
      expect(out.metrics).toMatch(/^statewatch_lock_acquisitions\S*\{[^}]*lock_kind="mutex"/m);
      expect(out.metrics).toMatch(/^statewatch_clone_duration\S*_count\{[^}]*clone_strategy="rfdc"/m);
      expect(out.metrics).toMatch(/^statewatch_gc_pause_duration\S*_count/m);
      expect(out.metrics).toMatch(/^statewatch_feature_observations\S*\{[^}]*feature_name="viaStatewatch"/m);
      expect(out.metrics).not.toContain('viaGlobal');

      expect(statewatchLines(run.stderr)).toEqual([
        `statewatch: ${AUTO} is loaded too, so statewatch leaves the global MeterProvider to it (in either order): ` +
          'metrics made through the global OTel API (your meters, a FeatureDriftMonitor without meterProvider) ' +
          "go to that SDK's exporters. statewatch's gc, lock and clone metrics are served on " +
          `http://127.0.0.1:${port}/metrics. To publish drift metrics through statewatch as well, pass ` +
          '`meterProvider: statewatchMeterProvider()` (from @statewatch/node) to FeatureDriftMonitor.',
      ]);
    },
  );

  it('alone, statewatch owns the global MeterProvider: both monitors are served on its endpoint, nothing said', async () => {
    receiver = await startOtlpReceiver();
    const port = await freePort();
    const run = await runApp('coexist-app.cjs', ['--import', STATEWATCH], {
      ...autoEnv(receiver, port),
      APP_WAIT_MS: '300',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as CoexistOutput;
    expect(out.metrics).toMatch(/^statewatch_feature_observations\S*\{[^}]*feature_name="viaGlobal"/m);
    expect(out.metrics).toMatch(/^statewatch_feature_observations\S*\{[^}]*feature_name="viaStatewatch"/m);
    expect(receiver.metrics).toEqual([]); // statewatch's default exporter is its endpoint only
  });
});

const LEGACY = resolve(__dirname, 'fixtures', 'legacy-sdk.cjs');

describe('OTEL_METRICS_EXPORTER=prometheus read by both SDKs', () => {
  it.each([
    ['on one port, says so once', true],
    ['on different ports, says nothing about ports', false],
  ])('%s', async (_label, samePort) => {
    const port = await freePort();
    const otherPort = samePort ? port : await freePort();
    const run = await runApp('busy-app.cjs', ['--import', AUTO, '--import', STATEWATCH], {
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(otherPort),
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_NODE_RESOURCE_DETECTORS: 'none',
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http',
      STATEWATCH_PROMETHEUS_PORT: String(port),
      APP_RUN_MS: '300',
    });
    expect(run.code, run.stderr).toBe(0);
    const portLines = statewatchLines(run.stderr).filter((l) => l.includes('its own Prometheus exporter'));
    expect(portLines).toEqual(
      samePort
        ? [
            `statewatch: OTEL_METRICS_EXPORTER=prometheus makes ${AUTO} start its own Prometheus exporter on port ${port}, ` +
              "statewatch's port too: only one of the two can listen. Set STATEWATCH_PROMETHEUS_PORT (or " +
              'OTEL_EXPORTER_PROMETHEUS_PORT) to another port.',
          ]
        : [],
    );
  });
});

describe('statewatch register next to an SDK on another @opentelemetry/api copy (1.9.1)', () => {
  it.each([
    ['other first', ['--require', LEGACY, '--import', STATEWATCH]],
    ['statewatch first (--require)', ['--require', STATEWATCH, '--require', LEGACY]],
    ['statewatch first (--import)', ['--import', STATEWATCH, '--import', LEGACY]],
  ])(
    '%s: its tracing and MeterProvider stay registered; statewatch says it stays off the globals',
    async (_label, args) => {
      const port = await freePort();
      const run = await runApp('busy-app.cjs', args, {
        STATEWATCH_PROMETHEUS_PORT: String(port),
        APP_RUN_MS: '300',
        PROBE_URL: `http://127.0.0.1:${port}/metrics`,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('legacy: registered tracing=true metrics=true; span recording=true');
      expect(run.stdout).toContain('probe: 200'); // statewatch's endpoint serves
      const lines = statewatchLines(run.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^statewatch: another OpenTelemetry SDK registered the OTel globals while the app started \(or through another @opentelemetry\/api copy\), so statewatch cannot set the global MeterProvider: /,
      );
    },
  );
});

describe("statewatch's instrumentations in a user's own NodeSDK with auto-instrumentations-node", () => {
  it('records statewatch and drift metrics through the SDK, and the HTTP spans', async () => {
    const run = await runApp('nodesdk-coexist-app.cjs', [], {
      OTEL_NODE_RESOURCE_DETECTORS: 'none',
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { spanKinds: number[]; metrics: string };
    expect(out.spanKinds.sort()).toEqual([1, 2]); // SERVER and CLIENT
    expect(out.metrics).toMatch(/^statewatch_lock_acquisitions\S*\{[^}]*lock_kind="mutex"/m);
    expect(out.metrics).toMatch(/^statewatch_clone_duration\S*_count\{[^}]*clone_strategy="rfdc"/m);
    expect(out.metrics).toMatch(/^statewatch_feature_observations\S*\{[^}]*feature_name="viaGlobal"/m);
    expect(out.metrics).toMatch(/^http_server_request_duration/m);
  });
});

describe('finding preloads', () => {
  it('reads --require, -r, --import and --flag=value from NODE_OPTIONS (quotes group) and the command line', () => {
    expect(
      preloadedModules(
        ['--import', '@statewatch/node/register', '--expose-gc', '-r', './a.cjs'],
        '--require="/opt/my app/otel.cjs" --max-old-space-size=4096 --import=tsx',
      ),
    ).toEqual(['/opt/my app/otel.cjs', 'tsx', '@statewatch/node/register', './a.cjs']);
  });

  it("recognises auto-instrumentations-node's register by name or by file path, and nothing else", () => {
    expect(otherSdkPreload(['@opentelemetry/auto-instrumentations-node/register'])).toBe(
      '@opentelemetry/auto-instrumentations-node/register',
    );
    const file = '/srv/app/node_modules/@opentelemetry/auto-instrumentations-node/dist/register.cjs';
    expect(otherSdkPreload(['tsx', file])).toBe(file);
    expect(
      otherSdkPreload(['@statewatch/node/register', 'dotenv/config', '@opentelemetry/api']),
    ).toBeUndefined();
  });
});
