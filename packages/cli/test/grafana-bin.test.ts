// The real `statewatch` binary dispatches `grafana import --dry-run` (acceptance: it lists the
// dashboards and rule groups it would create) and prints no token.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDashboards, loadGrafanaAlertFiles } from '@statewatch/dashboards';

const bin = join(__dirname, '../dist/bin.js');
const TOKEN = 'glsa_bin_test_token_4f9d0c2e';

describe('statewatch grafana import --dry-run (built binary)', () => {
  it('lists every dashboard and alert rule, exits 0, prints no token', () => {
    const r = spawnSync(process.execPath, [bin, 'grafana', 'import', '--dry-run'], {
      encoding: 'utf8',
      env: { ...process.env, GRAFANA_TOKEN: TOKEN },
    });
    expect(r.status, r.stderr).toBe(0);
    for (const { content } of loadDashboards()) expect(r.stdout).toContain(`(uid ${content.uid})`);
    for (const { content } of loadGrafanaAlertFiles())
      for (const g of content.groups)
        expect(r.stdout).toContain(
          `rule group  ${g.name} (${g.rules.length} rule${g.rules.length === 1 ? '' : 's'}`,
        );
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});
