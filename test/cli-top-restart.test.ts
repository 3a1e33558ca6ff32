// `statewatch top` behind the statewatch collector when one instance restarts: two real
// processes export a lock acquisitions counter by OTLP to the real collector; one is killed and
// comes back under the same service.instance.id (a pod restart), its counter starting again
// from zero. Per-series increases give the true rate; summing the series first (the old way)
// reads the drop of the total as a reset and reports the whole cumulative count as new.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeView } from '../packages/cli/src/top/view';
import { scrape } from '../packages/cli/src/top/scrape';
import type { Scrape } from '../packages/cli/src/top/series';
import { collectorBinary, startCollector, type RunningCollector } from '../packages/demo/src/stack/collector';
import { freePortOr } from '../packages/demo/src/ports';

const ROOT = resolve(import.meta.dirname, '..');

/** One service instance: reads `add N` lines, adds N acquisitions, flushes, prints `flushed`. */
const FEEDER = `
import { metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { createInterface } from 'node:readline';
const [url, instance] = process.argv.slice(1);
const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: url + '/v1/metrics' }), exportIntervalMillis: 60000 });
const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'restart-test', 'service.instance.id': instance }), readers: [reader] });
const counter = provider.getMeter('statewatch-test').createCounter('statewatch.lock.acquisitions', { unit: '{acquisition}' });
for await (const line of createInterface({ input: process.stdin })) {
  counter.add(Number(line.split(' ')[1]), { 'lock.name': 'orders', 'lock.kind': 'mutex', 'lock.contended': false });
  await reader.forceFlush();
  console.log('flushed');
}
`;

interface Instance {
  child: ChildProcess;
  add(n: number): Promise<void>;
}

function startInstance(otlpUrl: string, id: string): Instance {
  const child = spawn(process.execPath, ['--input-type=module', '-e', FEEDER, otlpUrl, id], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    child,
    async add(n) {
      child.stdin!.write(`add ${n}\n`);
      const { value } = await lines.next();
      expect(value).toBe('flushed');
    },
  };
}

let dir = '';
let collector: RunningCollector | undefined;
const instances: Instance[] = [];

beforeAll(async () => {
  // Cached: a no-op when the binary is newer than its inputs.
  execFileSync('bash', [join(ROOT, 'collector/build.sh')], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'statewatch-top-restart-'));
  collector = await startCollector({
    dir,
    binary: collectorBinary(ROOT),
    configFile: join(ROOT, 'collector/config.yaml'),
    otlpHttpPort: await freePortOr(0),
    otlpGrpcPort: await freePortOr(0),
    prometheusPort: await freePortOr(0),
    telemetryPort: await freePortOr(0),
    baselineFile: join(ROOT, 'packages/feature-drift/testdata/scoring-baseline.json'),
    emitInterval: '5s',
  });
}, 1_200_000);

afterAll(async () => {
  for (const i of instances) i.child.kill('SIGKILL');
  await collector?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Scrapes the collector until `ready` holds for the acquisitions it shows per instance. */
async function scrapeWhen(ready: (byInstance: Map<string, number>) => boolean): Promise<Scrape> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const s = await scrape(collector!.metricsUrl);
    const byInstance = new Map(
      s.exposition.samples
        .filter((x) => x.name === 'statewatch_lock_acquisitions_total' && x.labels.lock_name === 'orders')
        .map((x) => [x.labels.instance ?? x.labels.service_instance_id ?? '', x.value]),
    );
    if (ready(byInstance)) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the collector never showed the expected counts');
}

describe('statewatch top behind the collector, one instance restarting', () => {
  it('reports the acquisitions made between the scrapes, not the restarted instance total', async () => {
    const url = collector!.otlpUrl;
    const a = startInstance(url, 'pod-a');
    let b = startInstance(url, 'pod-b');
    instances.push(a, b);
    await a.add(25_000);
    await b.add(20_000);
    const first = await scrapeWhen((m) => m.get('pod-a') === 25_000 && m.get('pod-b') === 20_000);

    b.child.kill('SIGKILL');
    b = startInstance(url, 'pod-b'); // same identity, counter from zero
    instances.push(b);
    await a.add(60);
    await b.add(30);
    const second = await scrapeWhen((m) => m.get('pod-a') === 25_060 && m.get('pod-b') === 30);

    const view = computeView(first, second);
    const seconds = (second.at - first.at) / 1000;
    const orders = view.locks.find((l) => l.name === 'orders')!;
    // The truth: 60 + 30 acquisitions in `seconds`.
    expect(orders.acquisitionsPerSecond! * seconds).toBeCloseTo(90, 6);
  });
});
