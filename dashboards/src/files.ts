// Read the committed generated files (for `statewatch grafana import` and the tests).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DashboardJson } from './dashboards/common';
import type { GrafanaAlertFile } from './grafana-alerts';
import { GENERATED_DIR, GRAFANA_ALERTING_DIR, RULES_FILE } from './outputs';

/** The dashboards package directory (this file runs from its dist/). */
export const PACKAGE_ROOT = join(__dirname, '..');

export interface GeneratedFile<T> {
  path: string;
  content: T;
}

function readDir<T>(
  dir: string,
  ext: string,
  parseFile: (text: string, path: string) => T,
): GeneratedFile<T>[] {
  const abs = join(PACKAGE_ROOT, dir);
  return readdirSync(abs)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => {
      const path = join(abs, f);
      try {
        return { path, content: parseFile(readFileSync(path, 'utf8'), path) };
      } catch (err) {
        throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    });
}

export function loadDashboards(): GeneratedFile<DashboardJson>[] {
  return readDir(GENERATED_DIR, '.json', (text, path) => {
    const d = JSON.parse(text) as DashboardJson;
    if (typeof d.uid !== 'string' || typeof d.title !== 'string')
      throw new Error(`${path} is not a dashboard (no uid/title)`);
    return d;
  });
}

export function loadGrafanaAlertFiles(): GeneratedFile<GrafanaAlertFile>[] {
  return readDir(GRAFANA_ALERTING_DIR, '.yaml', (text, path) => {
    const f = parse(text) as GrafanaAlertFile;
    if (f?.apiVersion !== 1 || !Array.isArray(f.groups))
      throw new Error(`${path} is not an alerting provisioning file (apiVersion 1, groups)`);
    return f;
  });
}

export interface PrometheusRuleFile {
  groups: {
    name: string;
    rules: (
      | { record: string; expr: string }
      | {
          alert: string;
          expr: string;
          for: string;
          labels: Record<string, string>;
          annotations: Record<string, string>;
        }
    )[];
  }[];
}

export function loadPrometheusRules(): GeneratedFile<PrometheusRuleFile> {
  const path = join(PACKAGE_ROOT, RULES_FILE);
  return { path, content: parse(readFileSync(path, 'utf8')) as PrometheusRuleFile };
}
