import { describe, expect, it } from 'vitest';
import { runFixtureJson } from './utils/run-app';

// Every entry point of every library, loaded by bare name (and deep import), by absolute path
// and (ESM) by file:// URL, as vitest loads externalized packages: each copy is recorded once.
const ENTRIES = ['rfdc', 'rfdc/default', 'klona', 'klona/full', 'klona/json', 'klona/lite', 'lodash'];
const TAIL = ['lodash.clonedeep', 'fast-copy', 'clone', '@ungap/structured-clone'];
const ESM_ONLY = ['lodash-es', 'lodash-es/cloneDeep.js'];

describe.each([
  ['CommonJS', 'bare', ['--require', './setup.cjs'], 'import-paths.cjs', 'lodash/cloneDeep'],
  ['CommonJS', 'absolute', ['--require', './setup.cjs'], 'import-paths.cjs', 'lodash/cloneDeep'],
  ['ESM', 'bare', ['--import', './esm-setup.mjs'], 'import-paths.mjs', 'lodash/cloneDeep.js'],
  ['ESM', 'absolute', ['--import', './esm-setup.mjs'], 'import-paths.mjs', 'lodash/cloneDeep.js'],
  ['ESM', 'url', ['--import', './esm-setup.mjs'], 'import-paths.mjs', 'lodash/cloneDeep.js'],
])('a %s app importing by %s path', (_kind, style, nodeArgs, app, lodashFile) => {
  it('records one copy per call through every entry point', async () => {
    const recorded = await runFixtureJson<Record<string, number>>(nodeArgs, app, [style]);
    const esmOnly = app.endsWith('.mjs') ? ESM_ONLY : [];
    const expected = Object.fromEntries(
      [...ENTRIES, lodashFile, ...TAIL, ...esmOnly].map((name) => [name, 1]),
    );
    expect(recorded).toEqual(expected);
  }, 60_000);
});
