import { beforeAll, describe, expect, it } from 'vitest';
import { pointOf, runFixture } from './utils/run-app';
import type { AppResult } from './utils/run-app';

// What the fixture workload does (test/fixtures/workload.cjs): 25 calls per strategy on sources
// of known size, plus the checks, errors and manual calls it makes.
// [strategy, source, site, calls, entries in total, calls that returned a copy]
const EXPECTED: Array<[string, string, string | undefined, number, number, number]> = [
  // 25 × 10 keys; one more copy for the identity check; one thrown (circular, 2 keys); one with circles
  ['rfdc', 'object', undefined, 28, 264, 27],
  ['rfdc', 'map', undefined, 25, 2500, 25],
  ['rfdc', 'array', undefined, 25, 175, 25], // rfdc/default
  ['klona', 'object', undefined, 50, 500, 50], // klona and klona/lite
  ['klona', 'set', undefined, 25, 125, 25], // klona/full
  ['klona', 'array', undefined, 25, 175, 25], // klona/json
  ['lodash', 'map', undefined, 25, 2500, 25], // lodash's cloneDeep
  ['lodash', 'array', undefined, 25, 175, 25], // lodash/cloneDeep
  ['lodash', 'object', undefined, 25, 250, 25], // lodash.clonedeep
  ['fast_copy', 'map', undefined, 25, 2500, 25], // copy
  ['fast_copy', 'object', undefined, 25, 250, 25], // copyStrict
  ['fast_copy', 'array', undefined, 25, 175, 25], // createCopier()
  ['structured_clone', 'set', undefined, 25, 125, 25],
  ['structured_clone', 'map', undefined, 6, 60000, 6], // 10,000-entry Map: 1 + 5 timed
  ['structured_clone', 'object', undefined, 1, 1, 0], // a function inside: DataCloneError
  ['structured_clone', 'other', undefined, 1, 0, 0], // no argument: TypeError
  ['map_copy', 'map', 'cache.snapshot', 25, 2500, 25], // cloneMap
  ['json', 'object', undefined, 25, 250, 25], // measureClone
  ['json', 'object', 'bad.json', 1, 1, 0], // jsonClone of a BigInt: TypeError
];

function attributes(strategy: string, source: string, site: string | undefined): Record<string, string> {
  return {
    'clone.strategy': strategy,
    'clone.source': source,
    ...(site === undefined ? {} : { 'clone.site': site }),
  };
}

describe.each([
  ['CommonJS', ['--require', './setup.cjs'], 'cjs-app.cjs'],
  ['ESM', ['--import', './esm-setup.mjs'], 'esm-app.mjs'],
])('a %s app using the real libraries', (_kind, nodeArgs, app) => {
  let result: AppResult;
  beforeAll(async () => {
    result = await runFixture(nodeArgs, app);
  }, 90_000);

  it.each(EXPECTED)(
    '%s of %s (site %s): every call counted, entries summed',
    (strategy, source, site, calls, entries, copies) => {
      const attrs = attributes(strategy, source, site);
      expect(pointOf(result.points, 'duration', attrs)?.count).toBe(calls);
      const entriesPoint = pointOf(result.points, 'entries', attrs);
      expect(entriesPoint?.count).toBe(calls);
      expect(entriesPoint?.sum).toBe(entries);
      // Size is sampled on every call here (sizeSampleRate 1), and only for calls that copied.
      expect(pointOf(result.points, 'size', attrs)?.count ?? 0).toBe(copies);
      if (copies > 0) expect(pointOf(result.points, 'size', attrs)!.min).toBeGreaterThan(0);
    },
  );

  it('records no series but those', () => {
    const durations = result.points.filter((p) => p.name === 'statewatch.clone.duration');
    expect(durations).toHaveLength(EXPECTED.length);
  });

  it('passes the libraries’ errors through unchanged and copies like the bare call', () => {
    expect(result.checks).toMatchObject({
      rfdcDeep: true,
      structuredCloneMap: true,
      rfdcCircularError: 'RangeError',
      rfdcCirclesOk: true,
      structuredCloneFunctionError: 'DOMException',
      structuredCloneNoArgs: 'TypeError',
      jsonBigIntError: 'TypeError',
    });
  });

  it('records plausible durations for a 10,000-entry Map', () => {
    const p = pointOf(result.points, 'duration', attributes('structured_clone', 'map', undefined))!;
    const outer = result.checks.outerMs as number[];
    const bare = result.checks.bareMs as number[];
    expect(outer).toHaveLength(6);
    // Never zero, never more than the same call timed from outside.
    expect(p.min).toBeGreaterThan(0);
    expect(p.max * 1000).toBeLessThanOrEqual(Math.max(...outer));
    expect(p.sum * 1000).toBeLessThanOrEqual(outer.reduce((a, b) => a + b, 0));
    // Same order of magnitude as the bare copy timed directly.
    const recordedMean = (p.sum * 1000) / p.count;
    const bareMean = bare.reduce((a, b) => a + b, 0) / bare.length;
    expect(recordedMean / bareMean).toBeGreaterThan(0.1);
    expect(recordedMean / bareMean).toBeLessThan(10);
  });

  it('disable() restores every patched function and the global, and records nothing more', () => {
    expect(result.checks.restored).toEqual({
      structuredClone: true,
      klona: true,
      lodash: true,
      copy: true,
      copyStrict: true,
      createCopier: true,
    });
    expect(result.checks.countsAfterDisable).toBe(true);
  });
});
