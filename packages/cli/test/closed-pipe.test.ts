// `statewatch top --summary | head -1`: the reader closes the pipe after one line. The binary must
// stop as a shell-killed process would (exit 141), with no stack trace, and clean up.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(__dirname, '../dist/bin.js');
const server = createServer((_, res) => res.end('# TYPE up gauge\nup 1\n'));

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});
afterAll(() => server.close());

describe('statewatch with a reader that stops early', () => {
  it('exits 141 quietly when stdout closes', async () => {
    const { port } = server.address() as AddressInfo;
    const child = spawn(process.execPath, [
      bin,
      'top',
      '--summary',
      '--interval',
      '0.2',
      `http://127.0.0.1:${port}/metrics`,
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [firstLine] = (await once(child.stdout, 'data')) as [Buffer];
    expect(firstLine.toString().length).toBeGreaterThan(0);
    child.stdout.destroy(); // what `head -1` does after its line
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect({ code, signal, stderr }).toEqual({ code: 141, signal: null, stderr: '' });
  }, 30_000);
});
