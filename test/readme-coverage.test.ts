// The README's coverage table lists every library the instrumentations patch, with exactly the
// ranges their definitions claim (scripts/coverage-table.mjs renders it from the built packages).
import { describe, expect, it } from 'vitest';
import { LOCK_LIBRARIES } from '../packages/instrumentation-lock/src/libraries';
import { SUPPORTED_VERSIONS } from '../packages/instrumentation-clone/src/libraries';
import { coverageTable, readmeTable } from '../scripts/coverage-table.mjs';

describe('README coverage table', () => {
  const { table } = readmeTable();

  it('is the table rendered from the instrumentations', () => {
    expect(table, 'run `npm run build && node scripts/coverage-table.mjs`').toBe(coverageTable());
  });

  it('has one row per patched library with its ranges (read from the TypeScript sources)', () => {
    const rows = new Map(
      table
        .split('\n')
        .slice(2)
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map((cells) => [cells[1], cells[2]] as const),
    );
    const expected = new Map<string, readonly string[]>([
      ...LOCK_LIBRARIES.map((l) => [l.library, l.ranges] as const),
      ...Object.entries(SUPPORTED_VERSIONS),
    ]);
    expect([...rows.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [library, ranges] of expected)
      expect(rows.get(library), library).toBe(ranges.map((r) => `\`${r}\``).join(', '));
  });
});
