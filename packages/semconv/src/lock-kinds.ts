import type { LockKind } from './attributes';

/**
 * What the lock metrics mean for each `lock.kind`: the contract a library integration follows.
 * Rendered into docs/metrics-contract.md.
 */
export interface LockKindMeaning {
  kind: LockKind;
  /** The libraries (or APIs) recorded under this kind. */
  sources: string;
  wait: string;
  hold: string;
  waiters: string;
  contended: string;
  outcomes: string;
  /** Where `lock.name` comes from. */
  name: string;
}

export const LOCK_KIND_MEANINGS: readonly LockKindMeaning[] = [
  {
    kind: 'mutex',
    sources: 'async-mutex `Mutex`',
    wait: 'acquire called → lock granted (or given up)',
    hold: 'granted → released',
    waiters: 'callers queued for the lock, and `waitForUnlock` callers',
    contended: 'the lock was held or had waiters when asked for',
    outcomes: '`acquired`; `timeout` (withTimeout); `rejected` (tryAcquire); `canceled` (cancel())',
    name: '`nameLock()`; else `unnamed`',
  },
  {
    kind: 'semaphore',
    sources: 'async-mutex `Semaphore`',
    wait: 'acquire called → weight granted (or given up)',
    hold: 'granted → released',
    waiters: 'callers queued',
    contended: 'not enough value free, or a queue, when asked for',
    outcomes: 'as `mutex`',
    name: '`nameLock()`; else `unnamed`',
  },
  {
    kind: 'web_lock',
    sources: '`navigator.locks.request` (Node diagnostics channels)',
    wait: 'request → callback starts',
    hold: 'callback starts → its promise settles',
    waiters: 'requests not yet granted',
    contended: 'the lock was held when requested',
    outcomes:
      '`acquired`; `rejected` (ifAvailable); `canceled` (signal, `AbortSignal.timeout()` included: Node publishes no abort reason), wait until Node drops it (head of the queue)',
    name: 'the Web Lock name',
  },
  {
    kind: 'limiter',
    sources: 'p-limit (`limit(fn)`), async-sema (`Sema`)',
    wait: 'task asked for (p-limit: `limit(fn)` called; async-sema: `acquire()`) → task started (p-limit: `fn` called; async-sema: token handed out)',
    hold: 'run time: p-limit: `fn` called → its result settles; async-sema: token handed out → `release()`',
    waiters: 'tasks queued for a free slot (p-limit `pendingCount`, async-sema `nrWaiting()`)',
    contended:
      'no free slot when asked for (p-limit: active + queued ≥ concurrency; async-sema: no free token)',
    outcomes:
      '`acquired` (started); `canceled` (p-limit `clearQueue()`); `rejected` (async-sema `tryAcquire()` without a free token, wait 0)',
    name: '`nameLock(limit, …)` / `nameLock(sema, …)`; else the library name (`p-limit`, `async-sema`)',
  },
  {
    kind: 'queue',
    sources: 'p-queue (`queue.add(fn)`, `addAll`)',
    wait: '`add` called → `fn` called: held back by concurrency, priority, the interval cap or a pause, together',
    hold: '`fn` called → its result settles',
    waiters: 'tasks queued (`queue.size`)',
    contended: 'every slot busy, tasks queued, or the queue paused, when added',
    outcomes: '`acquired` (started); `canceled` (`clear()`); `rejected` (refused by `add`)',
    name: '`nameLock(queue, …)`; else `p-queue`',
  },
  {
    kind: 'keyed_lock',
    sources: 'async-lock (`lock.acquire(key, fn)`; an array of keys: each key)',
    wait: '`acquire` called → `fn` called (or given up)',
    hold: '`fn` called → its callback called (callback mode) or its result settles',
    waiters: 'calls queued for the key',
    contended: 'the key was held when asked for',
    outcomes:
      '`acquired`; `timeout` (`timeout` or `maxOccupationTime` passed in the queue); `rejected` (`maxPending` full)',
    name: 'the key (user data, capped like every `lock.name`)',
  },
  {
    kind: 'rate_limiter',
    sources: 'bottleneck (`schedule`, `submit`, `wrap`)',
    wait: '`schedule` called → job started; `statewatch.lock.throttle.duration` is the part of it the rate limit caused: the `minTime` delay given at registration plus the time an empty reservoir, not a busy slot, held it back',
    hold: 'job started → its result settles',
    waiters: 'jobs queued or held back (RECEIVED, QUEUED and RUNNING-not-yet-executing)',
    contended: 'the job could not start at once (slot busy, queue not empty, `minTime` or reservoir)',
    outcomes:
      '`acquired` (started; an `expiration` passing later does not change it: bottleneck starts that timer when the job starts); `rejected` (duplicate `id`, dropped by `highWater`/strategy, or `stop()`)',
    name: 'the `id` option (unless the default `<no-id>`); else `nameLock(limiter, …)`; else `bottleneck`',
  },
  {
    kind: 'distributed_lock',
    sources:
      "redlock 4.2.0 and 5.0.0-beta.1/beta2 (`lock`/`acquire`, `extend`, `unlock`/`release`, 5's `using`), against Redis; not 4.0/4.1",
    wait: '`acquire` called → lease granted (quorum reached), across every retry, or → the last attempt failed',
    hold: 'granted → `release`, or the lease lost',
    waiters: 'acquires in progress (retrying)',
    contended:
      'the first attempt failed: another holder had a resource, or Redis did not answer for a quorum',
    outcomes:
      '`acquired`; `rejected` (the last attempt failed: retries exhausted or Redis errors). Beside them: `statewatch.lock.attempts` (every try), `statewatch.lock.lease.extensions`, `statewatch.lock.lease.lost` (an extension or release did not reach a quorum: the lease expired, was deleted or taken, or Redis erred; or `extend` on an already expired lease)',
    name: 'the resource keys joined by `,` (user data, capped like every `lock.name`)',
  },
  {
    kind: 'custom',
    sources: '`instrumentLock()`',
    wait: 'acquire called → it returns or resolves',
    hold: 'granted → release (or the releaser/handle it returned)',
    waiters: 'acquires in progress',
    contended: 'another acquisition of that object was held or waiting',
    outcomes: 'by the error: `timeout`, `canceled` (AbortError), else `rejected`',
    name: 'the `name` option; else `unnamed`',
  },
];
