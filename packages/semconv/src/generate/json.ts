import { ATTRIBUTES } from '../attributes';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT, OVERFLOW_VALUE } from '../cardinality';
import { METRICS } from '../metrics';
import { toPrometheusLabel } from '../prometheus';

/** The registry as JSON, read by the Go processor's tests and by the dashboards. */
export function renderRegistryJson(): string {
  const registry = {
    $comment: 'Generated from packages/semconv by `npm run generate`. Do not edit.',
    overflowValue: OVERFLOW_VALUE,
    defaultAttributeValueLimit: DEFAULT_ATTRIBUTE_VALUE_LIMIT,
    attributes: ATTRIBUTES.map((a) => ({ ...a, prometheusLabel: toPrometheusLabel(a.name) })),
    metrics: METRICS,
  };
  return JSON.stringify(registry, null, 2) + '\n';
}
