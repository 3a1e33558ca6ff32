import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockLibrariesDoc } from '../src/libraries';

describe('docs/lock-libraries.md', () => {
  it('is the table generated from the integrations', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/lock-libraries.md'), 'utf8');
    expect(doc, 'run `npm run docs:versions -w @statewatch/instrumentation-lock`').toBe(lockLibrariesDoc());
  });
});
