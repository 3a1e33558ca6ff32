import type { Verdict } from '@statewatch/feature-drift';
import { bytes, count, fit, NONE, percent, ratio, seconds } from './format';
import { History, sparkline } from './history';
import { hasNewValues, type FeatureRow, type TopView } from './view';

export interface RenderOptions {
  url: string;
  intervalSeconds: number;
  /** ANSI colours for verdicts. */
  color: boolean;
  /** Rows shown per table; the rest are counted. */
  maxRows?: number;
}

const TREND = 10;
/** Kinds longer than the column, shortened. */
const KIND_LABELS: Record<string, string> = { distributed_lock: 'distributed' };
const RULE = '─'.repeat(78);

/** The full-screen view, at most 80 columns wide. Pushes this view's values into `history`. */
export function renderView(view: TopView, history: History, options: RenderOptions): string[] {
  const maxRows = options.maxRows ?? 6;
  const time = new Date(view.at).toISOString().slice(11, 19);
  const header = `statewatch top · ${options.url} · every ${options.intervalSeconds}s · ${time}`;
  const lines = [fit(header, 80).trimEnd(), RULE];
  // The newest values: a history longer than the column must not push them out.
  const trend = (key: string, value: number | undefined, max = 0) =>
    fit(sparkline(history.push(key, value).slice(-TREND), max), TREND);

  const { gc } = view;
  const heapShare = gc.liveHeap !== undefined && gc.heapLimit ? gc.liveHeap / gc.heapLimit : undefined;
  lines.push(`GC PRESSURE${' '.repeat(57)}trend`);
  const gcRow = (name: string, value: string, key: string, v: number | undefined) =>
    `  ${fit(name, 14)}${fit(value, 52)}${trend(key, v)}`;
  lines.push(gcRow('time paused', `${percent(gc.pauseRatio)} of wall time`, 'gc.pause', gc.pauseRatio));
  lines.push(
    gcRow(
      'allocation',
      gc.allocationRate === undefined ? NONE : `${bytes(gc.allocationRate)}/s`,
      'gc.alloc',
      gc.allocationRate,
    ),
  );
  lines.push(
    gcRow(
      'live heap',
      `${bytes(gc.liveHeap)} of ${bytes(gc.heapLimit)} limit (${percent(heapShare)})`,
      'gc.live',
      gc.liveHeap,
    ),
  );
  const kinds = gc.kinds
    .filter((k) => (k.perSecond ?? 0) > 0)
    .map((k) => `${k.type} ${count(k.perSecond)}/s p99 ${seconds(k.p99)}`);
  wrap(kinds, ' · ', 64).forEach((text, i) => lines.push(`  ${fit(i ? '' : 'pauses', 14)}${text}`));

  lines.push('', 'LOCK CONTENTION');
  lines.push(
    `  ${fit('lock', 16)}${fit('kind', 12)}${fit('wait p99', 10, 'right')}${fit('contended', 11, 'right')}` +
      `${fit('waiters', 9, 'right')}${fit('acq/s', 8, 'right')} ${fit('wait p99', TREND)}`,
  );
  const locks = view.locks.slice(0, maxRows);
  for (const l of locks) {
    lines.push(
      `  ${fit(l.name, 15)} ${fit(KIND_LABELS[l.kind] ?? l.kind, 12)}${fit(seconds(l.waitP99), 10, 'right')}` +
        `${fit(percent(l.contendedShare), 11, 'right')}${fit(count(l.waiters), 9, 'right')}` +
        `${fit(count(l.acquisitionsPerSecond), 8, 'right')} ${trend(`lock.${l.name}.${l.kind}`, l.waitP99)}`,
    );
  }
  lines.push(...emptyOrMore(view.locks.length, locks.length, 'no lock acquired yet'));
  const throttled = locks.flatMap((l) =>
    l.throttleShare === undefined ? [] : [`${l.name} ${percent(l.throttleShare)} of wait`],
  );
  if (throttled.length)
    lines.push(...wrap(throttled, ' · ', 62).map((t, i) => `  ${fit(i ? '' : 'rate-limited', 14)}${t}`));
  const leases = locks.flatMap((l) =>
    l.attemptsPerAcquisition === undefined && l.extensionsPerSecond === undefined && !l.leasesLost
      ? []
      : [
          `${l.name} ${count(l.attemptsPerAcquisition)} tries/lock, ${count(l.extensionsPerSecond)} ext/s` +
            (l.leasesLost ? `, ${count(l.leasesLost)} LOST` : ''),
        ],
  );
  if (leases.length)
    lines.push(...wrap(leases, ' · ', 62).map((t, i) => `  ${fit(i ? '' : 'leases', 14)}${t}`));

  lines.push('', 'CLONE COST');
  lines.push(
    `  ${fit('strategy', 16)}${fit('site', 15)}${fit('calls/s', 8, 'right')}${fit('mean', 9, 'right')}` +
      `${fit('time', 7, 'right')}${fit('entries', 9, 'right')} ${fit('time', TREND)}`,
  );
  const clones = view.clones.slice(0, maxRows);
  for (const c of clones) {
    lines.push(
      `  ${fit(c.strategy, 15)} ${fit(c.site || '(no site)', 15)}${fit(count(c.callsPerSecond), 8, 'right')}` +
        `${fit(seconds(c.meanSeconds), 9, 'right')}${fit(percent(c.timeShare), 7, 'right')}` +
        `${fit(count(c.meanEntries), 9, 'right')} ${trend(`clone.${c.strategy}.${c.site}`, c.timeShare)}`,
    );
  }
  lines.push(...emptyOrMore(view.clones.length, clones.length, 'no copy measured yet'));

  lines.push('', 'FEATURE DRIFT  WARN: PSI > max(0.1, critical) · DRIFT: PSI > max(0.25, critical)');
  lines.push(
    `  ${fit('feature', 16)}${fit('scope', 10)}${fit('PSI', 8, 'right')}${fit('critical', 10, 'right')}` +
      `${fit('window', 8, 'right')}  ${fit('verdict', 8)}${fit('PSI', TREND)}`,
  );
  const features = view.features.slice(0, maxRows + 2);
  for (const f of features) {
    lines.push(
      `  ${fit(f.name, 15)} ${fit(f.scope, 10)}${fit(ratio(f.psi), 8, 'right')}${fit(ratio(f.critical), 10, 'right')}` +
        `${fit(count(f.window), 8, 'right')}  ${paint(fit(verdictText(f.verdict), 8), f.verdict, options.color)}` +
        `${trend(`psi.${f.name}.${f.scope}`, f.psi, f.critical)}`,
    );
  }
  lines.push(...emptyOrMore(view.features.length, features.length, 'no feature observed yet'));
  if (features.length) {
    lines.push('  critical: the PSI calm data of this window size exceeds only 1% of the time');
    lines.push(newValuesLine(view.features));
  }
  if (view.intervalSeconds === undefined) lines.push('', 'Rates appear after the second scrape.');
  return lines;
}

/** Two significant digits: new-value shares are often well under 1%. */
const smallPercent = (share: number | undefined) =>
  share === undefined ? NONE : `${Number((share * 100).toPrecision(2))}%`;

/** One line: the features receiving values outside their baseline (share > its critical share). */
function newValuesLine(features: readonly FeatureRow[]): string {
  const flagged = features.filter(hasNewValues);
  if (!features.some((f) => f.unseenShare !== undefined)) return `  new values: ${NONE}`;
  if (!flagged.length) return '  new values: none above their critical share';
  const items = flagged.map(
    (f) =>
      `${f.name} (${f.scope}) ${smallPercent(f.unseenShare)} > ${smallPercent(f.unseenCritical)}${f.topBin ? `, top bin ${f.topBin}` : ''}`,
  );
  return `  NEW VALUES: ${items.join('; ')}`;
}

/** Joins `items` into lines of at most `width` characters ( `–` when there are none). */
function wrap(items: string[], separator: string, width: number): string[] {
  if (!items.length) return [NONE];
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && [...lines[last]].length + separator.length + [...item].length <= width)
      lines[last] += separator + item;
    else lines.push(fit(item, width).trimEnd());
  }
  return lines;
}

function emptyOrMore(total: number, shown: number, emptyText: string): string[] {
  if (total === 0) return [`  ${emptyText}`];
  return total > shown ? [`  … and ${total - shown} more`] : [];
}

function verdictText(v: Verdict): string {
  return v === 'ok' ? 'ok' : v === 'warn' ? 'WARN' : 'DRIFT';
}

const COLORS: Record<Verdict, string> = { ok: '\x1b[32m', warn: '\x1b[33m', drift: '\x1b[1;31m' };

function paint(text: string, v: Verdict, color: boolean): string {
  return color ? `${COLORS[v]}${text}\x1b[0m` : text;
}

/** One line for logs and pipes: the headline number of each area. */
export function summaryLine(view: TopView): string {
  const time = new Date(view.at).toISOString().slice(11, 19);
  const { gc } = view;
  const parts = [
    `gc ${percent(gc.pauseRatio)} paused, ${gc.allocationRate === undefined ? NONE : `${bytes(gc.allocationRate)}/s`}, live ${bytes(gc.liveHeap)}`,
  ];
  const worstLock = [...view.locks].sort((a, b) => (b.waitP99 ?? 0) - (a.waitP99 ?? 0))[0];
  parts.push(
    worstLock
      ? `lock ${worstLock.name} wait p99 ${seconds(worstLock.waitP99)}, ${percent(worstLock.contendedShare)} contended`
      : `lock ${NONE}`,
  );
  const worstClone = view.clones[0];
  parts.push(
    worstClone
      ? `clone ${worstClone.strategy}${worstClone.site ? `@${worstClone.site}` : ''} ${percent(worstClone.timeShare)} of time`
      : `clone ${NONE}`,
  );
  const drifting = view.features.filter((f) => f.verdict === 'drift');
  const fresh = view.features.filter(hasNewValues);
  const worstFeature = [...view.features].sort((a, b) => b.psi - a.psi)[0];
  parts.push(
    worstFeature
      ? `psi ${drifting.length ? `DRIFT in ${drifting.map((f) => f.name).join(',')}` : 'ok'} (max ${worstFeature.name} ${ratio(worstFeature.psi)})`
      : `psi ${NONE}`,
  );
  if (fresh.length) parts.push(`new values in ${fresh.map((f) => f.name).join(',')}`);
  return `${time} ${parts.join(' | ')}`;
}
