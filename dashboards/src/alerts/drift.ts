import { config } from '../config';
import { L } from '../promql';
import {
  FEATURE_PSI_CRITICAL_PREFERRED,
  FEATURE_PSI_PREFERRED,
  FEATURE_UNSEEN_SHARE_CRITICAL_PREFERRED,
  FEATURE_UNSEEN_SHARE_PREFERRED,
} from '../rules/drift';
import type { AlertRule, Severity } from '../types';
import type { RuleGroup } from '../types';

/** The PSI a feature must exceed: its own critical value, but never less than `floor`. */
const threshold = (floor: number) => `clamp_min(${FEATURE_PSI_CRITICAL_PREFERRED}, ${floor})`;

/** One alert name, two severities: warning above max(0.1, critical), critical above max(0.25, critical). */
function driftAlert(severity: Severity, floor: number): AlertRule {
  return {
    alert: 'StatewatchFeatureDrift',
    severity,
    signal: FEATURE_PSI_PREFERRED,
    comparison: `> ${threshold(floor)}`,
    for: config.driftFor,
    summary: 'A model input feature has drifted from its baseline.',
    description: (v) =>
      `PSI of feature {{ $labels.${L.featureName} }} (baseline {{ $labels.${L.featureBaseline} }}, {{ $labels.${L.driftScope} }} scope) is {{ printf "%.3f" ${v} }}, above max(${floor}, its critical value).`,
    // Grafana thresholds are constants: alert on PSI as a multiple of its threshold instead.
    grafana: {
      query: `${FEATURE_PSI_PREFERRED} / ${threshold(floor)}`,
      threshold: 1,
      description: (v) =>
        `PSI of feature {{ $labels.${L.featureName} }} (baseline {{ $labels.${L.featureBaseline} }}, {{ $labels.${L.driftScope} }} scope) is {{ printf "%.2f" ${v} }} times max(${floor}, its critical value).`,
    },
  };
}

/**
 * New values: the share of values outside the reference (unseen categories, numbers beyond its
 * range) above the share calm data of the window's size exceeds 1% of the time. PSI can stay
 * under its floors while this fires: a new category at 0.5% moves PSI by about 0.03.
 */
const newValuesAlert: AlertRule = {
  alert: 'StatewatchFeatureNewValues',
  severity: 'warning',
  signal: FEATURE_UNSEEN_SHARE_PREFERRED,
  comparison: `> ${FEATURE_UNSEEN_SHARE_CRITICAL_PREFERRED}`,
  for: config.driftNewValuesFor,
  summary: 'A model input feature receives values its baseline never saw.',
  description: (v) =>
    `{{ humanizePercentage ${v} }} of the values of feature {{ $labels.${L.featureName} }} (baseline {{ $labels.${L.featureBaseline} }}, {{ $labels.${L.driftScope} }} scope) are outside its baseline, more than calm data of this window's size reaches.`,
  // Grafana thresholds are constants: alert on the comparison as 1 or 0 instead.
  grafana: {
    query: `${FEATURE_UNSEEN_SHARE_PREFERRED} > bool ${FEATURE_UNSEEN_SHARE_CRITICAL_PREFERRED}`,
    threshold: 0.5,
    description: () =>
      `The share of values of feature {{ $labels.${L.featureName} }} (baseline {{ $labels.${L.featureBaseline} }}, {{ $labels.${L.driftScope} }} scope) outside its baseline is above its critical share.`,
  },
};

export const driftAlerts: RuleGroup<AlertRule> = {
  name: 'statewatch-drift.alerts',
  rules: [
    driftAlert('warning', config.driftWarningFloor),
    driftAlert('critical', config.driftCriticalFloor),
    newValuesAlert,
  ],
};
