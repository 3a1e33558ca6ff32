import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { parseDemoArgs } from '../src/args';
import { LoadGenerator } from '../src/load';
import { banner, loadState, tryNext } from '../src/text';
import { startServiceProcess, type ServiceProcess } from '../src/service-process';
import { computeView, scrape, type TopView } from '@statewatch/cli';

describe('statewatch demo options', () => {
  it('defaults to the service on 8080, metrics on 9464, every stressor at normal', () => {
    const args = parseDemoArgs([], true)!;
    expect(args.service).toMatchObject({
      port: 8080,
      metricsPort: 9464,
      stress: { clone: 'normal', locks: 'normal', gc: 'normal' },
      statewatch: true,
    });
    expect(args).toMatchObject({ rps: 100, load: true, driftAfterSeconds: 30, view: 'full' });
    expect(parseDemoArgs([], false)!.view).toBe('summary');
    expect(parseDemoArgs(['--drift-after', 'off', '--no-load', '--gc', 'high'], false)).toMatchObject({
      driftAfterSeconds: undefined,
      load: false,
      service: { stress: { gc: 'high' } },
    });
  });

  it.each([
    [['--gc', 'extreme'], /--gc must be one of off, low, normal, high \(got extreme\)/],
    [['--rps', '0'], /--rps must be a number from 1 to 5000 \(got 0\)/],
    [['--port', '70000'], /--port must be a port number from 0 to 65535 \(got 70000\)/],
    [['--drift-after', 'soon'], /--drift-after must be a duration like 45s, 2m or off \(got soon\)/],
    [['--view', 'tv'], /--view must be full, summary or none \(got tv\)/],
  ])('rejects %j, naming the option and the value', (argv, message) => {
    expect(() => parseDemoArgs(argv, true)).toThrow(message);
  });
});

/** Two scrapes `gapMs` apart, as `statewatch top` takes them. */
async function viewOf(url: string, gapMs = 2000): Promise<TopView> {
  const first = await scrape(url);
  await new Promise((r) => setTimeout(r, gapMs));
  return computeView(first, await scrape(url));
}

describe('the demo service under its load generator', () => {
  let service: ServiceProcess;
  let load: LoadGenerator;
  let baseUrl: string;
  const driftAfterSeconds = 6;

  beforeAll(async () => {
    service = await startServiceProcess({
      host: '127.0.0.1',
      port: 0,
      metricsPort: await freePort(),
      stress: { clone: 'normal', locks: 'high', gc: 'normal' },
      driftWindow: '6s',
      statewatch: true,
      serviceName: 'demo-test',
    });
    baseUrl = `http://127.0.0.1:${service.port}`;
    load = new LoadGenerator({ baseUrl, rps: 150, driftAfterSeconds });
    load.start();
  });

  afterAll(async () => {
    await load?.stop();
    await service?.stop();
  });

  it('shows live numbers in every area within seconds', async () => {
    await new Promise((r) => setTimeout(r, 2000));
    const view = await viewOf(service.metricsUrl!);
    expect(view.gc.pauseRatio).toBeGreaterThan(0);
    expect(view.gc.allocationRate).toBeGreaterThan(0);
    expect(view.gc.liveHeap).toBeGreaterThan(0);
    expect(view.gc.heapLimit).toBeGreaterThan(view.gc.liveHeap!);
    const locks = Object.fromEntries(view.locks.map((l) => [l.name, l]));
    expect(locks['catalog-refresh']?.kind).toBe('mutex');
    expect(locks['upstream-api']?.kind).toBe('semaphore');
    expect(locks['upstream-api'].contendedShare).toBeGreaterThan(0);
    expect(locks['warehouse-export']?.kind).toBe('limiter');
    expect(locks['warehouse-export'].acquisitionsPerSecond).toBeGreaterThan(0);
    const copy = view.clones.find((c) => c.site === 'catalog.read');
    expect(copy?.strategy).toBe('map_copy');
    expect(copy?.meanEntries).toBe(4000);
    expect(view.features.map((f) => `${f.name}/${f.scope}`)).toEqual([
      'age/instance',
      'country/instance',
      'device/instance',
      'income/instance',
    ]);
    expect(load.failed).toBe(0);
  }, 30_000);

  it('reports drift in the shifted features only, once the inputs drift', async () => {
    // The drift starts at 6 s; the 6 s window is then all drifted by about 13 s.
    await new Promise((r) => setTimeout(r, 10_000));
    expect(load.drifted).toBe(true);
    const verdicts = Object.fromEntries(
      (await viewOf(service.metricsUrl!, 500)).features.map((f) => [f.name, f.verdict]),
    );
    expect(verdicts).toEqual({ age: 'drift', country: 'drift', device: 'ok', income: 'drift' });
  }, 30_000);

  it('answers bad requests with a status and a message naming the problem', async () => {
    const missing = await fetch(`${baseUrl}/catalog/p999999`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatch(/no product p999999 \(ids are p0 … p3999\)/);
    const bad = await fetch(`${baseUrl}/score`, { method: 'POST', body: '{"age":"old"}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('age must be a number');
    const scored = await fetch(`${baseUrl}/score`, {
      method: 'POST',
      body: JSON.stringify({ age: 42, income: 50000, country: 'US', device: 'mobile' }),
    });
    expect((await scored.json()).score).toBeGreaterThan(0);
  });
});

describe('what the demo prints', () => {
  it('fits every line of its banner, hints and status in the 80-column view', () => {
    const args = parseDemoArgs(['--otlp', 'http://127.0.0.1:4318'], true)!;
    const baseUrl = 'http://127.0.0.1:8080';
    const stack = { prometheus: 'http://127.0.0.1:9090', collectorMetrics: 'http://127.0.0.1:9465/metrics' };
    const text = [
      banner(args, baseUrl, 'http://127.0.0.1:9464/metrics', stack),
      tryNext(baseUrl),
      loadState(args, undefined, Date.now()),
    ].join('\n');
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(text).toContain('metrics at http://127.0.0.1:9464/metrics');
    expect(text).toContain('scoring inputs drift after 30s');
    expect(text).toMatch(/^try: curl -s http:\/\/127\.0\.0\.1:8080\/catalog\/p1$/m);
  });
});
