import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Where `statewatch.gc.allocated` comes from (see `GcInstrumentation.allocationSource`). */
export type AllocationSource = 'total_allocated_bytes' | 'estimated';

export interface GcInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record the heap size before and after every GC with `v8.GCProfiler`: needed for
   * `statewatch.gc.reclaimed`, `statewatch.gc.heap.live` and, where Node has no
   * `total_allocated_bytes` (22, 24), for the estimated `statewatch.gc.allocated`. With `false`
   * only the pause histogram, the heap limit and (on Node 26) the exact allocation counter remain.
   * @default true
   */
  heapStatistics?: boolean;
}
