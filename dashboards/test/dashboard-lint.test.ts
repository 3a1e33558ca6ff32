// The rules of grafana/dashboard-linter that can be checked from the JSON, plus statewatch's own:
// every query built from registry names, thresholds equal to the alert thresholds, stable uids.
import { DEFAULT_METRICS, METRICS, prometheusSeriesNames } from '@statewatch/semconv';
import { describe, expect, it } from 'vitest';
import { alertGroups, config, DATASOURCE_INPUT, dashboards, recordingGroups, type PanelJson } from '../src';
import { vectorSelectors } from './utils/promql-scan';

interface Variable {
  type: string;
  name: string;
  label?: string;
  query?: string;
  datasource?: { type?: string; uid?: string };
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  refresh?: number;
  current?: { value?: string };
}
interface Target {
  expr: string;
  refId: string;
  datasource?: { uid?: string };
}

/** Units Grafana knows that our panels may use (a subset of Grafana's unit ids). */
const GRAFANA_UNITS = new Set([
  'none',
  'short',
  'percent',
  'percentunit',
  's',
  'ms',
  'µs',
  'ns',
  'bytes',
  'decbytes',
  'Bps',
  'binBps',
  'cps',
  'ops',
  'reqps',
]);
const DATASOURCE_UIDS = new Set(['${datasource}', '$datasource']);
const COUNTER_SERIES = new Set(
  METRICS.flatMap((m) => (m.prometheus.type === 'gauge' ? [] : prometheusSeriesNames(m))),
);
const KNOWN_SERIES = new Set([
  ...METRICS.flatMap(prometheusSeriesNames),
  ...recordingGroups.flatMap((g) => g.rules.map((r) => r.record)),
]);
const built = Object.entries(dashboards).map(([file, build]) => [file, build()] as const);
const panelsOf = (panels: PanelJson[]): PanelJson[] =>
  panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]).filter((p) => p.type !== 'row');

describe.each(built)('%s', (_file, d) => {
  const variables = (d.templating as { list: Variable[] }).list;
  const panels = panelsOf(d.panels);
  const targets = panels.flatMap((p) =>
    ((p.targets as Target[]) ?? []).map((t) => ({ panel: p.title as string, ...t })),
  );

  it('is import-ready: __inputs, __requires, id null, stable uid, uneditable (template-uneditable-rule)', () => {
    expect(d.__inputs).toEqual([
      expect.objectContaining({ name: DATASOURCE_INPUT, type: 'datasource', pluginId: 'prometheus' }),
    ]);
    const requires = (d.__requires as { type: string; id: string }[]).map((r) => `${r.type}:${r.id}`);
    expect(requires).toEqual(expect.arrayContaining(['grafana:grafana', 'datasource:prometheus']));
    for (const type of new Set(panels.map((p) => p.type))) expect(requires).toContain(`panel:${type}`);
    expect(d.id).toBeNull();
    expect(d.uid).toMatch(new RegExp(`^${config.dashboardUidPrefix}[a-z]+$`));
    expect(d.uid.length).toBeLessThanOrEqual(40);
    expect(d.editable).toBe(false);
    expect(d.tags).toContain(config.dashboardTag);
    const ids = [...d.panels.map((p) => p.id)];
    expect(new Set(ids).size, 'panel ids are unique').toBe(ids.length);
  });

  it('has a Prometheus datasource variable fed by the import input (template-datasource-rule)', () => {
    const ds = variables.find((v) => v.name === 'datasource');
    expect(ds).toMatchObject({
      type: 'datasource',
      query: 'prometheus',
      current: { value: `\${${DATASOURCE_INPUT}}` },
    });
  });

  it.each(['job', 'instance'])('has a %s variable (template-job-rule, template-instance-rule)', (name) => {
    const v = variables.find((x) => x.name === name);
    expect(v).toMatchObject({ type: 'query', label: name, multi: true, includeAll: true, allValue: '.+' });
    expect(DATASOURCE_UIDS.has(v!.datasource!.uid!)).toBe(true);
  });

  it('variable queries are label_values over registry series, reloaded on time change (template-label-promql-rule, template-on-time-change-reload-rule)', () => {
    for (const v of variables.filter((x) => x.type === 'query')) {
      expect(v.refresh, v.name).toBe(2);
      const m = /^label_values\((.+), (\w+)\)$/.exec(v.query!);
      expect(m, v.query).not.toBeNull();
      expect(m![2]).toBe(v.name);
      const [selector] = vectorSelectors(m![1]);
      const names = new RegExp(`^${selector.matchers.__name__.value}$`);
      expect(
        [...KNOWN_SERIES].some((s) => names.test(s)),
        `${v.query} matches a registry series`,
      ).toBe(true);
    }
  });

  it.each(panels.map((p) => [p.title as string, p] as const))(
    'panel %s: datasource, title, description, unit, targets',
    (_t, p) => {
      expect(DATASOURCE_UIDS.has((p.datasource as { uid: string }).uid), 'panel-datasource-rule').toBe(true);
      expect(p.title, 'panel-title-description-rule').toBeTruthy();
      expect((p.description as string)?.length, 'panel-title-description-rule').toBeGreaterThan(10);
      const unit = (p.fieldConfig as { defaults: { unit?: string } }).defaults.unit;
      expect(GRAFANA_UNITS.has(unit ?? ''), `panel-units-rule: unit '${unit}'`).toBe(true);
      expect((p.targets as Target[]).length, 'panel-no-targets-rule').toBeGreaterThan(0);
      for (const t of p.targets as Target[])
        expect(DATASOURCE_UIDS.has(t.datasource?.uid ?? ''), 'target datasource').toBe(true);
    },
  );

  it.each(targets.map((t) => [`${t.panel} ${t.refId}`, t.expr] as const))('query %s', (_what, expr) => {
    const selectors = vectorSelectors(expr);
    expect(selectors.length).toBeGreaterThan(0);
    for (const s of selectors) {
      expect(KNOWN_SERIES.has(s.name), `${s.name} is a registry series or a recording rule`).toBe(true);
      expect(s.matchers.job, `target-job-rule: ${s.name}`).toEqual({ op: '=~', value: '$job' });
      expect(s.matchers.instance, `target-instance-rule: ${s.name}`).toEqual({
        op: '=~',
        value: '$instance',
      });
      if (s.range !== undefined)
        expect(s.range, `target-rate-interval-rule: ${s.name}`).toBe('$__rate_interval');
      if (COUNTER_SERIES.has(s.name)) {
        expect(['rate', 'increase'], `target-counter-agg-rule: ${s.name} only inside rate()`).toContain(s.fn);
        expect(s.range).toBe('$__rate_interval');
      }
    }
  });

  it('draws every alert threshold on the panels that show its signal', () => {
    for (const a of alertGroups.flatMap((g) => g.rules)) {
      const numeric = /^>\s*([0-9.]+)$/.exec(a.comparison);
      if (!numeric) continue;
      for (const p of panels.filter((x) =>
        (x.targets as Target[]).some((t) => vectorSelectors(t.expr).some((s) => s.name === a.signal)),
      )) {
        const steps = (p.fieldConfig as { defaults: { thresholds: { steps: { value: number | null }[] } } })
          .defaults.thresholds.steps;
        expect(
          steps.map((s) => s.value),
          `${p.title} shows ${a.alert}`,
        ).toContain(Number(numeric[1]));
      }
    }
  });
});

describe('the dashboards together', () => {
  const all = built.map(([, d]) => d);
  const selectors = all.flatMap((d) =>
    panelsOf(d.panels).flatMap((p) => (p.targets as Target[]).flatMap((t) => vectorSelectors(t.expr))),
  );
  const recorded = new Set(recordingGroups.flatMap((g) => g.rules.map((r) => r.record)));

  it('have stable, distinct uids', () => {
    expect(all.map((d) => d.uid).sort()).toEqual(
      ['clone', 'drift', 'gc', 'lock', 'overview'].map((s) => `${config.dashboardUidPrefix}${s}`),
    );
  });

  it('show every metric of the registry (directly or through a recording rule)', () => {
    const used = new Set(selectors.map((s) => s.name));
    const viaRules = recordingGroups.flatMap((g) =>
      g.rules.filter((r) => used.has(r.record)).flatMap((r) => vectorSelectors(r.expr).map((s) => s.name)),
    );
    for (const n of viaRules) used.add(n);
    // Opt-in standard metrics (v8js.gc.duration) serve existing runtime dashboards, not ours.
    for (const m of DEFAULT_METRICS)
      expect(
        prometheusSeriesNames(m).some((s) => used.has(s)),
        `${m.name} is on a dashboard`,
      ).toBe(true);
  });

  it('use every recording rule', () => {
    for (const r of recorded)
      expect(
        selectors.some((s) => s.name === r),
        r,
      ).toBe(true);
  });

  it('Overview links every panel to a detail dashboard', () => {
    const overview = all.find((d) => d.uid === `${config.dashboardUidPrefix}overview`)!;
    const uids = new Set(all.map((d) => d.uid));
    for (const p of panelsOf(overview.panels)) {
      const links = p.links as { url: string }[];
      expect(links.length, p.title as string).toBe(1);
      const uid = /^\/d\/([^?]+)\?/.exec(links[0].url)?.[1];
      expect(uids.has(uid!), `${p.title} links to ${uid}`).toBe(true);
    }
  });
});

describe('the selector scanner the lint checks rely on', () => {
  it('finds selectors, matchers, ranges and the enclosing function', () => {
    const found = vectorSelectors(
      'sum by (le, job) (rate(a_bucket{job=~"$job"}[5m])) / on (job) group_left b_total or vector(0) > clamp_min(c, 0.1)',
    );
    expect(found.map((s) => [s.name, s.range, s.fn])).toEqual([
      ['a_bucket', '5m', 'rate'],
      ['b_total', undefined, undefined],
      ['c', undefined, 'clamp_min'],
    ]);
    expect(found[0].matchers.job).toEqual({ op: '=~', value: '$job' });
    expect(vectorSelectors('label_values({__name__=~"x_.+", job=~"$job"}, instance)')[0].name).toBe('x_.+');
  });
});
