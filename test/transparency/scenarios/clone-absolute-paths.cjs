// Every clone integration required by absolute path (CommonJS), through the shared body.
// @expect-metrics clone_strategy="klona"
// @expect-metrics clone_strategy="rfdc"
// @expect-metrics clone_strategy="lodash"
// @expect-metrics clone_strategy="fast_copy"
// @expect-metrics clone_strategy="clone"
// @expect-metrics clone_strategy="ungap_structured_clone"
'use strict';
const { copiesOf, run } = require('./clone-body.part.cjs');

const load = (specifier) => require(require.resolve(specifier));
const modules = {
  rfdc: load('rfdc'),
  rfdcDefault: load('rfdc/default'),
  klona: load('klona'),
  klonaFull: load('klona/full'),
  klonaJson: load('klona/json'),
  klonaLite: load('klona/lite'),
  lodash: load('lodash'),
  lodashCloneDeep: load('lodash/cloneDeep'),
  lodashClonedeep: load('lodash.clonedeep'),
  fastCopy: load('fast-copy'),
  clone: load('clone'),
  ungap: load('@ungap/structured-clone'),
};
run({ copies: copiesOf(modules), exports: { klona: modules.klona, 'fast-copy': modules.fastCopy } });
