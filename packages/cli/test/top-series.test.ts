// `statewatch top` takes increases per series first (counter resets stay in their series), then
// sums them, as `sum by (...) (increase(...))` does.
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../src/top/exposition';
import { histogramIncreaseBy, increaseBy } from '../src/top/series';

const counter = (a: number, b: number) =>
  parseExposition(
    [
      '# TYPE statewatch_lock_acquisitions_total counter',
      `statewatch_lock_acquisitions_total{instance="a",lock_name="orders"} ${a}`,
      `statewatch_lock_acquisitions_total{instance="b",lock_name="orders"} ${b}`,
    ].join('\n'),
  );

const histogram = (count: number) =>
  parseExposition(
    [
      '# TYPE statewatch_gc_pause_duration_seconds histogram',
      `statewatch_gc_pause_duration_seconds_bucket{instance="a",le="0.001"} 100`,
      `statewatch_gc_pause_duration_seconds_bucket{instance="a",le="+Inf"} 100`,
      `statewatch_gc_pause_duration_seconds_sum{instance="a"} 0.05`,
      `statewatch_gc_pause_duration_seconds_count{instance="a"} 100`,
      `statewatch_gc_pause_duration_seconds_bucket{instance="b",le="0.001"} ${count}`,
      `statewatch_gc_pause_duration_seconds_bucket{instance="b",le="+Inf"} ${count}`,
      `statewatch_gc_pause_duration_seconds_sum{instance="b"} ${count / 1000}`,
      `statewatch_gc_pause_duration_seconds_count{instance="b"} ${count}`,
    ].join('\n'),
  );

describe('per-series increases', () => {
  it('a counter reset in one instance counts only that instance from zero', () => {
    const total = increaseBy(
      counter(25_000, 20_000),
      counter(25_060, 30),
      'statewatch_lock_acquisitions_total',
      ['lock_name'],
    );
    expect(total.get('orders')?.value).toBe(90);
  });

  it('a new series counts from zero, a vanished one counts nothing', () => {
    const before = parseExposition('statewatch_lock_acquisitions_total{instance="a",lock_name="orders"} 10');
    const after = parseExposition('statewatch_lock_acquisitions_total{instance="c",lock_name="orders"} 4');
    expect(increaseBy(before, after, 'statewatch_lock_acquisitions_total', []).get('')?.value).toBe(4);
  });

  it('histograms: a reset in one instance leaves the other intact', () => {
    const groups = histogramIncreaseBy(
      histogram(5000),
      histogram(7),
      'statewatch_gc_pause_duration_seconds',
      [],
    );
    const g = groups.get('')!;
    expect(g.count).toBe(7);
    expect(g.sum).toBeCloseTo(0.007, 9);
    expect(g.buckets).toEqual([
      { le: 0.001, count: 7 },
      { le: Infinity, count: 7 },
    ]);
  });
});
