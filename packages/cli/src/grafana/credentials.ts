// What `statewatch grafana import` accepts as --url and GRAFANA_TOKEN. The token goes only into
// the Authorization header: no message ever contains it, whole or in part.
import { UsageError } from '../cli/exit-codes';

/** Grafana's base URL (http or https, with its sub-path if any), without a trailing slash. */
export function grafanaBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url is not a URL (want e.g. http://localhost:3000)`);
  }
  if (url.username || url.password)
    // The URL is not repeated: it holds a password.
    throw new UsageError(
      '--url must not carry a user name or password (user:password@host): put a service account token in GRAFANA_TOKEN',
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--url ${url.origin} must be http or https (got ${url.protocol.replace(/:$/, '')})`);
  if (url.search || url.hash)
    throw new UsageError(`--url ${url.origin}${url.pathname} must not have a ?query or #fragment`);
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/**
 * GRAFANA_TOKEN trimmed of surrounding white space (a copied token often ends in a newline).
 * A line break or other control character inside it is refused: it cannot be sent in a header.
 */
export function grafanaToken(raw: string | undefined): string {
  const token = (raw ?? '').trim();
  if (!token)
    throw new UsageError(
      'GRAFANA_TOKEN is not set: export a Grafana service account token (or use --dry-run)',
    );
  if (/[\r\n]/.test(token))
    throw new UsageError('GRAFANA_TOKEN has a line break (CR or LF) inside it: set it to the token alone');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(token) || /[^\x20-\x7e]/.test(token))
    throw new UsageError('GRAFANA_TOKEN has a control or non-ASCII character: set it to the token alone');
  return token;
}

/** Removes every form of the token a server could echo back (raw, URL- and base64-encoded). */
export function redactor(token: string): (text: string) => string {
  if (!token) return (text) => text;
  const forms = [token, encodeURIComponent(token), Buffer.from(token).toString('base64')];
  return (text) => forms.reduce((t, form) => t.split(form).join('[redacted]'), text);
}

/** A URL as it may be printed: no user name or password. */
export function printableUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return '(not a URL)';
  }
}
