import { metrics } from '@opentelemetry/api';
import { startStatewatch, type StatewatchHandle } from '@statewatch/node';
import {
  ATTR_CLONE_SITE,
  ATTR_CLONE_SOURCE,
  ATTR_CLONE_STRATEGY,
  ATTR_DRIFT_SCOPE,
  ATTR_FEATURE_BASELINE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  ATTR_LOCK_CONTENDED,
  ATTR_LOCK_KIND,
  ATTR_LOCK_NAME,
  ATTR_LOCK_OUTCOME,
  ATTR_V8JS_GC_TYPE,
  METRIC_CLONE_COPIES,
  METRIC_CLONE_DURATION,
  METRIC_CLONE_ENTRIES,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CONTRIBUTION,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_UNSEEN_SHARE,
  METRIC_FEATURE_UNSEEN_SHARE_CRITICAL,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
  METRIC_GC_ALLOCATED,
  METRIC_GC_HEAP_LIMIT,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_PAUSE_DURATION,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_ATTEMPTS,
  METRIC_LOCK_LEASE_EXTENSIONS,
  METRIC_LOCK_LEASE_LOST,
  METRIC_LOCK_THROTTLE_DURATION,
  METRIC_LOCK_WAIT_DURATION,
  METRIC_LOCK_WAITERS,
  metric,
} from '@statewatch/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { ExpositionError, parseExposition } from '../src/top/exposition';
import { bucketQuantile } from '../src/top/histogram';
import { History, sparkline } from '../src/top/history';
import { renderView, summaryLine } from '../src/top/render';
import { scrape } from '../src/top/scrape';
import type { Scrape } from '../src/top/series';
import { computeView } from '../src/top/view';

/** Instruments made exactly as the registry defines them, on a real SDK and exporter. */
function instruments() {
  const meter = metrics.getMeter('top-test');
  const histogram = (name: string) =>
    meter.createHistogram(name, {
      unit: metric(name).unit,
      advice: { explicitBucketBoundaries: [...(metric(name).buckets ?? [])] },
    });
  return {
    pause: histogram(METRIC_GC_PAUSE_DURATION),
    allocated: meter.createCounter(METRIC_GC_ALLOCATED, { unit: 'By' }),
    live: meter.createGauge(METRIC_GC_HEAP_LIVE, { unit: 'By' }),
    limit: meter.createGauge(METRIC_GC_HEAP_LIMIT, { unit: 'By' }),
    wait: histogram(METRIC_LOCK_WAIT_DURATION),
    acquisitions: meter.createCounter(METRIC_LOCK_ACQUISITIONS),
    waiters: meter.createUpDownCounter(METRIC_LOCK_WAITERS),
    throttle: histogram(METRIC_LOCK_THROTTLE_DURATION),
    attempts: meter.createCounter(METRIC_LOCK_ATTEMPTS),
    extensions: meter.createCounter(METRIC_LOCK_LEASE_EXTENSIONS),
    lost: meter.createCounter(METRIC_LOCK_LEASE_LOST),
    copies: meter.createCounter(METRIC_CLONE_COPIES),
    cloneDuration: histogram(METRIC_CLONE_DURATION),
    cloneEntries: histogram(METRIC_CLONE_ENTRIES),
    psi: meter.createGauge(METRIC_FEATURE_PSI),
    critical: meter.createGauge(METRIC_FEATURE_PSI_CRITICAL),
    window: meter.createGauge(METRIC_FEATURE_WINDOW_OBSERVATIONS),
    unseen: meter.createGauge(METRIC_FEATURE_UNSEEN_SHARE, { unit: '1' }),
    unseenCritical: meter.createGauge(METRIC_FEATURE_UNSEEN_SHARE_CRITICAL, { unit: '1' }),
    contribution: meter.createGauge(METRIC_FEATURE_PSI_CONTRIBUTION, { unit: '{psi}' }),
  };
}

const RECORDED = [
  METRIC_GC_PAUSE_DURATION,
  METRIC_GC_ALLOCATED,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_HEAP_LIMIT,
  METRIC_LOCK_WAIT_DURATION,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_WAITERS,
  METRIC_CLONE_DURATION,
  METRIC_CLONE_ENTRIES,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
];

describe('statewatch top against a real OpenTelemetry Prometheus endpoint', () => {
  let handle: StatewatchHandle;
  let url: string;
  let first: Scrape;
  let second: Scrape;
  const lock = { [ATTR_LOCK_NAME]: 'cache-refresh', [ATTR_LOCK_KIND]: 'mutex' };
  const limiter = { [ATTR_LOCK_NAME]: 'partner-api', [ATTR_LOCK_KIND]: 'rate_limiter' };
  const lease = { [ATTR_LOCK_NAME]: 'invoice:42', [ATTR_LOCK_KIND]: 'distributed_lock' };
  const clone = {
    [ATTR_CLONE_STRATEGY]: 'map_copy',
    [ATTR_CLONE_SOURCE]: 'map',
    [ATTR_CLONE_SITE]: 'catalog',
  };
  const feature = (name: string) => ({
    [ATTR_FEATURE_NAME]: name,
    [ATTR_FEATURE_BASELINE]: 'abc123',
    [ATTR_DRIFT_SCOPE]: 'instance',
  });

  beforeAll(async () => {
    handle = await startStatewatch({
      serviceName: 'top-test',
      prometheus: { port: await freePort() },
      instrumentations: { gc: false, lock: false, clone: false },
    });
    url = handle.metricsUrl!;
    const i = instruments();
    // Before the first scrape: some history that the view must subtract.
    i.pause.record(0.5, { [ATTR_V8JS_GC_TYPE]: 'major' });
    i.allocated.add(1e9);
    i.acquisitions.add(10, { ...lock, [ATTR_LOCK_CONTENDED]: 'false' });
    i.wait.record(1, { ...lock, [ATTR_LOCK_OUTCOME]: 'acquired' });
    first = { ...(await scrape(url)), at: 1_000_000 };

    // Between the scrapes (10 s apart by the stamps): known increases.
    for (let n = 0; n < 100; n++) i.pause.record(0.002, { [ATTR_V8JS_GC_TYPE]: 'minor' });
    i.allocated.add(5e8);
    i.live.record(40e6);
    i.limit.record(4e9);
    for (let n = 0; n < 100; n++) i.wait.record(0.003, { ...lock, [ATTR_LOCK_OUTCOME]: 'acquired' });
    i.wait.record(0.5, { ...lock, [ATTR_LOCK_OUTCOME]: 'timeout' });
    i.acquisitions.add(75, { ...lock, [ATTR_LOCK_CONTENDED]: 'false' });
    i.acquisitions.add(25, { ...lock, [ATTR_LOCK_CONTENDED]: 'true' });
    i.waiters.add(3, lock);
    // A rate limiter: 10 waits of 0.2 s, 0.15 s of each held back by minTime.
    for (let n = 0; n < 10; n++) {
      i.wait.record(0.2, { ...limiter, [ATTR_LOCK_OUTCOME]: 'acquired' });
      i.throttle.record(0.15, limiter);
    }
    i.acquisitions.add(10, { ...limiter, [ATTR_LOCK_CONTENDED]: 'true' });
    // A distributed lock: 4 grants after 10 tries, 20 extensions, one lease lost.
    i.acquisitions.add(4, { ...lease, [ATTR_LOCK_CONTENDED]: 'true' });
    i.attempts.add(10, lease);
    i.extensions.add(20, lease);
    i.lost.add(1, lease);
    // 60 copies, 50 of them timed (sampled): calls come from the exact counter.
    i.copies.add(60, { [ATTR_CLONE_STRATEGY]: 'map_copy', [ATTR_CLONE_SITE]: 'catalog' });
    for (let n = 0; n < 50; n++) {
      i.cloneDuration.record(0.004, clone);
      i.cloneEntries.record(5000, clone);
    }
    i.psi.record(0.02, feature('amount'));
    i.critical.record(0.05, feature('amount'));
    i.window.record(2000, feature('amount'));
    i.psi.record(0.9, feature('country'));
    i.critical.record(0.03, feature('country'));
    i.window.record(2000, feature('country'));
    i.unseen.record(0.0052, feature('country'));
    i.unseenCritical.record(0.0006, feature('country'));
    i.unseen.record(0, feature('amount'));
    i.unseenCritical.record(0.0011, feature('amount'));
    i.contribution.record(0.03, { ...feature('country'), [ATTR_FEATURE_BIN]: '__other__' });
    i.contribution.record(0.001, { ...feature('country'), [ATTR_FEATURE_BIN]: 'US' });
    second = { ...(await scrape(url)), at: 1_010_000 };
  });

  afterAll(() => handle?.shutdown());

  it('parses every sample of the exporter output, with types and labels', () => {
    const { types, samples } = second.exposition;
    for (const name of RECORDED)
      expect(types.get(metric(name).prometheus.name), name).toBe(metric(name).prometheus.type);
    const wait = samples.find(
      (s) =>
        s.name === 'statewatch_lock_wait_duration_seconds_bucket' &&
        s.labels.le === '+Inf' &&
        s.labels.lock_outcome === 'timeout',
    );
    expect(wait?.labels).toMatchObject({ lock_name: 'cache-refresh', lock_kind: 'mutex' });
    expect(wait?.value).toBe(1);
  });

  it('computes GC pause ratio, allocation rate and live heap between two scrapes', () => {
    const { gc, intervalSeconds } = computeView(first, second);
    expect(intervalSeconds).toBe(10);
    expect(gc.pauseRatio).toBeCloseTo((100 * 0.002) / 10, 9); // the major pause predates the window
    expect(gc.allocationRate).toBeCloseTo(5e8 / 10, 3);
    expect(gc.liveHeap).toBe(40e6);
    expect(gc.heapLimit).toBe(4e9);
    expect(gc.kinds).toEqual([
      { type: 'major', perSecond: 0, p99: undefined },
      { type: 'minor', perSecond: 10, p99: expect.closeTo(0.0025 - 0.0015 * 0.01, 9) },
    ]);
  });

  it('computes lock wait p99, contended share, rate, failed waits and waiters per lock', () => {
    const row = computeView(first, second).locks.find((l) => l.name === 'cache-refresh')!;
    expect(row.name).toBe('cache-refresh');
    expect(row.kind).toBe('mutex');
    expect(row.contendedShare).toBeCloseTo(0.25, 9);
    expect(row.acquisitionsPerSecond).toBeCloseTo(10, 9);
    expect(row.failedPerSecond).toBeCloseTo(0.1, 9);
    expect(row.waiters).toBe(3);
    // 101 waits in the window: 100 at 3 ms, one timeout at 0.5 s; rank 99.99 lies in (2.5, 5] ms.
    expect(row.waitP99).toBeCloseTo(0.0025 + 0.0025 * (99.99 / 100), 6);
  });

  it('computes the rate-limited share of wait, and tries, extensions and lost leases of distributed locks', () => {
    const rows = computeView(first, second).locks;
    const limited = rows.find((l) => l.kind === 'rate_limiter')!;
    expect(limited.name).toBe('partner-api');
    expect(limited.throttleShare).toBeCloseTo(0.15 / 0.2, 9);
    const distributed = rows.find((l) => l.kind === 'distributed_lock')!;
    expect(distributed).toMatchObject({ name: 'invoice:42', leasesLost: 1 });
    expect(distributed.attemptsPerAcquisition).toBeCloseTo(10 / 4, 9);
    expect(distributed.extensionsPerSecond).toBeCloseTo(2, 9);
    expect(rows.find((l) => l.kind === 'mutex')!.throttleShare).toBeUndefined();
  });

  it('computes clone calls, mean, share of time and entries per strategy and site', () => {
    const [row] = computeView(first, second).clones;
    expect(row).toMatchObject({
      strategy: 'map_copy',
      site: 'catalog',
      callsPerSecond: 6,
      meanEntries: 5000,
    });
    expect(row.meanSeconds).toBeCloseTo(0.004, 9);
    expect(row.timeShare).toBeCloseTo((50 * 0.004) / 10, 9);
  });

  it('gives each feature its PSI, critical value, window and verdict', () => {
    const features = computeView(first, second).features;
    expect(features).toEqual([
      {
        name: 'amount',
        scope: 'instance',
        baseline: 'abc123',
        psi: 0.02,
        critical: 0.05,
        window: 2000,
        verdict: 'ok',
        unseenShare: 0,
        unseenCritical: 0.0011,
      },
      {
        name: 'country',
        scope: 'instance',
        baseline: 'abc123',
        psi: 0.9,
        critical: 0.03,
        window: 2000,
        verdict: 'drift',
        unseenShare: 0.0052,
        unseenCritical: 0.0006,
        topBin: '__other__',
      },
    ]);
  });

  it('renders every area within 80 columns, and a summary line', () => {
    const lines = renderView(computeView(first, second), new History(), {
      url,
      intervalSeconds: 2,
      color: false,
    });
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    expect(text).toMatch(/time paused\s+2\.0% of wall time/);
    expect(text).toMatch(/allocation\s+50\.0 MB\/s/);
    expect(text).toMatch(/cache-refresh\s+mutex\s+5\.0 ms\s+25%\s+3\s+10/);
    expect(text).toMatch(/partner-api\s+rate_limiter\s+/);
    expect(text).toMatch(/invoice:42\s+distributed\s+/);
    expect(text).toMatch(/rate-limited\s+partner-api 75% of wait/);
    expect(text).toMatch(/leases\s+invoice:42 2\.5 tries\/lock, 2 ext\/s, 1 LOST/);
    expect(text).toMatch(/map_copy\s+catalog\s+6\s+4\.0 ms\s+2\.0%\s+5000/);
    expect(text).toMatch(/country\s+instance\s+0\.900\s+0\.030\s+2000\s+DRIFT/);
    expect(text).toContain('WARN: PSI > max(0.1, critical) · DRIFT: PSI > max(0.25, critical)');
    const summary = summaryLine(computeView(first, second));
    expect(summary).toContain('gc 2.0% paused, 50.0 MB/s');
    expect(summary).toContain('psi DRIFT in country');
    expect(text).toContain('NEW VALUES: country (instance) 0.52% > 0.06%, top bin __other__');
    expect(summary).toContain('new values in country');
  });
  it('draws the newest values in each trend column, and wraps many GC kinds', () => {
    const view = computeView(first, second);
    const history = new History();
    let lines: string[] = [];
    // 14 refreshes with a rising pause ratio: more than the column holds.
    for (let i = 1; i <= 14; i++) {
      view.gc.pauseRatio = i / 100;
      lines = renderView(view, history, { url, intervalSeconds: 2, color: false });
    }
    const paused = lines.find((l) => l.includes('time paused'))!;
    const newest = Array.from({ length: 10 }, (_, i) => (i + 5) / 100);
    expect(paused).toMatch(/14% of wall time\s+\S{10}$/);
    expect(paused.endsWith(sparkline(newest))).toBe(true);
    expect(paused.endsWith('█')).toBe(true);

    view.gc.kinds = ['incremental', 'major', 'minor', 'weakcb'].map((type) => ({
      type,
      perSecond: 4.5,
      p99: 0.0243,
    }));
    lines = renderView(view, new History(), { url, intervalSeconds: 2, color: false });
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    const at = lines.findIndex((l) => l.trimStart().startsWith('pauses'));
    const shown = lines.slice(at, at + 2).join(' ');
    for (const type of ['incremental', 'major', 'minor', 'weakcb'])
      expect(shown).toContain(`${type} 4.5/s p99 24.3 ms`);
  });
});

describe('exposition parser', () => {
  it('reads escaped label values, special values and timestamps', () => {
    const { samples } = parseExposition(
      '# TYPE x gauge\nx{a="q\\"uo\\\\te",b="line\\nbreak"} +Inf 1700000000\ny NaN\nz -1.5e-3\n',
    );
    expect(samples[0]).toEqual({ name: 'x', labels: { a: 'q"uo\\te', b: 'line\nbreak' }, value: Infinity });
    expect(samples[1].value).toBeNaN();
    expect(samples[2].value).toBe(-0.0015);
  });

  it('names the line that is not a sample', () => {
    expect(() => parseExposition('ok 1\nbad{a="1" 2\n')).toThrow(ExpositionError);
    expect(() => parseExposition('ok 1\nbad{a="1" 2\n')).toThrow(/line 2/);
    expect(() => parseExposition('x{a="1"} one')).toThrow(/bad value one/);
  });
});

describe('helpers', () => {
  it('interpolates quantiles as histogram_quantile does', () => {
    const buckets = [
      { le: 1, count: 10 },
      { le: 2, count: 20 },
      { le: Infinity, count: 20 },
    ];
    expect(bucketQuantile(0.5, buckets)).toBe(1);
    expect(bucketQuantile(0.75, buckets)).toBe(1.5);
    expect(bucketQuantile(0.5, [{ le: Infinity, count: 0 }])).toBeUndefined();
    expect(
      bucketQuantile(0.99, [
        { le: 1, count: 1 },
        { le: Infinity, count: 100 },
      ]),
    ).toBe(1);
  });

  it('draws sparklines from zero to the largest value and keeps a bounded history', () => {
    expect(sparkline([0, 1, 2, 4])).toBe('▁▃▅█');
    expect(sparkline([1, 1], 2)).toBe('▅▅');
    const h = new History(3);
    for (const v of [1, 2, undefined, 3, 4]) h.push('k', v);
    expect(h.push('k', undefined)).toEqual([2, 3, 4]);
  });

  it('reports an unreachable endpoint by URL and reason', async () => {
    const port = await freePort();
    await expect(scrape(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow(
      `cannot reach http://127.0.0.1:${port}/metrics (ECONNREFUSED)`,
    );
  });
});
