// Prometheus text exposition (format 0.0.4) of collected OTel metrics, with the names of the OTel
// compatibility spec's default translation (unit and type suffixes): the names Prometheus 3's OTLP
// receiver and every collector's prometheus exporter give the same metrics, so one set of
// dashboards works on every path. `@opentelemetry/exporter-prometheus` leaves the unit out.
import { diag, type Attributes, type AttributeValue } from '@opentelemetry/api';
import {
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { prometheusMetricName, toPrometheusLabel, type PrometheusNamingKind } from '@statewatch/semconv';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type PrometheusType = 'counter' | 'gauge' | 'histogram';

interface Family {
  type: PrometheusType;
  help: string;
  lines: string[];
}

const escapeHelp = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabelValue = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelValue = (v: AttributeValue | undefined) =>
  escapeLabelValue(typeof v === 'string' ? v : JSON.stringify(v ?? ''));

function formatNumber(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function kindOf(m: MetricData): PrometheusNamingKind | undefined {
  switch (m.dataPointType) {
    case DataPointType.SUM:
      return m.isMonotonic ? 'counter' : 'updowncounter';
    case DataPointType.GAUGE:
      return 'gauge';
    case DataPointType.HISTOGRAM:
      return 'histogram';
    default:
      return undefined;
  }
}

const typeOf = (kind: PrometheusNamingKind): PrometheusType =>
  kind === 'counter' ? 'counter' : kind === 'histogram' ? 'histogram' : 'gauge';

/**
 * Labels of an attribute set, `a="1",b="2"`. Attributes whose names map to the same label are
 * joined with `;` in the order of their keys, as the spec says.
 */
export function labelPairs(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  const byLabel = new Map<string, string[]>();
  for (const key of keys.sort()) {
    const value = attributes[key];
    if (value === undefined) continue;
    const label = toPrometheusLabel(key);
    const values = byLabel.get(label);
    if (values) values.push(labelValue(value));
    else byLabel.set(label, [labelValue(value)]);
  }
  let out = '';
  for (const [label, values] of byLabel) out += `${out ? ',' : ''}${label}="${values.join(';')}"`;
  return out;
}

const join = (...parts: string[]) => parts.filter(Boolean).join(',');

/** The serializer keeps caches keyed by the SDK's own objects, so a scrape mostly concatenates. */
export class SpecPrometheusSerializer {
  /** Names per metric descriptor (stable objects across collections). */
  private readonly names = new WeakMap<object, string>();
  /** Label text per attribute set object (the SDK keeps one per series). */
  private readonly labels = new WeakMap<object, string>();
  private readonly warned = new Set<string>();

  constructor(private readonly options: { withoutTargetInfo?: boolean; withoutScopeInfo?: boolean } = {}) {}

  serialize(resourceMetrics: ResourceMetrics): string {
    const families = new Map<string, Family>();
    for (const { scope, metrics } of resourceMetrics.scopeMetrics) {
      const scopeLabels = this.options.withoutScopeInfo
        ? ''
        : labelPairs({
            otel_scope_name: scope.name,
            ...(scope.version ? { otel_scope_version: scope.version } : {}),
            ...(scope.schemaUrl ? { otel_scope_schema_url: scope.schemaUrl } : {}),
          });
      for (const metric of metrics) this.addMetric(families, metric, scopeLabels);
    }
    let out = '';
    if (!this.options.withoutTargetInfo) {
      const target = labelPairs(resourceMetrics.resource.attributes);
      out += `# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info${target ? `{${target}}` : ''} 1\n`;
    }
    for (const [name, f] of families) {
      out += `# HELP ${name} ${escapeHelp(f.help || 'description missing')}\n# TYPE ${name} ${f.type}\n`;
      out += f.lines.join('');
    }
    return out;
  }

  private addMetric(families: Map<string, Family>, metric: MetricData, scopeLabels: string): void {
    const kind = kindOf(metric);
    if (!kind) {
      this.warnOnce(
        `type:${metric.descriptor.name}`,
        `exponential histograms are not served (metric ${metric.descriptor.name})`,
      );
      return;
    }
    let name = this.names.get(metric.descriptor);
    if (name === undefined) {
      name = prometheusMetricName(metric.descriptor.name, metric.descriptor.unit, kind);
      this.names.set(metric.descriptor, name);
    }
    const type = typeOf(kind);
    let family = families.get(name);
    if (!family) {
      family = { type, help: metric.descriptor.description, lines: [] };
      families.set(name, family);
    } else if (family.type !== type) {
      this.warnOnce(
        `conflict:${name}`,
        `${metric.descriptor.name} is a ${type} but ${name} is already a ${family.type}; not served`,
      );
      return;
    }
    const lines = family.lines;
    if (metric.dataPointType === DataPointType.HISTOGRAM) {
      for (const point of metric.dataPoints) this.addHistogram(lines, name, point, scopeLabels);
    } else {
      for (const point of metric.dataPoints as DataPoint<number>[]) {
        const labels = join(this.attributeLabels(point.attributes), scopeLabels);
        lines.push(`${name}${labels ? `{${labels}}` : ''} ${formatNumber(point.value)}\n`);
      }
    }
  }

  private addHistogram(
    lines: string[],
    name: string,
    point: DataPoint<Histogram>,
    scopeLabels: string,
  ): void {
    const labels = join(this.attributeLabels(point.attributes), scopeLabels);
    const { boundaries, counts } = point.value.buckets;
    let cumulative = 0;
    for (let i = 0; i < counts.length; i++) {
      cumulative += counts[i];
      const le = i < boundaries.length && boundaries[i] !== Infinity ? String(boundaries[i]) : '+Inf';
      lines.push(`${name}_bucket{${join(labels, `le="${le}"`)}} ${cumulative}\n`);
      if (le === '+Inf') break;
    }
    const braces = labels ? `{${labels}}` : '';
    lines.push(`${name}_sum${braces} ${formatNumber(point.value.sum ?? 0)}\n`);
    lines.push(`${name}_count${braces} ${point.value.count}\n`);
  }

  private attributeLabels(attributes: Attributes): string {
    let text = this.labels.get(attributes);
    if (text === undefined) {
      text = labelPairs(attributes);
      this.labels.set(attributes, text);
    }
    return text;
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    diag.warn(`statewatch prometheus endpoint: ${message}`);
  }
}
