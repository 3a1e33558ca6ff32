/** The ingestion paths statewatch supports, each proven by an end-to-end test against Prometheus 3. */
export interface IngestionPath {
  id: string;
  title: string;
  how: string;
  test: string;
}

export const INGESTION_PATHS: readonly IngestionPath[] = [
  {
    id: 'a',
    title: 'embedded endpoint, scraped',
    how: "statewatch's own reader serves `/metrics` (`STATEWATCH_EXPORTERS=prometheus`, the default) with the spec's names",
    test: 'dashboards/test/live-prometheus.test.ts, test/e2e-paths.test.ts (a)',
  },
  {
    id: 'b',
    title: 'OTLP → statewatch collector, scraped',
    how: 'the collector distribution (drift processor for fleet PSI) with its stock `prometheus` exporter, default `translation_strategy`; the per-bin counters `statewatch.feature.observations`, `.missing`, `.unseen` stop at the drift processor unless `pass_through_counters: true`',
    test: 'test/e2e-paths.test.ts (b) (counters passed on), test/e2e-stack.test.ts (shipped default)',
  },
  {
    id: 'c',
    title: "OTLP → Prometheus 3's OTLP receiver",
    how: '`--web.enable-otlp-receiver`, default translation (`UnderscoreEscapingWithSuffixes`), no collector',
    test: 'test/e2e-paths.test.ts (c)',
  },
  {
    id: 'd',
    title: 'OTLP → any collector (otlp receiver → prometheus exporter), scraped',
    how: 'a pipeline with no statewatch component and no renaming: stock `otlp` receiver, stock `prometheus` exporter with its defaults',
    test: 'test/e2e-paths.test.ts (d)',
  },
  {
    id: 'rw',
    title: 'remote write',
    how: 'a Prometheus that scraped (a) remote-writes to another Prometheus 3: names pass unchanged',
    test: 'test/e2e-paths.test.ts (a) + remote write',
  },
];
