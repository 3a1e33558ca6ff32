import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../src/generate/outputs';

const repoRoot = resolve(__dirname, '../../..');

describe('generated files are current', () => {
  it.each(generatedFiles().map((f) => [f.path, f] as const))('%s', (_path, file) => {
    const onDisk = readFileSync(resolve(repoRoot, file.path), 'utf8');
    expect(onDisk, `${file.path} is stale: run npm run generate`).toBe(file.content);
  });
});
