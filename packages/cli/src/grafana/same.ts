// Does Grafana already hold what we would send? Grafana adds fields of its own (ids, versions,
// timestamps, provenance) and leaves out some defaults, so the comparison is one-sided: every
// field we send must be there with the same value; fields only Grafana has do not count.

/** Values Grafana may leave out of a stored rule or query model when they are the default. */
const DEFAULTS: Record<string, unknown> = {
  intervalMs: 1000,
  maxDataPoints: 43200,
  isPaused: false,
  labels: {},
  annotations: {},
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0);
}

/** The paths (`panels[2].targets[0].expr`) where `stored` differs from `wanted`. */
export function differences(wanted: unknown, stored: unknown, path = ''): string[] {
  if (isObject(wanted)) {
    if (!isObject(stored)) return [path || '(all)'];
    const out: string[] = [];
    for (const [key, value] of Object.entries(wanted)) {
      const here = path ? `${path}.${key}` : key;
      if (!(key in stored) || stored[key] === undefined) {
        if (isEmpty(value) || (key in DEFAULTS && JSON.stringify(DEFAULTS[key]) === JSON.stringify(value)))
          continue;
        out.push(here);
      } else out.push(...differences(value, stored[key], here));
    }
    return out;
  }
  if (Array.isArray(wanted)) {
    if (!Array.isArray(stored) || stored.length !== wanted.length) return [path];
    return wanted.flatMap((w, i) => differences(w, stored[i], `${path}[${i}]`));
  }
  return wanted === stored ? [] : [path];
}

/** The top-level fields that differ (`panels`, `templating`), for the plan. */
export function changedFields(wanted: unknown, stored: unknown): string[] {
  return [...new Set(differences(wanted, stored).map((p) => p.split(/[.[]/)[0]))];
}
