import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

/** The heap as V8 accounts it at one instant, read outside any GC pause. */
export interface HeapReading {
  /** `used_heap_size`: the same object sizes `--trace-gc` prints before and after each GC. */
  used: number;
  /** Used bytes of the young generation (`new_space` + `new_large_object_space`). */
  young: number;
  /** Bytes the new space holds when full (used + available): where a scavenge triggers. */
  youngCapacity: number;
  /** `heap_size_limit`. */
  limit: number;
  /** `total_allocated_bytes` (Node 26 and later), else undefined. */
  totalAllocated: number | undefined;
}

interface HeapStatisticsWithAllocated {
  used_heap_size: number;
  heap_size_limit: number;
  total_allocated_bytes?: number;
}

/** Two V8 calls; neither allocates on the V8 heap beyond the returned objects. */
export function readHeap(): HeapReading {
  const h = getHeapStatistics() as HeapStatisticsWithAllocated;
  let young = 0;
  let youngCapacity = 0;
  for (const s of getHeapSpaceStatistics()) {
    if (s.space_name === 'new_space') {
      young += s.space_used_size;
      youngCapacity = s.space_used_size + s.space_available_size;
    } else if (s.space_name === 'new_large_object_space') young += s.space_used_size;
  }
  return {
    used: h.used_heap_size,
    young,
    youngCapacity,
    limit: h.heap_size_limit,
    totalAllocated: h.total_allocated_bytes,
  };
}

/** Whether the running Node has `total_allocated_bytes` (26 and later). */
export function hasTotalAllocatedBytes(): boolean {
  return typeof (getHeapStatistics() as HeapStatisticsWithAllocated).total_allocated_bytes === 'number';
}
