import { parseArgs } from 'node:util';
import { LoadGenerator } from '../demo/load';
import { LEVELS, parseLevel, parsePort, parseSeconds, type ServiceOptions } from '../demo/options';
import { ensurePortFree } from '../demo/ports';
import { startServiceProcess, type ServiceProcess } from '../demo/service-process';
import { runTopLoop } from '../top/loop';

const HOST = '127.0.0.1';
const levels = Object.keys(LEVELS).join('|');

const HELP = `Usage: statewatch demo [options]

An HTTP service instrumented with every statewatch package, a load generator, and the live
view of its metrics (statewatch top). Ctrl-C stops everything.

Stressors (${levels}; default normal):
  --clone <level>        readers copy the shared catalog Map (clone cost)
  --locks <level>        catalog refresh mutex and rate-limited upstream semaphore
  --gc <level>           allocation-heavy report handler (GC pressure)
  --drift-after <time>   scoring inputs drift after this long (default 60s; off: never)
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
  --otlp <url>           also push metrics by OTLP/HTTP to a collector (e.g. http://127.0.0.1:4318)
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
}

export function parseDemoArgs(argv: string[], isTTY: boolean): DemoArgs | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      clone: { type: 'string' },
      locks: { type: 'string' },
      gc: { type: 'string' },
      'drift-after': { type: 'string', default: '60s' },
      'drift-window': { type: 'string', default: '1m' },
      rps: { type: 'string', default: '100' },
      'no-load': { type: 'boolean', default: false },
      view: { type: 'string' },
      interval: { type: 'string', default: '2' },
      duration: { type: 'string' },
      port: { type: 'string', default: '8080' },
      'metrics-port': { type: 'string', default: '9464' },
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
      exporters: values.otlp ? ['prometheus', 'otlp'] : undefined,
      serviceName: values['service-name'],
    },
    rps,
    load: !values['no-load'],
    driftAfterSeconds: parseSeconds('drift-after', values['drift-after']),
    view,
    intervalSeconds,
    durationSeconds: values.duration === undefined ? undefined : parseSeconds('duration', values.duration),
    otlpUrl: values.otlp,
  };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseDemoArgs(argv, Boolean(process.stdout.isTTY));
  if (!args) {
    process.stdout.write(HELP);
    return 0;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let service: ServiceProcess | undefined;
  let load: LoadGenerator | undefined;
  try {
    const exportsPrometheus = !args.service.exporters || args.service.exporters.includes('prometheus');
    if (exportsPrometheus && process.env.OTEL_METRICS_EXPORTER === undefined)
      await ensurePortFree(HOST, args.service.metricsPort, 'metrics-port');
    await ensurePortFree(HOST, args.service.port, 'port');
    const env = { ...process.env };
    if (args.otlpUrl) {
      env.OTEL_EXPORTER_OTLP_ENDPOINT = args.otlpUrl;
      env.OTEL_METRIC_EXPORT_INTERVAL ??= '5000';
    }
    service = await startServiceProcess(args.service, env);
    const baseUrl = `http://${HOST}:${service.port}`;
    let driftedAt: number | undefined;
    const started = Date.now();
    if (args.load) {
      load = new LoadGenerator({
        baseUrl,
        rps: args.rps,
        driftAfterSeconds: args.driftAfterSeconds,
        onDrift: () => {
          driftedAt = Date.now();
          if (args.view !== 'full')
            log(`scoring inputs drift from now on (age and income up, a new country)`);
        },
      });
      load.start();
    }
    log(banner(args, baseUrl, service.metricsUrl));
    if (args.durationSeconds !== undefined) setTimeout(stop, args.durationSeconds * 1000).unref();

    const loadState = () => {
      if (!load) return 'no load generator (--no-load)';
      const drift =
        driftedAt !== undefined
          ? `inputs drifting since ${Math.round((Date.now() - driftedAt) / 1000)}s`
          : args.driftAfterSeconds === undefined
            ? 'no drift (--drift-after off)'
            : `drift in ${Math.max(0, Math.round(args.driftAfterSeconds - (Date.now() - started) / 1000))}s`;
      return `load ${args.rps} req/s, ${load.sent} sent, ${load.failed} failed · ${drift}`;
    };
    if (args.view === 'none' || !service.metricsUrl) {
      await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve()));
    } else {
      await runTopLoop({
        url: service.metricsUrl,
        intervalMs: args.intervalSeconds * 1000,
        mode: args.view === 'full' ? 'screen' : 'summary',
        output: process.stdout,
        color: args.view === 'full' && !process.env.NO_COLOR,
        signal: controller.signal,
        footer:
          args.view === 'full'
            ? () =>
                `${loadState()}\n${tryNext(baseUrl).split('\n').slice(0, 3).join('\n')}\nCtrl-C stops the demo.`
            : loadState,
      });
    }
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await load?.stop();
    await service?.stop();
    if (service) log('demo stopped.');
  }
}

function log(text: string) {
  process.stdout.write(`${text}\n`);
}

function tryNext(baseUrl: string): string {
  return [
    `try: curl -s ${baseUrl}/catalog/p1`,
    `     npm run demo -- --gc high --locks high --drift-after 20s   (alert-level stress)`,
    `     npx statewatch top <url>/metrics    (this view for any statewatch endpoint)`,
  ].join('\n');
}

function banner(args: DemoArgs, baseUrl: string, metricsUrl: string | undefined): string {
  const { stress } = args.service;
  return [
    `statewatch demo: service at ${baseUrl} (/catalog/:id, /quote, /report, POST /score)`,
    metricsUrl ? `metrics at ${metricsUrl}` : 'metrics go out by OTLP only (OTEL_METRICS_EXPORTER)',
    args.otlpUrl ? `pushing OTLP to ${args.otlpUrl}` : '',
    `stress: clone ${stress.clone}, locks ${stress.locks}, gc ${stress.gc}; ` +
      (args.load
        ? `load ${args.rps} req/s; inputs drift ${args.driftAfterSeconds === undefined ? 'never' : `after ${args.driftAfterSeconds}s`}`
        : 'no load generator'),
    tryNext(baseUrl),
  ]
    .filter(Boolean)
    .join('\n');
}
