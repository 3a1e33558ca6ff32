// The reads before any write: Grafana's version, the datasource, the token's permissions, the
// folder, the dashboards and the alert rules that exist. Any failure here stops the import
// before anything is written.
import type { GrafanaClient } from './client';
import type { Desired } from './desired';

/** GET /api/v1/provisioning/alert-rules (the listing that tells missing rules apart) came in 9.4. */
export const MINIMUM_GRAFANA = '9.4.0';

export class PreflightError extends Error {}

export interface Datasource {
  uid: string;
  name: string;
  type: string;
  isDefault?: boolean;
}

export interface ExistingDashboard {
  dashboard: Record<string, unknown>;
  meta: {
    folderUid?: string;
    folderTitle?: string;
    provisioned?: boolean;
    canSave?: boolean;
    version?: number;
  };
}

export interface ExistingRule extends Record<string, unknown> {
  uid: string;
  title: string;
  folderUID: string;
  ruleGroup: string;
  provenance?: string;
}

export interface ExistingGroup {
  title: string;
  folderUid: string;
  interval: number;
  rules: ExistingRule[];
}

export interface GrafanaState {
  version?: string;
  datasource: Datasource;
  /** The folder of that uid, or of that title under another uid; undefined: to be created. */
  folder?: { uid: string; title: string };
  dashboards: Map<string, ExistingDashboard>;
  /** Every rule Grafana has, by uid. */
  rules: Map<string, ExistingRule>;
  /** The groups of our names in the folder, as Grafana has them. */
  groups: Map<string, ExistingGroup>;
  /** Permission checks made, e.g. `dashboards:write`; empty when Grafana cannot list them. */
  permissions: string[];
  notes: string[];
}

export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .split(/[.+-]/)
      .slice(0, 3)
      .map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

async function readVersion(client: GrafanaClient, notes: string[]): Promise<string | undefined> {
  const { body } = await client.request<{ buildInfo?: { version?: string } }>(
    'GET',
    '/api/frontend/settings',
  );
  const version = body?.buildInfo?.version;
  if (!version) {
    notes.push(`Grafana does not say its version (hide_version?): assuming ${MINIMUM_GRAFANA} or newer`);
    return undefined;
  }
  if (compareVersions(version, MINIMUM_GRAFANA) < 0)
    throw new PreflightError(
      `Grafana ${version} is older than ${MINIMUM_GRAFANA}, the oldest statewatch can import into (it needs GET /api/v1/provisioning/alert-rules to tell which rules exist)`,
    );
  return version;
}

async function readDatasource(client: GrafanaClient, wanted: string | undefined): Promise<Datasource> {
  if (wanted) {
    const r = await client.request<Datasource>('GET', `/api/datasources/uid/${encodeURIComponent(wanted)}`, {
      accept: [404],
    });
    if (r.status === 404)
      throw new PreflightError(
        `--datasource ${wanted}: Grafana has no datasource of that uid (GET /api/datasources/uid/${wanted}: 404)`,
      );
    if (r.body.type !== 'prometheus')
      throw new PreflightError(
        `--datasource ${wanted} is a ${r.body.type} datasource ('${r.body.name}'), not Prometheus`,
      );
    return r.body;
  }
  const { body } = await client.request<Datasource[]>('GET', '/api/datasources');
  if (!Array.isArray(body))
    throw new PreflightError('GET /api/datasources did not answer a list of datasources');
  const prometheus = body.filter((d) => d.type === 'prometheus');
  const chosen = prometheus.find((d) => d.isDefault) ?? prometheus[0];
  if (!chosen)
    throw new PreflightError('Grafana has no Prometheus datasource: add one, or pass --datasource UID');
  return chosen;
}

async function readFolder(client: GrafanaClient, wanted: Desired['folder'], notes: string[]) {
  const r = await client.request<{ uid: string; title: string }>(
    'GET',
    `/api/folders/${encodeURIComponent(wanted.uid)}`,
    { accept: [404] },
  );
  if (r.status !== 404) return { uid: r.body.uid, title: r.body.title };
  // A folder of that title made by hand (another uid) would refuse the create: use it.
  const all = await client.request<{ uid: string; title: string }[]>('GET', '/api/folders');
  const sameTitle = Array.isArray(all.body) ? all.body.find((f) => f.title === wanted.title) : undefined;
  if (sameTitle) notes.push(`folder '${wanted.title}' exists with uid ${sameTitle.uid}: using it`);
  return sameTitle;
}

/** Grants of `action` cover `scope` (exact, or a `…:*` wildcard); actions without scopes count as granted. */
function granted(permissions: Record<string, string[]>, action: string, scope: string): boolean {
  const scopes = permissions[action];
  if (!scopes) return false;
  if (scopes.length === 0 || scopes.includes('')) return true;
  return scopes.some(
    (s) => s === scope || s === '*' || (s.endsWith('*') && scope.startsWith(s.slice(0, -1))),
  );
}

async function checkPermissions(
  client: GrafanaClient,
  folderUid: string,
  folderExists: boolean,
  notes: string[],
): Promise<string[]> {
  const r = await client.request<Record<string, string[]>>('GET', '/api/access-control/user/permissions', {
    accept: [404],
  });
  if (r.status === 404 || !r.body || typeof r.body !== 'object') {
    notes.push(
      "Grafana does not list the token's permissions (GET /api/access-control/user/permissions): Grafana decides at each write",
    );
    return [];
  }
  const folderScope = `folders:uid:${folderUid}`;
  const needs: [string, string[], string][] = [
    ['dashboards:write', ['dashboards:write'], folderScope],
    ['dashboards:create', ['dashboards:create'], folderScope],
    // Grafana 11 added the alert.rules.provisioning actions; the regular rule actions also work.
    [
      'alert rules: read',
      [
        'alert.provisioning:read',
        'alert.rules.provisioning:read',
        'alert.provisioning.secrets:read',
        'alert.rules:read',
      ],
      folderScope,
    ],
    [
      'alert rules: write',
      ['alert.provisioning:write', 'alert.rules.provisioning:write', 'alert.rules:write'],
      folderScope,
    ],
  ];
  if (!folderExists) needs.unshift(['folders:create', ['folders:create'], '']);
  const missing = needs.filter(([, actions, scope]) => !actions.some((a) => granted(r.body, a, scope)));
  if (missing.length)
    throw new PreflightError(
      `the token lacks ${missing.map(([name, actions]) => `${name} (${actions.join(' or ')})`).join(', ')} for folder ${folderUid}: give its service account the Editor role, or Admin for alert provisioning`,
    );
  return needs.map(([name]) => name);
}

async function readDashboards(client: GrafanaClient, desired: Desired) {
  const found = new Map<string, ExistingDashboard>();
  for (const d of desired.dashboards) {
    const r = await client.request<ExistingDashboard>(
      'GET',
      `/api/dashboards/uid/${encodeURIComponent(d.uid)}`,
      {
        accept: [404],
      },
    );
    if (r.status === 404) continue;
    if (r.body.meta?.provisioned)
      throw new PreflightError(
        `dashboard ${d.uid} ('${d.title}') is provisioned from a file on the Grafana server, which the HTTP API cannot change: remove it there first`,
      );
    found.set(d.uid, r.body);
  }
  return found;
}

async function readRules(client: GrafanaClient, desired: Desired, folderUid: string | undefined) {
  const { body } = await client.request<ExistingRule[]>('GET', '/api/v1/provisioning/alert-rules');
  if (!Array.isArray(body))
    throw new PreflightError('GET /api/v1/provisioning/alert-rules did not answer a list of rules');
  const rules = new Map(body.map((r) => [r.uid, r]));
  const groups = new Map<string, ExistingGroup>();
  for (const g of desired.groups) {
    if (!folderUid || !body.some((r) => r.folderUID === folderUid && r.ruleGroup === g.title)) continue;
    const r = await client.request<ExistingGroup>(
      'GET',
      `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(g.title)}`,
    );
    groups.set(g.title, r.body);
  }
  return { rules, groups };
}

export async function readGrafana(
  client: GrafanaClient,
  desired: Desired,
  o: { datasource?: string },
): Promise<GrafanaState> {
  const notes: string[] = [];
  const version = await readVersion(client, notes);
  const datasource = await readDatasource(client, o.datasource);
  const folder = await readFolder(client, desired.folder, notes);
  const permissions = await checkPermissions(
    client,
    folder?.uid ?? desired.folder.uid,
    Boolean(folder),
    notes,
  );
  const dashboards = await readDashboards(client, desired);
  const { rules, groups } = await readRules(client, desired, folder?.uid);
  return { version, datasource, folder, dashboards, rules, groups, permissions, notes };
}
