import { EXIT_USAGE, helpText, UsageError } from '@statewatch/cli';
import { DEMO_SPEC, HOST, parseDemoArgs, type DemoArgs } from './args';
import { LoadGenerator } from './load';
import { ensurePortFree, freePortOr } from './ports';
import { startServiceProcess, type ServiceProcess } from './service-process';
import type { Stack } from './stack/stack';
import { banner, loadState, stackLines, tryNext, type StackUrls } from './text';
import { runTopLoop } from '@statewatch/cli';

export async function run(argv: string[]): Promise<number> {
  let args: DemoArgs | undefined;
  try {
    args = parseDemoArgs(argv, Boolean(process.stdout.isTTY));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`statewatch demo: ${err.message}\n\n${helpText(DEMO_SPEC)}`);
    return EXIT_USAGE;
  }
  if (!args) {
    process.stdout.write(helpText(DEMO_SPEC));
    return 0;
  }
  const controller = new AbortController();
  // Every signal is ours until everything is stopped: a second Ctrl-C must not kill the demo
  // before the collector and Prometheus (in their own process groups) are stopped.
  const stop = () => {
    if (controller.signal.aborted) log('stopping: the service, then the collector and Prometheus …');
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  let stack: Stack | undefined;
  let service: ServiceProcess | undefined;
  let load: LoadGenerator | undefined;
  try {
    const exportsPrometheus = !args.service.exporters || args.service.exporters.includes('prometheus');
    if (exportsPrometheus && process.env.OTEL_METRICS_EXPORTER === undefined)
      await ensurePortFree(HOST, args.service.metricsPort, 'metrics-port');
    await ensurePortFree(HOST, args.service.port, 'port');
    // The view needs the endpoint's real port: pick one now for --metrics-port 0.
    if (args.service.metricsPort === 0) args.service.metricsPort = await freePortOr(0);
    const env = { ...process.env };
    let stackUrls: StackUrls | undefined;
    if (args.stack) {
      log('starting the statewatch collector and Prometheus …');
      const { startStack } = require('./stack/stack') as typeof import('./stack/stack');
      stack = await startStack({ ownProcessGroups: true });
      stackUrls = { prometheus: stack.prometheus.url, collectorMetrics: stack.collector.metricsUrl };
      env.OTEL_EXPORTER_OTLP_ENDPOINT = stack.collector.otlpUrl;
      env.OTEL_METRIC_EXPORT_INTERVAL ??= '5000';
    } else if (args.otlpUrl) {
      env.OTEL_EXPORTER_OTLP_ENDPOINT = args.otlpUrl;
      env.OTEL_METRIC_EXPORT_INTERVAL ??= '5000';
    }
    service = await startServiceProcess(args.service, env);
    const baseUrl = `http://${HOST}:${service.port}`;
    const started = Date.now();
    let driftedAt: number | undefined;
    if (args.load) {
      load = new LoadGenerator({
        baseUrl,
        rps: args.rps,
        driftAfterSeconds: args.driftAfterSeconds,
        onDrift: () => {
          driftedAt = Date.now();
          if (args.view !== 'full')
            log('scoring inputs drift from now on (age and income up, a new country)');
        },
      });
      load.start();
    }
    log(banner(args, baseUrl, service.metricsUrl, stackUrls));
    if (args.durationSeconds !== undefined) setTimeout(stop, args.durationSeconds * 1000).unref();

    const state = () => loadState(args, load, started, driftedAt);
    if (args.view === 'none' || !service.metricsUrl) {
      await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve()));
    } else {
      const full = args.view === 'full';
      await runTopLoop({
        url: service.metricsUrl,
        intervalMs: args.intervalSeconds * 1000,
        mode: full ? 'screen' : 'summary',
        output: process.stdout,
        color: full && !process.env.NO_COLOR,
        signal: controller.signal,
        footer: full
          ? () =>
              [state(), stackUrls ? stackLines(stackUrls) : tryNext(baseUrl), 'Ctrl-C stops the demo.'].join(
                '\n',
              )
          : state,
      });
    }
    return 0;
  } finally {
    await load?.stop();
    await service?.stop();
    await stack?.stop();
    if (service || stack) log('demo stopped.');
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
  }
}

/** Ctrl-C, kill, and a closed terminal. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function log(text: string) {
  process.stdout.write(`${text}\n`);
}
