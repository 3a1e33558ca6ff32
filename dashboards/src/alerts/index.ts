import { config } from '../config';
import type { AlertRule, RuleGroup } from '../types';
import { cloneAlerts } from './clone';
import { driftAlerts } from './drift';
import { gcAlerts } from './gc';
import { lockAlerts } from './lock';

/** The one pass that links every alert to its section of docs/runbooks.md (an existing link is kept). */
function withRunbookLinks(groups: RuleGroup<AlertRule>[]): RuleGroup<AlertRule>[] {
  return groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) => ({
      ...r,
      runbookUrl: r.runbookUrl ?? config.runbookURLPattern.replace('%s', r.alert.toLowerCase()),
    })),
  }));
}

export const alertGroups: RuleGroup<AlertRule>[] = withRunbookLinks([
  gcAlerts,
  lockAlerts,
  cloneAlerts,
  driftAlerts,
]);
