// The Grafana HTTP API client of `statewatch grafana import`, on global fetch. Every request
// has a timeout; network errors, 429 and 5xx are retried (after Retry-After when Grafana sends
// one), nothing else is; redirects are refused, naming their Location; every error names the
// method, the URL (never with credentials) and the cause.
import { printableUrl, redactor } from './credentials';

export interface GrafanaClientOptions {
  /** From grafanaBaseUrl(): no credentials in it. */
  baseUrl: URL;
  token: string;
  /** Per attempt, headers and body included. @default 30000 */
  timeoutMs?: number;
  /** Attempts after the first, for network errors, 429 and 5xx. @default 4 */
  retries?: number;
  /** First backoff delay; doubled at each retry. @default 500 */
  backoffMs?: number;
  /** Longest Retry-After honoured. @default 60000 */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class GrafanaError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface GrafanaResponse<T> {
  status: number;
  body: T;
}

type Method = 'GET' | 'POST' | 'PUT';
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const retryable = (status: number) => status === 429 || status >= 500;

export class GrafanaClient {
  private readonly base: string;
  private readonly redact: (text: string) => string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GrafanaClientOptions) {
    this.base = options.baseUrl.href.replace(/\/+$/, '');
    this.redact = redactor(options.token);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Resolves for 2xx and for the statuses in `accept` (e.g. 404 on a lookup); throws GrafanaError otherwise. */
  async request<T>(
    method: Method,
    path: string,
    o: { body?: unknown; headers?: Record<string, string>; accept?: number[] } = {},
  ): Promise<GrafanaResponse<T>> {
    const url = `${this.base}${path}`;
    const what = `${method} ${printableUrl(url)}`;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retries;
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
          headers: {
            Accept: 'application/json',
            Authorization: `Bearer ${this.options.token}`,
            ...(o.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...o.headers,
          },
          body: o.body === undefined ? undefined : JSON.stringify(o.body),
        });
        text = await response.text();
      } catch (err) {
        const cause = this.networkCause(err);
        if (last) throw this.fail(`${what}: ${cause} (${attempt + 1} attempts)`);
        await this.sleep(this.backoffMs * 2 ** attempt);
        continue;
      }
      const { status } = response;
      if (status >= 300 && status < 400) {
        const location = response.headers.get('location');
        throw this.fail(
          `${what}: ${status} redirect to ${location ? printableUrl(new URL(location, url).href) : '(no Location)'}, not followed: give --url as Grafana's own address`,
          status,
        );
      }
      if ((status >= 200 && status < 300) || o.accept?.includes(status))
        return { status, body: this.json<T>(what, status, response, text) };
      if (!retryable(status) || last) throw this.httpError(what, status, text, attempt + 1);
      await this.sleep(this.retryDelay(response, attempt));
    }
  }

  private json<T>(what: string, status: number, response: Response, text: string): T {
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw this.fail(
        `${what}: ${status} with a body that is not JSON (${type}: ${JSON.stringify(text.slice(0, 60))}): is --url the address of Grafana?`,
        status,
      );
    }
  }

  /** Retry-After (seconds or an HTTP date), capped; else exponential backoff. */
  private retryDelay(response: Response, attempt: number): number {
    const header = response.headers.get('retry-after');
    if (header !== null) {
      const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
      if (Number.isFinite(seconds)) return Math.min(this.maxRetryAfterMs, Math.max(0, seconds * 1000));
    }
    return this.backoffMs * 2 ** attempt;
  }

  private networkCause(err: unknown): string {
    const e = err as { name?: string; message?: string; cause?: unknown };
    if (e.name === 'TimeoutError') return `no answer within ${this.timeoutMs / 1000} s`;
    const causes = [e.cause, ...((e.cause as { errors?: unknown[] })?.errors ?? [])];
    for (const c of causes) {
      const { code, address, port, message } = (c ?? {}) as Record<string, unknown>;
      if (code)
        return `${String(code)}${address ? ` ${String(address)}${port ? `:${String(port)}` : ''}` : ''}`;
      if (message) return String(message);
    }
    return e.message ?? String(err);
  }

  private httpError(what: string, status: number, text: string, attempts: number): GrafanaError {
    let detail = text.slice(0, 300).trim();
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
          ? 'the token is not allowed to do this'
          : status === 412
            ? 'precondition failed: a dashboard of the same name exists in the folder, or it changed meanwhile'
            : retryable(status)
              ? `Grafana kept failing (${attempts} attempts)`
              : 'Grafana refused the request';
    return this.fail(`${what}: ${status} ${hint}${detail ? ` (${detail})` : ''}`, status);
  }

  private fail(message: string, status?: number): GrafanaError {
    return new GrafanaError(this.redact(message), status);
  }
}
