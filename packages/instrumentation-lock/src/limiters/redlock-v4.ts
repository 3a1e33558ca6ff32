import { reportError } from '@statewatch/instrumentation-common';
import type { AnyFunction } from '../internal-types';
import { isFunction } from '../integration';
import type { Member } from '../integration';
import type { MethodWrapper } from '../wrap';
import { dataProperty, onlyDataProperties } from './limiter';
import { dateNow } from './redlock-leases';
import type { LeaseRecord, RedlockLeases } from './redlock-leases';

/**
 * redlock 4.2.0, the last 4.x (CommonJS, `module.exports = Redlock`, bluebird promises and
 * callbacks). 4.0 and 4.1 send their scripts straight to the program's clients
 * (`server.eval(args, loop)`; `_executeScript` came with evalsha in 4.2.0), with no method of the
 * library's own in between: following their replies would mean wrapping the program's Redis
 * client objects, so they are left out.
 */
export const REDLOCK_V4_VERSIONS = '4.2.0';
export const REDLOCK_V4_METHODS = ['_lock', '_executeScript', 'unlock', 'extend', 'lock'];

export function redlockV4Members(Redlock: unknown): Member[] {
  const proto = (Redlock as { prototype?: object } | undefined)?.prototype;
  const instance = () => new (Redlock as new (c: unknown[]) => object)([{}]);
  return [
    { path: 'Redlock (the export, a constructor)', present: () => typeof Redlock === 'function' },
    ...REDLOCK_V4_METHODS.map((m) => ({
      path: `Redlock.prototype.${m}`,
      present: () => isFunction(proto, m),
    })),
    {
      path: 'Redlock instance fields servers (an array) and retryCount (a number)',
      present: () => {
        const r = instance();
        return Array.isArray(dataProperty(r, 'servers')) && typeof dataProperty(r, 'retryCount') === 'number';
      },
    },
  ];
}

interface ReplyLoop {
  original: AnyFunction;
  wrapped: AnyFunction;
}

/** One round of an acquisition or extension: a script sent to every server, their replies. */
interface Round {
  kind: 'acquire' | 'extend';
  /** The `_lock` options (retryCount overrides the instance's). */
  options: object;
  redlock: object;
  /** The TTL this round asks for (the script's last argument). */
  ttl: unknown;
  expected: number;
  sent: number;
  received: number;
  /** Extension attempts so far (an acquisition counts on its record). */
  extendAttempts: number;
  /** Inside the library's handler of the last reply: an unlock now is its clean-up of a failed try. */
  inFinal: boolean;
  cleanedUp: boolean;
  /** The replies to the holder's release. */
  release?: { expected: number; received: number; votes: number; loop?: ReplyLoop };
  /** The wrapper of this try's reply callback. */
  loop?: ReplyLoop;
}

/** The `_lock` call in progress (the library sends its first round synchronously inside it). */
let pending: { resource: unknown; options: object } | undefined;

const serversOf = (redlock: object) => {
  const servers = dataProperty(redlock, 'servers');
  return Array.isArray(servers) ? servers.length : 0;
};

/*
 * redlock 4 runs callbacks inside: `_lock(resource, value, ttl, options)` (value null: acquire,
 * else extend) sends the script to every server through `_executeScript(server, name, args,
 * callback)` and counts the replies in that callback; after the last reply it either resolves or
 * calls `lock.unlock()` to clean up and retries (`retryCount === -1 || attempts <= retryCount`,
 * retryCount = options.retryCount || this.retryCount) or fails. The wrappers follow the same
 * steps: each reply callback is wrapped (the library's own function, never the program's), the
 * first send of a round is an attempt, and an unlock from inside the last reply's handler is the
 * clean-up of a failed try. The promise `_lock` returns (bluebird) is never touched: a handler on
 * it would change bluebird's unhandled-rejection report. A holder's `unlock`/`release` ends the
 * hold; fewer than a quorum of servers deleting the key means it was gone already (lost).
 * `extend` on an expired lock is lost (the library rejects it at once, the same check).
 */
export function patchRedlockV4(proto: object, leases: RedlockLeases, wrapper: MethodWrapper): void {
  wrapper.wrap(
    proto,
    '_lock',
    (original) =>
      ({
        _lock(
          this: object,
          resource: unknown,
          _value: unknown,
          _ttl: unknown,
          options: unknown,
          callback: unknown,
        ) {
          const before = pending;
          try {
            const opts = typeof options === 'function' && callback === undefined ? {} : options;
            pending =
              opts !== null && typeof opts === 'object' && onlyDataProperties(opts, ['retryCount'])
                ? { resource, options: opts }
                : undefined;
          } catch (err) {
            reportError('redlock _lock', err);
          }
          try {
            // eslint-disable-next-line prefer-rest-params
            return original.apply(this, arguments as unknown as unknown[]) as unknown;
          } finally {
            pending = before;
          }
        },
      })._lock,
  );
  wrapper.wrap(
    proto,
    '_executeScript',
    (original) =>
      ({
        _executeScript(this: object, _server: unknown, name: unknown, args: unknown, callback: unknown) {
          // eslint-disable-next-line prefer-rest-params
          const call = Array.prototype.slice.call(arguments) as unknown[];
          try {
            if (Array.isArray(args) && typeof callback === 'function') {
              const wrapped = replyCallback(this, name, args, callback as AnyFunction, leases, wrapper);
              if (wrapped !== undefined) call[3] = wrapped;
            }
          } catch (err) {
            reportError('redlock _executeScript', err);
          }
          return original.apply(this, call) as unknown;
        },
      })._executeScript,
  );
  const unlockOriginal = dataProperty(proto, 'unlock');
  wrapper.wrap(
    proto,
    'unlock',
    (original) =>
      ({
        unlock(this: object, lock: unknown) {
          try {
            const value = dataProperty(lock, 'value');
            const record = leases.get(value);
            const round = record?.round as Round | undefined;
            if (round?.inFinal) round.cleanedUp = true;
            else if (record?.state === 'held') {
              leases.releasing(record);
              const expected = serversOf(this);
              const release = { expected, received: 0, votes: 0 };
              if (round) round.release = release;
              else record.round = { release } as Round;
            }
          } catch (err) {
            reportError('redlock unlock', err);
          }
          // eslint-disable-next-line prefer-rest-params
          return original.apply(this, arguments as unknown as unknown[]) as unknown;
        },
      }).unlock,
  );
  // `release` is the same function as `unlock`: it stays the same wrapper.
  const release = Object.getOwnPropertyDescriptor(proto, 'release');
  if (release !== undefined && release.value === unlockOriginal)
    Object.defineProperty(proto, 'release', { ...release, value: dataProperty(proto, 'unlock') });
  wrapper.wrap(
    proto,
    'extend',
    (original) =>
      ({
        extend(this: object, lock: unknown) {
          try {
            const value = dataProperty(lock, 'value');
            const expiration = dataProperty(lock, 'expiration');
            const record = leases.get(value);
            if (record !== undefined && typeof expiration === 'number' && expiration < dateNow())
              leases.lost(value as string, record);
          } catch (err) {
            reportError('redlock extend', err);
          }
          // eslint-disable-next-line prefer-rest-params
          return original.apply(this, arguments as unknown as unknown[]) as unknown;
        },
      }).extend,
  );
}

export function unpatchRedlockV4(proto: object, wrapper: MethodWrapper): void {
  for (const key of ['_lock', '_executeScript', 'unlock', 'release', 'extend']) wrapper.unwrap(proto, key);
}

/** The wrapped reply callback of one script sent to one server, or undefined (not followed). */
function replyCallback(
  redlock: object,
  name: unknown,
  args: unknown[],
  callback: AnyFunction,
  leases: RedlockLeases,
  wrapper: MethodWrapper,
): AnyFunction | undefined {
  if (name === 'unlockScript') {
    const value = args[args.length - 1];
    const record = leases.get(value);
    const release = (record?.round as Round | undefined)?.release;
    if (record?.state !== 'releasing' || release === undefined) return undefined;
    if (release.loop?.original !== callback) {
      const keys = args[0];
      const handle = (self: unknown, replyArgs: unknown[]) => {
        try {
          release.received++;
          const response = replyArgs[1];
          if (response === keys || response === `${String(keys)}`) release.votes++;
          if (release.received === release.expected)
            leases.releaseDone(value as string, record, release.votes >= (release.expected >> 1) + 1);
        } catch (e) {
          reportError('redlock unlock reply', e);
        }
        return callback.apply(self, replyArgs) as unknown;
      };
      release.loop = { original: callback, wrapped: replyWrapper(callback, handle, wrapper) };
    }
    return release.loop.wrapped;
  }
  if (name !== 'lockScript' && name !== 'extendScript') return undefined;
  const value = args[args.length - 2];
  let record = leases.get(value);
  if (name === 'lockScript') {
    if (record === undefined && pending !== undefined) {
      record = leases.ask(value, pending.resource);
      if (record !== undefined) record.round = newRound('acquire', pending.options, redlock);
    }
    if (record?.state !== 'acquiring') return undefined;
  } else {
    if (record?.state !== 'held') return undefined;
    const current = record.round as Round | undefined;
    // A new extend call (inside its `_lock`, before its first send): its own options.
    if (current?.kind !== 'extend' || (pending !== undefined && current.sent === 0))
      record.round = newRound('extend', pending?.options ?? {}, redlock);
  }
  const round = record.round as Round;
  if (round.sent === 0) {
    round.expected = serversOf(redlock);
    round.ttl = args[args.length - 1];
    if (round.kind === 'acquire') leases.attempt(record);
    else round.extendAttempts++;
  }
  round.sent++;
  // Each try has a callback of its own, passed to every server: one wrapper per try.
  if (round.loop?.original !== callback) {
    const r = record;
    const handle = (self: unknown, replyArgs: unknown[]) => {
      round.received++;
      if (round.received < round.expected) return callback.apply(self, replyArgs) as unknown;
      round.inFinal = true;
      round.cleanedUp = false;
      try {
        return callback.apply(self, replyArgs) as unknown;
      } finally {
        round.inFinal = false;
        round.sent = round.received = 0;
        try {
          roundDone(value as string, r, round, leases);
        } catch (e) {
          reportError('redlock reply', e);
        }
      }
    };
    round.loop = { original: callback, wrapped: replyWrapper(callback, handle, wrapper) };
  }
  return round.loop.wrapped;
}

/**
 * A callback that runs `handle` in place of the library's reply callback, in the same shape: for
 * its `function loop(err, response)` (strict: own keys length, name, prototype) one declared
 * alike, which costs a closure (giving a wrapper the original's shape through defineProperty
 * cost ~8 µs a call); anything else is shaped like it.
 */
function replyWrapper(
  callback: AnyFunction,
  handle: (self: unknown, args: unknown[]) => unknown,
  wrapper: MethodWrapper,
): AnyFunction {
  if (callback.name === 'loop' && callback.length === 2)
    return function loop(this: unknown, _err: unknown, _response: unknown) {
      // eslint-disable-next-line prefer-rest-params
      return handle(this, arguments as unknown as unknown[]);
    };
  return wrapper.shaped(
    {
      loop(this: unknown) {
        // eslint-disable-next-line prefer-rest-params
        return handle(this, arguments as unknown as unknown[]);
      },
    }.loop,
    callback,
  );
}

function newRound(kind: Round['kind'], options: object, redlock: object): Round {
  return {
    kind,
    options,
    redlock,
    ttl: undefined,
    expected: 0,
    sent: 0,
    received: 0,
    extendAttempts: 0,
    inFinal: false,
    cleanedUp: false,
  };
}

/** After the library handled the last reply: granted/extended, or a failed try (retried or not). */
function roundDone(value: string, record: LeaseRecord, round: Round, leases: RedlockLeases): void {
  if (!round.cleanedUp) {
    if (round.kind === 'acquire') leases.granted(value, record, round.ttl);
    else {
      round.extendAttempts = 0;
      leases.extended(record, round.ttl);
    }
    return;
  }
  const retryCount = (dataProperty(round.options, 'retryCount') ||
    dataProperty(round.redlock, 'retryCount')) as number;
  const attempts = round.kind === 'acquire' ? record.attempts : round.extendAttempts;
  if (retryCount === -1 || attempts <= retryCount) return; // the library tries again
  if (round.kind === 'acquire') leases.failed(value, record);
  else {
    round.extendAttempts = 0;
    leases.lost(value, record);
  }
}
