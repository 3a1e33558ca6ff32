// End to end: two demo instances → OTLP → statewatch collector (fleet PSI) → Prometheus with the
// shipped rules. A calm run must reach Prometheus with every metric of the contract and fire
// nothing; a stressed run must fire the drift, GC and lock alerts. To keep the run short, the
// rules are the shipped ones with two time constants scaled down: alerts wait `for: 10s` (not
// 10–15 minutes) and rates use `[30s]` windows (not 5 minutes: a series younger than its window
// gets a diluted rate, which would hide both calm and stressed values here).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_METRICS,
  METRIC_FEATURE_MISSING,
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_UNSEEN,
  METRIC_LOCK_ATTEMPTS,
  METRIC_LOCK_LEASE_EXTENSIONS,
  METRIC_LOCK_LEASE_LOST,
  METRIC_LOCK_THROTTLE_DURATION,
  prometheusSeriesNames,
  toPrometheusLabel,
} from '@statewatch/semconv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startManaged, type ManagedProcess } from '../packages/demo/src/stack/managed-process';
import { REPO_ROOT, SHIPPED_RULES, startStack, type Stack } from '../packages/demo/src/stack/stack';
import { freePort } from './utils/ports';
import { commandLine, descendants, isAlive } from './utils/processes';
import { alerts, metadata, rules, series, type PromAlert } from './utils/prometheus-api';

const SERVICE_NAME = 'statewatch-e2e-demo';
/** The instances' per-bin counters: the shipped collector config keeps them in its drift processor. */
const STOPPED_AT_COLLECTOR: string[] = [
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_MISSING,
  METRIC_FEATURE_UNSEEN,
];
/**
 * Metrics of libraries the demo does not use: bottleneck's throttle, redlock's attempts and leases
 * (it has no Redis). Their own truth tests cover them, and test/e2e-paths.test.ts carries every
 * registry metric over every path.
 */
const NOT_FROM_DEMO: string[] = [
  METRIC_LOCK_THROTTLE_DURATION,
  METRIC_LOCK_ATTEMPTS,
  METRIC_LOCK_LEASE_EXTENSIONS,
  METRIC_LOCK_LEASE_LOST,
];
const CALM = ['--gc', 'low', '--locks', 'low', '--clone', 'low', '--drift-after', 'off', '--rps', '60'];
const STRESSED = [
  '--gc',
  'high',
  '--locks',
  'high',
  '--clone',
  'normal',
  '--drift-after',
  '5s',
  '--rps',
  '150',
];
const ALERTS_UNDER_STRESS = [
  'StatewatchFeatureDrift',
  // The drifted inputs bring a country the baseline never saw (BR).
  'StatewatchFeatureNewValues',
  'StatewatchGCPauseRatioHigh',
  'StatewatchLockWaitHigh',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The shipped rules with every alert's `for` shortened to 10 s and every range to 30 s. */
async function shortenedRules(dir: string): Promise<string> {
  const rules = parse(await readFile(SHIPPED_RULES, 'utf8')) as {
    groups: Array<{ rules: Array<{ alert?: string; for?: string; expr: string }> }>;
  };
  for (const group of rules.groups) {
    for (const rule of group.rules) {
      if (rule.alert) rule.for = '10s';
      rule.expr = rule.expr.replace(/\[\d+[smh]\]/g, '[30s]');
    }
  }
  const file = join(dir, 'statewatch.e2e.rules.yaml');
  await writeFile(file, stringify(rules));
  return file;
}

describe('two demo instances → statewatch collector → Prometheus with the shipped rules', () => {
  let dir: string;
  let stack: Stack | undefined;
  let demos: ManagedProcess[] = [];

  async function startDemos(args: string[]): Promise<void> {
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      demos.push(
        await startManaged({
          name: `demo instance ${i + 1}`,
          command: process.execPath,
          args: [
            join(REPO_ROOT, 'packages/cli/dist/bin.js'),
            'demo',
            '--view',
            'none',
            '--port',
            String(port),
            ...args,
          ],
          logFile: join(dir, `demo-${demos.length}.log`),
          readyUrl: `http://127.0.0.1:${port}/`,
          env: {
            ...process.env,
            OTEL_METRICS_EXPORTER: 'otlp',
            OTEL_EXPORTER_OTLP_ENDPOINT: stack!.collector.otlpUrl,
            OTEL_METRIC_EXPORT_INTERVAL: '1000',
            OTEL_SERVICE_NAME: SERVICE_NAME,
          },
        }),
      );
    }
  }

  async function stopDemos(): Promise<void> {
    await Promise.all(demos.map((d) => d.stop()));
    demos = [];
  }

  const firing = async (): Promise<PromAlert[]> =>
    (await alerts(stack!.prometheus.url)).filter((a) => a.state === 'firing');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'statewatch-e2e-'));
    stack = await startStack({
      rulesFile: await shortenedRules(dir),
      intervalSeconds: 1,
      driftWindow: '20s',
      driftBuckets: 10,
      emitInterval: '1s',
    });
  });

  // A failed assertion must not leave one run's instances sending into the next.
  afterEach(stopDemos);

  afterAll(async () => {
    await stopDemos();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('calm run: every metric of the contract arrives with its type and labels, fleet PSI too, and no alert fires', async () => {
    await startDemos(CALM);
    const prom = stack!.prometheus.url;
    const fired = new Set<string>();
    // 45 s of calm traffic, watching the alerts all along.
    for (const end = Date.now() + 45_000; Date.now() < end; await sleep(3000)) {
      for (const a of await firing()) fired.add(`${a.labels.alertname} ${JSON.stringify(a.labels)}`);
    }

    const types = await metadata(prom);
    for (const m of DEFAULT_METRICS.filter((d) => !NOT_FROM_DEMO.includes(d.name))) {
      const names = prometheusSeriesNames(m);
      const found = await series(prom, `{__name__=~"${names.join('|')}",job="${SERVICE_NAME}"}`);
      if (STOPPED_AT_COLLECTOR.includes(m.name)) {
        expect(found, `${m.name} stops at the drift processor (pass_through_counters: false)`).toEqual([]);
        continue;
      }
      expect(found.length, `${m.name} has no series from the demo instances`).toBeGreaterThan(0);
      expect(new Set(found.map((s) => s.__name__)), m.name).toEqual(new Set(names));
      expect(types.get(m.prometheus.name), `${m.name} type`).toBe(m.prometheus.type);
      for (const attribute of m.attributes) {
        const label = toPrometheusLabel(attribute);
        expect(
          found.some((s) => s[label] !== undefined && s[label] !== ''),
          `${m.name} label ${label}`,
        ).toBe(true);
      }
      expect(new Set(found.map((s) => s.instance)).size, `${m.name}: two instances`).toBe(2);
    }

    const fleet = await series(prom, 'statewatch_feature_psi{drift_scope="fleet"}');
    expect(new Set(fleet.map((s) => s.feature_name))).toEqual(
      new Set(['age', 'income', 'country', 'device']),
    );
    const fleetCritical = await series(prom, 'statewatch_feature_psi_critical{drift_scope="fleet"}');
    expect(fleetCritical.length).toBe(4);

    // "Nothing fired" means something only if the rules were loaded and evaluated.
    const loaded = await rules(prom);
    expect(loaded.filter((r) => r.type === 'alerting').length).toBeGreaterThan(0);
    for (const rule of loaded) {
      expect(rule.health, `${rule.name}: ${rule.lastError ?? ''}`).toBe('ok');
      expect(Date.parse(rule.lastEvaluation), rule.name).toBeGreaterThan(Date.now() - 30_000);
    }
    expect([...fired], 'alerts fired in the calm run').toEqual([]);
  });

  it('stressed run: the drift, GC pause and lock wait alerts move to firing', async () => {
    await startDemos(STRESSED);
    let names = new Set<string>();
    for (const end = Date.now() + 180_000; Date.now() < end; await sleep(3000)) {
      names = new Set((await firing()).map((a) => a.labels.alertname));
      if (ALERTS_UNDER_STRESS.every((n) => names.has(n))) break;
    }
    expect([...names].filter((n) => ALERTS_UNDER_STRESS.includes(n)).sort()).toEqual(
      [...ALERTS_UNDER_STRESS].sort(),
    );
    const drift = (await firing()).filter((a) => a.labels.alertname === 'StatewatchFeatureDrift');
    expect(new Set(drift.map((a) => a.labels.feature_name))).toContain('country');
    const fresh = (await firing()).filter((a) => a.labels.alertname === 'StatewatchFeatureNewValues');
    expect(new Set(fresh.map((a) => a.labels.feature_name))).toEqual(new Set(['country']));
  });
});

describe('statewatch demo --stack', () => {
  let demo: ChildProcess | undefined;
  let started: number[] = [];

  afterAll(() => {
    // Only when the test failed half-way: nothing of the demo may outlive the test.
    if (demo?.pid && demo.exitCode === null && demo.signalCode === null) process.kill(-demo.pid, 'SIGKILL');
    for (const pid of started.filter(isAlive)) process.kill(pid, 'SIGKILL');
  });

  it('starts the collector and Prometheus with the rules, and stops everything on Ctrl-C', async () => {
    // Its own process group, as a shell gives a foreground command: Ctrl-C signals the group.
    demo = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'packages/cli/dist/bin.js'),
        'demo',
        '--stack',
        '--view',
        'summary',
        '--interval',
        '1',
        '--port',
        '0',
        '--metrics-port',
        '0',
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    demo.stdout!.on('data', (chunk) => (output += chunk));
    demo.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      demo!.once('exit', (code, signal) => resolve({ code, signal })),
    );

    const summaryLine = /\| load \d+ req\/s, \d+ sent/;
    for (const end = Date.now() + 60_000; Date.now() < end && !summaryLine.test(output); await sleep(500));
    expect(output, 'a summary line within 60 s').toMatch(summaryLine);
    const prometheus = /prometheus (http:\/\/127\.0\.0\.1:\d+)\/alerts/.exec(output)?.[1];
    const collector = /collector {2}(http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(output)?.[1];
    expect(prometheus, output).toBeDefined();
    expect(collector, output).toBeDefined();
    expect((await rules(prometheus!)).some((r) => r.type === 'alerting')).toBe(true);
    expect((await fetch(collector!)).ok).toBe(true);

    started = descendants(demo.pid!);
    const commands = started.map(commandLine);
    for (const part of ['statewatch-collector', 'prometheus', 'service-main.js'])
      expect(
        commands.some((c) => c.includes(part)),
        `${part} in ${commands.join('\n')}`,
      ).toBe(true);
    const stackDir = /--storage\.tsdb\.path=(\S+)\/data/.exec(commands.join(' '))?.[1];
    expect(stackDir).toBeDefined();

    process.kill(-demo.pid!, 'SIGINT');
    const result = await Promise.race([exited, sleep(30_000).then(() => 'still running after 30 s')]);
    expect(result).toEqual({ code: 0, signal: null });
    expect(started.filter(isAlive).map(commandLine), 'processes left behind').toEqual([]);
    expect(existsSync(stackDir!), `${stackDir} removed`).toBe(false);
    expect(output).toContain('demo stopped.');
    // The service flushed its last export before the collector stopped.
    expect(output).not.toMatch(/OTLP export .* failed/);
  });
});
