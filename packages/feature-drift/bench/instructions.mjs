// Instructions per observed value under callgrind (repeatable where wall-clock is not):
// each contender runs once with 100k and once with 200k values under
// `valgrind --tool=callgrind node --single-threaded --predictable`; the difference divided by
// 100k cancels start-up, and subtracting the bare loop leaves the cost of recording one value.
//
//   node bench/instructions.mjs            (needs valgrind; takes a few minutes)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const out = mkdtempSync(join(tmpdir(), 'statewatch-callgrind-'));
const contenders = [
  'loop only',
  'statewatch feature(x)',
  'statewatch observeValue',
  'statewatch observe({',
  "prom-client labels('x')",
  'prom-client observe(v), no labels',
  'prom-client observe({ feature',
  'OTel Histogram.record(v), no attributes',
  'OTel Histogram.record(v, {',
];
// `node bench/instructions.mjs 'loop only' 'statewatch feature(x)'` measures only those.
const chosen = process.argv.length > 2 ? process.argv.slice(2) : contenders;
const small = 100_000;
const large = 200_000;

function instructions(only, values) {
  const r = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${join(out, 'cg.out')}`,
      node,
      '--single-threaded',
      '--predictable',
      '--require',
      'tsx/cjs',
      join(here, 'observe.ts'),
      '--only',
      only,
      '--values',
      String(values),
    ],
    { encoding: 'utf8', cwd: join(here, '..') },
  );
  const match = /Collected : (\d+)/.exec(r.stderr);
  if (!match) throw new Error(`callgrind failed for ${only}:\n${r.stderr.slice(-2000)}`);
  return Number(match[1]);
}

const perValue = new Map();
for (const only of chosen) {
  const value = (instructions(only, large) - instructions(only, small)) / (large - small);
  perValue.set(only, value);
  process.stdout.write(`${only.padEnd(42)} ${value.toFixed(1).padStart(8)} instructions/value\n`);
}
const loop = perValue.get('loop only');
const ours = perValue.get('statewatch feature(x)') - loop;
if (loop === undefined || Number.isNaN(ours)) process.exit(0);
process.stdout.write(`\nrecording cost (minus the bare loop), Node ${process.version}:\n`);
for (const [only, value] of perValue) {
  if (only === 'loop only') continue;
  const cost = value - loop;
  process.stdout.write(
    `${only.padEnd(42)} ${cost.toFixed(1).padStart(8)}  ${(cost / ours).toFixed(1)}× statewatch\n`,
  );
}
