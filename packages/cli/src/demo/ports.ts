import { createServer } from 'node:net';

/** Resolves when `port` on `host` can be listened on right now; rejects with a clear reason otherwise. */
export function ensurePortFree(host: string, port: number, option: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is in use (another demo running?): pick another with --${option} <port>`
            : `cannot listen on ${host}:${port}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
