// PromQL building blocks. Every metric and label name comes from the @statewatch/semconv registry,
// so a renamed metric breaks the build here instead of silently emptying a panel.
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
  DEFAULT_METRICS,
  metric,
  toPrometheusLabel,
  type Area,
} from '@statewatch/semconv';

/** Prometheus label names of the contract's attributes, plus the two every scrape adds. */
export const L = {
  job: 'job',
  instance: 'instance',
  le: 'le',
  gcType: toPrometheusLabel(ATTR_V8JS_GC_TYPE),
  lockName: toPrometheusLabel(ATTR_LOCK_NAME),
  lockKind: toPrometheusLabel(ATTR_LOCK_KIND),
  lockOutcome: toPrometheusLabel(ATTR_LOCK_OUTCOME),
  lockContended: toPrometheusLabel(ATTR_LOCK_CONTENDED),
  cloneStrategy: toPrometheusLabel(ATTR_CLONE_STRATEGY),
  cloneSource: toPrometheusLabel(ATTR_CLONE_SOURCE),
  cloneSite: toPrometheusLabel(ATTR_CLONE_SITE),
  featureName: toPrometheusLabel(ATTR_FEATURE_NAME),
  featureBin: toPrometheusLabel(ATTR_FEATURE_BIN),
  featureBaseline: toPrometheusLabel(ATTR_FEATURE_BASELINE),
  driftScope: toPrometheusLabel(ATTR_DRIFT_SCOPE),
} as const;

/** Matchers of every dashboard query: the `job` and `instance` variables. */
export const DASHBOARD_SELECTOR = `${L.job}=~"$job", ${L.instance}=~"$instance"`;
/** Range of every dashboard `rate()`. */
export const DASHBOARD_RATE = '$__rate_interval';

export type HistogramPart = 'bucket' | 'sum' | 'count';

/** The Prometheus series name of a registry metric (`part` picks a histogram's series). */
export function seriesName(otelName: string, part?: HistogramPart): string {
  const m = metric(otelName);
  if (m.prometheus.type === 'histogram') {
    if (!part) throw new Error(`${otelName} is a histogram: pick its _bucket, _sum or _count series`);
    return `${m.prometheus.name}_${part}`;
  }
  if (part) throw new Error(`${otelName} is a ${m.prometheus.type}, it has no _${part} series`);
  return m.prometheus.name;
}

/** `name{selector, extra...}`; `name` is a series or recorded-rule name. */
export function vector(name: string, selector: string, ...extra: string[]): string {
  const matchers = [selector, ...extra].filter(Boolean).join(', ');
  return matchers ? `${name}{${matchers}}` : name;
}

/** `name{...}` of a registry metric. */
export function sel(otelName: string, selector: string, extra: string[] = [], part?: HistogramPart): string {
  return vector(seriesName(otelName, part), selector, ...extra);
}

export const by = (labels: readonly string[]) => (labels.length ? ` by (${labels.join(', ')})` : '');

/** `sum by (labels) (rate(series[window]))` of a registry counter or histogram part. */
export function sumRate(
  otelName: string,
  o: { selector: string; window: string; by?: readonly string[]; extra?: string[]; part?: HistogramPart },
): string {
  return `sum${by(o.by ?? [])} (rate(${sel(otelName, o.selector, o.extra, o.part)}[${o.window}]))`;
}

/** `histogram_quantile(q, sum by (le, labels) (rate(x_bucket[window])))`. */
export function quantile(
  q: number,
  otelName: string,
  o: { selector: string; window: string; by?: readonly string[]; extra?: string[] },
): string {
  return `histogram_quantile(${q}, ${sumRate(otelName, { ...o, by: [L.le, ...(o.by ?? [])], part: 'bucket' })})`;
}

/** Names of every default registry series of an area, as a `__name__` regex (for variable queries). */
export function areaNameRegex(area?: Area): string {
  const names = DEFAULT_METRICS.filter((m) => !area || m.area === area).map((m) => m.prometheus.name);
  let prefix = names[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  if (!prefix) throw new Error(`metrics of area ${area ?? 'all'} share no name prefix`);
  return `${prefix}.+`;
}

/** `0.99` → `p99`, for names and titles. */
export const quantileName = (q: number) => `p${Math.round(q * 1000) / 10}`.replace('.', '_');
