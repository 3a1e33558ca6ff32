// What `statewatch grafana import` sends, read from the generated files of @statewatch/dashboards.
import {
  DATASOURCE_INPUT,
  GRAFANA_DATASOURCE_PLACEHOLDER,
  loadDashboards,
  loadGrafanaAlertFiles,
  type DashboardJson,
  type GrafanaRule,
} from '@statewatch/dashboards';

export interface RulePlan {
  group: string;
  rule: GrafanaRule;
}

export interface ImportPlan {
  folder: { uid: string; title: string };
  dashboards: DashboardJson[];
  rules: RulePlan[];
}

/** A Grafana uid from a folder name: lower-case letters, digits and dashes, at most 40 characters. */
export function folderUid(name: string): string {
  const uid = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  if (!uid) throw new Error(`--folder '${name}' has no letters or digits to make a folder uid from`);
  return uid;
}

export function buildPlan(folderName: string): ImportPlan {
  return {
    folder: { uid: folderUid(folderName), title: folderName },
    dashboards: loadDashboards().map((f) => f.content),
    rules: loadGrafanaAlertFiles().flatMap((f) =>
      f.content.groups.flatMap((g) => g.rules.map((rule) => ({ group: g.name, rule }))),
    ),
  };
}

/** The body of `POST /api/dashboards/import`. */
export function dashboardImportBody(dashboard: DashboardJson, folderUidValue: string, datasourceUid: string) {
  return {
    dashboard,
    overwrite: true,
    folderUid: folderUidValue,
    inputs: [{ name: DATASOURCE_INPUT, type: 'datasource', pluginId: 'prometheus', value: datasourceUid }],
  };
}

/** The body of `POST/PUT /api/v1/provisioning/alert-rules` (ProvisionedAlertRule). */
export function alertRuleBody(p: RulePlan, folderUidValue: string, datasourceUid: string) {
  const data = JSON.parse(
    JSON.stringify(p.rule.data).split(GRAFANA_DATASOURCE_PLACEHOLDER).join(datasourceUid),
  ) as GrafanaRule['data'];
  return {
    ...p.rule,
    data,
    folderUID: folderUidValue,
    ruleGroup: p.group,
    orgID: 1,
  };
}
