// The CLI README shows each command's options and exit codes as the command prints them
// (--help is generated from the same spec the options are parsed with).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { block, commandSpecs, README } from '../src/scripts/readme';

describe('CLI README', () => {
  it("has every command's --help, up to date (npm run generate -w @statewatch/cli)", () => {
    const text = readFileSync(README, 'utf8');
    const specs = commandSpecs();
    expect(specs.map((s) => s.name).sort()).toEqual([
      'baseline build',
      'demo',
      'drift check',
      'grafana import',
      'top',
    ]);
    for (const spec of specs) expect(text).toContain(block(spec));
  });
});
