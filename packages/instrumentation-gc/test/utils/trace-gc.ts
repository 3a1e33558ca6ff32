import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE = join(__dirname, '../fixtures/gc-workload.cjs');

/** One GC as V8 itself traced it (`node --trace-gc-nvp`): sizes in bytes, pause in ms. */
export interface TraceGcLine {
  /** V8's collector: `s` (scavenge), `ms` (minor mark-sweep), `mc` (mark-compact). */
  kind: string;
  /** V8's pause, ms. */
  pause: number;
  /** Used heap (object sizes) before and after the GC, bytes. */
  before: number;
  after: number;
}

// Node 22: `pause=1.2 … gc=s … total_size_before=N total_size_after=N`; Node 24: the same with
// `start_object_size` / `end_object_size`; Node 26: `GC: {"pause":1.2,"gc":"s",…}`.
const NVP =
  /pause=([\d.]+) .*? gc=(\S+) .* (?:total_size_before|start_object_size)=(\d+) (?:total_size_after|end_object_size)=(\d+)/;
const JSON_LINE = / GC: (\{.*\})\s*$/;

/** The GC lines between the child's MARK_START and MARK_END. */
export function parseTraceGc(stdout: string): TraceGcLine[] {
  const lines: TraceGcLine[] = [];
  let inside = false;
  for (const line of stdout.split('\n')) {
    if (line === 'MARK_START') inside = true;
    else if (line === 'MARK_END') inside = false;
    else if (inside) {
      const nvp = NVP.exec(line);
      if (nvp) {
        lines.push({ pause: Number(nvp[1]), kind: nvp[2]!, before: Number(nvp[3]), after: Number(nvp[4]) });
        continue;
      }
      const json = JSON_LINE.exec(line);
      if (json) {
        const g = JSON.parse(json[1]!) as {
          pause: number;
          gc: string;
          start_object_size: number;
          end_object_size: number;
        };
        lines.push({ pause: g.pause, kind: g.gc, before: g.start_object_size, after: g.end_object_size });
      }
    }
  }
  return lines;
}

/** `mc` (mark-compact) → major; `s` (scavenge) and `ms` (minor mark-sweep) → minor. */
export function traceGcType(kind: string): 'minor' | 'major' {
  return kind === 'mc' ? 'major' : 'minor';
}

/** What V8 freed in total (Σ before − after) and the after-size of its latest mark-compact. */
export function v8Totals(trace: readonly TraceGcLine[]): {
  freed: number;
  lastMajorAfter: number | undefined;
} {
  let freed = 0;
  let lastMajorAfter: number | undefined;
  for (const line of trace) {
    freed += line.before - line.after;
    if (traceGcType(line.kind) === 'major') lastMajorAfter = line.after;
  }
  return { freed, lastMajorAfter };
}

export interface WorkloadReport {
  node: string;
  allocationSource: string;
  expectedBytes?: number;
  estimatedFigures: string[];
  /** An independent `gc` observer in the same process: Node's pause of every entry. */
  nodeObserver: { pauseMs: number; entries: number };
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
 * `--trace-gc-nvp --expose-gc`. Stdout goes to a file, not a pipe, so V8 never waits on a
 * reader in the middle of a pause.
 */
export function runWorkload(
  args: string[],
  env: Record<string, string> = {},
): { report: WorkloadReport; trace: TraceGcLine[] } {
  const dir = mkdtempSync(join(tmpdir(), 'statewatch-gc-'));
  try {
    const out = join(dir, 'stdout.txt');
    const fd = openSync(out, 'w');
    const r = spawnSync(process.execPath, ['--trace-gc-nvp', '--expose-gc', FIXTURE, ...args], {
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ...env },
    });
    closeSync(fd);
    if (r.status !== 0) throw new Error(`workload ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stderr.trim().split('\n').pop()!) as WorkloadReport;
    return { report, trace: parseTraceGc(readFileSync(out, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
