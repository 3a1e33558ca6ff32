// Carries out an import plan against Grafana, idempotently: the folder and the alert rules are
// looked up by uid first (create when missing, update when present); dashboards are imported with
// `overwrite: true`, which replaces the dashboard of the same uid.
import type { GrafanaClient } from './client';
import { alertRuleBody, dashboardImportBody, type ImportPlan } from './plan';

export interface ImportOptions {
  /** Datasource uid; undefined: the default Prometheus datasource of the Grafana. */
  datasource?: string;
  /** Send `X-Disable-Provenance: true` so the rules stay editable in Grafana's UI. */
  editable: boolean;
  log: (line: string) => void;
}

interface Folder {
  uid: string;
  title: string;
}
interface Datasource {
  uid: string;
  name: string;
  type: string;
  isDefault?: boolean;
}
interface ImportResult {
  uid?: string;
  title?: string;
  importedUrl?: string;
}
interface ExistingRule {
  uid: string;
  provenance?: string;
}

export async function resolveDatasource(client: GrafanaClient, wanted: string | undefined): Promise<string> {
  if (wanted) return wanted;
  const { body } = await client.request<Datasource[]>('GET', '/api/datasources');
  const prometheus = body.filter((d) => d.type === 'prometheus');
  const chosen = prometheus.find((d) => d.isDefault) ?? prometheus[0];
  if (!chosen) throw new Error('Grafana has no Prometheus datasource: add one, or pass --datasource UID');
  return chosen.uid;
}

export async function ensureFolder(
  client: GrafanaClient,
  folder: Folder,
  log: ImportOptions['log'],
): Promise<string> {
  const path = `/api/folders/${encodeURIComponent(folder.uid)}`;
  const existing = await client.request<Folder>('GET', path, { accept: [404] });
  if (existing.status !== 404) {
    log(`folder     ${folder.title} (uid ${existing.body.uid}): exists`);
    return existing.body.uid;
  }
  const created = await client.request<Folder>('POST', '/api/folders', {
    body: { uid: folder.uid, title: folder.title },
    // 409/412: a folder of that title exists under another uid (made by hand): use it.
    accept: [409, 412],
  });
  if (created.status === 200) {
    log(`folder     ${folder.title} (uid ${created.body.uid}): created`);
    return created.body.uid;
  }
  const all = await client.request<Folder[]>('GET', '/api/folders');
  const sameTitle = all.body.find((f) => f.title === folder.title);
  if (!sameTitle)
    throw new Error(`Grafana refused to create folder '${folder.title}' and has no folder of that title`);
  log(`folder     ${folder.title} (uid ${sameTitle.uid}): exists`);
  return sameTitle.uid;
}

export async function runImport(client: GrafanaClient, plan: ImportPlan, o: ImportOptions): Promise<void> {
  const datasource = await resolveDatasource(client, o.datasource);
  o.log(`datasource ${datasource}`);
  const folder = await ensureFolder(client, plan.folder, o.log);

  for (const d of plan.dashboards) {
    const r = await client.request<ImportResult>('POST', '/api/dashboards/import', {
      body: dashboardImportBody(d, folder, datasource),
    });
    o.log(
      `dashboard  ${d.title} (uid ${d.uid}): imported${r.body?.importedUrl ? ` at ${r.body.importedUrl}` : ''}`,
    );
  }

  for (const p of plan.rules) {
    const path = `/api/v1/provisioning/alert-rules/${encodeURIComponent(p.rule.uid)}`;
    const existing = await client.request<ExistingRule>('GET', path, { accept: [404] });
    const body = alertRuleBody(p, folder, datasource);
    // Grafana does not let a rule provisioned through the API (provenance "api") become editable
    // again; asking would fail, so keep it as it is and say so.
    const locked = existing.status === 200 && existing.body?.provenance === 'api';
    if (o.editable && locked)
      o.log(`  note: ${p.rule.uid} was provisioned as not editable; Grafana keeps it that way`);
    const headers: Record<string, string> = o.editable && !locked ? { 'X-Disable-Provenance': 'true' } : {};
    if (existing.status === 404) {
      await client.request('POST', '/api/v1/provisioning/alert-rules', { body, headers });
      o.log(`alert rule ${p.rule.title} (uid ${p.rule.uid}, group ${p.group}): created`);
    } else {
      await client.request('PUT', path, { body, headers });
      o.log(`alert rule ${p.rule.title} (uid ${p.rule.uid}, group ${p.group}): updated`);
    }
  }
}

export function describePlan(plan: ImportPlan, url: string, o: Omit<ImportOptions, 'log'>): string[] {
  return [
    `Dry run: nothing is sent to ${url}. It would:`,
    `datasource ${o.datasource ?? "the Grafana's default Prometheus datasource (GET /api/datasources)"}`,
    `folder     ${plan.folder.title} (uid ${plan.folder.uid}): create if missing (GET/POST /api/folders)`,
    ...plan.dashboards.map(
      (d) => `dashboard  ${d.title} (uid ${d.uid}): POST /api/dashboards/import, overwrite`,
    ),
    ...plan.rules.map(
      (p) =>
        `alert rule ${p.rule.title} (uid ${p.rule.uid}, group ${p.group}): POST or PUT /api/v1/provisioning/alert-rules${o.editable ? ', editable (X-Disable-Provenance)' : ''}`,
    ),
    `${plan.dashboards.length} dashboards, ${plan.rules.length} alert rules.`,
  ];
}
