import { PerformanceObserver, type PerformanceObserverEntryList } from 'node:perf_hooks';
import { reportError } from '@statewatch/instrumentation-common';
import {
  AllocationCounter,
  detectAllocationSource,
  heapStatisticsNow,
  type HeapStatisticsNow,
} from './allocation';
import { GC_TYPES, MAJOR, typeOfPerformanceKind } from './gc-type';
import { HeapSampler, type HeapSample } from './heap-sampler';
import { PauseMatcher } from './pause-matcher';

/** Where the monitor hands each pause (seconds, by index into GC_TYPES). */
export type PauseSink = (type: number, seconds: number) => void;

interface GcEntryDetail {
  kind?: number;
}

/**
 * Watches V8's garbage collector: a `gc` PerformanceObserver for every pause (every entry of
 * every batch, not just the first), `v8.GCProfiler` for the heap sizes around each GC, and
 * `v8.getHeapStatistics()` at collection time. Holds only running totals; nothing grows with
 * the number of GCs. No timers: work happens in the observer's callback and at collection.
 */
export class GcMonitor {
  readonly allocation = new AllocationCounter(detectAllocationSource());
  /** Bytes freed, by index into GC_TYPES. */
  readonly reclaimed = new Float64Array(GC_TYPES.length);
  /** Used heap right after the latest major GC; `undefined` until one was seen. */
  liveAfterMajor: number | undefined = undefined;
  /** GCs seen (every performance entry), for diagnostics and tests. */
  gcCount = 0;
  private observer: PerformanceObserver | undefined = undefined;
  private readonly sampler: HeapSampler | undefined;
  private readonly matcher = new PauseMatcher();
  /** Per type: GCs with a profiler sample, and their summed (before − after), for the mean. */
  private readonly sampledCount = new Float64Array(GC_TYPES.length);
  private readonly sampledFreed = new Float64Array(GC_TYPES.length);
  /** GCs no profiler covered, counted at the mean of the sampled GCs of their type. */
  uncoveredCount = 0;

  constructor(
    private readonly recordPause: PauseSink,
    /** Whether `v8.GCProfiler` runs (reclaimed, live, estimated allocation). */
    readonly heapStatistics: boolean,
    /** Runs after each observer batch (the instrumentation checks its MeterProvider there). */
    private readonly afterBatch: () => void = () => {},
  ) {
    this.sampler = heapStatistics ? new HeapSampler() : undefined;
  }

  get running(): boolean {
    return this.observer !== undefined;
  }

  start(): void {
    if (this.observer) return;
    const observer = new PerformanceObserver(this.onEntries);
    observer.observe({ type: 'gc' });
    this.observer = observer;
    this.sampler?.start();
    this.matcher.reset();
    this.allocation.start(heapStatisticsNow());
  }

  /** Stops everything; GCs already seen are accounted for first. */
  stop(): void {
    const observer = this.observer;
    if (!observer) return;
    this.observer = undefined;
    try {
      this.handle(observer.takeRecords(), false);
    } catch (err) {
      reportError('gc: last entries', err);
    }
    observer.disconnect();
    if (this.sampler) this.applySamples(this.sampler.stop());
    this.matcher.reset();
    this.allocation.stop(heapStatisticsNow());
  }

  /** Brings the heap figures up to date (at collection time); returns the heap statistics now. */
  refresh(): HeapStatisticsNow {
    if (this.sampler?.running) {
      const samples = this.sampler.rotate();
      if (samples) {
        this.applySamples(samples);
        this.matcher.addSamples(samples);
      }
    }
    return heapStatisticsNow();
  }

  private readonly onEntries = (list: PerformanceObserverEntryList): void => {
    try {
      this.handle(list.getEntries(), true);
      this.afterBatch();
    } catch (err) {
      reportError('gc observer callback', err);
    }
  };

  private handle(
    entries: readonly { startTime: number; duration: number; detail?: unknown }[],
    rotate: boolean,
  ): void {
    const count = entries.length;
    if (count === 0) return;
    const types = new Uint8Array(count);
    const sampler = this.sampler;
    for (let i = 0; i < count; i++) {
      const e = entries[i]!;
      const type = typeOfPerformanceKind((e.detail as GcEntryDetail | undefined)?.kind ?? 0);
      types[i] = type;
      if (sampler) {
        if (!sampler.covers(e.startTime)) this.addUncovered(type);
        sampler.noteGc(type, e.startTime);
      }
    }
    // Rotate before recording, so these entries' own samples are at hand.
    if (rotate && sampler?.running) {
      const samples = sampler.rotate();
      if (samples) {
        this.applySamples(samples);
        this.matcher.addSamples(samples);
      }
    }
    const profilerRunning = sampler?.running ?? false;
    for (let i = 0; i < count; i++) {
      const type = types[i]!;
      const ms = sampler
        ? this.matcher.pause(type, entries[i]!.duration, profilerRunning)
        : entries[i]!.duration;
      this.recordPause(type, ms / 1000);
    }
    this.gcCount += count;
  }

  private applySamples(samples: readonly HeapSample[]): void {
    const reclaimed = this.reclaimed;
    for (const s of samples) {
      const freed = s.before - s.after;
      if (freed > 0) reclaimed[s.type] += freed;
      this.allocation.addFreed(freed);
      this.sampledCount[s.type]++;
      this.sampledFreed[s.type] += freed;
      if (s.type === MAJOR) this.liveAfterMajor = s.after;
    }
  }

  /** A GC while no profiler ran (see HeapSampler): counted at the mean of its type so far. */
  private addUncovered(type: number): void {
    this.uncoveredCount++;
    const n = this.sampledCount[type]!;
    if (n === 0) return;
    const freed = this.sampledFreed[type]! / n;
    if (freed > 0) this.reclaimed[type] += freed;
    this.allocation.addFreed(freed);
  }
}
