import { isIP } from 'node:net';

/**
 * Readers of single environment values, as the OpenTelemetry configuration spec defines them
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/). Each
 * throws a ConfigError naming the variable and the value it rejects.
 */

/** One problem with the configuration, naming the variable (or option) and the value. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
    reason: string,
  ) {
    super(`${variable}=${JSON.stringify(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** The value, or `undefined` when unset or empty (the spec treats both alike). */
function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A boolean: `true` in any case is true; unset, empty or `false` (any case) is false. Any other
 * value is false too, and is added to `problems` (the spec asks for a warning, not an error).
 */
export function readBoolean(env: Env, name: string, problems: string[]): boolean {
  const value = raw(env, name);
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower !== 'false')
    problems.push(`${name}=${JSON.stringify(env[name])} is not true or false; read as false`);
  return false;
}

/** A whole number in decimal digits only: `0x6396`, `25e3`, `1.0` and `12ms` are rejected. */
export function readInteger(env: Env, name: string, min: number, max: number): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, env[name]!, `expected a whole number from ${min} to ${max}`);
  }
  return parsed;
}

/** A comma-separated list, lower-cased; an empty list is unset (`undefined`). */
export function readList(env: Env, name: string): string[] | undefined {
  const items = (env[name] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return items.length === 0 ? undefined : items;
}

/** An absolute http(s) URL; `name` is the variable or option it came from. */
export function checkHttpUrl(name: string, value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    // reported below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new ConfigError(name, value, 'expected an absolute http:// or https:// URL');
  }
  return url;
}

// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens.
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** An interface to listen on: an IPv4 or IPv6 address or a host name. */
export function checkHost(name: string, value: string): string {
  const host = value.trim();
  if (isIP(host) !== 0 || HOST_NAME.test(host)) return host;
  throw new ConfigError(name, value, 'expected an IP address or a host name');
}
