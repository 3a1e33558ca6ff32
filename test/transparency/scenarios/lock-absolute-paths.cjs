// async-mutex required by absolute path (CommonJS): every observable of lock-async-mutex.part.cjs.
// @expect-metrics lock_kind="mutex"
// @expect-metrics lock_kind="semaphore"
// @expect-metrics lock_outcome="timeout"
// @expect-metrics lock_outcome="rejected"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
const copiers = {
  structuredClone: (v) => structuredClone(v),
  'lodash cloneDeep': require('lodash').cloneDeep,
  'klona/full': require('klona/full').klona,
  'fast-copy': require('fast-copy').copy,
  rfdc: require('rfdc')(),
};
require('./lock-async-mutex.part.cjs')(require(require.resolve('async-mutex')), copiers);
