import { performance } from 'node:perf_hooks';
import { GCProfiler } from 'node:v8';
import { MAJOR, MINOR, typeOfProfilerName } from './gc-type';

/** One GC as `v8.GCProfiler` saw it. */
export interface HeapSample {
  /** Index into GC_TYPES. */
  type: number;
  /** Used heap (bytes) just before and just after the GC. */
  before: number;
  after: number;
  /** Pause in ms, measured inside the profiler's own callbacks (its bookkeeping excluded). */
  cost: number;
}

/**
 * Stopped profilers that may still be recording: past this, the sampler pauses until a major
 * GC has freed them (GCs in between are not covered).
 */
const MAX_LINGERING = 2;

/**
 * Per-GC heap sizes from `v8.GCProfiler`, read by rotating profilers: a new one is started,
 * then the old one stopped, so no GC falls between them and none is counted twice.
 *
 * Node's `GCProfiler.stop()` does not remove its GC callbacks: a stopped profiler goes on
 * recording (about 50 µs and 4 KB of native memory per GC) until its handle is garbage
 * collected. A handle that lived through at most one scavenge dies in the next scavenge (the
 * usual case: observer batches arrive after each GC); one that lived through more, or through a
 * major GC, was promoted and dies only at the next major GC. So at most two promoted profilers
 * are left lingering: when a third would be, the active one is stopped without a successor and
 * the GCs until the next major GC are not covered (`covers()` tells which).
 */
export class HeapSampler {
  private profiler: GCProfiler | undefined = undefined;
  private startedAt = 0;
  private minorSinceStart = 0;
  private majorSinceStart = 0;
  private lingering = 0;
  /** `performance.now()` of the latest stop that left a promoted profiler lingering. */
  private lingeringSince = 0;
  /** The latest stretch of time without a profiler (`end` undefined: still in it). */
  private gapStart: number | undefined = undefined;
  private gapEnd: number | undefined = undefined;
  private enabled = false;

  get running(): boolean {
    return this.profiler !== undefined;
  }

  /** Stopped profilers possibly still recording (freed by the next major GC). */
  get lingeringProfilers(): number {
    return this.lingering;
  }

  start(): void {
    if (this.enabled) return;
    this.enabled = true;
    this.gapStart = this.gapEnd = undefined;
    if (this.lingering < MAX_LINGERING) this.profiler = this.startProfiler();
    else this.gapStart = performance.now();
  }

  /** Tells the sampler a GC happened (from the `gc` performance entries). */
  noteGc(type: number, startTime: number): void {
    if (type === MAJOR && this.lingering > 0 && startTime > this.lingeringSince) this.lingering = 0;
    if (!this.profiler || startTime < this.startedAt) return;
    if (type === MINOR) this.minorSinceStart++;
    else if (type === MAJOR) this.majorSinceStart++;
  }

  /** Whether a profiler was recording when a GC that started at `startTime` ran. */
  covers(startTime: number): boolean {
    if (this.gapStart === undefined || startTime < this.gapStart) return true;
    return this.gapEnd !== undefined && startTime >= this.gapEnd;
  }

  /**
   * Hands over the GCs recorded since the last rotation (`undefined` when none was running)
   * and goes on recording when that leaves at most MAX_LINGERING profilers behind.
   */
  rotate(): HeapSample[] | undefined {
    if (!this.enabled) return undefined;
    const old = this.profiler;
    if (!old) {
      if (this.lingering === 0) {
        this.profiler = this.startProfiler();
        this.gapEnd = this.startedAt;
      }
      return undefined;
    }
    const promoted = this.promoted();
    if (promoted && this.lingering + 1 >= MAX_LINGERING) {
      // A successor now would make a third recorder: stop and wait for a major GC.
      this.profiler = undefined;
      this.gapStart = performance.now();
      this.gapEnd = undefined;
    } else {
      this.profiler = this.startProfiler();
    }
    const samples = read(old);
    if (promoted) {
      this.lingering++;
      this.lingeringSince = performance.now();
    }
    return samples;
  }

  /** Stops recording and returns what the last profiler saw. */
  stop(): HeapSample[] {
    this.enabled = false;
    const old = this.profiler;
    if (!old) return [];
    this.profiler = undefined;
    const samples = read(old);
    if (this.promoted()) {
      this.lingering++;
      this.lingeringSince = performance.now();
    }
    return samples;
  }

  private promoted(): boolean {
    return this.minorSinceStart >= 2 || this.majorSinceStart >= 1;
  }

  private startProfiler(): GCProfiler {
    const profiler = new GCProfiler();
    profiler.start();
    this.startedAt = performance.now();
    this.minorSinceStart = 0;
    this.majorSinceStart = 0;
    return profiler;
  }
}

function read(profiler: GCProfiler): HeapSample[] {
  const statistics = profiler.stop()?.statistics ?? [];
  const samples = new Array<HeapSample>(statistics.length);
  for (let i = 0; i < statistics.length; i++) {
    const s = statistics[i]!;
    samples[i] = {
      type: typeOfProfilerName(s.gcType),
      before: s.beforeGC.heapStatistics.usedHeapSize,
      after: s.afterGC.heapStatistics.usedHeapSize,
      cost: s.cost / 1000,
    };
  }
  return samples;
}
