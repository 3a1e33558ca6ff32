import { describe, expect, it } from 'vitest';
import { BoundedValueSet, OVERFLOW_VALUE } from '../src';

describe('BoundedValueSet', () => {
  it('admits values up to the cap, then maps new ones to __overflow__', () => {
    const set = new BoundedValueSet(2);
    expect(set.admit('a')).toBe('a');
    expect(set.admit('b')).toBe('b');
    expect(set.admit('c')).toBe(OVERFLOW_VALUE);
    expect(set.admit('a')).toBe('a');
    expect(set.size).toBe(2);
  });

  it('rejects a limit that is not a positive integer, naming the value', () => {
    expect(() => new BoundedValueSet(0)).toThrow(/got 0/);
  });
});
