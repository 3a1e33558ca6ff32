// The demo service process (forked by `statewatch demo`, run directly by the benchmark):
// statewatch first, so async-mutex is patched before the service loads it.
import type { FeatureDriftMonitor } from '@statewatch/feature-drift';
import type { StatewatchHandle } from '@statewatch/node';
import type { ServiceOptions } from './options';

/** Messages to the parent process. */
export type ServiceMessage =
  { type: 'ready'; port: number; metricsUrl?: string } | { type: 'error'; message: string };

async function main(options: ServiceOptions): Promise<() => Promise<void>> {
  let statewatch: StatewatchHandle | undefined;
  let monitor: FeatureDriftMonitor | undefined;
  if (options.statewatch) {
    const { startStatewatch } = require('@statewatch/node') as typeof import('@statewatch/node');
    statewatch = await startStatewatch({
      serviceName: process.env.OTEL_SERVICE_NAME ?? options.serviceName,
      exporters: options.exporters,
      prometheus: { port: options.metricsPort },
    });
    const { FeatureDriftMonitor } =
      require('@statewatch/feature-drift') as typeof import('@statewatch/feature-drift');
    const { demoBaseline } = require('./features') as typeof import('./features');
    monitor = new FeatureDriftMonitor({ baseline: demoBaseline(), window: options.driftWindow, buckets: 12 });
  }
  const { callSites } = require('./call-sites') as typeof import('./call-sites');
  const { startDemoService } = require('./service') as typeof import('./service');
  const service = await startDemoService(options, callSites(options.statewatch), monitor);
  send({ type: 'ready', port: service.port, metricsUrl: statewatch?.metricsUrl });
  return async () => {
    await service.close();
    monitor?.close();
    await statewatch?.shutdown();
  };
}

function send(message: ServiceMessage) {
  if (process.send) process.send(message);
  else process.stdout.write(`${JSON.stringify(message)}\n`);
}

const options = JSON.parse(process.argv[2] ?? '{}') as ServiceOptions;
main(options).then(
  (close) => {
    let closing = false;
    const stop = () => {
      if (closing) return;
      closing = true;
      close().finally(() => process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('disconnect', stop); // the demo went away: do not linger
  },
  (err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
