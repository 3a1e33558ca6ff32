import { ATTRIBUTES } from '../attributes';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT, OVERFLOW_VALUE } from '../cardinality';
import { METRICS, type Area } from '../metrics';
import { prometheusSeriesNames, toPrometheusLabel } from '../prometheus';
import { AREA_TITLES, code } from './markdown-parts';
import { INGESTION_PATHS } from './paths';

/** `docs/metrics.md`: the metrics reference for people. */
export function renderMetricsMarkdown(): string {
  const lines: string[] = [
    '<!-- Generated from packages/semconv by `npm run generate`. Do not edit. -->',
    '# statewatch metrics reference',
    '',
    'Every metric statewatch emits: its OTel name, unit, and Prometheus name. The Prometheus name is the',
    "same on every path below (the OTel spec's default translation; see docs/metrics-contract.md), and an",
    'end-to-end test against Prometheus 3 proves it for each path.',
    '',
    '| path | how | checked by |',
    '|---|---|---|',
    ...INGESTION_PATHS.map((p) => `| (${p.id}) ${p.title} | ${p.how} | ${p.test} |`),
    '',
    'Labels: each attribute becomes a label (`lock.name` → `lock_name`). Scraped paths (a), (b), (d) add',
    "`job` and `instance` from the scrape (the collectors keep the sender's `job` = `service.name` and",
    "`instance` = `service.instance.id` with `honor_labels`); Prometheus 3's OTLP receiver (c) sets them",
    'from the same resource attributes. The embedded endpoint and the collectors add `otel_scope_name`;',
    'Prometheus 3\'s OTLP receiver does not by default. Fleet PSI (`drift_scope="fleet"`) exists only on',
    'path (b): the statewatch collector computes it.',
    '',
  ];
  for (const area of Object.keys(AREA_TITLES) as Area[]) {
    lines.push(`## ${AREA_TITLES[area]}`, '');
    lines.push(
      '| OTel name | instrument | unit | attributes | Prometheus series, paths (a) (b) (c) (d) and remote write | meaning |',
    );
    lines.push('|---|---|---|---|---|---|');
    for (const m of METRICS.filter((x) => x.area === area)) {
      const attrs = m.attributes.map(code).join(', ') || '—';
      const series = prometheusSeriesNames(m).map(code).join('<br>');
      const optIn = m.optIn ? ' **Opt-in.**' : '';
      lines.push(
        `| ${code(m.name)} | ${m.instrument} | ${code(m.unit)} | ${attrs} | ${series} | ${m.description}${optIn} |`,
      );
    }
    lines.push('');
    const withBuckets = METRICS.filter((x) => x.area === area && x.buckets);
    for (const m of withBuckets) {
      lines.push(`Buckets of ${code(m.name)} (${m.unit}): ${m.buckets!.join(', ')}.`, '');
    }
  }
  lines.push('## Attributes', '');
  lines.push('| attribute | type | Prometheus label | values | meaning |');
  lines.push('|---|---|---|---|---|');
  for (const a of ATTRIBUTES) {
    const values = a.values
      ? a.values.map(code).join(', ')
      : a.userControlled
        ? `user-given, capped (${code(OVERFLOW_VALUE)} past the cap)`
        : 'computed';
    lines.push(
      `| ${code(a.name)} | ${a.type ?? 'string'} | ${code(toPrometheusLabel(a.name))} | ${values} | ${a.description} |`,
    );
  }
  lines.push(
    '',
    `User-controlled attributes are capped at ${DEFAULT_ATTRIBUTE_VALUE_LIMIT} distinct values per process`,
    `(\`STATEWATCH_ATTRIBUTE_VALUE_LIMIT\`); later values are recorded as ${code(OVERFLOW_VALUE)}.`,
    '',
  );
  return lines.join('\n');
}
