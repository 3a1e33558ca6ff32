// Optional authentication of the OTLP receiver, with the real binary and the shipped overlays:
// collector/auth-bearer-token.yaml (the Collector's bearertokenauth extension) refuses requests
// without the token from the token file, and collector/auth-tls.yaml serves OTLP/HTTP over TLS
// only (certificate made with openssl for this test).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCollector,
  gaugeExport,
  startCollector,
  type RunningCollector,
} from './utils/collector-process';

const HAS_OPENSSL = spawnSync('sh', ['-c', 'command -v openssl']).status === 0;
const TOKEN = 'statewatch-test-token-3f9a';

async function post(collector: RunningCollector, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`http://${collector.otlpHttp}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: gaugeExport('auth.test', 1, Date.now()),
  });
  return response.status;
}

describe('statewatch collector: optional OTLP authentication', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statewatch-auth-'));
  const running: RunningCollector[] = [];

  beforeAll(() => buildCollector(), 1_200_000);

  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('without an overlay, accepts OTLP without credentials (loopback only)', async () => {
    const open = await startCollector(['config.yaml']);
    running.push(open);
    expect(await post(open)).toBe(200);
  });

  it('with auth-bearer-token.yaml, refuses a missing or wrong token and accepts the right one', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const guarded = await startCollector(['config.yaml', 'auth-bearer-token.yaml'], {
      STATEWATCH_OTLP_TOKEN_FILE: tokenFile,
    });
    running.push(guarded);
    expect(await post(guarded)).toBe(401);
    expect(await post(guarded, { authorization: 'Bearer not-the-token' })).toBe(401);
    expect(await post(guarded, { authorization: `Bearer ${TOKEN}` })).toBe(200);
    expect(guarded.log()).not.toContain(TOKEN);
  });

  it.skipIf(!HAS_OPENSSL)(
    'with auth-tls.yaml, serves OTLP/HTTP over TLS and refuses plain HTTP',
    async () => {
      const cert = join(dir, 'cert.pem');
      const key = join(dir, 'key.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const tls = await startCollector(['config.yaml', 'auth-tls.yaml'], {
        STATEWATCH_TLS_CERT_FILE: cert,
        STATEWATCH_TLS_KEY_FILE: key,
      });
      running.push(tls);
      const [host, port] = tls.otlpHttp.split(':');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host,
            port,
            path: '/v1/metrics',
            method: 'POST',
            ca: readFileSync(cert),
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(gaugeExport('auth.test', 1, Date.now()));
      });
      expect(status).toBe(200);
      // Plain HTTP to the TLS port gets no OTLP answer (Go's TLS server replies 400 to it).
      expect(await post(tls)).toBe(400);
    },
  );
});
