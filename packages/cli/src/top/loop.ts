import { History } from './history';
import { renderView, summaryLine } from './render';
import { scrape } from './scrape';
import type { Scrape } from './series';
import { computeView } from './view';

export interface TopLoopOptions {
  url: string;
  intervalMs: number;
  /** `screen`: redraw the full view in place (a terminal); `summary`: one line per refresh. */
  mode: 'screen' | 'summary';
  output: NodeJS.WritableStream;
  color: boolean;
  /** Stop after this many refreshes (for scripts); runs until aborted when absent. */
  refreshes?: number;
  signal?: AbortSignal;
  /** A status line under the view (the demo: its load and drift state). */
  footer?: () => string;
}

const CLEAR = '\x1b[H\x1b[2J';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
/** The first rates come from a quick second scrape, not a whole interval later. */
const FIRST_GAP_MS = 1000;

/**
 * Scrapes `url` every interval and shows what changed, until aborted or `refreshes` are done
 * (with `refreshes`, a failed scrape counts as one, so a script never waits forever). Resolves
 * to whether the last scrape failed.
 */
export async function runTopLoop(options: TopLoopOptions): Promise<boolean> {
  const { output, signal } = options;
  const history = new History();
  const screen = options.mode === 'screen';
  let previous: Scrape | undefined;
  let shown = 0;
  let failed = false;
  if (screen) output.write(HIDE_CURSOR);
  try {
    while (!signal?.aborted && (options.refreshes === undefined || shown < options.refreshes)) {
      let current: Scrape | undefined;
      try {
        current = await scrape(options.url);
        failed = false;
      } catch (err) {
        failed = true;
        const text = `waiting for ${options.url}: ${(err as Error).message}`;
        output.write(screen ? `${CLEAR}${text}\n` : `${text}\n`);
        if (options.refreshes !== undefined) shown++;
      }
      if (current) {
        if (previous) {
          const view = computeView(previous, current);
          const footer = options.footer?.();
          const rendered = screen
            ? `${CLEAR}${[...renderView(view, history, { url: options.url, intervalSeconds: options.intervalMs / 1000, color: options.color }), ...(footer ? ['', footer] : [])].join('\n')}\n`
            : `${summaryLine(view)}${footer ? ` | ${footer}` : ''}\n`;
          output.write(rendered);
          shown++;
        }
        previous = current;
      }
      await sleep(shown === 0 && current ? FIRST_GAP_MS : options.intervalMs, signal);
    }
  } finally {
    if (screen) output.write(SHOW_CURSOR);
  }
  return failed;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
