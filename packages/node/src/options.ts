import type { Attributes } from '@opentelemetry/api';
import type { CloneInstrumentationConfig } from '@statewatch/instrumentation-clone';
import type { OverheadBudget } from '@statewatch/instrumentation-common';
import type { GcInstrumentationConfig } from '@statewatch/instrumentation-gc';
import type { LockInstrumentationConfig } from '@statewatch/instrumentation-lock';

/** Where statewatch sends metrics. `prometheus` is the embedded endpoint (the default). */
export type ExporterName = 'prometheus' | 'otlp' | 'console' | 'none';

export interface PrometheusOptions {
  /** Interface the endpoint listens on. @default '127.0.0.1' (loopback: nothing is exposed by accident) */
  host?: string;
  /** @default 9464 */
  port?: number;
  /** @default '/metrics' */
  endpoint?: string;
}

export interface OtlpOptions {
  /**
   * Full metrics URL; else `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` as is, else
   * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/metrics`, else `http://localhost:4318/v1/metrics`.
   */
  url?: string;
  /** @default OTEL_METRIC_EXPORT_INTERVAL, else 60000 */
  exportIntervalMillis?: number;
}

/** Per-instrumentation config, or `false` to leave it out. */
export interface InstrumentationsOptions {
  gc?: GcInstrumentationConfig | false;
  lock?: LockInstrumentationConfig | false;
  clone?: CloneInstrumentationConfig | false;
}

export interface StatewatchOptions {
  /** @default OTEL_SERVICE_NAME, else the SDK's `unknown_service:node` */
  serviceName?: string;
  /** @default OTEL_METRICS_EXPORTER (comma-separated), else ['prometheus'] */
  exporters?: ExporterName[];
  prometheus?: PrometheusOptions;
  otlp?: OtlpOptions;
  instrumentations?: InstrumentationsOptions;
  /** Cap on distinct values of each user-controlled attribute. @default 200 */
  attributeValueLimit?: number;
  /**
   * What one hot site (a clone strategy at one `clone.site`, one lock) may spend timing its
   * calls, as a fraction of one CPU core, before its durations are sampled 1 in k (counts stay
   * exact); `'exact'` times every call. Given to the clone and lock instrumentations; their
   * own `overheadBudget` wins.
   * @default STATEWATCH_OVERHEAD_BUDGET, else 0.01
   */
  overheadBudget?: OverheadBudget;
  /** Extra resource attributes (OTEL_RESOURCE_ATTRIBUTES is read as well). */
  resourceAttributes?: Attributes;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  serviceName?: string;
  exporters: ExporterName[];
  prometheus: Required<PrometheusOptions>;
  /** `url`: the resolved OTLP/HTTP metrics URL, set when the otlp exporter is chosen. */
  otlp: { url?: string; exportIntervalMillis: number; timeoutMillis: number };
  instrumentations: InstrumentationsOptions;
  attributeValueLimit: number;
  overheadBudget: OverheadBudget;
  resourceAttributes: Attributes;
}

export const DEFAULTS = {
  exporters: ['prometheus'] as ExporterName[],
  prometheus: { host: '127.0.0.1', port: 9464, endpoint: '/metrics' },
  exportIntervalMillis: 60_000,
};
