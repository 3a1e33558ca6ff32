// A Grafana behind nock that answers the statewatch import's requests in the response shapes
// Grafana documents for each major version (HTTP API docs: folders, dashboards, datasources,
// access control, alerting provisioning), and keeps what is written so a second run sees it.
//
// What differs between the versions here:
// - 9.x and early 10.x answer GET /api/v1/provisioning/alert-rules/{uid} for a missing rule with
//   500 "could not find alert rule" (the half-done imports of the old client); 11 and 12 say 404.
// - 9.x/10.x error bodies are {message, status}; 11+ add messageId, statusCode and traceID.
// - folders carry orgId from 10 on; provisioned rules carry notification_settings and record
//   from 11 on; 12 stores query models without the default intervalMs and maxDataPoints.
// - GET /api/v1/provisioning/alert-rules (the listing) exists from 9.4 on; 9.3 answers 404.
import nock from 'nock';

export type Major = 9 | 10 | 11 | 12;
export const VERSION: Record<Major, string> = { 9: '9.5.2', 10: '10.4.3', 11: '11.3.1', 12: '12.0.2' };
export const GRAFANA = 'http://grafana.test:3000';
export const TOKEN = 'glsa_Secr3tTokenValue_0123456789abcdef';
export const DS_UID = 'P1809F7CD0C75ACF3';

type Json = Record<string, unknown>;

export interface FakeOptions {
  /** Full version string; overrides the major's. */
  version?: string;
  /** null: Grafana answers 404 for the permission listing. */
  permissions?: Record<string, string[]> | null;
  datasources?: Json[];
}

export const EDITOR_AND_ALERT_ADMIN: Record<string, string[]> = {
  'folders:create': [],
  'folders:read': ['folders:*'],
  'dashboards:create': ['folders:*'],
  'dashboards:write': ['dashboards:*', 'folders:*'],
  'dashboards:read': ['dashboards:*', 'folders:*'],
  'alert.provisioning:read': [],
  'alert.provisioning:write': [],
  'datasources:read': ['datasources:*'],
};

export class FakeGrafana {
  readonly major: Major;
  readonly version: string;
  folders = new Map<string, Json>();
  dashboards = new Map<
    string,
    { dashboard: Json; folderUid: string; version: number; provisioned?: boolean }
  >();
  rules = new Map<string, Json>();
  groups = new Map<string, number>();
  /** `METHOD path` of every write. */
  writes: string[] = [];
  /** `METHOD path` of every request. */
  requests: string[] = [];
  permissions: Record<string, string[]> | null;
  datasources: Json[];
  scope: nock.Scope;
  private nextId = 10;

  constructor(major: Major, o: FakeOptions = {}) {
    this.major = major;
    this.version = o.version ?? VERSION[major];
    this.permissions = o.permissions === undefined ? EDITOR_AND_ALERT_ADMIN : o.permissions;
    this.datasources = o.datasources ?? [
      { id: 1, uid: 'loki1', orgId: 1, name: 'Loki', type: 'loki', access: 'proxy', isDefault: true },
      {
        id: 2,
        uid: DS_UID,
        orgId: 1,
        name: 'Prometheus',
        type: 'prometheus',
        access: 'proxy',
        url: 'http://prometheus:9090',
        isDefault: false,
      },
    ];
    this.scope = nock(GRAFANA, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).persist();
    this.routes();
  }

  private error(status: number, message: string, id: string): [number, Json] {
    return this.major >= 11
      ? [status, { message, messageId: id, statusCode: status, traceID: '' }]
      : [status, { message, status: status === 404 ? 'not-found' : 'error' }];
  }

  private folderJson(f: Json): Json {
    const base = {
      id: f.id,
      uid: f.uid,
      title: f.title,
      url: `/dashboards/f/${String(f.uid)}/`,
      hasAcl: false,
      canSave: true,
      canEdit: true,
      canAdmin: true,
      canDelete: true,
      createdBy: 'sa-statewatch',
      created: '2026-12-01T10:00:00Z',
      updatedBy: 'sa-statewatch',
      updated: '2026-12-01T10:00:00Z',
      version: 1,
    };
    return this.major >= 10 ? { ...base, orgId: 1 } : base;
  }

  private ruleJson(r: Json): Json {
    let data = r.data as Json[];
    if (this.major >= 12)
      data = data.map((q) => {
        const { intervalMs: _i, maxDataPoints: _m, ...model } = q.model as Json;
        return { ...q, model };
      });
    const base = {
      id: r.id,
      orgID: 1,
      updated: '2026-12-01T10:00:00Z',
      ...r,
      data,
      isPaused: r.isPaused ?? false,
    };
    return this.major >= 11 ? { notification_settings: null, record: null, ...base } : base;
  }

  private record(method: string, path: string, write: boolean) {
    this.requests.push(`${method} ${path}`);
    if (write) this.writes.push(`${method} ${path}`);
  }

  private routes() {
    const s = this.scope;
    const path = (prefix: string) => (p: string) => p.split('?')[0].startsWith(prefix);
    s.get('/api/frontend/settings').reply(() => {
      this.record('GET', '/api/frontend/settings', false);
      return [
        200,
        {
          buildInfo: {
            version: this.version,
            commit: 'abc123',
            edition: 'Open Source',
            env: 'production',
            hideVersion: false,
          },
          appUrl: `${GRAFANA}/`,
        },
      ];
    });
    s.get('/api/access-control/user/permissions').reply(() => {
      this.record('GET', '/api/access-control/user/permissions', false);
      return this.permissions ? [200, this.permissions] : this.error(404, 'Not found', 'api.notFound');
    });
    s.get('/api/datasources').reply(
      () => (this.record('GET', '/api/datasources', false), [200, this.datasources]),
    );
    s.get(path('/api/datasources/uid/')).reply((req: Request) => {
      const uri = pathOf(req);
      this.record('GET', uri, false);
      const ds = this.datasources.find((d) => d.uid === uri.split('/').pop());
      return ds ? [200, ds] : this.error(404, 'Data source not found', 'datasources.notFound');
    });
    s.get('/api/folders').reply(
      () => (
        this.record('GET', '/api/folders', false),
        [200, [...this.folders.values()].map((f) => ({ id: f.id, uid: f.uid, title: f.title }))]
      ),
    );
    s.get(path('/api/folders/')).reply((req: Request) => {
      const uri = pathOf(req);
      this.record('GET', uri, false);
      const f = this.folders.get(decodeURIComponent(uri.split('/').pop()!));
      return f ? [200, this.folderJson(f)] : this.error(404, 'folder not found', 'folder.notFound');
    });
    s.post('/api/folders').reply(async (req: Request) => {
      this.record('POST', '/api/folders', true);
      const b = (await req.json()) as Json;
      const f = { id: this.nextId++, uid: b.uid, title: b.title };
      this.folders.set(String(b.uid), f);
      return [200, this.folderJson(f)];
    });
    s.get(path('/api/dashboards/uid/')).reply((req: Request) => {
      const uri = pathOf(req);
      this.record('GET', uri, false);
      const uid = decodeURIComponent(uri.split('/').pop()!);
      const d = this.dashboards.get(uid);
      if (!d) return this.error(404, 'Dashboard not found', 'dashboards.notFound');
      const folder = this.folders.get(d.folderUid);
      return [
        200,
        {
          dashboard: { ...d.dashboard, id: 100 + d.version, uid, version: d.version },
          meta: {
            type: 'db',
            canSave: true,
            canEdit: true,
            canAdmin: true,
            canStar: true,
            canDelete: true,
            slug: uid,
            url: `/d/${uid}/${uid}`,
            expires: '0001-01-01T00:00:00Z',
            created: '2026-12-01T10:00:00Z',
            updated: '2026-12-01T10:00:00Z',
            updatedBy: 'sa-statewatch',
            createdBy: 'sa-statewatch',
            version: d.version,
            hasAcl: false,
            isFolder: false,
            folderId: folder?.id ?? 0,
            folderUid: d.folderUid,
            folderTitle: folder?.title ?? 'General',
            folderUrl: `/dashboards/f/${d.folderUid}/`,
            provisioned: d.provisioned ?? false,
            provisionedExternalId: '',
          },
        },
      ];
    });
    s.post('/api/dashboards/db').reply(async (req: Request) => {
      this.record('POST', '/api/dashboards/db', true);
      const b = (await req.json()) as Json;
      const dashboard = b.dashboard as Json;
      const uid = String(dashboard.uid);
      const version = (this.dashboards.get(uid)?.version ?? 0) + 1;
      this.dashboards.set(uid, { dashboard, folderUid: String(b.folderUid), version });
      return [
        200,
        { id: 100 + version, uid, url: `/d/${uid}/${uid}`, status: 'success', version, slug: uid },
      ];
    });
    s.get('/api/v1/provisioning/alert-rules').reply(() => {
      this.record('GET', '/api/v1/provisioning/alert-rules', false);
      if (this.version && compare(this.version, '9.4.0') < 0) return [404, { message: 'Not found' }];
      return [200, [...this.rules.values()].map((r) => this.ruleJson(r))];
    });
    s.get(path('/api/v1/provisioning/alert-rules/')).reply((req: Request) => {
      const uri = pathOf(req);
      this.record('GET', uri, false);
      const r = this.rules.get(decodeURIComponent(uri.split('/').pop()!));
      if (r) return [200, this.ruleJson(r)];
      return this.major <= 10
        ? [500, { message: 'could not find alert rule' }]
        : this.error(404, 'could not find alert rule', 'alerting.notFound');
    });
    s.get(path('/api/v1/provisioning/folder/')).reply((req: Request) => {
      const uri = pathOf(req);
      this.record('GET', uri, false);
      const [, , , , , folderUid, , group] = uri.split('/').map(decodeURIComponent);
      const key = `${folderUid}/${group}`;
      if (!this.groups.has(key)) return this.error(404, 'rule group does not exist', 'alerting.notFound');
      const rules = [...this.rules.values()].filter(
        (r) => r.folderUID === folderUid && r.ruleGroup === group,
      );
      return [
        200,
        {
          title: group,
          folderUid,
          interval: this.groups.get(key),
          rules: rules.map((r) => this.ruleJson(r)),
        },
      ];
    });
    s.put(path('/api/v1/provisioning/folder/')).reply(async (req: Request) =>
      this.putGroup(pathOf(req), (await req.json()) as Json, req.headers.get('x-disable-provenance')),
    );
  }

  putGroup(uri: string, b: Json, disableProvenance: unknown): [number, Json] {
    this.record('PUT', uri, true);
    const [, , , , , folderUid, , group] = uri.split('/').map(decodeURIComponent);
    if (!this.folders.has(folderUid)) return this.error(400, 'bad request data', 'alerting.badRequest');
    const key = `${folderUid}/${group}`;
    this.groups.set(key, Number(b.interval));
    for (const [uid, r] of this.rules)
      if (r.folderUID === folderUid && r.ruleGroup === group) this.rules.delete(uid);
    for (const rule of b.rules as Json[]) {
      const old = this.rules.get(String(rule.uid));
      this.rules.set(String(rule.uid), {
        ...rule,
        id: old?.id ?? this.nextId++,
        folderUID: folderUid,
        ruleGroup: group,
        provenance: disableProvenance ? '' : 'api',
      });
    }
    return [200, { title: group, folderUid, interval: b.interval, rules: b.rules }];
  }

  done() {
    nock.cleanAll();
  }
}

/** nock 15 hands reply functions the fetch Request. */
function pathOf(req: Request): string {
  return new URL(req.url).pathname;
}

function compare(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
