// The Grafana client's failure handling: timeouts, Retry-After, what is retried and what is not,
// redirects, network errors, and credentials in --url and GRAFANA_TOKEN.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGrafana, GRAFANA, TOKEN } from './grafana/fake-grafana';
import { cli } from './grafana/run';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.disableNetConnect();
});

const grafana = () => nock(GRAFANA, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

describe('grafana client: retries', () => {
  it('429 with Retry-After: waits what Grafana asks, then succeeds', async () => {
    grafana().get('/api/frontend/settings').reply(429, { message: 'slow down' }, { 'Retry-After': '3' });
    new FakeGrafana(11); // answers everything after the 429
    const r = await cli(['import', '--url', GRAFANA, '--dry-run']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.sleeps).toEqual([3000]);
  });

  it('5xx: exponential backoff, then gives up naming method, URL, status and attempts', async () => {
    grafana().get('/api/frontend/settings').times(5).reply(503, 'Service Unavailable');
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.sleeps).toEqual([100, 200, 400, 800]);
    expect(r.err).toContain(
      `GET ${GRAFANA}/api/frontend/settings: 503 Grafana kept failing (5 attempts) (Service Unavailable)`,
    );
    expect(r.err).toContain('nothing was written');
  });

  it('a 200 with an HTML body is not retried: says it is not JSON', async () => {
    grafana()
      .get('/api/frontend/settings')
      .reply(200, '<!DOCTYPE html><html><body>Sign in</body></html>', { 'Content-Type': 'text/html' });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.sleeps).toEqual([]);
    expect(r.err).toContain(
      `GET ${GRAFANA}/api/frontend/settings: 200 with a body that is not JSON (text/html`,
    );
  });

  it.each([400, 401, 403, 404, 409, 412])('%i is deterministic: one attempt, no retry', async (status) => {
    grafana().get('/api/frontend/settings').reply(status, { message: 'no' });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.sleeps).toEqual([]);
    expect(r.err).toContain(`GET ${GRAFANA}/api/frontend/settings: ${status}`);
  });

  it('a request that gets no answer in time: timeout, retried, then named', async () => {
    // A real server that accepts the request and never answers.
    nock.enableNetConnect('127.0.0.1');
    const server: Server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await cli(['import', '--url', url, '--timeout', '0.2']);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`GET ${url}/api/frontend/settings: no answer within 0.2 s (5 attempts)`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('grafana client: a write retried after its answer was lost', () => {
  it('the folder POST answered 503, then 409 (it was created): the import goes on', async () => {
    const folders = new Map<string, Record<string, unknown>>();
    // Registered first, so they answer the two POSTs: Grafana created the folder but its answer
    // was a 503; the retry gets 409.
    grafana()
      .post('/api/folders')
      .reply(() => {
        folders.set('statewatch', { id: 9, uid: 'statewatch', title: 'statewatch' });
        return [503, 'Service Unavailable'];
      })
      .post('/api/folders')
      .reply(409, { message: 'a folder with the same uid already exists' });
    const g = new FakeGrafana(10);
    g.folders = folders;
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.sleeps).toEqual([100]);
    expect(g.rules.size).toBeGreaterThan(0);
  });
});

describe('grafana client: redirects and network errors', () => {
  it('a redirect to another host is refused, naming its Location (without credentials)', async () => {
    grafana()
      .get('/api/frontend/settings')
      .reply(302, '', { Location: 'https://user:pw@login.example.com/sso?next=/api' });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.sleeps).toEqual([]);
    expect(r.err).toContain(
      `GET ${GRAFANA}/api/frontend/settings: 302 redirect to https://login.example.com/sso?next=/api, not followed`,
    );
    expect(r.err).not.toContain('pw@');
  });

  it('a closed port: the error names the method, the URL and the refused address', async () => {
    nock.enableNetConnect('127.0.0.1');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const r = await cli(['import', '--url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `GET http://127.0.0.1:${port}/api/frontend/settings: ECONNREFUSED 127.0.0.1:${port} (5 attempts)`,
    );
  });
});

describe('grafana client: credentials', () => {
  it('a user name or password in --url is refused, and the password is not printed', async () => {
    const r = await cli(['import', '--url', 'https://admin:hunter2@grafana.example.com']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--url must not carry a user name or password');
    expect(r.err).not.toContain('hunter2');
  });

  it('the token is trimmed: a trailing CR/LF or spaces still authenticate', async () => {
    const g = new FakeGrafana(10);
    const r = await cli(['import', '--url', GRAFANA, '--dry-run'], { GRAFANA_TOKEN: `  ${TOKEN}\r\n` });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(g.requests.length).toBeGreaterThan(3);
  });

  it('a line break inside the token is refused without printing the token', async () => {
    const r = await cli(['import', '--url', GRAFANA], {
      GRAFANA_TOKEN: `${TOKEN.slice(0, 20)}\n${TOKEN.slice(20)}`,
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain('GRAFANA_TOKEN has a line break (CR or LF) inside it');
    expect(r.err).not.toContain(TOKEN.slice(20));
  });

  it('a token Grafana echoes back is redacted, raw or base64', async () => {
    grafana()
      .get('/api/frontend/settings')
      .reply(400, { message: `bad token ${TOKEN} (${Buffer.from(TOKEN).toString('base64')})` });
    const r = await cli(['import', '--url', GRAFANA]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad token [redacted] ([redacted])');
  });

  it('GRAFANA_TOKEN and --url are needed for an import', async () => {
    expect((await cli(['import', '--url', GRAFANA], {})).err).toContain('GRAFANA_TOKEN is not set');
    const noUrl = await cli(['import']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.err).toContain('--url is required');
    expect((await cli(['import', '--url', 'ftp://x'])).err).toContain('must be http or https');
    expect((await cli(['import', '--url', GRAFANA, '--datasource', 'a"b'])).code).toBe(2);
    expect((await cli(['import', '--bogus'])).err).toContain('unknown option --bogus');
  });
});
