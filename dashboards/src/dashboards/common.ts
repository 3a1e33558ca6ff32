// Shared dashboard pieces: the datasource/job/instance variables, panel builders with the
// defaults every panel needs (datasource, unit, description, thresholds) and the final pass that
// makes a dashboard import-ready (`__inputs`, `__requires`, panel ids).
import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { Area } from '@statewatch/semconv';
import { config } from '../config';
import { areaNameRegex, L } from '../promql';

/** Name of the dashboard import input that carries the Prometheus datasource uid. */
export const DATASOURCE_INPUT = 'DS_PROMETHEUS';
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

export const dashboardUid = (slug: string) => `${config.dashboardUidPrefix}${slug}`;

/**
 * Opens the description of every panel that only has data behind the statewatch collector (fleet
 * PSI is computed there); the per-path tests check that such panels are empty on every other path.
 */
export const NEEDS_STATEWATCH_COLLECTOR = 'Needs the statewatch collector:';
/** Closes the description of panels on the instances' per-bin drift counters. */
export const COUNTERS_STOP_AT_STATEWATCH_COLLECTOR =
  'Behind the statewatch collector these per-instance counters stop at its drift processor unless it runs with pass_through_counters: true (STATEWATCH_DRIFT_PASS_THROUGH_COUNTERS); fleet PSI replaces them.';

export interface Target {
  expr: string;
  legend: string;
}

export interface PanelSpec {
  title: string;
  description: string;
  /** Grafana unit id (`s`, `percentunit`, `bytes`, `Bps`, `cps`, `none`, …). */
  unit: string;
  targets: Target[];
  /** Threshold steps above the green base, e.g. an alert threshold. Values come from `config`. */
  thresholds?: number[];
  width?: number;
  height?: number;
  min?: number;
  max?: number;
  /** Link to a detail dashboard, carrying time range and variables. */
  link?: { title: string; slug: string };
  stacked?: boolean;
}

export type AnyPanel = timeseries.PanelBuilder | stat.PanelBuilder | heatmap.PanelBuilder;

const STEP_COLORS = ['orange', 'red'];

function thresholdSteps(values: number[] = []) {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    ...values.map((value, i) => ({
      value,
      color: STEP_COLORS[Math.min(i + STEP_COLORS.length - values.length, STEP_COLORS.length - 1)],
    })),
  ]);
}

function targets(list: Target[], format?: prometheus.PromQueryFormat) {
  return list.map((t, i) => {
    const q = new prometheus.DataqueryBuilder()
      .refId(String.fromCharCode(65 + i))
      .expr(t.expr)
      .legendFormat(t.legend)
      .datasource(DATASOURCE)
      .range();
    return format ? q.format(format) : q;
  });
}

function panelLinks(link?: PanelSpec['link']) {
  if (!link) return [];
  return [
    new DashboardLinkBuilder(link.title)
      .type(DashboardLinkType.Link)
      .url(`/d/${dashboardUid(link.slug)}?\${__url_time_range}&\${__all_variables}`),
  ];
}

/** What every panel carries: title, description, datasource, unit, targets, size, min/max, link. */
function withBasics<P extends AnyPanel>(
  p: P,
  s: PanelSpec,
  size: { w: number; h: number },
  format?: prometheus.PromQueryFormat,
): P {
  // Each call goes through the common shape of the three builders (they share these setters).
  const b = p as unknown as timeseries.PanelBuilder;
  b.title(s.title)
    .description(s.description)
    .datasource(DATASOURCE)
    .unit(s.unit)
    .targets(targets(s.targets, format))
    .links(panelLinks(s.link))
    .span(s.width ?? size.w)
    .height(s.height ?? size.h);
  if (s.min !== undefined) b.min(s.min);
  if (s.max !== undefined) b.max(s.max);
  return p;
}

export function timeseriesPanel(s: PanelSpec): timeseries.PanelBuilder {
  const p = withBasics(new timeseries.PanelBuilder(), s, { w: 12, h: 8 })
    .thresholds(thresholdSteps(s.thresholds))
    .thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(
        s.thresholds?.length ? common.GraphThresholdsStyleMode.Dashed : common.GraphThresholdsStyleMode.Off,
      ),
    )
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(['lastNotNull', 'max']),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    )
    .fillOpacity(s.stacked ? 30 : 10);
  if (s.stacked) p.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  return p;
}

export function statPanel(s: PanelSpec): stat.PanelBuilder {
  return withBasics(new stat.PanelBuilder(), s, { w: 6, h: 5 })
    .thresholds(thresholdSteps(s.thresholds))
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']));
}

/** A heatmap of a histogram's buckets (`sum by (le) (rate(x_bucket[...]))`, format heatmap). */
export function heatmapPanel(s: PanelSpec): heatmap.PanelBuilder {
  return withBasics(new heatmap.PanelBuilder(), s, { w: 12, h: 8 }, prometheus.PromQueryFormat.Heatmap)
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(s.unit));
}

function variables(area?: Area) {
  const names = `__name__=~"${areaNameRegex(area)}"`;
  const queryVariable = (name: string, selector: string) => {
    const query = `label_values({${selector}}, ${name})`;
    return new QueryVariableBuilder(name)
      .label(name)
      .description(`${name} label of the scraped statewatch series`)
      .datasource(DATASOURCE)
      .query(query)
      .definition(query)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue('.+');
  };
  return [
    new DatasourceVariableBuilder('datasource')
      .label('Data source')
      .type('prometheus')
      .current({ selected: true, text: `\${${DATASOURCE_INPUT}}`, value: `\${${DATASOURCE_INPUT}}` }),
    queryVariable(L.job, names),
    queryVariable(L.instance, `${names}, ${L.job}=~"$job"`),
  ];
}

export interface DashboardSpec {
  slug: string;
  title: string;
  description: string;
  /** Area whose series feed the job/instance variables; none: every statewatch series. */
  area?: Area;
  rows: { title: string; panels: AnyPanel[] }[];
}

/** Dashboard JSON as Grafana's "export for sharing externally" writes it. */
export type DashboardJson = Record<string, unknown> & { uid: string; title: string; panels: PanelJson[] };
export type PanelJson = Record<string, unknown> & { id: number; type: string; panels?: PanelJson[] };

export function buildDashboard(s: DashboardSpec): DashboardJson {
  const b = new DashboardBuilder(`statewatch / ${s.title}`)
    .uid(dashboardUid(s.slug))
    .description(s.description)
    .tags([config.dashboardTag])
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .timezone('browser')
    .time({ from: config.dashboardFrom, to: 'now' })
    .refresh(config.dashboardRefresh)
    .variables(variables(s.area))
    .link(
      new DashboardLinkBuilder('statewatch')
        .type(DashboardLinkType.Dashboards)
        .tags([config.dashboardTag])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  for (const row of s.rows) {
    b.withRow(new RowBuilder(row.title));
    for (const p of row.panels) b.withPanel(p);
  }
  return importReady(b.build() as unknown as DashboardJson);
}

const PANEL_NAMES: Record<string, string> = {
  timeseries: 'Time series',
  stat: 'Stat',
  heatmap: 'Heatmap',
  row: 'Row',
};

/** Stable panel ids, `id: null`, and the `__inputs`/`__requires` of an externally shared export. */
function importReady(d: DashboardJson): DashboardJson {
  d.panels.forEach((p, i) => (p.id = i + 1));
  const panelTypes = [...new Set(d.panels.map((p) => p.type).filter((t) => t !== 'row'))].sort();
  return {
    __inputs: [
      {
        name: DATASOURCE_INPUT,
        label: 'Prometheus',
        description: 'Prometheus that scrapes statewatch (or the statewatch collector).',
        type: 'datasource',
        pluginId: 'prometheus',
        pluginName: 'Prometheus',
      },
    ],
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.0.0' },
      { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
      ...panelTypes.map((id) => ({ type: 'panel', id, name: PANEL_NAMES[id] ?? id, version: '' })),
    ],
    id: null,
    ...d,
  };
}
