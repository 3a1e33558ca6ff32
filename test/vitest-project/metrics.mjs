// Reads statewatch's own /metrics from inside a test (the endpoint of this worker's process).
export async function scrape() {
  const port = process.env.STATEWATCH_PROMETHEUS_PORT;
  if (!port)
    throw new Error('STATEWATCH_PROMETHEUS_PORT is not set (run through test/vitest-project.test.ts)');
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  return response.text();
}

/** The value of the first sample whose name starts with `name` and has every `label="value"`. */
export function sample(text, name, labels) {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    if (labels.every((l) => line.includes(l))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
