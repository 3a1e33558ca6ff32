import type { Gate } from '../measure';
import type { LibraryIntegration } from './integration';
import { functionExport } from './patches';

/**
 * clone 1 and 2: the module export is `clone(value, circular, depth, prototype,
 * includeNonEnumerable)`; every argument reaches it unchanged. Its statics (`clonePrototype`, …)
 * stay on the wrapper, unmeasured.
 */
export function clone(gate: Gate): LibraryIntegration {
  const entry = functionExport('clone', gate, false);
  return {
    library: 'clone',
    strategy: 'clone',
    measures: '`clone(value, circular, depth, prototype, includeNonEnumerable)`',
    versions: ['>=1 <3'],
    main: entry,
    files: [{ file: 'clone/clone.js', entry }],
  };
}
