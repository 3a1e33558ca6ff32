import { Agent, request } from 'node:http';
import { scoringRequests } from './features';

export interface LoadOptions {
  /** `http://127.0.0.1:<port>` of the demo service. */
  baseUrl: string;
  /** Requests per second, spread over the routes. */
  rps: number;
  /** Seconds after start when scoring inputs begin to drift; undefined: never. */
  driftAfterSeconds?: number;
  /** Called once, when the drift starts. */
  onDrift?: () => void;
}

type Route = (n: number, drifted: boolean) => { method: string; path: string; body?: string };

/** The routes, each with its share of the requests. */
function routeMix(): Array<[number, Route]> {
  const scoring = scoringRequests();
  return [
    [0.4, (n) => ({ method: 'GET', path: `/catalog/p${(n * 7919) % 100}` })],
    [0.2, (n) => ({ method: 'GET', path: `/quote?product=p${n % 100}&quantity=${1 + (n % 5)}` })],
    [0.15, () => ({ method: 'GET', path: '/report' })],
    [0.25, (_n, drifted) => ({ method: 'POST', path: '/score', body: JSON.stringify(scoring(drifted)) })],
  ];
}

const MAX_IN_FLIGHT = 64;

/** Open-loop load: requests start on schedule whether or not earlier ones finished (up to a cap). */
export class LoadGenerator {
  sent = 0;
  failed = 0;
  drifted = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  private readonly target: URL;
  private readonly mix = routeMix();
  private idle: (() => void) | undefined;

  constructor(private readonly options: LoadOptions) {
    this.target = new URL(options.baseUrl);
  }

  start(): void {
    const started = Date.now();
    const tickMs = 10;
    let due = 0;
    this.timer = setInterval(() => {
      const { driftAfterSeconds } = this.options;
      if (
        !this.drifted &&
        driftAfterSeconds !== undefined &&
        Date.now() - started >= driftAfterSeconds * 1000
      ) {
        this.drifted = true;
        this.options.onDrift?.();
      }
      due += (this.options.rps * tickMs) / 1000;
      while (due >= 1) {
        due--;
        if (this.inFlight < MAX_IN_FLIGHT) this.fire();
      }
    }, tickMs);
  }

  /** Stops starting requests and waits (at most 2 s) for those in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        setTimeout(resolve, 2000).unref();
      });
    }
    this.agent.destroy();
  }

  private fire(): void {
    const n = this.sent++;
    let pick = Math.random(); // random, not round-robin: evenly spaced calls would never queue
    let make = this.mix[0][1];
    for (const [share, route] of this.mix) {
      make = route;
      if ((pick -= share) < 0) break;
    }
    const { method, path, body } = make(n, this.drifted);
    this.inFlight++;
    const req = request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method,
        path,
        agent: this.agent,
        headers: body
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
          : {},
      },
      (res) => {
        if ((res.statusCode ?? 500) >= 400) this.failed++;
        res.resume();
        res.on('end', () => this.done());
      },
    );
    req.on('error', () => {
      this.failed++;
      this.done();
    });
    req.end(body);
  }

  private done(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.idle?.();
  }
}
