// A deep copy of state that holds a used async-mutex Mutex, with every clone integration
// (CommonJS): the copy, deepStrictEqual against a fresh Mutex, and what each library throws.
// @expect-metrics clone_strategy="klona"
// @expect-metrics lock_kind="mutex"
'use strict';
const { Mutex } = require('async-mutex');
const { copiesOf, runUsedMutex } = require('./clone-body.part.cjs');

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
runUsedMutex({ Mutex, copies: copiesOf(modules) });
