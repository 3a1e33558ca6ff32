export {
  HotPathRecorder,
  HistogramHandle,
  SumHandle,
  GaugeHandle,
  DEFAULT_HISTOGRAM_BUFFER_SIZE,
} from './recorder';
export type { HotPathRecorderOptions } from './recorder';
export { HistogramSeries, SumSeries, GaugeSeries, LocalHistogram } from './series';
export { statewatchMetricProducer, StatewatchMetricProducer } from './producer';
export { reportError } from './report';
