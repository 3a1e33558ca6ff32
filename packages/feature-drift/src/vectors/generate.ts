// Writes the shared PSI test vectors (format documented in ./cases.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderVectors, VECTORS_RELATIVE_PATH } from './cases';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const target = join(repoRoot, VECTORS_RELATIVE_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderVectors());
process.stdout.write(`wrote ${target}\n`);
