// Every query of the shipped dashboards, rules and Grafana alerts, run on a real Prometheus 3 that
// holds statewatch data from one ingestion path. Each must parse and return data, except panels
// marked NEEDS_STATEWATCH_COLLECTOR, which must be empty on every path but the statewatch collector's.
// An alert expression only returns data while its condition holds, so for alerts the full
// expression must parse and its signal (dashboards/src/alerts) must return data; the rule file's
// expression must be exactly `signal comparison`.
import { describe, expect, it } from 'vitest';
import {
  alertGroups,
  loadDashboards,
  loadGrafanaAlertFiles,
  loadPrometheusRules,
  NEEDS_STATEWATCH_COLLECTOR,
  type DashboardJson,
  type PanelJson,
} from '../../dashboards/src';
import { labelValues, query, waitFor, type PrometheusServer } from './prometheus-server';

/** What Grafana makes of `$__rate_interval` at a 1s scrape interval and a short range (4 x scrape, at least 15s). */
const RATE_INTERVAL = '15s';

/** Grafana's escaping of a variable value inside `=~"..."`: regex-escaped, then string-escaped. */
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
const variableRegex = (values: string[]) => `(${values.map(escapeRegex).join('|')})`;

interface QueryVariable {
  name: string;
  type: string;
  query: string;
}

const panelsOf = (d: DashboardJson): PanelJson[] =>
  d.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');

const substitute = (expr: string, values: Record<string, string>) =>
  expr
    .replaceAll('$__rate_interval', RATE_INTERVAL)
    .replace(/\$(\w+)/g, (m, name: string) => values[name] ?? m);

/** The names of every recording rule of the shipped rule file. */
export function recordedNames(): string[] {
  return loadPrometheusRules()
    .content.groups.flatMap((g) => g.rules)
    .flatMap((r) => ('record' in r ? [r.record] : []));
}

/** Resolves when every recording rule has produced a sample (they need two samples for a rate). */
export async function waitForRecordingRules(prometheus: PrometheusServer, timeoutMs = 60_000): Promise<void> {
  const records = recordedNames();
  await waitFor(async () => {
    for (const r of records) if (!(await query(prometheus, r)).data?.result.length) return false;
    return true;
  }, timeoutMs).catch((err: Error) => {
    const empty: string[] = [];
    return Promise.all(
      records.map(async (r) => (await query(prometheus, r)).data?.result.length || empty.push(r)),
    ).then(() => {
      throw new Error(
        `${err.message}: recording rules without data: ${empty.join(', ')}. Prometheus log:\n${prometheus.log()}`,
        { cause: err },
      );
    });
  });
}

/**
 * Registers the checks of every query, for a Prometheus that `prometheus()` returns once ready.
 * `statewatchCollector`: the data came through the statewatch collector (fleet PSI present).
 */
export function describeEveryQuery(
  prometheus: () => PrometheusServer,
  o: { statewatchCollector: boolean },
): void {
  const dashboards = loadDashboards();
  const rules = loadPrometheusRules().content;
  const grafanaRules = loadGrafanaAlertFiles().flatMap((f) => f.content.groups.flatMap((g) => g.rules));
  const vars = new Map<string, Record<string, string>>(); // dashboard uid -> variable -> regex

  async function expectData(promql: string, what: string) {
    const r = await query(prometheus(), promql);
    expect(r.status, `${what} must parse: ${promql}\n${r.error ?? ''}`).toBe('success');
    expect(r.data!.result.length, `${what} must return data: ${promql}`).toBeGreaterThan(0);
  }

  async function expectEmpty(promql: string, what: string) {
    const r = await query(prometheus(), promql);
    expect(r.status, `${what} must parse: ${promql}\n${r.error ?? ''}`).toBe('success');
    expect(r.data!.result, `${what} needs the statewatch collector, so is empty here: ${promql}`).toEqual([]);
  }

  describe.each(dashboards.map((d) => [d.content.title, d.content] as const))('%s', (_title, dashboard) => {
    const queryVariables = (dashboard.templating as { list: QueryVariable[] }).list.filter(
      (v) => v.type === 'query',
    );

    it('variable queries return values (label_values through /api/v1/label/<name>/values)', async () => {
      const values: Record<string, string> = {};
      for (const v of queryVariables) {
        const m = /^label_values\((.*),\s*(\w+)\)$/.exec(v.query);
        expect(m, `variable ${v.name}: ${v.query} is label_values(selector, label)`).not.toBeNull();
        const r = await labelValues(prometheus(), m![2], substitute(m![1], values));
        expect(r.status, `variable ${v.name}: ${v.query}\n${r.error ?? ''}`).toBe('success');
        const found = r.data as unknown as string[];
        expect(found.length, `variable ${v.name} has values: ${v.query}`).toBeGreaterThan(0);
        values[v.name] = variableRegex(found);
      }
      vars.set(dashboard.uid, values);
    });

    const targets = panelsOf(dashboard).flatMap((p) => {
      const needsCollector = String(p.description ?? '').startsWith(NEEDS_STATEWATCH_COLLECTOR);
      return ((p.targets as { expr: string; refId: string }[]) ?? []).map(
        (t) => [`${p.title} ${t.refId}`, t.expr, needsCollector] as const,
      );
    });
    it.each(targets)('panel %s', async (what, expr, needsCollector) => {
      const values = vars.get(dashboard.uid);
      expect(values, 'the variable queries ran first').toBeDefined();
      if (needsCollector && !o.statewatchCollector) await expectEmpty(substitute(expr, values!), what);
      else await expectData(substitute(expr, values!), what);
    });
  });

  describe('rule file', () => {
    const all = rules.groups.flatMap((g) => g.rules);
    it.each(all.flatMap((r) => ('record' in r ? [[r.record, r.expr] as const] : [])))(
      'recording rule %s: its expression and its recorded series return data',
      async (record, expr) => {
        await expectData(expr, record);
        await expectData(record, `${record} (recorded by the loaded rule file)`);
      },
    );

    const signals = alertGroups.flatMap((g) => g.rules);
    it.each(all.flatMap((r) => ('alert' in r ? [[`${r.alert} ${r.labels.severity}`, r] as const] : [])))(
      'alert %s: expression parses, signal returns data',
      async (_name, rule) => {
        const source = signals.find((a) => a.alert === rule.alert && a.severity === rule.labels.severity);
        expect(source, 'alert is defined in dashboards/src/alerts').toBeDefined();
        expect(rule.expr).toBe(`${source!.signal} ${source!.comparison}`);
        const full = await query(prometheus(), rule.expr);
        expect(full.status, `${rule.alert}: ${rule.expr}\n${full.error ?? ''}`).toBe('success');
        await expectData(source!.signal, `${rule.alert} signal`);
      },
    );
  });

  it.each(grafanaRules.map((r) => [r.uid, r] as const))(
    'Grafana alert %s: query A returns data',
    async (_uid, rule) => {
      const a = rule.data.find((d) => d.refId === 'A')!;
      await expectData(a.model.expr!, `${rule.title} query A`);
    },
  );
}
