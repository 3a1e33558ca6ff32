// A small real OTel process for the live-Prometheus test: a MeterProvider with the real
// PrometheusExporter that records every metric of the registry, continuously, with realistic
// values and attributes. Through the real exporter, names and labels are exactly what statewatch serves.
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
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
  METRIC_CLONE_DURATION,
  METRIC_CLONE_ENTRIES,
  METRIC_CLONE_SIZE,
  METRIC_FEATURE_MISSING,
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
  METRIC_GC_ALLOCATED,
  METRIC_GC_HEAP_LIMIT,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_PAUSE_DURATION,
  METRIC_GC_RECLAIMED,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_WAIT_DURATION,
  METRIC_LOCK_WAITERS,
  METRICS,
  type MetricDefinition,
} from '@statewatch/semconv';

type Attrs = Record<string, string>;
/** One tick of a metric: the (value, attributes) pairs to record. */
type Tick = () => [number, Attrs][];

const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const LOCKS = [
  { [ATTR_LOCK_NAME]: 'orders', [ATTR_LOCK_KIND]: 'mutex', contended: 0.6, wait: 0.02 },
  { [ATTR_LOCK_NAME]: 'cache-refresh', [ATTR_LOCK_KIND]: 'semaphore', contended: 0.1, wait: 0.001 },
];
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
const BASELINE = { [ATTR_FEATURE_BASELINE]: '9f3c2a1b' };
const FEATURES = [
  { name: 'amount', bins: ['0', '1', '2', '3'], psi: 0.04, critical: 0.03 },
  { name: 'country', bins: ['DE', 'FR', '__other__'], psi: 0.18, critical: 0.05 },
];
const SCOPES = ['instance', 'fleet'];
const perScope = (f: (typeof FEATURES)[number], value: (scope: string) => number): [number, Attrs][] =>
  SCOPES.map((scope) => [
    value(scope),
    { [ATTR_FEATURE_NAME]: f.name, ...BASELINE, [ATTR_DRIFT_SCOPE]: scope },
  ]);

const TICKS: Record<string, Tick> = {
  [METRIC_GC_PAUSE_DURATION]: () => [
    [rand(0.0003, 0.002), { [ATTR_V8JS_GC_TYPE]: 'minor' }],
    [rand(0.0003, 0.002), { [ATTR_V8JS_GC_TYPE]: 'minor' }],
    [rand(0.005, 0.03), { [ATTR_V8JS_GC_TYPE]: 'major' }],
    [rand(0.0001, 0.001), { [ATTR_V8JS_GC_TYPE]: 'incremental' }],
    [rand(0.0001, 0.0005), { [ATTR_V8JS_GC_TYPE]: 'weakcb' }],
  ],
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
  [METRIC_LOCK_ACQUISITIONS]: () =>
    LOCKS.flatMap((l) => [
      [Math.round(10 * l.contended), { ...lockAttrs(l), [ATTR_LOCK_CONTENDED]: 'true' }],
      [Math.round(10 * (1 - l.contended)), { ...lockAttrs(l), [ATTR_LOCK_CONTENDED]: 'false' }],
    ]),
  // An UpDownCounter: callers join and leave the queue; the level stays between 0 and 5.
  [METRIC_LOCK_WAITERS]: () =>
    LOCKS.map((l, i) => {
      const step = waiting[i] >= 5 || (waiting[i] > 0 && Math.random() < 0.5) ? -1 : 1;
      waiting[i] += step;
      return [step, lockAttrs(l)];
    }),
  [METRIC_CLONE_DURATION]: () => CLONES.map((c) => [rand(0.00001, 0.004), c]),
  [METRIC_CLONE_ENTRIES]: () => CLONES.map((c) => [Math.round(rand(5, 20000)), c]),
  [METRIC_CLONE_SIZE]: () => CLONES.map((c) => [Math.round(rand(2048, 2e6)), c]),
  [METRIC_FEATURE_OBSERVATIONS]: () =>
    FEATURES.flatMap((f) =>
      f.bins.map((bin): [number, Attrs] => [
        Math.round(rand(1, 20)),
        { [ATTR_FEATURE_NAME]: f.name, [ATTR_FEATURE_BIN]: bin, ...BASELINE },
      ]),
    ),
  [METRIC_FEATURE_MISSING]: () =>
    FEATURES.map((f) => [Math.round(rand(0, 2)), { [ATTR_FEATURE_NAME]: f.name, ...BASELINE }]),
  [METRIC_FEATURE_PSI]: () =>
    FEATURES.flatMap((f) => perScope(f, (s) => f.psi * (s === 'fleet' ? 0.8 : 1) + rand(0, 0.01))),
  [METRIC_FEATURE_PSI_CRITICAL]: () =>
    FEATURES.flatMap((f) => perScope(f, (s) => f.critical * (s === 'fleet' ? 0.5 : 1))),
  [METRIC_FEATURE_WINDOW_OBSERVATIONS]: () =>
    FEATURES.flatMap((f) => perScope(f, (s) => (s === 'fleet' ? 40000 : 10000))),
};

export interface Emitter {
  port: number;
  stop(): Promise<void>;
}

/** Serve every registry metric on `127.0.0.1:port/metrics`, recording a tick every `everyMs`. */
export async function startEmitter(port: number, everyMs = 100): Promise<Emitter> {
  const missing = METRICS.filter((m) => !TICKS[m.name]).map((m) => m.name);
  if (missing.length) throw new Error(`emitter has no values for registry metrics: ${missing.join(', ')}`);
  let exporter!: PrometheusExporter;
  await new Promise<void>((resolve, reject) => {
    exporter = new PrometheusExporter({ host: '127.0.0.1', port }, (err) => (err ? reject(err) : resolve()));
  });
  const provider = new MeterProvider({ readers: [exporter] });
  const meter = provider.getMeter('@statewatch/dashboards-live-test');
  const recorders = METRICS.map((m) => {
    const record = instrument(meter, m);
    return () => {
      for (const [value, attrs] of TICKS[m.name]()) record(value, attrs);
    };
  });
  const tick = () => recorders.forEach((r) => r());
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    port,
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
