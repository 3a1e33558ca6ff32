import { parseArgs } from 'node:util';
import { LEVELS, parseLevel, parsePort, parseSeconds, type ServiceOptions } from './options';

export const HOST = '127.0.0.1';
const levels = Object.keys(LEVELS).join('|');

export const DEMO_HELP = `Usage: statewatch demo [options]

An HTTP service instrumented with every statewatch package, a load generator, and the live
view of its metrics (statewatch top). Ctrl-C stops everything.

Stressors (${levels}; default normal):
  --clone <level>        readers copy the shared catalog Map (clone cost)
  --locks <level>        catalog refresh mutex and rate-limited upstream semaphore
  --gc <level>           allocation-heavy report handler (GC pressure)
  --drift-after <time>   scoring inputs drift after this long (default 30s; off: never)
  --drift-window <time>  window of the instance PSI (default 1m)

Load and view:
  --rps <n>              load generator rate in requests/s (default 100)
  --no-load              no load generator: call the service yourself
  --view <kind>          full | summary | none (default: full on a terminal, else summary)
  --interval <seconds>   view refresh period (default 2)
  --duration <time>      stop after this long (default: run until Ctrl-C)

Ports and export:
  --port <n>             the service's HTTP port (default 8080; 0: any free port)
  --metrics-port <n>     its /metrics endpoint (default 9464)
  --stack                also run the statewatch collector and a Prometheus with the shipped
                         alert rules on loopback (needs npm run collector:build and prometheus)
  --otlp <url>           push metrics by OTLP/HTTP to your own collector (http://127.0.0.1:4318)
  --service-name <name>  service.name (default statewatch-demo; OTEL_SERVICE_NAME wins)
`;

export interface DemoArgs {
  service: ServiceOptions;
  rps: number;
  load: boolean;
  driftAfterSeconds?: number;
  view: 'full' | 'summary' | 'none';
  intervalSeconds: number;
  durationSeconds?: number;
  otlpUrl?: string;
  stack: boolean;
}

/** The demo's options; undefined for --help. Throws an error naming a bad option and its value. */
export function parseDemoArgs(argv: string[], isTTY: boolean): DemoArgs | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      clone: { type: 'string' },
      locks: { type: 'string' },
      gc: { type: 'string' },
      'drift-after': { type: 'string', default: '30s' },
      'drift-window': { type: 'string', default: '1m' },
      rps: { type: 'string', default: '100' },
      'no-load': { type: 'boolean', default: false },
      view: { type: 'string' },
      interval: { type: 'string', default: '2' },
      duration: { type: 'string' },
      port: { type: 'string', default: '8080' },
      'metrics-port': { type: 'string', default: '9464' },
      stack: { type: 'boolean', default: false },
      otlp: { type: 'string' },
      'service-name': { type: 'string', default: 'statewatch-demo' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  if (positionals.length) throw new Error(`demo takes no arguments (got ${positionals.join(' ')})`);
  const rps = Number(values.rps);
  if (!(rps > 0 && rps <= 5000)) throw new Error(`--rps must be a number from 1 to 5000 (got ${values.rps})`);
  const view = values.view ?? (isTTY ? 'full' : 'summary');
  if (view !== 'full' && view !== 'summary' && view !== 'none')
    throw new Error(`--view must be full, summary or none (got ${view})`);
  const intervalSeconds = parseSeconds('interval', values.interval);
  if (!(intervalSeconds !== undefined && intervalSeconds >= 0.2))
    throw new Error(`--interval must be at least 0.2 seconds (got ${values.interval})`);
  if (values.otlp !== undefined && !/^https?:\/\//.test(values.otlp))
    throw new Error(`--otlp must be an http(s) URL (got ${values.otlp})`);
  if (values.otlp !== undefined && values.stack)
    throw new Error('--stack starts its own collector: leave out --otlp');
  parseSeconds('drift-window', values['drift-window']); // validates; the monitor takes the text
  return {
    service: {
      host: HOST,
      port: parsePort('port', values.port),
      metricsPort: parsePort('metrics-port', values['metrics-port']),
      stress: {
        clone: parseLevel('clone', values.clone, 'normal'),
        locks: parseLevel('locks', values.locks, 'normal'),
        gc: parseLevel('gc', values.gc, 'normal'),
      },
      driftWindow: values['drift-window'],
      statewatch: true,
      exporters: values.otlp || values.stack ? ['prometheus', 'otlp'] : undefined,
      serviceName: values['service-name'],
    },
    rps,
    load: !values['no-load'],
    driftAfterSeconds: parseSeconds('drift-after', values['drift-after']),
    view,
    intervalSeconds,
    durationSeconds: values.duration === undefined ? undefined : parseSeconds('duration', values.duration),
    otlpUrl: values.otlp,
    stack: values.stack,
  };
}
