import { isWrapper, unwrapped } from './measure';

type Host = Record<string | symbol, unknown>;

/**
 * Replaces `host[name]` with `wrap(host[name])` when it is a function not wrapped yet. `host`
 * may be a module's exports object, a function carrying methods (lodash), `globalThis`, or an
 * import-in-the-middle namespace proxy (whose setter rebinds the live ESM export).
 */
export function patchProperty(host: unknown, name: string, wrap: (original: never) => unknown): void {
  if (!isHost(host)) return;
  const current = host[name];
  if (typeof current !== 'function' || isWrapper(current)) return;
  assign(host, name, wrap(current as never));
}

/** Puts back the original of `host[name]` if it is still one of our wrappers. */
export function unpatchProperty(host: unknown, name: string): void {
  if (!isHost(host)) return;
  const current = host[name];
  if (isWrapper(current)) assign(host, name, unwrapped(current));
}

function isHost(host: unknown): host is Host {
  return (typeof host === 'object' || typeof host === 'function') && host !== null;
}

function assign(host: Host, name: string, value: unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(host, name);
  if (descriptor === undefined || 'value' in descriptor === false || descriptor.configurable === false) {
    // Namespace proxies and accessor exports: plain assignment goes through their setter.
    host[name] = value;
    return;
  }
  Object.defineProperty(host, name, { ...descriptor, value });
}
