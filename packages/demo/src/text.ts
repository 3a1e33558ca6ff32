import type { DemoArgs } from './args';
import type { LoadGenerator } from './load';

/** Where the stack's parts listen (stack mode only). */
export interface StackUrls {
  prometheus: string;
  collectorMetrics: string;
}

/** What to try next: each line fits the 80-column view it is printed under. */
export function tryNext(baseUrl: string): string {
  return [
    `try: curl -s ${baseUrl}/catalog/p1`,
    '     npm run demo -- --gc high --locks high   (GC, lock waits past the alerts)',
    '     npm run demo -- --stack   (plus the collector, Prometheus and alert rules)',
    '     npx statewatch top <url>/metrics    (this view of any statewatch endpoint)',
  ].join('\n');
}

export function banner(args: DemoArgs, baseUrl: string, metricsUrl?: string, stack?: StackUrls): string {
  const { stress } = args.service;
  const drift = args.driftAfterSeconds === undefined ? 'never' : `after ${args.driftAfterSeconds}s`;
  return [
    `statewatch demo: service at ${baseUrl}`,
    `  routes GET /catalog/:id, GET /quote, GET /report, POST /score`,
    metricsUrl ? `metrics at ${metricsUrl}` : 'metrics go out by OTLP only (OTEL_METRICS_EXPORTER)',
    args.otlpUrl ? `pushing OTLP to ${args.otlpUrl}` : '',
    stack ? stackLines(stack) : '',
    `stress: clone ${stress.clone}, locks ${stress.locks}, gc ${stress.gc} (off|low|normal|high)`,
    args.load ? `load: ${args.rps} req/s; scoring inputs drift ${drift}` : 'no load generator (--no-load)',
    tryNext(baseUrl),
  ]
    .filter(Boolean)
    .join('\n');
}

export function stackLines(stack: StackUrls): string {
  return [
    `prometheus ${stack.prometheus}/alerts   (the shipped alert rules, loaded)`,
    `collector  ${stack.collectorMetrics}   (fleet PSI: drift_scope="fleet")`,
  ].join('\n');
}

/** One line on the load generator and the drift. */
export function loadState(
  args: DemoArgs,
  load: LoadGenerator | undefined,
  started: number,
  driftedAt?: number,
) {
  if (!load) return 'no load generator (--no-load)';
  const drift =
    driftedAt !== undefined
      ? `inputs drifting since ${Math.round((Date.now() - driftedAt) / 1000)}s`
      : args.driftAfterSeconds === undefined
        ? 'no drift (--drift-after off)'
        : `drift in ${Math.max(0, Math.round(args.driftAfterSeconds - (Date.now() - started) / 1000))}s`;
  return `load ${args.rps} req/s, ${load.sent} sent, ${load.failed} failed · ${drift}`;
}
