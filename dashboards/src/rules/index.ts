import type { RecordingRule, RuleGroup } from '../types';
import { cloneRules } from './clone';
import { driftRules } from './drift';
import { gcRules } from './gc';
import { lockRules } from './lock';

export const recordingGroups: RuleGroup<RecordingRule>[] = [gcRules, lockRules, cloneRules, driftRules];

/** Replace every recorded name in `expr` by its expression, for consumers without the recording rules. */
export function inlineRecorded(expr: string): string {
  let out = expr;
  for (const r of recordingGroups.flatMap((g) => g.rules))
    out = out.replace(
      new RegExp(`(?<![\\w:])${r.record.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w:])`, 'g'),
      `(${r.expr})`,
    );
  return out;
}
