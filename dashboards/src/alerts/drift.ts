import { config } from '../config';
import { L } from '../promql';
import { FEATURE_PSI_CRITICAL_PREFERRED, FEATURE_PSI_PREFERRED } from '../rules/drift';
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

export const driftAlerts: RuleGroup<AlertRule> = {
  name: 'statewatch-drift.alerts',
  rules: [driftAlert('warning', config.driftWarningFloor), driftAlert('critical', config.driftCriticalFloor)],
};
