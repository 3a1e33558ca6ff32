export {
  HotPathRecorder,
  HistogramHandle,
  SumHandle,
  GaugeHandle,
  DEFAULT_HISTOGRAM_BUFFER_SIZE,
} from './recorder';
export type { HotPathRecorderOptions } from './recorder';
export { HistogramSeries, SumSeries, GaugeSeries } from './series';
export { reportError } from './report';
