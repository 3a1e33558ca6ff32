// `statewatch grafana import` against a Grafana that answers in the documented shapes of each
// major version (test/grafana/fake-grafana.ts): plan, apply, idempotence, the formerly half-done
// first import, preflight failures that write nothing.
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboards, loadGrafanaAlertFiles } from '@statewatch/dashboards';
import { DS_UID, FakeGrafana, GRAFANA, VERSION, type Major } from './grafana/fake-grafana';
import { cli } from './grafana/run';

const dashboards = loadDashboards().map((f) => f.content);
const groups = loadGrafanaAlertFiles().flatMap((f) => f.content.groups);
const ruleCount = groups.reduce((n, g) => n + g.rules.length, 0);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const MAJORS: Major[] = [9, 10, 11, 12];

describe.each(MAJORS)('statewatch grafana import into Grafana %i', (major) => {
  it('a fresh Grafana: one run creates the folder, every dashboard and every rule group with its interval', async () => {
    const g = new FakeGrafana(major);
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Plan for ${GRAFANA}/ (Grafana ${VERSION[major]}):`);
    expect(r.out).toContain(`datasource  Prometheus (uid ${DS_UID})`);
    expect(r.out).toContain('folder      statewatch (uid statewatch): create');
    expect([...g.folders.keys()]).toEqual(['statewatch']);
    expect([...g.dashboards.keys()].sort()).toEqual(dashboards.map((d) => d.uid).sort());
    for (const d of g.dashboards.values()) {
      expect(d.folderUid).toBe('statewatch');
      expect(JSON.stringify(d.dashboard)).not.toContain('${DS_PROMETHEUS}');
      expect(JSON.stringify(d.dashboard)).toContain(DS_UID);
    }
    expect(g.rules.size).toBe(ruleCount);
    for (const group of groups) expect(g.groups.get(`statewatch/${group.name}`)).toBe(60); // interval: 1m
    for (const rule of g.rules.values()) expect(rule).toMatchObject({ folderUID: 'statewatch', orgID: 1 });
    // No single-rule lookups (Grafana 9/10 answer 500 for a missing rule).
    expect(g.requests.filter((q) => /alert-rules\/./.test(q))).toEqual([]);
    expect(g.writes).toHaveLength(1 + dashboards.length + groups.length);
  });

  it('a second run changes nothing: no dashboard version, no rule group sent', async () => {
    const g = new FakeGrafana(major);
    expect((await cli(['import', '--url', GRAFANA])).code).toBe(0);
    const versions = [...g.dashboards.values()].map((d) => d.version);
    g.writes = [];
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(g.writes).toEqual([]);
    expect([...g.dashboards.values()].map((d) => d.version)).toEqual(versions);
    expect(r.out).toContain('folder      statewatch (uid statewatch): unchanged');
    expect(r.out).toContain(
      `${dashboards.length} dashboards (0 to create, 0 to update, ${dashboards.length} unchanged)`,
    );
    expect(r.out).toContain(`(0 to create, 0 to update, ${groups.length} unchanged)`);
    expect(r.out).toContain('Nothing to change.');
  });

  it('after edits in Grafana: updates only the dashboard and the rule group that differ', async () => {
    const g = new FakeGrafana(major);
    await cli(['import', '--url', GRAFANA]);
    const dashboard = g.dashboards.get(dashboards[0].uid)!;
    dashboard.dashboard = { ...dashboard.dashboard, title: 'renamed by hand' };
    const rule = [...g.rules.values()][0];
    rule.for = '1h';
    g.groups.set(`statewatch/${String(rule.ruleGroup)}`, 300);
    g.writes = [];
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`dashboard   ${dashboards[0].title} (uid ${dashboards[0].uid}): update (title)`);
    expect(r.out).toMatch(
      new RegExp(
        `rule group  ${String(rule.ruleGroup)} .*: update \\(rule ${String(rule.uid)}: update for; interval 300s -> 60s\\)`,
      ),
    );
    expect(g.writes.sort()).toEqual(
      [
        'POST /api/dashboards/db',
        `PUT /api/v1/provisioning/folder/statewatch/rule-groups/${String(rule.ruleGroup)}`,
      ].sort(),
    );
    expect(g.dashboards.get(dashboards[0].uid)!.dashboard.title).toBe(dashboards[0].title);
    expect(g.groups.get(`statewatch/${String(rule.ruleGroup)}`)).toBe(60);
  });

  it('--dry-run prints exactly the plan the import then carries out, and writes nothing', async () => {
    const g = new FakeGrafana(major);
    const dry = await cli(['import', '--url', GRAFANA, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(g.writes).toEqual([]);
    expect(dry.out.endsWith('Dry run: nothing was written.\n')).toBe(true);
    const plan = dry.out.replace('Dry run: nothing was written.\n', '');
    const real = await cli(['import', '--url', GRAFANA]);
    expect(real.out.startsWith(plan)).toBe(true);
    expect(g.writes.length).toBeGreaterThan(0);
  });
});

describe('statewatch grafana import: the formerly half-done first import', () => {
  it.each([9, 10] as const)(
    'Grafana %i answers 500 for a missing rule: the first run still ends with every rule in place',
    async (major) => {
      const g = new FakeGrafana(major);
      const r = await cli(['import', '--url', GRAFANA]);
      expect(r.code).toBe(0);
      expect(r.sleeps).toEqual([]); // no retries of a deterministic answer
      expect(g.rules.size).toBe(ruleCount);
      expect(g.dashboards.size).toBe(dashboards.length);
    },
  );
});

describe('statewatch grafana import: preflight checks write nothing', () => {
  it('Grafana older than 9.4 (no rule listing) is refused, naming the version and the minimum', async () => {
    const g = new FakeGrafana(9, { version: '9.3.6' });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Grafana 9.3.6 is older than 9.4.0');
    expect(r.err).toContain('nothing was written');
    expect(g.writes).toEqual([]);
  });

  it('a --datasource uid that does not exist', async () => {
    const g = new FakeGrafana(11);
    const r = await cli(['import', '--url', GRAFANA, '--datasource', 'nope']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--datasource nope: Grafana has no datasource of that uid');
    expect(g.writes).toEqual([]);
  });

  it('a datasource that is not Prometheus', async () => {
    const g = new FakeGrafana(10);
    const r = await cli(['import', '--url', GRAFANA, '--datasource', 'loki1']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is a loki datasource');
    expect(g.writes).toEqual([]);
  });

  it('a token without alert provisioning rights', async () => {
    const { 'alert.provisioning:write': _w, ...editor } = (await import('./grafana/fake-grafana'))
      .EDITOR_AND_ALERT_ADMIN;
    const g = new FakeGrafana(12, { permissions: editor });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the token lacks alert rules: write (alert.provisioning:write or');
    expect(g.writes).toEqual([]);
  });

  it('a token whose dashboard rights cover another folder only', async () => {
    const g = new FakeGrafana(11, {
      permissions: {
        'folders:create': [],
        'dashboards:create': ['folders:uid:team-a'],
        'dashboards:write': ['folders:uid:team-a'],
        'alert.provisioning:read': [],
        'alert.provisioning:write': [],
      },
    });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'the token lacks dashboards:write (dashboards:write), dashboards:create (dashboards:create) for folder statewatch',
    );
    expect(g.writes).toEqual([]);
  });

  it('a dashboard provisioned from a file on the server', async () => {
    const g = new FakeGrafana(10);
    g.folders.set('statewatch', { id: 3, uid: 'statewatch', title: 'statewatch' });
    g.dashboards.set(dashboards[1].uid, {
      dashboard: { title: 'x' },
      folderUid: 'statewatch',
      version: 4,
      provisioned: true,
    });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`dashboard ${dashboards[1].uid}`);
    expect(r.err).toContain('provisioned from a file');
    expect(g.writes).toEqual([]);
  });
});

describe('statewatch grafana import when Grafana keeps things to itself', () => {
  it('no permission listing: says Grafana decides at each write, and imports', async () => {
    const g = new FakeGrafana(9, { permissions: null });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("note: Grafana does not list the token's permissions");
    expect(g.rules.size).toBe(ruleCount);
  });

  it('no version (hide_version): assumes the minimum and says so', async () => {
    const g = new FakeGrafana(11, { version: '' });
    const r = await cli(['import', '--url', GRAFANA, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'note: Grafana does not say its version (hide_version?): assuming 9.4.0 or newer',
    );
    expect(g.writes).toEqual([]);
  });
});

describe('statewatch grafana import --dry-run without --url', () => {
  it('prints the plan for an empty Grafana, needs no token, sends nothing', async () => {
    const r = await cli(['import', '--dry-run'], {});
    expect(r.code).toBe(0);
    expect(r.out).toContain('Plan for an empty Grafana (no --url: nothing was read):');
    for (const d of dashboards) expect(r.out).toContain(`dashboard   ${d.title} (uid ${d.uid}): create`);
    for (const group of groups)
      expect(r.out).toContain(
        `rule group  ${group.name} (${group.rules.length} rule${group.rules.length === 1 ? '' : 's'}, every 60s): create`,
      );
    expect(r.out).toContain('Dry run: nothing was sent.');
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('statewatch grafana import --editable', () => {
  it('new rule groups are sent with X-Disable-Provenance, so they stay editable in the UI', async () => {
    const g = new FakeGrafana(11);
    const r = await cli(['import', '--url', GRAFANA, '--editable']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rule group {2}\S+ \(\d+ rules, every 60s, editable\): create/);
    for (const rule of g.rules.values()) expect(rule.provenance).toBe('');
  });

  it('rules provisioned as locked stay locked: no header, and the plan says why', async () => {
    const g = new FakeGrafana(10);
    await cli(['import', '--url', GRAFANA]);
    const [rule] = g.rules.values();
    rule.title = 'changed by hand';
    const r = await cli(['import', '--url', GRAFANA, '--editable']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('note: some rules were provisioned as not editable; Grafana keeps them that way');
    expect(rule.provenance).toBe('api');
    expect([...g.rules.values()].every((x) => x.provenance === 'api')).toBe(true);
  });
});

describe('statewatch grafana import into a folder of the same title made by hand', () => {
  it('uses that folder (another uid) instead of failing to create one, and says so', async () => {
    const g = new FakeGrafana(12);
    g.folders.set('hand-made', { id: 4, uid: 'hand-made', title: 'statewatch' });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("note: folder 'statewatch' exists with uid hand-made: using it");
    expect(r.out).toContain('folder      statewatch (uid hand-made): unchanged');
    expect([...g.folders.keys()]).toEqual(['hand-made']);
    for (const d of g.dashboards.values()) expect(d.folderUid).toBe('hand-made');
    for (const rule of g.rules.values()) expect(rule.folderUID).toBe('hand-made');
  });
});
