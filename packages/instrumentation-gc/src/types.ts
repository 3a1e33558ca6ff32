import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Where `statewatch.gc.allocated` comes from (see `GcInstrumentation.allocationSource`). */
export type AllocationSource = 'total_allocated_bytes' | 'estimated';

export interface GcInstrumentationConfig extends InstrumentationConfig {
  /**
   * Keep the heap figures, from one heap reading per `gc` observer batch (outside the GC pause):
   * `statewatch.gc.reclaimed`, `statewatch.gc.heap.live` and, where Node has no
   * `total_allocated_bytes` (22, 24), the estimated `statewatch.gc.allocated`. With `false` only
   * the pause histogram, the heap limit and (on Node 26) the allocation counter remain.
   * @default true
   */
  heapStatistics?: boolean;
  /**
   * Also emit the OTel runtime convention's `v8js.gc.duration` (histogram, buckets 10 ms … 10 s,
   * attribute `v8js.gc.type`), as `@opentelemetry/instrumentation-runtime-node` does, for
   * dashboards built on it. Same pauses as `statewatch.gc.pause.duration`.
   * @default false
   */
  v8jsGcDuration?: boolean;
}
