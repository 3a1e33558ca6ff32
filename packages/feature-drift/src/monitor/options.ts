import type { MeterProvider } from '@opentelemetry/api';
import type { Baseline } from '../types';

export interface FeatureDriftMonitorOptions {
  /** The frozen baseline (from `loadBaseline` or `buildBaseline`). */
  baseline: Baseline;
  /**
   * Length of the sliding window, in ms or as `'15m'`, `'90s'`, `'1h'`.
   * @default '15m'
   */
  window?: number | string;
  /**
   * Sub-window buckets the window is made of (memory is `buckets × bins` counters a feature).
   * @default 15
   */
  buckets?: number;
  /** Meter provider to publish through. @default the global one (`metrics.getMeterProvider()`) */
  meterProvider?: MeterProvider;
  /**
   * Distinct `feature.name` values published; further features are published as `__overflow__`.
   * @default 200 (`DEFAULT_ATTRIBUTE_VALUE_LIMIT`)
   */
  attributeValueLimit?: number;
  /**
   * Where the monitor's diagnostics go (an unknown feature, once per name; a skipped record).
   * @default OpenTelemetry's `diag.warn`
   */
  onDiagnostic?: (message: string) => void;
  /**
   * Bins a feature publishes with their PSI contribution and shares (the top contributors of the
   * window); 0 publishes none. Features past `attributeValueLimit` publish none.
   * @default 3
   */
  topBins?: number;
  /** Clock in ms (tests pass a fake one). @default Date.now */
  now?: () => number;
}

export const DEFAULT_WINDOW = '15m';
export const DEFAULT_BUCKETS = 15;
export const DEFAULT_TOP_BINS = 3;
/** Records of `observe(record)` whose every key is checked against the baseline… */
export const UNKNOWN_KEY_CHECK_FIRST = 1000;
/** …and after those, one record in this many (checking every record would double its cost). */
export const UNKNOWN_KEY_CHECK_EVERY = 1024;
