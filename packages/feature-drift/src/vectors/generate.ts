// Writes the generated files of this package: the shared PSI test vectors (format documented in
// ./cases.ts) and the example scoring baseline.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scoringBaseline } from '../example/scoring';
import { renderVectors, VECTORS_RELATIVE_PATH } from './cases';

const packageRoot = join(__dirname, '..', '..');
const repoRoot = join(packageRoot, '..', '..');

function write(target: string, text: string): void {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}

write(join(repoRoot, VECTORS_RELATIVE_PATH), renderVectors());
write(
  join(packageRoot, 'testdata', 'scoring-baseline.json'),
  `${JSON.stringify(scoringBaseline(), null, 2)}\n`,
);
