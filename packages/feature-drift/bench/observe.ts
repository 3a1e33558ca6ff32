// `npm run bench`: cost of observing one numeric value, statewatch vs prom-client's
// histogram.observe and OpenTelemetry's Histogram.record on the same values, in one process.
//
//   tsx bench/observe.ts [--values 1000000] [--rounds 9] [--only <name>]
//
// `--only` runs a single contender once (for instruction counts under callgrind).
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { ATTR_FEATURE_NAME } from '@statewatch/semconv';
import { Histogram, Registry } from 'prom-client';
// The built package (what users run): tsx's transpile of src/ ran up to 2.8× slower on Node 22.
import { BaselineBuilder, FeatureDriftMonitor, type NumericFeatureBaseline } from '../dist/index';
import { normalSampler, seededRandom } from '../dist/random';

class QuietReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

const valueCount = Number(option('values', '1000000'));
const rounds = Number(option('rounds', '9'));
const only = option('only', '');

const normal = normalSampler(seededRandom(42));
const builder = new BaselineBuilder({ numeric: ['x'], bins: 10 });
for (let i = 0; i < 100_000; i++) builder.add({ x: normal() });
const baseline = builder.build();
const edges = (baseline.features.x as NumericFeatureBaseline).edges;
const values = Float64Array.from({ length: valueCount }, () => normal());

const provider = new MeterProvider({ readers: [new QuietReader()] });
const monitor = new FeatureDriftMonitor({ baseline, meterProvider: provider });
const handle = monitor.feature('x');
const record = { x: 0 };

const registry = new Registry();
const promLabelled = new Histogram({
  name: 'x_labelled',
  help: 'x',
  buckets: edges,
  labelNames: ['feature'],
  registers: [registry],
});
const promChild = promLabelled.labels('x');
const promBare = new Histogram({ name: 'x_bare', help: 'x', buckets: edges, registers: [registry] });

const meter = provider.getMeter('bench');
const otel = meter.createHistogram('x', { advice: { explicitBucketBoundaries: edges } });
const otelAttributes = { [ATTR_FEATURE_NAME]: 'x' };

/** The targets: per-value cost, and speed-up over each peer. */
const TARGET_NS = 30;
const TARGET_RATIO = 4;

let sink = 0;
const contenders: Record<string, () => void> = {
  'loop only (no recording)': () => {
    let sum = 0; // a local: adding to the module-level `sink` each time would box a number
    for (let i = 0; i < values.length; i++) sum += values[i];
    sink += sum;
  },
  'statewatch feature(x).observe(v)': () => {
    for (let i = 0; i < values.length; i++) handle.observe(values[i]);
  },
  "statewatch observeValue('x', v)": () => {
    for (let i = 0; i < values.length; i++) monitor.observeValue('x', values[i]);
  },
  'statewatch observe({ x: v })': () => {
    for (let i = 0; i < values.length; i++) {
      record.x = values[i];
      monitor.observe(record);
    }
  },
  "prom-client observe({ feature: 'x' }, v)": () => {
    for (let i = 0; i < values.length; i++) promLabelled.observe({ feature: 'x' }, values[i]);
  },
  "prom-client labels('x').observe(v)": () => {
    for (let i = 0; i < values.length; i++) promChild.observe(values[i]);
  },
  'prom-client observe(v), no labels': () => {
    for (let i = 0; i < values.length; i++) promBare.observe(values[i]);
  },
  'OTel Histogram.record(v, { feature.name })': () => {
    for (let i = 0; i < values.length; i++) otel.record(values[i], otelAttributes);
  },
  'OTel Histogram.record(v), no attributes': () => {
    for (let i = 0; i < values.length; i++) otel.record(values[i]);
  },
};

function main(): void {
  if (only) {
    const run = Object.entries(contenders).find(([name]) => name.startsWith(only));
    if (!run) throw new Error(`no contender starts with '${only}'`);
    run[1]();
    process.stdout.write(`${run[0]}: ${valueCount} values (sink ${sink > 0})\n`);
    return;
  }
  const names = Object.keys(contenders);
  const samples = new Map(names.map((n) => [n, [] as number[]]));
  for (const name of names) contenders[name](); // warm-up: let every path optimize
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round so no contender always runs after the same neighbour.
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + r) % names.length];
      // CPU time, not wall time: on a shared machine the process is often descheduled.
      const start = process.cpuUsage();
      contenders[name]();
      const used = process.cpuUsage(start);
      samples.get(name)!.push(((used.user + used.system) * 1000) / values.length);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ns = new Map(names.map((n) => [n, median(samples.get(n)!)]));
  const ours = ns.get('statewatch feature(x).observe(v)')!;
  process.stdout.write(
    `feature-drift observe bench: ${valueCount.toLocaleString('en-US')} N(0,1) values, ${edges.length + 1} bins, ` +
      `CPU time, median of ${rounds} rounds, Node ${process.version}\n\n`,
  );
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    const value = ns.get(name)!;
    const ratio =
      name.startsWith('statewatch') || name.startsWith('loop')
        ? ''
        : `  ${(value / ours).toFixed(1)}× statewatch feature(x).observe`;
    process.stdout.write(`  ${name.padEnd(width)}  ${value.toFixed(1).padStart(7)} ns/value${ratio}\n`);
  }
  // Each peer at its fastest configuration in this run (the strictest comparison for us).
  const fastest = (prefix: string) =>
    Math.min(...names.filter((n) => n.startsWith(prefix)).map((n) => ns.get(n)!));
  const peers = {
    'prom-client histogram.observe': fastest('prom-client'),
    'OTel Histogram.record': fastest('OTel'),
  };
  process.stdout.write(
    `\nPer numeric value (target <= ${TARGET_NS} ns, >= ${TARGET_RATIO}× faster than each peer's fastest configuration here):\n`,
  );
  for (const name of names.filter((n) => n.startsWith('statewatch'))) {
    const value = ns.get(name)!;
    const ratios = Object.entries(peers).map(([peer, cost]) => `${(cost / value).toFixed(1)}× ${peer}`);
    const met = value <= TARGET_NS && Object.values(peers).every((cost) => cost / value >= TARGET_RATIO);
    process.stdout.write(
      `  ${name.padEnd(width)}  ${value.toFixed(1).padStart(7)} ns  ${ratios.join(', ')}  ${met ? 'target met' : 'TARGET MISSED'}\n`,
    );
  }
  monitor.close();
  if (sink === 0) process.stdout.write('\n');
}

main();
