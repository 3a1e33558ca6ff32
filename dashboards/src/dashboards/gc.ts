import {
  METRIC_GC_HEAP_LIMIT,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_PAUSE_DURATION,
  METRIC_GC_RECLAIMED,
} from '@statewatch/semconv';
import { config } from '../config';
import { DASHBOARD_RATE as R, DASHBOARD_SELECTOR as S, L, quantile, sel, sumRate, vector } from '../promql';
import { GC_ALLOCATION_RATE, GC_HEAP_LIVE_RATIO, GC_PAUSE_RATIO } from '../rules/gc';
import { buildDashboard, heatmapPanel, timeseriesPanel } from './common';

export const GC_SLUG = 'gc';

export const gcDashboard = () =>
  buildDashboard({
    slug: GC_SLUG,
    title: 'GC pressure',
    description:
      'How much time V8 garbage collection takes from each Node.js process, what drives it, and how close the live heap is to its limit.',
    area: 'gc',
    rows: [
      {
        title: 'Pressure',
        panels: [
          timeseriesPanel({
            title: 'GC pause ratio',
            description: `Fraction of wall time spent in GC pauses (recording rule ${GC_PAUSE_RATIO}). The dashed line is the StatewatchGCPauseRatioHigh threshold.`,
            unit: 'percentunit',
            thresholds: [config.gcPauseRatioThreshold],
            min: 0,
            targets: [{ expr: vector(GC_PAUSE_RATIO, S), legend: '{{instance}}' }],
          }),
          timeseriesPanel({
            title: 'GC pause ratio by GC type',
            description:
              'Seconds paused per second, split by kind of collection: major GCs pause longest, minor ones most often.',
            unit: 'percentunit',
            min: 0,
            stacked: true,
            targets: [
              {
                expr: sumRate(METRIC_GC_PAUSE_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.gcType],
                  part: 'sum',
                }),
                legend: `{{${L.gcType}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Allocation rate',
            description: `Bytes allocated on the V8 heap per second (recording rule ${GC_ALLOCATION_RATE}). Allocation drives minor GCs.`,
            unit: 'Bps',
            min: 0,
            targets: [{ expr: vector(GC_ALLOCATION_RATE, S), legend: '{{instance}}' }],
          }),
          timeseriesPanel({
            title: 'Reclaimed by GC type',
            description: 'Bytes freed per second by each kind of collection.',
            unit: 'Bps',
            min: 0,
            stacked: true,
            targets: [
              {
                expr: sumRate(METRIC_GC_RECLAIMED, { selector: S, window: R, by: [L.gcType] }),
                legend: `{{${L.gcType}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Pauses',
        panels: [
          timeseriesPanel({
            title: 'GC rate by type',
            description: 'Collections per second, by kind of collection.',
            unit: 'cps',
            min: 0,
            targets: [
              {
                expr: sumRate(METRIC_GC_PAUSE_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.gcType],
                  part: 'count',
                }),
                legend: `{{${L.gcType}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'GC pause p50 / p99 by type',
            description: 'Pause length percentiles from the pause histogram, by kind of collection.',
            unit: 's',
            min: 0,
            targets: [
              {
                expr: quantile(0.5, METRIC_GC_PAUSE_DURATION, { selector: S, window: R, by: [L.gcType] }),
                legend: `p50 {{${L.gcType}}}`,
              },
              {
                expr: quantile(0.99, METRIC_GC_PAUSE_DURATION, { selector: S, window: R, by: [L.gcType] }),
                legend: `p99 {{${L.gcType}}}`,
              },
            ],
          }),
          heatmapPanel({
            title: 'GC pause distribution',
            description:
              'Pauses per second in each duration bucket: shows bimodal minor/major pause patterns a percentile hides.',
            unit: 's',
            width: 24,
            targets: [
              {
                expr: sumRate(METRIC_GC_PAUSE_DURATION, {
                  selector: S,
                  window: R,
                  by: [L.le],
                  part: 'bucket',
                }),
                legend: '{{le}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Heap',
        panels: [
          timeseriesPanel({
            title: 'Live heap and heap limit',
            description:
              'Used heap right after the latest major GC (the live set) against the V8 heap size limit.',
            unit: 'bytes',
            min: 0,
            targets: [
              {
                expr: `sum by (${L.job}, ${L.instance}) (${sel(METRIC_GC_HEAP_LIVE, S)})`,
                legend: 'live {{instance}}',
              },
              {
                expr: `sum by (${L.job}, ${L.instance}) (${sel(METRIC_GC_HEAP_LIMIT, S)})`,
                legend: 'limit {{instance}}',
              },
            ],
          }),
          timeseriesPanel({
            title: 'Live heap / limit',
            description: `Live heap as a share of the heap limit (recording rule ${GC_HEAP_LIVE_RATIO}). The dashed line is the StatewatchHeapNearLimit threshold.`,
            unit: 'percentunit',
            min: 0,
            max: 1,
            thresholds: [config.heapLiveRatioThreshold],
            targets: [{ expr: vector(GC_HEAP_LIVE_RATIO, S), legend: '{{instance}}' }],
          }),
        ],
      },
    ],
  });
