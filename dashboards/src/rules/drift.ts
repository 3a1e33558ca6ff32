import {
  METRIC_FEATURE_PSI,
  METRIC_FEATURE_PSI_CRITICAL,
  METRIC_FEATURE_UNSEEN_SHARE,
  METRIC_FEATURE_UNSEEN_SHARE_CRITICAL,
} from '@statewatch/semconv';
import { config } from '../config';
import { L, sel } from '../promql';
import type { RecordingRule, RuleGroup } from '../types';

export const FEATURE_PSI_PREFERRED = 'feature:statewatch_feature_psi:preferred_scope';
export const FEATURE_PSI_CRITICAL_PREFERRED = 'feature:statewatch_feature_psi_critical:preferred_scope';
export const FEATURE_UNSEEN_SHARE_PREFERRED = 'feature:statewatch_feature_unseen_share:preferred_scope';
export const FEATURE_UNSEEN_SHARE_CRITICAL_PREFERRED =
  'feature:statewatch_feature_unseen_share_critical:preferred_scope';

/**
 * The fleet-scope series of a feature/baseline where the collector computes one, else the
 * instance-scope series: the fleet sees every instance's observations, so its PSI is the sharper one.
 */
function preferFleet(otelName: string): string {
  const scoped = (scope: string) => sel(otelName, config.ruleSelector, [`${L.driftScope}="${scope}"`]);
  return `${scoped('fleet')} or (${scoped('instance')} unless on (${L.featureName}, ${L.featureBaseline}) ${scoped('fleet')})`;
}

export const driftRules: RuleGroup<RecordingRule> = {
  name: 'statewatch-drift.rules',
  rules: [
    {
      record: FEATURE_PSI_PREFERRED,
      help: 'PSI per feature and baseline, fleet scope where present, else instance scope.',
      expr: preferFleet(METRIC_FEATURE_PSI),
    },
    {
      record: FEATURE_PSI_CRITICAL_PREFERRED,
      help: 'Critical PSI of the same series as feature:statewatch_feature_psi:preferred_scope.',
      expr: preferFleet(METRIC_FEATURE_PSI_CRITICAL),
    },
    {
      record: FEATURE_UNSEEN_SHARE_PREFERRED,
      help: "Share of the window's values outside the reference (new values), fleet scope where present, else instance scope.",
      expr: preferFleet(METRIC_FEATURE_UNSEEN_SHARE),
    },
    {
      record: FEATURE_UNSEEN_SHARE_CRITICAL_PREFERRED,
      help: 'Critical new-value share of the same series as feature:statewatch_feature_unseen_share:preferred_scope.',
      expr: preferFleet(METRIC_FEATURE_UNSEEN_SHARE_CRITICAL),
    },
  ],
};
