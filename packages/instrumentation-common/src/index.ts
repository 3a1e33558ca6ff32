export {
  HotPathRecorder,
  HistogramHandle,
  SumHandle,
  GaugeHandle,
  DEFAULT_HISTOGRAM_BUFFER_SIZE,
  reportCapsThrough,
} from './recorder';
export type { CapReport, HotPathRecorderOptions } from './recorder';
export { HistogramSeries, SumSeries, GaugeSeries, LocalHistogram } from './series';
export { StatewatchMetricProducer, metricProducersOf, statewatchMetricProducer } from './producer';
export type { MetricProducerSource } from './producer';
export type { MetricProducer } from '@opentelemetry/sdk-metrics';
export { reportError } from './report';
export { SplitMix32, TimingSampler, addWeighted, geometric, recordWeighted } from './sampling';
export {
  OVERHEAD_BUDGET_VARIABLE,
  DEFAULT_OVERHEAD_BUDGET,
  defaultSamplingPolicy,
  parseOverheadBudget,
  resolveSamplingPolicy,
} from './sampling-budget';
export type { OverheadBudget, SamplingOptions, SamplingPolicy } from './sampling-budget';
