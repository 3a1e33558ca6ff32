import { reportError } from '@statewatch/instrumentation-common';
import { isFunction } from '../integration';
import type { Member } from '../integration';
import type { MethodWrapper } from '../wrap';
import { dataProperty } from './limiter';
import { dateNow } from './redlock-leases';
import type { RedlockLeases } from './redlock-leases';

/**
 * redlock 5, the two tested betas (CommonJS and ESM, `export default class Redlock`): 5.0.0-beta.1
 * and 5.0.0-beta2 (its package.json says `v5.0.0-beta2`). 5.0.0-beta.2, which semver orders
 * between them, is not in the matrix, so not in the range.
 */
export const REDLOCK_V5_VERSIONS = ['5.0.0-beta.1', '5.0.0-beta2'];
export const REDLOCK_V5_METHODS = ['acquire', 'release', 'extend', 'using', '_execute', '_attemptOperation'];

interface Scripts {
  acquireScript: object;
  extendScript: object;
  releaseScript: object;
}

export function redlockV5Members(Redlock: unknown): Member[] {
  const proto = (Redlock as { prototype?: object } | undefined)?.prototype;
  return [
    { path: 'Redlock (the default export, a class)', present: () => typeof Redlock === 'function' },
    ...REDLOCK_V5_METHODS.map((m) => ({
      path: `Redlock.prototype.${m}`,
      present: () => isFunction(proto, m),
    })),
    {
      path: 'Redlock instance field scripts (acquireScript, extendScript, releaseScript objects)',
      present: () => {
        const s = dataProperty(new (Redlock as new (c: unknown[]) => object)([{}]), 'scripts') as Scripts;
        return ['acquireScript', 'extendScript', 'releaseScript'].every(
          (k) => typeof dataProperty(s, k) === 'object',
        );
      },
    },
  ];
}

const promiseThen = Promise.prototype.then;
const floor = Math.floor;
const isNativePromise = (p: unknown): p is Promise<unknown> =>
  p instanceof Promise && Object.getPrototypeOf(p) === Promise.prototype;

/*
 * redlock 5: every operation goes through `_execute(script, keys, args, settings)`, which tries
 * `_attemptOperation` until a quorum votes for it or the retries run out; args[0] is the lease's
 * random value. The library awaits `_execute`'s promise itself, so a reaction on it (through
 * Promise.prototype.then, registered before the library's) marks nothing handled that was not
 * and adds no turn. acquire: `_execute` resolving = granted, rejecting = every attempt failed;
 * each `_attemptOperation` of the acquire script = one attempt. extend: resolving = an
 * extension, rejecting = lost; `extend` on a lease whose `expiration` passed = lost (the library
 * throws before `_execute`, the same check read here). release: the hold ends when it is
 * called; `_execute` rejecting = the lease was gone already (lost). `using()` goes through the
 * same methods (its automatic extensions, the abort after a failed one, its release).
 */
export function patchRedlockV5(proto: object, leases: RedlockLeases, wrapper: MethodWrapper): void {
  wrapper.wrap(
    proto,
    '_execute',
    (original) =>
      ({
        _execute(this: object, script: unknown, keys: unknown, args: unknown) {
          let which: 'acquire' | 'extend' | 'release' | undefined;
          let value: unknown;
          try {
            const scripts = dataProperty(this, 'scripts') as Scripts | undefined;
            value = Array.isArray(args) ? dataProperty(args, '0') : undefined;
            if (typeof value === 'string' && scripts !== undefined) {
              if (script === dataProperty(scripts, 'acquireScript')) {
                which = 'acquire';
                leases.ask(value, keys);
              } else if (script === dataProperty(scripts, 'extendScript')) which = 'extend';
              else if (script === dataProperty(scripts, 'releaseScript')) which = 'release';
            }
            const record = leases.get(value);
            if (which === 'release' && record?.state === 'held') leases.releasing(record);
          } catch (err) {
            reportError('redlock _execute', err);
          }
          // eslint-disable-next-line prefer-rest-params
          const result = original.apply(this, arguments as unknown as unknown[]) as unknown;
          const record = which === undefined ? undefined : leases.get(value);
          if (record !== undefined && isNativePromise(result)) {
            const v = value as string;
            const ttl = dataProperty(args, '1'); // acquire and extend: [value, duration]
            const settled = (ok: boolean) => () => {
              try {
                if (which === 'acquire') {
                  if (ok) leases.granted(v, record, ttl);
                  else leases.failed(v, record);
                } else if (which === 'extend') {
                  if (ok) leases.extended(record, ttl);
                  else leases.lost(v, record);
                } else leases.releaseDone(v, record, ok);
              } catch (err) {
                reportError('redlock _execute', err);
              }
            };
            promiseThen.call(result, settled(true), settled(false));
          }
          return result;
        },
      })._execute,
  );
  wrapper.wrap(
    proto,
    '_attemptOperation',
    (original) =>
      ({
        _attemptOperation(this: object, script: unknown, _keys: unknown, args: unknown) {
          try {
            const record = leases.get(Array.isArray(args) ? dataProperty(args, '0') : undefined);
            const scripts = dataProperty(this, 'scripts') as Scripts | undefined;
            if (
              record?.state === 'acquiring' &&
              scripts !== undefined &&
              script === dataProperty(scripts, 'acquireScript')
            )
              leases.attempt(record);
          } catch (err) {
            reportError('redlock _attemptOperation', err);
          }
          // eslint-disable-next-line prefer-rest-params
          return original.apply(this, arguments as unknown as unknown[]) as unknown;
        },
      })._attemptOperation,
  );
  wrapper.wrap(
    proto,
    'extend',
    (original) =>
      ({
        extend(this: object, existing: unknown, duration: unknown) {
          try {
            const value = dataProperty(existing, 'value');
            const expiration = dataProperty(existing, 'expiration');
            const record = leases.get(value);
            // The library's own checks, in its order: a bad duration throws first.
            if (
              record !== undefined &&
              typeof duration === 'number' &&
              floor(duration) === duration &&
              typeof expiration === 'number' &&
              expiration < dateNow()
            )
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

export function unpatchRedlockV5(proto: object, wrapper: MethodWrapper): void {
  for (const key of ['_execute', '_attemptOperation', 'extend']) wrapper.unwrap(proto, key);
}
