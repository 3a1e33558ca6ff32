// The plan: what the import would change in this Grafana, computed from the preflight reads.
// `--dry-run` prints it and stops; an import prints the same plan, then carries it out.
import { dashboardModel, durationSeconds, ruleModel, type Desired } from './desired';
import type { GrafanaState } from './preflight';
import { changedFields, differences } from './same';

export type Change = 'create' | 'update' | 'unchanged';

export interface DashboardStep {
  uid: string;
  title: string;
  change: Change;
  /** What differs (update), or where it moves from. */
  detail: string[];
  model: Record<string, unknown>;
}

export interface GroupStep {
  title: string;
  change: Change;
  detail: string[];
  interval: number;
  rules: ReturnType<typeof ruleModel>[];
  /** Send X-Disable-Provenance (rules stay editable in Grafana's UI). */
  editable: boolean;
}

export interface Plan {
  grafana: string;
  version?: string;
  datasource: { uid: string; name: string };
  folder: { uid: string; title: string; change: 'create' | 'unchanged' };
  dashboards: DashboardStep[];
  groups: GroupStep[];
  permissions: string[];
  notes: string[];
}

function dashboardStep(
  d: Desired['dashboards'][number],
  state: GrafanaState,
  folderUid: string,
): DashboardStep {
  const model = dashboardModel(d, state.datasource.uid);
  const existing = state.dashboards.get(d.uid);
  if (!existing) return { uid: d.uid, title: d.title, change: 'create', detail: [], model };
  const detail = changedFields(model, existing.dashboard);
  if ((existing.meta.folderUid ?? '') !== folderUid)
    detail.push(`move from folder '${existing.meta.folderTitle ?? existing.meta.folderUid ?? 'General'}'`);
  return { uid: d.uid, title: d.title, change: detail.length ? 'update' : 'unchanged', detail, model };
}

function groupStep(
  g: Desired['groups'][number],
  state: GrafanaState,
  folderUid: string,
  editable: boolean,
): GroupStep {
  const rules = g.rules.map((r) => ruleModel(r, g.title, folderUid, state.datasource.uid));
  const existing = state.groups.get(g.title);
  const detail: string[] = [];
  for (const rule of rules) {
    const stored = state.rules.get(rule.uid);
    if (!stored) detail.push(`rule ${rule.uid}: create`);
    else if (stored.folderUID !== folderUid || stored.ruleGroup !== g.title)
      detail.push(`rule ${rule.uid}: move from group '${stored.ruleGroup}' of folder ${stored.folderUID}`);
    else {
      const fields = changedFields(
        { ...rule, for: durationSeconds(rule.for) },
        {
          ...stored,
          for: durationSeconds(stored.for as string),
        },
      );
      if (fields.length) detail.push(`rule ${rule.uid}: update ${fields.join(', ')}`);
    }
  }
  for (const stored of existing?.rules ?? [])
    if (!rules.some((r) => r.uid === stored.uid))
      detail.push(`rule ${stored.uid} ('${stored.title}'): delete (not a statewatch rule of this group)`);
  if (existing && durationSeconds(existing.interval) !== g.interval)
    detail.push(`interval ${existing.interval}s -> ${g.interval}s`);
  // A rule provisioned without X-Disable-Provenance stays locked: Grafana refuses to unlock it.
  const locked = (existing?.rules ?? []).some((r) => r.provenance === 'api');
  const change: Change = !existing ? 'create' : detail.length ? 'update' : 'unchanged';
  // In a new group every rule is new: name only the ones that move in from elsewhere.
  const shown = change === 'create' ? detail.filter((d) => !d.endsWith(': create')) : detail;
  return {
    title: g.title,
    change,
    detail: shown,
    interval: g.interval,
    rules,
    editable: editable && !locked,
  };
}

export function makePlan(
  desired: Desired,
  state: GrafanaState,
  o: { grafana: string; editable: boolean },
): Plan {
  const folderUid = state.folder?.uid ?? desired.folder.uid;
  const notes = [...state.notes];
  const groups = desired.groups.map((g) => groupStep(g, state, folderUid, o.editable));
  if (o.editable && groups.some((g) => !g.editable))
    notes.push('some rules were provisioned as not editable; Grafana keeps them that way');
  return {
    grafana: o.grafana,
    version: state.version,
    datasource: { uid: state.datasource.uid, name: state.datasource.name },
    folder: state.folder ? { ...state.folder, change: 'unchanged' } : { ...desired.folder, change: 'create' },
    dashboards: desired.dashboards.map((d) => dashboardStep(d, state, folderUid)),
    groups,
    permissions: state.permissions,
    notes,
  };
}

/** The plan against a Grafana that has nothing yet (`--dry-run` without --url: no reads). */
export function offlinePlan(desired: Desired, o: { datasource?: string; editable: boolean }): Plan {
  const datasource = o.datasource
    ? { uid: o.datasource, name: '', type: 'prometheus' }
    : { uid: '', name: 'the default Prometheus datasource, looked up at import', type: 'prometheus' };
  return makePlan(
    desired,
    { datasource, dashboards: new Map(), rules: new Map(), groups: new Map(), permissions: [], notes: [] },
    { grafana: 'an empty Grafana (no --url: nothing was read)', editable: o.editable },
  );
}

export function planSize(plan: Plan) {
  const count = (steps: { change: Change }[], change: Change) =>
    steps.filter((s) => s.change === change).length;
  return {
    writes:
      (plan.folder.change === 'create' ? 1 : 0) +
      plan.dashboards.filter((d) => d.change !== 'unchanged').length +
      plan.groups.filter((g) => g.change !== 'unchanged').length,
    dashboards: {
      create: count(plan.dashboards, 'create'),
      update: count(plan.dashboards, 'update'),
      unchanged: count(plan.dashboards, 'unchanged'),
    },
    groups: {
      create: count(plan.groups, 'create'),
      update: count(plan.groups, 'update'),
      unchanged: count(plan.groups, 'unchanged'),
    },
  };
}

/** The plan as printed, one line per object, then the totals. */
export function renderPlan(plan: Plan): string[] {
  const size = planSize(plan);
  const ruleCount = plan.groups.reduce((n, g) => n + g.rules.length, 0);
  const suffix = (detail: string[]) => (detail.length ? ` (${detail.join('; ')})` : '');
  return [
    `Plan for ${plan.grafana}${plan.version ? ` (Grafana ${plan.version})` : ''}:`,
    `datasource  ${[plan.datasource.name, plan.datasource.uid && `(uid ${plan.datasource.uid})`].filter(Boolean).join(' ')}`,
    ...(plan.permissions.length ? [`permissions ${plan.permissions.join(', ')}: granted`] : []),
    `folder      ${plan.folder.title} (uid ${plan.folder.uid}): ${plan.folder.change}`,
    ...plan.dashboards.map((d) => `dashboard   ${d.title} (uid ${d.uid}): ${d.change}${suffix(d.detail)}`),
    ...plan.groups.map(
      (g) =>
        `rule group  ${g.title} (${g.rules.length} rule${g.rules.length === 1 ? '' : 's'}, every ${g.interval}s${g.editable ? ', editable' : ''}): ${g.change}${suffix(g.detail)}`,
    ),
    ...plan.notes.map((n) => `note: ${n}`),
    `${plan.dashboards.length} dashboards (${size.dashboards.create} to create, ${size.dashboards.update} to update, ${size.dashboards.unchanged} unchanged), ` +
      `${plan.groups.length} rule groups with ${ruleCount} rules (${size.groups.create} to create, ${size.groups.update} to update, ${size.groups.unchanged} unchanged).`,
  ];
}

export { differences };
