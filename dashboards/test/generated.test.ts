// The generated files are what the TypeScript source makes of them (regenerate with
// `npm run generate -w @statewatch/dashboards`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, GRAFANA_ALERTING_DIR, generatedOutputs } from '../src';

const root = join(__dirname, '..');
const outputs = generatedOutputs();

describe('generated files are up to date', () => {
  it.each([...outputs.keys()])('%s', (path) => {
    const file = join(root, path);
    expect(existsSync(file), `${path} is missing: run npm run generate -w @statewatch/dashboards`).toBe(true);
    expect(
      readFileSync(file, 'utf8'),
      `${path} is stale: run npm run generate -w @statewatch/dashboards`,
    ).toBe(outputs.get(path));
  });

  it.each([GENERATED_DIR, GRAFANA_ALERTING_DIR])('%s holds no file the source does not make', (dir) => {
    const extra = readdirSync(join(root, dir)).filter((f) => !outputs.has(`${dir}/${f}`));
    expect(extra, `left over in ${dir}: delete or regenerate`).toEqual([]);
  });
});
