// A small Grafana HTTP API client on global fetch: bearer token, JSON bodies, retries with
// exponential backoff on 5xx/429/network errors, and errors that say what to fix. The token is
// only ever put in the Authorization header: it is never part of a message.

export interface GrafanaClientOptions {
  /** Base URL of Grafana, e.g. `https://grafana.example.com` or `http://localhost:3000/grafana`. */
  url: string;
  token: string;
  /** Attempts after the first one for 5xx, 429 and network errors. @default 4 */
  retries?: number;
  /** First backoff delay; each retry doubles it. @default 500 */
  backoffMs?: number;
  /** Waits between retries (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
}

export class GrafanaApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

export interface Response<T> {
  status: number;
  body: T;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const RETRYABLE = (status: number) => status >= 500 || status === 429;

export class GrafanaClient {
  private readonly base: string;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GrafanaClientOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new GrafanaApiError(
        `--url '${options.url}' is not a URL (want e.g. http://localhost:3000)`,
        undefined,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new GrafanaApiError(`--url '${options.url}' must be http or https`, undefined);
    this.base = url.href.replace(/\/+$/, '');
    this.retries = options.retries ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Sends a request; resolves for 2xx and for the statuses in `accept` (e.g. 404 on a lookup),
   * retries 5xx/429/network failures, throws a GrafanaApiError for anything else.
   */
  async request<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    o: { body?: unknown; headers?: Record<string, string>; accept?: number[] } = {},
  ): Promise<Response<T>> {
    const what = `${method} ${path}`;
    for (let attempt = 0; ; attempt++) {
      let status: number;
      let text: string;
      try {
        const r = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            Accept: 'application/json',
            Authorization: `Bearer ${this.options.token}`,
            ...(o.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...o.headers,
          },
          body: o.body === undefined ? undefined : JSON.stringify(o.body),
        });
        status = r.status;
        text = await r.text();
        if ((status < 300 && status >= 200) || o.accept?.includes(status))
          return { status, body: (text ? JSON.parse(text) : undefined) as T };
        if (!RETRYABLE(status) || attempt >= this.retries) throw this.error(what, status, text, attempt);
      } catch (err) {
        if (err instanceof GrafanaApiError) throw err;
        if (attempt >= this.retries)
          throw new GrafanaApiError(
            this.redact(
              `${what} failed after ${attempt + 1} attempts: ${err instanceof Error ? err.message : String(err)}`,
            ),
            undefined,
          );
      }
      await this.sleep(this.backoffMs * 2 ** attempt);
    }
  }

  private error(what: string, status: number, text: string, attempt: number): GrafanaApiError {
    let detail = text.slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { message?: string; status?: string };
      detail = [parsed.message, parsed.status].filter(Boolean).join(': ') || detail;
    } catch {
      // not JSON: keep the raw text
    }
    const hint =
      status === 401
        ? 'Grafana rejected the token: check GRAFANA_TOKEN (a service account token of this Grafana)'
        : status === 403
          ? 'the token is not allowed to do this: the service account needs the Editor role (Admin for alert provisioning)'
          : status === 412
            ? 'precondition failed: a different dashboard with the same name or uid exists, or its version changed'
            : status >= 500 || status === 429
              ? `Grafana kept failing (${attempt + 1} attempts)`
              : 'Grafana refused the request';
    return new GrafanaApiError(
      this.redact(`${what}: ${status} ${hint}${detail ? ` (${detail})` : ''}`),
      status,
    );
  }

  /** Belt and braces: a server that echoes the token back must not get it printed. */
  private redact(message: string): string {
    return this.options.token ? message.split(this.options.token).join('[redacted]') : message;
  }
}
