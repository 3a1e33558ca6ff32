// Fleet PSI from a sharded collector, end to end with the real binaries: three instances send
// their feature counters through the routing tier (collector/router.yaml: the load-balancing
// exporter, feature counters routed by feature.baseline + feature.name) to two drift replicas
// (collector/config.yaml), and, in parallel, straight to one single replica. Every feature's fleet
// PSI must come from exactly one of the two replicas and equal the single replica's and the PSI of
// the combined stream. Then one replica restarts (all its state is lost): once the instances'
// next exports have arrived, its features' fleet PSI is the same again. The router uses the
// exporter's static resolver here instead of the shipped DNS one (no DNS server in a test).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBaseline } from '@statewatch/feature-drift';
import {
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_NAME,
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
  metric,
  toPrometheusLabel,
} from '@statewatch/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parsePrometheusText, type Exposition } from './utils/prometheus-text';
import { buildCollector, startCollectorProcess, type CollectorProcess } from './utils/collector-process';
import { freePort } from './utils/ports';

const ROOT = resolve(import.meta.dirname, '..');
const REPLICA_CONFIG = join(ROOT, 'collector/config.yaml');
const ROUTER_CONFIG = join(ROOT, 'collector/router.yaml');
const INSTANCE = join(ROOT, 'collector/test/shard-instance.mjs');
// The stream the instances observe: a plain ESM helper shared with collector/test/shard-instance.mjs.
const { featureNames, shardStream } = (await import(
  pathToFileURL(join(ROOT, 'collector/test/shard-stream.mjs')).href
)) as {
  featureNames: (count: number) => string[];
  shardStream: (features: string[], count: number, seed: number) => object[];
};
const FEATURES = featureNames(16); // 2 replicas: all on one replica has odds 2^-15
const INSTANCES = ['pod-a', 'pod-b', 'pod-c'];
const RECORDS = 3000;
const SEED = 5;
const PSI = metric(METRIC_FEATURE_PSI).prometheus.name;
const WINDOW_OBSERVATIONS = metric(METRIC_FEATURE_WINDOW_OBSERVATIONS).prometheus.name;
const OBSERVATIONS = metric(METRIC_FEATURE_OBSERVATIONS).prometheus.name;
const FEATURE_NAME = toPrometheusLabel(ATTR_FEATURE_NAME);
const DRIFT_SCOPE = toPrometheusLabel(ATTR_DRIFT_SCOPE);

interface WindowState {
  feature: string;
  n: number;
  psi: number;
}
interface CollectorSpec {
  name: string;
  env: Record<string, string>;
  config: string;
  otlpHttpPort: number;
  prometheusPort: number;
  otlpHttp: string;
  otlpGrpc: string;
  metricsUrl: string;
  /** Answers once the collector runs: its Prometheus endpoint, or the router's telemetry. */
  readyUrl: string;
}
type Collector = CollectorSpec & { running: CollectorProcess };
type Fleet = Map<string, { n: number; psi?: number }>;
type RouterConfig = { exporters: Record<string, { resolver: unknown }> };

/** The shipped router config with the static resolver listing these replicas. */
function routerWith(config: RouterConfig, replicas: Collector[]): string {
  const copy = structuredClone(config);
  for (const exporter of Object.values(copy.exporters))
    exporter.resolver = { static: { hostnames: replicas.map((r) => r.otlpGrpc) } };
  return stringify(copy);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('statewatch collector: sharded fleet PSI (routing tier + 2 drift replicas)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statewatch-sharded-'));
  const baselinePath = join(dir, 'baseline.json');
  const collectors: Collector[] = [];
  const instances: ChildProcess[] = [];
  let truth = new Map<string, WindowState>();
  let replicaA: Collector, replicaB: Collector, single: Collector, router: Collector;
  let routerConfig: RouterConfig;
  let routerConfigFile = '';

  /** Starts (or restarts, on the same ports) the collector of `c`. */
  async function launch(c: CollectorSpec): Promise<Collector> {
    const ready = async () => (await fetch(c.readyUrl)).ok;
    const running = await startCollectorProcess({
      args: ['--config', c.config],
      env: c.env,
      otlpHttpPort: c.otlpHttpPort,
      prometheusPort: c.prometheusPort,
      ready,
    });
    return { ...c, running };
  }

  async function startCollector(name: string, config: string, extraEnv: Record<string, string> = {}) {
    const [http, grpc, prom, telemetry] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const env = {
      STATEWATCH_BASELINE: baselinePath,
      STATEWATCH_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
      STATEWATCH_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
      STATEWATCH_PROMETHEUS_ENDPOINT: `127.0.0.1:${prom}`,
      STATEWATCH_TELEMETRY_HOST: '127.0.0.1',
      STATEWATCH_TELEMETRY_PORT: String(telemetry),
      STATEWATCH_DRIFT_EMIT_INTERVAL: '300ms',
      ...extraEnv,
    };
    const isRouter = config !== REPLICA_CONFIG;
    const collector = await launch({
      name,
      config,
      env,
      otlpHttpPort: http,
      prometheusPort: prom,
      otlpHttp: `http://127.0.0.1:${http}`,
      otlpGrpc: `127.0.0.1:${grpc}`,
      metricsUrl: `http://127.0.0.1:${prom}/metrics`,
      readyUrl: isRouter ? `http://127.0.0.1:${telemetry}/metrics` : `http://127.0.0.1:${prom}/metrics`,
    });
    collectors.push(collector);
    return collector;
  }

  const stop = (c: Collector) => c.running.stop();

  async function fleetOf(c: Collector): Promise<Fleet> {
    const exp: Exposition = parsePrometheusText(await (await fetch(c.metricsUrl)).text());
    const fleet: Fleet = new Map();
    for (const s of exp.samples) {
      if (s.labels[DRIFT_SCOPE] !== 'fleet') continue;
      const entry = fleet.get(s.labels[FEATURE_NAME]) ?? { n: 0 };
      if (s.name === WINDOW_OBSERVATIONS) entry.n = s.value;
      if (s.name === PSI) entry.psi = s.value;
      fleet.set(s.labels[FEATURE_NAME], entry);
    }
    return fleet;
  }

  /** Scrapes until every feature's fleet window holds the whole stream, in `of` together. */
  async function waitForCompleteFleet(of: Collector[]): Promise<Fleet[]> {
    let fleets: Fleet[] = [];
    for (let i = 0; i < 150; i++) {
      fleets = await Promise.all(of.map(fleetOf));
      const complete = FEATURES.every((f) =>
        fleets.some((fleet) => fleet.get(f)?.n === truth.get(f)?.n && fleet.get(f)?.psi !== undefined),
      );
      if (complete) return fleets;
      await sleep(200);
    }
    return fleets;
  }

  function expectSameAsTruth(fleets: Fleet[], what: string): void {
    for (const feature of FEATURES) {
      const holders = fleets.filter((fleet) => fleet.has(feature));
      expect(holders.length, `${what}: ${feature} has fleet series on exactly one replica`).toBe(1);
      const got = holders[0].get(feature)!;
      const want = truth.get(feature)!;
      expect(got.n, `${what}: ${feature} window size`).toBe(want.n);
      expect(Math.abs(got.psi! - want.psi), `${what}: ${feature} fleet PSI`).toBeLessThan(
        1e-9 * Math.max(1, want.psi),
      );
    }
  }

  beforeAll(async () => {
    buildCollector();
    const reference = shardStream(FEATURES, 4000, 99).slice(0, 2000);
    writeFileSync(baselinePath, JSON.stringify(buildBaseline(reference, { numeric: FEATURES })));
    const combined = execFileSync(
      process.execPath,
      [INSTANCE, baselinePath, 'combined', 'all', '1', String(RECORDS), String(SEED)],
      { cwd: ROOT, encoding: 'utf8' },
    );
    truth = new Map((JSON.parse(combined.trim()) as WindowState[]).map((s) => [s.feature, s]));

    replicaA = await startCollector('replica A', REPLICA_CONFIG);
    replicaB = await startCollector('replica B', REPLICA_CONFIG);
    single = await startCollector('single replica', REPLICA_CONFIG);
    routerConfig = parse(readFileSync(ROUTER_CONFIG, 'utf8')) as RouterConfig;
    routerConfigFile = join(dir, 'router.yaml');
    writeFileSync(routerConfigFile, routerWith(routerConfig, [replicaA, replicaB]));
    router = await startCollector('router', routerConfigFile);

    for (const [part, id] of INSTANCES.entries()) {
      const child = spawn(
        process.execPath,
        [
          INSTANCE,
          baselinePath,
          id,
          String(part),
          String(INSTANCES.length),
          String(RECORDS),
          String(SEED),
          `${router.otlpHttp},${single.otlpHttp}`,
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      instances.push(child);
    }
  }, 1_200_000);

  afterAll(async () => {
    await Promise.all(
      instances.map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }),
    );
    await Promise.all(collectors.map(stop));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every feature the same fleet PSI as one replica, each from exactly one replica', async () => {
    const [a, b] = await waitForCompleteFleet([replicaA, replicaB]);
    const [one] = await waitForCompleteFleet([single]);
    expectSameAsTruth([one], 'single replica');
    expectSameAsTruth([a, b], 'two replicas');
    expect(a.size, 'the routing splits the features over both replicas').toBeGreaterThan(0);
    expect(b.size).toBeGreaterThan(0);
    expect(a.size + b.size).toBe(FEATURES.length);
    // The drifting features (every third) are visible, the calm ones are not.
    expect(truth.get('f00')!.psi).toBeGreaterThan(0.05);
    expect(truth.get('f01')!.psi).toBeLessThan(0.05);
    // The per-instance counters stop at the drift processor (pass_through_counters: false).
    const served = parsePrometheusText(await (await fetch(replicaA.metricsUrl)).text());
    expect(served.samples.filter((s) => s.name === OBSERVATIONS)).toEqual([]);
  });

  it('recovers the same fleet PSI after a replica restarts and loses its state', async () => {
    const before = await fleetOf(replicaB);
    expect(before.size).toBeGreaterThan(0);
    await stop(replicaB);
    const restarted = await launch(replicaB);
    collectors.push(restarted);
    replicaB = restarted;
    // The instances' counters started inside the window, so their next cumulative export
    // counts in full on the fresh replica: nothing is lost.
    const [a, b] = await waitForCompleteFleet([replicaA, replicaB]);
    expectSameAsTruth([a, b], 'after the restart');
    expect([...b.keys()].sort()).toEqual([...before.keys()].sort());
  });

  it('after the replica set shrinks to one, that replica gives every feature the same fleet PSI', async () => {
    // What the DNS resolver sees when the StatefulSet scales down to one pod: the router now
    // lists replica A only (same ports, so the instances keep exporting to it).
    const movedAway = [...(await fleetOf(replicaB)).keys()];
    expect(movedAway.length).toBeGreaterThan(0);
    await stop(router);
    writeFileSync(routerConfigFile, routerWith(routerConfig, [replicaA]));
    router = await launch(router);
    collectors.push(router);
    // The moved features' counters started inside the window: their first export to A counts in full.
    const [a] = await waitForCompleteFleet([replicaA]);
    expectSameAsTruth([a], 'replica A alone');
    // Replica B still publishes the moved features, frozen, until instance_ttl (5m) passes
    // without a point for them (collector/README.md, "Scale out").
    const stale = await fleetOf(replicaB);
    for (const feature of movedAway) expect(stale.get(feature)?.n).toBe(truth.get(feature)?.n);
  });
});
