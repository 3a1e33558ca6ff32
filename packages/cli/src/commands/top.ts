import { parseArgs } from 'node:util';
import { runTopLoop } from '../top/loop';

export const DEFAULT_METRICS_URL = 'http://127.0.0.1:9464/metrics';

const HELP = `Usage: statewatch top [URL] [options]

Live view of a statewatch /metrics endpoint (default ${DEFAULT_METRICS_URL}, the demo's):
GC pause ratio, allocation rate and live heap; lock wait p99 and contended share per lock;
clone cost per strategy and site; PSI per feature against its critical value.

Options:
  -i, --interval <seconds>  refresh period (default 2)
  -n, --refreshes <count>   stop after this many refreshes (default: run until Ctrl-C)
      --summary             one line per refresh instead of the full view (the default when
                            the output is not a terminal)
      --no-color            no ANSI colours
  -h, --help                this text
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      interval: { type: 'string', short: 'i', default: '2' },
      refreshes: { type: 'string', short: 'n' },
      summary: { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new Error(`top takes one URL (got ${positionals.join(' ')})`);
  const url = positionals[0] ?? DEFAULT_METRICS_URL;
  if (!/^https?:\/\//.test(url)) throw new Error(`URL must be http(s) (got ${url})`);
  const interval = Number(values.interval);
  if (!(interval >= 0.2))
    throw new Error(`--interval must be a number of seconds >= 0.2 (got ${values.interval})`);
  const refreshes = values.refreshes === undefined ? undefined : Number(values.refreshes);
  if (refreshes !== undefined && !(Number.isInteger(refreshes) && refreshes > 0))
    throw new Error(`--refreshes must be a positive integer (got ${values.refreshes})`);

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const screen = process.stdout.isTTY && !values.summary;
  try {
    await runTopLoop({
      url,
      intervalMs: interval * 1000,
      mode: screen ? 'screen' : 'summary',
      output: process.stdout,
      color: screen && !values['no-color'] && !process.env.NO_COLOR,
      refreshes,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return 0;
}
