import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `shared/metrics-contract.md` sits beside the repository (also in CI). */
export const CONTRACT_PATH = resolve(__dirname, '../../../../shared/metrics-contract.md');

export interface ContractMetric {
  name: string;
  instrument: string;
  unit: string;
  attributes: string[];
}

export function readContract(): { metrics: ContractMetric[]; values: Map<string, string[]> } {
  if (!existsSync(CONTRACT_PATH)) {
    throw new Error(`the metrics contract is missing: expected it at ${CONTRACT_PATH}`);
  }
  const text = readFileSync(CONTRACT_PATH, 'utf8');
  const metrics: ContractMetric[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | name | instrument | unit | attributes | meaning |
    if (cells.length >= 6 && /^statewatch\./.test(cells[1])) {
      metrics.push({
        name: cells[1],
        instrument: cells[2],
        unit: cells[3],
        attributes: cells[4] ? cells[4].split(',').map((a) => a.trim()) : [],
      });
    }
  }
  // Sentences such as "`lock.kind`: `mutex`, `semaphore`, ….": every backticked value up to the full stop.
  const values = new Map<string, string[]>();
  for (const m of text.matchAll(/`([a-z0-9_.]+)`: ([\s\S]*?)\.(?:\s|$)/g)) {
    const list = [...m[2].matchAll(/`([^`]+)`/g)].map((v) => v[1]);
    values.set(m[1], list);
  }
  return { metrics, values };
}
