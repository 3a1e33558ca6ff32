// The embedded `/metrics` endpoint: a pull MetricReader with its own HTTP server, serving the
// spec's Prometheus names (prometheus-serializer.ts). Only public SDK API (MetricReader.collect).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MetricReader, type MetricReaderOptions } from '@opentelemetry/sdk-metrics';
import { PROMETHEUS_CONTENT_TYPE, SpecPrometheusSerializer } from './prometheus-serializer';

export interface PrometheusReaderOptions extends MetricReaderOptions {
  host: string;
  port: number;
  /** Path of the endpoint, e.g. `/metrics`. */
  endpoint: string;
}

export class StatewatchPrometheusReader extends MetricReader {
  private readonly serializer = new SpecPrometheusSerializer();
  private readonly server: Server;

  constructor(private readonly options: PrometheusReaderOptions) {
    const { host: _host, port: _port, endpoint: _endpoint, ...readerOptions } = options;
    super(readerOptions);
    this.server = createServer((req, res) => void this.handle(req, res));
    // The endpoint must not keep a finished app alive.
    this.server.unref();
  }

  /** Starts listening; resolves once listening, rejects with the listen error (e.g. EADDRINUSE). */
  listen(): Promise<{ port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        resolve({ port: typeof address === 'object' && address ? address.port : this.options.port });
      });
    });
  }

  /** The exposition text of one collection (what a scrape gets). */
  async scrape(): Promise<string> {
    const { resourceMetrics, errors } = await this.collect();
    const text = this.serializer.serialize(resourceMetrics);
    return errors.length ? `${text}# ${errors.length} collection error(s): ${String(errors[0])}\n` : text;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== this.options.endpoint || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.statusCode = 404;
      res.end();
      return;
    }
    try {
      const body = await this.scrape();
      res.statusCode = 200;
      res.setHeader('content-type', PROMETHEUS_CONTENT_TYPE);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.statusCode = 500;
      res.end(`# failed to collect metrics: ${String(err)}\n`);
    }
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected override onShutdown(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
