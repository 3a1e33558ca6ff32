// Writes the shared PSI test vectors (format documented in ./cases.ts). The example scoring
// baseline in testdata/ is written by `npm run generate -w @statewatch/demo`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderVectors, VECTORS_RELATIVE_PATH } from './cases';

const packageRoot = join(__dirname, '..', '..');
const repoRoot = join(packageRoot, '..', '..');

function write(target: string, text: string): void {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}

write(join(repoRoot, VECTORS_RELATIVE_PATH), renderVectors());
