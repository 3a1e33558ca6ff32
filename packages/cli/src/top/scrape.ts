import { parseExposition } from './exposition';
import type { Scrape } from './series';

/** Fetches and parses one `/metrics` response; errors name the URL and what went wrong. */
export async function scrape(url: string, timeoutMs = 5000): Promise<Scrape> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new Error(`cannot reach ${url} (${reason})`, { cause: err });
  }
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const text = await response.text();
  return { at: Date.now(), exposition: parseExposition(text) };
}
