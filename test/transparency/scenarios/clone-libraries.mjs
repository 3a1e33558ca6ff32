// Every clone integration, imported by bare name and deep import (ESM), through the shared body.
// @expect-metrics clone_strategy="klona"
// @expect-metrics clone_strategy="rfdc"
// @expect-metrics clone_strategy="lodash"
// @expect-metrics clone_strategy="fast_copy"
// @expect-metrics clone_strategy="clone"
// @expect-metrics clone_strategy="ungap_structured_clone"
// @expect-metrics clone_strategy="structured_clone"
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
await body.run({
  copies: body.copiesOf(modules),
  exports: { klona, 'klona/full': klonaFull, 'fast-copy': fastCopy },
});
