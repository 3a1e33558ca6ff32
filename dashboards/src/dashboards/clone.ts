import {
  METRIC_CLONE_COPIES,
  METRIC_CLONE_DURATION,
  METRIC_CLONE_ENTRIES,
  METRIC_CLONE_SAMPLING_INTERVAL,
  METRIC_CLONE_SIZE,
} from '@statewatch/semconv';
import { config } from '../config';
import { DASHBOARD_RATE as R, DASHBOARD_SELECTOR as S, L, quantile, sel, sumRate, vector } from '../promql';
import { CLONE_CPU_SHARE } from '../rules/clone';
import { buildDashboard, heatmapPanel, timeseriesPanel } from './common';

export const CLONE_SLUG = 'clone';
const siteLegend = `{{${L.cloneStrategy}}} {{${L.cloneSource}}} {{${L.cloneSite}}}`;
const perSite = [L.cloneStrategy, L.cloneSource, L.cloneSite];

export const cloneDashboard = () =>
  buildDashboard({
    slug: CLONE_SLUG,
    title: 'Clone cost',
    description:
      'What deep copies (structuredClone, rfdc, klona, lodash, JSON, spread, Map copies) cost each process, by strategy, shape and call site.',
    area: 'clone',
    rows: [
      {
        title: 'Cost',
        panels: [
          timeseriesPanel({
            title: 'Clone CPU share',
            description: `Fraction of wall time spent copying (recording rule ${CLONE_CPU_SHARE}). The dashed line is the StatewatchCloneCPUHigh threshold.`,
            unit: 'percentunit',
            min: 0,
            thresholds: [config.cloneCpuShareThreshold],
            targets: [{ expr: vector(CLONE_CPU_SHARE, S), legend: '{{instance}}' }],
          }),
          timeseriesPanel({
            title: 'Clone CPU share by strategy, source and site',
            description:
              'Seconds spent copying per second, split by how, what and where: the top series is the copy to remove first.',
            unit: 'percentunit',
            min: 0,
            stacked: true,
            targets: [
              {
                expr: sumRate(METRIC_CLONE_DURATION, { selector: S, window: R, by: perSite, part: 'sum' }),
                legend: siteLegend,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Clones per second by strategy',
            description: 'Copies made per second, by clone strategy (every copy counted, timed or not).',
            unit: 'cps',
            min: 0,
            stacked: true,
            targets: [
              {
                expr: sumRate(METRIC_CLONE_COPIES, { selector: S, window: R, by: [L.cloneStrategy] }),
                legend: `{{${L.cloneStrategy}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Timing sample interval by strategy and site',
            description:
              'Copies are timed 1 in this many (1: every copy) once timing every copy would cost more than the overhead budget; the duration, entries and size panels are then weighted estimates.',
            unit: 'short',
            min: 1,
            targets: [
              {
                expr: `max by (${L.cloneStrategy}, ${L.cloneSite}) (${sel(METRIC_CLONE_SAMPLING_INTERVAL, S)})`,
                legend: `{{${L.cloneStrategy}}} {{${L.cloneSite}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Latency',
        panels: [
          timeseriesPanel({
            title: 'Clone p50 / p99 by strategy and source',
            description: 'Time of one copy, percentiles from the duration histogram.',
            unit: 's',
            min: 0,
            targets: [
              {
                expr: quantile(0.5, METRIC_CLONE_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.cloneStrategy, L.cloneSource],
                }),
                legend: `p50 {{${L.cloneStrategy}}} {{${L.cloneSource}}}`,
              },
              {
                expr: quantile(0.99, METRIC_CLONE_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.cloneStrategy, L.cloneSource],
                }),
                legend: `p99 {{${L.cloneStrategy}}} {{${L.cloneSource}}}`,
              },
            ],
          }),
          heatmapPanel({
            title: 'Clone duration distribution',
            description:
              'Copies per second in each duration bucket: a second band far right of the first is a few huge copies.',
            unit: 's',
            targets: [
              {
                expr: sumRate(METRIC_CLONE_DURATION, { selector: S, window: R, by: [L.le], part: 'bucket' }),
                legend: '{{le}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Size',
        panels: [
          timeseriesPanel({
            title: 'Entries p99 by source',
            description: 'Top-level entries of the copied value (Map/Set size, array length, own keys), p99.',
            unit: 'short',
            min: 0,
            targets: [
              {
                expr: quantile(0.99, METRIC_CLONE_ENTRIES, { selector: S, window: R, by: [L.cloneSource] }),
                legend: `{{${L.cloneSource}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Copy size p99 by strategy',
            description: 'Estimated size of the copy on sampled calls, p99.',
            unit: 'bytes',
            min: 0,
            targets: [
              {
                expr: quantile(0.99, METRIC_CLONE_SIZE, { selector: S, window: R, by: [L.cloneStrategy] }),
                legend: `{{${L.cloneStrategy}}}`,
              },
            ],
          }),
        ],
      },
    ],
  });
