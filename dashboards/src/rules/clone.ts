import { METRIC_CLONE_DURATION } from '@statewatch/semconv';
import { config } from '../config';
import { L, sumRate } from '../promql';
import type { RecordingRule, RuleGroup } from '../types';

const w = config.rateWindow;

export const CLONE_CPU_SHARE = `instance:statewatch_clone_cpu_share:rate${w}`;

export const cloneRules: RuleGroup<RecordingRule> = {
  name: 'statewatch-clone.rules',
  rules: [
    {
      record: CLONE_CPU_SHARE,
      help: 'Fraction of wall time spent copying values (seconds of clone per second): the event loop share clones take.',
      expr: sumRate(METRIC_CLONE_DURATION, {
        selector: config.ruleSelector,
        window: w,
        by: [L.job, L.instance],
        part: 'sum',
      }),
    },
  ],
};
