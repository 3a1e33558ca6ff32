import type { Gate } from '../measure';
import type { LibraryIntegration } from './integration';
import { namedExports } from './patches';

/**
 * @ungap/structured-clone 1: its default export (CommonJS `exports.default`, ESM `default`).
 * Where Node has a native `structuredClone` it calls that one, except with its `json` or `lossy`
 * options; that inner call is part of this copy and is not recorded a second time.
 * `serialize`/`deserialize` and the `/json` entry (`parse`, `stringify`) are serialization, not
 * copies, and are not patched.
 */
export function ungapStructuredClone(gate: Gate): LibraryIntegration {
  const entry = namedExports('ungap_structured_clone', gate, ['default']);
  return {
    library: '@ungap/structured-clone',
    strategy: 'ungap_structured_clone',
    measures:
      'the default export, also with `json`/`lossy` (its inner native `structuredClone` is not recorded again)',
    versions: ['>=1 <2'],
    main: entry,
    files: [
      { file: '@ungap/structured-clone/cjs/index.js', entry },
      { file: '@ungap/structured-clone/esm/index.js', entry },
    ],
  };
}
