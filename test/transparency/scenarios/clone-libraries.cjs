// Every clone integration, required by bare name and deep import (CommonJS), through the shared
// body: results, thrown values, own keys, getter/trap/size/Math.random counts.
// @expect-metrics clone_strategy="klona"
// @expect-metrics clone_strategy="rfdc"
// @expect-metrics clone_strategy="lodash"
// @expect-metrics clone_strategy="fast_copy"
// @expect-metrics clone_strategy="clone"
// @expect-metrics clone_strategy="ungap_structured_clone"
// @expect-metrics clone_strategy="structured_clone"
'use strict';
const { copiesOf, run } = require('./clone-body.part.cjs');

const modules = {
  rfdc: require('rfdc'),
  rfdcDefault: require('rfdc/default'),
  klona: require('klona'),
  klonaFull: require('klona/full'),
  klonaJson: require('klona/json'),
  klonaLite: require('klona/lite'),
  lodash: require('lodash'),
  lodashCloneDeep: require('lodash/cloneDeep'),
  lodashClonedeep: require('lodash.clonedeep'),
  fastCopy: require('fast-copy'),
  clone: require('clone'),
  ungap: require('@ungap/structured-clone'),
};
run({
  copies: copiesOf(modules),
  exports: { klona: modules.klona, 'klona/full': modules.klonaFull, 'fast-copy': modules.fastCopy },
});
