export { startStatewatch, statewatchMeterProvider, type StatewatchHandle } from './start';
export { getStatewatchInstrumentations, type GetInstrumentationsConfig } from './instrumentations';
export { registerStatewatchMetrics, type PromClientRegistry } from './prom-client';
export { StatewatchPrometheusReader, type PrometheusReaderOptions } from './prometheus-reader';
export { resolveOptions, ConfigError, STATEWATCH_VARIABLES } from './env';
export { statewatchViews, statewatchSeriesLimit } from './cardinality';
export type {
  ExporterName,
  InstrumentationsOptions,
  OtlpOptions,
  PrometheusOptions,
  ResolvedOptions,
  StatewatchOptions,
} from './options';
