import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE = join(__dirname, '../fixtures/gc-workload.cjs');

/** One GC line of `node --trace-gc`, e.g. `Scavenge 4.7 (5.4) -> 3.9 (6.4) MB, 1.97 / 0.00 ms`. */
export interface TraceGcLine {
  kind: string;
  /** V8's pause, ms. */
  pause: number;
}

const GC_LINE = / ms: (.+?) [\d.]+ \([\d.]+\) -> [\d.]+ \([\d.]+\) MB, .*?([\d.]+) \/ [\d.]+ ms/;

/** The GC lines between the child's MARK_START and MARK_END. */
export function parseTraceGc(stdout: string): TraceGcLine[] {
  const lines: TraceGcLine[] = [];
  let inside = false;
  for (const line of stdout.split('\n')) {
    if (line === 'MARK_START') inside = true;
    else if (line === 'MARK_END') inside = false;
    else if (inside) {
      const m = GC_LINE.exec(line);
      if (m) lines.push({ kind: m[1]!, pause: Number(m[2]) });
    }
  }
  return lines;
}

/** `Scavenge`, `Scavenge (interleaved)`, `Minor Mark-Sweep` → minor; `Mark-Compact…` → major. */
export function traceGcType(kind: string): 'minor' | 'major' {
  return /Mark-Compact/.test(kind) ? 'major' : 'minor';
}

export interface WorkloadReport {
  node: string;
  allocationSource: string;
  expectedBytes?: number;
  statewatch: {
    pauses: Record<string, { count: number; sum: number }>;
    allocated: number;
    reclaimed: Record<string, number>;
    live?: number;
    limit?: number;
  };
  promClient?: { count: number };
}

/**
 * Runs the fixture on this Node (`process.execPath`: 22, 24 or 26 as `npm test` picks) with
 * `--trace-gc --expose-gc`. Stdout goes to a file, not a pipe, so V8 never waits on a reader
 * in the middle of a pause.
 */
export function runWorkload(args: string[]): { report: WorkloadReport; trace: TraceGcLine[] } {
  const dir = mkdtempSync(join(tmpdir(), 'statewatch-gc-'));
  try {
    const out = join(dir, 'stdout.txt');
    const fd = openSync(out, 'w');
    const r = spawnSync(process.execPath, ['--trace-gc', '--expose-gc', FIXTURE, ...args], {
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
    closeSync(fd);
    if (r.status !== 0) throw new Error(`workload ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stderr.trim().split('\n').pop()!) as WorkloadReport;
    return { report, trace: parseTraceGc(readFileSync(out, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
