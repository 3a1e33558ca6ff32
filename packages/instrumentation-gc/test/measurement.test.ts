import { beforeAll, describe, expect, it } from 'vitest';
import { runWorkload, traceGcType, type TraceGcLine, type WorkloadReport } from './utils/trace-gc';

// V8's own account (`node --trace-gc`) is the truth. These run a child process on the Node that
// runs the tests, so `npm test` checks them on 22, 24 and 26.
const nodeMajor = Number(process.versions.node.split('.')[0]);

describe('GC pauses against node --trace-gc', () => {
  let report: WorkloadReport;
  let pauses: WorkloadReport['statewatch']['pauses'];
  const v8Count = { minor: 0, major: 0 };
  const v8Sum = { minor: 0, major: 0 };
  beforeAll(() => {
    let trace: TraceGcLine[];
    ({ report, trace } = runWorkload(['bursts', 'prom-client']));
    pauses = report.statewatch.pauses;
    for (const line of trace) {
      v8Count[traceGcType(line.kind)]++;
      v8Sum[traceGcType(line.kind)] += line.pause;
    }
  });

  it('the workload forced bursts of GCs: full GCs and a storm of scavenges in one batch', () => {
    expect(report.node).toBe(process.version);
    expect(v8Count.major).toBeGreaterThanOrEqual(4);
    expect(v8Count.minor).toBeGreaterThanOrEqual(10);
  });

  it('counts every GC V8 reports, by type', () => {
    // --trace-gc prints one line per scavenge and per mark-compact; the start of incremental
    // marking and the weak-callback phase are entries of their own in Node (recorded as
    // `incremental` / `weakcb`) but no GC line of V8's.
    expect(pauses.minor?.count ?? 0).toBe(v8Count.minor);
    expect(pauses.major?.count ?? 0).toBe(v8Count.major);
  });

  it('the summed pause time agrees with V8 within 5%', () => {
    const ours = ((pauses.minor?.sum ?? 0) + (pauses.major?.sum ?? 0)) * 1000;
    const v8 = v8Sum.minor + v8Sum.major;
    expect(v8).toBeGreaterThan(0);
    expect(Math.abs(ours - v8) / v8).toBeLessThan(0.05);
  });

  it('prom-client, in the same process, misses GCs that statewatch counts', () => {
    const ours = (pauses.minor?.count ?? 0) + (pauses.major?.count ?? 0);
    const promClient = report.promClient!.count;
    // prom-client 15.1.3 records only the first entry of each observer batch.
    expect(promClient).toBeLessThan(ours);
    expect(ours - promClient).toBeGreaterThanOrEqual(10);
  });

  it('reports bytes reclaimed by type, the live heap after the last major GC, and the limit', () => {
    const { reclaimed, live, limit } = report.statewatch;
    expect(reclaimed.minor).toBeGreaterThan(0);
    expect(reclaimed.major).toBeGreaterThan(0);
    // the workload keeps ~200,000 small objects alive through its full GCs
    expect(live).toBeGreaterThan(5_000_000);
    expect(live).toBeLessThan(limit!);
    expect(limit).toBeGreaterThan(100_000_000);
  });
});

describe('allocated bytes against a known allocation', () => {
  let report: WorkloadReport;
  let expected: number;
  beforeAll(() => {
    ({ report } = runWorkload(['allocate']));
    expected = report.expectedBytes!;
  });

  it(`uses ${nodeMajor >= 26 ? 'total_allocated_bytes' : 'the estimate'} on Node ${nodeMajor}`, () => {
    expect(report.allocationSource).toBe(nodeMajor >= 26 ? 'total_allocated_bytes' : 'estimated');
  });

  it(`agrees within ${nodeMajor >= 26 ? '2' : '25'}%`, () => {
    expect(expected).toBeGreaterThan(200_000_000);
    const error = Math.abs(report.statewatch.allocated - expected) / expected;
    expect(error).toBeLessThan(report.allocationSource === 'total_allocated_bytes' ? 0.02 : 0.25);
  });
});
