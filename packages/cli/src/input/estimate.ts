// How many records a file holds, estimated from its size and the lines of its first 64 KiB
// (less a CSV header line).
import { open } from 'node:fs/promises';
import { inputError } from './files';

const SAMPLE_BYTES = 64 * 1024;

export async function estimateRecords(path: string, size: number, header: boolean): Promise<number> {
  let handle;
  try {
    handle = await open(path, 'r');
    const sample = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    let lines = 0;
    for (let i = 0; i < bytesRead; i++) if (sample[i] === 0x0a) lines++;
    if (bytesRead === 0) return 0;
    const estimate =
      bytesRead === size ? Math.max(lines, 1) : Math.round((Math.max(lines, 1) * size) / bytesRead);
    return Math.max(0, estimate - (header ? 1 : 0));
  } catch (err) {
    throw inputError(path, undefined, `cannot read: ${(err as Error).message}`);
  } finally {
    await handle?.close();
  }
}
