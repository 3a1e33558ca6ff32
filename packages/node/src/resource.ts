import { randomUUID } from 'node:crypto';
import type { Attributes } from '@opentelemetry/api';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

// Not yet stable in semantic-conventions; the collector's prometheus exporter maps it to `instance`.
const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';

/** The SDK's defaults, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, code options on top, and a unique instance id. */
export function buildResource(serviceName: string | undefined, extra: Attributes): Resource {
  const fromEnv = detectResources({ detectors: [envDetector] });
  const own: Attributes = { ...extra };
  if (serviceName) own[ATTR_SERVICE_NAME] = serviceName;
  if (
    fromEnv.attributes[ATTR_SERVICE_INSTANCE_ID] === undefined &&
    own[ATTR_SERVICE_INSTANCE_ID] === undefined
  ) {
    own[ATTR_SERVICE_INSTANCE_ID] = randomUUID();
  }
  return defaultResource().merge(fromEnv).merge(resourceFromAttributes(own));
}
