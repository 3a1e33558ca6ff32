// Alert hygiene (for, severity, summary, description, runbook anchors), promtool coverage of every
// alert, and the shape of the Grafana provisioning files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { METRICS, prometheusSeriesNames } from '@statewatch/semconv';
import { describe, expect, it } from 'vitest';
import {
  alertGroups,
  config,
  generatedOutputs,
  GRAFANA_ALERTING_DIR,
  RULES_FILE,
  type GrafanaAlertFile,
  type PrometheusRuleFile,
} from '../src';

const root = join(__dirname, '..');
const outputs = generatedOutputs();
const ruleFile = parse(outputs.get(RULES_FILE)!) as PrometheusRuleFile;
const alerts = ruleFile.groups.flatMap((g) => g.rules).flatMap((r) => ('alert' in r ? [r] : []));
const runbooks = readFileSync(join(root, '../docs/runbooks.md'), 'utf8');
const anchors = new Set(
  [...runbooks.matchAll(/^#+ (.+)$/gm)].map((m) =>
    m[1]
      .trim()
      .toLowerCase()
      .replace(/[^\w\- ]/g, '')
      .replace(/ /g, '-'),
  ),
);

interface PromtoolTest {
  input_series?: { series: string }[];
  alert_rule_test?: { alertname: string; exp_alerts?: { exp_labels?: Record<string, string> }[] }[];
}
const promtoolTests = readdirSync(join(root, 'rules/tests'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap(
    (f) => (parse(readFileSync(join(root, 'rules/tests', f), 'utf8')) as { tests: PromtoolTest[] }).tests,
  );
const alertTests = promtoolTests.flatMap((t) => t.alert_rule_test ?? []);

describe.each(alerts.map((a) => [`${a.alert} ${a.labels.severity}`, a] as const))('alert %s', (_name, a) => {
  it('has for, severity, summary, description and a runbook_url that resolves in docs/runbooks.md', () => {
    expect(a.for).toMatch(/^\d+[smh]$/);
    expect(['critical', 'warning', 'info']).toContain(a.labels.severity);
    expect(a.annotations.summary).toMatch(/^[A-Z].*\.$/);
    expect(a.annotations.summary).not.toContain('{{');
    expect(a.annotations.description).toContain('{{ $labels.');
    const url = a.annotations.runbook_url;
    expect(url).toBe(config.runbookURLPattern.replace('%s', a.alert.toLowerCase()));
    expect(anchors.has(url.split('#')[1]), `docs/runbooks.md has a section for ${url}`).toBe(true);
  });

  it('has a firing and a non-firing promtool case', () => {
    const cases = alertTests.filter((t) => t.alertname === a.alert);
    const firing = cases.some((t) =>
      (t.exp_alerts ?? []).some((e) => e.exp_labels?.severity === a.labels.severity),
    );
    const silent = cases.some((t) => (t.exp_alerts ?? []).length === 0);
    expect(firing, 'a case where it fires with this severity').toBe(true);
    expect(silent, 'a case where it stays silent').toBe(true);
  });
});

describe('promtool tests', () => {
  it('feed only series the registry defines (under their Prometheus names)', () => {
    const known = new Set(METRICS.flatMap(prometheusSeriesNames));
    const fed = promtoolTests.flatMap((t) => (t.input_series ?? []).map((i) => i.series.split('{')[0]));
    expect(fed.length).toBeGreaterThan(0);
    expect(fed.filter((n) => !known.has(n))).toEqual([]);
  });
});

describe('Grafana alert provisioning files', () => {
  const files = [...outputs]
    .filter(([p]) => p.startsWith(`${GRAFANA_ALERTING_DIR}/`))
    .map(([p, c]) => [p, parse(c) as GrafanaAlertFile] as const);
  const source = alertGroups.flatMap((g) => g.rules);

  it('hold one Grafana rule per alert and severity, with unique uids of at most 40 characters', () => {
    const rules = files.flatMap(([, f]) => f.groups.flatMap((g) => g.rules));
    expect(rules.length).toBe(source.length);
    const uids = rules.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid.length).toBeLessThanOrEqual(40);
  });

  it.each(files)('%s: apiVersion 1, A → reduce → threshold, thresholds from config', (_path, f) => {
    expect(f.apiVersion).toBe(1);
    for (const g of f.groups) {
      expect(g.interval).toBe(config.evaluationInterval);
      for (const r of g.rules) {
        expect(r.condition).toBe('C');
        const [a, b, c] = r.data;
        expect(a.model).toMatchObject({ refId: 'A', instant: true });
        expect(a.datasourceUid).toBe('${DS_PROMETHEUS}');
        expect(a.model.expr).not.toMatch(/\w+:\w+:\w+/); // recording rules inlined
        expect(b.model).toMatchObject({ refId: 'B', type: 'reduce', expression: 'A', reducer: 'last' });
        expect(c.model).toMatchObject({ refId: 'C', type: 'threshold', expression: 'B' });
        const alert = source.find((s) => r.title === `${s.alert} (${s.severity})`)!;
        expect(alert, r.title).toBeDefined();
        const threshold = c.model.conditions![0].evaluator.params[0];
        const numeric = /^>\s*([0-9.]+)$/.exec(alert.comparison);
        expect(threshold).toBe(numeric ? Number(numeric[1]) : alert.grafana!.threshold);
        expect(r.for).toBe(alert.for);
        expect(r.labels.severity).toBe(alert.severity);
        expect(r.annotations.runbook_url).toBe(alert.runbookUrl);
      }
    }
  });
});
