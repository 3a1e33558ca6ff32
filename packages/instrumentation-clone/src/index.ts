export { CloneInstrumentation } from './instrumentation';
export type { CloneInstrumentationConfig } from './types';
export {
  measureClone,
  cloneMap,
  cloneSet,
  spreadObject,
  spreadArray,
  jsonClone,
  measuredStructuredClone,
  v8Clone,
} from './manual';
export type { MeasureOptions } from './manual';
export { detectSource, countEntries, sourceIndex } from './source';
export { estimateSize, DEFAULT_SIZE_BUDGET } from './size';
export { DEFAULT_SIZE_SAMPLE_RATE } from './recording';
export { SUPPORTED_VERSIONS } from './libraries';
export { PACKAGE_NAME, PACKAGE_VERSION } from './names';
