// What `statewatch grafana import` wants Grafana to hold, from the generated files of
// @statewatch/dashboards: the folder, the dashboards and the alert rule groups.
import {
  DATASOURCE_INPUT,
  loadDashboards,
  loadGrafanaAlertFiles,
  type DashboardJson,
  type GrafanaRule,
} from '@statewatch/dashboards';
import { UsageError } from '../cli/exit-codes';

export interface DesiredGroup {
  title: string;
  /** Evaluation interval in seconds. */
  interval: number;
  rules: GrafanaRule[];
}

export interface Desired {
  folder: { uid: string; title: string };
  dashboards: DashboardJson[];
  groups: DesiredGroup[];
}

/** A Grafana uid from a folder name: lower-case letters, digits and dashes, at most 40 characters. */
export function folderUid(name: string): string {
  const uid = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  if (!uid) throw new UsageError(`--folder '${name}' has no letters or digits to make a folder uid from`);
  return uid;
}

/** Seconds of a Prometheus-style duration (`1m`, `90s`, `1h30m`); NaN when it is not one. */
export function durationSeconds(text: string | number | undefined): number {
  if (typeof text === 'number') return text;
  if (!text) return 0;
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g, (_, n: string, unit: string) => {
    total += Number(n) * units[unit];
    return '';
  });
  return rest === '' ? total : NaN;
}

export function loadDesired(folderName: string): Desired {
  return {
    folder: { uid: folderUid(folderName), title: folderName },
    dashboards: loadDashboards().map((f) => f.content),
    groups: loadGrafanaAlertFiles().flatMap((f) =>
      f.content.groups.map((g) => ({
        title: g.name,
        interval: durationSeconds(g.interval),
        rules: g.rules,
      })),
    ),
  };
}

const PLACEHOLDER = `\${${DATASOURCE_INPUT}}`;

/** Replaces the datasource placeholder everywhere in a JSON value. */
function withDatasource<T>(value: T, datasourceUid: string): T {
  return JSON.parse(JSON.stringify(value).split(PLACEHOLDER).join(datasourceUid)) as T;
}

/** The dashboard as Grafana should store it: datasource filled in, no import-only fields. */
export function dashboardModel(d: DashboardJson, datasourceUid: string): Record<string, unknown> {
  const { __inputs: _inputs, __requires: _requires, id: _id, ...rest } = d as Record<string, unknown>;
  return withDatasource(rest, datasourceUid);
}

/** A rule as the provisioning API takes it (ProvisionedAlertRule). */
export function ruleModel(rule: GrafanaRule, group: string, folder: string, datasourceUid: string) {
  return { ...withDatasource(rule, datasourceUid), folderUID: folder, ruleGroup: group, orgID: 1 };
}
