import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeatureDriftMonitor } from '@statewatch/feature-drift';
import type { CallSites } from './call-sites';
import { Catalog } from './catalog';
import { score, type ScoringFeatures } from './features';
import type { StressLevels } from './options';
import { ReportBuilder } from './report';
import { ReportQueue } from './report-queue';
import { Upstream } from './upstream';

export interface DemoService {
  port: number;
  close(): Promise<void>;
}

/** The routes the load generator calls and the banner suggests. */
export const ROUTES = {
  catalog: '/catalog/:id',
  quote: '/quote?product=:id&quantity=:n',
  report: '/report',
  score: 'POST /score',
} as const;

const MAX_BODY = 16 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The demo's HTTP service; `monitor` watches the scoring endpoint's inputs when statewatch is on. */
export async function startDemoService(
  options: { port: number; host: string; stress: StressLevels },
  sites: CallSites,
  monitor?: FeatureDriftMonitor,
): Promise<DemoService> {
  const catalog = new Catalog(sites, options.stress.clone, options.stress.locks);
  const upstream = new Upstream(sites, options.stress.locks);
  const reports = new ReportQueue(new ReportBuilder(options.stress.gc), sites, options.stress.locks);
  let reportSeed = 0;

  async function route(req: IncomingMessage): Promise<unknown> {
    const url = new URL(req.url ?? '/', 'http://demo');
    const [, first, second] = url.pathname.split('/');
    if (req.method === 'GET' && first === 'catalog' && second) {
      const item = await catalog.read(second);
      if (!item) throw new HttpError(404, `no product ${second} (ids are p0 … p${catalog.size - 1})`);
      return item;
    }
    if (req.method === 'GET' && first === 'quote') {
      const product = url.searchParams.get('product') ?? catalog.productId(0);
      const quantity = Number(url.searchParams.get('quantity') ?? '1');
      if (!(quantity > 0)) throw new HttpError(400, `quantity must be a positive number`);
      return upstream.quote(product, quantity);
    }
    if (req.method === 'GET' && first === 'report') return reports.build(reportSeed++);
    if (req.method === 'POST' && first === 'score') {
      const features = parseFeatures(await readBody(req));
      monitor?.observe(features as unknown as Record<string, unknown>);
      return { score: score(features) };
    }
    if (req.method === 'GET' && first === '') return { routes: Object.values(ROUTES) };
    throw new HttpError(
      404,
      `no route ${req.method} ${url.pathname} (try ${Object.values(ROUTES).join(', ')})`,
    );
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    route(req).then(
      (body) => send(res, 200, body),
      (err: unknown) =>
        send(res, err instanceof HttpError ? err.status : 500, {
          error: (err as Error).message ?? String(err),
        }),
    );
  }

  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY) throw new HttpError(413, `body larger than ${MAX_BODY} bytes`);
  }
  return text;
}

function parseFeatures(text: string): ScoringFeatures {
  let body: Partial<ScoringFeatures>;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(
      400,
      'body must be JSON like {"age":42,"income":50000,"country":"US","device":"mobile"}',
    );
  }
  if (typeof body !== 'object' || body === null) throw new HttpError(400, 'body must be a JSON object');
  for (const key of ['age', 'income'] as const)
    if (typeof body[key] !== 'number') throw new HttpError(400, `${key} must be a number`);
  if (typeof body.country !== 'string') throw new HttpError(400, 'country must be a string');
  if (body.device !== undefined && body.device !== null && typeof body.device !== 'string')
    throw new HttpError(400, 'device must be a string when given');
  return body as ScoringFeatures;
}
