import { recordWeighted, reportError } from '@statewatch/instrumentation-common';
import dc from 'node:diagnostics_channel';
import { nowMs } from './clock';
import type { LockMetrics, LockSeries } from './lock-metrics';
import { MS } from './lock-metrics';

/*
 * Web Locks (navigator.locks.request), measured through the diagnostics channels Node publishes
 * for every request (`locks.request.start|grant|miss|end`, Node 24.19+ and 26): nothing is
 * patched, so every overload, argument, getter, promise and microtask turn is Node's own.
 *
 * A request is a waiter from `start` until `grant` (its callback is about to run) or `miss`
 * (ifAvailable and not available: outcome `rejected`). The hold lasts from `grant` until `end`
 * (the callback's promise settled and the lock was released). A request that ends without a
 * grant or a miss was aborted by its signal: outcome `canceled`, waited until Node dropped it
 * (when it reached the head of the queue, which can be later than the abort). The one exception:
 * an `AbortSignal.timeout()` abort is `canceled` too. Node's lib/internal/locks.js (identical in
 * 24.21 and 26.9) publishes `{ name, mode }` on start and grant, and on `end` the error of the
 * internal `released` promise, which an aborted request resolves (its wrapped callback returns
 * `undefined` once `signal.aborted`): the reason goes only to the caller's `reject(signal.reason)`.
 * Reading `options.signal` ourselves would be a property access the program could see.
 *
 * Grants of one name happen in queue order, so a grant is matched to the oldest waiting request
 * of that name and mode, a miss (decided at once) to the newest, an end to the oldest hold.
 * `lock.contended` is true when this thread held the lock or had a request queued for it when
 * this one was made (shared requests are compatible with shared holders). Requests of other
 * threads are published in their own thread and not seen here. Whether a request is timed is
 * decided at `start` (the lock's sampler): an untimed one is counted but reads no clock.
 */

interface LockMessage {
  name: string;
  mode: 'exclusive' | 'shared';
  /** On `end` only. */
  ifAvailable?: boolean;
}

/** A request, waiting and then held. */
interface Request {
  /** 0 when untimed. */
  askedAt: number;
  /** The sampling weight of its wait and hold; 0: untimed. */
  weight: number;
  contended: boolean;
  /** When its hold started (timed, granted). */
  since: number;
}

/** What this thread holds and waits for, per lock name; dropped when nothing is left. */
class NameState {
  readonly waiting = { exclusive: [] as Request[], shared: [] as Request[] };
  readonly holds = { exclusive: [] as Request[], shared: [] as Request[] };
  /** Misses whose `end` is still to come (their callback ran with `null`). */
  readonly missed = { exclusive: 0, shared: 0 };
  constructor(readonly series: LockSeries) {}
  get empty(): boolean {
    const { waiting: w, holds: h, missed } = this;
    const open = w.exclusive.length + w.shared.length + h.exclusive.length + h.shared.length;
    return open + missed.exclusive + missed.shared === 0;
  }
}

const CHANNELS = ['start', 'grant', 'miss', 'end'] as const;

/** Node publishes the Web Locks channels (its request() calls the publishers). */
export function webLocksChannelsPublished(): boolean {
  const proto = lockManagerPrototype();
  if (proto === undefined) return false;
  const request = (proto as { request?: unknown }).request;
  // Node's own JavaScript source, read once: the channels were added in 24.19 / 25.x.
  return (
    typeof request === 'function' &&
    Function.prototype.toString.call(request).includes('publishLockRequestStart')
  );
}

/** The LockManager prototype, or undefined where this Node has no Web Locks API. */
export function lockManagerPrototype(): object | undefined {
  const locks = (globalThis as { navigator?: { locks?: object } }).navigator?.locks;
  if (locks === undefined || locks === null) return undefined;
  return Object.getPrototypeOf(locks) ?? undefined;
}

/** Subscribes to the Web Locks channels for one instrumentation; `unsubscribe()` stops. */
export class WebLocksSubscriber {
  private readonly names = new Map<string, NameState>();
  private readonly handlers: Record<(typeof CHANNELS)[number], (m: unknown) => void> = {
    start: (m) => this.guard('start', m, (msg) => this.start(msg)),
    grant: (m) => this.guard('grant', m, (msg) => this.granted(msg)),
    miss: (m) => this.guard('miss', m, (msg) => this.missed(msg)),
    end: (m) => this.guard('end', m, (msg) => this.ended(msg)),
  };

  constructor(private readonly metrics: LockMetrics) {}

  subscribe(): void {
    for (const c of CHANNELS) dc.subscribe(`locks.request.${c}`, this.handlers[c]);
  }

  unsubscribe(): void {
    for (const c of CHANNELS) dc.unsubscribe(`locks.request.${c}`, this.handlers[c]);
    this.names.clear();
  }

  private guard(where: string, message: unknown, handle: (m: LockMessage) => void): void {
    try {
      const m = message as LockMessage;
      if (typeof m?.name !== 'string') return;
      handle(m);
    } catch (err) {
      reportError(`web locks ${where}`, err);
    }
  }

  private start(m: LockMessage): void {
    let state = this.names.get(m.name);
    if (state === undefined) {
      state = new NameState(this.metrics.series(m.name, 'web_lock'));
      // Names past the cap share the overflow series and are not remembered once done.
      this.names.set(m.name, state);
    }
    const { waiting: w, holds: h } = state;
    const contended =
      h.exclusive.length > 0 ||
      w.exclusive.length + w.shared.length > 0 ||
      (m.mode === 'exclusive' && h.shared.length > 0);
    const askedAt = state.series.startTiming();
    const weight = askedAt === 0 ? 0 : state.series.sampler.weight;
    state.waiting[m.mode].push({ askedAt, weight, contended, since: 0 });
    state.series.waiters.add(1);
  }

  private granted(m: LockMessage): void {
    const state = this.names.get(m.name);
    const request = state?.waiting[m.mode].shift();
    if (state === undefined || request === undefined) return; // requested before we subscribed
    const s = state.series;
    s.waiters.add(-1);
    (request.contended ? s.contended : s.uncontended).add(1);
    if (request.weight !== 0) {
      const now = nowMs();
      recordWeighted(s.waitAcquired, (now - request.askedAt) * MS, request.weight);
      request.since = s.holdStart(now);
    }
    state.holds[m.mode].push(request);
  }

  private missed(m: LockMessage): void {
    const state = this.names.get(m.name);
    const request = state?.waiting[m.mode].pop();
    if (state === undefined || request === undefined) return;
    state.series.waiters.add(-1);
    if (request.weight !== 0)
      recordWeighted(state.series.waitRejected, (nowMs() - request.askedAt) * MS, request.weight);
    state.missed[m.mode]++;
  }

  private ended(m: LockMessage): void {
    const state = this.names.get(m.name);
    if (state === undefined) return;
    const held = m.ifAvailable === true && state.missed[m.mode] > 0 ? undefined : state.holds[m.mode].shift();
    if (held !== undefined) {
      if (held.weight !== 0) recordWeighted(state.series.hold, (nowMs() - held.since) * MS, held.weight);
    } else if (m.ifAvailable === true && state.missed[m.mode] > 0) state.missed[m.mode]--;
    else {
      // Ended with no hold and no miss: an aborted request.
      const request = state.waiting[m.mode].shift();
      if (request !== undefined) {
        state.series.waiters.add(-1);
        if (request.weight !== 0)
          recordWeighted(state.series.waitCanceled, (nowMs() - request.askedAt) * MS, request.weight);
      }
    }
    this.dropIfDone(m.name, state);
  }

  private dropIfDone(name: string, state: NameState): void {
    if (state.empty) this.names.delete(name);
  }
}
