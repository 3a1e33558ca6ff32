import {
  METRIC_GC_ALLOCATED,
  METRIC_GC_HEAP_LIMIT,
  METRIC_GC_HEAP_LIVE,
  METRIC_GC_PAUSE_DURATION,
} from '@statewatch/semconv';
import { config } from '../config';
import { L, sel, sumRate } from '../promql';
import type { RecordingRule, RuleGroup } from '../types';

const perInstance = [L.job, L.instance];
const w = config.rateWindow;

export const GC_PAUSE_RATIO = `instance:statewatch_gc_pause_ratio:rate${w}`;
export const GC_ALLOCATION_RATE = `instance:statewatch_gc_allocation_bytes:rate${w}`;
export const GC_HEAP_LIVE_RATIO = 'instance:statewatch_gc_heap_live_limit:ratio';

export const gcRules: RuleGroup<RecordingRule> = {
  name: 'statewatch-gc.rules',
  rules: [
    {
      record: GC_PAUSE_RATIO,
      help: 'Fraction of wall time the process spent in GC pauses (seconds paused per second).',
      expr: sumRate(METRIC_GC_PAUSE_DURATION, {
        selector: config.ruleSelector,
        window: w,
        by: perInstance,
        part: 'sum',
      }),
    },
    {
      record: GC_ALLOCATION_RATE,
      help: 'Bytes allocated on the V8 heap per second.',
      expr: sumRate(METRIC_GC_ALLOCATED, { selector: config.ruleSelector, window: w, by: perInstance }),
    },
    {
      record: GC_HEAP_LIVE_RATIO,
      help: 'Live heap after the latest major GC as a share of the V8 heap limit.',
      expr:
        `sum by (${perInstance.join(', ')}) (${sel(METRIC_GC_HEAP_LIVE, config.ruleSelector)})` +
        ` / sum by (${perInstance.join(', ')}) (${sel(METRIC_GC_HEAP_LIMIT, config.ruleSelector)})`,
    },
  ],
};
