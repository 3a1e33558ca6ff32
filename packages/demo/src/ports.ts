import { createServer } from 'node:net';

/** Listens on `port` (0: any) of `host` and closes again: the port bound, or the error. */
function probe(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** Resolves when `port` on `host` can be listened on right now; rejects with a clear reason otherwise. */
export async function ensurePortFree(host: string, port: number, option: string): Promise<void> {
  if (port === 0) return;
  try {
    await probe(host, port);
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    throw new Error(
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is in use (another demo running?): pick another with --${option} <port>`
        : `cannot listen on ${host}:${port}: ${message}`,
      { cause: err },
    );
  }
}

/** `preferred` when it is free on 127.0.0.1, else any free port. */
export async function freePortOr(preferred: number): Promise<number> {
  return probe('127.0.0.1', preferred).catch(() => probe('127.0.0.1', 0));
}
