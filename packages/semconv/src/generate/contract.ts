import { ATTRIBUTES } from '../attributes';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT, OVERFLOW_VALUE } from '../cardinality';
import { LOCK_KIND_MEANINGS } from '../lock-kinds';
import {
  METRIC_CLONE_COPIES,
  METRIC_CLONE_DURATION,
  METRIC_CLONE_ENTRIES,
  METRIC_CLONE_SAMPLING_INTERVAL,
  METRIC_CLONE_SIZE,
  METRIC_LOCK_ACQUISITIONS,
  METRIC_LOCK_ATTEMPTS,
  METRIC_LOCK_HOLD_DURATION,
  METRIC_LOCK_LEASE_EXTENSIONS,
  METRIC_LOCK_LEASE_LOST,
  METRIC_LOCK_SAMPLING_INTERVAL,
  METRIC_LOCK_THROTTLE_DURATION,
  METRIC_LOCK_WAIT_DURATION,
  METRIC_LOCK_WAITER_COUNT,
  METRICS,
  PSI_UNIT,
  type Area,
} from '../metrics';
import { AREA_TITLES, code } from './markdown-parts';

/** Names that changed, and why: a contract name changes only with a note. */
export const RENAMES: readonly { from: string; to: string; why: string }[] = [
  {
    from: '`statewatch.lock.waiters` (UpDownCounter)',
    to: '`statewatch.lock.waiter.count`',
    why: 'OTel naming rules: UpDownCounter names are not plural; a count of things in a namespace is `<namespace>.count`',
  },
  {
    from: '`statewatch.feature.psi`, `statewatch.feature.psi.critical`: unit `1`',
    to: `unit \`${PSI_UNIT}\``,
    why: 'PSI is unbounded; with unit `1` every Prometheus path appends `_ratio`, which promises a value in [0, 1]',
  },
  {
    from: '`lock.contended`: string `"true"`/`"false"`',
    to: 'boolean',
    why: 'OTel attributes are typed; a yes/no fact is a boolean. Prometheus shows the same label values `true`/`false`',
  },
  {
    from: 'Prometheus names of exporter-prometheus 0.301 (no unit suffix, e.g. `statewatch_gc_pause_duration_bucket`)',
    to: 'the spec default (e.g. `statewatch_gc_pause_duration_seconds_bucket`)',
    why: 'one rule on every path: it is what Prometheus 3 and every stock collector produce from OTLP',
  },
];

/** `docs/metrics-contract.md`: the public interface, generated from the registry (its single source). */
export function renderContractMarkdown(): string {
  const lines: string[] = [
    '<!-- Generated from packages/semconv by `npm run generate`. Do not edit. -->',
    '# statewatch metrics contract',
    '',
    'The names below are the public interface of statewatch: dashboards, alert rules, the collector',
    "processor and users' own queries depend on them. The registry (`packages/semconv`) is their single",
    'source; this document, `docs/metrics.md`, the Go constants of the drift processor, the dashboards and',
    'the alert rules are generated from it, and tests fail when any of them is stale. A metric may be',
    'added; a name changes only with a note below.',
    '',
    '## Naming rule',
    '',
    "Prometheus names follow the OpenTelemetry compatibility spec's default translation (underscore",
    'escaping with unit and type suffixes), on every path: the embedded endpoint, the statewatch',
    "collector, any collector's stock prometheus exporter, Prometheus 3's OTLP receiver, and remote write.",
    'Dots and other characters outside `[a-zA-Z0-9:]` become `_`; the unit is appended (`s` → `_seconds`,',
    '`By` → `_bytes`; annotations such as `{acquisition}` add nothing); counters end in `_total`; a gauge',
    'with unit `1` would end in `_ratio`. So `statewatch.lock.wait.duration` (histogram, unit `s`) is',
    '`statewatch_lock_wait_duration_seconds_bucket` / `_sum` / `_count`, the counter',
    '`statewatch.gc.allocated` (unit `By`) is `statewatch_gc_allocated_bytes_total`, and attribute',
    '`lock.name` is label `lock_name`. Histograms are classic (explicit buckets): `_bucket`, `_sum`, `_count`.',
    '',
  ];
  for (const area of Object.keys(AREA_TITLES) as Area[]) {
    lines.push(`## ${AREA_TITLES[area]}`, '');
    lines.push('| metric | instrument | unit | attributes | Prometheus name | meaning |');
    lines.push('|---|---|---|---|---|---|');
    for (const m of METRICS.filter((x) => x.area === area)) {
      const optIn = m.optIn ? ' Opt-in.' : '';
      lines.push(
        `| ${m.name} | ${m.instrument} | ${m.unit} | ${m.attributes.join(', ')} | ${m.prometheus.name} | ${m.description}${optIn} |`,
      );
    }
    lines.push('');
    const used = new Set(METRICS.filter((x) => x.area === area).flatMap((x) => x.attributes));
    for (const a of ATTRIBUTES.filter((x) => used.has(x.name) && x.values)) {
      const type = a.type === 'boolean' ? ' (boolean)' : '';
      if (!lines.some((l) => l.startsWith(`${code(a.name)}${type}:`)))
        lines.push(`${code(a.name)}${type}: ${a.values!.map(code).join(', ')}.`, '');
    }
    if (area === 'lock') lines.push(...lockKindTable());
  }
  lines.push(
    '## Cardinality',
    '',
    `Every attribute the user controls (${ATTRIBUTES.filter((a) => a.userControlled)
      .map((a) => code(a.name))
      .join(', ')}) is capped per process (default ${DEFAULT_ATTRIBUTE_VALUE_LIMIT}`,
    `distinct values, configurable); values past the cap are recorded as ${code(OVERFLOW_VALUE)}, never dropped`,
    'silently and never grown without bound.',
    '',
    '## Sampled figures',
    '',
    'Counts are exact: every acquisition, waiter, attempt, extension, lost lease and copy is counted',
    `(${code(METRIC_LOCK_ACQUISITIONS)}, ${code(METRIC_LOCK_WAITER_COUNT)}, ${code(METRIC_LOCK_ATTEMPTS)},`,
    `${code(METRIC_LOCK_LEASE_EXTENSIONS)}, ${code(METRIC_LOCK_LEASE_LOST)}, ${code(METRIC_CLONE_COPIES)}). Durations cost two clock`,
    'reads and a histogram update each, so once a lock or a clone site is called so often that timing',
    'every call would cost more than the overhead budget (`overheadBudget`, `STATEWATCH_OVERHEAD_BUDGET`:',
    'a fraction of one core per lock or site, default 0.01; `exact` times every call), 1 in k calls is',
    'timed, chosen by a private PRNG (never `Math.random`), and recorded with weight k: the histograms of',
    `${code(METRIC_LOCK_WAIT_DURATION)}, ${code(METRIC_LOCK_HOLD_DURATION)}, ${code(METRIC_LOCK_THROTTLE_DURATION)},`,
    `${code(METRIC_CLONE_DURATION)}, ${code(METRIC_CLONE_ENTRIES)} and ${code(METRIC_CLONE_SIZE)} are then unbiased (Horvitz–Thompson)`,
    'estimates: bucket counts, `_count` and `_sum` over all calls, with sampling error that shrinks with',
    `the number of timed calls. k is served per lock and site as ${code(METRIC_LOCK_SAMPLING_INTERVAL)} and`,
    `${code(METRIC_CLONE_SAMPLING_INTERVAL)} (1: every call timed). Whether a lock request is timed is decided`,
    "when it is made, so the wait histogram's `_count` by `lock.outcome` is an estimate too (timeouts,",
    'cancellations and rejections included); the exceptions, always timed with weight 1: async-mutex',
    '`withTimeout` and `tryAcquire` acquisitions (their `timeout` and `rejected` counts are exact) and',
    'redlock leases (each is a network round trip). A smaller budget costs less CPU and gives noisier',
    'quantiles of hot locks and sites; rarely called ones are always timed.',
    '',
    '## Decisions',
    '',
    '- **One naming rule, the spec default.** statewatch used to serve the names of',
    '  `@opentelemetry/exporter-prometheus` 0.301 (no unit suffix) and stripped units in its own collector to',
    '  match; any other collector and Prometheus 3 produced other names, and most dashboard queries found',
    "  nothing there. statewatch's endpoint now serialises the spec's names itself, the collector has no",
    '  renaming transform, and the e2e tests check every path against Prometheus 3.',
    '- **UpDownCounter names are not plural**: `statewatch.lock.waiter.count`.',
    '  Counters of discrete events keep their plural (`statewatch.lock.acquisitions`,',
    '  `statewatch.feature.observations`), as the OTel naming rules allow for counts of things.',
    '- **Boolean attributes**: `lock.contended` is a boolean. Prometheus shows it as `lock_contended="true"`',
    '  / `"false"` on every path (the same label values as before).',
    `- **PSI has unit \`${PSI_UNIT}\`, not \`1\`**: checked against Prometheus 3 built from source, a unit-\`1\``,
    '  gauge arrives as `<name>_ratio`; PSI is not a fraction, so the annotation keeps `statewatch_feature_psi`.',
    '- **`v8js.gc.duration` (opt-in)**: the OTel runtime convention (histogram, `s`, attribute',
    '  `v8js.gc.type`, buckets 10 ms … 10 s) as `@opentelemetry/instrumentation-runtime-node` emits it, so',
    "  existing Node runtime dashboards keep working beside statewatch's finer `statewatch.gc.pause.duration`.",
    '  Prometheus: `v8js_gc_duration_seconds`. Emitted by `@statewatch/instrumentation-gc` when enabled.',
    '- **UTF-8 names are not offered as an option.** Prometheus 3 can keep dotted names',
    '  (`translation_strategy: NoTranslation`, or `NoUTF8EscapingWithSuffixes`), but: Prometheus documents',
    '  `NoTranslation` as experimental and not for production (series of one name with different units',
    '  collide); every PromQL query must then quote names (`{"statewatch.gc.pause.duration"}`), which',
    '  Prometheus 2 and many tools cannot parse; the collector prometheus exporter and our embedded endpoint',
    '  would need the same mode on every path; and it would double the dashboards, rules and e2e paths to',
    '  keep in step. The escaped names work everywhere, including Prometheus 3 with UTF-8 enabled. Revisit',
    '  when `NoTranslation` is stable and Grafana/promtool handle quoted names throughout.',
    '',
    '## Renamed',
    '',
    '| before | now | why |',
    '|---|---|---|',
    ...RENAMES.map((r) => `| ${r.from} | ${r.to} | ${r.why} |`),
    '',
  );
  return lines.join('\n');
}

/** What wait, hold, waiters, contended, the outcomes and `lock.name` mean per `lock.kind`. */
function lockKindTable(): string[] {
  return [
    'What the lock metrics mean for each `lock.kind`:',
    '',
    '| lock.kind | recorded from | wait | hold | waiters | contended | outcomes | lock.name |',
    '|---|---|---|---|---|---|---|---|',
    ...LOCK_KIND_MEANINGS.map(
      (k) =>
        `| ${code(k.kind)} | ${k.sources} | ${k.wait} | ${k.hold} | ${k.waiters} | ${k.contended} | ${k.outcomes} | ${k.name} |`,
    ),
    '',
  ];
}
