import { parseCommand, stringValue, UsageError, type CommandSpec } from '@statewatch/cli';
import { LEVELS, parseLevel, parsePort, parseSeconds, type ServiceOptions } from './options';

export const HOST = '127.0.0.1';
const levels = Object.keys(LEVELS).join('|');

export const DEMO_SPEC: CommandSpec = {
  name: 'demo',
  usage: '[options]',
  summary: [
    'An HTTP service instrumented with every statewatch package, a load generator, and the live',
    `view of its metrics (statewatch top). Ctrl-C stops everything. Stressor levels: ${levels}.`,
  ].join('\n'),
  options: {
    clone: {
      type: 'string',
      value: '<level>',
      default: 'normal',
      description: 'readers copy the shared catalog Map (clone cost)',
    },
    locks: {
      type: 'string',
      value: '<level>',
      default: 'normal',
      description: 'catalog refresh mutex, rate-limited upstream semaphore, report queue (p-limit)',
    },
    gc: {
      type: 'string',
      value: '<level>',
      default: 'normal',
      description: 'allocation-heavy report handler (GC pressure)',
    },
    'drift-after': {
      type: 'string',
      value: '<time>',
      default: '30s',
      description: 'scoring inputs drift after this long (off: never)',
    },
    'drift-window': {
      type: 'string',
      value: '<time>',
      default: '1m',
      description: 'window of the instance PSI',
    },
    rps: { type: 'string', value: '<n>', default: '100', description: 'load generator rate in requests/s' },
    'no-load': { type: 'boolean', description: 'no load generator: call the service yourself' },
    view: {
      type: 'string',
      value: '<kind>',
      defaultText: 'full on a terminal, else summary',
      description: 'full | summary | none',
    },
    interval: { type: 'string', value: '<seconds>', default: '2', description: 'view refresh period' },
    duration: {
      type: 'string',
      value: '<time>',
      defaultText: 'until Ctrl-C',
      description: 'stop after this long',
    },
    port: {
      type: 'string',
      value: '<n>',
      default: '8080',
      description: "the service's HTTP port (0: any free port)",
    },
    'metrics-port': { type: 'string', value: '<n>', default: '9464', description: 'its /metrics endpoint' },
    stack: {
      type: 'boolean',
      description:
        'also run the statewatch collector and a Prometheus with the shipped alert rules on loopback (needs npm run collector:build and prometheus)',
    },
    otlp: {
      type: 'string',
      value: '<url>',
      description: 'push metrics by OTLP/HTTP to your own collector (http://127.0.0.1:4318)',
    },
    'service-name': {
      type: 'string',
      value: '<name>',
      default: 'statewatch-demo',
      description: 'service.name (OTEL_SERVICE_NAME wins)',
    },
  },
  exitCodes: [
    '0  stopped (Ctrl-C, SIGTERM or --duration)',
    '1  the service, the collector or Prometheus could not start',
    '2  bad usage: an unknown option or a bad value',
  ],
};

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
  const parsed = parseCommand(DEMO_SPEC, argv);
  if (!parsed) return undefined;
  const text = (name: string) => stringValue(parsed.values, name);
  const flag = (name: string) => parsed.values[name] === true;
  const rps = Number(text('rps'));
  if (!(rps > 0 && rps <= 5000))
    throw new UsageError(`--rps must be a number from 1 to 5000 (got ${text('rps')})`);
  const view = text('view') ?? (isTTY ? 'full' : 'summary');
  if (view !== 'full' && view !== 'summary' && view !== 'none')
    throw new UsageError(`--view must be full, summary or none (got ${view})`);
  const intervalSeconds = parseSeconds('interval', text('interval')!);
  if (!(intervalSeconds !== undefined && intervalSeconds >= 0.2))
    throw new UsageError(`--interval must be at least 0.2 seconds (got ${text('interval')})`);
  const otlp = text('otlp');
  if (otlp !== undefined && !/^https?:\/\//.test(otlp))
    throw new UsageError(`--otlp must be an http(s) URL (got ${otlp})`);
  if (otlp !== undefined && flag('stack'))
    throw new UsageError('--stack starts its own collector: leave out --otlp');
  const driftWindow = text('drift-window')!;
  parseSeconds('drift-window', driftWindow); // validates; the monitor takes the text
  const duration = text('duration');
  return {
    service: {
      host: HOST,
      port: parsePort('port', text('port')!),
      metricsPort: parsePort('metrics-port', text('metrics-port')!),
      stress: {
        clone: parseLevel('clone', text('clone'), 'normal'),
        locks: parseLevel('locks', text('locks'), 'normal'),
        gc: parseLevel('gc', text('gc'), 'normal'),
      },
      driftWindow,
      statewatch: true,
      exporters: otlp || flag('stack') ? ['prometheus', 'otlp'] : undefined,
      serviceName: text('service-name')!,
    },
    rps,
    load: !flag('no-load'),
    driftAfterSeconds: parseSeconds('drift-after', text('drift-after')!),
    view,
    intervalSeconds,
    durationSeconds: duration === undefined ? undefined : parseSeconds('duration', duration),
    otlpUrl: otlp,
    stack: flag('stack'),
  };
}
