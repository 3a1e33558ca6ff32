// A deep copy of state that holds a used async-mutex Mutex, with every clone integration (ESM).
// @expect-metrics clone_strategy="klona"
// @expect-metrics lock_kind="mutex"
import { Mutex } from 'async-mutex';
import rfdc from 'rfdc';
import rfdcDefault from 'rfdc/default';
import * as klona from 'klona';
import * as klonaFull from 'klona/full';
import * as klonaJson from 'klona/json';
import * as klonaLite from 'klona/lite';
import lodash from 'lodash';
import lodashCloneDeep from 'lodash/cloneDeep.js';
import lodashClonedeep from 'lodash.clonedeep';
import * as fastCopy from 'fast-copy';
import clone from 'clone';
import * as ungap from '@ungap/structured-clone';
import * as lodashEs from 'lodash-es';
import body from './clone-body.part.cjs';

const modules = {
  rfdc,
  rfdcDefault,
  klona,
  klonaFull,
  klonaJson,
  klonaLite,
  lodash,
  lodashCloneDeep,
  lodashClonedeep,
  fastCopy,
  clone,
  ungap,
  lodashEs,
};
await body.runUsedMutex({ Mutex, copies: body.copiesOf(modules) });
