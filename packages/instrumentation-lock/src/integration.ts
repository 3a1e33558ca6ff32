import { reportError } from '@statewatch/instrumentation-common';

/**
 * A private member a library integration relies on: where it is, and how to tell it is there.
 * Every integration declares all of them, and `checkMembers` checks them all before anything is
 * patched (opentelemetry-js-contrib style: a mismatch means a release we do not know).
 */
export interface Member {
  /** e.g. `Semaphore.prototype._newReleaser`. */
  path: string;
  present(): boolean;
}

/**
 * True when every member is present. Otherwise reports once (through diag), naming the library,
 * its version and the first missing member, and the caller patches nothing.
 */
export function checkMembers(library: string, version: string | undefined, members: Member[]): boolean {
  for (const m of members) {
    let ok: boolean;
    try {
      ok = m.present();
    } catch {
      ok = false;
    }
    if (!ok) {
      reportError(
        `${library} ${version ?? '(unknown version)'}`,
        new Error(`${m.path} is not what the instrumentation relies on; ${library} is left unpatched`),
      );
      return false;
    }
  }
  return true;
}

export const isFunction = (target: object | undefined, key: string) =>
  typeof (target as Record<string, unknown> | undefined)?.[key] === 'function';
