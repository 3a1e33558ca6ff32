import {
  METRIC_FEATURE_BIN_SHARE,
  METRIC_FEATURE_BIN_SHARE_REFERENCE,
  METRIC_FEATURE_MISSING,
  METRIC_FEATURE_OBSERVATIONS,
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CONTRIBUTION,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_UNSEEN,
  METRIC_FEATURE_WINDOW_OBSERVATIONS,
} from '@statewatch/semconv';
import { config } from '../config';
import { DASHBOARD_RATE as R, DASHBOARD_SELECTOR as S, L, sel, sumRate, vector } from '../promql';
import {
  FEATURE_PSI_CRITICAL_PREFERRED,
  FEATURE_PSI_PREFERRED,
  FEATURE_UNSEEN_SHARE_CRITICAL_PREFERRED,
  FEATURE_UNSEEN_SHARE_PREFERRED,
} from '../rules/drift';
import {
  buildDashboard,
  COUNTERS_STOP_AT_STATEWATCH_COLLECTOR as COUNTERS_NOTE,
  NEEDS_STATEWATCH_COLLECTOR,
  timeseriesPanel,
  type Target,
} from './common';

export const DRIFT_SLUG = 'drift';
const PSI_THRESHOLDS = [config.driftWarningFloor, config.driftCriticalFloor];
const perSeries = [L.job, L.instance, L.featureName, L.featureBaseline];
const byFeature = [L.featureName];

function scopeTargets(scope: string): Target[] {
  const gauge = (name: string) =>
    `max by (${perSeries.join(', ')}) (${sel(name, S, [`${L.driftScope}="${scope}"`])})`;
  return [
    { expr: gauge(METRIC_FEATURE_PSI), legend: `PSI {{${L.featureName}}} {{instance}}` },
    { expr: gauge(METRIC_FEATURE_PSI_CRITICAL), legend: `critical {{${L.featureName}}} {{instance}}` },
  ];
}

/** Bins each feature shows: the SDK's and the collector's default number of top bins. */
const TOP_BINS = 3;
const perBin = [L.featureName, L.featureBin, L.driftScope];
/** Per bin, the series of the top contributing bins now (fleet scope where present, like the alerts). */
const topBins = (name: string) =>
  `max by (${perBin.join(', ')}) (${sel(name, S)}) and on (${perBin.join(', ')}) topk by (${L.featureName}, ${L.driftScope}) (${TOP_BINS}, max by (${perBin.join(', ')}) (${sel(METRIC_FEATURE_PSI_CONTRIBUTION, S)}))`;

const observations = sumRate(METRIC_FEATURE_OBSERVATIONS, { selector: S, window: R, by: byFeature });
const missing = sumRate(METRIC_FEATURE_MISSING, { selector: S, window: R, by: byFeature });

export const driftDashboard = () =>
  buildDashboard({
    slug: DRIFT_SLUG,
    title: 'Feature drift',
    description:
      'Population Stability Index of every model input feature against its baseline, per instance and across the fleet, with the data behind it.',
    area: 'drift',
    rows: [
      {
        title: 'PSI',
        panels: [
          timeseriesPanel({
            title: 'PSI against critical: instance scope',
            description: `PSI computed in each process, with the PSI that no-drift data of the window's size exceeds only 1% of the time. Dashed lines: ${config.driftWarningFloor} and ${config.driftCriticalFloor}; an alert needs PSI above both the line and the critical value.`,
            unit: 'none',
            min: 0,
            thresholds: PSI_THRESHOLDS,
            targets: scopeTargets('instance'),
          }),
          timeseriesPanel({
            title: 'PSI against critical: fleet scope (statewatch collector)',
            description: `${NEEDS_STATEWATCH_COLLECTOR} fleet PSI is computed by its drift processor from the observations of every instance, and is empty behind any other collector or Prometheus' OTLP receiver (series carry the collector's job and instance). Dashed lines: ${config.driftWarningFloor} and ${config.driftCriticalFloor}.`,
            unit: 'none',
            min: 0,
            thresholds: PSI_THRESHOLDS,
            targets: scopeTargets('fleet'),
          }),
          timeseriesPanel({
            title: 'PSI / alert threshold (preferred scope)',
            description: `PSI divided by max(${config.driftWarningFloor}, critical), fleet scope where present: above 1 the StatewatchFeatureDrift warning condition holds.`,
            unit: 'none',
            min: 0,
            thresholds: [1],
            width: 24,
            targets: [
              {
                expr: `${vector(FEATURE_PSI_PREFERRED, S)} / clamp_min(${vector(FEATURE_PSI_CRITICAL_PREFERRED, S)}, ${config.driftWarningFloor})`,
                legend: `{{${L.featureName}}} {{${L.driftScope}}} {{instance}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'New values and the bins that moved',
        panels: [
          timeseriesPanel({
            title: 'New values: share against critical (preferred scope)',
            description: `Share of the window's values outside the baseline (categories it does not name, numbers below its min or above its max), with the share that calm data of the window's size exceeds only 1% of the time. Above its critical share for ${config.driftNewValuesFor}, StatewatchFeatureNewValues fires, even when PSI stays under ${config.driftWarningFloor}.`,
            unit: 'percentunit',
            min: 0,
            targets: [
              {
                expr: vector(FEATURE_UNSEEN_SHARE_PREFERRED, S),
                legend: `new {{${L.featureName}}} {{${L.driftScope}}} {{instance}}`,
              },
              {
                expr: vector(FEATURE_UNSEEN_SHARE_CRITICAL_PREFERRED, S),
                legend: `critical {{${L.featureName}}} {{${L.driftScope}}} {{instance}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'New values per second by feature',
            description: `Values outside the baseline seen per second, from every instance: the first sign of a new country, a unit change or a new enum member upstream. ${COUNTERS_NOTE}`,
            unit: 'cps',
            min: 0,
            targets: [
              {
                expr: sumRate(METRIC_FEATURE_UNSEEN, { selector: S, window: R, by: byFeature }),
                legend: `{{${L.featureName}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Top contributing bins per feature',
            description: `Each bin's term of the PSI sum, for the ${TOP_BINS} bins of each feature that contribute most now (numeric bins by index, categories by name): the bins that moved. Fleet and instance scope side by side.`,
            unit: 'none',
            min: 0,
            targets: [
              {
                expr: topBins(METRIC_FEATURE_PSI_CONTRIBUTION),
                legend: `{{${L.featureName}}} {{${L.featureBin}}} {{${L.driftScope}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Reference against current share of the top bins',
            description: `Smoothed share of the baseline and of the current window in each of the same top ${TOP_BINS} bins per feature: where they part, the population moved.`,
            unit: 'percentunit',
            min: 0,
            targets: [
              {
                expr: topBins(METRIC_FEATURE_BIN_SHARE_REFERENCE),
                legend: `reference {{${L.featureName}}} {{${L.featureBin}}} {{${L.driftScope}}}`,
              },
              {
                expr: topBins(METRIC_FEATURE_BIN_SHARE),
                legend: `current {{${L.featureName}}} {{${L.featureBin}}} {{${L.driftScope}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Data',
        panels: [
          timeseriesPanel({
            title: 'Observations by feature',
            description: `Feature values seen per second. ${COUNTERS_NOTE}`,
            unit: 'cps',
            min: 0,
            targets: [{ expr: observations, legend: `{{${L.featureName}}}` }],
          }),
          timeseriesPanel({
            title: 'Missing share by feature',
            description: `Share of values that were null, undefined, NaN or of the wrong type: a broken upstream shows here before it shows as drift. ${COUNTERS_NOTE}`,
            unit: 'percentunit',
            min: 0,
            targets: [
              { expr: `${missing} / (${missing} + ${observations})`, legend: `{{${L.featureName}}}` },
            ],
          }),
          timeseriesPanel({
            title: 'Bin shares by feature',
            description: `Share of observations that fell into each baseline bin (category for categorical features); compare with the baseline to see which bins moved. ${COUNTERS_NOTE}`,
            unit: 'percentunit',
            min: 0,
            stacked: true,
            targets: [
              {
                expr: `${sumRate(METRIC_FEATURE_OBSERVATIONS, { selector: S, window: R, by: [L.featureName, L.featureBin] })} / on (${L.featureName}) group_left ${observations}`,
                legend: `{{${L.featureName}}} bin {{${L.featureBin}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Window size',
            description: 'Observations in the current PSI window: small windows have higher critical values.',
            unit: 'short',
            min: 0,
            targets: [
              {
                expr: `max by (${[...perSeries, L.driftScope].join(', ')}) (${sel(METRIC_FEATURE_WINDOW_OBSERVATIONS, S)})`,
                legend: `{{${L.featureName}}} {{${L.driftScope}}} {{instance}}`,
              },
            ],
          }),
        ],
      },
    ],
  });
