// The clone libraries as a vitest test imports them (by file:// URL, through vitest's
// externalization): every copy shows in statewatch's clone metrics, counted exactly.
import clone from 'clone';
import { copy } from 'fast-copy';
import { klona } from 'klona/full';
import cloneDeep from 'lodash/cloneDeep.js';
import { cloneDeep as cloneDeepEs } from 'lodash-es';
import rfdc from 'rfdc';
import { describe, expect, it } from 'vitest';
import { sample, scrapeMetrics } from './scrape';

const COPIES = 7;
const copies: Array<[string, (value: unknown) => unknown]> = [
  ['rfdc', rfdc()],
  ['klona', klona],
  ['lodash', cloneDeep],
  ['lodash', cloneDeepEs],
  ['fast_copy', copy],
  ['clone', clone],
  ['structured_clone', structuredClone],
];

describe('statewatch in a vitest project', () => {
  it('measures every copy the tests make, by strategy', async () => {
    const state = { user: { id: 1, tags: ['a', 'b'] }, at: new Date(0), seen: new Set([1, 2]) };
    for (const [, copyOf] of copies)
      for (let i = 0; i < COPIES; i++) {
        const copied = copyOf(state) as typeof state;
        expect(copied).toEqual(state);
        expect(copied.user).not.toBe(state.user);
      }
    const text = await scrapeMetrics();
    const count = (strategy: string) =>
      sample(text, 'statewatch_clone_duration_seconds_count', {
        clone_strategy: strategy,
        clone_source: 'object',
      });
    expect({
      rfdc: count('rfdc'),
      klona: count('klona'),
      lodash: count('lodash'),
      fast_copy: count('fast_copy'),
      clone: count('clone'),
      structured_clone: count('structured_clone'),
    }).toEqual({
      rfdc: COPIES,
      klona: COPIES,
      lodash: 2 * COPIES,
      fast_copy: COPIES,
      clone: COPIES,
      structured_clone: COPIES,
    });
  });
});
