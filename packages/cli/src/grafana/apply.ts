// Carries out a plan: the folder, then each dashboard and rule group that is to be created or
// updated. Unchanged objects are not sent (no new dashboard version, no reset of rule state).
// Each rule group goes in one PUT (rules and evaluation interval together).
import type { GrafanaClient } from './client';
import type { Plan } from './plan';

export async function applyPlan(
  client: GrafanaClient,
  plan: Plan,
  log: (line: string) => void,
): Promise<void> {
  const folder = plan.folder;
  if (folder.change === 'create') {
    // 409/412 after a retried POST (the first one went through but its answer was lost):
    // the folder is there if Grafana now shows it under our uid.
    const created = await client.request('POST', '/api/folders', {
      body: { uid: folder.uid, title: folder.title },
      accept: [409, 412],
    });
    if (created.status !== 200) await client.request('GET', `/api/folders/${encodeURIComponent(folder.uid)}`);
    log(`folder      ${folder.title}: created`);
  }
  for (const d of plan.dashboards) {
    if (d.change === 'unchanged') continue;
    await client.request('POST', '/api/dashboards/db', {
      body: {
        dashboard: d.model,
        folderUid: folder.uid,
        overwrite: true,
        message: 'statewatch grafana import',
      },
    });
    log(`dashboard   ${d.title}: ${d.change === 'create' ? 'created' : 'updated'}`);
  }
  for (const g of plan.groups) {
    if (g.change === 'unchanged') continue;
    const path = `/api/v1/provisioning/folder/${encodeURIComponent(folder.uid)}/rule-groups/${encodeURIComponent(g.title)}`;
    await client.request('PUT', path, {
      body: { title: g.title, folderUid: folder.uid, interval: g.interval, rules: g.rules },
      headers: g.editable ? { 'X-Disable-Provenance': 'true' } : {},
    });
    log(`rule group  ${g.title}: ${g.change === 'create' ? 'created' : 'updated'}`);
  }
}
