import type { MeterProvider } from '@opentelemetry/api';

const capReports = new WeakMap<MeterProvider, () => void>();

/**
 * A pipeline that says caps itself (statewatch's, once per cap on stderr) takes over the
 * feature-name cap diagnostic of every FeatureDriftMonitor on `meterProvider` that has no
 * `onDiagnostic` of its own, so one cap is said once, not also through the diag logger.
 */
export function reportFeatureCapsThrough(meterProvider: MeterProvider, report: () => void): void {
  capReports.set(meterProvider, report);
}

/** The report `reportFeatureCapsThrough` set for `meterProvider`, if any. */
export function featureCapReportOf(meterProvider: MeterProvider): (() => void) | undefined {
  return capReports.get(meterProvider);
}
