import { performance, PerformanceObserver, type PerformanceObserverEntryList } from 'node:perf_hooks';
import { reportError } from '@statewatch/instrumentation-common';
import { MAJOR, typeOfPerformanceKind } from './gc-type';
import { HeapFigures } from './heap-figures';
import { hasTotalAllocatedBytes, readHeap, type HeapReading } from './heap-reading';

/** Where the monitor hands each pause (seconds, by index into GC_TYPES). */
export type PauseSink = (type: number, seconds: number) => void;

interface GcEntryDetail {
  kind?: number;
}

/**
 * Watches V8's garbage collector with a `gc` PerformanceObserver only: every entry of every
 * batch is a pause, and one heap reading per batch feeds the heap figures (with
 * `heapStatistics`) and the allocation counter. Nothing runs inside a GC pause and no timer is used; state is a few running totals.
 */
export class GcMonitor {
  readonly figures: HeapFigures;
  /** GCs seen (every performance entry), for diagnostics and tests. */
  gcCount = 0;
  /** The heap as read at the latest batch (or at enable). */
  latest: HeapReading | undefined = undefined;
  private observer: PerformanceObserver | undefined = undefined;
  private types = new Uint8Array(64);

  constructor(
    private readonly recordPause: PauseSink,
    /** Whether the heap figures are kept (reclaimed, live, estimated allocation). */
    readonly heapStatistics: boolean,
    /** Runs after each batch and at start and stop: where the instrumentation updates its series. */
    private readonly afterBatch: () => void = () => {},
  ) {
    this.figures = new HeapFigures(hasTotalAllocatedBytes());
  }

  get running(): boolean {
    return this.observer !== undefined;
  }

  start(): void {
    if (this.observer) return;
    const observer = new PerformanceObserver(this.onEntries);
    observer.observe({ type: 'gc' });
    this.observer = observer;
    this.latest = readHeap();
    this.figures.start(this.latest);
    this.afterBatch();
  }

  /** Stops watching; GCs already seen are accounted for first. */
  stop(): void {
    const observer = this.observer;
    if (!observer) return;
    this.observer = undefined;
    try {
      this.handle(observer.takeRecords());
    } catch (err) {
      reportError('gc: last entries', err);
    }
    observer.disconnect();
    this.latest = readHeap();
    this.figures.stop(this.latest);
    this.afterBatch();
    this.latest = undefined;
  }

  private readonly onEntries = (list: PerformanceObserverEntryList): void => {
    try {
      this.handle(list.getEntries());
      this.afterBatch();
    } catch (err) {
      reportError('gc observer callback', err);
    }
  };

  private handle(entries: readonly { startTime: number; duration: number; detail?: unknown }[]): void {
    const count = entries.length;
    if (count === 0) return;
    if (this.types.length < count) this.types = new Uint8Array(Math.max(count, 2 * this.types.length));
    const types = this.types;
    let majorEnd = 0;
    for (let i = 0; i < count; i++) {
      const e = entries[i]!;
      const type = typeOfPerformanceKind((e.detail as GcEntryDetail | undefined)?.kind ?? 0);
      types[i] = type;
      if (type === MAJOR) majorEnd = e.startTime + e.duration;
      this.recordPause(type, e.duration / 1000);
    }
    this.gcCount += count;
    // One reading per batch: the Node 26 allocation counter needs it even without the figures.
    const now = readHeap();
    this.latest = now;
    if (this.heapStatistics)
      this.figures.addBatch(types.subarray(0, count), now, majorEnd > 0 ? performance.now() - majorEnd : 0);
  }
}
