import { constants } from 'node:perf_hooks';
import type { V8jsGcType } from '@statewatch/semconv';

/** Index of each `v8js.gc.type` value in the per-type arrays below. */
export const GC_TYPES: readonly V8jsGcType[] = ['major', 'minor', 'incremental', 'weakcb'];
export const MAJOR = 0;
export const MINOR = 1;
export const INCREMENTAL = 2;
export const WEAKCB = 3;

/**
 * `detail.kind` of a `gc` performance entry (V8's GCType bit) → index into GC_TYPES.
 * V8's minor mark-sweep (kGCTypeMinorMarkSweep = 2, behind `--minor-ms`) is a minor GC too.
 */
export function typeOfPerformanceKind(kind: number): number {
  switch (kind) {
    case constants.NODE_PERFORMANCE_GC_MAJOR:
      return MAJOR;
    case constants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return INCREMENTAL;
    case constants.NODE_PERFORMANCE_GC_WEAKCB:
      return WEAKCB;
    default:
      return MINOR;
  }
}
