import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supportedVersionsTable } from '../src/libraries';

describe('the README', () => {
  it('lists every library, its tested range, strategy and what is measured, as the integrations say', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const table = readme.slice(
      readme.indexOf('\n', readme.indexOf('<!-- versions-table')) + 1,
      readme.indexOf('<!-- /versions-table -->'),
    );
    expect(table.trim(), 'run `npm run docs:versions -w @statewatch/instrumentation-clone`').toBe(
      supportedVersionsTable(),
    );
  });
});
