// async-mutex through import (its index.mjs): every observable of lock-async-mutex.part.cjs.
// @expect-metrics lock_kind="mutex"
// @expect-metrics lock_kind="semaphore"
// @expect-metrics lock_outcome="timeout"
// @expect-metrics lock_outcome="rejected"
// @expect-metrics lock_outcome="canceled"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import * as am from 'async-mutex';
import lodash from 'lodash';
import { klona } from 'klona/full';
import { copy } from 'fast-copy';
import rfdc from 'rfdc';
import observeAsyncMutex from './lock-async-mutex.part.cjs';

await observeAsyncMutex(am, {
  structuredClone: (v) => structuredClone(v),
  'lodash cloneDeep': lodash.cloneDeep,
  'klona/full': klona,
  'fast-copy': copy,
  rfdc: rfdc(),
});
