import type { Attributes } from '@opentelemetry/api';
import type { ResourceMetrics, ViewOptions } from '@opentelemetry/sdk-metrics';
import {
  ATTR_FEATURE_BASELINE,
  ATTR_FEATURE_BIN,
  ATTR_FEATURE_NAME,
  ATTRIBUTES,
  DEFAULT_ATTRIBUTE_VALUE_LIMIT,
  METRIC_FEATURE_OBSERVATIONS,
  METRICS,
  OVERFLOW_VALUE,
} from '@statewatch/semconv';
import { reportOnce } from './diagnostics';

/**
 * Series budget of the drift metrics: bins per feature (the baseline builder makes 10 numeric
 * bins, or 20 categories + `__other__`) and baselines (monitors) per process. The SDK allocates
 * series lazily, so a generous limit costs nothing until it is used.
 */
export const DRIFT_BINS_PER_FEATURE = 64;
export const DRIFT_BASELINES_PER_PROCESS = 4;

/** The attribute the SDK puts on the one series that collects every series past its limit. */
const SDK_OVERFLOW_ATTRIBUTE = 'otel.metric.overflow';
/** The SDK's limit for an instrument no view or reader selector sets. */
const SDK_DEFAULT_LIMIT = 2000;

const ATTRIBUTE_BY_NAME = new Map(ATTRIBUTES.map((a) => [a.name, a]));

/** Distinct values one attribute can take (plus "absent"), from statewatch's own caps. */
function valuesOf(attribute: string, attributeValueLimit: number): number {
  if (attribute === ATTR_FEATURE_BIN) return DRIFT_BINS_PER_FEATURE;
  if (attribute === ATTR_FEATURE_BASELINE) return DRIFT_BASELINES_PER_PROCESS;
  const values = ATTRIBUTE_BY_NAME.get(attribute)?.values;
  if (values !== undefined) return values.length + 1;
  // User-controlled (capped): the admitted values, `__overflow__`, and absent.
  return attributeValueLimit + 2;
}

/**
 * The SDK cardinality limit of one statewatch metric: every series statewatch can publish under
 * its caps, plus the SDK's own overflow series (a limit of L keeps L - 1 series apart).
 */
export function statewatchSeriesLimit(
  metricName: string,
  attributeValueLimit = DEFAULT_ATTRIBUTE_VALUE_LIMIT,
): number {
  const definition = METRICS.find((m) => m.name === metricName);
  if (definition === undefined) return SDK_DEFAULT_LIMIT;
  let series = 1;
  for (const attribute of definition.attributes) series *= valuesOf(attribute, attributeValueLimit);
  return series + 1;
}

/**
 * One view per statewatch metric with an explicit cardinality limit sized from statewatch's caps,
 * so the SDK's default of 2,000 series per instrument never cuts a statewatch metric. statewatch's
 * own pipeline uses them; pass them to your own SDK: `new NodeSDK({ views: statewatchViews() })`.
 */
export function statewatchViews(options: { attributeValueLimit?: number } = {}): ViewOptions[] {
  const limit = options.attributeValueLimit ?? DEFAULT_ATTRIBUTE_VALUE_LIMIT;
  return METRICS.map((m) => ({
    instrumentName: m.name,
    aggregationCardinalityLimit: statewatchSeriesLimit(m.name, limit),
  }));
}

const USER_CONTROLLED = ATTRIBUTES.filter((a) => a.userControlled).map((a) => a.name);
const STATEWATCH_METRICS = new Set(METRICS.map((m) => m.name));

/**
 * Looks at one collection for caps that were hit and says so once each, naming the cap and how to
 * raise it: a statewatch name cap (`__overflow__` values) or an SDK cardinality limit (the
 * SDK's `otel.metric.overflow` series). Runs once per scrape or export, off the hot path.
 */
export function reportCapsHit(resourceMetrics: ResourceMetrics, attributeValueLimit: number): void {
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const name = metric.descriptor.name;
      for (const point of metric.dataPoints as Array<{ attributes: Attributes }>) {
        const attributes = point.attributes;
        if (attributes[SDK_OVERFLOW_ATTRIBUTE] === true) reportSdkLimit(name, attributeValueLimit);
        if (!STATEWATCH_METRICS.has(name)) continue;
        for (const attribute of USER_CONTROLLED) {
          if (attributes[attribute] === OVERFLOW_VALUE) reportNameCap(attribute, name, attributeValueLimit);
        }
      }
    }
  }
}

function reportSdkLimit(name: string, attributeValueLimit: number): void {
  const how = STATEWATCH_METRICS.has(name)
    ? `statewatch sized it for attributeValueLimit=${attributeValueLimit}` +
      (METRICS.find((m) => m.name === name)?.attributes.includes(ATTR_FEATURE_BIN)
        ? ` and ${DRIFT_BINS_PER_FEATURE} bins per feature`
        : '') +
      '; raise STATEWATCH_ATTRIBUTE_VALUE_LIMIT (or the attributeValueLimit option) to raise it'
    : 'it is not a statewatch metric: give it fewer distinct attribute sets';
  reportOnce(
    `sdk-limit:${name}`,
    `${name} reached the OpenTelemetry SDK's cardinality limit of ${statewatchSeriesLimit(name, attributeValueLimit)} series; ` +
      `further series are merged into one labelled ${SDK_OVERFLOW_ATTRIBUTE}=true. ${how}.`,
  );
}

/**
 * A lock or clone recorder of the pipeline reached a name cap (`reportCapsThrough`): the same
 * once-only line a collection showing `__overflow__` says, so the two never say it twice.
 */
export function reportRecorderCap(attribute: string, attributeValueLimit: number): void {
  reportNameCap(attribute, '', attributeValueLimit);
}

/** A FeatureDriftMonitor on the pipeline's MeterProvider hit its feature-name cap (`reportFeatureCapsThrough`). */
export function reportFeatureNameCap(): void {
  reportNameCap(ATTR_FEATURE_NAME, METRIC_FEATURE_OBSERVATIONS, DEFAULT_ATTRIBUTE_VALUE_LIMIT);
}

function reportNameCap(attribute: string, metricName: string, attributeValueLimit: number): void {
  const message = metricName.startsWith('statewatch.feature.')
    ? `more features than FeatureDriftMonitor's attributeValueLimit (default ${DEFAULT_ATTRIBUTE_VALUE_LIMIT}); the rest are recorded as ${attribute}="${OVERFLOW_VALUE}". To keep more apart, raise that option.`
    : `more than ${attributeValueLimit} distinct ${attribute} values; the rest are recorded as ${attribute}="${OVERFLOW_VALUE}". To keep more apart, raise STATEWATCH_ATTRIBUTE_VALUE_LIMIT (or the attributeValueLimit option).`;
  reportOnce(`name-cap:${attribute}`, message);
}
