import type { Exposition, Sample } from './exposition';
import type { Bucket } from './histogram';

/** One scrape of an endpoint: when it was taken and what it said. */
export interface Scrape {
  /** Milliseconds since the epoch. */
  at: number;
  exposition: Exposition;
}

export interface Group {
  labels: Record<string, string>;
  value: number;
}

export interface HistogramGroup {
  labels: Record<string, string>;
  buckets: Bucket[];
  sum: number;
  count: number;
}

type Filter = Record<string, string>;

function matches(sample: Sample, filter: Filter): boolean {
  for (const key in filter) if (sample.labels[key] !== filter[key]) return false;
  return true;
}

function keyOf(labels: Record<string, string>, by: readonly string[]): string {
  return by.map((l) => labels[l] ?? '').join('\u0000');
}

function pick(labels: Record<string, string>, by: readonly string[]): Record<string, string> {
  return Object.fromEntries(by.map((l) => [l, labels[l] ?? '']));
}

/** Samples of `name` matching `filter`, summed per distinct value of the `by` labels. */
export function sumBy(
  exposition: Exposition,
  name: string,
  by: readonly string[],
  filter: Filter = {},
): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const sample of exposition.samples) {
    if (sample.name !== name || !matches(sample, filter)) continue;
    const key = keyOf(sample.labels, by);
    const group = groups.get(key) ?? { labels: pick(sample.labels, by), value: 0 };
    group.value += sample.value;
    groups.set(key, group);
  }
  return groups;
}

/** A histogram family (`<name>_bucket/_sum/_count`) summed per distinct value of the `by` labels. */
export function histogramBy(
  exposition: Exposition,
  name: string,
  by: readonly string[],
  filter: Filter = {},
): Map<string, HistogramGroup> {
  const groups = new Map<string, HistogramGroup>();
  const get = (labels: Record<string, string>) => {
    const key = keyOf(labels, by);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels: pick(labels, by), buckets: [], sum: 0, count: 0 }));
    return group;
  };
  for (const sample of exposition.samples) {
    if (!sample.name.startsWith(name) || !matches(sample, filter)) continue;
    const suffix = sample.name.slice(name.length);
    if (suffix === '_sum') get(sample.labels).sum += sample.value;
    else if (suffix === '_count') get(sample.labels).count += sample.value;
    else if (suffix === '_bucket') {
      const le = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
      const buckets = get(sample.labels).buckets;
      const bucket = buckets.find((b) => b.le === le);
      if (bucket) bucket.count += sample.value;
      else buckets.push({ le, count: sample.value });
    }
  }
  for (const group of groups.values()) group.buckets.sort((a, b) => a.le - b.le);
  return groups;
}

/**
 * Increase of a counter between two readings: a series absent before started at zero, and a
 * smaller current value means the process restarted.
 */
export function increase(previous: number | undefined, current: number): number {
  const before = previous ?? 0;
  return current >= before ? current - before : current;
}

/** Identity of a series: its name and every label, in a stable order. */
function seriesKey(sample: Sample): string {
  const names = Object.keys(sample.labels).sort();
  return `${sample.name}{${names.map((k) => `${k}=${sample.labels[k]}`).join('\u0000')}}`;
}

function valuesBySeries(exposition: Exposition | undefined): Map<string, number> {
  const values = new Map<string, number>();
  for (const sample of exposition?.samples ?? []) values.set(seriesKey(sample), sample.value);
  return values;
}

/**
 * Increase of every series between two scrapes, each on its own (a counter reset in one series,
 * an instance restarting behind a collector, stays in that series), then summed per `by` group,
 * as PromQL's `sum by (…) (increase(…))` does. Series of `name` only (`_bucket` etc. included
 * with `prefix`).
 */
function seriesIncreases(
  previous: Exposition | undefined,
  current: Exposition,
  accept: (sample: Sample) => boolean,
): { sample: Sample; delta: number }[] {
  const before = valuesBySeries(previous);
  const out: { sample: Sample; delta: number }[] = [];
  for (const sample of current.samples)
    if (accept(sample)) out.push({ sample, delta: increase(before.get(seriesKey(sample)), sample.value) });
  return out;
}

/** Per-series increase of counter `name` between two scrapes, summed per distinct value of `by`. */
export function increaseBy(
  previous: Exposition | undefined,
  current: Exposition,
  name: string,
  by: readonly string[],
  filter: Filter = {},
): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const { sample, delta } of seriesIncreases(
    previous,
    current,
    (s) => s.name === name && matches(s, filter),
  )) {
    const key = keyOf(sample.labels, by);
    const group = groups.get(key) ?? { labels: pick(sample.labels, by), value: 0 };
    group.value += delta;
    groups.set(key, group);
  }
  return groups;
}

/** Per-series increase of a histogram family between two scrapes, summed per distinct value of `by`. */
export function histogramIncreaseBy(
  previous: Exposition | undefined,
  current: Exposition,
  name: string,
  by: readonly string[],
  filter: Filter = {},
): Map<string, HistogramGroup> {
  const increases: Exposition = {
    ...current,
    samples: seriesIncreases(previous, current, (s) => s.name.startsWith(name) && matches(s, filter)).map(
      ({ sample, delta }) => ({ ...sample, value: delta }),
    ),
  };
  return histogramBy(increases, name, by, filter);
}
