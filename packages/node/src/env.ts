import { DEFAULT_ATTRIBUTE_VALUE_LIMIT } from '@statewatch/semconv';
import { DEFAULTS, type ExporterName, type ResolvedOptions, type StatewatchOptions } from './options';

/** One problem with the configuration, naming the variable (or option) and the value. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
    reason: string,
  ) {
    super(`${variable}=${JSON.stringify(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Every STATEWATCH_* variable, with what it sets (README repeats this table). */
export const STATEWATCH_VARIABLES = {
  STATEWATCH_PROMETHEUS_HOST: 'interface of the embedded /metrics endpoint (default 127.0.0.1)',
  STATEWATCH_PROMETHEUS_PORT: 'port of the embedded /metrics endpoint (default 9464)',
  STATEWATCH_PROMETHEUS_ENDPOINT: 'path of the embedded endpoint (default /metrics)',
  STATEWATCH_DISABLED_INSTRUMENTATIONS: 'comma-separated: gc, lock, clone (default none)',
  STATEWATCH_ATTRIBUTE_VALUE_LIMIT: `distinct values per user-controlled attribute (default ${DEFAULT_ATTRIBUTE_VALUE_LIMIT})`,
} as const;

const EXPORTERS: readonly ExporterName[] = ['prometheus', 'otlp', 'console', 'none'];
const INSTRUMENTATION_KEYS = ['gc', 'lock', 'clone'] as const;

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, raw, `expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

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

  let exporters = options.exporters;
  if (!exporters && env.OTEL_METRICS_EXPORTER) {
    const names = list(env.OTEL_METRICS_EXPORTER);
    for (const n of names) {
      if (!EXPORTERS.includes(n as ExporterName)) {
        throw new ConfigError(
          'OTEL_METRICS_EXPORTER',
          env.OTEL_METRICS_EXPORTER,
          `unknown exporter '${n}' (use ${EXPORTERS.join(', ')})`,
        );
      }
    }
    exporters = names as ExporterName[];
  }
  exporters = (exporters ?? DEFAULTS.exporters).filter((e) => e !== 'none');

  const disabled = list(env.STATEWATCH_DISABLED_INSTRUMENTATIONS);
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

  const endpoint =
    options.prometheus?.endpoint ?? env.STATEWATCH_PROMETHEUS_ENDPOINT ?? DEFAULTS.prometheus.endpoint;
  if (!endpoint.startsWith('/'))
    throw new ConfigError('STATEWATCH_PROMETHEUS_ENDPOINT', endpoint, "must start with '/'");

  return {
    serviceName: options.serviceName,
    exporters,
    prometheus: {
      host: options.prometheus?.host ?? (env.STATEWATCH_PROMETHEUS_HOST || DEFAULTS.prometheus.host),
      port:
        options.prometheus?.port ??
        integer(env, 'STATEWATCH_PROMETHEUS_PORT', 0, 65535) ??
        DEFAULTS.prometheus.port,
      endpoint,
    },
    otlp: {
      url: options.otlp?.url,
      exportIntervalMillis:
        options.otlp?.exportIntervalMillis ??
        integer(env, 'OTEL_METRIC_EXPORT_INTERVAL', 1, 86_400_000) ??
        DEFAULTS.exportIntervalMillis,
    },
    instrumentations,
    attributeValueLimit:
      options.attributeValueLimit ??
      integer(env, 'STATEWATCH_ATTRIBUTE_VALUE_LIMIT', 1, 1_000_000) ??
      DEFAULT_ATTRIBUTE_VALUE_LIMIT,
    resourceAttributes: options.resourceAttributes ?? {},
  };
}
