import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { buildBaseline, FeatureDriftMonitor } from '@statewatch/feature-drift';
import { LOCK_KIND_VALUES, LOCK_OUTCOME_VALUES } from '@statewatch/semconv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { parsePrometheusText } from '../../../test/utils/prometheus-text';
import { startStatewatch, statewatchSeriesLimit, statewatchViews, type StatewatchHandle } from '../src';
import { runApp } from './run-app';

const FEATURES = 200;
const CATEGORIES = 20; // + __other__ = 21 bins, the baseline builder's default

/** 200 categorical features × 21 bins, and 21 records that put one value in every bin. */
function wideDrift() {
  const names = Array.from({ length: FEATURES }, (_, i) => `f${String(i).padStart(3, '0')}`);
  const records = Array.from({ length: CATEGORIES + 1 }, (_, j) =>
    Object.fromEntries(names.map((n) => [n, j < CATEGORIES ? `c${j}` : 'unseen'])),
  );
  // Two records of each named category, one of 'unseen': the 20 named ones are kept.
  const baseline = buildBaseline([...records.slice(0, CATEGORIES), ...records], {
    categorical: names,
  });
  return { baseline, records };
}

/** What statewatch writes to stderr from now on (restored after each test). */
function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

const observationSeries = (text: string) =>
  parsePrometheusText(text).samples.filter((s) => /^statewatch_feature_observations.*_total$/.test(s.name));

describe('cardinality limits sized from statewatch caps', () => {
  let handle: StatewatchHandle | undefined;
  let monitor: FeatureDriftMonitor | undefined;
  afterEach(async () => {
    monitor?.close();
    await handle?.shutdown();
    handle = monitor = undefined;
    vi.restoreAllMocks();
  });

  it('serves every per-bin counter of 200 features × 21 bins on the embedded endpoint', async () => {
    const { baseline, records } = wideDrift();
    const port = await freePort();
    handle = await startStatewatch({
      prometheus: { port },
      instrumentations: { gc: false, lock: false, clone: false },
    });
    monitor = new FeatureDriftMonitor({ baseline, meterProvider: handle.meterProvider });
    for (const r of records) monitor.observe(r);
    const series = observationSeries(await fetch(handle.metricsUrl!).then((r) => r.text()));
    expect(series).toHaveLength(FEATURES * (CATEGORIES + 1));
    expect(series.every((s) => s.value === 1)).toBe(true);
    expect(series.some((s) => 'otel_metric_overflow' in s.labels)).toBe(false);
  });

  it('the same monitor on a MeterProvider without the views loses series past 2,000 (why the views exist)', async () => {
    const { baseline, records } = wideDrift();
    const reader = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [reader] });
    monitor = new FeatureDriftMonitor({ baseline, meterProvider: provider });
    for (const r of records) monitor.observe(r);
    const text = new PrometheusSerializer().serialize((await reader.collect()).resourceMetrics);
    const series = observationSeries(text);
    expect(series).toHaveLength(2000); // 1,999 kept apart + the SDK's overflow series
    expect(series.filter((s) => s.labels.otel_metric_overflow === 'true')).toHaveLength(1);
    monitor.close();
    monitor = undefined;

    // statewatchViews() given to a user's own provider keeps them apart.
    const ownReader = new PrometheusExporter({ preventServerStart: true });
    const own = new MeterProvider({ readers: [ownReader], views: statewatchViews() });
    monitor = new FeatureDriftMonitor({ baseline, meterProvider: own });
    for (const r of records) monitor.observe(r);
    const kept = observationSeries(
      new PrometheusSerializer().serialize((await ownReader.collect()).resourceMetrics),
    );
    expect(kept).toHaveLength(FEATURES * (CATEGORIES + 1));
    await provider.shutdown();
    await own.shutdown();
  });

  it('sizes each limit from the caps: every series statewatch can publish, plus the SDK overflow series', () => {
    // lock.name (200 + __overflow__ + absent) × lock.kind (each kind + absent) × lock.outcome (each + absent)
    expect(statewatchSeriesLimit('statewatch.lock.wait.duration', 200)).toBe(
      202 * (LOCK_KIND_VALUES.length + 1) * (LOCK_OUTCOME_VALUES.length + 1) + 1,
    );
    // feature.name × 64 bins × 4 baselines
    expect(statewatchSeriesLimit('statewatch.feature.observations', 200)).toBe(202 * 64 * 4 + 1);
    expect(statewatchSeriesLimit('statewatch.gc.allocated', 200)).toBe(2);
    expect(statewatchSeriesLimit('app.requests', 200)).toBe(2000);
  });

  it('says once which SDK limit was hit and how to raise it', async () => {
    const { baseline, records } = wideDrift();
    const lines = captureStderr();
    const port = await freePort();
    // attributeValueLimit 1: statewatch sizes the per-bin counter for (1 + 2) × 64 × 4 series.
    handle = await startStatewatch({
      prometheus: { port },
      attributeValueLimit: 1,
      instrumentations: { gc: false, lock: false, clone: false },
    });
    monitor = new FeatureDriftMonitor({ baseline, meterProvider: handle.meterProvider });
    for (const r of records) monitor.observe(r);
    const limit = statewatchSeriesLimit('statewatch.feature.observations', 1);
    for (let scrape = 0; scrape < 3; scrape++) {
      const series = observationSeries(await fetch(handle.metricsUrl!).then((r) => r.text()));
      expect(series).toHaveLength(limit);
    }
    // Once per metric over three scrapes: the per-bin counter, and (200 features against a
    // limit sized for 1) the per-feature drift metrics too.
    const said = lines.filter((l) => l.includes('cardinality limit'));
    const named = said.map((l) => l.split(' ')[1]);
    expect(new Set(named).size).toBe(named.length);
    expect(named.every((n) => n.startsWith('statewatch.feature.'))).toBe(true);
    expect(said[0]).toBe(
      `statewatch: statewatch.feature.observations reached the OpenTelemetry SDK's cardinality limit of ${limit} series; ` +
        'further series are merged into one labelled otel.metric.overflow=true. statewatch sized it for ' +
        'attributeValueLimit=1 and 64 bins per feature; raise STATEWATCH_ATTRIBUTE_VALUE_LIMIT (or the ' +
        'attributeValueLimit option) to raise it.\n',
    );
  });

  it("says once when statewatch's own feature-name cap is hit", async () => {
    const { baseline, records } = wideDrift();
    const lines = captureStderr();
    const port = await freePort();
    handle = await startStatewatch({
      prometheus: { port },
      instrumentations: { gc: false, lock: false, clone: false },
    });
    monitor = new FeatureDriftMonitor({
      baseline,
      meterProvider: handle.meterProvider,
      attributeValueLimit: 150,
      onDiagnostic: () => undefined,
    });
    for (const r of records) monitor.observe(r);
    await fetch(handle.metricsUrl!).then((r) => r.text());
    const text = await fetch(handle.metricsUrl!).then((r) => r.text());
    const overflow = observationSeries(text).filter((s) => s.labels.feature_name === '__overflow__');
    expect(overflow).toHaveLength(CATEGORIES + 1);
    expect(overflow.every((s) => s.value === FEATURES - 150)).toBe(true);
    expect(lines.filter((l) => l.includes('feature.name'))).toEqual([
      `statewatch: more features than FeatureDriftMonitor's attributeValueLimit (default 200); the rest are recorded as feature.name="__overflow__". To keep more apart, raise that option.\n`,
    ]);
  });

  // A monitor without onDiagnostic on statewatch's MeterProvider leaves its feature-name cap to
  // the pipeline's line: with a diag logger on, it is still said once.
  it.each([
    ['', '0'],
    [' (a diag logger on as well)', '1'],
  ])(
    'register says once when a FeatureDriftMonitor has more features than its cap%s',
    async (_, diagLogger) => {
      const run = await runApp('wide-features-app.cjs', ['--require', '@statewatch/node/register'], {
        STATEWATCH_PROMETHEUS_PORT: String(await freePort()),
        WITH_DIAG_LOGGER: diagLogger,
      });
      expect(run.code, run.stderr).toBe(0);
      const names = new Set(observationSeries(run.stdout).map((s) => s.labels.feature_name));
      expect([...names].sort()).toEqual(['__overflow__', 'a', 'b', 'c']);
      expect(run.stderr).toBe(
        `statewatch: more features than FeatureDriftMonitor's attributeValueLimit (default 200); the rest are recorded as feature.name="__overflow__". To keep more apart, raise that option.\n`,
      );
    },
  );

  // With a diag logger on too (NodeSDK sets one for OTEL_LOG_LEVEL), the lock recorder does not
  // say it a second time through diag: the pipeline's line is the one.
  it.each([
    ['', '0'],
    [' (a diag logger on as well)', '1'],
  ])(
    'register says once when the lock.name cap is hit, naming the variable that raises it%s',
    async (_, diagLogger) => {
      const port = await freePort();
      const run = await runApp('named-locks-app.cjs', ['--require', '@statewatch/node/register'], {
        STATEWATCH_PROMETHEUS_PORT: String(port),
        STATEWATCH_ATTRIBUTE_VALUE_LIMIT: '3',
        WITH_DIAG_LOGGER: diagLogger,
      });
      expect(run.code, run.stderr).toBe(0);
      const acquisitions = parsePrometheusText(run.stdout).samples.filter(
        (s) => s.name.startsWith('statewatch_lock_acquisitions') && s.labels.lock_contended === 'false',
      );
      expect(Object.fromEntries(acquisitions.map((s) => [s.labels.lock_name, s.value]))).toEqual({
        'lock-a': 1,
        'lock-b': 1,
        'lock-c': 1,
        __overflow__: 2,
      });
      expect(run.stderr).toBe(
        'statewatch: more than 3 distinct lock.name values; the rest are recorded as lock.name="__overflow__". ' +
          'To keep more apart, raise STATEWATCH_ATTRIBUTE_VALUE_LIMIT (or the attributeValueLimit option).\n',
      );
    },
  );
});
