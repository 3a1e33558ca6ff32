import type { LockKind } from '@statewatch/semconv';
import { SUPPORTED_ASYNC_MUTEX_VERSIONS } from './async-mutex';
import { SUPPORTED_ASYNC_LOCK_VERSIONS } from './limiters/async-lock';
import { SUPPORTED_ASYNC_SEMA_VERSIONS } from './limiters/async-sema';
import { SUPPORTED_BOTTLENECK_VERSIONS } from './limiters/bottleneck';
import { SUPPORTED_P_LIMIT_VERSIONS } from './limiters/p-limit';
import { SUPPORTED_P_QUEUE_VERSIONS } from './limiters/p-queue';
import { SUPPORTED_REDLOCK_VERSIONS } from './limiters/redlock';

/** A library the instrumentation patches: the ranges are exactly the tested ones. */
export interface LockLibrary {
  library: string;
  ranges: readonly string[];
  kinds: readonly LockKind[];
  measured: string;
  /** How `lock.name` is set. */
  name: string;
}

export const LOCK_LIBRARIES: readonly LockLibrary[] = [
  {
    library: 'async-mutex',
    ranges: SUPPORTED_ASYNC_MUTEX_VERSIONS,
    kinds: ['mutex', 'semaphore'],
    measured:
      'Mutex, Semaphore, withTimeout, tryAcquire: wait, hold, waiters, contended; timeout, rejected, canceled',
    name: '`nameLock()`',
  },
  {
    library: 'p-limit',
    ranges: SUPPORTED_P_LIMIT_VERSIONS,
    kinds: ['limiter'],
    measured:
      '`limit(fn)`: wait until `fn` starts, its run time, queued tasks, no free slot; clearQueue = canceled (not recorded: `limitFunction`, and `limit.map` of 7.3.3, which call its internal limit function)',
    name: '`nameLock(limit)`, else `p-limit`',
  },
  {
    library: 'p-queue',
    ranges: SUPPORTED_P_QUEUE_VERSIONS,
    kinds: ['queue'],
    measured:
      '`add(fn)`, `addAll`: wait until `fn` starts (concurrency, priority, interval cap and pause together), its run time, queued tasks, contended; `clear()` = canceled (not recorded: tasks with a `signal`, options behind getters)',
    name: '`nameLock(queue)`, else `p-queue`',
  },
  {
    library: 'async-sema',
    ranges: SUPPORTED_ASYNC_SEMA_VERSIONS,
    kinds: ['limiter'],
    measured:
      '`Sema`: wait until a token, token held until `release()`, queued callers, no free token; failed `tryAcquire` = rejected',
    name: '`nameLock(sema)`, else `async-sema`',
  },
  {
    library: 'async-lock',
    ranges: SUPPORTED_ASYNC_LOCK_VERSIONS,
    kinds: ['keyed_lock'],
    measured:
      '`acquire(key, fn)`, callback and promise mode, arrays of keys: wait, hold, waiters, contended per key; timeout, maxOccupationTime = timeout; maxPending = rejected',
    name: 'the key (capped)',
  },
  {
    library: 'bottleneck',
    ranges: SUPPORTED_BOTTLENECK_VERSIONS,
    kinds: ['rate_limiter'],
    measured:
      '`schedule`, `submit`, `wrap` (local datastore): wait until the job starts, its run time, jobs queued or held back, could not start at once; `statewatch.lock.throttle.duration` (the minTime and empty-reservoir part of the wait); dropped (highWater strategy, `stop()`) or duplicate id = rejected (not recorded: Redis datastores, the es5/light bundles)',
    name: 'the `id` option (Group: `<group id>-<key>`, capped), else `nameLock(limiter)`, else `bottleneck`',
  },
  {
    library: 'redlock',
    ranges: SUPPORTED_REDLOCK_VERSIONS,
    kinds: ['distributed_lock'],
    measured:
      "4: `lock`/`acquire` (promise and callback), `extend`, `unlock`; 5: `acquire`, `extend`, `release`, `using` (its automatic extensions): wait from acquire to the lease granted across every retry, hold until release or the lease lost, acquires in progress, contended = the first try failed; every try failed = rejected; `statewatch.lock.attempts` (every try), `statewatch.lock.lease.extensions`, `statewatch.lock.lease.lost` (an extension or release found the lease expired or gone) (not 4.0 and 4.1: they send their scripts straight to the program's Redis clients, with no method of redlock to follow in between; not 5.0.0-beta.2: not in the matrix)",
    name: 'the resource keys joined by `,` (capped)',
  },
];

/** The markdown table of docs/lock-libraries.md. */
export function supportedVersionsTable(): string {
  return [
    '| library | tested versions | lock.kind | what is measured | lock.name |',
    '|---|---|---|---|---|',
    ...LOCK_LIBRARIES.map(
      (l) =>
        `| ${l.library} | ${l.ranges.map((r) => `\`${r}\``).join(', ')} | ${l.kinds.map((k) => `\`${k}\``).join(', ')} | ${l.measured} | ${l.name} |`,
    ),
  ].join('\n');
}

/** docs/lock-libraries.md, whole. */
export function lockLibrariesDoc(): string {
  return [
    '<!-- Generated from packages/instrumentation-lock/src/libraries.ts by `npm run docs:versions -w @statewatch/instrumentation-lock`; a test checks it. -->',
    '# Lock libraries covered by @statewatch/instrumentation-lock',
    '',
    'Each range is exactly what the version matrix tests: the oldest and newest release of each',
    'supported major, loaded by require and by import (packages/instrumentation-lock/test/limiters.test.ts,',
    'async-mutex and bottleneck in their own tests), and the differential harness (test/transparency/scenarios/lock-*).',
    'A release outside the range is left unpatched. A release inside it whose members differ is',
    'left unpatched too, and said once. What wait, hold, waiters, contended and each outcome mean',
    'for each `lock.kind`: [metrics-contract.md](metrics-contract.md).',
    '',
    supportedVersionsTable(),
    '',
    'Also: the Web Locks API (`navigator.locks`, kind `web_lock`, Node 24.19+ and 26 through its diagnostics',
    'channels) and any lock given to `instrumentLock()` (kind `custom`).',
    '',
    'Not async-mutex 0.4: its `Semaphore` keeps one queue per weight (`_weightedQueues`, `_dispatch`), where',
    '0.5 has the single priority queue the patch follows (`_queue`, `_dispatchQueue`, `_dispatchItem`,',
    '`_couldLockImmediately`); 0.4 would need an integration of its own. 0.5.0 is the only 0.5 release.',
    '',
    'Not bottleneck before 2.19.0: up to 2.18.0 there is no `lib/Job.js` (no `Job#doExecute`/`doDrop` to',
    'follow a job by); 2.18.1 has it, but refuses a duplicate id inside `Job#doReceive`, where 2.19 does it',
    'in `_receive`, and is not in the matrix.',
    '',
  ].join('\n');
}
