import { CloneMetrics } from './recording';

/*
 * Where the manual API (`measureClone`, `cloneMap`, …) records: the metrics of the most recently
 * enabled CloneInstrumentation still enabled, else metrics of its own that follow the global
 * MeterProvider. Patched libraries always record to the instrumentation that patched them.
 */
const enabled: CloneMetrics[] = [];
let standalone: CloneMetrics | undefined = undefined;

/** The metrics the manual API records to now. */
export function manualMetrics(): CloneMetrics {
  return enabled.length > 0 ? enabled[enabled.length - 1]! : (standalone ??= new CloneMetrics());
}

/** `metrics` (an instrumentation's) was enabled: the manual API records there from now on. */
export function enabledMetrics(metrics: CloneMetrics): void {
  disabledMetrics(metrics);
  enabled.push(metrics);
}

/** `metrics` was disabled: the manual API goes back to the one enabled before, or its own. */
export function disabledMetrics(metrics: CloneMetrics): void {
  const i = enabled.indexOf(metrics);
  if (i >= 0) enabled.splice(i, 1);
}
