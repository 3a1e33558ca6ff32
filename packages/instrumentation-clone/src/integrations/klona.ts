import type { Gate } from '../measure';
import type { LibraryIntegration } from './integration';
import { namedExports } from './patches';

/** klona 2: `klona` exported by name from the main entry and from `klona/full`, `/json`, `/lite`. */
export function klona(gate: Gate): LibraryIntegration {
  const entry = namedExports('klona', gate, ['klona']);
  const entryFiles = ['dist/index', 'full/index', 'json/index', 'lite/index'].flatMap((base) =>
    ['js', 'mjs'].map((extension) => ({ file: `klona/${base}.${extension}`, entry })),
  );
  return {
    library: 'klona',
    strategy: 'klona',
    measures: '`klona` of `klona`, `klona/full`, `klona/json`, `klona/lite`',
    versions: ['>=2 <3'],
    main: entry,
    files: entryFiles,
  };
}
