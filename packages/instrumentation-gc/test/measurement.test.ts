import { beforeAll, describe, expect, it } from 'vitest';
import { runWorkload, traceGcType, v8Totals, type TraceGcLine, type WorkloadReport } from './utils/trace-gc';

// V8's own account (`node --trace-gc-nvp`: sizes in bytes, pauses) is the truth. These run a
// child process on the Node that runs the tests, so `npm test` checks them on 22, 24 and 26.
const nodeMajor = Number(process.versions.node.split('.')[0]);
const exactAllocation = nodeMajor >= 26;

function sumOfReclaimed(report: WorkloadReport): number {
  return Object.values(report.statewatch.reclaimed).reduce((a, b) => a + b, 0);
}

describe.each(['steady', 'storm', 'retain-then-drop', 'bursts'])('%s workload against V8', (workload) => {
  let report: WorkloadReport;
  let trace: TraceGcLine[];
  beforeAll(() => {
    ({ report, trace } = runWorkload(workload === 'bursts' ? ['bursts', 'prom-client'] : [workload]));
  });

  it('counts every GC V8 reports, by type', () => {
    expect(report.node).toBe(process.version);
    const v8 = { minor: 0, major: 0 };
    for (const line of trace) v8[traceGcType(line.kind)]++;
    expect(v8.minor).toBeGreaterThanOrEqual(5);
    expect(v8.major).toBeGreaterThanOrEqual(1);
    // V8 prints no line for the start of incremental marking or the weak-callback phase, which
    // Node reports as entries of their own (`incremental`, `weakcb`)
    expect(report.statewatch.pauses.minor?.count ?? 0).toBe(v8.minor);
    expect(report.statewatch.pauses.major?.count ?? 0).toBe(v8.major);
  });

  it('the summed pause time agrees with V8 within 10%', () => {
    const { pauses } = report.statewatch;
    const ours = ((pauses.minor?.sum ?? 0) + (pauses.major?.sum ?? 0)) * 1000;
    const v8 = trace.reduce((a, l) => a + l.pause, 0);
    expect(v8).toBeGreaterThan(0);
    expect(Math.abs(ours - v8) / v8).toBeLessThan(0.1);
  });

  it("the live heap is V8's after-size of the latest mark-compact (an upper bound where marked as an estimate)", () => {
    const { lastMajorAfter } = v8Totals(trace);
    const live = report.statewatch.live!;
    expect(lastMajorAfter).toBeGreaterThan(1_000_000);
    if (report.estimatedFigures.includes('statewatch.gc.heap.live')) {
      expect(live).toBeGreaterThanOrEqual(lastMajorAfter! * 0.99);
    } else {
      expect(Math.abs(live / lastMajorAfter! - 1)).toBeLessThan(0.02);
    }
    expect(live).toBeLessThan(report.statewatch.limit!);
  });

  it('reclaimed is reported, by type, and marked as an estimate', () => {
    expect(report.estimatedFigures).toContain('statewatch.gc.reclaimed');
    const { minor, major } = report.statewatch.reclaimed;
    expect(minor).toBeGreaterThanOrEqual(0);
    expect(major).toBeGreaterThanOrEqual(0);
    const ratio = sumOfReclaimed(report) / v8Totals(trace).freed;
    // documented accuracy: 0.8–1.4× V8's freed bytes on workloads that turn the event loop
    // between slices of work (measured 0.98–1.23). Synchronous storms are outside it: where V8
    // pretenures the storm's objects they go straight to the old generation, which the estimate
    // cannot see (measured 0–1.8×); forced GCs do not wait for a full new space (README).
    if (workload === 'steady' || workload === 'retain-then-drop') {
      expect(minor).toBeGreaterThan(0);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.4);
    } else if (workload === 'bursts') expect(ratio).toBeGreaterThan(0);
  });

  // Node 22/24: the estimate is the heap's growth plus the reclaimed estimate, so it holds to that
  // estimate's accuracy, which synchronous storms are outside of
  if (exactAllocation)
    it('allocation is at least what V8 freed', () => {
      expect(report.statewatch.allocated).toBeGreaterThanOrEqual(v8Totals(trace).freed);
    });
  else if (workload !== 'storm')
    it('the estimated allocation is at least 0.8× what V8 freed', () => {
      expect(report.statewatch.allocated).toBeGreaterThan(0.8 * v8Totals(trace).freed);
    });

  if (workload === 'bursts')
    it('prom-client, in the same process, misses GCs that statewatch counts', () => {
      const { pauses } = report.statewatch;
      const ours = (pauses.minor?.count ?? 0) + (pauses.major?.count ?? 0);
      // prom-client 15.1.3 records only the first entry of each observer batch.
      expect(report.promClient!.count).toBeLessThan(ours);
      expect(ours - report.promClient!.count).toBeGreaterThanOrEqual(10);
    });
});

describe('allocated bytes against a known allocation of garbage', () => {
  let report: WorkloadReport;
  let expected: number;
  beforeAll(() => {
    ({ report } = runWorkload(['allocate']));
    expected = report.expectedBytes!;
  });

  it(`uses ${exactAllocation ? 'total_allocated_bytes' : 'the estimate'} on Node ${nodeMajor}`, () => {
    expect(report.allocationSource).toBe(exactAllocation ? 'total_allocated_bytes' : 'estimated');
    expect(report.estimatedFigures.includes('statewatch.gc.allocated')).toBe(!exactAllocation);
  });

  it(`agrees within ${exactAllocation ? '2' : '25'}%`, () => {
    expect(expected).toBeGreaterThan(200_000_000);
    const error = Math.abs(report.statewatch.allocated - expected) / expected;
    expect(error).toBeLessThan(exactAllocation ? 0.02 : 0.25);
  });
});
