import type { Gate } from '../measure';
import type { LibraryIntegration } from './integration';
import type { EntryPatch } from './integration';
import { exportMethods, functionExport, namedExports } from './patches';

/**
 * lodash 4: `_.cloneDeep` on the main export (the `_` function; from ESM the namespace's
 * `default`), and `lodash/cloneDeep.js`, whose export is the function itself.
 */
export function lodash(gate: Gate): LibraryIntegration {
  const main = exportMethods('lodash', gate, ['cloneDeep']);
  return {
    library: 'lodash',
    strategy: 'lodash',
    measures: '`_.cloneDeep`, `lodash/cloneDeep`',
    versions: ['>=4 <5'],
    main,
    files: [
      { file: 'lodash/lodash.js', entry: main },
      { file: 'lodash/cloneDeep.js', entry: functionExport('lodash', gate, false) },
    ],
  };
}

/**
 * lodash.clonedeep 4.3+ (4.0 depends on packages that no longer exist): the module export is
 * `cloneDeep` (recorded as strategy `lodash`).
 */
export function lodashClonedeep(gate: Gate): LibraryIntegration {
  const entry = functionExport('lodash', gate, false);
  return {
    library: 'lodash.clonedeep',
    strategy: 'lodash',
    measures: 'the module export',
    versions: ['>=4.3.0 <5'],
    main: entry,
    files: [{ file: 'lodash.clonedeep/index.js', entry }],
  };
}

/**
 * lodash-es 4.14+ (ESM only; 4.0-4.13 import some of their files without an extension, which Node
 * cannot load): the named export `cloneDeep` and `_.cloneDeep` on the default export
 * (the same function), and `lodash-es/cloneDeep.js`.
 */
export function lodashEs(gate: Gate): LibraryIntegration {
  const main = both(
    namedExports('lodash', gate, ['cloneDeep']),
    exportMethods('lodash', gate, ['cloneDeep']),
  );
  return {
    library: 'lodash-es',
    strategy: 'lodash',
    measures: '`cloneDeep` (named and on the default export), `lodash-es/cloneDeep.js`',
    versions: ['>=4.14.0 <5'],
    main,
    files: [
      { file: 'lodash-es/lodash.js', entry: main },
      { file: 'lodash-es/cloneDeep.js', entry: functionExport('lodash', gate, false) },
    ],
  };
}

/** Two patches of one entry, applied together (their members all checked first). */
function both(a: EntryPatch, b: EntryPatch): EntryPatch {
  return {
    members: [...a.members, ...b.members],
    patch: (moduleExports) => b.patch(a.patch(moduleExports)),
    unpatch: (moduleExports) => {
      a.unpatch(moduleExports);
      b.unpatch(moduleExports);
    },
  };
}
