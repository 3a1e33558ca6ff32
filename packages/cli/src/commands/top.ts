// `statewatch top`: live view of a statewatch /metrics endpoint.
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli/exit-codes';
import { runCommand } from '../cli/run';
import { stringValue, type CommandSpec } from '../cli/spec';
import { runTopLoop } from '../top/loop';

export const DEFAULT_METRICS_URL = 'http://127.0.0.1:9464/metrics';

export const SPEC: CommandSpec = {
  name: 'top',
  usage: '[URL] [options]',
  summary: [
    `Live view of a statewatch /metrics endpoint (default ${DEFAULT_METRICS_URL}, the demo's):`,
    'GC pause ratio, allocation rate and live heap; lock wait p99 and contended share per lock;',
    'clone cost per strategy and site; PSI per feature against its critical value.',
  ].join('\n'),
  positionals: [0, 1],
  options: {
    interval: { type: 'string', short: 'i', value: '<seconds>', default: '2', description: 'refresh period' },
    refreshes: {
      type: 'string',
      short: 'n',
      value: '<count>',
      defaultText: 'until Ctrl-C',
      description: 'stop after this many refreshes',
    },
    summary: {
      type: 'boolean',
      defaultText: 'when the output is not a terminal',
      description: 'one line per refresh instead of the full view',
    },
    'no-color': { type: 'boolean', description: 'no ANSI colours (also NO_COLOR=1)' },
  },
  exitCodes: [
    '0  stopped by Ctrl-C, or --refreshes done (an unreachable endpoint is shown and retried)',
    '1  with --refreshes: the last scrape failed (a failed scrape counts as a refresh)',
    '2  bad usage: an unknown option, a bad URL, --interval or --refreshes',
    '141  the reader of the output went away (statewatch top --summary | head -3)',
  ],
};

export function run(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, async ({ values, positionals }) => {
    const url = positionals[0] ?? DEFAULT_METRICS_URL;
    if (!/^https?:\/\//.test(url)) throw new UsageError(`URL must be http(s) (got ${url})`);
    const interval = Number(stringValue(values, 'interval'));
    if (!(interval >= 0.2))
      throw new UsageError(
        `--interval must be a number of seconds >= 0.2 (got ${stringValue(values, 'interval')})`,
      );
    const refreshesText = stringValue(values, 'refreshes');
    const refreshes = refreshesText === undefined ? undefined : Number(refreshesText);
    if (refreshes !== undefined && !(Number.isInteger(refreshes) && refreshes > 0))
      throw new UsageError(`--refreshes must be a positive integer (got ${refreshesText})`);

    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const screen = Boolean(process.stdout.isTTY) && values.summary !== true;
    let failed: boolean;
    try {
      failed = await runTopLoop({
        url,
        intervalMs: interval * 1000,
        mode: screen ? 'screen' : 'summary',
        output: process.stdout,
        color: screen && values['no-color'] !== true && !process.env.NO_COLOR,
        refreshes,
        signal: controller.signal,
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return failed && refreshes !== undefined ? EXIT_FAILED : EXIT_OK;
  });
}
