import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress } from '../src/drift/progress';

/** A real writable stream that keeps what was written, as a terminal or as a pipe. */
function sink(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  stream.isTTY = tty;
  return { stream, text: () => chunks.join('') };
}

describe('Progress', () => {
  it('redraws a bar with the share of bytes read and the record count on a terminal', async () => {
    const { stream, text } = sink(true);
    const progress = new Progress('reading big.csv', 1000, stream, 0);
    progress.update(500, 12_345);
    progress.done(1000, 24_000);
    await new Promise((resolve) => setImmediate(resolve));
    const frames = text().split('\r').filter(Boolean);
    expect(frames[0]).toBe(`reading big.csv ${'█'.repeat(15)}${'░'.repeat(15)}  50%  12,345 records`);
    expect(frames[1]).toBe(`reading big.csv ${'█'.repeat(30)} 100%  24,000 records\n`);
  });

  it('writes plain count lines, not a redrawn bar, when the output is a pipe or a log', async () => {
    const { stream, text } = sink(false);
    const progress = new Progress('reading big.csv', 1000, stream, 0);
    progress.update(500, 10); // within 2 s of the start: no line yet
    progress.done(1000, 20);
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('reading big.csv: 20 records\n');
  });
});
