import { getHeapStatistics } from 'node:v8';
import type { AllocationSource } from './types';

/** `v8.getHeapStatistics()` with the field only Node 26+ has. */
export interface HeapStatisticsNow {
  used_heap_size: number;
  heap_size_limit: number;
  total_allocated_bytes?: number;
}

export function heapStatisticsNow(): HeapStatisticsNow {
  return getHeapStatistics() as HeapStatisticsNow;
}

/** `total_allocated_bytes` where the running Node has it (26 and later), else the estimate. */
export function detectAllocationSource(): AllocationSource {
  return typeof heapStatisticsNow().total_allocated_bytes === 'number'
    ? 'total_allocated_bytes'
    : 'estimated';
}

/**
 * Bytes allocated on the V8 heap while the instrumentation is enabled.
 *
 * Exact: the growth of `total_allocated_bytes`. Estimated: every byte allocated is either still
 * in the used heap or was freed by a GC, so allocated = (used now − used at enable) + the sum of
 * (used before − used after) over every GC since, from `v8.GCProfiler` (GCs it did not cover
 * count at the mean of their type). GCs whose samples are not in yet count when they are; the
 * value never goes down.
 */
export class AllocationCounter {
  /** Total of the enabled periods that ended. */
  private carried = 0;
  private baseline: number | undefined = undefined;
  /** Estimated source: signed sum of (before − after) of the GCs of the current period. */
  private freedSinceEnable = 0;
  private lastReported = 0;

  constructor(readonly source: AllocationSource) {}

  start(now: HeapStatisticsNow): void {
    if (this.baseline !== undefined) return;
    this.baseline = this.reading(now);
    this.freedSinceEnable = 0;
  }

  /** Estimated source: what one GC freed (used before − used after; may be negative). */
  addFreed(bytes: number): void {
    if (this.baseline !== undefined && this.source === 'estimated') this.freedSinceEnable += bytes;
  }

  stop(now: HeapStatisticsNow): void {
    if (this.baseline === undefined) return;
    this.carried = this.value(now);
    this.baseline = undefined;
  }

  /** The counter's value now: monotonic. */
  value(now?: HeapStatisticsNow): number {
    if (this.baseline === undefined || now === undefined) return this.lastReported;
    const current = this.carried + this.reading(now) - this.baseline + this.freedSinceEnable;
    if (current > this.lastReported) this.lastReported = current;
    return this.lastReported;
  }

  private reading(now: HeapStatisticsNow): number {
    return this.source === 'total_allocated_bytes' ? (now.total_allocated_bytes ?? 0) : now.used_heap_size;
  }
}
