/** A small client of the Prometheus HTTP API, for the end-to-end tests. */
export interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

async function api<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
  return body.data;
}

export function instantQuery(base: string, promql: string): Promise<PromSeries[]> {
  return api<{ result: PromSeries[] }>(base, `/api/v1/query?query=${encodeURIComponent(promql)}`).then(
    (d) => d.result,
  );
}

/** Label sets of every series matching `selector` now. */
export function series(base: string, selector: string): Promise<Array<Record<string, string>>> {
  return api(base, `/api/v1/series?match[]=${encodeURIComponent(selector)}&start=${Date.now() / 1000 - 60}`);
}

/** `# TYPE` of each metric family, as Prometheus recorded it from the scrapes. */
export async function metadata(base: string): Promise<Map<string, string>> {
  const data = await api<Record<string, Array<{ type: string }>>>(base, '/api/v1/metadata');
  return new Map(Object.entries(data).map(([name, entries]) => [name, entries[0]?.type ?? '']));
}

export function alerts(base: string): Promise<PromAlert[]> {
  return api<{ alerts: PromAlert[] }>(base, '/api/v1/alerts').then((d) => d.alerts);
}

export interface PromRule {
  name: string;
  type: 'alerting' | 'recording';
  health: string;
  lastError?: string;
  lastEvaluation: string;
}

/** Every loaded rule, alerting and recording, with its health and last evaluation. */
export function rules(base: string): Promise<PromRule[]> {
  return api<{ groups: Array<{ rules: PromRule[] }> }>(base, '/api/v1/rules').then((d) =>
    d.groups.flatMap((g) => g.rules),
  );
}
