import { ATTRIBUTES } from '../attributes';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT, OVERFLOW_VALUE } from '../cardinality';
import { METRICS, type Area } from '../metrics';
import { prometheusSeriesNames, toPrometheusLabel } from '../prometheus';

const AREA_TITLES: Record<Area, string> = {
  gc: 'GC pressure — @statewatch/instrumentation-gc',
  lock: 'Lock contention — @statewatch/instrumentation-lock',
  clone: 'Clone cost — @statewatch/instrumentation-clone',
  drift: 'Feature drift — @statewatch/feature-drift and the collector drift processor',
};

const code = (s: string) => '`' + s + '`';

/** `docs/metrics.md`: the metrics reference for people. */
export function renderMetricsMarkdown(): string {
  const lines: string[] = [
    '<!-- Generated from packages/semconv by `npm run generate`. Do not edit. -->',
    '# statewatch metrics reference',
    '',
    'Every metric statewatch emits, with its Prometheus name as served by the embedded endpoint',
    '(`@opentelemetry/exporter-prometheus`) and by the statewatch collector. Every series also carries',
    '`otel_scope_name` and the resource labels your Prometheus adds (`job`, `instance`).',
    '',
  ];
  for (const area of Object.keys(AREA_TITLES) as Area[]) {
    lines.push(`## ${AREA_TITLES[area]}`, '');
    lines.push('| metric | instrument | unit | attributes | Prometheus series | meaning |');
    lines.push('|---|---|---|---|---|---|');
    for (const m of METRICS.filter((x) => x.area === area)) {
      const attrs = m.attributes.map(code).join(', ') || '—';
      const series = prometheusSeriesNames(m).map(code).join('<br>');
      lines.push(
        `| ${code(m.name)} | ${m.instrument} | ${code(m.unit)} | ${attrs} | ${series} | ${m.description} |`,
      );
    }
    lines.push('');
    const withBuckets = METRICS.filter((x) => x.area === area && x.buckets);
    for (const m of withBuckets) {
      lines.push(`Buckets of ${code(m.name)} (${m.unit}): ${m.buckets!.join(', ')}.`, '');
    }
  }
  lines.push('## Attributes', '');
  lines.push('| attribute | Prometheus label | values | meaning |');
  lines.push('|---|---|---|---|');
  for (const a of ATTRIBUTES) {
    const values = a.values
      ? a.values.map(code).join(', ')
      : a.userControlled
        ? `user-given, capped (${code(OVERFLOW_VALUE)} past the cap)`
        : 'computed';
    lines.push(`| ${code(a.name)} | ${code(toPrometheusLabel(a.name))} | ${values} | ${a.description} |`);
  }
  lines.push(
    '',
    `User-controlled attributes are capped at ${DEFAULT_ATTRIBUTE_VALUE_LIMIT} distinct values per process`,
    `(\`STATEWATCH_ATTRIBUTE_VALUE_LIMIT\`); later values are recorded as ${code(OVERFLOW_VALUE)}.`,
    '',
  );
  return lines.join('\n');
}
