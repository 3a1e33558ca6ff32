import { describe, expect, it } from 'vitest';
import { SUPPORTED_VERSIONS } from '../src/index';
import { runFixtureJson } from './utils/run-app';

// The version matrix (test/fixtures/versions.cjs): the oldest and newest release of each
// supported major, each loaded under its real name from a directory of its own. Every copy is
// recorded once, under the library's strategy, and equals the bare copy; options reach it.
const RELEASES: Array<[string, string, number, Record<string, boolean>?]> = [
  ['rfdc@1.1.1', 'rfdc', 3],
  ['rfdc@1.4.1', 'rfdc', 3],
  ['klona@2.0.0', 'klona', 3],
  ['klona@2.0.6', 'klona', 3],
  ['lodash@4.0.0', 'lodash', 3],
  ['lodash@4.18.1', 'lodash', 3],
  ['lodash.clonedeep@4.3.0', 'lodash', 3],
  ['lodash.clonedeep@4.5.0', 'lodash', 3],
  ['fast-copy@3.0.0', 'fast_copy', 3],
  ['fast-copy@3.1.0', 'fast_copy', 3],
  ['fast-copy@4.0.0', 'fast_copy', 3],
  ['fast-copy@4.3.4', 'fast_copy', 3],
  ...['1.0.0', '1.0.4', '2.0.0', '2.1.2'].map(
    (v) =>
      [`clone@${v}`, 'clone', 5, { circular: true, depth: true }] as [
        string,
        string,
        number,
        Record<string, boolean>,
      ],
  ),
  ...['1.0.0', '1.4.0'].map(
    (v) =>
      [`@ungap/structured-clone@${v}`, 'ungap_structured_clone', 5, { json: true, nativeThrows: true }] as [
        string,
        string,
        number,
        Record<string, boolean>,
      ],
  ),
];
const ESM_ONLY: typeof RELEASES = [
  ['lodash-es@4.14.0', 'lodash', 3],
  ['lodash-es@4.18.1', 'lodash', 3],
];

describe.each([
  ['CommonJS', ['--preserve-symlinks', '--require', './setup.cjs'], [], RELEASES],
  ['ESM', ['--preserve-symlinks', '--import', './esm-setup.mjs'], ['esm'], [...RELEASES, ...ESM_ONLY]],
])('every supported release, %s', (_kind, nodeArgs, args, releases) => {
  it('records each copy once under its strategy, copies like the bare call and forwards options', async () => {
    const result = await runFixtureJson<Record<string, unknown>>(nodeArgs, 'versions.cjs', args, 90_000);
    const expected = Object.fromEntries(
      releases.map(([release, strategy, copies, checks]) => [
        release,
        { recorded: { [strategy]: copies }, equal: true, ...checks },
      ]),
    );
    expect(result).toEqual(expected);
  }, 120_000);
});

describe('the supported ranges', () => {
  it('are exactly the ranges whose oldest and newest releases are tested above', () => {
    expect(SUPPORTED_VERSIONS).toEqual({
      rfdc: ['>=1.1.1 <2'],
      klona: ['>=2 <3'],
      lodash: ['>=4 <5'],
      'lodash.clonedeep': ['>=4.3.0 <5'],
      'lodash-es': ['>=4.14.0 <5'],
      'fast-copy': ['>=3 <4', '>=4 <5'],
      clone: ['>=1 <3'],
      '@ungap/structured-clone': ['>=1 <2'],
    });
  });
});
