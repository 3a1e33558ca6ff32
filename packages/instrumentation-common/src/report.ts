import { diag } from '@opentelemetry/api';

const reported = new Set<string>();

/**
 * Reports an error of statewatch's own recording through the OTel diag logger, once per place:
 * a meter that throws on every call must not flood the log, and nothing reaches user code.
 */
export function reportError(where: string, err: unknown): void {
  if (reported.has(where)) return;
  reported.add(where);
  try {
    diag.error(`statewatch: ${where} failed (reported once): ${String(err)}`);
  } catch {
    // diag itself failed: there is nowhere left to report to
  }
}
