import type { Gate } from '../measure';
import type { LibraryIntegration } from './integration';
import { exportMethods, functionExport } from './patches';

/**
 * lodash 4: `_.cloneDeep` on the main export (the `_` function; from ESM the namespace's
 * `default`), and `lodash/cloneDeep.js`, whose export is the function itself.
 */
export function lodash(gate: Gate): LibraryIntegration {
  const main = exportMethods('lodash', gate, ['cloneDeep']);
  return {
    library: 'lodash',
    versions: ['>=4 <5'],
    main,
    files: [
      { file: 'lodash/lodash.js', entry: main },
      { file: 'lodash/cloneDeep.js', entry: functionExport('lodash', gate, false) },
    ],
  };
}

/** lodash.clonedeep 4: the module export is `cloneDeep` (recorded as strategy `lodash`). */
export function lodashClonedeep(gate: Gate): LibraryIntegration {
  const entry = functionExport('lodash', gate, false);
  return {
    library: 'lodash.clonedeep',
    versions: ['>=4 <5'],
    main: entry,
    files: [{ file: 'lodash.clonedeep/index.js', entry }],
  };
}
