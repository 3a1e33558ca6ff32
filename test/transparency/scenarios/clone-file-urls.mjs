// Every clone integration imported by file:// URL, the way vitest loads externalized packages
// (the loader hook then sees each package's entry file, not its name), through the shared body.
// @expect-metrics clone_strategy="klona"
// @expect-metrics clone_strategy="rfdc"
// @expect-metrics clone_strategy="lodash"
// @expect-metrics clone_strategy="fast_copy"
// @expect-metrics clone_strategy="clone"
// @expect-metrics clone_strategy="ungap_structured_clone"
import body from './clone-body.part.cjs';

const load = (specifier) => import(import.meta.resolve(specifier));
const [
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
] = await Promise.all(
  [
    'rfdc',
    'rfdc/default',
    'klona',
    'klona/full',
    'klona/json',
    'klona/lite',
    'lodash',
    'lodash/cloneDeep.js',
    'lodash.clonedeep',
    'fast-copy',
    'clone',
    '@ungap/structured-clone',
    'lodash-es',
  ].map(load),
);
const modules = {
  rfdc: rfdc.default,
  rfdcDefault: rfdcDefault.default,
  klona,
  klonaFull,
  klonaJson,
  klonaLite,
  lodash: lodash.default,
  lodashCloneDeep: lodashCloneDeep.default,
  lodashClonedeep: lodashClonedeep.default,
  fastCopy,
  clone: clone.default,
  ungap,
  lodashEs,
};
await body.run({ copies: body.copiesOf(modules), exports: { klona, 'fast-copy': fastCopy } });
