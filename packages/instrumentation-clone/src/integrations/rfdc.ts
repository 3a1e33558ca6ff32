import type { Gate } from '../measure';
import type { LibraryIntegration } from './integration';
import { functionExport } from './patches';

/**
 * rfdc: the module export is a factory, `rfdc(options)`, returning a copy function (with or
 * without `circles`); every copier it returns is measured. `rfdc/default` (1.2+) is a copier the
 * factory made at load.
 */
export function rfdc(gate: Gate): LibraryIntegration {
  const factory = functionExport('rfdc', gate, true);
  return {
    library: 'rfdc',
    strategy: 'rfdc',
    measures: 'every copier `rfdc(options)` returns (with and without `circles`); `rfdc/default`',
    versions: ['>=1.1.1 <2'],
    main: factory,
    files: [
      { file: 'rfdc/index.js', entry: factory },
      { file: 'rfdc/default.js', entry: functionExport('rfdc', gate, false) },
    ],
  };
}
