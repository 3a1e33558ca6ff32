export { config, type Config } from './config';
export { dashboards } from './dashboards';
export {
  DATASOURCE_INPUT,
  NEEDS_STATEWATCH_COLLECTOR,
  type DashboardJson,
  type PanelJson,
} from './dashboards/common';
export {
  GRAFANA_DATASOURCE_PLACEHOLDER,
  GRAFANA_FOLDER,
  grafanaRuleUid,
  type GrafanaAlertFile,
  type GrafanaRule,
} from './grafana-alerts';
export {
  loadDashboards,
  loadGrafanaAlertFiles,
  loadPrometheusRules,
  PACKAGE_ROOT,
  type GeneratedFile,
  type PrometheusRuleFile,
} from './files';
export { GENERATED_DIR, GRAFANA_ALERTING_DIR, RULES_FILE, generatedOutputs } from './outputs';
export { alertGroups } from './alerts';
export { recordingGroups, inlineRecorded } from './rules';
export { prometheusAlert } from './prometheus-rules';
export type { AlertRule, RecordingRule, RuleGroup, Severity } from './types';
