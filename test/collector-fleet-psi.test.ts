// Fleet PSI end to end: two Node processes using @statewatch/feature-drift each observe one half
// of a drifting stream and send their counters over OTLP to the built statewatch collector
// (shipped collector/config.yaml). The fleet PSI its Prometheus exporter serves must equal the
// PSI of the combined stream, while each instance's own PSI differs from it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, type Exposition, type Sample } from './utils/prometheus-text';
import { freePort } from './utils/ports';

const ROOT = resolve(import.meta.dirname, '..');
const BINARY = join(ROOT, 'collector/_build/dist/statewatch-collector');
const CONFIG = join(ROOT, 'collector/config.yaml');
const FEEDER = join(ROOT, 'collector/test/fleet-feeder.mjs');
const BASELINE = join(ROOT, 'packages/feature-drift/testdata/scoring-baseline.json');
const RECORDS = 6000;
const SEED = 11;
const FEATURES = ['age', 'income', 'country', 'device'];

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

describe('statewatch collector: fleet PSI from two instances', () => {
  let collector: ChildProcess | undefined;
  let log = '';
  let otlpUrl = '';
  let metricsUrl = '';

  async function scrape(): Promise<Exposition> {
    const response = await fetch(metricsUrl);
    return parsePrometheusText(await response.text());
  }

  beforeAll(async () => {
    // Cached: a no-op when the binary is newer than its inputs, minutes on a fresh clone.
    execFileSync('bash', [join(ROOT, 'collector/build.sh')], { cwd: ROOT, stdio: 'inherit' });
    expect(existsSync(BINARY)).toBe(true);
    const [otlpPort, grpcPort, promPort, telemetryPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    otlpUrl = `http://127.0.0.1:${otlpPort}`;
    metricsUrl = `http://127.0.0.1:${promPort}/metrics`;
    collector = spawn(BINARY, ['--config', CONFIG], {
      cwd: ROOT,
      env: {
        ...process.env,
        STATEWATCH_BASELINE: BASELINE,
        STATEWATCH_OTLP_HTTP_ENDPOINT: `127.0.0.1:${otlpPort}`,
        STATEWATCH_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpcPort}`,
        STATEWATCH_PROMETHEUS_ENDPOINT: `127.0.0.1:${promPort}`,
        STATEWATCH_TELEMETRY_HOST: '127.0.0.1',
        STATEWATCH_TELEMETRY_PORT: String(telemetryPort),
        STATEWATCH_DRIFT_EMIT_INTERVAL: '500ms',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    collector.stdout?.on('data', (d) => (log += d));
    collector.stderr?.on('data', (d) => (log += d));
    for (let i = 0; ; i++) {
      if (collector.exitCode !== null) throw new Error(`collector exited:\n${log}`);
      try {
        if ((await fetch(metricsUrl)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 300) throw new Error(`collector did not start:\n${log}`);
      await sleep(100);
    }
  }, 1_200_000);

  afterAll(async () => {
    if (collector && collector.exitCode === null) {
      const exited = new Promise((r) => collector?.once('exit', r));
      collector.kill('SIGTERM');
      await exited;
    }
  });

  it('serves the PSI of the combined stream as drift_scope="fleet", unlike each instance', async () => {
    const combined = byFeature(runFeeder('', 'combined', 'all'));
    const podA = byFeature(runFeeder(otlpUrl, 'pod-a', 'first'));
    const podB = byFeature(runFeeder(otlpUrl, 'pod-b', 'second'));

    // Wait until the fleet window holds every observation of both instances.
    let exp: Exposition | undefined;
    for (let i = 0; i < 100; i++) {
      exp = await scrape();
      const complete = FEATURES.every((feature) => {
        const n = samplesOf(exp as Exposition, 'statewatch_feature_window_observations', {
          feature_name: feature,
          drift_scope: 'fleet',
        });
        return n.length === 1 && n[0].value === combined.get(feature)?.n;
      });
      if (complete) break;
      await sleep(200);
    }
    if (!exp) throw new Error('no scrape');

    for (const feature of FEATURES) {
      const want = combined.get(feature) as WindowState;
      const fleet = { feature_name: feature, drift_scope: 'fleet' };
      const [size] = samplesOf(exp, 'statewatch_feature_window_observations', fleet);
      expect(size?.value, `${feature}: fleet window size\n${log}`).toBe(want.n);
      expect(want.n).toBe((podA.get(feature)?.n ?? 0) + (podB.get(feature)?.n ?? 0));

      const [fleetPsi] = samplesOf(exp, 'statewatch_feature_psi', fleet);
      const [fleetCritical] = samplesOf(exp, 'statewatch_feature_psi_critical', fleet);
      expect(relativeError(fleetPsi.value, want.psi), `${feature}: fleet PSI`).toBeLessThan(1e-9);
      expect(relativeError(fleetCritical.value, want.critical), `${feature}: critical`).toBeLessThan(1e-9);

      // The instances' own PSI pass through the collector too, and differ from the fleet's.
      for (const [instance, own] of [
        ['pod-a', podA.get(feature) as WindowState],
        ['pod-b', podB.get(feature) as WindowState],
      ] as const) {
        const [served] = samplesOf(exp, 'statewatch_feature_psi', {
          feature_name: feature,
          drift_scope: 'instance',
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

  it('serves the contract names: counters with _total, no unit suffixes, the same labels', async () => {
    const registry = JSON.parse(await readFile(join(ROOT, 'packages/semconv/registry.json'), 'utf8')) as {
      metrics: Array<{ name: string; prometheus: { name: string; type: string } }>;
    };
    const exp = await scrape();
    const served = new Set(exp.samples.map((s) => s.name));
    for (const m of registry.metrics.filter((m) => m.name.startsWith('statewatch.feature.'))) {
      expect(served, `${m.name} is served as ${m.prometheus.name}`).toContain(m.prometheus.name);
      expect(exp.types.get(m.prometheus.name)).toBe(m.prometheus.type);
    }
    const [observation] = samplesOf(exp, 'statewatch_feature_observations_total', { instance: 'pod-a' });
    expect(Object.keys(observation.labels)).toEqual(
      expect.arrayContaining(['feature_name', 'feature_bin', 'feature_baseline']),
    );
    expect([...served].filter((n) => /statewatch_.*(_ratio|_observation|_total_total)$/.test(n))).toEqual([]);
  });
});
