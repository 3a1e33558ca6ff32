import { config } from '../config';
import { GC_HEAP_LIVE_RATIO, GC_PAUSE_RATIO } from '../rules/gc';
import type { AlertRule, RuleGroup } from '../types';

export const gcAlerts: RuleGroup<AlertRule> = {
  name: 'statewatch-gc.alerts',
  rules: [
    {
      alert: 'StatewatchGCPauseRatioHigh',
      severity: 'warning',
      signal: GC_PAUSE_RATIO,
      comparison: `> ${config.gcPauseRatioThreshold}`,
      for: config.gcPauseRatioFor,
      summary: 'A Node.js process spends a large share of its time in GC pauses.',
      description: (v) =>
        `{{ $labels.instance }} of job {{ $labels.job }} spent {{ humanizePercentage ${v} }} of wall time in GC pauses over the last ${config.rateWindow}.`,
    },
    {
      alert: 'StatewatchHeapNearLimit',
      severity: 'critical',
      signal: GC_HEAP_LIVE_RATIO,
      comparison: `> ${config.heapLiveRatioThreshold}`,
      for: config.heapLiveRatioFor,
      summary: 'The live heap of a Node.js process is close to the V8 heap limit.',
      description: (v) =>
        `The live heap of {{ $labels.instance }} of job {{ $labels.job }} after its latest major GC is {{ humanizePercentage ${v} }} of the heap limit.`,
    },
  ],
};
