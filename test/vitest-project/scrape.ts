// Reads statewatch's embedded /metrics endpoint of this test worker (its server starts
// asynchronously: retried until it answers).
export async function scrapeMetrics(): Promise<string> {
  const url = `http://127.0.0.1:${process.env.STATEWATCH_PROMETHEUS_PORT}/metrics`;
  let lastError: unknown;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.text();
      lastError = new Error(`${url}: HTTP ${response.status}`);
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`statewatch's /metrics never answered: ${String(lastError)}`);
}

/** The value of the series `name{...}` whose labels include every one of `labels`. */
export function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
