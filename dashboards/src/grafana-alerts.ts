// Grafana-managed alert rules (file provisioning format, apiVersion 1) from the same alert
// definitions as the Prometheus rules: A = query, B = reduce(last, A), C = threshold(B).
// The datasource uid is `${DS_PROMETHEUS}`: Grafana's file provisioning replaces it from the
// environment, and `statewatch grafana import` replaces it with --datasource.
import { alertGroups } from './alerts';
import { config } from './config';
import { inlineRecorded } from './rules';
import type { AlertRule } from './types';

export const GRAFANA_DATASOURCE_PLACEHOLDER = '${DS_PROMETHEUS}';
/** Folder the provisioning files put the rules in; the CLI's --folder overrides it. */
export const GRAFANA_FOLDER = 'statewatch';
const EXPR = { type: '__expr__', uid: '__expr__' };

/** Seconds of a Prometheus duration such as `5m`. */
function seconds(duration: string): number {
  const m = /^(\d+)([smhd])$/.exec(duration);
  if (!m) throw new Error(`unsupported duration '${duration}' (want e.g. 30s, 5m, 1h)`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** `StatewatchLockWaitHigh` + warning → `statewatch-lock-wait-high-warning` (Grafana uids: at most 40 chars). */
export function grafanaRuleUid(a: AlertRule): string {
  const slug = a.alert
    .replace(/^Statewatch/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
  const uid = `sw-${slug}-${a.severity}`;
  if (uid.length > 40)
    throw new Error(`Grafana rule uid '${uid}' of ${a.alert} is longer than 40 characters`);
  return uid;
}

function grafanaRule(a: AlertRule) {
  const numeric = /^>\s*([0-9.]+)$/.exec(a.comparison);
  const g =
    a.grafana ??
    (numeric ? { query: a.signal, threshold: Number(numeric[1]), description: a.description } : undefined);
  if (!g) throw new Error(`${a.alert}: comparison '${a.comparison}' is not a number; give it a grafana form`);
  const value = '$values.B.Value';
  return {
    uid: grafanaRuleUid(a),
    title: `${a.alert} (${a.severity})`,
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: 600, to: 0 },
        datasourceUid: GRAFANA_DATASOURCE_PLACEHOLDER,
        model: {
          refId: 'A',
          // Grafana alerting may not see the recording rules: inline them.
          expr: inlineRecorded(g.query),
          instant: true,
          range: false,
          intervalMs: 1000,
          maxDataPoints: 43200,
          datasource: { type: 'prometheus', uid: GRAFANA_DATASOURCE_PLACEHOLDER },
        },
      },
      {
        refId: 'B',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: EXPR.uid,
        model: {
          refId: 'B',
          type: 'reduce',
          expression: 'A',
          reducer: 'last',
          settings: { mode: 'dropNN' },
          datasource: EXPR,
        },
      },
      {
        refId: 'C',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: EXPR.uid,
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: 'gt', params: [g.threshold] } }],
          datasource: EXPR,
        },
      },
    ],
    noDataState: 'OK',
    execErrState: 'Error',
    for: a.for,
    annotations: { summary: a.summary, description: g.description(value), runbook_url: a.runbookUrl },
    labels: { severity: a.severity },
    isPaused: false,
  };
}

export type GrafanaRule = ReturnType<typeof grafanaRule>;
export interface GrafanaAlertFile {
  apiVersion: 1;
  groups: { orgId: number; name: string; folder: string; interval: string; rules: GrafanaRule[] }[];
}

/** One provisioning file per area, keyed by file name (without `.yaml`). */
export function grafanaAlertFiles(): Record<string, GrafanaAlertFile> {
  seconds(config.evaluationInterval); // validates the interval
  return Object.fromEntries(
    alertGroups.map((g) => [
      g.name.replace(/\.alerts$/, ''),
      {
        apiVersion: 1 as const,
        groups: [
          {
            orgId: 1,
            name: g.name.replace(/\.alerts$/, ''),
            folder: GRAFANA_FOLDER,
            interval: config.evaluationInterval,
            rules: g.rules.map(grafanaRule),
          },
        ],
      },
    ]),
  );
}

export { seconds as durationSeconds };
