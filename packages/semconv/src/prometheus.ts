import type { Instrument, MetricDefinition, PrometheusType } from './metrics';

/**
 * The OTel → Prometheus naming rule of the compatibility spec with its default translation
 * ("underscore escaping with suffixes"), as Prometheus 3's OTLP receiver, the collector's
 * prometheus exporter and statewatch's own endpoint apply it. A port of
 * github.com/prometheus/otlptranslator v1.0.0 (`MetricNamer`, `LabelNamer`), which Prometheus
 * v0.316.0 uses:
 *
 * - every run of characters outside `[a-zA-Z0-9:]` separates tokens joined by `_`
 *   (`statewatch.gc.pause.duration` → `statewatch_gc_pause_duration`);
 * - the unit is appended unless the name already holds it as a token: UCUM words are mapped
 *   (`s` → `seconds`, `By` → `bytes`, `ms` → `milliseconds`, …), `a/b` becomes `a_per_b`,
 *   annotations such as `{acquisition}` add nothing, and `1` adds nothing;
 * - monotonic sums (Counters) end in `_total`; gauges with unit `1` end in `_ratio`.
 */
export type PrometheusNamingKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram';

const UNIT_WORDS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};
const PER_UNIT_WORDS: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const tokens = (s: string) => s.split(/[^a-zA-Z0-9:]+/).filter(Boolean);
/** A unit word as name-safe characters (otlptranslator's `cleanUpUnit`). */
const cleanUnit = (s: string) => tokens(s).join('_');

/** The main and "per" unit words of a UCUM unit: `By/s` → [`bytes`, `per_second`]. */
function unitSuffixes(unit: string): [string, string] {
  const [main = '', per] = unit.split(/\/(.*)/s, 2);
  const mainOtel = main.trim();
  const mainWord = mainOtel && !/[{}]/.test(mainOtel) ? (UNIT_WORDS[mainOtel] ?? mainOtel) : '';
  let perWord = '';
  const perOtel = per?.trim();
  if (perOtel && !/[{}]/.test(perOtel)) perWord = `per_${PER_UNIT_WORDS[perOtel] ?? perOtel}`;
  return [cleanUnit(mainWord), cleanUnit(perWord)];
}

/** The Prometheus metric name of an OTel metric (without `_bucket`/`_sum`/`_count`). */
export function prometheusMetricName(otelName: string, unit: string, kind: PrometheusNamingKind): string {
  let parts = tokens(otelName);
  const [main, per] = unitSuffixes(unit);
  if (main && !parts.includes(main)) parts.push(main);
  if (per && per !== 'per' && !parts.includes(per)) parts.push(per);
  if (kind === 'counter') parts = [...parts.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && kind === 'gauge') parts = [...parts.filter((t) => t !== 'ratio'), 'ratio'];
  const name = parts.join('_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The Prometheus label name of an OTel attribute: `lock.name` → `lock_name`. */
export function toPrometheusLabel(attribute: string): string {
  const name = attribute.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');
  return /^[0-9]/.test(name) ? `key_${name}` : name;
}

export function namingKind(instrument: Instrument): PrometheusNamingKind {
  return instrument.toLowerCase() as PrometheusNamingKind;
}

/** The rule applied to a registry instrument. */
export function toPrometheusName(otelName: string, instrument: Instrument, unit: string): string {
  return prometheusMetricName(otelName, unit, namingKind(instrument));
}

export function toPrometheusType(instrument: Instrument): PrometheusType {
  switch (instrument) {
    case 'Histogram':
      return 'histogram';
    case 'Counter':
      return 'counter';
    case 'Gauge':
    case 'UpDownCounter':
      return 'gauge';
  }
}

/** Every series name a metric is served under (`_bucket`/`_sum`/`_count` for histograms). */
export function prometheusSeriesNames(m: MetricDefinition): string[] {
  const { name, type } = m.prometheus;
  return type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
}
