// `statewatch grafana import` against Grafana's documented request and response shapes (nock
// intercepts global fetch): folder creation, dashboard import with the datasource input, alert
// rule provisioning (POST when missing, PUT when present), errors, retries, and the token never
// printed.
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboards, loadGrafanaAlertFiles } from '@statewatch/dashboards';
import { grafanaCli } from '../src/grafana/cli';

const GRAFANA = 'http://grafana.test:3000';
const TOKEN = 'glsa_Secr3tTokenValue_0123456789abcdef';
const DS_UID = 'P1809F7CD0C75ACF3';
const dashboards = loadDashboards().map((f) => f.content);
const rules = loadGrafanaAlertFiles().flatMap((f) =>
  f.content.groups.flatMap((g) => g.rules.map((r) => ({ group: g.name, rule: r }))),
);

interface Run {
  code: number;
  out: string;
  err: string;
  sleeps: number[];
}

async function cli(argv: string[], env: Record<string, string> = { GRAFANA_TOKEN: TOKEN }): Promise<Run> {
  const run: Run = { code: -1, out: '', err: '', sleeps: [] };
  run.code = await grafanaCli(argv, {
    env,
    out: (t) => (run.out += t),
    err: (t) => (run.err += t),
    backoffMs: 100,
    sleep: async (ms) => void run.sleeps.push(ms),
  });
  // The token must never reach the output, whatever happened.
  expect(run.out + run.err).not.toContain(TOKEN);
  return run;
}

const grafana = () => nock(GRAFANA, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
const folderJson = {
  id: 7,
  uid: 'statewatch',
  title: 'statewatch',
  url: '/dashboards/f/statewatch/statewatch',
  version: 1,
};
const importJson = (uid: string, title: string) => ({
  uid,
  pluginId: '',
  title,
  imported: true,
  importedUri: `db/${uid}`,
  importedUrl: `/d/${uid}/${uid}`,
  slug: uid,
  dashboardId: 3,
  folderId: 7,
  folderUid: 'statewatch',
  importedRevision: 0,
  revision: 0,
  description: '',
  path: '',
  removed: false,
});

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('statewatch grafana import', () => {
  it('--dry-run lists every dashboard and alert rule and sends nothing (no token needed)', async () => {
    const r = await cli(['import', '--url', GRAFANA, '--dry-run'], {});
    expect(r.code).toBe(0);
    for (const d of dashboards) expect(r.out).toContain(`dashboard  ${d.title} (uid ${d.uid})`);
    for (const { rule } of rules) expect(r.out).toContain(`alert rule ${rule.title} (uid ${rule.uid}`);
    expect(r.out).toContain(`${dashboards.length} dashboards, ${rules.length} alert rules.`);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('--dry-run needs no --url either', async () => {
    const r = await cli(['import', '--dry-run'], {});
    expect(r.code).toBe(0);
    expect(r.out).toContain('Dry run: nothing is sent to any Grafana.');
    expect(r.out).toContain(`${dashboards.length} dashboards, ${rules.length} alert rules.`);
  });

  it('into a fresh Grafana: creates the folder, imports every dashboard, creates every rule', async () => {
    const imported: unknown[] = [];
    const created: Record<string, unknown>[] = [];
    const scope = grafana()
      .get('/api/datasources')
      .reply(200, [
        { id: 1, uid: 'loki1', name: 'Loki', type: 'loki', isDefault: true },
        {
          id: 2,
          uid: DS_UID,
          name: 'Prometheus',
          type: 'prometheus',
          isDefault: false,
          url: 'http://prometheus:9090',
        },
      ])
      .get('/api/folders/statewatch')
      .reply(404, { message: 'folder not found', status: 'not-found' })
      .post('/api/folders', { uid: 'statewatch', title: 'statewatch' })
      .reply(200, folderJson)
      .post('/api/dashboards/import', (body) => (imported.push(body), true))
      .times(dashboards.length)
      // nock hands reply functions no parsed body under fetch: answer from the one just matched.
      .reply(200, () => {
        const d = (imported[imported.length - 1] as { dashboard: { uid: string; title: string } }).dashboard;
        return importJson(d.uid, d.title);
      });
    for (const { rule } of rules) {
      scope.get(`/api/v1/provisioning/alert-rules/${rule.uid}`).reply(404);
    }
    scope
      .post('/api/v1/provisioning/alert-rules', (body) => (created.push(body), true))
      .times(rules.length)
      .reply(201, () => ({ id: 1, ...created[created.length - 1], provenance: 'api' }));

    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`).toBe(true);

    expect(imported).toHaveLength(dashboards.length);
    for (const body of imported)
      expect(body).toMatchObject({
        overwrite: true,
        folderUid: 'statewatch',
        inputs: [{ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus', value: DS_UID }],
      });
    expect(imported.map((b) => (b as { dashboard: { uid: string } }).dashboard.uid).sort()).toEqual(
      dashboards.map((d) => d.uid).sort(),
    );

    expect(created.map((b) => b.uid).sort()).toEqual(rules.map((x) => x.rule.uid).sort());
    for (const body of created) {
      const expected = rules.find((x) => x.rule.uid === body.uid)!;
      expect(body).toMatchObject({
        folderUID: 'statewatch',
        ruleGroup: expected.group,
        condition: 'C',
        for: expected.rule.for,
        orgID: 1,
      });
      expect(JSON.stringify(body)).not.toContain('${DS_PROMETHEUS}');
      expect((body.data as { datasourceUid: string }[])[0].datasourceUid).toBe(DS_UID);
    }
    expect(r.out).toContain('folder     statewatch (uid statewatch): created');
    expect(r.out).toContain(
      `Imported ${dashboards.length} dashboards and ${rules.length} alert rules into 'statewatch'.`,
    );
  });

  it('is idempotent: on a re-run the folder exists and every rule is updated with PUT', async () => {
    const scope = grafana()
      .get('/api/folders/team-ops')
      .reply(200, { ...folderJson, uid: 'team-ops', title: 'Team Ops' })
      .post('/api/dashboards/import')
      .times(dashboards.length)
      .reply(200, importJson('x', 'x'));
    const updated: string[] = [];
    for (const { rule } of rules) {
      scope
        .get(`/api/v1/provisioning/alert-rules/${rule.uid}`)
        .reply(200, { id: 3, uid: rule.uid, title: rule.title, provenance: 'api' })
        .put(
          `/api/v1/provisioning/alert-rules/${rule.uid}`,
          (body) => (updated.push(body.uid), body.folderUID === 'team-ops'),
        )
        .reply(200, () => ({ id: 3, uid: updated[updated.length - 1], provenance: 'api' }));
    }
    const r = await cli(['import', '--url', `${GRAFANA}/`, '--folder', 'Team Ops', '--datasource', DS_UID]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`).toBe(true);
    expect(updated.sort()).toEqual(rules.map((x) => x.rule.uid).sort());
    expect(r.out).toContain('folder     Team Ops (uid team-ops): exists');
    expect(r.out).not.toContain('created');
  });

  it('--editable sends X-Disable-Provenance on new rules', async () => {
    const scope = grafana()
      .get('/api/folders/statewatch')
      .reply(200, folderJson)
      .post('/api/dashboards/import')
      .times(dashboards.length)
      .reply(200, importJson('x', 'x'));
    for (const { rule } of rules) scope.get(`/api/v1/provisioning/alert-rules/${rule.uid}`).reply(404);
    const withHeader = nock(GRAFANA, { reqheaders: { 'x-disable-provenance': 'true' } })
      .post('/api/v1/provisioning/alert-rules')
      .times(rules.length)
      .reply(201, {});
    const r = await cli(['import', '--url', GRAFANA, '--datasource', DS_UID, '--editable']);
    expect(r.code).toBe(0);
    expect(scope.isDone() && withHeader.isDone()).toBe(true);
  });

  it('401: fails with a hint about GRAFANA_TOKEN, without retrying', async () => {
    const scope = grafana().get('/api/folders/statewatch').reply(401, {
      extra: null,
      message: 'Invalid API key',
      messageId: 'api-keys.invalid',
      statusCode: 401,
      traceID: '',
    });
    const r = await cli(['import', '--url', GRAFANA, '--datasource', DS_UID]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('GET /api/folders/statewatch: 401');
    expect(r.err).toContain('GRAFANA_TOKEN');
    expect(r.err).toContain('Invalid API key');
    expect(r.sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('403 on alert provisioning: says which permission is missing', async () => {
    const scope = grafana()
      .get('/api/folders/statewatch')
      .reply(200, folderJson)
      .post('/api/dashboards/import')
      .times(dashboards.length)
      .reply(200, importJson('x', 'x'))
      .get(`/api/v1/provisioning/alert-rules/${rules[0].rule.uid}`)
      .reply(404)
      .post('/api/v1/provisioning/alert-rules')
      .reply(403, {
        accessErrorId: 'ACE0123456789',
        message:
          "You'll need additional permissions to perform this action. Permissions needed: alert.provisioning:write",
        title: 'Access denied',
      });
    const r = await cli(['import', '--url', GRAFANA, '--datasource', DS_UID]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('POST /api/v1/provisioning/alert-rules: 403');
    expect(r.err).toContain('alert.provisioning:write');
    expect(scope.isDone()).toBe(true);
  });

  it('412 on dashboard import: reports the precondition failure', async () => {
    const scope = grafana()
      .get('/api/folders/statewatch')
      .reply(200, folderJson)
      .post('/api/dashboards/import')
      .reply(412, { message: 'The dashboard has been changed by someone else', status: 'version-mismatch' });
    const r = await cli(['import', '--url', GRAFANA, '--datasource', DS_UID]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('POST /api/dashboards/import: 412 precondition failed');
    expect(r.err).toContain('version-mismatch');
    expect(scope.isDone()).toBe(true);
  });

  it('5xx: retries with exponential backoff, then succeeds', async () => {
    const scope = grafana()
      .get('/api/folders/statewatch')
      .reply(503, 'Service Unavailable')
      .get('/api/folders/statewatch')
      .reply(502, 'Bad Gateway')
      .get('/api/folders/statewatch')
      .reply(200, folderJson)
      .post('/api/dashboards/import')
      .times(dashboards.length)
      .reply(200, importJson('x', 'x'));
    for (const { rule } of rules)
      scope
        .get(`/api/v1/provisioning/alert-rules/${rule.uid}`)
        .reply(200, { uid: rule.uid, provenance: 'api' })
        .put(`/api/v1/provisioning/alert-rules/${rule.uid}`)
        .reply(200, {});
    const r = await cli(['import', '--url', GRAFANA, '--datasource', DS_UID]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.sleeps).toEqual([100, 200]);
    expect(scope.isDone()).toBe(true);
  });

  it('5xx that persists: gives up after the retries and says so', async () => {
    const scope = grafana()
      .get('/api/folders/statewatch')
      .times(5)
      .reply(500, { message: 'Internal server error' });
    const r = await cli(['import', '--url', GRAFANA, '--datasource', DS_UID]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('500 Grafana kept failing (5 attempts)');
    expect(r.sleeps).toEqual([100, 200, 400, 800]);
    expect(scope.isDone()).toBe(true);
  });

  it('never prints the token, even when Grafana echoes it back', async () => {
    grafana()
      .get('/api/folders/statewatch')
      .reply(400, { message: `bad request from token ${TOKEN}` });
    const r = await cli(['import', '--url', GRAFANA, '--datasource', DS_UID]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[redacted]');
  });

  it('needs GRAFANA_TOKEN and --url, and rejects a bad datasource uid', async () => {
    expect((await cli(['import', '--url', GRAFANA], {})).err).toContain('GRAFANA_TOKEN is not set');
    expect((await cli(['import'])).err).toContain('--url is required');
    const bad = await cli(['import', '--url', GRAFANA, '--datasource', 'a"b']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`--datasource 'a"b' is not a Grafana uid`);
    expect((await cli(['import', '--url', 'ftp://x'])).err).toContain('must be http or https');
  });
});
