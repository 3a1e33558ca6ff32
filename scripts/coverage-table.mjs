// The README's coverage table (between its coverage-table markers): every patched library, its
// supported range and what it is recorded as, from the instrumentations' own definitions (build
// first: it reads dist/). `node scripts/coverage-table.mjs` rewrites the README; a test checks it.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- coverage-table';
const END = '<!-- /coverage-table -->';

export function coverageTable() {
  const { LOCK_LIBRARIES } = require('../packages/instrumentation-lock/dist/libraries.js');
  const { libraryIntegrations } = require('../packages/instrumentation-clone/dist/libraries.js');
  const code = (text) => `\`${text}\``;
  const clones = new Map();
  for (const { library, versions, strategy } of libraryIntegrations({ on: false, metrics: undefined })) {
    const row = clones.get(library) ?? { ranges: [], strategy };
    row.ranges.push(...versions);
    clones.set(library, row);
  }
  return [
    '| library | supported versions (each tested) | recorded as |',
    '|---|---|---|',
    ...LOCK_LIBRARIES.map(
      (l) =>
        `| ${l.library} | ${l.ranges.map(code).join(', ')} | lock.kind ${l.kinds.map(code).join(', ')} |`,
    ),
    ...[...clones].map(
      ([library, row]) =>
        `| ${library} | ${row.ranges.map(code).join(', ')} | clone.strategy ${code(row.strategy)} |`,
    ),
  ].join('\n');
}

/** The README's text between the markers (the table it holds now). */
export function readmeTable(text = readFileSync(README, 'utf8')) {
  const start = text.indexOf('\n', text.indexOf(START)) + 1;
  const end = text.indexOf(END);
  if (start <= 0 || end < start) throw new Error('README.md: coverage-table markers not found');
  return { start, end, table: text.slice(start, end).trimEnd() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(README, 'utf8');
  const { start, end } = readmeTable(text);
  writeFileSync(README, `${text.slice(0, start)}${coverageTable()}\n${text.slice(end)}`);
  console.log('wrote README.md coverage table');
}
