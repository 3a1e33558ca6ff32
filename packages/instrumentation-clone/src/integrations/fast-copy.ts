import type { Gate } from '../measure';
import type { LibraryIntegration } from './integration';
import { namedExports } from './patches';

const MEASURES =
  '`copy` (v3: the default export), `copyStrict`, copiers from `createCopier` (v3: and `createStrictCopier`)';

const entryFiles = (directories: readonly string[], entry: LibraryIntegration['main']) =>
  directories.map((file) => ({ file: `fast-copy/dist/${file}`, entry }));

/** fast-copy 3: `copy` is the default export; `copyStrict` and the copier factories by name. */
export function fastCopy3(gate: Gate): LibraryIntegration {
  const entry = namedExports(
    'fast_copy',
    gate,
    ['default', 'copyStrict'],
    ['createCopier', 'createStrictCopier'],
  );
  return {
    library: 'fast-copy',
    strategy: 'fast_copy',
    measures: MEASURES,
    versions: ['>=3 <4'],
    main: entry,
    files: entryFiles(['cjs/index.cjs', 'esm/index.mjs', 'umd/index.js'], entry),
  };
}

/** fast-copy 4: `copy`, `copyStrict` and the factory `createCopier`, all by name. */
export function fastCopy4(gate: Gate): LibraryIntegration {
  const entry = namedExports('fast_copy', gate, ['copy', 'copyStrict'], ['createCopier']);
  return {
    library: 'fast-copy',
    strategy: 'fast_copy',
    measures: MEASURES,
    versions: ['>=4 <5'],
    main: entry,
    files: entryFiles(['cjs/index.cjs', 'es/index.mjs', 'umd/index.js'], entry),
  };
}
