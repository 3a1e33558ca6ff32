import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { runApp } from './run-app';

interface OtlpMetricsRequest {
  resourceMetrics: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeMetrics: Array<{ metrics: Array<{ name: string }> }>;
  }>;
}

/** A test OTLP/HTTP receiver: records every JSON body posted to /v1/metrics. */
async function startReceiver(): Promise<{ server: Server; port: number; bodies: OtlpMetricsRequest[] }> {
  const port = await freePort();
  const bodies: OtlpMetricsRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/metrics') bodies.push(JSON.parse(raw));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { server, port, bodies };
}

describe('OTEL_METRICS_EXPORTER=otlp', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('sends metrics as OTLP to OTEL_EXPORTER_OTLP_ENDPOINT, with OTEL_SERVICE_NAME', async () => {
    const receiver = await startReceiver();
    server = receiver.server;
    const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      OTEL_METRIC_EXPORT_INTERVAL: '200',
      OTEL_SERVICE_NAME: 'checkout',
      APP_RUN_MS: '1200',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(receiver.bodies.length).toBeGreaterThan(0);
    const last = receiver.bodies.at(-1)!.resourceMetrics[0];
    const serviceName = last.resource.attributes.find((a) => a.key === 'service.name');
    expect(serviceName?.value.stringValue).toBe('checkout');
    const names = last.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.name));
    expect(names).toContain('fixture.requests');
  });

  it('keeps the app running and says why when the endpoint is unreachable', async () => {
    const closedPort = await freePort();
    const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}`,
      OTEL_METRIC_EXPORT_INTERVAL: '200',
      APP_RUN_MS: '1500',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app finished its work');
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('statewatch:'));
    expect(lines).toHaveLength(1); // reported once, not once per interval
    expect(lines[0]).toContain(`OTLP export to http://127.0.0.1:${closedPort}/v1/metrics failed`);
    expect(lines[0]).toMatch(/ECONNREFUSED|connect/i);
  });
});
