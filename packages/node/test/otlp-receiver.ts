import { createServer, type IncomingMessage, type Server } from 'node:http';
import { freePort } from '../../../test/utils/ports';

/** The parts of an OTLP/HTTP JSON request the tests read. */
export interface OtlpRequest {
  resourceMetrics?: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeMetrics: Array<{ scope?: { name: string }; metrics: Array<{ name: string }> }>;
  }>;
  resourceSpans?: Array<{ scopeSpans: Array<{ scope?: { name: string }; spans: Array<{ name: string }> }> }>;
}

export interface OtlpReceiver {
  server: Server;
  port: number;
  /** Bodies posted to /v1/metrics and /v1/traces, in arrival order. */
  metrics: OtlpRequest[];
  traces: OtlpRequest[];
  close(): Promise<void>;
}

/** A real OTLP/HTTP receiver on loopback for JSON bodies (OTEL_EXPORTER_OTLP_PROTOCOL=http/json). */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const port = await freePort();
  const metrics: OtlpRequest[] = [];
  const traces: OtlpRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/metrics') metrics.push(JSON.parse(raw));
      if (req.method === 'POST' && req.url === '/v1/traces') traces.push(JSON.parse(raw));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    server,
    port,
    metrics,
    traces,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Names of every span in the received requests. */
export function spanNames(requests: OtlpRequest[]): string[] {
  return requests.flatMap((r) =>
    (r.resourceSpans ?? []).flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans.map((x) => x.name))),
  );
}
