// Every query runs: a real Prometheus scrapes a real OTel process that records every registry
// metric, loads the generated rule file, and then answers every panel query, every variable
// query, every rule expression and every Grafana alert query through its HTTP API. Each must
// parse, and each must return data. An alert expression only returns data while its alert
// condition holds, so for alerts the test runs the full expression (must parse) and, separately,
// its signal (the expression without the threshold comparison, from dashboards/src/alerts), which
// must return data; the rule file's expression must be exactly `signal comparison`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/utils/ports';
import {
  alertGroups,
  loadDashboards,
  loadGrafanaAlertFiles,
  loadPrometheusRules,
  type DashboardJson,
  type PanelJson,
} from '../src';
import { startEmitter, type Emitter } from './utils/emitter';
import {
  havePrometheus,
  labelValues,
  query,
  startPrometheus,
  waitFor,
  type PrometheusServer,
} from './utils/prometheus';

const SCRAPE_INTERVAL = '1s';
/** What Grafana makes of `$__rate_interval` at a 1s scrape interval and a short range (4 x scrape, at least 15s). */
const RATE_INTERVAL = '15s';

const inCI = process.env.CI === 'true';
const available = havePrometheus();
if (!available && inCI)
  throw new Error('prometheus is not on PATH (Debian package prometheus); CI=true requires it');
if (!available)
  console.warn('SKIPPED live-Prometheus query test: prometheus is not on PATH (apt-get install prometheus)');

/** Grafana's escaping of a variable value inside `=~"..."`: regex-escaped, then string-escaped. */
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
const variableRegex = (values: string[]) => `(${values.map(escapeRegex).join('|')})`;

const dashboards = loadDashboards();
const rules = loadPrometheusRules().content;
const grafanaRules = loadGrafanaAlertFiles().flatMap((f) => f.content.groups.flatMap((g) => g.rules));

interface QueryVariable {
  name: string;
  type: string;
  query: string;
}

function panelsOf(d: DashboardJson): PanelJson[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
}

describe.skipIf(!available)(
  'every query of the dashboards, rules and Grafana alerts runs on a real Prometheus',
  () => {
    let emitter: Emitter | undefined;
    let prometheus: PrometheusServer | undefined;
    const vars = new Map<string, Record<string, string>>(); // dashboard uid -> variable -> regex

    beforeAll(async () => {
      emitter = await startEmitter(await freePort());
      prometheus = await startPrometheus({
        port: await freePort(),
        scrapeTargets: [`127.0.0.1:${emitter.port}`],
        ruleFiles: [loadPrometheusRules().path],
        scrapeInterval: SCRAPE_INTERVAL,
      });
      // Ready when every recording rule has produced a sample (they need two scrapes for a rate).
      const records = rules.groups.flatMap((g) => g.rules).flatMap((r) => ('record' in r ? [r.record] : []));
      await waitFor(async () => {
        for (const r of records) if (!(await query(prometheus!, r)).data?.result.length) return false;
        return true;
      }, 60_000).catch((err: Error) => {
        throw new Error(
          `${err.message}: recording rules produced no data. Prometheus log:\n${prometheus!.log()}`,
          { cause: err },
        );
      });
    }, 90_000);

    afterAll(async () => {
      await prometheus?.stop();
      await emitter?.stop();
    });

    async function expectData(promql: string, what: string) {
      const r = await query(prometheus!, promql);
      expect(r.status, `${what} must parse: ${promql}\n${r.error ?? ''}`).toBe('success');
      expect(r.data!.result.length, `${what} must return data: ${promql}`).toBeGreaterThan(0);
    }

    const substitute = (expr: string, values: Record<string, string>) =>
      expr
        .replaceAll('$__rate_interval', RATE_INTERVAL)
        .replace(/\$(\w+)/g, (m, name: string) => values[name] ?? m);

    describe.each(dashboards.map((d) => [d.content.title, d.content] as const))('%s', (_title, dashboard) => {
      const queryVariables = (dashboard.templating as { list: QueryVariable[] }).list.filter(
        (v) => v.type === 'query',
      );

      it('variable queries return values (label_values through /api/v1/label/<name>/values)', async () => {
        const values: Record<string, string> = {};
        for (const v of queryVariables) {
          const m = /^label_values\((.*),\s*(\w+)\)$/.exec(v.query);
          expect(m, `variable ${v.name}: ${v.query} is label_values(selector, label)`).not.toBeNull();
          const r = await labelValues(prometheus!, m![2], substitute(m![1], values));
          expect(r.status, `variable ${v.name}: ${v.query}\n${r.error ?? ''}`).toBe('success');
          const found = r.data as unknown as string[];
          expect(found.length, `variable ${v.name} has values: ${v.query}`).toBeGreaterThan(0);
          values[v.name] = variableRegex(found);
        }
        vars.set(dashboard.uid, values);
      });

      const targets = panelsOf(dashboard).flatMap((p) =>
        ((p.targets as { expr: string; refId: string }[]) ?? []).map(
          (t) => [`${p.title} ${t.refId}`, t.expr] as const,
        ),
      );
      it.each(targets)('panel %s', async (what, expr) => {
        const values = vars.get(dashboard.uid);
        expect(values, 'the variable queries ran first').toBeDefined();
        await expectData(substitute(expr, values!), what);
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
          const full = await query(prometheus!, rule.expr);
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
  },
);
