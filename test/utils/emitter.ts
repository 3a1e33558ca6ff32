// A small real OTel process for the live-Prometheus and per-path tests: one MeterProvider that
// records every registry metric continuously, with realistic values and attributes, and hands
// them to real readers: statewatch's embedded endpoint (spec names) and OTLP/HTTP exporters (one
// per destination). GC, lock and clone values are synthetic; the drift metrics come from the real
// FeatureDriftMonitor on the demo baseline, so the statewatch collector can compute fleet PSI from them.
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { FeatureDriftMonitor, loadBaseline, type Baseline } from '@statewatch/feature-drift';
import {
  ATTR_CLONE_SITE,
  ATTR_CLONE_SOURCE,
  ATTR_CLONE_STRATEGY,
  ATTR_LOCK_CONTENDED,
  ATTR_LOCK_KIND,
  ATTR_LOCK_NAME,
  ATTR_LOCK_OUTCOME,
  ATTR_V8JS_GC_TYPE,
  METRIC_CLONE_DURATION,
  METRIC_CLONE_ENTRIES,
  METRIC_CLONE_SIZE,
  METRIC_CLONE_COPIES,
  METRIC_CLONE_SAMPLING_INTERVAL,
  METRIC_GC_ALLOCATED,
  METRIC_GC_HEAP_LIMIT,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_PAUSE_DURATION,
  METRIC_GC_RECLAIMED,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_WAIT_DURATION,
  METRIC_LOCK_WAITER_COUNT,
  METRIC_LOCK_THROTTLE_DURATION,
  METRIC_LOCK_ATTEMPTS,
  METRIC_LOCK_LEASE_EXTENSIONS,
  METRIC_LOCK_LEASE_LOST,
  METRIC_LOCK_SAMPLING_INTERVAL,
  METRIC_V8JS_GC_DURATION,
  METRICS,
  type MetricDefinition,
} from '@statewatch/semconv';
import { join } from 'node:path';
import { StatewatchPrometheusReader } from '../../packages/node/src/prometheus-reader';

/** The baseline the shipped collector config loads by default (the demo's). */
export const DEMO_BASELINE_FILE = join(
  __dirname,
  '../../packages/feature-drift/testdata/scoring-baseline.json',
);

type Attrs = Record<string, string | boolean>;
/** One tick of a metric: the (value, attributes) pairs to record. */
type Tick = () => [number, Attrs][];

const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];
const LOCKS = [
  { [ATTR_LOCK_NAME]: 'orders', [ATTR_LOCK_KIND]: 'mutex', contended: 0.6, wait: 0.02 },
  { [ATTR_LOCK_NAME]: 'cache-refresh', [ATTR_LOCK_KIND]: 'semaphore', contended: 0.1, wait: 0.001 },
  { [ATTR_LOCK_NAME]: 'partner-api', [ATTR_LOCK_KIND]: 'rate_limiter', contended: 0.8, wait: 0.05 },
  { [ATTR_LOCK_NAME]: 'invoice:42', [ATTR_LOCK_KIND]: 'distributed_lock', contended: 0.3, wait: 0.01 },
];
const lockOfKind = (kind: string) => LOCKS.find((l) => l[ATTR_LOCK_KIND] === kind)!;
/** The sampling interval of a hot target: 1 (every call timed) or a power of two. */
const interval = () => 2 ** Math.floor(rand(0, 6));
const waiting = LOCKS.map(() => 0);
const lockAttrs = (l: (typeof LOCKS)[number]): Attrs => ({
  [ATTR_LOCK_NAME]: l[ATTR_LOCK_NAME],
  [ATTR_LOCK_KIND]: l[ATTR_LOCK_KIND],
});
const CLONES: Attrs[] = [
  {
    [ATTR_CLONE_STRATEGY]: 'structured_clone',
    [ATTR_CLONE_SOURCE]: 'map',
    [ATTR_CLONE_SITE]: 'session-snapshot',
  },
  { [ATTR_CLONE_STRATEGY]: 'json', [ATTR_CLONE_SOURCE]: 'object', [ATTR_CLONE_SITE]: 'config-copy' },
  { [ATTR_CLONE_STRATEGY]: 'spread', [ATTR_CLONE_SOURCE]: 'array' },
];
const gcPauses = (): [number, Attrs][] => [
  [rand(0.0003, 0.002), { [ATTR_V8JS_GC_TYPE]: 'minor' }],
  [rand(0.0003, 0.002), { [ATTR_V8JS_GC_TYPE]: 'minor' }],
  [rand(0.005, 0.03), { [ATTR_V8JS_GC_TYPE]: 'major' }],
  [rand(0.0001, 0.001), { [ATTR_V8JS_GC_TYPE]: 'incremental' }],
  [rand(0.0001, 0.0005), { [ATTR_V8JS_GC_TYPE]: 'weakcb' }],
];

const TICKS: Record<string, Tick> = {
  [METRIC_GC_PAUSE_DURATION]: gcPauses,
  [METRIC_V8JS_GC_DURATION]: gcPauses,
  [METRIC_GC_ALLOCATED]: () => [[Math.round(rand(1e6, 4e6)), {}]],
  [METRIC_GC_RECLAIMED]: () => [
    [Math.round(rand(5e5, 3e6)), { [ATTR_V8JS_GC_TYPE]: 'minor' }],
    [Math.round(rand(1e6, 8e6)), { [ATTR_V8JS_GC_TYPE]: 'major' }],
  ],
  [METRIC_GC_HEAP_LIVE]: () => [[Math.round(rand(40e6, 60e6)), {}]],
  [METRIC_GC_HEAP_LIMIT]: () => [[2197815296, {}]],
  [METRIC_LOCK_WAIT_DURATION]: () =>
    LOCKS.flatMap((l) => [
      [rand(0, 2 * l.wait), { ...lockAttrs(l), [ATTR_LOCK_OUTCOME]: 'acquired' }],
      [rand(0, 2 * l.wait), { ...lockAttrs(l), [ATTR_LOCK_OUTCOME]: 'acquired' }],
      [1, { ...lockAttrs(l), [ATTR_LOCK_OUTCOME]: 'timeout' }],
    ]),
  [METRIC_LOCK_HOLD_DURATION]: () => LOCKS.map((l) => [rand(0.0005, 0.01), lockAttrs(l)]),
  // lock.contended is a boolean attribute.
  [METRIC_LOCK_ACQUISITIONS]: () =>
    LOCKS.flatMap((l) => [
      [Math.round(10 * l.contended), { ...lockAttrs(l), [ATTR_LOCK_CONTENDED]: true }],
      [Math.round(10 * (1 - l.contended)), { ...lockAttrs(l), [ATTR_LOCK_CONTENDED]: false }],
    ]),
  // An UpDownCounter: callers join and leave the queue; the level stays between 0 and 5.
  [METRIC_LOCK_WAITER_COUNT]: () =>
    LOCKS.map((l, i) => {
      const step = waiting[i] >= 5 || (waiting[i] > 0 && Math.random() < 0.5) ? -1 : 1;
      waiting[i] += step;
      return [step, lockAttrs(l)];
    }),
  [METRIC_CLONE_DURATION]: () => CLONES.map((c) => [rand(0.00001, 0.004), c]),
  [METRIC_CLONE_ENTRIES]: () => CLONES.map((c) => [Math.round(rand(5, 20000)), c]),
  [METRIC_CLONE_SIZE]: () => CLONES.map((c) => [Math.round(rand(2048, 2e6)), c]),
  [METRIC_CLONE_COPIES]: () => CLONES.map((c) => [Math.round(rand(10, 500)), targetOf(c)]),
  [METRIC_CLONE_SAMPLING_INTERVAL]: () => CLONES.map((c) => [interval(), targetOf(c)]),
  [METRIC_LOCK_THROTTLE_DURATION]: () => [[rand(0, 0.1), lockAttrs(lockOfKind('rate_limiter'))]],
  [METRIC_LOCK_ATTEMPTS]: () => [[Math.round(rand(1, 4)), lockAttrs(lockOfKind('distributed_lock'))]],
  [METRIC_LOCK_LEASE_EXTENSIONS]: () => [[Math.round(rand(0, 2)), lockAttrs(lockOfKind('distributed_lock'))]],
  [METRIC_LOCK_LEASE_LOST]: () => [[Math.random() < 0.05 ? 1 : 0, lockAttrs(lockOfKind('distributed_lock'))]],
  [METRIC_LOCK_SAMPLING_INTERVAL]: () => LOCKS.map((l) => [interval(), lockAttrs(l)]),
};

/** A clone series' counter and gauge attributes: strategy and site, no source. */
function targetOf(c: Attrs): Attrs {
  const { [ATTR_CLONE_SOURCE]: _source, ...target } = c;
  return target;
}

/** A record of every baseline feature: numeric values spread over all bins, categories including an unseen one. */
function inputOf(baseline: Baseline): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(baseline.features)) {
    if (Math.random() < 0.01)
      record[name] = null; // counted as missing
    else if (f.type === 'numeric') record[name] = rand(f.edges[0] - 5, f.edges.at(-1)! + 5);
    else record[name] = Math.random() < 0.05 ? 'unseen-category' : pick(f.categories);
  }
  return record;
}

export interface EmitterOptions {
  /** Port of statewatch's embedded endpoint on 127.0.0.1 (path (a)). */
  port: number;
  /** OTLP/HTTP base endpoints to push to every `exportIntervalMillis` (paths (b)–(d)). */
  otlpEndpoints?: string[];
  exportIntervalMillis?: number;
  serviceName?: string;
  everyMs?: number;
}

export interface Emitter {
  port: number;
  stop(): Promise<void>;
}

/** Records every registry metric every `everyMs` and serves/pushes them. */
export async function startEmitter(o: EmitterOptions): Promise<Emitter> {
  const missing = METRICS.filter((m) => m.area !== 'drift' && !TICKS[m.name]).map((m) => m.name);
  if (missing.length) throw new Error(`emitter has no values for registry metrics: ${missing.join(', ')}`);
  const endpoint = new StatewatchPrometheusReader({ host: '127.0.0.1', port: o.port, endpoint: '/metrics' });
  await endpoint.listen();
  const readers: IMetricReader[] = [endpoint];
  for (const url of o.otlpEndpoints ?? [])
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${url}/v1/metrics` }),
        exportIntervalMillis: o.exportIntervalMillis ?? 1000,
      }),
    );
  const provider = new MeterProvider({
    readers,
    resource: resourceFromAttributes({
      'service.name': o.serviceName ?? 'statewatch-live-test',
      'service.instance.id': `emitter-${o.port}`,
    }),
  });
  const meter = provider.getMeter('@statewatch/live-test');
  const recorders = METRICS.filter((m) => TICKS[m.name]).map((m) => {
    const record = instrument(meter, m);
    return () => {
      for (const [value, attrs] of TICKS[m.name]()) record(value, attrs);
    };
  });
  const baseline = await loadBaseline(DEMO_BASELINE_FILE);
  const monitor = new FeatureDriftMonitor({ baseline, window: '20s', buckets: 10, meterProvider: provider });
  const tick = () => {
    recorders.forEach((r) => r());
    for (let i = 0; i < 20; i++) monitor.observe(inputOf(baseline));
  };
  tick();
  const timer = setInterval(tick, o.everyMs ?? 100);
  return {
    port: o.port,
    async stop() {
      clearInterval(timer);
      await provider.shutdown();
    },
  };
}

function instrument(
  meter: ReturnType<MeterProvider['getMeter']>,
  m: MetricDefinition,
): (v: number, a: Attrs) => void {
  const opts = { unit: m.unit, description: m.description };
  switch (m.instrument) {
    case 'Histogram': {
      const h = meter.createHistogram(m.name, {
        ...opts,
        advice: { explicitBucketBoundaries: [...(m.buckets ?? [])] },
      });
      return (v, a) => h.record(v, a);
    }
    case 'Counter': {
      const c = meter.createCounter(m.name, opts);
      return (v, a) => c.add(v, a);
    }
    case 'UpDownCounter': {
      const u = meter.createUpDownCounter(m.name, opts);
      return (v, a) => u.add(v, a);
    }
    case 'Gauge': {
      const g = meter.createGauge(m.name, opts);
      return (v, a) => g.record(v, a);
    }
  }
}
