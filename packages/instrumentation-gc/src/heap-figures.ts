import { GC_TYPES, MAJOR, MINOR } from './gc-type';
import type { HeapReading } from './heap-reading';

/**
 * A live-heap reading taken longer than this after its major GC ended may include what the
 * program allocated in the old generation meanwhile (pretenured objects, large objects).
 */
export const LIVE_READ_WITHIN_MS = 2;

/**
 * The heap figures, from one heap reading per `gc` observer batch (outside every GC pause: no
 * GC callback of our own, so no pause grows).
 *
 * - **Live heap**: the used heap minus the young generation, read when a batch with a major GC
 *   arrives. A Mark-Compact leaves the young generation empty (its survivors are promoted), so
 *   this is the after-size V8 reports, off only by what the program put in the old generation
 *   between the GC and the delivery. When scavenges follow the major GC in its batch (their promotions
 *   are in it too) or the delivery came more than LIVE_READ_WITHIN_MS after it, that figure is
 *   an estimate, an upper bound (`liveEstimates`).
 * - **Reclaimed** (estimate): the size of a GC's heap before it is only known inside the pause.
 *   Between two readings, freed = allocated − growth of the used heap, with the young-generation
 *   allocation taken from how full the new space gets: a scavenge runs when it is full, so each
 *   minor GC stands for filling it from where the previous one left it to its capacity. Split by
 *   type: a batch of one type gets it all; in a mixed batch the major GCs get the shrinkage of the
 *   old generation.
 * - **Allocated** (estimate where Node has no `total_allocated_bytes`): the growth of the used
 *   heap plus everything reclaimed since enable.
 */
export class HeapFigures {
  /** Bytes freed, by index into GC_TYPES. */
  readonly reclaimed = new Float64Array(GC_TYPES.length);
  /** Used heap right after the latest major GC; `undefined` until one was seen. */
  live: number | undefined = undefined;
  /** Whether `live` was read with nothing after its major GC in the batch (see above). */
  liveExact = true;
  /** Major GCs whose live figure is an estimate because more GCs followed them in their batch. */
  liveEstimates = 0;
  private previous: HeapReading | undefined = undefined;
  private freedSinceEnable = 0;
  private usedAtEnable = 0;
  private totalAllocatedAtEnable = 0;
  /** Allocation counted in the enabled periods that ended. */
  private carried = 0;
  private lastAllocated = 0;
  /**
   * Share of the new space a scavenge leaves in it (survivors not yet promoted), learnt from
   * batches of one scavenge, where the later reading shows it; used for the scavenges inside a
   * batch of several.
   */
  private survival = 0.1;

  constructor(
    /** `total_allocated_bytes` (Node 26+) or the estimate. */
    readonly exactAllocation: boolean,
  ) {}

  start(now: HeapReading): void {
    if (this.previous !== undefined) return;
    this.previous = now;
    this.freedSinceEnable = 0;
    this.usedAtEnable = now.used;
    this.totalAllocatedAtEnable = now.totalAllocated ?? 0;
  }

  stop(now: HeapReading): void {
    if (this.previous === undefined) return;
    this.carried = this.allocated(now);
    this.previous = undefined;
  }

  /**
   * One observer batch: the types of its GCs in order (indices into GC_TYPES), the heap now, and
   * how long ago (ms) its last major GC ended.
   */
  addBatch(types: ArrayLike<number>, now: HeapReading, sinceMajorMs = 0): void {
    const before = this.previous;
    if (before === undefined) return;
    this.previous = now;
    let minors = 0;
    let majors = 0;
    let minorAfterMajor = false;
    for (let i = 0; i < types.length; i++) {
      if (types[i] === MINOR) {
        minors++;
        if (majors > 0) minorAfterMajor = true;
      } else if (types[i] === MAJOR) {
        majors++;
        minorAfterMajor = false;
      }
    }
    if (majors > 0) {
      this.live = now.used - now.young;
      // Several major GCs in one batch: a synchronous run kept filling the old generation, and
      // may have gone on doing so after the last one (pretenured or large objects).
      this.liveExact = majors === 1 && !minorAfterMajor && sinceMajorMs <= LIVE_READ_WITHIN_MS;
      if (!this.liveExact) this.liveEstimates++;
    }
    if (minors + majors === 0) return; // incremental-marking steps and weak callbacks free nothing
    if (minors === 1 && majors === 0 && before.youngCapacity > 0)
      this.survival += 0.2 * (Math.min(1, now.young / before.youngCapacity) - this.survival);
    const young = youngAllocated(types, before, now, this.survival);
    const freed = Math.max(0, young - (now.used - before.used));
    let major = 0;
    if (minors === 0) major = freed;
    else if (majors > 0)
      major = Math.min(freed, Math.max(0, before.used - before.young - (now.used - now.young)));
    this.reclaimed[MAJOR] += major;
    this.reclaimed[MINOR] += freed - major;
    this.freedSinceEnable += freed;
  }

  /** The allocation counter now (monotonic); `now` undefined while disabled. */
  allocated(now: HeapReading | undefined): number {
    if (now === undefined || this.previous === undefined) return this.lastAllocated;
    const current =
      this.carried +
      (this.exactAllocation
        ? (now.totalAllocated ?? 0) - this.totalAllocatedAtEnable
        : now.used - this.usedAtEnable + this.freedSinceEnable);
    if (current > this.lastAllocated) this.lastAllocated = current;
    return this.lastAllocated;
  }
}

/**
 * Young-generation bytes allocated between two readings around a batch of GCs. A scavenge runs
 * when the new space is full: each one stands for filling it from its survivors to its capacity
 * (V8 grows the capacity by doubling, up to what the later reading shows). The survivors of the
 * last scavenge are what the later reading shows; of earlier ones, `survival` of the capacity. A
 * major GC empties it. After the last GC it fills to what the later reading shows.
 */
export function youngAllocated(
  types: ArrayLike<number>,
  before: HeapReading,
  after: HeapReading,
  survival: number,
): number {
  let lastMinor = -1;
  for (let i = 0; i < types.length; i++) if (types[i] === MINOR) lastMinor = i;
  let level = before.young;
  let capacity = before.youngCapacity;
  let allocated = 0;
  let minorsSeen = 0;
  for (let i = 0; i < types.length; i++) {
    const type = types[i];
    if (type === MINOR) {
      if (minorsSeen++ > 0)
        capacity =
          after.youngCapacity > capacity ? Math.min(2 * capacity, after.youngCapacity) : after.youngCapacity;
      if (capacity > level) allocated += capacity - level;
      level = i === lastMinor ? after.young : survival * capacity;
    } else if (type === MAJOR) level = 0;
  }
  if (after.young > level) allocated += after.young - level;
  return allocated;
}
