export * from './types';
export { numericBin, categoricalBin, categoryOf, binLabels, MISSING_BIN } from './math/binning';
export {
  psi,
  psiContributions,
  psiCritical,
  chiSquare99,
  smoothedProportions,
  verdict,
  SMOOTHING_ALPHA,
  Z_99,
  PSI_WARN_LEVEL,
  PSI_DRIFT_LEVEL,
} from './math/psi';
export {
  betaBinomialUpperQuantile,
  hasNewValues,
  unseenCritical,
  unseenOpenEnds,
  unseenReferenceShare,
  TRUNCATED_REFERENCE_WEIGHT,
  UNSEEN_EXACT_WINDOW_LIMIT,
  UNSEEN_FALSE_ALARM,
} from './math/unseen';
export {
  topContributions,
  unseenSignal,
  type BinContribution,
  type UnseenReference,
  type UnseenSignal,
} from './math/signals';
export { quantileEdges } from './baseline/edges';
/** Seeded samplers: reproducible data for tests, benchmarks and the demo's example inputs. */
export { seededRandom, normalSampler, categoricalSampler } from './random';
export { canonicalJson, baselineId } from './baseline/id';
export {
  BaselineBuilder,
  buildBaseline,
  DEFAULT_BINS,
  DEFAULT_MAX_CATEGORIES,
  DEFAULT_TOP_CATEGORIES,
  type SketchedFeature,
} from './baseline/build';
export { SpaceSaving } from './baseline/heavy-hitters';
export { BaselineError, loadBaseline, validateBaseline } from './baseline/validate';
export { FeatureDriftMonitor, type FeatureHandle, type FeatureWindowState } from './monitor/monitor';
export type { FeatureDriftMonitorOptions } from './monitor/options';
export { reportFeatureCapsThrough } from './monitor/cap-report';
export { DEFAULT_WINDOW, DEFAULT_BUCKETS, DEFAULT_TOP_BINS } from './monitor/options';
export { parseDuration } from './monitor/duration';
export { compareFeature, DriftCheck, type BinComparison, type FeatureComparison } from './report/check';
