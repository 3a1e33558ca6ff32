import { type OverheadBudget, parseOverheadBudget } from '@statewatch/instrumentation-common';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT } from '@statewatch/semconv';
import { checkHost, checkHttpUrl, ConfigError, type Env, readInteger, readList } from './env-values';
import { DEFAULTS, type ExporterName, type ResolvedOptions, type StatewatchOptions } from './options';

export { ConfigError } from './env-values';

/** Every STATEWATCH_* variable, with what it sets (README repeats this table). */
export const STATEWATCH_VARIABLES = {
  STATEWATCH_PROMETHEUS_HOST: 'interface of the embedded /metrics endpoint (default 127.0.0.1)',
  STATEWATCH_PROMETHEUS_PORT: 'port of the embedded /metrics endpoint (default 9464)',
  STATEWATCH_PROMETHEUS_ENDPOINT: 'path of the embedded endpoint (default /metrics)',
  STATEWATCH_DISABLED_INSTRUMENTATIONS: 'comma-separated: gc, lock, clone (default none)',
  STATEWATCH_ATTRIBUTE_VALUE_LIMIT: `distinct values per user-controlled attribute (default ${DEFAULT_ATTRIBUTE_VALUE_LIMIT})`,
  STATEWATCH_OVERHEAD_BUDGET:
    'share of one core a hot site may spend timing its calls before durations are sampled 1 in k: a fraction in (0, 1] or exact (default 0.01)',
} as const;

const EXPORTERS: readonly ExporterName[] = ['prometheus', 'otlp', 'console', 'none'];
const INSTRUMENTATION_KEYS = ['gc', 'lock', 'clone'] as const;
const DEFAULT_OTLP_BASE = 'http://localhost:4318/';
const DEFAULT_OTLP_TIMEOUT_MILLIS = 10_000;

/**
 * Options from code win; the environment fills the rest; then the defaults.
 * Throws a ConfigError naming the first bad variable; `problems` gets the rest (unknown names).
 */
export function resolveOptions(
  options: StatewatchOptions = {},
  env: Env = process.env,
  problems: string[] = [],
): ResolvedOptions {
  for (const name of Object.keys(env)) {
    if (name.startsWith('STATEWATCH_') && !(name in STATEWATCH_VARIABLES)) {
      problems.push(`unknown variable ${name} (known: ${Object.keys(STATEWATCH_VARIABLES).join(', ')})`);
    }
  }

  const exporters = (options.exporters ?? exportersFromEnv(env) ?? DEFAULTS.exporters).filter(
    (e) => e !== 'none',
  );

  const disabled = readList(env, 'STATEWATCH_DISABLED_INSTRUMENTATIONS') ?? [];
  for (const d of disabled) {
    if (!(INSTRUMENTATION_KEYS as readonly string[]).includes(d)) {
      throw new ConfigError(
        'STATEWATCH_DISABLED_INSTRUMENTATIONS',
        env.STATEWATCH_DISABLED_INSTRUMENTATIONS!,
        `unknown instrumentation '${d}' (use ${INSTRUMENTATION_KEYS.join(', ')})`,
      );
    }
  }
  const instrumentations = { ...options.instrumentations };
  for (const key of INSTRUMENTATION_KEYS) if (disabled.includes(key)) instrumentations[key] = false;

  const endpoint = options.prometheus?.endpoint ?? nonEmpty(env.STATEWATCH_PROMETHEUS_ENDPOINT);
  if (endpoint !== undefined && !endpoint.startsWith('/')) {
    const variable = options.prometheus?.endpoint ? 'prometheus.endpoint' : 'STATEWATCH_PROMETHEUS_ENDPOINT';
    throw new ConfigError(variable, endpoint, "must start with '/'");
  }
  const hostOption = options.prometheus?.host;
  const hostEnv = nonEmpty(env.STATEWATCH_PROMETHEUS_HOST);
  const host =
    hostOption !== undefined
      ? checkHost('prometheus.host', hostOption)
      : hostEnv !== undefined
        ? checkHost('STATEWATCH_PROMETHEUS_HOST', hostEnv)
        : DEFAULTS.prometheus.host;

  const exportIntervalMillis =
    options.otlp?.exportIntervalMillis ??
    readInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL', 1, 86_400_000) ??
    DEFAULTS.exportIntervalMillis;

  return {
    serviceName: options.serviceName,
    exporters,
    prometheus: {
      host,
      port:
        options.prometheus?.port ??
        readInteger(env, 'STATEWATCH_PROMETHEUS_PORT', 0, 65535) ??
        DEFAULTS.prometheus.port,
      endpoint: endpoint ?? DEFAULTS.prometheus.endpoint,
    },
    otlp: {
      // Checked only when used: an app may set these variables for another SDK's traces.
      url: exporters.includes('otlp') ? otlpMetricsUrl(options.otlp?.url, env) : undefined,
      exportIntervalMillis,
      timeoutMillis: exporters.includes('otlp') ? otlpTimeout(env) : DEFAULT_OTLP_TIMEOUT_MILLIS,
    },
    instrumentations,
    attributeValueLimit:
      options.attributeValueLimit ??
      readInteger(env, 'STATEWATCH_ATTRIBUTE_VALUE_LIMIT', 1, 1_000_000) ??
      DEFAULT_ATTRIBUTE_VALUE_LIMIT,
    overheadBudget: overheadBudget(options.overheadBudget, env),
    resourceAttributes: options.resourceAttributes ?? {},
  };
}

/**
 * The `overheadBudget` option, else STATEWATCH_OVERHEAD_BUDGET (a fraction in (0, 1] or
 * `exact`), else 0.01. Read here, not left to the instrumentations, so a bad value stops start-up
 * with a ConfigError instead of a diagnostic and the default.
 */
function overheadBudget(option: OverheadBudget | undefined, env: Env): OverheadBudget {
  if (option !== undefined) {
    if (option === 'exact' || (typeof option === 'number' && option > 0 && option <= 1)) return option;
    throw new ConfigError('overheadBudget', String(option), OVERHEAD_BUDGET_EXPECTED);
  }
  const value = env.STATEWATCH_OVERHEAD_BUDGET;
  try {
    return parseOverheadBudget(value);
  } catch {
    throw new ConfigError('STATEWATCH_OVERHEAD_BUDGET', value!, OVERHEAD_BUDGET_EXPECTED);
  }
}

const OVERHEAD_BUDGET_EXPECTED = 'expected a fraction of one core in (0, 1] (e.g. 0.01) or exact';

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** OTEL_METRICS_EXPORTER; an empty list is unset (the spec), so the default applies. */
function exportersFromEnv(env: Env): ExporterName[] | undefined {
  const names = readList(env, 'OTEL_METRICS_EXPORTER');
  for (const n of names ?? []) {
    if (!EXPORTERS.includes(n as ExporterName)) {
      throw new ConfigError(
        'OTEL_METRICS_EXPORTER',
        env.OTEL_METRICS_EXPORTER!,
        `unknown exporter '${n}' (use ${EXPORTERS.join(', ')})`,
      );
    }
  }
  return names as ExporterName[] | undefined;
}

/**
 * The OTLP/HTTP metrics URL: the `otlp.url` option, else OTEL_EXPORTER_OTLP_METRICS_ENDPOINT as
 * is, else OTEL_EXPORTER_OTLP_ENDPOINT + `v1/metrics`, else localhost:4318. A bad value is a
 * ConfigError naming where it came from, never a silent fallback to the default.
 */
function otlpMetricsUrl(option: string | undefined, env: Env): string {
  if (option !== undefined) return checkHttpUrl('otlp.url', option).href;
  const signal = nonEmpty(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  if (signal !== undefined) return checkHttpUrl('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', signal).href;
  const baseValue = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const base =
    baseValue === undefined
      ? new URL(DEFAULT_OTLP_BASE)
      : checkHttpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', baseValue);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL('v1/metrics', base).href;
}

function otlpTimeout(env: Env): number {
  return (
    readInteger(env, 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', 1, 86_400_000) ??
    readInteger(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 1, 86_400_000) ??
    DEFAULT_OTLP_TIMEOUT_MILLIS
  );
}
