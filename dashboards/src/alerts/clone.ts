import { config } from '../config';
import { CLONE_CPU_SHARE } from '../rules/clone';
import type { AlertRule, RuleGroup } from '../types';

export const cloneAlerts: RuleGroup<AlertRule> = {
  name: 'statewatch-clone.alerts',
  rules: [
    {
      alert: 'StatewatchCloneCPUHigh',
      severity: 'warning',
      signal: CLONE_CPU_SHARE,
      comparison: `> ${config.cloneCpuShareThreshold}`,
      for: config.cloneCpuShareFor,
      summary: 'A Node.js process spends a large share of its time copying values.',
      description: (v) =>
        `{{ $labels.instance }} of job {{ $labels.job }} spent {{ humanizePercentage ${v} }} of wall time in clones over the last ${config.rateWindow}.`,
    },
  ],
};
