// `statewatch baseline build` stays bounded on a categorical column with 2 million distinct
// values (52 MB of CSV): the built binary, its peak RSS from the kernel (getrusage maxrss).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const RECORDS = 2_000_000;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'statewatch-baseline-memory-'));
  const out = createWriteStream(join(dir, 'wide.csv'));
  out.write('id,amount,customer\n');
  for (let i = 0; i < RECORDS; i += 10_000) {
    let chunk = '';
    // A few heavy customers (every 10th record among 5 of them) over 1.8 M distinct ones.
    for (let j = i; j < i + 10_000; j++)
      chunk += `${j},${(j % 997) + 0.25},${j % 10 === 0 ? `vip-${(j / 10) % 5}` : `customer-${j}`}\n`;
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  writeFileSync(
    join(dir, 'maxrss.cjs'),
    "process.on('exit', () => process.stderr.write(`maxrss ${process.resourceUsage().maxRSS}\\n`));\n",
  );
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('statewatch baseline build, 2 M distinct categories', () => {
  it('stays under 200 MB RSS and keeps the heavy categories with counts within the stated bound', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--require',
        join(dir, 'maxrss.cjs'),
        join(ROOT, 'packages/cli/dist/bin.js'),
        'baseline',
        'build',
        '--input',
        join(dir, 'wide.csv'),
        '--numeric',
        'amount',
        '--categorical',
        'customer',
        '--top',
        '5',
        '--out',
        join(dir, 'baseline.json'),
      ],
      { encoding: 'utf8', timeout: 300_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const maxRssKiB = Number(/maxrss (\d+)/.exec(r.stderr)![1]);
    console.log(
      `baseline build, ${RECORDS} records, 2 M distinct categories: peak RSS ${(maxRssKiB / 1024).toFixed(0)} MiB`,
    );
    expect(maxRssKiB * 1024).toBeLessThan(200 * 1024 * 1024);
    // Said before the read: the memory the exact numeric quantiles need.
    expect(r.stderr).toMatch(
      /numeric quantiles are exact: every value is kept, 8 bytes each: about [\d,]+ records × 1 numeric features ≈ \d+\.\d MB/,
    );
    const sketch =
      /feature 'customer' has more than 10,000 distinct values: .* each at most ([\d,]+) below the true count/.exec(
        r.stderr,
      );
    expect(sketch, r.stderr).not.toBeNull();
    const maxError = Number(sketch![1].replace(/,/g, ''));
    expect(maxError).toBeLessThanOrEqual(RECORDS / 10_000);
    const baseline = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    const customer = baseline.features.customer;
    expect([...customer.categories].sort()).toEqual(['vip-0', 'vip-1', 'vip-2', 'vip-3', 'vip-4']);
    // Each vip-k appears RECORDS / 50 times exactly.
    for (const count of customer.counts.slice(0, 5)) {
      expect(count).toBeLessThanOrEqual(RECORDS / 50);
      expect(RECORDS / 50 - count).toBeLessThanOrEqual(maxError);
    }
    expect(customer.counts.reduce((a: number, n: number) => a + n, 0)).toBe(RECORDS);
  });

  it('drift check streams the same file against that baseline in bounded memory', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--require',
        join(dir, 'maxrss.cjs'),
        join(ROOT, 'packages/cli/dist/bin.js'),
        'drift',
        'check',
        '--baseline',
        join(dir, 'baseline.json'),
        '--input',
        join(dir, 'wide.csv'),
      ],
      { encoding: 'utf8', timeout: 300_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/against .*wide\.csv \(2000000 records\)/);
    const maxRssKiB = Number(/maxrss (\d+)/.exec(r.stderr)![1]);
    console.log(`drift check, ${RECORDS} records: peak RSS ${(maxRssKiB / 1024).toFixed(0)} MiB`);
    expect(maxRssKiB * 1024).toBeLessThan(200 * 1024 * 1024);
  });
});
